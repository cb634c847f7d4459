//! The assessment model: what the room decided for each item.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::ScanTool;

mod scans;
pub use scans::{FailedCheck, Observation, ScanRecord};

/// The only file format this build reads and writes.
pub const FORMAT: i64 = 1;

/// The review interval when the file does not set one.
pub const DEFAULT_REVIEW_INTERVAL_MONTHS: u32 = 12;

/// One field of the file, by name; [`FIELDS`](super::schema::FIELDS)
/// says everything else about it. The action's parts are fields of their
/// own, so that one side changing the due date and the other the owner
/// merge without a conflict; `Action` is the action as a whole (added or
/// removed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    // [assessment]
    AssessmentId,
    Organisation,
    Scope,
    Licences,
    ReviewIntervalMonths,
    Critical,
    // [assessment.soa]
    SoaOwner,
    SoaApprover,
    SoaApproved,
    SoaVersion,
    SoaClassification,
    SoaNextReview,
    // [[sessions]]
    SessionDate,
    Facilitator,
    Attendees,
    // [items."…"]
    Answer,
    Owner,
    Reviewed,
    ReliesOn,
    Reliance,
    IncludedBecause,
    Justification,
    Notes,
    FollowUp,
    Session,
    Evidence,
    Observed,
    Action,
    ActionWhat,
    ActionOwner,
    ActionDue,
    ActionDone,
    // [assessment] risk_scale
    RiskScale,
    // [[risks]]
    RiskTitle,
    RiskOwner,
    Likelihood,
    Impact,
    Treatment,
    RiskControls,
    ResidualLikelihood,
    ResidualImpact,
    AcceptedBy,
    AcceptedOn,
    RiskReviewed,
    RiskDescription,
}

/// Where a field lives: `[assessment]`, one `[[sessions]]` entry (by id),
/// one item (by catalog id) or one `[[risks]]` entry (by id).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, schemars::JsonSchema)]
pub enum Place {
    Assessment,
    Session(String),
    Item(String),
    Risk(String),
}

/// Which kind of table a field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Assessment,
    Session,
    Item,
    Risk,
}

impl Place {
    pub fn kind(&self) -> PlaceKind {
        match self {
            Place::Assessment => PlaceKind::Assessment,
            Place::Session(_) => PlaceKind::Session,
            Place::Item(_) => PlaceKind::Item,
            Place::Risk(_) => PlaceKind::Risk,
        }
    }
}

/// The value of one field, of the field's own type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum FieldValue {
    Text(String),
    Number(u32),
    Date(NaiveDate),
    Answer(Answer),
    Texts(Vec<String>),
    Reasons(Vec<InclusionReason>),
    Evidence(Vec<Evidence>),
    Observations(Vec<Observation>),
    Action(Action),
    Treatment(super::risk::Treatment),
}

/// Both sides of a merge changed the same field differently. `ours` is
/// what the file holds; `theirs` is what the other side wanted. `None`
/// means that side removed the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub place: Place,
    pub field: Field,
    pub ours: Option<FieldValue>,
    pub theirs: Option<FieldValue>,
}

/// Who does the work for an item.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Answer {
    MicrosoftProvides,
    Shared,
    WeManage,
    Gap,
    NotApplicable,
}

impl Answer {
    /// A control answered so cannot treat a risk: it is not in place (a
    /// gap) or out of scope (not applicable).
    pub fn leaves_untreated(self) -> bool {
        matches!(self, Answer::Gap | Answer::NotApplicable)
    }

    pub const ALL: [Answer; 5] = [
        Answer::MicrosoftProvides,
        Answer::Shared,
        Answer::WeManage,
        Answer::Gap,
        Answer::NotApplicable,
    ];

    /// The spelling in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::MicrosoftProvides => "microsoft-provides",
            Answer::Shared => "shared",
            Answer::WeManage => "we-manage",
            Answer::Gap => "gap",
            Answer::NotApplicable => "not-applicable",
        }
    }

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Answer::MicrosoftProvides => "Microsoft provides",
            Answer::Shared => "Shared",
            Answer::WeManage => "We manage",
            Answer::Gap => "Gap",
            Answer::NotApplicable => "Not applicable",
        }
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Answer {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Answer::ALL.into_iter().find(|a| a.as_str() == s).ok_or(())
    }
}

/// Why an Annex A control is in the Statement of Applicability.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum InclusionReason {
    RiskAssessment,
    Regulatory,
    Contractual,
    BestPractice,
}

impl InclusionReason {
    pub const ALL: [InclusionReason; 4] = [
        InclusionReason::RiskAssessment,
        InclusionReason::Regulatory,
        InclusionReason::Contractual,
        InclusionReason::BestPractice,
    ];

