//! The semantic diff and the file's history, as text (optionally coloured
//! for a terminal), Markdown and JSON.

use std::fmt::Write;

use chrono::NaiveDate;
use serde::Serialize;

use super::gap::capitalise;
use crate::analysis::{AssessmentDiff, DiffCounts, FieldChange, Finding, GapChange};
use crate::assessment::{Conflict, Evidence, FieldValue, Session, describe_value};
use crate::text::{escape_markdown, sanitize, sanitize_data, sanitize_data_multiline};

/// ANSI colours, or none.
#[derive(Debug, Clone, Copy)]
struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn red(self, s: &str) -> String {
        self.wrap("31", s)
    }
    fn green(self, s: &str) -> String {
        self.wrap("32", s)
    }
    fn dim(self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn yellow(self, s: &str) -> String {
        self.wrap("33", s)
    }
}

/// The diff as text for a terminal or a log: the summary first, then the
/// assessment, sessions and items that changed, then findings resolved and
/// opened. `colour` adds ANSI colours (only for a terminal).
pub fn diff_text(d: &AssessmentDiff, old: &str, new: &str, colour: bool) -> String {
    let p = Paint { on: colour };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} → {}",
        p.bold("gapwalk diff:"),
        sanitize(old),
        sanitize(new)
    );
    let _ = writeln!(
        out,
        "{} · findings as of {}",
        sanitize(&d.organisation),
        d.as_of
    );
    let _ = writeln!(out);
    let rows = d.counts.rows();
    if rows.is_empty() {
        let _ = writeln!(out, "  {}", p.bold(&d.counts.headline()));
    }
    for (what, row) in rows {
        let _ = writeln!(out, "  {}{row}", p.bold(&format!("{what:<10}")));
    }
    let _ = writeln!(
        out,
        "  {}{} → {} of {} items answered",
        p.bold(&format!("{:<10}", "progress")),
        d.progress_old.answered,
        d.progress_new.answered,
        d.progress_new.total
    );

    if !d.assessment.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("[assessment]"));
        for c in &d.assessment {
            let _ = writeln!(out, "    {}", change_text(p, c));
        }
    }
    if !d.sessions_added.is_empty()
        || !d.sessions_removed.is_empty()
        || !d.sessions_changed.is_empty()
    {
        let _ = writeln!(out, "\n{}", p.bold("Sessions"));
        for s in &d.sessions_added {
            let _ = writeln!(out, "  {} {}", p.green("+"), session_text(s));
        }
        for s in &d.sessions_removed {
            let _ = writeln!(out, "  {} {}", p.red("-"), session_text(s));
        }
        for s in &d.sessions_changed {
            let _ = writeln!(out, "  {}", sanitize(&s.id));
            for c in &s.changes {
                let _ = writeln!(out, "      {}", change_text(p, c));
            }
        }
    }
    if !d.scans_added.is_empty() || !d.scans_removed.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("Tenant scans"));
        for s in &d.scans_added {
            let _ = writeln!(out, "  {} {}", p.green("+"), sanitize(&scan_text(s)));
        }
        for s in &d.scans_removed {
            let _ = writeln!(out, "  {} {}", p.red("-"), sanitize(&scan_text(s)));
        }
    }
    if !d.items.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            p.bold(&format!("Items ({} changed)", d.items.len()))
        );
        for item in &d.items {
            let gap = match item.gap {
                Some(GapChange::Opened) => format!("  {}", p.red("gap opened")),
                Some(GapChange::Closed) => format!("  {}", p.green("gap closed")),
                None => String::new(),
            };
            let _ = writeln!(
                out,
                "  {}  {}{gap}",
                p.bold(&item.id),
                sanitize(&item.title)
            );
            for c in &item.changes {
                let _ = writeln!(out, "      {}", change_text(p, c));
            }
            for e in &item.evidence_added {
                let _ = writeln!(out, "      {} evidence {}", p.green("+"), evidence_text(e));
            }
            for e in &item.evidence_removed {
                let _ = writeln!(out, "      {} evidence {}", p.red("-"), evidence_text(e));
            }
        }
    }
    findings_text(&mut out, p, "Findings resolved", &d.findings_resolved, true);
    findings_text(&mut out, p, "Findings opened", &d.findings_opened, false);
    conflicts_text(&mut out, p, "Merge conflicts recorded", &d.conflicts_added);
    conflicts_text(
        &mut out,
        p,
        "Merge conflicts resolved",
        &d.conflicts_resolved,
    );
    if d.is_empty() {
        let _ = writeln!(out, "\n  The two versions record the same assessment.");
    }
    out
}

