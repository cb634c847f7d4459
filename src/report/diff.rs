//! The semantic diff and the file's history, as text (optionally coloured
//! for a terminal), Markdown and JSON.

use chrono::NaiveDate;
use serde::Serialize;

use super::doc::{
    Block, Change, ChangeGroup, Changes, Commit, Doc, Fact, FindingLine, Head, Inline, Section,
    Span, Tone,
};
use super::markdown::markdown;
use super::plain::plain;
use crate::analysis::{AssessmentDiff, DiffCounts, FieldChange, GapChange, ItemDiff};
use crate::assessment::{Evidence, Field, FieldValue, Session, describe_value};
use crate::text::{sanitize, sanitize_data, sanitize_data_multiline};

mod history;
pub use history::{
    HistoryChange, HistoryDiff, HistoryEntry, history_json, history_markdown, history_schema,
    history_text,
};
mod risks;
pub(crate) use risks::clean_risk;

/// The diff as a document: the summary first, then the assessment,
/// sessions and items that changed, then findings resolved and opened and
/// merge conflicts recorded and resolved.
fn diff_document(d: &AssessmentDiff, old: &str, new: &str) -> Doc {
    let mut summary = Section::new("summary", "");
    let mut facts: Vec<Fact> = d
        .counts
        .rows()
        .into_iter()
        .map(|(what, row)| Fact::new(what, row))
        .collect();
    if facts.is_empty() {
        facts.push(Fact::new("changes", d.counts.headline()));
    }
    facts.push(Fact::new(
        "progress",
        format!(
            "{} → {} of {} items answered",
            d.progress_old.answered, d.progress_new.answered, d.progress_new.total
        ),
    ));
    summary.push(Block::FactTable("Summary".to_string(), facts));
    let mut sections = vec![summary];

    if !d.assessment.is_empty() {
        let mut s = Section::new("assessment", "Assessment");
        s.push(Block::Changes(Changes {
            head: String::new(),
            groups: vec![ChangeGroup {
                head: None,
                changes: d.assessment.iter().map(field_change).collect(),
            }],
        }));
        sections.push(s);
    }
    if !d.sessions_added.is_empty()
        || !d.sessions_removed.is_empty()
        || !d.sessions_changed.is_empty()
    {
        let whole = |tone, s: &Session| ChangeGroup {
            head: None,
            changes: vec![Change::Whole(tone, "session".to_string(), session_text(s))],
        };
        let mut groups: Vec<ChangeGroup> = d
            .sessions_added
            .iter()
            .map(|s| whole(Tone::Added, s))
            .chain(d.sessions_removed.iter().map(|s| whole(Tone::Removed, s)))
            .collect();
        groups.extend(d.sessions_changed.iter().map(|s| ChangeGroup {
            head: Some(Head {
                id: Inline::from(s.id.as_str()),
                title: None,
                note: None,
            }),
            changes: s.changes.iter().map(field_change).collect(),
        }));
        let mut s = Section::new("sessions", "Sessions");
        s.push(Block::Changes(Changes {
            head: "Session".to_string(),
            groups,
        }));
        sections.push(s);
    }
    if !d.scans_added.is_empty() || !d.scans_removed.is_empty() {
        let whole = |tone, s: &crate::assessment::ScanRecord| ChangeGroup {
            head: None,
            changes: vec![Change::Whole(tone, "scan".to_string(), scan_text(s))],
        };
        let groups = d
            .scans_added
            .iter()
            .map(|s| whole(Tone::Added, s))
            .chain(d.scans_removed.iter().map(|s| whole(Tone::Removed, s)))
            .collect();
        let mut s = Section::new("scans", "Tenant scans");
        s.push(Block::Changes(Changes {
            head: "Scan".to_string(),
            groups,
        }));
        sections.push(s);
    }
    sections.extend(risks::risks_section(d));
    if !d.items.is_empty() {
        let groups = d
            .items
            .iter()
            .map(|item| {
                let note = match item.gap {
                    Some(GapChange::Opened) => Some(("gap opened".to_string(), Tone::Removed)),
                    Some(GapChange::Closed) => Some(("gap closed".to_string(), Tone::Added)),
                    None => None,
                };
                let mut changes: Vec<Change> = item.changes.iter().map(field_change).collect();
                changes.extend(
                    item.evidence_added
                        .iter()
                        .map(|e| Change::Added("evidence".to_string(), evidence_text(e))),
                );
                changes.extend(
                    item.evidence_removed
                        .iter()
                        .map(|e| Change::Removed("evidence".to_string(), evidence_text(e))),
                );
                ChangeGroup {
                    head: Some(Head {
                        id: Inline::new().strong(item.id.clone()),
                        title: Some(item.title.clone()),
                        note,
                    }),
                    changes,
                }
            })
            .collect();
        let mut s = Section::new("items", format!("Items ({} changed)", d.items.len()));
        s.push(Block::Changes(Changes {
            head: "Item".to_string(),
            groups,
        }));
        sections.push(s);
    }
    for (id, title, findings, mark) in [
        (
            "resolved",
            "Findings resolved",
            &d.findings_resolved,
            Span {
                text: "✓".to_string(),
                tone: Tone::Added,
            },
        ),
        (
            "opened",
            "Findings opened",
            &d.findings_opened,
            Span {
                text: "!".to_string(),
                tone: Tone::Removed,
            },
        ),
    ] {
        if findings.is_empty() {
            continue;
        }
        let mut s = Section::new(id, format!("{title} ({})", findings.len()));
        s.push(Block::Findings(
            findings
                .iter()
                .map(|f| FindingLine {
                    severity: f.severity,
                    title: None,
                    message: f.message.clone(),
                    mark: Some(mark.clone()),
                })
                .collect(),
        ));
        sections.push(s);
    }
    for (id, title, conflicts) in [
        (
            "conflicts-recorded",
            "Merge conflicts recorded",
            &d.conflicts_added,
        ),
        (
            "conflicts-resolved",
            "Merge conflicts resolved",
            &d.conflicts_resolved,
        ),
    ] {
        if conflicts.is_empty() {
            continue;
        }
        let mut s = Section::new(id, format!("{title} ({})", conflicts.len()));
        s.push(Block::Marked(
            conflicts
                .iter()
                .map(|c| {
                    (
                        Span {
                            text: "≠".to_string(),
                            tone: Tone::Mark,
                        },
                        Inline::from(c.describe()),
                    )
                })
                .collect(),
        ));
        sections.push(s);
    }
    if d.is_empty() {
        let mut s = Section::new("same", "");
        s.push(Block::Note(Inline::from(
            "The two versions record the same assessment.",
        )));
        sections.push(s);
    }
    Doc {
        kind: "Assessment changes".to_string(),
        subject: d.organisation.clone(),
        title: Inline::from(format!("Assessment changes: {}", d.organisation)),
        subtitle: Some(
            Inline::new()
                .push(Tone::Code, old)
                .plain(" → ")
                .push(Tone::Code, new)
                .plain(format!(", findings as of {}.", d.as_of)),
        ),
        banner: vec![
            Inline::new()
                .strong("gapwalk diff:")
                .plain(format!(" {old} → {new}")),
            Inline::from(format!("{} · findings as of {}", d.organisation, d.as_of)),
        ],
        date: Some(d.as_of),
        sections,
        ..Doc::default()
    }
}

