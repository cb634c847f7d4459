//! Opening an assessment in the workshop UI.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::analysis::Summary;
use crate::assessment::load_assessment;
use crate::catalog::Catalog;

/// Until the workshop UI lands, opening a file validates it and prints its
/// summary.
pub fn run(file: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let path = file.unwrap_or_else(|| PathBuf::from("assessments/example.toml"));
    let catalog = Catalog::builtin();
    let (_, assessment) = load_assessment(&path, catalog)?;
    let summary = Summary::new(catalog, &assessment, crate::cli::today());
    crate::cli::print(&crate::report::report_text(&summary))?;
    Ok(ExitCode::SUCCESS)
}
