//! The semantic diff of two versions of an assessment: what changed item by
//! item, which gaps opened and closed, which governance findings opened
//! and were resolved.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Finding, FindingKind, Progress, Summary};
use crate::assessment::{
    Answer, Assessment, Conflict, Evidence, Field, FieldValue, ItemRecord, Kind, Place, PlaceKind,
    ScanRecord, Session, Table, fields_of,
};
use crate::catalog::Catalog;

mod counts;
mod risks;
pub use risks::RiskDiff;

/// One field's change. `None` is "not set".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FieldChange {
    pub field: Field,
    pub old: Option<FieldValue>,
    pub new: Option<FieldValue>,
}

/// A gap appearing or going away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum GapChange {
    /// Now answered `gap`, before not.
    Opened,
    /// Before answered `gap`, now not.
    Closed,
}

/// What changed in one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ItemDiff {
    pub id: String,
    pub title: String,
    /// Changed fields in file order, evidence aside; the action as a whole
    /// when it was added or removed, else its changed parts.
    pub changes: Vec<FieldChange>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_added: Vec<Evidence>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_removed: Vec<Evidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<GapChange>,
}

/// A session's changed fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SessionDiff {
    pub id: String,
    pub changes: Vec<FieldChange>,
}

/// How many of each kind of change: the diff's summary.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
pub struct DiffCounts {
    pub items_changed: usize,
    /// No answer before, an answer now.
    pub answered: usize,
    /// One answer before, another now.
    pub answers_changed: usize,
    /// An answer before, none now.
    pub answers_cleared: usize,
    pub gaps_opened: usize,
    pub gaps_closed: usize,
    /// Owners named where there was none.
    pub owners_named: usize,
    /// Owners replaced by another.
    pub owners_changed: usize,
    /// Owners removed.
    pub owners_removed: usize,
    /// Review dates set or moved.
    pub reviews: usize,
    /// Review dates removed (a new cycle makes every item due again).
    pub reviews_cleared: usize,
    pub evidence_added: usize,
    pub evidence_removed: usize,
    pub actions_added: usize,
    /// Actions marked done.
    pub actions_done: usize,
    pub actions_removed: usize,
    pub findings_opened: usize,
    pub findings_resolved: usize,
    pub conflicts_added: usize,
    pub conflicts_resolved: usize,
    /// Tenant scan results imported (`[[scans]]` entries added).
    #[serde(skip_serializing_if = "is_zero")]
    pub scans_imported: usize,
    #[serde(skip_serializing_if = "is_zero")]
    pub scans_removed: usize,
    pub sessions_added: usize,
    pub sessions_removed: usize,
    pub sessions_changed: usize,
    /// Risks of the register added, removed and changed.
    #[serde(skip_serializing_if = "is_zero")]
    pub risks_added: usize,
    #[serde(skip_serializing_if = "is_zero")]
    pub risks_removed: usize,
    #[serde(skip_serializing_if = "is_zero")]
    pub risks_changed: usize,
    /// Every other field that changed (notes, justifications, reliance,
    /// an action's text, owner or due date, `[assessment]` fields…), in
    /// file order: how many items (for `[assessment]`: 1) changed it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldCount>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// How many places changed one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FieldCount {
    pub field: Field,
    pub changed: usize,
}

/// The fields the other counters already say (answers, owners, reviews,
/// evidence, an action added, removed or done) and the session trail.
fn counted_apart(f: Field) -> bool {
    matches!(
        f,
        Field::Answer
            | Field::Owner
            | Field::Reviewed
            | Field::Evidence
            | Field::Action
            | Field::Session
    )
}

/// A field's name in the headline: "2 notes changed", "scope changed".
fn field_noun(f: Field) -> &'static str {
    match f {
        Field::ActionWhat => "action text",
        Field::ActionOwner => "action owner",
        Field::ActionDue => "due date",
        Field::ActionDone => "done date",
        Field::ReliesOn => "capabilities relied on",
        Field::IncludedBecause => "inclusion reasons",
        f => f.label(),
    }
}

/// Everything that changed from `old` to `new`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AssessmentDiff {
    /// The date both sides' findings are computed for.
    pub as_of: NaiveDate,
    pub organisation: String,
    pub counts: DiffCounts,
    pub progress_old: Progress,
    pub progress_new: Progress,
    /// `[assessment]` fields that changed.
    pub assessment: Vec<FieldChange>,
    pub sessions_added: Vec<Session>,
    pub sessions_removed: Vec<Session>,
    pub sessions_changed: Vec<SessionDiff>,
    /// Tenant scan results imported, and removed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scans_added: Vec<ScanRecord>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scans_removed: Vec<ScanRecord>,
    /// Risks of the register added, removed and changed, in file order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub risks_added: Vec<crate::assessment::Risk>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub risks_removed: Vec<crate::assessment::Risk>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub risks_changed: Vec<RiskDiff>,
    /// Changed items in catalog order.
    pub items: Vec<ItemDiff>,
    /// Governance findings new in `new` ("unanswered" left out: see
    /// `counts.answered`).
    pub findings_opened: Vec<Finding>,
    /// Findings of `old` that `new` no longer has.
    pub findings_resolved: Vec<Finding>,
    pub conflicts_added: Vec<Conflict>,
    pub conflicts_resolved: Vec<Conflict>,
}

