//! Governance findings: where ownership, review, evidence or licensing is
//! missing. Every rule is a pure function of (catalog, assessment, as-of
//! date).

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::assessment::{Answer, Assessment, Conflict, ItemRecord, Place, non_blank};
use crate::catalog::{Catalog, Item, ItemKind, Theme};

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

fn unanswered(_: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    r.answer.is_none().then(|| {
        Finding::item(
            FindingKind::Unanswered,
            item,
            format!("{} {} has not been assessed yet.", item.id, item.title),
        )
    })
}

fn untracked_gap(_: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let tracked = r.action.as_ref().is_some_and(|a| a.is_tracked());
    (r.answer == Some(Answer::Gap) && !tracked).then(|| {
        Finding::item(
            FindingKind::UntrackedGap,
            item,
            format!(
                "{} is a gap and no action with an owner and a due date will close it.",
                item.id
            ),
        )
    })
}

/// Whether a gap on this item weighs as much as a missing requirement: a
/// clause 4–10 (mandatory) or a control the room called critical.
fn is_mandatory_or_critical(cx: &Context, item: &Item) -> bool {
    item.kind == ItemKind::Clause || cx.assessment.is_critical(&item.id)
}

fn tracked_gap(cx: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let action = r.action.as_ref().filter(|a| a.is_tracked())?;
    if r.answer != Some(Answer::Gap) {
        return None;
    }
    let message = match action.done {
        // Until the action is done, a gap on a clause or a critical
        // control is `critical-gap`.
        None if is_mandatory_or_critical(cx, item) => return None,
        None => format!(
            "{} is a gap; {} is to close it by {}.",
            item.id,
            action.owner.as_deref().unwrap_or_default().trim(),
            action.due.map_or_else(String::new, |d| d.to_string())
        ),
        Some(done) => format!(
            "{} is still answered as a gap, though its action was done {done}: assess it again.",
            item.id
        ),
    };
    Some(Finding::item(FindingKind::TrackedGap, item, message))
}

/// A gap on a mandatory clause or a critical control stays high while its
/// action is planned but not done: a plan is not a fix.
fn critical_gap(cx: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let action = r.action.as_ref().filter(|a| a.is_tracked())?;
    if r.answer != Some(Answer::Gap) || action.done.is_some() || !is_mandatory_or_critical(cx, item)
    {
        return None;
    }
    let what = if item.kind == ItemKind::Clause {
        "a mandatory clause"
    } else {
        "a control the room called critical"
    };
    Some(Finding::item(
        FindingKind::CriticalGap,
        item,
        format!(
            "{} is a gap on {what}; {} plans to close it by {}, but until that is done the requirement is not met.",
            item.id,
            action.owner.as_deref().unwrap_or_default().trim(),
            action.due.map_or_else(String::new, |d| d.to_string())
        ),
    ))
}

/// `shared` means Microsoft does part of the work: what assures that part
/// is worth recording (a low finding; for `microsoft-provides` it is
/// required, see [`microsoft_handles_that`]).
fn shared_without_reliance(_: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    (r.answer == Some(Answer::Shared) && non_blank(r.reliance.as_deref()).is_none()).then(|| {
        Finding::item(
            FindingKind::SharedWithoutReliance,
            item,
            format!(
                "{} is answered \"Shared\" but no Microsoft assurance is recorded for Microsoft's part.",
                item.id
            ),
        )
    })
}

fn microsoft_handles_that(_: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    if r.answer != Some(Answer::MicrosoftProvides) {
        return None;
    }
    let missing = match (non_blank(r.reliance.as_deref()), r.owner()) {
        (Some(_), Some(_)) => return None,
        (None, Some(_)) => "no reliance on a Microsoft assurance is recorded",
        (Some(_), None) => "nobody owns the oversight of Microsoft as a supplier",
        (None, None) => "no reliance is recorded and nobody owns the oversight",
    };
    Some(Finding::item(
        FindingKind::MicrosoftHandlesThat,
        item,
        format!("{} is left to Microsoft but {missing}.", item.id),
    ))
}

