use std::path::PathBuf;
use std::process::ExitCode;

use super::choice::{SEVERITIES, one_of};
use super::export::{Target, write};
use crate::analysis::{Severity, Summary};
use crate::catalog::Catalog;
use crate::report::{ExportFormat, ExportKind, ExportOptions};

const FORMATS: &[ExportFormat] = &[
    ExportFormat::Text,
    ExportFormat::Markdown,
    ExportFormat::Html,
    ExportFormat::Json,
];

/// `gapwalk report FILE`: the gap report.
#[derive(Debug, clap::Args)]
pub struct Args {
    file: PathBuf,
    #[arg(long, value_parser = one_of(FORMATS), default_value = "text")]
    format: ExportFormat,
    /// Exit 1 if a finding of this severity or worse exists.
    #[arg(long, value_parser = one_of(SEVERITIES), value_name = "SEVERITY")]
    fail_on: Option<Severity>,
    #[command(flatten)]
    target: Target,
}

impl Args {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let as_of = self.target.as_of();
        let options = ExportOptions::new(as_of);
        let assessment = write(
            ExportKind::GapReport,
            &self.file,
            self.format,
            &options,
            &self.target,
        )?;
        // Severity orders High < Medium < Low: "this or worse" is <=.
        let failed = self.fail_on.is_some_and(|t| {
            Summary::new(Catalog::builtin(), &assessment, as_of)
                .worst()
                .is_some_and(|w| w <= t)
        });
        Ok(if failed {
            ExitCode::from(super::EXIT_FAILED)
        } else {
            ExitCode::SUCCESS
        })
    }
}