fn field_change(c: &FieldChange) -> Change {
    Change::Field {
        label: c.field.label().to_string(),
        old: c.old.as_ref().map(value_text),
        new: c.new.as_ref().map(value_text),
    }
}

/// The diff as text for a terminal or a log. `colour` adds ANSI colours
/// (only for a terminal).
pub fn diff_text(d: &AssessmentDiff, old: &str, new: &str, colour: bool) -> String {
    plain(&diff_document(d, old, new), colour)
}

/// The diff as Markdown, for a pull request or a review record.
pub fn diff_markdown(d: &AssessmentDiff, old: &str, new: &str) -> String {
    markdown(&diff_document(d, old, new))
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
        sanitize(&s.file),
        s.imported,
        s.passed.len(),
        s.failed.len(),
        s.not_judged
    )
}

fn evidence_text(e: &Evidence) -> String {
    let mut s = format!("\"{}\"", sanitize(e.what.trim()));
    if let Some(l) = &e.location {
        s.push_str(&format!(" · {}", sanitize(l.trim())));
    }
    if let Some(d) = e.date {
        s.push_str(&format!(" · {d}"));
    }
    s
}

fn session_text(s: &Session) -> String {
    let mut out = sanitize(&s.id);
    if let Some(d) = s.date
        && d.to_string() != s.id
    {
        out.push_str(&format!(" ({d})"));
    }
    if let Some(f) = &s.facilitator {
        out.push_str(&format!(", facilitated by {}", sanitize(f)));
    }
    if !s.attendees.is_empty() {
        out.push_str(&format!(", with {}", sanitize(&s.attendees.join(", "))));
    }
    out
}

#[derive(Serialize, schemars::JsonSchema)]
#[schemars(rename = "GapwalkDiff")]
struct JsonDiff {
    /// The shape and its version: `gapwalk.diff/1`.
    #[schemars(extend("const" = super::formats::DIFF))]
    format: &'static str,
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
        format: super::formats::DIFF,
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
    risks::clean_risks(&mut d, clean_value);
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
        f.risk = f.risk.as_deref().map(sanitize_data);
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
        | FieldValue::Treatment(_)
        | FieldValue::Reasons(_) => {}
    }
}

/// The JSON Schema of [`diff_json`]'s output.
pub fn diff_schema() -> schemars::Schema {
    crate::report::formats::output_schema::<JsonDiff>()
}