fn not_the_platforms_job(_: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let answer = r.answer?;
    (item.kind == ItemKind::Clause
        && matches!(answer, Answer::MicrosoftProvides | Answer::NotApplicable))
    .then(|| {
        Finding::item(
            FindingKind::NotThePlatformsJob,
            item,
            format!(
                "Clause {} is answered \"{}\", but the management system is always the organisation's own.",
                item.id,
                answer.label()
            ),
        )
    })
}

fn unowned(_: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let answered = r.answer.is_some_and(|a| a != Answer::NotApplicable);
    (answered && r.owner().is_none()).then(|| {
        Finding::item(
            FindingKind::Unowned,
            item,
            format!("Nobody is accountable for {} {}.", item.id, item.title),
        )
    })
}

fn no_evidence(_: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let ours = matches!(r.answer, Some(Answer::Shared | Answer::WeManage));
    (ours && r.evidence.is_empty()).then(|| {
        Finding::item(
            FindingKind::NoEvidence,
            item,
            format!(
                "{} is answered \"{}\" but nothing shows that it operates.",
                item.id,
                r.answer.map_or("", Answer::label)
            ),
        )
    })
}

fn stale(cx: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let interval = cx.assessment.review_interval();
    let overdue = |d: Option<NaiveDate>| d.filter(|&d| cx.as_of > due_for_review(d, interval));
    // A passing scan keeps the evidence of a shared or we-manage control
    // fresh (see analysis::scan).
    let newest = r
        .newest_evidence()
        .max(scan_evidence_date(cx.assessment, item, r, cx.as_of));
    let what = match (overdue(r.reviewed), overdue(newest)) {
        (Some(d), _) => format!("last reviewed {d}"),
        (None, Some(d)) => format!("newest evidence is from {d}"),
        (None, None) => return None,
    };
    Some(Finding::item(
        FindingKind::Stale,
        item,
        format!(
            "{} is due for review: {what}, more than {interval} months ago.",
            item.id
        ),
    ))
}

fn unlicensed_reliance(cx: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let missing: Vec<&str> = r
        .relies_on
        .iter()
        .filter(|c| !cx.catalog.is_licensed(c, &cx.licensed))
        .map(|c| {
            cx.catalog
                .capability(c)
                .map_or(c.as_str(), |c| c.name.as_ref())
        })
        .collect();
    (!missing.is_empty()).then(|| {
        Finding::item(
            FindingKind::UnlicensedReliance,
            item,
            format!(
                "{} relies on {}, which none of the tenant's licences include.",
                item.id,
                missing.join(", ")
            ),
        )
    })
}

fn overdue_action(cx: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let action = r.action.as_ref()?;
    let due = action.due?;
    (action.done.is_none() && due < cx.as_of).then(|| {
        let owner = non_blank(action.owner.as_deref()).unwrap_or("nobody");
        Finding::item(
            FindingKind::OverdueAction,
            item,
            format!(
                "The action on {} (owner: {owner}) was due {due} and is not done.",
                item.id
            ),
        )
    })
}

fn unjustified_exclusion(_: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let excluded = r.answer == Some(Answer::NotApplicable) && item.kind == ItemKind::Control;
    (excluded && non_blank(r.justification.as_deref()).is_none()).then(|| {
        Finding::item(
            FindingKind::UnjustifiedExclusion,
            item,
            format!(
                "{} is excluded as not applicable with no justification for the Statement of Applicability.",
                item.id
            ),
        )
    })
}

