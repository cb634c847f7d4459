//! One entry point for every export, for the command line and the
//! workshop UI: [`export`] makes the bytes (pure: no file, no clock),
//! [`write_export`] writes them atomically, refusing to overwrite the
//! assessment itself.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::gap::GapReport;
use super::plan::PlanDocument;
use super::soa::SoaDocument;
use crate::analysis::Audience;
use crate::analysis::SoaWarningKind;
use crate::assessment::Assessment;
use crate::catalog::Catalog;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportKind {
    /// The Statement of Applicability.
    Soa,
    /// The gap report.
    GapReport,
    /// The remediation plan.
    Plan,
}

impl ExportKind {
    pub const ALL: [ExportKind; 3] = [ExportKind::Soa, ExportKind::GapReport, ExportKind::Plan];

    pub fn label(self) -> &'static str {
        match self {
            ExportKind::Soa => "Statement of Applicability",
            ExportKind::GapReport => "Gap report",
            ExportKind::Plan => "Remediation plan",
        }
    }

    /// The formats this kind can be written in; the first is the default.
    pub fn formats(self) -> &'static [ExportFormat] {
        match self {
            ExportKind::Soa => &[
                ExportFormat::Xlsx,
                ExportFormat::Csv,
                ExportFormat::Markdown,
            ],
            ExportKind::GapReport => &[
                ExportFormat::Html,
                ExportFormat::Markdown,
                ExportFormat::Json,
                ExportFormat::Text,
            ],
            ExportKind::Plan => &[ExportFormat::Csv, ExportFormat::Markdown, ExportFormat::Ics],
        }
    }

    fn file_stem(self) -> &'static str {
        match self {
            ExportKind::Soa => "statement-of-applicability",
            ExportKind::GapReport => "gap-report",
            ExportKind::Plan => "remediation-plan",
        }
    }
}

impl fmt::Display for ExportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    Text,
    Markdown,
    Html,
    Json,
    Csv,
    Xlsx,
    Ics,
}

impl ExportFormat {
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Text => "Text",
            ExportFormat::Markdown => "Markdown",
            ExportFormat::Html => "HTML",
            ExportFormat::Json => "JSON",
            ExportFormat::Csv => "CSV",
            ExportFormat::Xlsx => "Excel workbook (XLSX)",
            ExportFormat::Ics => "Calendar (ICS)",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Text => "txt",
            ExportFormat::Markdown => "md",
            ExportFormat::Html => "html",
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Ics => "ics",
        }
    }

    /// Whether the output is text a terminal can show.
    pub fn is_text(self) -> bool {
        self != ExportFormat::Xlsx
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Settings that shape an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// The date findings, staleness and overdue actions are computed for.
    pub as_of: NaiveDate,
    /// For the Statement of Applicability: who it is for.
    pub audience: Audience,
    /// For the Statement of Applicability: the document version. Without
    /// one it is the as-of date, marked as a draft while any control is
    /// undecided.
    pub version_label: Option<String>,
    /// For the Statement of Applicability: the file's git history, newest
    /// first, if it was read.
    pub history: Option<Vec<super::soa::Revision>>,
}

impl ExportOptions {
    pub fn new(as_of: NaiveDate) -> Self {
        ExportOptions {
            as_of,
            audience: Audience::Internal,
            version_label: None,
            history: None,
        }
    }
}

