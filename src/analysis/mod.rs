//! Governance findings: where ownership, review, evidence or licensing is
//! missing. Every rule is a pure function of (catalog, assessment, as-of
//! date).

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::assessment::{Answer, Assessment, Conflict, ItemRecord, Place, non_blank};
use crate::catalog::{Catalog, Item, ItemKind, Theme};

mod summary;
pub use summary::{FollowUp, OwnerLoad, Progress, Summary, ThemeSummary};
mod item_rules;
use item_rules::*;
mod diff;
pub use diff::{
    AssessmentDiff, DiffCounts, FieldChange, GapChange, ItemDiff, RiskDiff, SessionDiff, diff,
};
mod platform;
pub use platform::{UnseenChange, last_review, unseen_changes};
mod risk;
pub use risk::{risks_by_score, score_phrase};
mod scan;
pub use scan::{Observed, ObservedItem, observed, observed_items, scan_evidence_date};
mod soa;
mod status;
pub use soa::{
    Applicability, Audience, ImplementationStatus, SoaRow, SoaWarning, SoaWarningKind,
    inclusion_label, is_stock_phrase, responsibility_label, soa_lint, soa_lint_rows, soa_rows,
};
pub use status::{
    ItemStatus, RelianceReview, SUPPLIER_REVIEW_ITEMS, Shortfall, evidence_id, reliance_review,
};

/// How much a finding matters to an audit.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    High,
    Medium,
    Low,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::High, Severity::Medium, Severity::Low];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One variant per finding rule of the product brief.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    Unanswered,
    UntrackedGap,
    TrackedGap,
    MicrosoftHandlesThat,
    NotThePlatformsJob,
    Unowned,
    NoEvidence,
    Stale,
    UnlicensedReliance,
    OverdueAction,
    UnjustifiedExclusion,
    KeyPersonRisk,
    MergeConflict,
    PlatformChanged,
    FutureEvidence,
    CriticalGap,
    SharedWithoutReliance,
    ContradictedByScan,
    ScanDrift,
    UnsupportedInclusion,
    UntreatedRisk,
    UnacceptedRisk,
}

