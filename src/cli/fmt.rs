use std::path::PathBuf;
use std::process::ExitCode;

use crate::assessment::{LoadError, canonical_text};
use crate::catalog::Catalog;

/// `gapwalk fmt FILE… [--check]`: rewrites files in canonical layout, or
/// with `--check` only says which are not (exit 1).
pub fn run(files: &[PathBuf], check: bool) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    let mut not_canonical = false;
    for path in files {
        let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
            path: path.clone(),
            source,
        })?;
        let Ok(text) = String::from_utf8(bytes) else {
            anyhow::bail!(
                "{}: invalid UTF-8: an assessment file must be UTF-8 text",
                path.display()
            );
        };
        let canonical = canonical_text(&text, catalog).map_err(|problems| LoadError::Invalid {
            path: path.clone(),
            problems,
        })?;
        if canonical == text {
            if !check {
                println!("{}: already in canonical layout", path.display());
            }
            continue;
        }
        not_canonical = true;
        if check {
            let line = text
                .lines()
                .zip(canonical.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| text.lines().count().min(canonical.lines().count()))
                + 1;
            println!(
                "{}:{line}: not in canonical layout (`gapwalk fmt {}` rewrites it)",
                path.display(),
                path.display()
            );
        } else {
            crate::assessment::write_atomically(path, canonical.as_bytes()).map_err(|source| {
                LoadError::Io {
                    path: path.clone(),
                    source,
                }
            })?;
            println!("{}: formatted", path.display());
        }
    }
    Ok(if check && not_canonical {
        ExitCode::from(super::EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}
