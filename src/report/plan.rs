//! The remediation plan: every open action and every untracked gap,
//! overdue first, then by due date.

use chrono::NaiveDate;
use serde::Serialize;

use super::csv::Csv;
use super::doc::{Block, Cell, Doc, Fact, Inline, Section, Table};
use super::ics::Calendar;
use super::licence_names;
use crate::assessment::{Answer, Assessment, non_blank};
use crate::catalog::Catalog;
use crate::text::sanitize;

/// Where a plan entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlanStatus {
    /// The due date has passed.
    Overdue,
    /// An open action, not overdue.
    Open,
    /// A gap with no action that has both an owner and a due date.
    UntrackedGap,
}

impl PlanStatus {
    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::Overdue => "Overdue",
            PlanStatus::Open => "Open",
            PlanStatus::UntrackedGap => "Untracked gap",
        }
    }
}

/// One line of the remediation plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanEntry {
    pub item: String,
    pub title: String,
    pub answer: Option<Answer>,
    pub status: PlanStatus,
    /// The action, if one is recorded.
    pub action: Option<String>,
    /// The action's owner.
    pub owner: Option<String>,
    /// The item's owner, accountable when the action has none.
    pub item_owner: Option<String>,
    pub due: Option<NaiveDate>,
    /// Days past the due date, for overdue entries.
    pub days_overdue: Option<i64>,
}

/// The plan's entries: overdue first, then by due date, then entries
/// without a date; ties in catalog order.
pub fn plan_entries(catalog: &Catalog, a: &Assessment, as_of: NaiveDate) -> Vec<PlanEntry> {
    let mut out = Vec::new();
    for item in catalog.items() {
        let r = a.item(&item.id);
        let open = r.action.as_ref().filter(|act| act.done.is_none());
        let tracked = r.action.as_ref().is_some_and(|act| act.is_tracked());
        let untracked_gap = r.answer == Some(Answer::Gap) && !tracked;
        if open.is_none() && !untracked_gap {
            continue;
        }
        let due = open.and_then(|act| act.due);
        let overdue = due.filter(|&d| d < as_of);
        let status = if overdue.is_some() {
            PlanStatus::Overdue
        } else if untracked_gap {
            PlanStatus::UntrackedGap
        } else {
            PlanStatus::Open
        };
        out.push(PlanEntry {
            item: item.id.to_string(),
            title: item.title.to_string(),
            answer: r.answer,
            status,
            action: open.and_then(|act| non_blank(Some(&act.what)).map(str::to_string)),
            owner: open.and_then(|act| non_blank(act.owner.as_deref()).map(str::to_string)),
            item_owner: r.owner().map(str::to_string),
            due,
            days_overdue: overdue.map(|d| (as_of - d).num_days()),
        });
    }
    // A stable sort keeps catalog order among equals.
    out.sort_by_key(|e| (e.status != PlanStatus::Overdue, e.due.is_none(), e.due));
    out
}

/// The plan with its context.
#[derive(Debug, Clone)]
pub struct PlanDocument {
    pub organisation: String,
    pub scope: Option<String>,
    pub licences: Vec<String>,
    pub as_of: NaiveDate,
    pub entries: Vec<PlanEntry>,
}

impl PlanDocument {
    pub fn new(catalog: &Catalog, a: &Assessment, as_of: NaiveDate) -> Self {
        PlanDocument {
            organisation: a.organisation.clone(),
            scope: a.scope.clone(),
            licences: licence_names(catalog, &a.licences),
            as_of,
            entries: plan_entries(catalog, a, as_of),
        }
    }

    pub fn count(&self, status: PlanStatus) -> usize {
        self.entries.iter().filter(|e| e.status == status).count()
    }

    /// Entries a calendar cannot show, for lack of a due date.
    pub fn undated(&self) -> usize {
        self.entries.iter().filter(|e| e.due.is_none()).count()
    }
}

fn owner_text(e: &PlanEntry) -> String {
    match (&e.owner, &e.item_owner) {
        (Some(o), _) => o.clone(),
        (None, Some(o)) if e.action.is_some() => {
            format!("{o} (item owner; the action names nobody)")
        }
        (None, Some(o)) => format!("{o} (item owner)"),
        (None, None) => String::new(),
    }
}

