use std::path::PathBuf;
use std::process::ExitCode;

use super::choice::one_of;
use super::export::{Target, write};
use crate::report::{ExportFormat, ExportKind, ExportOptions};

const FORMATS: &[ExportFormat] = &[ExportFormat::Csv, ExportFormat::Markdown, ExportFormat::Ics];

/// `gapwalk plan FILE`: the remediation plan.
#[derive(Debug, clap::Args)]
pub struct Args {
    file: PathBuf,
    #[arg(long, value_parser = one_of(FORMATS), default_value = "markdown")]
    format: ExportFormat,
    #[command(flatten)]
    target: Target,
}

impl Args {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let options = ExportOptions::new(self.target.as_of());
        write(
            ExportKind::Plan,
            &self.file,
            self.format,
            &options,
            &self.target,
        )?;
        Ok(ExitCode::SUCCESS)
    }
}