    /// The spelling in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            InclusionReason::RiskAssessment => "risk-assessment",
            InclusionReason::Regulatory => "regulatory",
            InclusionReason::Contractual => "contractual",
            InclusionReason::BestPractice => "best-practice",
        }
    }

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            InclusionReason::RiskAssessment => "Risk assessment",
            InclusionReason::Regulatory => "Regulatory",
            InclusionReason::Contractual => "Contractual",
            InclusionReason::BestPractice => "Best practice",
        }
    }
}

impl fmt::Display for InclusionReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for InclusionReason {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        InclusionReason::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or(())
    }
}

/// Something that shows an item operates over time.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
pub struct Evidence {
    pub what: String,
    #[serde(rename = "where", skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

/// A remediation for a gap or a weakness.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
pub struct Action {
    pub what: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done: Option<NaiveDate>,
}

impl Action {
    /// An action someone is accountable for by a date.
    pub fn is_tracked(&self) -> bool {
        self.owner.as_deref().is_some_and(|o| !o.trim().is_empty()) && self.due.is_some()
    }
}

/// The answers recorded for one catalog item. Every field is optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ItemRecord {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relies_on: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reliance: Option<String>,
    /// Why an Annex A control is included (the Statement of
    /// Applicability's justification for inclusion, with `justification`
    /// as the free text).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub included_because: Vec<InclusionReason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// A question raised in the room to follow up after the workshop (the
    /// parking lot).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<String>,
    /// The workshop session the item was last changed in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// What the latest tenant scans found for the item, one entry per
    /// tool (written by `gapwalk import-scan`, never by the room).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub observed: Vec<Observation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
}

impl ItemRecord {
    pub fn is_empty(&self) -> bool {
        *self == ItemRecord::default()
    }

    /// The owner, if one is named (blank counts as none).
    pub fn owner(&self) -> Option<&str> {
        non_blank(self.owner.as_deref())
    }

    /// The newest evidence date, if any evidence is dated.
    pub fn newest_evidence(&self) -> Option<NaiveDate> {
        self.evidence.iter().filter_map(|e| e.date).max()
    }

    /// Answered, not excluded, and included in the SoA because of the risk
    /// assessment: a risk of the register should cite it.
    pub fn included_for_risk(&self) -> bool {
        self.answer.is_some_and(|a| a != Answer::NotApplicable)
            && self
                .included_because
                .contains(&InclusionReason::RiskAssessment)
    }
}

/// `Some` only for text with something other than whitespace in it.
pub fn non_blank(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.trim().is_empty())
}

/// The Statement of Applicability's document control (`[assessment.soa]`):
/// who owns and approves it, its version and classification, and when it
/// is reviewed next. Everything is optional; the SoA says what is missing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct SoaControl {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approver: Option<String>,
    /// The date the approver approved this version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// How the document is classified ("Internal", "Confidential").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classification: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_review: Option<NaiveDate>,
}

impl SoaControl {
    pub fn is_empty(&self) -> bool {
        *self == SoaControl::default()
    }
}

/// What the assessment decides beyond the items' answers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Governance {
    /// Annex A controls the room called critical (`[assessment] critical`):
    /// a gap on one of them stays a high finding until its action is done
    /// (clauses 4–10 are mandatory, so always treated so).
    pub critical: Vec<String>,
    /// The Statement of Applicability's document control
    /// (`[assessment.soa]`).
    pub soa: SoaControl,
    /// The names of the levels risks are rated on, lowest first
    /// (`[assessment] risk_scale`); empty: Low, Medium, High.
    pub risk_scale: Vec<String>,
}

/// An assessment: the tenant's context and one record per answered item.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Assessment {
    pub catalog: String,
    /// The identity of this assessment cycle, written by `gapwalk new`
    /// (a fresh one for each review cycle) and never changed after: what
    /// calendar UIDs derive from, so that renaming the organisation keeps
    /// them and next year's actions get their own. Files without one fall
    /// back to the organisation's name.
    pub id: Option<String>,
    pub organisation: String,
    pub scope: Option<String>,
    pub licences: Vec<String>,
    pub review_interval_months: Option<u32>,
    /// The critical controls and the SoA's document control (boxed: most
    /// files have neither, and an assessment travels in messages).
    pub governance: Box<Governance>,
    /// Workshop sessions, in the order they were held.
    pub sessions: Vec<Session>,
    /// The risk register (the file's `[[risks]]` tables), in file order.
    pub risks: Vec<super::risk::Risk>,
    /// Imported tenant scan results, in the order they were imported (the
    /// file's `[[scans]]` tables).
    pub scans: Vec<ScanRecord>,
    /// Answered items by id; walk them in catalog order, not this map's.
    pub items: foldhash::HashMap<String, ItemRecord>,
    /// Fields a merge could not decide, in the order it met them (the
    /// file's `[[conflicts]]` tables). Each is a governance finding until
    /// it is resolved with [`resolve_conflict`](super::resolve_conflict).
    pub conflicts: Vec<Conflict>,
}

