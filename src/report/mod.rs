//! Reports: one pure function per output format. Text from the assessment
//! is untrusted: every format here strips control characters or escapes it
//! for its medium.
//!
//! - the gap report: [`report_text`], [`report_json`] (from a [`Summary`]),
//!   [`gap_report_markdown`] and [`gap_report_html`] (from a [`GapReport`]);
//! - the Statement of Applicability ([`SoaDocument`]): [`soa_csv`],
//!   [`soa_markdown`], [`soa_xlsx`];
//! - the remediation plan ([`PlanDocument`]): [`plan_csv`],
//!   [`plan_markdown`], [`plan_ics`];
//! - [`export`] and [`write_export`]: one entry point for all of them, for
//!   the command line and the workshop UI.

use std::fmt::Write;

mod csv;
mod diff;
mod export;
mod gap;
mod gap_md;
mod html;
mod ics;
mod plan;
mod soa;
mod xlsx;

pub use diff::{
    HistoryChange, HistoryDiff, HistoryEntry, diff_json, diff_markdown, diff_text, history_json,
    history_markdown, history_text,
};
pub use export::{
    ExportError, ExportFormat, ExportKind, ExportOptions, default_file_name, export,
    export_warnings, is_same_file, write_export,
};
pub use gap::GapReport;
pub use gap_md::gap_report_markdown;
pub use html::gap_report_html;
pub use plan::{
    PlanDocument, PlanEntry, PlanStatus, plan_csv, plan_entries, plan_ics, plan_markdown,
};
pub use soa::{Audience, SoaColumn, SoaDocument, soa_csv, soa_markdown};
pub use xlsx::{soa_xlsx, soa_xlsx_warnings};

use serde::Serialize;

use crate::analysis::{FindingKind, Severity, Summary};
use crate::assessment::Answer;
use crate::catalog::{Catalog, Text};
use crate::text::{escape_markdown, sanitize, sanitize_data};

