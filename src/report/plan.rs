//! The remediation plan: every open action, every item with a high finding
//! and no action yet ("needs an action", with a suggested owner), and one
//! row to finish assessing what is not assessed yet; by priority, overdue
//! first, then by due date.

use chrono::NaiveDate;
use serde::Serialize;

use super::csv::Csv;
use super::doc::{Block, Cell, Doc, Fact, Inline, Section, Table, Tone};
use super::ics::Calendar;
use super::licence_names;
use crate::analysis::{Finding, FindingKind, Severity, Summary};
use crate::assessment::{Answer, Assessment, non_blank};
use crate::catalog::{Catalog, Item, ItemKind};
use crate::text::{capitalise, sanitize};

/// Where a plan entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlanStatus {
    /// The due date has passed.
    Overdue,
    /// An open action, not overdue.
    Open,
    /// A gap whose action has no owner or no due date.
    UntrackedGap,
    /// A high finding and no action yet.
    NeedsAction,
    /// The items not assessed yet.
    FinishAssessing,
}

impl PlanStatus {
    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::Overdue => "Overdue",
            PlanStatus::Open => "Open",
            PlanStatus::UntrackedGap => "Untracked gap",
            PlanStatus::NeedsAction => "Needs an action",
            PlanStatus::FinishAssessing => "Not yet assessed",
        }
    }
}

/// One line of the remediation plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanEntry {
    /// The item, or empty for the row that finishes the assessment.
    pub item: String,
    pub title: String,
    pub answer: Option<Answer>,
    pub status: PlanStatus,
    /// The worst finding on the item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// 1: overdue or a high finding; 2: medium, or clauses still to
    /// assess; 3: the rest.
    pub priority: u8,
    /// The action, if one is recorded; else what closing the findings
    /// takes.
    pub action: Option<String>,
    /// The action's owner.
    pub owner: Option<String>,
    /// The item's owner, accountable when the action has none.
    pub item_owner: Option<String>,
    /// Who could own it, where nobody does: the owner of most items of the
    /// same theme (or the facilitator, for the assessment itself).
    pub suggested_owner: Option<String>,
    pub due: Option<NaiveDate>,
    /// Days past the due date, for overdue entries.
    pub days_overdue: Option<i64>,
    /// What the action depends on that a reader must know (a capability
    /// the tenant is not licensed for).
    pub dependency: Option<String>,
}

/// What closing a high finding takes, in a few words.
fn remedy(f: &Finding) -> String {
    match f.kind {
        FindingKind::UntrackedGap => "Plan an action with an owner and a due date".to_string(),
        FindingKind::Unowned => "Name an owner".to_string(),
        FindingKind::MicrosoftHandlesThat => {
            "Record the Microsoft assurance relied on and who oversees it".to_string()
        }
        FindingKind::NotThePlatformsJob => {
            "Answer for the organisation's own management system".to_string()
        }
        FindingKind::UnlicensedReliance => {
            "License the capability relied on, or rely on one the tenant has".to_string()
        }
        FindingKind::UnjustifiedExclusion => {
            "Justify the exclusion, or include the control".to_string()
        }
        FindingKind::MergeConflict => "Settle the merge conflict".to_string(),
        other => format!("Close: {}", crate::text::lowercase_first(other.title())),
    }
}

/// The owner of most items of a theme (a suggestion for an unowned item),
/// passing over anyone already a key-person risk where someone else owns
/// items of the theme.
fn theme_owner(
    catalog: &Catalog,
    a: &Assessment,
    of: &Item,
    overloaded: &[&str],
) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for item in catalog.items().iter().filter(|i| i.theme == of.theme) {
        if let Some(o) = a.item(&item.id).owner() {
            let o = o.trim();
            match counts.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(o)) {
                Some((_, c)) => *c += 1,
                None => counts.push((o.to_string(), 1)),
            }
        }
    }
    if counts
        .iter()
        .any(|(n, _)| !overloaded.iter().any(|o| o.eq_ignore_ascii_case(n)))
    {
        counts.retain(|(n, _)| !overloaded.iter().any(|o| o.eq_ignore_ascii_case(n)));
    }
    // The first met wins a tie: a stable answer.
    counts
        .iter()
        .fold(None::<&(String, usize)>, |best, c| match best {
            Some(b) if b.1 >= c.1 => best,
            _ => Some(c),
        })
        .map(|(n, _)| n.clone())
}

/// The plan's entries: by priority, then overdue first, then by due date,
/// then entries without a date; ties in catalog order; the row to finish
/// assessing last in its priority.
pub fn plan_entries(catalog: &Catalog, a: &Assessment, as_of: NaiveDate) -> Vec<PlanEntry> {
    plan_entries_from(catalog, a, &Summary::new(catalog, a, as_of))
}

