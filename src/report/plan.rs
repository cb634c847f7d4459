//! The remediation plan: every open action and every untracked gap,
//! overdue first, then by due date.

use std::fmt::Write;

use chrono::NaiveDate;
use serde::Serialize;

use super::csv::Csv;
use super::ics::Calendar;
use super::{licence_names, md_cell};
use crate::assessment::{Answer, Assessment, non_blank};
use crate::catalog::Catalog;
use crate::text::{escape_markdown, sanitize};

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
    /// What identifies the assessment cycle across renames (its id, else
    /// the organisation): calendar UIDs derive from it.
    pub identity: String,
    pub scope: Option<String>,
    pub licences: Vec<String>,
    pub as_of: NaiveDate,
    pub entries: Vec<PlanEntry>,
}

impl PlanDocument {
    pub fn new(catalog: &Catalog, a: &Assessment, as_of: NaiveDate) -> Self {
        PlanDocument {
            organisation: a.organisation.clone(),
            identity: a.identity().to_string(),
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

/// The plan as Markdown.
pub fn plan_markdown(doc: &PlanDocument) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Remediation plan: {}\n",
        escape_markdown(&doc.organisation)
    );
    if let Some(scope) = &doc.scope {
        let _ = writeln!(out, "- **Scope:** {}", escape_markdown(scope));
    }
    let _ = writeln!(out, "- **As of:** {}", doc.as_of);
    let _ = writeln!(
        out,
        "- **Entries:** {} overdue, {} open, {} untracked gaps\n",
        doc.count(PlanStatus::Overdue),
        doc.count(PlanStatus::Open),
        doc.count(PlanStatus::UntrackedGap)
    );
    if doc.entries.is_empty() {
        let _ = writeln!(out, "No open actions and no untracked gaps.");
        return out;
    }
    let _ = writeln!(
        out,
        "| Due | Status | Item | Action | Owner |\n|---|---|---|---|---|"
    );
    for e in &doc.entries {
        let status = match e.days_overdue {
            Some(n) => format!("**Overdue** ({n} days)"),
            None => e.status.label().to_string(),
        };
        let _ = writeln!(
            out,
            "| {} | {status} | **{}** {} | {} | {} |",
            e.due
                .map_or_else(|| "No date".to_string(), |d| d.to_string()),
            md_cell(&e.item),
            md_cell(&e.title),
            md_cell(&action_text(e)),
            md_cell(&owner_text(e))
        );
    }
    out
}

/// The plan as an iCalendar file: one all-day event per dated entry, on
/// its due date. Entries without a date are left out (see
/// [`PlanDocument::undated`]).
pub fn plan_ics(doc: &PlanDocument) -> String {
    let mut cal = Calendar::new(doc.as_of);
    for e in doc.entries.iter() {
        let Some(due) = e.due else { continue };
        let mut description = format!("{} {}\n", e.item, sanitize(&e.title));
        let _ = writeln!(description, "Action: {}", sanitize(&action_text(e)));
        let owner = owner_text(e);
        if !owner.is_empty() {
            let _ = writeln!(description, "Owner: {}", sanitize(&owner));
        }
        let _ = write!(description, "Status on {}: {}", doc.as_of, e.status.label());
        if let Some(n) = e.days_overdue {
            let _ = write!(description, " ({n} days)");
        }
        cal.all_day_event(
            &format!("{}|{}", doc.identity, e.item),
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