impl FindingKind {
    pub const ALL: [FindingKind; 22] = [
        FindingKind::Unanswered,
        FindingKind::UntrackedGap,
        FindingKind::TrackedGap,
        FindingKind::MicrosoftHandlesThat,
        FindingKind::NotThePlatformsJob,
        FindingKind::Unowned,
        FindingKind::NoEvidence,
        FindingKind::Stale,
        FindingKind::UnlicensedReliance,
        FindingKind::OverdueAction,
        FindingKind::UnjustifiedExclusion,
        FindingKind::KeyPersonRisk,
        FindingKind::MergeConflict,
        FindingKind::PlatformChanged,
        FindingKind::FutureEvidence,
        FindingKind::CriticalGap,
        FindingKind::SharedWithoutReliance,
        FindingKind::ContradictedByScan,
        FindingKind::ScanDrift,
        FindingKind::UnsupportedInclusion,
        FindingKind::UntreatedRisk,
        FindingKind::UnacceptedRisk,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Unanswered => "unanswered",
            FindingKind::UntrackedGap => "untracked-gap",
            FindingKind::TrackedGap => "tracked-gap",
            FindingKind::MicrosoftHandlesThat => "microsoft-handles-that",
            FindingKind::NotThePlatformsJob => "not-the-platforms-job",
            FindingKind::Unowned => "unowned",
            FindingKind::NoEvidence => "no-evidence",
            FindingKind::Stale => "stale",
            FindingKind::UnlicensedReliance => "unlicensed-reliance",
            FindingKind::OverdueAction => "overdue-action",
            FindingKind::UnjustifiedExclusion => "unjustified-exclusion",
            FindingKind::KeyPersonRisk => "key-person-risk",
            FindingKind::MergeConflict => "merge-conflict",
            FindingKind::PlatformChanged => "platform-changed",
            FindingKind::FutureEvidence => "future-evidence",
            FindingKind::CriticalGap => "critical-gap",
            FindingKind::SharedWithoutReliance => "shared-without-reliance",
            FindingKind::ContradictedByScan => "contradicted-by-scan",
            FindingKind::ScanDrift => "scan-drift",
            FindingKind::UnsupportedInclusion => "unsupported-inclusion",
            FindingKind::UntreatedRisk => "untreated-risk",
            FindingKind::UnacceptedRisk => "unaccepted-risk",
        }
    }

    /// The heading a steering committee reads.
    pub fn title(self) -> &'static str {
        match self {
            FindingKind::Unanswered => "Not yet assessed",
            FindingKind::UntrackedGap => "Gap with no tracked action",
            FindingKind::TrackedGap => "Gap with a tracked action",
            FindingKind::MicrosoftHandlesThat => "\"Microsoft handles that\"",
            FindingKind::NotThePlatformsJob => "Management system left to the platform",
            FindingKind::Unowned => "No owner",
            FindingKind::NoEvidence => "No evidence",
            FindingKind::Stale => "Review overdue",
            FindingKind::UnlicensedReliance => {
                "Relies on a capability the tenant is not licensed for"
            }
            FindingKind::OverdueAction => "Overdue action",
            FindingKind::UnjustifiedExclusion => "Exclusion without justification",
            FindingKind::KeyPersonRisk => "Key-person risk",
            FindingKind::MergeConflict => "Unresolved merge conflict",
            FindingKind::PlatformChanged => "Changed since the room last reviewed it",
            FindingKind::FutureEvidence => "Evidence dated in the future",
            FindingKind::CriticalGap => "Gap on a mandatory clause or critical control",
            FindingKind::SharedWithoutReliance => "Shared, with no reliance recorded",
            FindingKind::ContradictedByScan => "Contradicted by a tenant scan",
            FindingKind::ScanDrift => "Drift since the previous tenant scan",
            FindingKind::UnsupportedInclusion => {
                "Included for the risk assessment, but no risk cites it"
            }
            FindingKind::UntreatedRisk => "Risk treated by a control that is not in place",
            FindingKind::UnacceptedRisk => "Accepted risk with no recorded acceptance",
        }
    }

    /// The severity of its findings (an untreated risk whose score is not
    /// high is medium: [`Finding::severity`] says).
    pub fn severity(self) -> Severity {
        match self {
            FindingKind::UntrackedGap
            | FindingKind::MicrosoftHandlesThat
            | FindingKind::NotThePlatformsJob
            | FindingKind::Unowned
            | FindingKind::UnlicensedReliance
            | FindingKind::OverdueAction
            | FindingKind::UnjustifiedExclusion
            | FindingKind::MergeConflict
            | FindingKind::CriticalGap
            | FindingKind::ContradictedByScan
            | FindingKind::UntreatedRisk => Severity::High,
            FindingKind::NoEvidence
            | FindingKind::Stale
            | FindingKind::KeyPersonRisk
            | FindingKind::PlatformChanged
            | FindingKind::FutureEvidence
            | FindingKind::ScanDrift
            | FindingKind::UnsupportedInclusion
            | FindingKind::UnacceptedRisk => Severity::Medium,
            FindingKind::Unanswered
            | FindingKind::TrackedGap
            | FindingKind::SharedWithoutReliance => Severity::Low,
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One governance finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The risk of the register it is about, by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    pub message: String,
}

impl Finding {
    fn item(kind: FindingKind, item: &Item, message: String) -> Self {
        Finding {
            kind,
            severity: kind.severity(),
            item: Some(item.id.to_string()),
            risk: None,
            owner: None,
            message,
        }
    }
}

/// An owner holding at least this share of all owned items is a key-person
/// risk…
pub const KEY_PERSON_SHARE: f64 = 0.4;
/// …once at least this many items are owned (below it, concentration says
/// little).
pub const KEY_PERSON_MIN_OWNED: usize = 10;

/// The date from which an item's review is overdue: the last review or
/// evidence date plus the review interval. On that date itself the item is
/// still current.
pub fn due_for_review(last: NaiveDate, interval_months: u32) -> NaiveDate {
    last.checked_add_months(Months::new(interval_months))
        .unwrap_or(NaiveDate::MAX)
}

/// Everything the rules need about the tenant, computed once.
struct Context<'a> {
    catalog: &'a Catalog,
    assessment: &'a Assessment,
    as_of: NaiveDate,
    licensed: HashSet<&'a str>,
    /// The newest supplier-review evidence (id, date).
    supplier_review: Option<(String, NaiveDate)>,
    /// The controls some risk of the register cites.
    cited: HashSet<&'a str>,
}

