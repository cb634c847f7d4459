//! Opening an assessment (or the start screen) in the workshop UI.

use std::path::PathBuf;
use std::process::ExitCode;

/// `gapwalk open FILE` (and `gapwalk [FILE]`).
#[derive(Debug, clap::Args)]
pub struct Args {
    pub file: PathBuf,
    /// Theme: dark, light, high-contrast, or a theme file.
    #[arg(long, value_name = "NAME|PATH")]
    pub theme: Option<String>,
}

impl Args {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        run(Some(self.file), self.theme)
    }
}

/// Runs the workshop UI on a file, or the start screen without one.
pub fn run(file: Option<PathBuf>, theme: Option<String>) -> anyhow::Result<ExitCode> {
    crate::tui::run(
        file,
        crate::tui::Options {
            theme,
            today: super::today(),
        },
    )?;
    Ok(ExitCode::SUCCESS)
}
