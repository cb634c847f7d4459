//! The Statement of Applicability (ISO/IEC 27001 clause 6.1.3 d): one row
//! per Annex A control, derived from the answers, and the lint that runs
//! before it is exported.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use super::due_for_review;
use crate::assessment::{Action, Answer, Assessment, Evidence, InclusionReason, non_blank};
use crate::catalog::{Catalog, ItemKind, Theme};

/// Whether a control is in the Statement of Applicability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    Included,
    Excluded,
    /// Not answered yet: neither included nor excluded.
    Undecided,
}

impl Applicability {
    /// The SoA's "applicable" column.
    pub fn label(self) -> &'static str {
        match self {
            Applicability::Included => "Yes",
            Applicability::Excluded => "No",
            Applicability::Undecided => "Undecided",
        }
    }
}

/// How far a control is implemented, derived from the answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImplementationStatus {
    Implemented,
    /// Answered as done (by Microsoft, shared or ours) with an open action.
    PartiallyImplemented,
    /// A gap.
    NotImplemented,
    NotYetAssessed,
    NotApplicable,
}

impl ImplementationStatus {
    pub const ALL: [ImplementationStatus; 5] = [
        ImplementationStatus::Implemented,
        ImplementationStatus::PartiallyImplemented,
        ImplementationStatus::NotImplemented,
        ImplementationStatus::NotYetAssessed,
        ImplementationStatus::NotApplicable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ImplementationStatus::Implemented => "implemented",
            ImplementationStatus::PartiallyImplemented => "partially-implemented",
            ImplementationStatus::NotImplemented => "not-implemented",
            ImplementationStatus::NotYetAssessed => "not-yet-assessed",
            ImplementationStatus::NotApplicable => "not-applicable",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ImplementationStatus::Implemented => "Implemented",
            ImplementationStatus::PartiallyImplemented => "Partially implemented",
            ImplementationStatus::NotImplemented => "Not implemented",
            ImplementationStatus::NotYetAssessed => "Not yet assessed",
            ImplementationStatus::NotApplicable => "Not applicable",
        }
    }
}

impl fmt::Display for ImplementationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The implementation status of one item's answers.
pub fn implementation_status(
    answer: Option<Answer>,
    action: Option<&Action>,
) -> ImplementationStatus {
    match answer {
        None => ImplementationStatus::NotYetAssessed,
        Some(Answer::NotApplicable) => ImplementationStatus::NotApplicable,
        Some(Answer::Gap) => ImplementationStatus::NotImplemented,
        Some(Answer::MicrosoftProvides | Answer::Shared | Answer::WeManage) => {
            if action.is_some_and(|a| a.done.is_none()) {
                ImplementationStatus::PartiallyImplemented
            } else {
                ImplementationStatus::Implemented
            }
        }
    }
}

/// Who the Statement of Applicability is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Audience {
    /// Everything, for the organisation and its auditor.
    #[default]
    Internal,
    /// Without owners, evidence locations and notes, for a customer's
    /// due-diligence team.
    Public,
}

impl Audience {
    pub fn label(self) -> &'static str {
        match self {
            Audience::Internal => "Internal: owners, evidence locations and notes included",
            Audience::Public => "Public: owners, evidence locations and notes left out",
        }
    }
}

/// One Annex A control in the Statement of Applicability. Text is as
/// written in the assessment (untrusted: each output escapes it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SoaRow {
    pub id: String,
    pub title: String,
    pub theme: Theme,
    pub applicability: Applicability,
    pub included_because: Vec<InclusionReason>,
    /// Justification for inclusion (with `included_because`) or exclusion.
    pub justification: Option<String>,
    pub status: ImplementationStatus,
    /// Who does the work: Microsoft provides, shared or we manage. `None`
    /// for gaps, exclusions and unanswered controls.
    pub responsibility: Option<Answer>,
    pub owner: Option<String>,
    /// The Microsoft assurance relied on.
    pub reliance: Option<String>,
    /// Names of the Microsoft 365 capabilities the control relies on.
    pub capabilities: Vec<String>,
    pub evidence: Vec<Evidence>,
    pub reviewed: Option<NaiveDate>,
    pub notes: Option<String>,
    /// The open remediation action, if any.
    pub action: Option<Action>,
}

/// The rows of the Statement of Applicability: every Annex A control, in
/// catalog order.
pub fn soa_rows(catalog: &Catalog, a: &Assessment) -> Vec<SoaRow> {
    catalog
        .items()
        .iter()
        .filter(|i| i.kind == ItemKind::Control)
        .map(|item| {
            let r = a.item(&item.id);
            let applicability = match r.answer {
                None => Applicability::Undecided,
                Some(Answer::NotApplicable) => Applicability::Excluded,
                // "Microsoft provides" is never an exclusion: the control is
                // included and implemented through the provider.
                Some(_) => Applicability::Included,
            };
            let responsibility = r.answer.filter(|a| {
                matches!(
                    a,
                    Answer::MicrosoftProvides | Answer::Shared | Answer::WeManage
                )
            });
            SoaRow {
                id: item.id.to_string(),
                title: item.title.to_string(),
                theme: item.theme,
                applicability,
                included_because: r.included_because.clone(),
                justification: non_blank(r.justification.as_deref()).map(str::to_string),
                status: implementation_status(r.answer, r.action.as_ref()),
                responsibility,
                owner: r.owner().map(str::to_string),
                reliance: non_blank(r.reliance.as_deref()).map(str::to_string),
                capabilities: r
                    .relies_on
                    .iter()
                    .map(|c| {
                        catalog
                            .capability(c)
                            .map_or(c.clone(), |c| c.name.to_string())
                    })
                    .collect(),
                evidence: r.evidence.clone(),
                reviewed: r.reviewed,
                notes: non_blank(r.notes.as_deref()).map(str::to_string),
                action: r.action.clone().filter(|a| a.done.is_none()),
            }
        })
        .collect()
}

