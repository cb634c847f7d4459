use std::path::PathBuf;
use std::process::ExitCode;

use super::say;
use crate::assessment::{LoadError, read_assessment};
use crate::catalog::Catalog;

/// `gapwalk validate FILE…`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

impl Args {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        run(&self.files)
    }
}

/// Validates every file; reports all problems of all files. Exit 1 when a
/// file is not a valid assessment, 2 when one could not be read at all (a
/// folder, a missing file): then the check itself could not be made.
fn run(files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    let mut failed = false;
    let mut unreadable = false;
    for path in files {
        match read_assessment(path, catalog) {
            Ok(a) => {
                let answered = a.items.values().filter(|r| r.answer.is_some()).count();
                let conflicts = match a.conflicts.len() {
                    0 => String::new(),
                    1 => "; 1 unresolved merge conflict".to_string(),
                    n => format!("; {n} unresolved merge conflicts"),
                };
                say(format!(
                    "{}: ok ({} of {} items answered{conflicts})",
                    path.display(),
                    answered,
                    catalog.items().len()
                ))?;
            }
            Err(e @ LoadError::Invalid { .. }) => {
                failed = true;
                say(e.to_string())?;
            }
            Err(e @ LoadError::Io { .. }) => {
                unreadable = true;
                say(e.to_string())?;
            }
        }
    }
    Ok(if unreadable {
        ExitCode::from(super::EXIT_ERROR)
    } else if failed {
        ExitCode::from(super::EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}