fn action_text(e: &PlanEntry) -> String {
    e.action
        .clone()
        .unwrap_or_else(|| "No action recorded".to_string())
}

/// The plan as CSV.
pub fn plan_csv(doc: &PlanDocument) -> String {
    let mut csv = Csv::new();
    csv.row([
        "Due",
        "Status",
        "Days overdue",
        "Item",
        "Title",
        "Action",
        "Owner",
        "Answer",
    ]);
    for e in &doc.entries {
        csv.row([
            e.due.map(|d| d.to_string()).unwrap_or_default(),
            e.status.label().to_string(),
            e.days_overdue.map(|n| n.to_string()).unwrap_or_default(),
            e.item.clone(),
            e.title.clone(),
            action_text(e),
            owner_text(e),
            e.answer.map_or("Not assessed", Answer::label).to_string(),
        ]);
    }
    csv.finish()
}

/// The plan as a document.
fn document(doc: &PlanDocument) -> Doc {
    let mut meta = Vec::new();
    if let Some(scope) = &doc.scope {
        meta.push(Fact::new("Scope", scope.as_str()));
    }
    meta.push(Fact::new("As of", doc.as_of.to_string()));
    meta.push(Fact::new(
        "Entries",
        format!(
            "{} overdue, {} open, {} untracked gaps",
            doc.count(PlanStatus::Overdue),
            doc.count(PlanStatus::Open),
            doc.count(PlanStatus::UntrackedGap)
        ),
    ));
    let mut entries = Section::new("entries", "");
    if doc.entries.is_empty() {
        entries.push(Block::Para(Inline::from(
            "No open actions and no untracked gaps.",
        )));
    } else {
        let mut t = Table::new(["Due", "Status", "Item", "Action", "Owner"]);
        for e in &doc.entries {
            let status = match e.days_overdue {
                Some(n) => Inline::new()
                    .strong(e.status.label())
                    .plain(format!(" ({n} days)")),
                None => Inline::from(e.status.label()),
            };
            t.rows.push(vec![
                Cell::text(
                    e.due
                        .map_or_else(|| "No date".to_string(), |d| d.to_string()),
                ),
                Cell::inline(status),
                Cell::inline(
                    Inline::new()
                        .strong(e.item.clone())
                        .plain(format!(" {}", e.title)),
                ),
                Cell::text(action_text(e)),
                Cell::text(owner_text(e)),
            ]);
        }
        entries.push(Block::Table(t));
    }
    Doc {
        kind: "Remediation plan".to_string(),
        subject: doc.organisation.clone(),
        title: Inline::from(format!("Remediation plan: {}", doc.organisation)),
        date: Some(doc.as_of),
        meta,
        sections: vec![entries],
        ..Doc::default()
    }
}

/// The plan as Markdown.
pub fn plan_markdown(doc: &PlanDocument) -> String {
    super::markdown::markdown(&document(doc))
}

/// The plan as an iCalendar file: one all-day event per dated entry, on
/// its due date. Entries without a date are left out (see
/// [`PlanDocument::undated`]).
pub fn plan_ics(doc: &PlanDocument) -> String {
    let mut cal = Calendar::new(doc.as_of);
    for e in doc.entries.iter() {
        let Some(due) = e.due else { continue };
        let mut description = format!("{} {}\n", e.item, sanitize(&e.title));
        description.push_str(&format!("Action: {}\n", sanitize(&action_text(e))));
        let owner = owner_text(e);
        if !owner.is_empty() {
            description.push_str(&format!("Owner: {}\n", sanitize(&owner)));
        }
        description.push_str(&format!("Status on {}: {}", doc.as_of, e.status.label()));
        if let Some(n) = e.days_overdue {
            description.push_str(&format!(" ({n} days)"));
        }
        cal.all_day_event(
            &format!("{}|{}", doc.organisation, e.item),
            due,
            &format!(
                "{}: {}",
                e.item,
                sanitize(e.action.as_deref().unwrap_or(&e.title))
            ),
            &description,
        );
    }
    cal.finish()
}
