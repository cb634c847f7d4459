//! Opening an assessment (or the start screen) in the workshop UI.

use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the workshop UI on a file, or the start screen without one.
pub fn run(file: Option<PathBuf>, theme: Option<String>) -> anyhow::Result<ExitCode> {
    crate::tui::run(file, crate::tui::Options { theme })?;
    Ok(ExitCode::SUCCESS)
}