/// Evidence dated after the as-of date cannot show that a control has
/// operated (and keeps the item looking current): most often a typo.
fn future_evidence(cx: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let ahead: Vec<String> = r
        .evidence
        .iter()
        .filter_map(|e| e.date.filter(|&d| d > cx.as_of))
        .map(|d| d.to_string())
        .collect();
    (!ahead.is_empty()).then(|| {
        Finding::item(
            FindingKind::FutureEvidence,
            item,
            format!(
                "{} has evidence dated {}, after {}: evidence records what has already happened (a typo?).",
                item.id,
                ahead.join(", "),
                cx.as_of
            ),
        )
    })
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

/// How many items one owner is accountable for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct OwnerLoad {
    pub owner: String,
    pub items: usize,
    /// Of those, answered `gap`.
    pub gaps: usize,
    /// Open actions this owner is named on.
    pub open_actions: usize,
}

/// Owners met so far, one entry per person. Owners are the same person
/// when their names differ only in case or surrounding spaces.
#[derive(Default)]
struct Owners {
    load: Vec<OwnerLoad>,
    /// Lower-cased trimmed name to its place in `load`.
    index: foldhash::HashMap<String, usize>,
    /// Scratch space for the lower-cased name.
    key: String,
}

impl Owners {
    /// Counts an item's owner and the owner of its open action.
    fn add(&mut self, r: &ItemRecord) {
        if let Some(name) = r.owner() {
            let o = self.get(name);
            o.items += 1;
            o.gaps += usize::from(r.answer == Some(Answer::Gap));
        }
        if let Some(action) = &r.action
            && action.done.is_none()
            && let Some(name) = non_blank(action.owner.as_deref())
        {
            self.get(name).open_actions += 1;
        }
    }

    /// Owners by the number of items they own, most first.
    fn into_load(self) -> Vec<OwnerLoad> {
        let mut load = self.load;
        load.sort_by(|a, b| {
            (b.items, b.open_actions)
                .cmp(&(a.items, a.open_actions))
                .then_with(|| a.owner.cmp(&b.owner))
        });
        load
    }

    fn get(&mut self, name: &str) -> &mut OwnerLoad {
        let name = name.trim();
        self.key.clear();
        self.key.extend(name.chars().flat_map(char::to_lowercase));
        let i = match self.index.get(self.key.as_str()) {
            Some(&i) => i,
            None => {
                self.index.insert(self.key.clone(), self.load.len());
                self.load.push(OwnerLoad {
                    owner: name.to_string(),
                    items: 0,
                    gaps: 0,
                    open_actions: 0,
                });
                self.load.len() - 1
            }
        };
        &mut self.load[i]
    }
}

/// Answered of total, for the whole catalog or one theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
pub struct Progress {
    pub answered: usize,
    pub total: usize,
}

impl Progress {
    pub fn percent(self) -> usize {
        (self.answered * 100).checked_div(self.total).unwrap_or(0)
    }
}

/// Per theme: progress and how many items got each answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeSummary {
    pub theme: Theme,
    pub progress: Progress,
    pub answers: BTreeMap<Answer, usize>,
}

/// Progress and answers per theme, counted item by item.
struct Themes(Vec<ThemeSummary>);

impl Themes {
    fn new() -> Self {
        Themes(
            Theme::ALL
                .iter()
                .map(|&theme| ThemeSummary {
                    theme,
                    progress: Progress::default(),
                    answers: BTreeMap::new(),
                })
                .collect(),
        )
    }

    fn add(&mut self, item: &Item, r: &ItemRecord) {
        let Some(t) = self.0.iter_mut().find(|t| t.theme == item.theme) else {
            return;
        };
        t.progress.total += 1;
        if let Some(answer) = r.answer {
            t.progress.answered += 1;
            *t.answers.entry(answer).or_default() += 1;
        }
    }

    /// The total, and the themes that have items.
    fn finish(mut self) -> (Progress, Vec<ThemeSummary>) {
        self.0.retain(|t| t.progress.total > 0);
        let total = self.0.iter().fold(Progress::default(), |sum, t| Progress {
            answered: sum.answered + t.progress.answered,
            total: sum.total + t.progress.total,
        });
        (total, self.0)
    }
}

