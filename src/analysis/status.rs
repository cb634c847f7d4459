//! One definition of where an item stands, used by every document: the
//! Statement of Applicability's implementation status, "audit-ready" in
//! the gap report and the summary screen, and the JSON.
//!
//! An item answered as handled (Microsoft provides, shared, we manage) is
//! **implemented** only when it is owned, demonstrated within the review
//! interval and free of high findings, with no action still open:
//!
//! - `shared` and `we-manage`: dated evidence, the newest within the
//!   interval;
//! - `microsoft-provides`: a recorded reliance on a Microsoft assurance
//!   instead of own evidence, reviewed within the interval: the item's own
//!   review, its own evidence, or the supplier review recorded as evidence
//!   on A.5.22 or A.5.23 (the review of Microsoft as a supplier);
//! - a review date, where one is recorded, within the interval too.
//!
//! Otherwise the status says what is missing ("Implemented — not
//! evidenced", "Partially — action open"). Audit-ready means implemented.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Context, Finding, FindingKind, ImplementationStatus, Severity, due_for_review};
use crate::assessment::{Answer, ItemRecord, non_blank};
use crate::catalog::{Item, ItemKind};

/// The items whose evidence records the review of Microsoft as a supplier.
pub const SUPPLIER_REVIEW_ITEMS: [&str; 2] = ["A.5.22", "A.5.23"];

/// A stable id for an item's evidence entry (1-based, in the file's
/// order): `A.5.1-E1`.
pub fn evidence_id(item: &str, index: usize) -> String {
    format!("{item}-E{}", index + 1)
}

/// The newest dated supplier-review evidence: (evidence id, date).
pub(super) fn supplier_review(a: &crate::assessment::Assessment) -> Option<(String, NaiveDate)> {
    SUPPLIER_REVIEW_ITEMS
        .iter()
        .flat_map(|id| {
            a.item(id)
                .evidence
                .iter()
                .enumerate()
                .filter_map(move |(i, e)| e.date.map(|d| (evidence_id(id, i), d)))
        })
        .max_by_key(|(_, d)| *d)
}

/// One thing that keeps an item from being implemented and audit-ready.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "missing", rename_all = "kebab-case")]
pub enum Shortfall {
    NoOwner,
    /// `shared` or `we-manage` without evidence.
    NoEvidence,
    /// Evidence without a date: nothing shows it is current.
    EvidenceUndated,
    /// The newest evidence is older than the review interval.
    EvidenceOutOfDate {
        newest: NaiveDate,
    },
    /// `microsoft-provides` without a recorded reliance.
    NoReliance,
    /// `microsoft-provides` with a reliance nobody reviewed within the
    /// interval.
    RelianceNotReviewed,
    /// The recorded review is older than the interval.
    ReviewOverdue {
        last: NaiveDate,
    },
    /// An action not done yet (due, if it has a date).
    ActionOpen {
        due: Option<NaiveDate>,
    },
    ActionOverdue {
        due: NaiveDate,
    },
    /// A gap with no action that has an owner and a due date.
    NoAction,
    /// A gap with such an action.
    ActionPlanned {
        due: Option<NaiveDate>,
    },
    /// A high finding not said above.
    Finding {
        kind: FindingKind,
    },
}

impl Shortfall {
    /// A few words for a status label.
    pub fn phrase(&self) -> String {
        match self {
            Shortfall::NoOwner => "no owner".to_string(),
            Shortfall::NoEvidence => "not evidenced".to_string(),
            Shortfall::EvidenceUndated => "evidence undated".to_string(),
            Shortfall::EvidenceOutOfDate { newest } => {
                format!("evidence out of date (newest {newest})")
            }
            Shortfall::NoReliance => "no reliance recorded".to_string(),
            Shortfall::RelianceNotReviewed => "reliance not reviewed".to_string(),
            Shortfall::ReviewOverdue { last } => format!("review overdue (last {last})"),
            Shortfall::ActionOpen { due: Some(d) } => format!("action open (due {d})"),
            Shortfall::ActionOpen { due: None } => "action open".to_string(),
            Shortfall::ActionOverdue { due } => format!("action overdue (due {due})"),
            Shortfall::NoAction => "no action planned".to_string(),
            Shortfall::ActionPlanned { due: Some(d) } => format!("action planned (due {d})"),
            Shortfall::ActionPlanned { due: None } => "action planned".to_string(),
            Shortfall::Finding { kind } => match kind {
                FindingKind::UnlicensedReliance => {
                    "relies on a capability the tenant is not licensed for".to_string()
                }
                FindingKind::MergeConflict => "merge conflict to settle".to_string(),
                FindingKind::UnjustifiedExclusion => "no justification".to_string(),
                FindingKind::NotThePlatformsJob => "left to the platform".to_string(),
                other => crate::text::lowercase_first(other.title()),
            },
        }
    }