/// The plan from a summary already made (its as-of date is the plan's).
pub(crate) fn plan_entries_from(
    catalog: &Catalog,
    a: &Assessment,
    summary: &Summary,
) -> Vec<PlanEntry> {
    let as_of = summary.as_of;
    let tenant = catalog.expand_licences(a.licences.iter().map(String::as_str));
    let overloaded: Vec<&str> = summary
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::KeyPersonRisk)
        .filter_map(|f| f.owner.as_deref())
        .collect();
    let mut out = Vec::new();
    for item in catalog.items() {
        let r = a.item(&item.id);
        let findings: Vec<&Finding> = summary
            .findings
            .iter()
            .filter(|f| f.item.as_deref() == Some(item.id.as_ref()))
            .collect();
        let severity = findings.iter().map(|f| f.severity).min();
        let high: Vec<&Finding> = findings
            .iter()
            .copied()
            .filter(|f| f.severity == Severity::High)
            .collect();
        let open = r.action.as_ref().filter(|act| act.done.is_none());
        let tracked = r.action.as_ref().is_some_and(|act| act.is_tracked());
        let untracked_gap = r.answer == Some(Answer::Gap) && !tracked;
        if open.is_none() && high.is_empty() {
            continue;
        }
        let due = open.and_then(|act| act.due);
        let overdue = due.filter(|&d| d < as_of);
        let status = if overdue.is_some() {
            PlanStatus::Overdue
        } else if untracked_gap && open.is_some() {
            PlanStatus::UntrackedGap
        } else if open.is_some() {
            PlanStatus::Open
        } else {
            PlanStatus::NeedsAction
        };
        let action = match open {
            Some(act) => non_blank(Some(&act.what)).map(str::to_string),
            None => {
                let mut remedies: Vec<String> = high
                    .iter()
                    .map(|f| crate::text::lowercase_first(&remedy(f)))
                    .collect();
                remedies.dedup();
                Some(format!("Needs an action: {}", remedies.join("; ")))
            }
        };
        let owner = open.and_then(|act| non_blank(act.owner.as_deref()).map(str::to_string));
        let item_owner = r.owner().map(str::to_string);
        let suggested_owner = if owner.is_none() && item_owner.is_none() {
            theme_owner(catalog, a, item, &overloaded)
        } else {
            None
        };
        let unlicensed: Vec<String> = r
            .relies_on
            .iter()
            .filter(|c| !catalog.is_licensed(c, &tenant))
            .filter_map(|c| catalog.capability(c))
            .map(|c| c.name.to_string())
            .collect();
        let dependency = (!unlicensed.is_empty()).then(|| {
            format!(
                "Needs {}, which the tenant is not licensed for",
                unlicensed.join(" and ")
            )
        });
        let priority = if overdue.is_some() || !high.is_empty() {
            1
        } else if severity == Some(Severity::Medium) {
            2
        } else {
            3
        };
        out.push(PlanEntry {
            item: item.id.to_string(),
            title: item.title.to_string(),
            answer: r.answer,
            status,
            severity,
            priority,
            action,
            owner,
            item_owner,
            suggested_owner,
            due,
            days_overdue: overdue.map(|d| (as_of - d).num_days()),
            dependency,
        });
    }
    if !summary.not_assessed.is_empty() {
        let clauses = summary
            .not_assessed
            .iter()
            .filter(|id| catalog.item(id).is_some_and(|i| i.kind == ItemKind::Clause))
            .count();
        let controls = summary.not_assessed.len() - clauses;
        let facilitator = a
            .sessions
            .iter()
            .rev()
            .find_map(|s| non_blank(s.facilitator.as_deref()))
            .map(|f| f.trim().to_string());
        out.push(PlanEntry {
            item: String::new(),
            title: "The rest of the assessment".to_string(),
            answer: None,
            status: PlanStatus::FinishAssessing,
            severity: None,
            priority: if clauses > 0 { 2 } else { 3 },
            action: Some(format!(
                "Finish assessing the {} items not yet assessed ({clauses} clauses, {controls} Annex A controls) in the next workshop",
                summary.not_assessed.len()
            )),
            owner: None,
            item_owner: None,
            suggested_owner: facilitator,
            due: None,
            days_overdue: None,
            dependency: None,
        });
    }
    // A stable sort keeps catalog order among equals.
    out.sort_by_key(|e| {
        (
            e.priority,
            e.status == PlanStatus::FinishAssessing,
            e.status != PlanStatus::Overdue,
            e.due.is_none(),
            e.due,
        )
    });
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

    /// Where one person owns most of the dated actions: who, how many, of
    /// how many.
    pub fn key_person(&self) -> Option<(String, usize, usize)> {
        let dated: Vec<&str> = self
            .entries
            .iter()
            .filter(|e| e.due.is_some())
            .filter_map(|e| e.owner.as_deref().or(e.item_owner.as_deref()))
            .map(str::trim)
            .collect();
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for o in &dated {
            match counts.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(o)) {
                Some((_, c)) => *c += 1,
                None => counts.push((o, 1)),
            }
        }
        let (who, n) = counts
            .iter()
            .fold(None::<&(&str, usize)>, |best, c| match best {
                Some(b) if b.1 >= c.1 => best,
                _ => Some(c),
            })?;
        (dated.len() >= 3 && *n * 2 > dated.len()).then(|| (who.to_string(), *n, dated.len()))
    }
}