/// The gap report as plain text for a terminal or a CI log.
pub fn report_text(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "gapwalk report: {}", sanitize(&s.organisation));
    if let Some(scope) = &s.scope {
        let _ = writeln!(out, "Scope:    {}", sanitize(scope));
    }
    let _ = writeln!(out, "As of:    {}", s.as_of);
    let _ = writeln!(out, "Licences: {}", licence_list(&s.licences));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Progress: {} of {} items answered ({}%)",
        s.progress.answered,
        s.progress.total,
        s.progress.percent()
    );
    for t in &s.themes {
        let _ = writeln!(
            out,
            "  {:<16} {:>3} of {:>3}",
            t.theme.label(),
            t.progress.answered,
            t.progress.total
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Answers:");
    for answer in Answer::ALL {
        let _ = writeln!(
            out,
            "  {:<20} {:>3}",
            answer.label(),
            s.answers.get(&answer).copied().unwrap_or(0)
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Findings: {} high, {} medium, {} low",
        s.count(Severity::High),
        s.count(Severity::Medium),
        s.count(Severity::Low)
    );
    for severity in Severity::ALL {
        for kind in kinds_of(s, severity) {
            let findings: Vec<_> = s.findings.iter().filter(|f| f.kind == kind).collect();
            let _ = writeln!(out);
            let _ = writeln!(out, "[{}] {} ({})", severity, kind.title(), findings.len());
            if kind == FindingKind::Unanswered {
                // Dozens of these early on: the ids say enough.
                let ids: Vec<&str> = findings.iter().filter_map(|f| f.item.as_deref()).collect();
                for line in wrap(&ids.join(" "), 76) {
                    let _ = writeln!(out, "  {line}");
                }
                continue;
            }
            for f in findings {
                let _ = writeln!(out, "  - {}", sanitize(&f.message));
            }
        }
    }
    if !s.follow_ups.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Parking lot ({} to follow up):", s.follow_ups.len());
        for f in &s.follow_ups {
            let _ = writeln!(out, "  - {}: {}", f.item, sanitize(&f.question));
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Owners (items owned, of them gaps, open actions):");
    if s.owners.is_empty() {
        let _ = writeln!(out, "  nobody owns anything yet");
    }
    for o in &s.owners {
        let _ = writeln!(
            out,
            "  {:<28} {:>3} {:>3} {:>3}",
            sanitize(&o.owner),
            o.items,
            o.gaps,
            o.open_actions
        );
    }
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    organisation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
    licences: &'a [String],
    as_of: String,
    progress: JsonProgress<'a>,
    answers: Vec<JsonCount>,
    counts: JsonCounts,
    findings: Vec<crate::analysis::Finding>,
    owners: Vec<crate::analysis::OwnerLoad>,
    follow_ups: Vec<crate::analysis::FollowUp>,
    /// Per control and tool, the latest tenant scan's result.
    observed: Vec<crate::analysis::ObservedItem>,
}

#[derive(Serialize)]
struct JsonProgress<'a> {
    answered: usize,
    total: usize,
    themes: Vec<JsonTheme<'a>>,
}

#[derive(Serialize)]
struct JsonTheme<'a> {
    theme: &'a str,
    answered: usize,
    total: usize,
}

#[derive(Serialize)]
struct JsonCount {
    answer: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct JsonCounts {
    high: usize,
    medium: usize,
    low: usize,
    by_kind: Vec<(&'static str, usize)>,
}

/// The gap report as JSON, for CI and other tools. Control characters are
/// stripped from the assessment's text (a tool may print it to a terminal).
pub fn report_json(s: &Summary) -> String {
    let report = JsonReport {
        organisation: sanitize_data(&s.organisation),
        scope: s.scope.as_deref().map(sanitize_data),
        licences: &s.licences,
        as_of: s.as_of.to_string(),
        progress: JsonProgress {
            answered: s.progress.answered,
            total: s.progress.total,
            themes: s
                .themes
                .iter()
                .map(|t| JsonTheme {
                    theme: t.theme.as_str(),
                    answered: t.progress.answered,
                    total: t.progress.total,
                })
                .collect(),
        },
        answers: Answer::ALL
            .iter()
            .map(|&a| JsonCount {
                answer: a.as_str(),
                count: s.answers.get(&a).copied().unwrap_or(0),
            })
            .collect(),
        counts: JsonCounts {
            high: s.count(Severity::High),
            medium: s.count(Severity::Medium),
            low: s.count(Severity::Low),
            by_kind: s
                .by_kind()
                .into_iter()
                .map(|(k, n)| (k.as_str(), n))
                .collect(),
        },
        findings: s
            .findings
            .iter()
            .map(|f| crate::analysis::Finding {
                message: sanitize_data(&f.message),
                owner: f.owner.as_deref().map(sanitize_data),
                ..f.clone()
            })
            .collect(),
        owners: s
            .owners
            .iter()
            .map(|o| crate::analysis::OwnerLoad {
                owner: sanitize_data(&o.owner),
                ..o.clone()
            })
            .collect(),
        follow_ups: s
            .follow_ups
            .iter()
            .map(|f| crate::analysis::FollowUp {
                item: f.item.clone(),
                question: sanitize_data(&f.question),
            })
            .collect(),
        observed: s
            .observed
            .iter()
            .map(|o| crate::analysis::ObservedItem {
                scan: sanitize_data(&o.scan),
                failing: o.failing.iter().map(|id| sanitize_data(id)).collect(),
                drifted: o.drifted.iter().map(|id| sanitize_data(id)).collect(),
                ..o.clone()
            })
            .collect(),
    };
    // Serialising plain data structures cannot fail.
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
    out.push('\n');
    crate::text::json_escape_invisible(out)
}

fn kinds_of(s: &Summary, severity: Severity) -> Vec<FindingKind> {
    s.by_kind()
        .into_iter()
        .map(|(k, _)| k)
        .filter(|k| k.severity() == severity)
        .collect()
}

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

/// Untrusted text as one Markdown table cell (line breaks become spaces).
pub(crate) fn md_cell(s: &str) -> String {
    escape_markdown(s.trim())
}

/// Untrusted lines as one Markdown table cell, separated by `<br>`.
pub(crate) fn md_multi(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| md_cell(l))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("<br>")
}

fn licence_list(licences: &[String]) -> String {
    if licences.is_empty() {
        "none recorded".to_string()
    } else {
        licences.join(", ")
    }
}

/// The catalog as a printable workshop handout.
pub fn catalog_text(catalog: &Catalog) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "ISO/IEC 27001:2022 on Microsoft 365: the gapwalk catalog"
    );
    let _ = writeln!(out, "{}", "=".repeat(56));
    let mut theme = None;
    for item in catalog.items() {
        if theme != Some(item.theme) {
            theme = Some(item.theme);
            let _ = writeln!(
                out,
                "\n\n{}\n{}",
                item.theme.title(),
                "-".repeat(item.theme.title().chars().count())
            );
        }
        let _ = writeln!(out, "\n{}  {}", item.id, item.title);
        if let Some(a) = item.suggested_answer {
            let _ = writeln!(out, "    Usual answer: {}", a.label());
        }
        para(&mut out, "Microsoft provides", &item.microsoft_provides);
        para(&mut out, "The organisation must", &item.organisation_must);
        list(&mut out, "Ask the room", &item.questions);
        list(&mut out, "Evidence auditors expect", &item.evidence);
        if !item.capabilities.is_empty() {
            let names: Vec<String> = item
                .capabilities
                .iter()
                .filter_map(|c| catalog.capability(c))
                .map(|c| c.name.to_string())
                .collect();
            para(&mut out, "Microsoft 365 capabilities", &names.join("; "));
        }
    }
    let _ = writeln!(
        out,
        "\n\nMicrosoft 365 capabilities and the licences that include them\n{}",
        "-".repeat(61)
    );
    for c in catalog.capabilities() {
        let _ = writeln!(out, "\n{} ({})  [{}]", c.name, c.product, c.id);
        para(&mut out, "Licences", &c.licences.join(", "));
        if let Some(note) = &c.note {
            para(&mut out, "Note", note);
        }
    }
    let _ = writeln!(out, "\n\nLicences\n--------");
    for l in catalog.licences() {
        let _ = write!(out, "\n{}  {}", l.id, l.name);
        if !l.includes.is_empty() {
            let _ = write!(out, " (includes {})", l.includes.join(", "));
        }
        let _ = writeln!(out);
        if let Some(note) = &l.note {
            para(&mut out, "Note", note);
        }
    }
    out
}