/// Why an export could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the {kind} cannot be exported as {format}")]
    Unsupported {
        kind: ExportKind,
        format: ExportFormat,
    },
    #[error("could not build the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("{path} is the assessment file itself; not overwriting it with an export")]
    WouldOverwriteAssessment { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Makes an export: pure, from the catalog, the assessment and the
/// options.
pub fn export(
    kind: ExportKind,
    format: ExportFormat,
    catalog: &Catalog,
    assessment: &Assessment,
    options: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let as_of = options.as_of;
    let soa = || {
        SoaDocument::new(
            catalog,
            assessment,
            as_of,
            options.audience,
            options.version_label.as_deref(),
        )
        .with_history(options.history.clone())
    };
    let text = match (kind, format) {
        (ExportKind::Soa, ExportFormat::Csv) => super::soa_csv(&soa()),
        (ExportKind::Soa, ExportFormat::Markdown) => super::soa_markdown(&soa()),
        (ExportKind::Soa, ExportFormat::Xlsx) => return Ok(super::soa_xlsx(&soa())?),
        (ExportKind::GapReport, ExportFormat::Html) => {
            super::gap_report_html(&GapReport::new(catalog, assessment, as_of))
        }
        (ExportKind::GapReport, ExportFormat::Markdown) => {
            super::gap_report_markdown(&GapReport::new(catalog, assessment, as_of))
        }
        (ExportKind::GapReport, ExportFormat::Json) => {
            super::report_json(&GapReport::new(catalog, assessment, as_of))
        }
        (ExportKind::GapReport, ExportFormat::Text) => {
            super::gap_report_text(&GapReport::new(catalog, assessment, as_of))
        }
        (ExportKind::Plan, ExportFormat::Csv) => {
            super::plan_csv(&PlanDocument::new(catalog, assessment, as_of))
        }
        (ExportKind::Plan, ExportFormat::Markdown) => {
            super::plan_markdown(&PlanDocument::new(catalog, assessment, as_of))
        }
        (ExportKind::Plan, ExportFormat::Ics) => {
            super::plan_ics(&PlanDocument::new(catalog, assessment, as_of))
        }
        (kind, format) => return Err(ExportError::Unsupported { kind, format }),
    };
    Ok(text.into_bytes())
}

/// What a person should know before handing an export on: for the SoA,
/// the SoA lint grouped by kind; for an ICS plan, the entries a calendar
/// cannot show. One line each, without a "warning:" prefix. (Without the
/// audience: see [`export_warnings_with`].)
pub fn export_warnings(
    kind: ExportKind,
    format: ExportFormat,
    catalog: &Catalog,
    assessment: &Assessment,
    as_of: NaiveDate,
) -> Vec<String> {
    export_warnings_with(
        kind,
        format,
        catalog,
        assessment,
        &ExportOptions::new(as_of),
    )
}

/// [`export_warnings`] for these options: a public SoA that is not
/// approved is said plainly.
pub fn export_warnings_with(
    kind: ExportKind,
    format: ExportFormat,
    catalog: &Catalog,
    assessment: &Assessment,
    options: &ExportOptions,
) -> Vec<String> {
    let as_of = options.as_of;
    match (kind, format) {
        (ExportKind::Soa, _) => {
            let lint = crate::analysis::soa_lint(catalog, assessment, as_of);
            let mut out = soa_lint_lines(&lint);
            if options.audience == Audience::Public {
                let doc = SoaDocument::new(
                    catalog,
                    assessment,
                    as_of,
                    options.audience,
                    options.version_label.as_deref(),
                );
                if let Some(notice) = doc.draft_notice() {
                    out.push(format!(
                        "publishing a Statement of Applicability that is not approved to a public audience: {notice} The document says so at the top."
                    ));
                }
            }
            if format == ExportFormat::Xlsx {
                // Cells cut to what a workbook cell holds.
                out.extend(super::soa_xlsx_warnings(&SoaDocument::new(
                    catalog,
                    assessment,
                    as_of,
                    Audience::Internal,
                    options.version_label.as_deref(),
                )));
            }
            out
        }
        (ExportKind::Plan, ExportFormat::Ics) => {
            let undated = PlanDocument::new(catalog, assessment, as_of).undated();
            if undated > 0 {
                vec![format!(
                    "{undated} plan entr{} no due date and {} not in the calendar (`gapwalk plan --format csv` lists {})",
                    if undated == 1 { "y has" } else { "ies have" },
                    if undated == 1 { "is" } else { "are" },
                    if undated == 1 { "it" } else { "them" },
                )]
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}

/// The SoA lint in lines: one per kind with the controls named, or one per
/// warning where each says something of its own.
pub(crate) fn soa_lint_lines(lint: &[crate::analysis::SoaWarning]) -> Vec<String> {
    SoaWarningKind::ALL
        .iter()
        .filter_map(|&k| {
            let of_kind: Vec<_> = lint.iter().filter(|w| w.kind == k).collect();
            match of_kind.as_slice() {
                [] => None,
                [one] => Some(one.message.clone()),
                many if k == SoaWarningKind::WeakExclusion
                    || k == SoaWarningKind::StaleEvidence =>
                {
                    Some(
                        many.iter()
                            .map(|w| w.message.as_str())
                            .collect::<Vec<_>>()
                            .join("\n"),
                    )
                }
                many => Some(format!(
                    "{} Annex A controls are {}: {}",
                    many.len(),
                    k.title(),
                    many.iter()
                        .map(|w| w.item.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        })
        .flat_map(|s| s.lines().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// A file name for an export, such as
/// `statement-of-applicability-2026-11-28.xlsx`.
pub fn default_file_name(kind: ExportKind, format: ExportFormat, as_of: NaiveDate) -> String {
    format!("{}-{as_of}.{}", kind.file_stem(), format.extension())
}

/// Writes an export atomically (a temporary file in the same folder, then
/// a rename: a reader never sees half a file, and a failure leaves any old
/// file as it was). Refuses to overwrite the assessment file itself.
pub fn write_export(path: &Path, bytes: &[u8], assessment: &Path) -> Result<(), ExportError> {
    if is_same_file(path, assessment) {
        return Err(ExportError::WouldOverwriteAssessment {
            path: path.to_path_buf(),
        });
    }
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = atomic_write_file::AtomicWriteFile::options()
        .open(path)
        .map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.commit().map_err(io)
}

/// Whether writing an export to `path` would overwrite the assessment:
/// whether the two name the same existing file (through symbolic links,
/// `..` and, on Unix, hard links).
pub fn is_same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ca), Ok(cb)) = (a.canonicalize(), b.canonicalize()) else {
        // A path that does not exist cannot be the assessment.
        return false;
    };
    if ca == cb {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(ma), Ok(mb)) = (std::fs::metadata(&ca), std::fs::metadata(&cb)) {
            return ma.dev() == mb.dev() && ma.ino() == mb.ino();
        }
    }
    false
}