/// What the SoA lint warns about. Warnings never stop an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SoaWarningKind {
    /// Neither included nor excluded.
    Undecided,
    /// Included with no `included_because`.
    InclusionWithoutReason,
    /// Excluded with an empty justification or a stock phrase.
    WeakExclusion,
    /// Excluded, yet reasons for inclusion are recorded.
    ExcludedWithReasons,
    /// The newest evidence is older than the review interval.
    StaleEvidence,
}

impl SoaWarningKind {
    pub const ALL: [SoaWarningKind; 5] = [
        SoaWarningKind::Undecided,
        SoaWarningKind::InclusionWithoutReason,
        SoaWarningKind::WeakExclusion,
        SoaWarningKind::ExcludedWithReasons,
        SoaWarningKind::StaleEvidence,
    ];

    /// What the controls of this kind have in common, for a grouped warning.
    pub fn title(self) -> &'static str {
        match self {
            SoaWarningKind::Undecided => "neither included nor excluded (not yet assessed)",
            SoaWarningKind::InclusionWithoutReason => {
                "included without a reason (set included_because)"
            }
            SoaWarningKind::WeakExclusion => {
                "excluded without a real justification (empty or a stock phrase)"
            }
            SoaWarningKind::ExcludedWithReasons => {
                "excluded, yet reasons for inclusion are recorded"
            }
            SoaWarningKind::StaleEvidence => "evidence older than the review interval",
        }
    }
}

/// One thing to fix in the Statement of Applicability before an auditor
/// reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SoaWarning {
    pub kind: SoaWarningKind,
    pub item: String,
    pub message: String,
}

/// Justifications that justify nothing.
const STOCK_PHRASES: &[&str] = &[
    "n/a",
    "na",
    "n.a",
    "not applicable",
    "not relevant",
    "irrelevant",
    "not needed",
    "not required",
    "not necessary",
    "does not apply",
    "doesn't apply",
    "not in scope",
    "out of scope",
    "none",
    "no",
    "nothing",
    "not used",
    "tbd",
    "todo",
    "see above",
    "-",
];

/// Whether a justification is empty or a stock phrase such as "N/A" or
/// "Not relevant.".
pub fn is_stock_phrase(justification: &str) -> bool {
    let s = justification
        .trim()
        .trim_end_matches(['.', '!', ' '])
        .trim()
        .to_lowercase();
    s.is_empty() || STOCK_PHRASES.contains(&s.as_str())
}

/// The SoA lint: what would make an auditor send the Statement of
/// Applicability back. In catalog order.
pub fn soa_lint(catalog: &Catalog, a: &Assessment, as_of: NaiveDate) -> Vec<SoaWarning> {
    let interval = a.review_interval();
    let mut out = Vec::new();
    for row in soa_rows(catalog, a) {
        let id = &row.id;
        let mut warn = |kind, message: String| {
            out.push(SoaWarning {
                kind,
                item: id.clone(),
                message,
            });
        };
        match row.applicability {
            Applicability::Undecided => warn(
                SoaWarningKind::Undecided,
                format!("{id} {} is neither included nor excluded.", row.title),
            ),
            Applicability::Included if row.included_because.is_empty() => warn(
                SoaWarningKind::InclusionWithoutReason,
                format!(
                    "{id} is included but no reason is recorded (included_because: risk-assessment, regulatory, contractual or best-practice)."
                ),
            ),
            Applicability::Included => {}
            Applicability::Excluded => {
                match row.justification.as_deref() {
                    None => warn(
                        SoaWarningKind::WeakExclusion,
                        format!("{id} is excluded with no justification."),
                    ),
                    Some(j) if is_stock_phrase(j) => warn(
                        SoaWarningKind::WeakExclusion,
                        format!(
                            "{id} is excluded with the stock phrase \"{}\": say why the control does not apply.",
                            j.trim()
                        ),
                    ),
                    Some(_) => {}
                }
                if !row.included_because.is_empty() {
                    warn(
                        SoaWarningKind::ExcludedWithReasons,
                        format!("{id} is excluded, yet reasons for including it are recorded."),
                    );
                }
            }
        }
        if row.applicability == Applicability::Included
            && let Some(newest) = row.evidence.iter().filter_map(|e| e.date).max()
            && as_of > due_for_review(newest, interval)
        {
            warn(
                SoaWarningKind::StaleEvidence,
                format!(
                    "{id}: the newest evidence is from {newest}, more than {interval} months ago."
                ),
            );
        }
    }
    out
}
