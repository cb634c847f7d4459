use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::{AudienceArg, SoaFormat};
use crate::assessment::read_assessment;
use crate::catalog::Catalog;
use crate::report::{
    Audience, ExportFormat, ExportKind, ExportOptions, Revision, export, export_warnings_with,
};

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
        history: history(path),
    };
    super::warn(&export_warnings_with(
        ExportKind::Soa,
        format,
        catalog,
        &assessment,
        &options,
    ));
    let bytes = export(ExportKind::Soa, format, catalog, &assessment, &options)?;
    super::emit(&bytes, format, output, path)?;
    Ok(ExitCode::SUCCESS)
}

/// The commits that changed the file, newest first (following renames);
/// `None` when git cannot say (no git, not in a repository).
pub(crate) fn history(path: &Path) -> Option<Vec<Revision>> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name()?;
    let out = super::git::run([
        "-C".as_ref(),
        dir.as_os_str(),
        "log".as_ref(),
        "--follow".as_ref(),
        "--date=short".as_ref(),
        "--format=%ad%x1f%h%x1f%an%x1f%s".as_ref(),
        "--".as_ref(),
        name,
    ])
    .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    Some(
        text.lines()
            .filter_map(|line| {
                let mut parts = line.split('\u{1f}');
                Some(Revision {
                    date: parts.next()?.parse().ok()?,
                    commit: parts.next()?.to_string(),
                    author: parts.next()?.to_string(),
                    subject: parts.next().unwrap_or_default().to_string(),
                })
            })
            .collect(),
    )
}
