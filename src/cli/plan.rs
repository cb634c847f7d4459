use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::PlanFormat;
use crate::assessment::read_assessment;
use crate::catalog::Catalog;
use crate::report::{ExportFormat, ExportKind, ExportOptions, export, export_warnings};

pub fn run(
    path: &Path,
    format: PlanFormat,
    as_of: Option<NaiveDate>,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    super::check_output(output, path)?;
    let catalog = Catalog::builtin();
    let assessment = read_assessment(path, catalog)?;
    let format = match format {
        PlanFormat::Csv => ExportFormat::Csv,
        PlanFormat::Markdown => ExportFormat::Markdown,
        PlanFormat::Ics => ExportFormat::Ics,
    };
    let as_of = as_of.unwrap_or_else(super::today);
    super::warn(&export_warnings(
        ExportKind::Plan,
        format,
        catalog,
        &assessment,
        as_of,
    ));
    let bytes = export(
        ExportKind::Plan,
        format,
        catalog,
        &assessment,
        &ExportOptions::new(as_of),
    )?;
    super::emit(&bytes, format, output, path)?;
    Ok(ExitCode::SUCCESS)
}