    /// Whether closing the high findings removes it.
    pub fn closed_with_high_findings(&self) -> bool {
        matches!(
            self,
            Shortfall::NoOwner | Shortfall::NoReliance | Shortfall::Finding { .. }
        )
    }
}

impl fmt::Display for Shortfall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.phrase())
    }
}

/// What shows that a `microsoft-provides` reliance is current.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "by", rename_all = "kebab-case")]
pub enum RelianceReview {
    /// The item's own review.
    Item { date: NaiveDate },
    /// Dated evidence on the item itself.
    Evidence { id: String, date: NaiveDate },
    /// The supplier review (evidence on A.5.22 or A.5.23).
    SupplierReview { id: String, date: NaiveDate },
}

impl RelianceReview {
    pub fn date(&self) -> NaiveDate {
        match self {
            RelianceReview::Item { date }
            | RelianceReview::Evidence { date, .. }
            | RelianceReview::SupplierReview { date, .. } => *date,
        }
    }
}

/// Where one item stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ItemStatus {
    pub item: String,
    #[serde(skip)]
    pub kind: ItemKind,
    pub status: ImplementationStatus,
    /// What keeps it from being implemented, in the order of the label.
    pub missing: Vec<Shortfall>,
    /// For `microsoft-provides`: the newest review of the reliance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reliance_review: Option<RelianceReview>,
    /// For `microsoft-provides` without a reliance: whether a reliance,
    /// once recorded, would already count as reviewed (a current review of
    /// the item or supplier review).
    #[serde(skip)]
    pub reviewed_once_relied_on: bool,
}

impl ItemStatus {
    /// Audit-ready: implemented, with nothing missing.
    pub fn is_ready(&self) -> bool {
        self.status == ImplementationStatus::Implemented
    }

    /// The status as the SoA shows it: the category, and what is missing.
    pub fn label(&self) -> String {
        let missing: Vec<String> = self.missing.iter().map(Shortfall::phrase).collect();
        let head = match self.status {
            ImplementationStatus::Implemented => return "Implemented".to_string(),
            ImplementationStatus::NotDemonstrated => "Implemented",
            ImplementationStatus::PartiallyImplemented => "Partially",
            other => other.label(),
        };
        if missing.is_empty() {
            head.to_string()
        } else {
            format!("{head} — {}", missing.join(", "))
        }
    }

    /// Whether closing the high findings would make it audit-ready.
    pub fn ready_once_high_findings_closed(&self) -> bool {
        self.status == ImplementationStatus::NotDemonstrated
            && self.missing.iter().all(|m| match m {
                // Recording the reliance closes the finding; it still
                // needs a review to count.
                Shortfall::NoReliance => self.reviewed_once_relied_on,
                m => m.closed_with_high_findings(),
            })
    }
}