fn para(out: &mut String, heading: &str, text: &str) {
    let _ = writeln!(out, "    {heading}:");
    for line in wrap(text, 72) {
        let _ = writeln!(out, "      {line}");
    }
}

fn list(out: &mut String, heading: &str, entries: &[Text]) {
    let _ = writeln!(out, "    {heading}:");
    for e in entries {
        for (i, line) in wrap(e, 70).into_iter().enumerate() {
            let bullet = if i == 0 { "- " } else { "  " };
            let _ = writeln!(out, "      {bullet}{line}");
        }
    }
}

/// Greedy word wrap.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The catalog as JSON: items, capabilities (with every licence that
/// includes them) and licences.
pub fn catalog_json(catalog: &Catalog) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        id: &'a str,
        items: &'a [crate::catalog::Item],
        capabilities: &'a [crate::catalog::Capability],
        licences: &'a [crate::catalog::Licence],
    }
    let mut out = serde_json::to_string_pretty(&Out {
        id: catalog.id(),
        items: catalog.items(),
        capabilities: catalog.capabilities(),
        licences: catalog.licences(),
    })
    .unwrap_or_default();
    out.push('\n');
    out
}

/// The catalog as TOML, in the shape of the built-in data files.
pub fn catalog_toml(catalog: &Catalog) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        id: &'a str,
        items: &'a [crate::catalog::Item],
        capabilities: &'a [crate::catalog::Capability],
        licences: &'a [crate::catalog::Licence],
    }
    toml::to_string(&Out {
        id: catalog.id(),
        items: catalog.items(),
        capabilities: catalog.capabilities(),
        licences: catalog.licences(),
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests;