/// A workshop session: when, who ran it, who was in the room. Items record
/// the session they were last changed in, so the file keeps the trail of
/// who decided what.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
pub struct Session {
    /// Unique in the file: the date, with a suffix for a second session
    /// that day ("2026-11-28", "2026-11-28-2").
    pub id: String,
    pub date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facilitator: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<String>,
}

impl Assessment {
    /// A new assessment id: a UUID derived from the organisation, the
    /// moment and the process, so that two cycles (or two assessments made
    /// at once) never share one.
    pub fn new_id(organisation: &str, now: std::time::SystemTime) -> String {
        let nanos = now
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let seed = format!("{organisation}|{nanos}|{}", std::process::id());
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, seed.as_bytes()).to_string()
    }

    /// What identifies the assessment across renames: its id, else (a file
    /// made before ids, or by hand) the organisation.
    pub fn identity(&self) -> &str {
        self.id
            .as_deref()
            .filter(|id| !id.trim().is_empty())
            .unwrap_or(&self.organisation)
    }

    pub fn new(catalog: &str, organisation: &str) -> Self {
        Assessment {
            catalog: catalog.to_string(),
            organisation: organisation.to_string(),
            ..Assessment::default()
        }
    }

    /// The record of an item; an empty one if nothing is recorded.
    pub fn item(&self, id: &str) -> &ItemRecord {
        static EMPTY: ItemRecord = ItemRecord {
            answer: None,
            owner: None,
            reviewed: None,
            relies_on: Vec::new(),
            reliance: None,
            included_because: Vec::new(),
            justification: None,
            notes: None,
            follow_up: None,
            session: None,
            evidence: Vec::new(),
            observed: Vec::new(),
            action: None,
        };
        self.items.get(id).unwrap_or(&EMPTY)
    }

    /// The record of an item, for changing it.
    pub fn item_mut(&mut self, id: &str) -> &mut ItemRecord {
        self.items.entry(id.to_string()).or_default()
    }

    /// A session id for a new session on `date` not used in the file yet.
    pub fn next_session_id(&self, date: NaiveDate) -> String {
        let base = date.to_string();
        let taken = |id: &str| self.sessions.iter().any(|s| s.id == id);
        if !taken(&base) {
            return base;
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| !taken(id))
            .unwrap_or(base)
    }

    /// The `[[scans]]` entry with this id.
    pub fn scan(&self, id: &str) -> Option<&ScanRecord> {
        self.scans.iter().find(|s| s.id == id)
    }

    /// The latest observation of each tool for an item, with its scan, by
    /// tool. (An item holds one per tool; after a merge of two imports it
    /// may briefly hold two, and the later scan counts.)
    pub fn latest_observations(&self, id: &str) -> Vec<(&ScanRecord, &Observation)> {
        let mut out: Vec<(&ScanRecord, &Observation)> = Vec::new();
        for o in &self.item(id).observed {
            let Some(scan) = self.scan(&o.scan) else {
                continue;
            };
            match out.iter_mut().find(|(s, _)| s.tool == scan.tool) {
                Some(slot) if slot.0.ran < scan.ran => *slot = (scan, o),
                Some(_) => {}
                None => out.push((scan, o)),
            }
        }
        out.sort_by_key(|(s, _)| s.tool);
        out
    }

    /// The scan of the same tool and tenant that ran last before `scan`.
    pub fn previous_scan(&self, scan: &ScanRecord) -> Option<&ScanRecord> {
        self.scans
            .iter()
            .filter(|s| s.tool == scan.tool && s.tenant == scan.tenant && s.ran < scan.ran)
            .max_by_key(|s| s.ran)
    }

    /// The Statement of Applicability's document control.
    pub fn soa(&self) -> &SoaControl {
        &self.governance.soa
    }

    /// Whether the room called this Annex A control critical.
    pub fn is_critical(&self, id: &str) -> bool {
        self.governance.critical.iter().any(|c| c == id)
    }

    pub fn review_interval(&self) -> u32 {
        self.review_interval_months
            .unwrap_or(DEFAULT_REVIEW_INTERVAL_MONTHS)
    }
}