fn change_text(p: Paint, c: &FieldChange) -> String {
    let label = p.dim(&format!("{}:", c.field.label()));
    match (&c.old, &c.new) {
        (None, Some(new)) => format!("{label} {} {}", p.green("+"), value_text(new)),
        (Some(old), None) => format!("{label} {} {}", p.red("-"), value_text(old)),
        (old, new) => format!(
            "{label} {} → {}",
            p.red(&describe_value(old.as_ref())),
            p.green(&describe_value(new.as_ref()))
        ),
    }
}

fn value_text(v: &FieldValue) -> String {
    match v {
        FieldValue::Evidence(list) => list
            .iter()
            .map(evidence_text)
            .collect::<Vec<_>>()
            .join("; "),
        v => describe_value(Some(v)),
    }
}

/// One imported scan in a line: tool, version, when it ran, the file and
/// its counts.
fn scan_text(s: &crate::assessment::ScanRecord) -> String {
    let version = s
        .version
        .as_deref()
        .map_or_else(String::new, |v| format!(" {v}"));
    format!(
        "{}{version} scan of {} ({}, imported {}): {} passed, {} failed, {} not judged",
        s.tool.label(),
        s.ran.format("%Y-%m-%d %H:%M UTC"),
        s.file,
        s.imported,
        s.passed.len(),
        s.failed.len(),
        s.not_judged
    )
}

fn evidence_text(e: &Evidence) -> String {
    let mut s = format!("\"{}\"", sanitize(e.what.trim()));
    if let Some(l) = &e.location {
        let _ = write!(s, " · {}", sanitize(l.trim()));
    }
    if let Some(d) = e.date {
        let _ = write!(s, " · {d}");
    }
    s
}

fn session_text(s: &Session) -> String {
    let mut out = sanitize(&s.id);
    if let Some(d) = s.date
        && d.to_string() != s.id
    {
        let _ = write!(out, " ({d})");
    }
    if let Some(f) = &s.facilitator {
        let _ = write!(out, ", facilitated by {}", sanitize(f));
    }
    if !s.attendees.is_empty() {
        let _ = write!(out, ", with {}", sanitize(&s.attendees.join(", ")));
    }
    out
}

fn findings_text(out: &mut String, p: Paint, title: &str, findings: &[Finding], resolved: bool) {
    if findings.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{}",
        p.bold(&format!("{title} ({})", findings.len()))
    );
    for f in findings {
        let mark = if resolved { p.green("✓") } else { p.red("!") };
        let _ = writeln!(out, "  {mark} [{}] {}", f.severity, sanitize(&f.message));
    }
}

fn conflicts_text(out: &mut String, p: Paint, title: &str, conflicts: &[Conflict]) {
    if conflicts.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{}",
        p.bold(&format!("{title} ({})", conflicts.len()))
    );
    for c in conflicts {
        let _ = writeln!(out, "  {} {}", p.yellow("≠"), c.describe());
    }
}

