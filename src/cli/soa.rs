use std::path::PathBuf;
use std::process::ExitCode;

use super::choice::{AUDIENCES, one_of};
use super::export::{Target, write};
use crate::analysis::Audience;
use crate::report::{ExportFormat, ExportKind, ExportOptions};

const FORMATS: &[ExportFormat] = &[
    ExportFormat::Csv,
    ExportFormat::Markdown,
    ExportFormat::Xlsx,
];

/// `gapwalk soa FILE`: the Statement of Applicability.
#[derive(Debug, clap::Args)]
pub struct Args {
    file: PathBuf,
    #[arg(long, value_parser = one_of(FORMATS), default_value = "markdown")]
    format: ExportFormat,
    /// `public` leaves out owners, evidence locations and notes.
    #[arg(long, value_parser = one_of(AUDIENCES), default_value = "internal")]
    audience: Audience,
    /// The document version (default: the as-of date, marked as a draft
    /// while any control is undecided).
    #[arg(long, value_name = "TEXT")]
    version_label: Option<String>,
    #[command(flatten)]
    target: Target,
}

impl Args {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let options = ExportOptions {
            as_of: self.target.as_of(),
            audience: self.audience,
            version_label: self.version_label,
            history: crate::git::file_history(&self.file),
        };
        write(
            ExportKind::Soa,
            &self.file,
            self.format,
            &options,
            &self.target,
        )?;
        Ok(ExitCode::SUCCESS)
    }
}
