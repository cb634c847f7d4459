//! Opening an assessment (or the start screen) in the workshop UI.

use std::path::PathBuf;
use std::process::ExitCode;

use std::io::IsTerminal;

/// Runs the workshop UI on a file, or the start screen without one.
pub fn run(file: Option<PathBuf>, theme: Option<String>) -> anyhow::Result<ExitCode> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the workshop UI needs a terminal; for scripts use `gapwalk report`, `gapwalk validate` or `gapwalk --help`"
        );
    }
    crate::tui::run(file, crate::tui::Options { theme })?;
    Ok(ExitCode::SUCCESS)
}