impl AssessmentDiff {
    /// Nothing at all changed (not even a session or a conflict).
    pub fn is_empty(&self) -> bool {
        self.assessment.is_empty()
            && self.sessions_added.is_empty()
            && self.sessions_removed.is_empty()
            && self.sessions_changed.is_empty()
            && self.scans_added.is_empty()
            && self.scans_removed.is_empty()
            && self.risks_added.is_empty()
            && self.risks_removed.is_empty()
            && self.risks_changed.is_empty()
            && self.items.is_empty()
            && self.conflicts_added.is_empty()
            && self.conflicts_resolved.is_empty()
    }
}

/// Compares two versions of an assessment, both judged as of `as_of`.
pub fn diff(
    catalog: &Catalog,
    old: &Assessment,
    new: &Assessment,
    as_of: NaiveDate,
) -> AssessmentDiff {
    let mut counts = DiffCounts::default();

    let assessment: Vec<FieldChange> = Field::of(PlaceKind::Assessment)
        .filter_map(|f| {
            change(
                f,
                old.field(&Place::Assessment, f),
                new.field(&Place::Assessment, f),
            )
        })
        .collect();

    let find = |a: &Assessment, id: &str| a.sessions.iter().find(|s| s.id == id).cloned();
    let sessions_added: Vec<Session> = new
        .sessions
        .iter()
        .filter(|s| find(old, &s.id).is_none())
        .cloned()
        .collect();
    let sessions_removed: Vec<Session> = old
        .sessions
        .iter()
        .filter(|s| find(new, &s.id).is_none())
        .cloned()
        .collect();
    let sessions_changed: Vec<SessionDiff> = new
        .sessions
        .iter()
        .filter(|s| find(old, &s.id).is_some())
        .filter_map(|s| {
            let place = Place::Session(s.id.clone());
            let changes: Vec<FieldChange> = Field::of(PlaceKind::Session)
                .filter_map(|f| change(f, old.field(&place, f), new.field(&place, f)))
                .collect();
            (!changes.is_empty()).then(|| SessionDiff {
                id: s.id.clone(),
                changes,
            })
        })
        .collect();

    let has = |a: &Assessment, s: &ScanRecord| a.scans.iter().any(|x| x.sha256 == s.sha256);
    let scans_added: Vec<ScanRecord> = new.scans.iter().filter(|s| !has(old, s)).cloned().collect();
    let scans_removed: Vec<ScanRecord> =
        old.scans.iter().filter(|s| !has(new, s)).cloned().collect();
    counts.scans_imported = scans_added.len();
    counts.scans_removed = scans_removed.len();
    let (risks_added, risks_removed, risks_changed) = risks::risk_changes(old, new);
    counts.risks_added = risks_added.len();
    counts.risks_removed = risks_removed.len();
    counts.risks_changed = risks_changed.len();

    let mut items = Vec::new();
    for item in catalog.items() {
        let (o, n) = (old.item(&item.id), new.item(&item.id));
        if o == n {
            continue;
        }
        let d = item_diff(&item.id, &item.title, o, n, &mut counts);
        if !d.changes.is_empty() || !d.evidence_added.is_empty() || !d.evidence_removed.is_empty() {
            items.push(d);
        }
    }
    counts.items_changed = items.len();
    counts.sessions_added = sessions_added.len();
    counts.sessions_removed = sessions_removed.len();
    counts.sessions_changed = sessions_changed.len();
    counts.fields = field_counts(&assessment, &items);

    let key = |f: &Finding| {
        (
            f.kind,
            f.item.clone(),
            f.risk.clone(),
            f.owner.clone(),
            conflict_key(f),
        )
    };
    let relevant = |f: &Finding| f.kind != FindingKind::Unanswered;
    let (summary_old, summary_new) = (
        Summary::new(catalog, old, as_of),
        Summary::new(catalog, new, as_of),
    );
    let (progress_old, progress_new) = (summary_old.progress, summary_new.progress);
    let before: Vec<Finding> = summary_old.findings.into_iter().filter(relevant).collect();
    let after: Vec<Finding> = summary_new.findings.into_iter().filter(relevant).collect();
    let before_keys: HashSet<_> = before.iter().map(key).collect();
    let after_keys: HashSet<_> = after.iter().map(key).collect();
    let findings_opened: Vec<Finding> = after
        .iter()
        .filter(|f| !before_keys.contains(&key(f)))
        .cloned()
        .collect();
    let findings_resolved: Vec<Finding> = before
        .iter()
        .filter(|f| !after_keys.contains(&key(f)))
        .cloned()
        .collect();
    counts.findings_opened = findings_opened.len();
    counts.findings_resolved = findings_resolved.len();

    let conflicts_added: Vec<Conflict> = new
        .conflicts
        .iter()
        .filter(|c| !old.conflicts.contains(c))
        .cloned()
        .collect();
    let conflicts_resolved: Vec<Conflict> = old
        .conflicts
        .iter()
        .filter(|c| !new.conflicts.contains(c))
        .cloned()
        .collect();
    counts.conflicts_added = conflicts_added.len();
    counts.conflicts_resolved = conflicts_resolved.len();

    AssessmentDiff {
        as_of,
        organisation: new.organisation.clone(),
        counts,
        progress_old,
        progress_new,
        assessment,
        sessions_added,
        sessions_removed,
        sessions_changed,
        scans_added,
        scans_removed,
        risks_added,
        risks_removed,
        risks_changed,
        items,
        findings_opened,
        findings_resolved,
        conflicts_added,
        conflicts_resolved,
    }
}