/// The diff as Markdown, for a pull request or a review record.
pub fn diff_markdown(d: &AssessmentDiff, old: &str, new: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Assessment changes: {}\n",
        escape_markdown(&d.organisation)
    );
    let _ = writeln!(
        out,
        "{} → {}, findings as of {}.\n",
        md_code(old),
        md_code(new),
        d.as_of
    );
    let _ = writeln!(out, "| Summary | |\n|---|---|");
    let rows = d.counts.rows();
    if rows.is_empty() {
        let _ = writeln!(out, "| Changes | {} |", d.counts.headline());
    }
    for (what, row) in rows {
        let _ = writeln!(out, "| {} | {row} |", capitalise(what));
    }
    let _ = writeln!(
        out,
        "| Progress | {} → {} of {} items answered |",
        d.progress_old.answered, d.progress_new.answered, d.progress_new.total
    );

    if !d.assessment.is_empty() {
        let _ = writeln!(out, "\n## Assessment\n");
        let _ = writeln!(out, "| Field | Before | After |\n|---|---|---|");
        for c in &d.assessment {
            let _ = writeln!(out, "| {} | {} |", c.field.label(), md_change(c));
        }
    }
    if !d.sessions_added.is_empty()
        || !d.sessions_removed.is_empty()
        || !d.sessions_changed.is_empty()
    {
        let _ = writeln!(out, "\n## Sessions\n");
        for s in &d.sessions_added {
            let _ = writeln!(out, "- Added: {}", escape_markdown(&session_text(s)));
        }
        for s in &d.sessions_removed {
            let _ = writeln!(out, "- Removed: {}", escape_markdown(&session_text(s)));
        }
        for s in &d.sessions_changed {
            for c in &s.changes {
                let _ = writeln!(
                    out,
                    "- {} {}: {} → {}",
                    escape_markdown(&s.id),
                    c.field.label(),
                    escape_markdown(&describe_value(c.old.as_ref())),
                    escape_markdown(&describe_value(c.new.as_ref()))
                );
            }
        }
    }
    if !d.scans_added.is_empty() || !d.scans_removed.is_empty() {
        let _ = writeln!(out, "\n## Tenant scans\n");
        for s in &d.scans_added {
            let _ = writeln!(out, "- Imported: {}", escape_markdown(&scan_text(s)));
        }
        for s in &d.scans_removed {
            let _ = writeln!(out, "- Removed: {}", escape_markdown(&scan_text(s)));
        }
    }
    if !d.items.is_empty() {
        let _ = writeln!(out, "\n## Items ({} changed)\n", d.items.len());
        let _ = writeln!(out, "| Item | Field | Before | After |\n|---|---|---|---|");
        for item in &d.items {
            let mut first = true;
            let mut head = || {
                if std::mem::take(&mut first) {
                    let gap = match item.gap {
                        Some(GapChange::Opened) => " (gap opened)",
                        Some(GapChange::Closed) => " (gap closed)",
                        None => "",
                    };
                    format!(
                        "**{}** {}{gap}",
                        escape_markdown(&item.id),
                        escape_markdown(&item.title)
                    )
                } else {
                    String::new()
                }
            };
            for c in &item.changes {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    head(),
                    c.field.label(),
                    md_change(c)
                );
            }
            for e in &item.evidence_added {
                let _ = writeln!(
                    out,
                    "| {} | evidence added | | {} |",
                    head(),
                    escape_markdown(&evidence_text(e))
                );
            }
            for e in &item.evidence_removed {
                let _ = writeln!(
                    out,
                    "| {} | evidence removed | {} | |",
                    head(),
                    escape_markdown(&evidence_text(e))
                );
            }
        }
    }
    for (title, findings) in [
        ("Findings resolved", &d.findings_resolved),
        ("Findings opened", &d.findings_opened),
    ] {
        if findings.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## {title} ({})\n", findings.len());
        for f in findings {
            let _ = writeln!(out, "- **{}** {}", f.severity, escape_markdown(&f.message));
        }
    }
    for (title, conflicts) in [
        ("Merge conflicts recorded", &d.conflicts_added),
        ("Merge conflicts resolved", &d.conflicts_resolved),
    ] {
        if conflicts.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## {title} ({})\n", conflicts.len());
        for c in conflicts {
            let _ = writeln!(out, "- {}", escape_markdown(&c.describe()));
        }
    }
    out
}

fn md_code(s: &str) -> String {
    format!("`{}`", sanitize(s).replace('`', "'"))
}

/// "before | after" cells.
fn md_change(c: &FieldChange) -> String {
    let cell = |v: &Option<FieldValue>| match v {
        None => String::new(),
        Some(v) => escape_markdown(&value_text(v)),
    };
    format!("{} | {}", cell(&c.old), cell(&c.new))
}

#[derive(Serialize)]
struct JsonDiff {
    old: String,
    new: String,
    headline: String,
    #[serde(flatten)]
    diff: AssessmentDiff,
}