/// Everything a report shows, computed once.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub organisation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    pub licences: Vec<String>,
    pub as_of: NaiveDate,
    pub progress: Progress,
    pub themes: Vec<ThemeSummary>,
    pub answers: BTreeMap<Answer, usize>,
    pub findings: Vec<Finding>,
    pub owners: Vec<OwnerLoad>,
    /// The parking lot: questions raised in the room to follow up.
    pub follow_ups: Vec<FollowUp>,
    /// Coverage, apart from the findings: the items not assessed yet, in
    /// catalog order.
    pub not_assessed: Vec<String>,
    /// Where each item stands, in catalog order.
    pub statuses: Vec<ItemStatus>,
    /// What the latest tenant scans observed, per control and tool, in
    /// catalog order.
    pub observed: Vec<ObservedItem>,
}

/// A question raised in the workshop, to follow up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FollowUp {
    pub item: String,
    pub question: String,
}

impl Summary {
    pub fn new(catalog: &Catalog, a: &Assessment, as_of: NaiveDate) -> Self {
        // One walk over the items, so that each record is read once.
        let cx = Context::new(catalog, a, as_of);
        let mut themes = Themes::new();
        let mut owners = Owners::default();
        let mut findings = Vec::new();
        let mut follow_ups = Vec::new();
        let mut not_assessed = Vec::new();
        let mut statuses = Vec::with_capacity(catalog.items().len());
        let mut own = Vec::new();
        let mut observed = Vec::new();
        for item in catalog.items() {
            let r = a.item(&item.id);
            observed.extend(observed_items(a, item, as_of));
            themes.add(item, r);
            owners.add(r);
            own.clear();
            item_findings(&cx, item, r, &mut own);
            // Not yet assessed is coverage, reported apart from findings.
            own.retain(|f| f.kind != FindingKind::Unanswered);
            if r.answer.is_none() {
                not_assessed.push(item.id.to_string());
            }
            statuses.push(status::item_status(&cx, item, r, &own));
            findings.append(&mut own);
            if let Some(q) = non_blank(r.follow_up.as_deref()) {
                follow_ups.push(FollowUp {
                    item: item.id.to_string(),
                    question: q.trim().to_string(),
                });
            }
        }
        let owners = owners.into_load();
        findings.extend(assessment_findings(a, &owners));
        let (progress, themes) = themes.finish();
        let mut answers = BTreeMap::new();
        for t in &themes {
            for (&answer, &n) in &t.answers {
                *answers.entry(answer).or_default() += n;
            }
        }
        Summary {
            organisation: a.organisation.clone(),
            scope: a.scope.clone(),
            licences: a.licences.clone(),
            as_of,
            progress,
            themes,
            answers,
            findings,
            owners,
            follow_ups,
            not_assessed,
            statuses,
            observed,
        }
    }

    /// Audit-ready items of a kind (or of all), and how many there are.
    pub fn readiness(&self, kind: Option<ItemKind>) -> (usize, usize) {
        let of_kind = self
            .statuses
            .iter()
            .filter(|s| kind.is_none_or(|k| s.kind == k));
        of_kind.fold((0, 0), |(ready, total), s| {
            (ready + usize::from(s.is_ready()), total + 1)
        })
    }

    /// Where one item stands.
    pub fn status(&self, id: &str) -> Option<&ItemStatus> {
        self.statuses.iter().find(|s| s.item == id)
    }

    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Findings counted by kind, for kinds that occur, in rule order.
    pub fn by_kind(&self) -> Vec<(FindingKind, usize)> {
        FindingKind::ALL
            .iter()
            .map(|&k| (k, self.findings.iter().filter(|f| f.kind == k).count()))
            .filter(|&(_, n)| n > 0)
            .collect()
    }

    /// The worst severity present, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).min()
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_status;