/// Where an item stands, given its own findings.
pub(super) fn item_status(
    cx: &Context,
    item: &Item,
    r: &ItemRecord,
    findings: &[Finding],
) -> ItemStatus {
    let interval = cx.assessment.review_interval();
    let current = |d: NaiveDate| cx.as_of <= due_for_review(d, interval);
    let mut missing = Vec::new();
    let mut reliance_review = None;
    let mut reviewed_once_relied_on = false;
    let open = r.action.as_ref().filter(|a| a.done.is_none());
    let action_shortfall = || {
        open.map(|a| match a.due {
            Some(due) if due < cx.as_of => Shortfall::ActionOverdue { due },
            due => Shortfall::ActionOpen { due },
        })
    };
    // High findings the missing pieces below do not already say.
    let said = |k: FindingKind| {
        matches!(
            k,
            FindingKind::Unowned
                | FindingKind::MicrosoftHandlesThat
                | FindingKind::OverdueAction
                | FindingKind::UntrackedGap
                | FindingKind::CriticalGap
        )
    };
    let other_high = findings
        .iter()
        .filter(|f| f.severity == Severity::High && !said(f.kind))
        .map(|f| Shortfall::Finding { kind: f.kind });
    let status = match r.answer {
        None => ImplementationStatus::NotYetAssessed,
        Some(Answer::NotApplicable) => {
            missing.extend(other_high);
            ImplementationStatus::NotApplicable
        }
        Some(Answer::Gap) => {
            let tracked = r.action.as_ref().filter(|a| a.is_tracked());
            missing.push(match (tracked, action_shortfall()) {
                (None, _) => Shortfall::NoAction,
                (Some(_), Some(overdue @ Shortfall::ActionOverdue { .. })) => overdue,
                (Some(a), _) => Shortfall::ActionPlanned { due: a.due },
            });
            if r.owner().is_none() {
                missing.push(Shortfall::NoOwner);
            }
            missing.extend(other_high);
            ImplementationStatus::NotImplemented
        }
        Some(answer @ (Answer::MicrosoftProvides | Answer::Shared | Answer::WeManage)) => {
            if let Some(s) = action_shortfall() {
                missing.push(s);
            }
            if r.owner().is_none() {
                missing.push(Shortfall::NoOwner);
            }
            if answer == Answer::MicrosoftProvides {
                if non_blank(r.reliance.as_deref()).is_none() {
                    missing.push(Shortfall::NoReliance);
                    reviewed_once_relied_on =
                        newest_review(cx.supplier_review.as_ref(), &item.id, r)
                            .is_some_and(|rr| current(rr.date()));
                } else {
                    reliance_review = newest_review(cx.supplier_review.as_ref(), &item.id, r);
                    if !reliance_review
                        .as_ref()
                        .is_some_and(|rr| current(rr.date()))
                    {
                        missing.push(Shortfall::RelianceNotReviewed);
                    }
                }
            } else if r.evidence.is_empty() {
                missing.push(Shortfall::NoEvidence);
            } else {
                match r.newest_evidence() {
                    None => missing.push(Shortfall::EvidenceUndated),
                    Some(newest) if !current(newest) => {
                        missing.push(Shortfall::EvidenceOutOfDate { newest })
                    }
                    Some(_) => {}
                }
            }
            if let Some(last) = r.reviewed.filter(|&d| !current(d)) {
                missing.push(Shortfall::ReviewOverdue { last });
            }
            missing.extend(other_high);
            if open.is_some() {
                ImplementationStatus::PartiallyImplemented
            } else if missing.is_empty() {
                ImplementationStatus::Implemented
            } else {
                ImplementationStatus::NotDemonstrated
            }
        }
    };
    ItemStatus {
        item: item.id.to_string(),
        kind: item.kind,
        status,
        missing,
        reliance_review,
        reviewed_once_relied_on,
    }
}

/// The newest review of the Microsoft assurance an item relies on, if one
/// is recorded: the item's own review or the supplier review (evidence on
/// A.5.22 or A.5.23), and for `microsoft-provides` (where Microsoft does
/// the work) also the item's own dated evidence. `None` without a
/// recorded reliance: there is nothing to review.
pub fn reliance_review(a: &crate::assessment::Assessment, id: &str) -> Option<RelianceReview> {
    let r = a.item(id);
    non_blank(r.reliance.as_deref())?;
    newest_review(supplier_review(a).as_ref(), id, r)
}

fn newest_review(
    supplier: Option<&(String, NaiveDate)>,
    id: &str,
    r: &ItemRecord,
) -> Option<RelianceReview> {
    // For `shared`, the item's evidence shows our part, not Microsoft's.
    let evidence = if r.answer == Some(Answer::MicrosoftProvides) {
        &r.evidence[..]
    } else {
        &[]
    };
    let own = evidence
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.date.map(|d| (i, d)))
        .max_by_key(|(_, d)| *d)
        .map(|(i, date)| RelianceReview::Evidence {
            id: evidence_id(id, i),
            date,
        });
    let candidates = [
        r.reviewed.map(|date| RelianceReview::Item { date }),
        own,
        supplier.map(|(id, date)| RelianceReview::SupplierReview {
            id: id.clone(),
            date: *date,
        }),
    ];
    // The first of equal dates wins: the item's own review before evidence
    // before the supplier review.
    candidates
        .into_iter()
        .flatten()
        .fold(None, |best: Option<RelianceReview>, c| match &best {
            Some(b) if b.date() >= c.date() => best,
            _ => Some(c),
        })
}
