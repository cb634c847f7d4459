//! `gapwalk log`: each commit's changes as a document (text, Markdown) and as JSON, with its schema.

use super::*;

/// One commit that touched the assessment file, with what it changed.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HistoryChange {
    Diff(Box<HistoryDiff>),
    Unreadable(String),
}

/// The summary of one commit's change (the counts, the gaps by id).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct HistoryDiff {
    pub headline: String,
    /// What changed, item by item ("A.6.3: answered we-manage, owner
    /// \"HR lead\""), then risk by risk ("R-07: likelihood 2 → 3"): an
    /// auditor asks what changed, not how much.
    pub items: Vec<String>,
    pub counts: DiffCounts,
    pub gaps_opened: Vec<String>,
    pub gaps_closed: Vec<String>,
    pub answered: usize,
    pub total: usize,
}

/// One line for what changed in an item: "A.6.3: answered we-manage,
/// owner \"HR lead\", 1 evidence entry added". `None` when nothing did.
pub(crate) fn item_summary(i: &ItemDiff) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in &i.changes {
        let label = c.field.label();
        let part = match (c.field, &c.old, &c.new) {
            (Field::Answer, None, Some(new)) => format!("answered {}", describe_value(Some(new))),
            (Field::Answer, Some(_), None) => "answer cleared".to_string(),
            (Field::Action, None, Some(_)) => "action added".to_string(),
            (Field::Action, Some(_), None) => "action removed".to_string(),
            (Field::ActionDone, None, Some(d)) => {
                format!("action done {}", describe_value(Some(d)))
            }
            // Who changed the item last is the session, which the log
            // shows by its commit.
            (Field::Session, ..) => continue,
            (_, _, None) => format!("{label} removed"),
            (Field::Notes | Field::Reliance | Field::Justification | Field::FollowUp, ..) => {
                format!("{label} changed")
            }
            (_, Some(old), Some(new)) => format!(
                "{label} {} → {}",
                describe_value(Some(old)),
                describe_value(Some(new))
            ),
            (_, None, Some(new)) => format!("{label} {}", describe_value(Some(new))),
        };
        parts.push(part);
    }
    let count = |n: usize, what: &str| match n {
        0 => None,
        1 => Some(format!("1 evidence entry {what}")),
        n => Some(format!("{n} evidence entries {what}")),
    };
    parts.extend(count(i.evidence_added.len(), "added"));
    parts.extend(count(i.evidence_removed.len(), "removed"));
    (!parts.is_empty()).then(|| format!("{}: {}", i.id, parts.join(", ")))
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
            items: d
                .items
                .iter()
                .filter_map(item_summary)
                .chain(risks::risk_summaries(d))
                .collect(),
            counts: d.counts.clone(),
            gaps_opened: gaps(GapChange::Opened),
            gaps_closed: gaps(GapChange::Closed),
            answered: d.progress_new.answered,
            total: d.progress_new.total,
        }
    }
}

/// The history as a document: one entry per commit, newest first.
pub(super) fn history_document(file: &str, entries: &[HistoryEntry]) -> Doc {
    let commits = entries
        .iter()
        .map(|e| {
            let renamed = e.renamed_from.as_deref().map(|from| {
                Inline::new()
                    .plain("renamed from ")
                    .push(Tone::Code, from)
                    .plain(" to ")
                    .push(Tone::Code, e.path.clone())
            });
            let mut c = Commit {
                short: e.short.clone(),
                date: e.date,
                author: e.author.clone(),
                subject: e.subject.clone(),
                renamed,
                summary: String::new(),
                unreadable: false,
                items: Vec::new(),
                gaps_opened: Vec::new(),
                gaps_closed: Vec::new(),
                answered: String::new(),
            };
            match &e.change {
                HistoryChange::Diff(h) => {
                    c.summary = h.headline.clone();
                    c.items = h.items.clone();
                    c.gaps_opened = h.gaps_opened.clone();
                    c.gaps_closed = h.gaps_closed.clone();
                    c.answered = format!("{} of {} items answered", h.answered, h.total);
                }
                HistoryChange::Unreadable(why) => {
                    c.summary = format!("not readable: {why}");
                    c.unreadable = true;
                }
            }
            c
        })
        .collect();
    let mut s = Section::new("commits", "");
    s.push(Block::Commits(commits));
    Doc {
        kind: "History".to_string(),
        subject: file.to_string(),
        title: Inline::new().plain("History of ").push(Tone::Code, file),
        banner: vec![Inline::new().strong("gapwalk log:").plain(format!(
            " {file} ({} commit{})",
            entries.len(),
            if entries.len() == 1 { "" } else { "s" }
        ))],
        sections: vec![s],
        ..Doc::default()
    }
}

/// The history as text, newest first.
pub fn history_text(file: &str, entries: &[HistoryEntry], colour: bool) -> String {
    plain(&history_document(file, entries), colour)
}

/// The history as Markdown: one row per commit.
pub fn history_markdown(file: &str, entries: &[HistoryEntry]) -> String {
    markdown(&history_document(file, entries))
}

/// The history as JSON: `{"format", "commits"}`, the commits newest
/// first.
#[derive(Serialize, schemars::JsonSchema)]
#[schemars(rename = "GapwalkLog")]
pub(super) struct JsonHistory {
    /// The shape and its version: `gapwalk.log/1`.
    #[schemars(extend("const" = crate::report::formats::LOG))]
    format: &'static str,
    commits: Vec<HistoryEntry>,
}

/// The JSON Schema of [`history_json`]'s output.
pub fn history_schema() -> schemars::Schema {
    crate::report::formats::output_schema::<JsonHistory>()
}

/// The history as JSON.
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
    let mut out = serde_json::to_string_pretty(&JsonHistory {
        format: crate::report::formats::LOG,
        commits: cleaned,
    })
    .unwrap_or_default();
    out.push('\n');
    crate::text::json_escape_invisible(out)
}
