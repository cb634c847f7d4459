use std::path::PathBuf;
use std::process::ExitCode;

use super::say;
use crate::assessment::{LoadError, canonical_text, decode_text, rewrite_locked};
use crate::catalog::Catalog;

/// `gapwalk fmt FILE… [--check]`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Change nothing; exit 1 if a file is not in canonical layout.
    #[arg(long)]
    check: bool,
}

impl Args {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        run(&self.files, self.check)
    }
}

/// `gapwalk fmt FILE… [--check]`: rewrites files in canonical layout, or
/// with `--check` only says which are not (exit 1). A rewrite holds the
/// file's lock (so it never replaces a workshop's save unseen) and keeps
/// its line ending and byte order mark; a read-only file is refused.
fn run(files: &[PathBuf], check: bool) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    let mut not_canonical = false;
    for path in files {
        if !check {
            let written = rewrite_locked(path, |text| canonical_text(text, catalog).map(Some))?;
            say(if written {
                format!("{}: formatted", path.display())
            } else {
                format!("{}: already in canonical layout", path.display())
            })?;
            continue;
        }
        let bytes = std::fs::read(path).map_err(|error| LoadError::Io {
            path: path.clone(),
            error,
        })?;
        let text = decode_text(path, bytes)?;
        let canonical = canonical_text(&text, catalog).map_err(|problems| LoadError::Invalid {
            path: path.clone(),
            problems,
        })?;
        if canonical == text {
            continue;
        }
        not_canonical = true;
        let line = text
            .lines()
            .zip(canonical.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| text.lines().count().min(canonical.lines().count()))
            + 1;
        say(format!(
            "{}:{line}: not in canonical layout (`gapwalk fmt {}` rewrites it)",
            path.display(),
            path.display()
        ))?;
    }
    Ok(if check && not_canonical {
        ExitCode::from(super::EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}
