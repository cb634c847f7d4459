use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::{FailOn, ReportFormat};
use crate::analysis::{Severity, Summary};
use crate::assessment::read_assessment;
use crate::catalog::Catalog;
use crate::report::{ExportFormat, ExportKind, ExportOptions, export};

pub fn run(
    path: &Path,
    format: ReportFormat,
    as_of: Option<NaiveDate>,
    fail_on: Option<FailOn>,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    super::check_output(output, path)?;
    let catalog = Catalog::builtin();
    let assessment = read_assessment(path, catalog)?;
    let as_of = as_of.unwrap_or_else(super::today);
    let format = match format {
        ReportFormat::Text => ExportFormat::Text,
        ReportFormat::Markdown => ExportFormat::Markdown,
        ReportFormat::Html => ExportFormat::Html,
        ReportFormat::Json => ExportFormat::Json,
    };
    let bytes = export(
        ExportKind::GapReport,
        format,
        catalog,
        &assessment,
        &ExportOptions::new(as_of),
    )?;
    super::emit(&bytes, format, output, path)?;
    let threshold = fail_on.map(|f| match f {
        FailOn::High => Severity::High,
        FailOn::Medium => Severity::Medium,
        FailOn::Low => Severity::Low,
    });
    // Severity orders High < Medium < Low: "this or worse" is <=.
    let failed = threshold.is_some_and(|t| {
        Summary::new(catalog, &assessment, as_of)
            .worst()
            .is_some_and(|w| w <= t)
    });
    Ok(if failed {
        ExitCode::from(super::EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}