/// The diff as JSON. Control characters are stripped from the
/// assessment's text (line breaks in notes are kept).
pub fn diff_json(d: &AssessmentDiff, old: &str, new: &str) -> String {
    let report = JsonDiff {
        old: sanitize_data(old),
        new: sanitize_data(new),
        headline: d.counts.headline(),
        diff: clean_diff(d),
    };
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
    out.push('\n');
    crate::text::json_escape_invisible(out)
}

fn clean_diff(d: &AssessmentDiff) -> AssessmentDiff {
    let mut d = d.clone();
    d.organisation = sanitize_data(&d.organisation);
    let clean_changes = |changes: &mut Vec<FieldChange>| {
        for c in changes {
            for v in [&mut c.old, &mut c.new].into_iter().flatten() {
                clean_value(v);
            }
        }
    };
    clean_changes(&mut d.assessment);
    for s in &mut d.sessions_changed {
        clean_changes(&mut s.changes);
    }
    for s in d
        .sessions_added
        .iter_mut()
        .chain(d.sessions_removed.iter_mut())
    {
        s.facilitator = s.facilitator.as_deref().map(sanitize_data);
        s.attendees = s.attendees.iter().map(|a| sanitize_data(a)).collect();
    }
    for s in d.scans_added.iter_mut().chain(d.scans_removed.iter_mut()) {
        s.file = sanitize_data(&s.file);
        s.version = s.version.as_deref().map(sanitize_data);
        s.tenant = s.tenant.as_deref().map(sanitize_data);
        s.passed.iter_mut().for_each(|id| *id = sanitize_data(id));
        s.unmapped.iter_mut().for_each(|id| *id = sanitize_data(id));
        for f in &mut s.failed {
            f.id = sanitize_data(&f.id);
            f.title = sanitize_data(&f.title);
        }
    }
    for item in &mut d.items {
        clean_changes(&mut item.changes);
        for e in item
            .evidence_added
            .iter_mut()
            .chain(item.evidence_removed.iter_mut())
        {
            clean_evidence(e);
        }
    }
    for f in d
        .findings_opened
        .iter_mut()
        .chain(d.findings_resolved.iter_mut())
    {
        f.message = sanitize_data(&f.message);
        f.owner = f.owner.as_deref().map(sanitize_data);
    }
    for c in d
        .conflicts_added
        .iter_mut()
        .chain(d.conflicts_resolved.iter_mut())
    {
        for v in [&mut c.ours, &mut c.theirs].into_iter().flatten() {
            clean_value(v);
        }
    }
    d
}

fn clean_evidence(e: &mut Evidence) {
    e.what = sanitize_data(&e.what);
    e.location = e.location.as_deref().map(sanitize_data);
}

fn clean_value(v: &mut FieldValue) {
    match v {
        FieldValue::Text(s) => *s = sanitize_data_multiline(s),
        FieldValue::Texts(list) => {
            for s in list {
                *s = sanitize_data(s);
            }
        }
        FieldValue::Evidence(list) => list.iter_mut().for_each(clean_evidence),
        FieldValue::Observations(list) => {
            for o in list {
                o.scan = sanitize_data(&o.scan);
                o.failing.iter_mut().for_each(|f| *f = sanitize_data(f));
            }
        }
        FieldValue::Action(a) => {
            a.what = sanitize_data(&a.what);
            a.owner = a.owner.as_deref().map(sanitize_data);
        }
        FieldValue::Number(_)
        | FieldValue::Date(_)
        | FieldValue::Answer(_)
        | FieldValue::Reasons(_) => {}
    }
}

/// One commit that touched the assessment file, with what it changed.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub commit: String,
    pub short: String,
    pub author: String,
    pub date: NaiveDate,
    pub subject: String,
    /// The file's path in that commit.
    pub path: String,
    /// The path before, when the commit renamed the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// The change against the commit's (first) parent, or why it could
    /// not be read.
    #[serde(flatten)]
    pub change: HistoryChange,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryChange {
    Diff(Box<HistoryDiff>),
    Unreadable(String),
}

/// The summary of one commit's change (the counts, the gaps by id).
#[derive(Debug, Clone, Serialize)]
pub struct HistoryDiff {
    pub headline: String,
    pub counts: DiffCounts,
    pub gaps_opened: Vec<String>,
    pub gaps_closed: Vec<String>,
    pub answered: usize,
    pub total: usize,
}

