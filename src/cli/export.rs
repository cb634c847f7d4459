//! What `report`, `soa` and `plan` share: read the assessment, print what
//! to check before handing the document on, make it, and write it to a
//! file (atomically, never over the assessment) or standard output.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::assessment::{Assessment, read_assessment};
use crate::catalog::Catalog;
use crate::report::{ExportFormat, ExportKind, ExportOptions, export, export_warnings_with};

/// The date a document is made for, and where it goes.
#[derive(Debug, clap::Args)]
pub struct Target {
    /// The date the document is made for: findings, staleness and overdue
    /// actions as of then (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

impl Target {
    pub fn as_of(&self) -> NaiveDate {
        self.as_of.unwrap_or_else(super::today)
    }
}

/// Makes one document of `file` and writes it; returns the assessment
/// (for checks made after writing, such as `report --fail-on`).
pub(crate) fn write(
    kind: ExportKind,
    file: &Path,
    format: ExportFormat,
    options: &ExportOptions,
    target: &Target,
) -> anyhow::Result<Assessment> {
    super::check_output(target.output.as_deref(), file)?;
    let catalog = Catalog::builtin();
    let assessment = read_assessment(file, catalog)?;
    super::warn(&export_warnings_with(
        kind,
        format,
        catalog,
        &assessment,
        options,
    ));
    let bytes = export(kind, format, catalog, &assessment, options)?;
    super::emit(&bytes, format, target.output.as_deref(), file)?;
    Ok(assessment)
}
