use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::{AudienceArg, SoaFormat};
use crate::assessment::read_assessment;
use crate::catalog::Catalog;
use crate::report::{Audience, ExportFormat, ExportKind, ExportOptions, export, export_warnings};

pub fn run(
    path: &Path,
    format: SoaFormat,
    audience: AudienceArg,
    version_label: Option<String>,
    as_of: Option<NaiveDate>,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    super::check_output(output, path)?;
    let catalog = Catalog::builtin();
    let assessment = read_assessment(path, catalog)?;
    let format = match format {
        SoaFormat::Csv => ExportFormat::Csv,
        SoaFormat::Markdown => ExportFormat::Markdown,
        SoaFormat::Xlsx => ExportFormat::Xlsx,
    };
    let options = ExportOptions {
        as_of: as_of.unwrap_or_else(super::today),
        audience: match audience {
            AudienceArg::Internal => Audience::Internal,
            AudienceArg::Public => Audience::Public,
        },
        version_label,
    };
    super::warn(&export_warnings(
        ExportKind::Soa,
        format,
        catalog,
        &assessment,
        options.as_of,
    ));
    let bytes = export(ExportKind::Soa, format, catalog, &assessment, &options)?;
    super::emit(&bytes, format, output, path)?;
    Ok(ExitCode::SUCCESS)
}
