use std::path::PathBuf;
use std::process::ExitCode;

use crate::assessment::{LoadError, read_assessment};
use crate::catalog::Catalog;

/// Validates every file; reports all problems of all files.
pub fn run(files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    let mut failed = false;
    for path in files {
        match read_assessment(path, catalog) {
            Ok(a) => {
                let answered = a.items.values().filter(|r| r.answer.is_some()).count();
                let conflicts = match a.conflicts.len() {
                    0 => String::new(),
                    1 => "; 1 unresolved merge conflict".to_string(),
                    n => format!("; {n} unresolved merge conflicts"),
                };
                println!(
                    "{}: ok ({} of {} items answered{conflicts})",
                    path.display(),
                    answered,
                    catalog.items().len()
                );
            }
            Err(e @ LoadError::Invalid { .. }) => {
                failed = true;
                println!("{e}");
            }
            Err(e @ LoadError::Io { .. }) => {
                failed = true;
                println!("{e}");
            }
        }
    }
    Ok(if failed {
        ExitCode::from(super::EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}