fn owner_text(e: &PlanEntry) -> String {
    match (&e.owner, &e.item_owner, &e.suggested_owner) {
        (Some(o), _, _) => o.clone(),
        (None, Some(o), _) if e.action.is_some() && e.status != PlanStatus::NeedsAction => {
            format!("{o} (item owner; the action names nobody)")
        }
        (None, Some(o), _) => format!("{o} (item owner)"),
        (None, None, Some(s)) => format!("Nobody yet; suggested: {s}"),
        (None, None, None) => "Nobody yet".to_string(),
    }
}

fn action_text(e: &PlanEntry) -> String {
    e.action
        .clone()
        .unwrap_or_else(|| "No action recorded".to_string())
}

fn severity_text(e: &PlanEntry) -> String {
    e.severity
        .map_or_else(String::new, |s| capitalise(s.as_str()))
}

fn item_text(e: &PlanEntry) -> String {
    if e.item.is_empty() {
        e.title.clone()
    } else {
        format!("{} {}", e.item, e.title)
    }
}

/// The plan as CSV.
pub fn plan_csv(doc: &PlanDocument) -> String {
    let mut csv = Csv::new();
    csv.row([
        "Priority",
        "Severity",
        "Due",
        "Status",
        "Days overdue",
        "Item",
        "Title",
        "Action",
        "Owner",
        "Dependency",
        "Answer",
    ]);
    for e in &doc.entries {
        csv.row([
            e.priority.to_string(),
            severity_text(e),
            e.due.map(|d| d.to_string()).unwrap_or_default(),
            e.status.label().to_string(),
            e.days_overdue.map(|n| n.to_string()).unwrap_or_default(),
            e.item.clone(),
            e.title.clone(),
            action_text(e),
            owner_text(e),
            e.dependency.clone().unwrap_or_default(),
            if e.item.is_empty() {
                String::new()
            } else {
                e.answer.map_or("Not assessed", Answer::label).to_string()
            },
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
    let mut counts = vec![
        format!("{} overdue", doc.count(PlanStatus::Overdue)),
        format!("{} open", doc.count(PlanStatus::Open)),
    ];
    let untracked = doc.count(PlanStatus::UntrackedGap);
    if untracked > 0 {
        counts.push(format!("{untracked} untracked gaps"));
    }
    counts.push(format!(
        "{} needing an action",
        doc.count(PlanStatus::NeedsAction)
    ));
    if doc.count(PlanStatus::FinishAssessing) > 0 {
        counts.push("1 to finish assessing".to_string());
    }
    meta.push(Fact::new("Entries", counts.join(", ")));
    let mut entries = Section::new("entries", "");
    if doc.entries.is_empty() {
        entries.push(Block::Para(Inline::from(
            "No open actions, no high findings and nothing left to assess.",
        )));
    } else {
        entries.push(Block::Note(Inline::from(
            "Every high finding is here: with its action, or as “needs an action” with an owner suggested where nobody owns the item. Priority 1: overdue, or a high finding; 2: a medium finding, or clauses still to assess; 3: the rest.",
        )));
        if let Some((who, n, of)) = doc.key_person() {
            entries.push(Block::Verdict(
                Inline::from(format!(
                    "Key-person risk: {who} owns {n} of the {of} dated actions ({}%). If they are away, the plan stalls: share the actions out or name a deputy.",
                    n * 100 / of
                )),
                Some(Severity::Medium),
            ));
        }
        let mut t = Table::new([
            "Priority",
            "Severity",
            "Due",
            "Status",
            "Item",
            "Action",
            "Owner",
            "Dependency",
        ]);
        for e in &doc.entries {
            let status = match e.days_overdue {
                Some(n) => Inline::new()
                    .strong(e.status.label())
                    .plain(format!(" ({n} days)")),
                None => Inline::from(e.status.label()),
            };
            let item = if e.item.is_empty() {
                Inline::from(e.title.as_str())
            } else {
                Inline::new()
                    .strong(e.item.clone())
                    .plain(format!(" {}", e.title))
            };
            t.rows.push(vec![
                Cell::num(usize::from(e.priority)),
                Cell::text(severity_text(e)).tone(e.severity.map_or(Tone::Plain, Tone::Severity)),
                Cell::text(
                    e.due
                        .map_or_else(|| "No date".to_string(), |d| d.to_string()),
                ),
                Cell::inline(status),
                Cell::inline(item),
                Cell::text(action_text(e)),
                Cell::text(owner_text(e)),
                Cell::opt(e.dependency.as_deref()),
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
        let mut description = format!("{}\n", sanitize(&item_text(e)));
        description.push_str(&format!("Action: {}\n", sanitize(&action_text(e))));
        description.push_str(&format!("Owner: {}\n", sanitize(&owner_text(e))));
        if let Some(s) = e.severity {
            description.push_str(&format!("Severity: {s}, priority {}\n", e.priority));
        }
        if let Some(d) = &e.dependency {
            description.push_str(&format!("Depends on: {}\n", sanitize(d)));
        }
        description.push_str(&format!("Status on {}: {}", doc.as_of, e.status.label()));
        if let Some(n) = e.days_overdue {
            description.push_str(&format!(" ({n} days)"));
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
