use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::{FailOn, ReportFormat};
use crate::analysis::{Severity, Summary};
use crate::assessment::load_assessment;
use crate::catalog::Catalog;
use crate::report::{report_json, report_markdown, report_text};

pub fn run(
    path: &Path,
    format: ReportFormat,
    as_of: Option<NaiveDate>,
    fail_on: Option<FailOn>,
) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    let (_, assessment) = load_assessment(path, catalog)?;
    let summary = Summary::new(catalog, &assessment, as_of.unwrap_or_else(super::today));
    let out = match format {
        ReportFormat::Text => report_text(&summary),
        ReportFormat::Markdown => report_markdown(&summary),
        ReportFormat::Json => report_json(&summary),
    };
    super::print(&out)?;
    let threshold = fail_on.map(|f| match f {
        FailOn::High => Severity::High,
        FailOn::Medium => Severity::Medium,
        FailOn::Low => Severity::Low,
    });
    // Severity orders High < Medium < Low: "this or worse" is <=.
    let failed = threshold.is_some_and(|t| summary.worst().is_some_and(|w| w <= t));
    Ok(if failed {
        ExitCode::from(super::EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}