/// The fields no other counter names, in file order, with how many
/// places changed each.
fn field_counts(assessment: &[FieldChange], items: &[ItemDiff]) -> Vec<FieldCount> {
    let changed = assessment
        .iter()
        .chain(items.iter().flat_map(|i| &i.changes))
        // An action marked done is counted as done.
        .filter(|c| !(c.field == Field::ActionDone && c.old.is_none() && c.new.is_some()))
        .map(|c| c.field)
        .filter(|&f| !counted_apart(f));
    let mut out: Vec<FieldCount> = Vec::new();
    for f in changed {
        match out.iter_mut().find(|c| c.field == f) {
            Some(c) => c.changed += 1,
            None => out.push(FieldCount {
                field: f,
                changed: 1,
            }),
        }
    }
    let order = |f: Field| {
        crate::assessment::FIELDS
            .iter()
            .position(|d| d.field == f)
            .unwrap_or(usize::MAX)
    };
    out.sort_by_key(|c| order(c.field));
    out
}

/// Merge-conflict findings of one item differ by field; the message says
/// which.
fn conflict_key(f: &Finding) -> Option<String> {
    (f.kind == FindingKind::MergeConflict).then(|| f.message.clone())
}

fn change(field: Field, old: Option<FieldValue>, new: Option<FieldValue>) -> Option<FieldChange> {
    (old != new).then_some(FieldChange { field, old, new })
}

fn item_diff(
    id: &str,
    title: &str,
    o: &ItemRecord,
    n: &ItemRecord,
    counts: &mut DiffCounts,
) -> ItemDiff {
    // The plain fields, in file order; evidence and the action come after.
    let mut changes: Vec<FieldChange> = fields_of(Table::Item)
        .filter(|d| !matches!(d.kind, Kind::EvidenceList | Kind::Action))
        .filter_map(|d| change(d.field, d.field.get_item(o), d.field.get_item(n)))
        .collect();

    match (&o.action, &n.action) {
        (None, Some(_)) => {
            counts.actions_added += 1;
            changes.extend(change(Field::Action, None, Field::Action.get_item(n)));
        }
        (Some(_), None) => {
            counts.actions_removed += 1;
            changes.extend(change(Field::Action, Field::Action.get_item(o), None));
        }
        (Some(a), Some(b)) if a != b => {
            if a.done.is_none() && b.done.is_some() {
                counts.actions_done += 1;
            }
            changes.extend(
                fields_of(Table::Action)
                    .filter_map(|d| change(d.field, d.field.get_item(o), d.field.get_item(n))),
            );
        }
        _ => {}
    }

    let mut remaining = o.evidence.clone();
    let mut evidence_added = Vec::new();
    for e in &n.evidence {
        match remaining.iter().position(|x| x == e) {
            Some(i) => {
                remaining.remove(i);
            }
            None => evidence_added.push(e.clone()),
        }
    }
    let evidence_removed = remaining;
    counts.evidence_added += evidence_added.len();
    counts.evidence_removed += evidence_removed.len();

    match (o.answer, n.answer) {
        (None, Some(_)) => counts.answered += 1,
        (Some(_), None) => counts.answers_cleared += 1,
        (Some(a), Some(b)) if a != b => counts.answers_changed += 1,
        _ => {}
    }
    let gap = match (o.answer == Some(Answer::Gap), n.answer == Some(Answer::Gap)) {
        (false, true) => Some(GapChange::Opened),
        (true, false) => Some(GapChange::Closed),
        _ => None,
    };
    match gap {
        Some(GapChange::Opened) => counts.gaps_opened += 1,
        Some(GapChange::Closed) => counts.gaps_closed += 1,
        None => {}
    }
    match (o.owner(), n.owner()) {
        (None, Some(_)) => counts.owners_named += 1,
        (Some(_), None) => counts.owners_removed += 1,
        (Some(a), Some(b)) if a != b => counts.owners_changed += 1,
        _ => {}
    }
    match (o.reviewed, n.reviewed) {
        (_, Some(new)) if o.reviewed != Some(new) => counts.reviews += 1,
        (Some(_), None) => counts.reviews_cleared += 1,
        _ => {}
    }
    ItemDiff {
        id: id.to_string(),
        title: title.to_string(),
        changes,
        evidence_added,
        evidence_removed,
        gap,
    }
}
