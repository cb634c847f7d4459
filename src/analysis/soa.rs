//! The Statement of Applicability (ISO/IEC 27001 clause 6.1.3 d): one row
//! per Annex A control, derived from the answers, and the lint that runs
//! before it is exported.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use super::{ItemStatus, RelianceReview, Shortfall, Summary, due_for_review, evidence_id};
use crate::assessment::{
    Action, Answer, Assessment, Evidence, InclusionReason, ItemRecord, non_blank,
};
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
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ImplementationStatus {
    /// Answered as handled, owned, demonstrated within the review
    /// interval, free of high findings: audit-ready.
    Implemented,
    /// Answered as handled, but something that shows it is missing (an
    /// owner, evidence, a reliance, a review) or a high finding is open.
    NotDemonstrated,
    /// Answered as done (by Microsoft, shared or ours) with an open action.
    PartiallyImplemented,
    /// A gap.
    NotImplemented,
    NotYetAssessed,
    NotApplicable,
}

impl ImplementationStatus {
    pub const ALL: [ImplementationStatus; 6] = [
        ImplementationStatus::Implemented,
        ImplementationStatus::NotDemonstrated,
        ImplementationStatus::PartiallyImplemented,
        ImplementationStatus::NotImplemented,
        ImplementationStatus::NotYetAssessed,
        ImplementationStatus::NotApplicable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ImplementationStatus::Implemented => "implemented",
            ImplementationStatus::NotDemonstrated => "not-demonstrated",
            ImplementationStatus::PartiallyImplemented => "partially-implemented",
            ImplementationStatus::NotImplemented => "not-implemented",
            ImplementationStatus::NotYetAssessed => "not-yet-assessed",
            ImplementationStatus::NotApplicable => "not-applicable",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ImplementationStatus::Implemented => "Implemented",
            ImplementationStatus::NotDemonstrated => "Implemented — not demonstrated",
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
    pub const ALL: [Audience; 2] = [Audience::Internal, Audience::Public];

    /// Its name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Internal => "internal",
            Audience::Public => "public",
        }
    }

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
    /// The risks of the register that cite the control, by id (what the
    /// inclusion "risk assessment" rests on).
    pub risks: Vec<String>,
    /// Justification for inclusion (with `included_because`) or exclusion.
    pub justification: Option<String>,
    /// The status category, as every document counts it.
    pub status: ImplementationStatus,
    /// The status with what is missing ("Implemented — not evidenced").
    pub status_label: String,
    /// What keeps the control from being implemented.
    pub missing: Vec<Shortfall>,
    /// How it is implemented, in words: who does it, the reliance and the
    /// evidence that show it.
    pub how: Vec<String>,
    /// Who does the work: Microsoft provides, shared, we manage, or
    /// nobody yet (a gap). `None` for exclusions and unanswered controls,
    /// so the responsibilities add up to the included controls.
    pub responsibility: Option<Answer>,
    /// The room called it critical.
    pub critical: bool,
    pub owner: Option<String>,
    /// The Microsoft assurance relied on.
    pub reliance: Option<String>,
    /// Names of the Microsoft 365 capabilities the control relies on.
    pub capabilities: Vec<String>,
    /// The evidence, each with its id in the evidence register.
    pub evidence: Vec<(String, Evidence)>,
    pub reviewed: Option<NaiveDate>,
    pub notes: Option<String>,
    /// The open remediation action, if any.
    pub action: Option<Action>,
}

/// The rows of the Statement of Applicability: every Annex A control, in
/// catalog order, with the status the summary computed.
pub fn soa_rows(catalog: &Catalog, a: &Assessment, summary: &Summary) -> Vec<SoaRow> {
    catalog
        .items()
        .iter()
        .zip(&summary.statuses)
        .filter(|(i, _)| i.kind == ItemKind::Control)
        .map(|(item, status)| {
            let r = a.item(&item.id);
            let applicability = match r.answer {
                None => Applicability::Undecided,
                Some(Answer::NotApplicable) => Applicability::Excluded,
                // "Microsoft provides" is never an exclusion: the control is
                // included and implemented through the provider.
                Some(_) => Applicability::Included,
            };
            let capabilities: Vec<String> = r
                .relies_on
                .iter()
                .map(|c| {
                    catalog
                        .capability(c)
                        .map_or(c.clone(), |c| c.name.to_string())
                })
                .collect();
            let evidence: Vec<(String, Evidence)> = r
                .evidence
                .iter()
                .enumerate()
                .map(|(i, e)| (evidence_id(&item.id, i), e.clone()))
                .collect();
            SoaRow {
                id: item.id.to_string(),
                title: item.title.to_string(),
                theme: item.theme,
                applicability,
                included_because: r.included_because.clone(),
                risks: a.risks_citing(&item.id).map(|r| r.id.clone()).collect(),
                justification: non_blank(r.justification.as_deref()).map(str::to_string),
                status: status.status,
                status_label: status.label(),
                missing: status.missing.clone(),
                how: {
                    let mut how = how_implemented(r, status, &capabilities, &evidence);
                    if a.is_critical(&item.id) {
                        how.push("The room called this control critical.".to_string());
                    }
                    how
                },
                responsibility: r.answer.filter(|a| *a != Answer::NotApplicable),
                critical: a.is_critical(&item.id),
                owner: r.owner().map(str::to_string),
                reliance: non_blank(r.reliance.as_deref()).map(str::to_string),
                capabilities,
                evidence,
                reviewed: r.reviewed,
                notes: non_blank(r.notes.as_deref()).map(str::to_string),
                action: r.action.clone().filter(|a| a.done.is_none()),
            }
        })
        .collect()
}

