//! Reports. Each document (the gap report, the Statement of
//! Applicability, the remediation plan, the diff, the log) is built once as
//! data: a [`doc::Doc`] of sections and blocks, in the words a reader sees.
//! Small writers render it: `markdown`, `html` and `plain` (text for a
//! terminal); JSON serialises the document's data; `csv`, `ics` and `xlsx`
//! write the tabular forms. Text from the assessment is untrusted: every
//! writer strips control characters or escapes it for its medium.
//!
//! - the gap report ([`GapReport`]): [`gap_report_markdown`],
//!   [`gap_report_html`], [`report_json`], and text through [`export`];
//! - the Statement of Applicability ([`SoaDocument`]): [`soa_csv`],
//!   [`soa_markdown`], [`soa_xlsx`];
//! - the remediation plan ([`PlanDocument`]): [`plan_csv`],
//!   [`plan_markdown`], [`plan_ics`];
//! - the diff and the log: [`diff_text`], [`diff_markdown`], [`diff_json`],
//!   [`history_text`], [`history_markdown`], [`history_json`];
//! - [`export`] and [`write_export`]: one entry point for the exports, for
//!   the command line and the workshop UI.

mod catalog;
mod csv;
mod diff;
mod doc;
mod export;
pub mod formats;
mod gap;
mod html;
mod ics;
mod markdown;
mod plain;
mod plan;
mod records;
mod soa;
mod xlsx;
mod xlsx_sheets;

pub use crate::analysis::Audience;
pub use catalog::{catalog_json, catalog_text, catalog_toml, changes_json};
pub use diff::{
    HistoryChange, HistoryDiff, HistoryEntry, diff_json, diff_markdown, diff_text, history_json,
    history_markdown, history_text,
};
pub use export::{
    ExportError, ExportFormat, ExportKind, ExportOptions, default_file_name, export,
    export_warnings, export_warnings_with, is_same_file, write_export,
};
pub(crate) use gap::gap_report_text;
pub use gap::{GapReport, gap_report_html, gap_report_markdown, report_json};
pub(crate) use plan::plan_entries_from;
pub use plan::{
    PlanDocument, PlanEntry, PlanStatus, plan_csv, plan_entries, plan_ics, plan_markdown,
};
pub use records::{Attendance, EvidenceEntry, attendance, evidence_register};
pub use soa::{Revision, SoaColumn, SoaDocument, SoaState, soa_csv, soa_markdown};
pub use xlsx::{soa_xlsx, soa_xlsx_warnings};

use crate::catalog::Catalog;
// The workshop view wraps text with the same helper.
pub(crate) use crate::text::wrap;

/// The standard and the platform every document is about.
pub(crate) const STANDARD: &str = "ISO/IEC 27001:2022 on Microsoft 365";

/// The names of licences (ids the catalog does not know are kept as is).
pub(crate) fn licence_names(catalog: &Catalog, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            catalog
                .licence(id)
                .map_or_else(|| id.clone(), |l| l.name.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests;