impl<'a> Context<'a> {
    fn new(catalog: &'a Catalog, assessment: &'a Assessment, as_of: NaiveDate) -> Self {
        Context {
            catalog,
            assessment,
            as_of,
            licensed: catalog.expand_licences(assessment.licences.iter().map(String::as_str)),
            supplier_review: status::supplier_review(assessment),
            cited: risk::cited(assessment),
        }
    }
}

/// All findings, in catalog order, then the assessment-wide ones. Items
/// not yet assessed are coverage, not findings: see
/// [`Summary::not_assessed`].
pub fn findings(catalog: &Catalog, assessment: &Assessment, as_of: NaiveDate) -> Vec<Finding> {
    Summary::new(catalog, assessment, as_of).findings
}

/// The findings about the assessment as a whole, not one item: the risk
/// register's, key-person risk and merge conflicts outside items.
fn assessment_findings(a: &Assessment, owners: &[OwnerLoad]) -> Vec<Finding> {
    let mut out = risk::risk_findings(a);
    out.extend(key_person_risk(owners));
    out.extend(
        a.conflicts
            .iter()
            .filter(|c| !matches!(c.place, Place::Item(_)))
            .map(|c| merge_conflict(None, c)),
    );
    out
}

/// The findings of one item (what the workshop screen shows beside it).
pub fn findings_for_item(
    catalog: &Catalog,
    assessment: &Assessment,
    as_of: NaiveDate,
    item: &Item,
) -> Vec<Finding> {
    let cx = Context::new(catalog, assessment, as_of);
    let mut out = Vec::new();
    item_findings(&cx, item, assessment.item(&item.id), &mut out);
    out
}

/// One finding rule about one item.
type Rule = fn(&Context, &Item, &ItemRecord) -> Option<Finding>;

fn item_findings(cx: &Context, item: &Item, r: &ItemRecord, out: &mut Vec<Finding>) {
    const RULES: [Rule; 18] = [
        unanswered,
        untracked_gap,
        tracked_gap,
        critical_gap,
        microsoft_handles_that,
        not_the_platforms_job,
        unowned,
        no_evidence,
        stale,
        unlicensed_reliance,
        overdue_action,
        unjustified_exclusion,
        platform::platform_changed,
        future_evidence,
        shared_without_reliance,
        scan::contradicted_by_scan,
        scan::scan_drift,
        risk::unsupported_inclusion,
    ];
    out.extend(RULES.iter().filter_map(|rule| rule(cx, item, r)));
    out.extend(
        cx.assessment
            .conflicts
            .iter()
            .filter(|c| matches!(&c.place, Place::Item(id) if *id == item.id))
            .map(|c| merge_conflict(Some(item), c)),
    );
}

/// A field two people changed differently, recorded by a merge and not
/// yet resolved (keep ours or take theirs).
fn merge_conflict(item: Option<&Item>, c: &Conflict) -> Finding {
    let kind = FindingKind::MergeConflict;
    Finding {
        kind,
        severity: kind.severity(),
        item: item.map(|i| i.id.to_string()),
        risk: match &c.place {
            Place::Risk(id) => Some(id.clone()),
            _ => None,
        },
        owner: None,
        message: format!(
            "{} {}: two people changed it differently; the merge kept ours ({}) and recorded theirs ({}). Keep ours or take theirs.",
            c.place,
            c.field.label(),
            crate::assessment::describe_value(c.ours.as_ref()),
            crate::assessment::describe_value(c.theirs.as_ref()),
        ),
    }
}

fn key_person_risk(load: &[OwnerLoad]) -> Vec<Finding> {
    let owned: usize = load.iter().map(|o| o.items).sum();
    if owned < KEY_PERSON_MIN_OWNED {
        return Vec::new();
    }
    load.iter()
        .filter(|o| o.items as f64 >= KEY_PERSON_SHARE * owned as f64)
        .map(|o| Finding {
            kind: FindingKind::KeyPersonRisk,
            severity: FindingKind::KeyPersonRisk.severity(),
            item: None,
            risk: None,
            message: format!(
                "{} owns {} of {} owned items ({}%); if they leave, that knowledge goes with them.",
                o.owner,
                o.items,
                owned,
                o.items * 100 / owned
            ),
            owner: Some(o.owner.clone()),
        })
        .collect()
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_status;