/// The responsibility as the SoA says it.
pub fn responsibility_label(answer: Answer) -> &'static str {
    match answer {
        Answer::Gap => "Nobody yet (gap)",
        other => other.label(),
    }
}

/// How an included control is implemented, in words, from what the file
/// records (and saying so where it records nothing).
fn how_implemented(
    r: &ItemRecord,
    status: &ItemStatus,
    capabilities: &[String],
    evidence: &[(String, Evidence)],
) -> Vec<String> {
    let mut out = Vec::new();
    let through = if capabilities.is_empty() {
        String::new()
    } else {
        format!(" through {}", capabilities.join(", "))
    };
    let reliance = non_blank(r.reliance.as_deref()).map(str::trim);
    let evidence_line = || {
        if evidence.is_empty() {
            "No evidence recorded.".to_string()
        } else {
            let ids: Vec<String> = evidence
                .iter()
                .map(|(id, e)| match e.date {
                    Some(d) => format!("{id} ({d})"),
                    None => format!("{id} (undated)"),
                })
                .collect();
            format!("Evidence: {}.", ids.join(", "))
        }
    };
    match r.answer {
        Some(Answer::MicrosoftProvides) => {
            out.push(format!("Microsoft provides it{through}."));
            out.push(match reliance {
                Some(rel) => format!("We rely on: {rel}."),
                None => "No Microsoft assurance relied on is recorded.".to_string(),
            });
            if reliance.is_some() {
                out.push(match &status.reliance_review {
                    Some(RelianceReview::Item { date }) => {
                        format!("The reliance was reviewed {date}.")
                    }
                    Some(RelianceReview::Evidence { id, date }) => {
                        format!("The reliance was checked {date} ({id}).")
                    }
                    Some(RelianceReview::SupplierReview { id, date }) => {
                        format!("Covered by the supplier review of {date} ({id}).")
                    }
                    None => "No review of the reliance is recorded.".to_string(),
                });
            }
        }
        Some(Answer::Shared) => {
            out.push(format!(
                "Shared: Microsoft provides the capability{through}; we configure and run it."
            ));
            if let Some(rel) = reliance {
                out.push(format!("For Microsoft's part we rely on: {rel}."));
            }
            out.push(evidence_line());
        }
        Some(Answer::WeManage) => {
            out.push(format!("We run it ourselves{through}."));
            out.push(evidence_line());
        }
        Some(Answer::Gap) => {
            out.push("Not in place yet.".to_string());
            out.push(match r.action.as_ref().filter(|a| a.done.is_none()) {
                Some(a) => {
                    // Who owns it is in the owner column (left out of the
                    // public SoA), so not repeated here.
                    match a.due {
                        Some(d) => format!("Action: {} (due {d}).", a.what.trim()),
                        None => format!("Action: {}.", a.what.trim()),
                    }
                }
                None => "No action is planned.".to_string(),
            });
        }
        Some(Answer::NotApplicable) | None => {}
    }
    out
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
    soa_lint_rows(
        a,
        as_of,
        &soa_rows(catalog, a, &Summary::new(catalog, a, as_of)),
    )
}

/// The SoA lint over rows already made.
pub fn soa_lint_rows(a: &Assessment, as_of: NaiveDate, rows: &[SoaRow]) -> Vec<SoaWarning> {
    let interval = a.review_interval();
    let mut out = Vec::new();
    for row in rows {
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
            && let Some(newest) = row.evidence.iter().filter_map(|(_, e)| e.date).max()
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

/// A reason for inclusion as every document says it: "Risk assessment"
/// names the risks that cite the control ("Risk assessment (R-01, R-07)"),
/// or says that none does.
pub fn inclusion_label(reason: InclusionReason, risks: &[String]) -> String {
    match reason {
        InclusionReason::RiskAssessment if risks.is_empty() => {
            format!("{} (no risk cites it)", reason.label())
        }
        InclusionReason::RiskAssessment => format!("{} ({})", reason.label(), risks.join(", ")),
        other => other.label().to_string(),
    }
}