impl HistoryDiff {
    pub fn new(d: &AssessmentDiff) -> Self {
        let gaps = |g: GapChange| {
            d.items
                .iter()
                .filter(|i| i.gap == Some(g))
                .map(|i| i.id.clone())
                .collect()
        };
        HistoryDiff {
            headline: d.counts.headline(),
            counts: d.counts,
            gaps_opened: gaps(GapChange::Opened),
            gaps_closed: gaps(GapChange::Closed),
            answered: d.progress_new.answered,
            total: d.progress_new.total,
        }
    }
}

/// The history as text, newest first.
pub fn history_text(file: &str, entries: &[HistoryEntry], colour: bool) -> String {
    let p = Paint { on: colour };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} ({} commit{})",
        p.bold("gapwalk log:"),
        sanitize(file),
        entries.len(),
        if entries.len() == 1 { "" } else { "s" }
    );
    for e in entries {
        let _ = writeln!(
            out,
            "\n{} {} {}  {}",
            p.yellow(&e.short),
            e.date,
            sanitize(&e.author),
            p.bold(&sanitize(&e.subject))
        );
        if let Some(from) = &e.renamed_from {
            let _ = writeln!(
                out,
                "    renamed from {} to {}",
                sanitize(from),
                sanitize(&e.path)
            );
        }
        match &e.change {
            HistoryChange::Diff(h) => {
                let _ = writeln!(out, "    {}", h.headline);
                if !h.gaps_opened.is_empty() {
                    let _ = writeln!(
                        out,
                        "    {} {}",
                        p.red("gaps opened:"),
                        h.gaps_opened.join(", ")
                    );
                }
                if !h.gaps_closed.is_empty() {
                    let _ = writeln!(
                        out,
                        "    {} {}",
                        p.green("gaps closed:"),
                        h.gaps_closed.join(", ")
                    );
                }
                let _ = writeln!(
                    out,
                    "    {}",
                    p.dim(&format!("{} of {} items answered", h.answered, h.total))
                );
            }
            HistoryChange::Unreadable(why) => {
                let _ = writeln!(
                    out,
                    "    {}",
                    p.red(&format!("not readable: {}", sanitize(why)))
                );
            }
        }
    }
    out
}

/// The history as Markdown: one row per commit.
pub fn history_markdown(file: &str, entries: &[HistoryEntry]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# History of {}\n", md_code(file));
    let _ = writeln!(
        out,
        "| Commit | Date | Author | Subject | Changes | Gaps opened | Gaps closed | Answered |\n|---|---|---|---|---|---|---|---:|"
    );
    for e in entries {
        let renamed = e.renamed_from.as_deref().map_or_else(String::new, |from| {
            format!("renamed from {} to {}; ", md_code(from), md_code(&e.path))
        });
        let (changes, opened, closed, answered) = match &e.change {
            HistoryChange::Diff(h) => (
                format!("{renamed}{}", escape_markdown(&h.headline)),
                h.gaps_opened.join(", "),
                h.gaps_closed.join(", "),
                format!("{} of {}", h.answered, h.total),
            ),
            HistoryChange::Unreadable(why) => (
                format!("not readable: {}", escape_markdown(why)),
                String::new(),
                String::new(),
                String::new(),
            ),
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {changes} | {opened} | {closed} | {answered} |",
            e.short,
            e.date,
            escape_markdown(&e.author),
            escape_markdown(&e.subject)
        );
    }
    out
}

/// The history as JSON: an array of commits, newest first.
pub fn history_json(entries: &[HistoryEntry]) -> String {
    let cleaned: Vec<HistoryEntry> = entries
        .iter()
        .map(|e| HistoryEntry {
            author: sanitize_data(&e.author),
            subject: sanitize_data(&e.subject),
            path: sanitize_data(&e.path),
            renamed_from: e.renamed_from.as_deref().map(sanitize_data),
            change: match &e.change {
                HistoryChange::Unreadable(why) => HistoryChange::Unreadable(sanitize_data(why)),
                other => other.clone(),
            },
            ..e.clone()
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&cleaned).unwrap_or_default();
    out.push('\n');
    crate::text::json_escape_invisible(out)
}
