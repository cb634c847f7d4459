//! The gap report as JSON, for CI and other tools. Control characters are
//! stripped from the assessment's text (a tool may print it to a
//! terminal).

use serde::Serialize;

use super::GapReport;
use crate::analysis::{ItemStatus, Severity};
use crate::assessment::Answer;
use crate::catalog::ItemKind;
use crate::report::records::{Attendance, EvidenceEntry};
use crate::text::sanitize_data;

#[derive(Serialize, schemars::JsonSchema)]
#[schemars(rename = "GapwalkReport")]
struct JsonReport<'a> {
    /// The shape and its version: `gapwalk.report/1`.
    #[schemars(extend("const" = super::super::formats::REPORT))]
    format: &'static str,
    organisation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
    licences: &'a [String],
    as_of: String,
    progress: JsonProgress<'a>,
    answers: Vec<JsonCount>,
    /// Items not yet assessed: coverage, apart from the findings.
    coverage: JsonCoverage<'a>,
    /// Audit-ready (implemented) items, by the one rule every document uses.
    readiness: JsonReadiness,
    counts: JsonCounts,
    findings: Vec<crate::analysis::Finding>,
    /// Where each item stands.
    statuses: Vec<JsonStatus<'a>>,
    owners: Vec<crate::analysis::OwnerLoad>,
    follow_ups: Vec<crate::analysis::FollowUp>,
    sessions: Vec<Attendance>,
    answered_outside_sessions: &'a [String],
    evidence: Vec<EvidenceEntry>,
    /// Per control and tool, the latest tenant scan's result.
    observed: Vec<crate::analysis::ObservedItem>,
    /// The names of the levels likelihood and impact are rated on, lowest
    /// (level 1) first.
    risk_scale: Vec<String>,
    /// The risk register, in file order.
    risks: Vec<JsonRisk>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonRisk {
    #[serde(flatten)]
    risk: crate::assessment::Risk,
    /// Likelihood × impact, once both are rated.
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<u32>,
    /// Above (levels − 1)² on the scale: 6 or more on the default one.
    high: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    residual_score: Option<u32>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonCoverage<'a> {
    not_assessed: usize,
    items: &'a [String],
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonReady {
    ready: usize,
    total: usize,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonReadiness {
    ready: usize,
    total: usize,
    clauses: JsonReady,
    controls: JsonReady,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonStatus<'a> {
    #[serde(flatten)]
    status: &'a ItemStatus,
    label: String,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonProgress<'a> {
    answered: usize,
    total: usize,
    themes: Vec<JsonTheme<'a>>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonTheme<'a> {
    theme: &'a str,
    answered: usize,
    total: usize,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonCount {
    answer: &'static str,
    count: usize,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonCounts {
    high: usize,
    medium: usize,
    low: usize,
    by_kind: Vec<(&'static str, usize)>,
}

/// The gap report as JSON.
pub fn report_json(r: &GapReport) -> String {
    let s = &r.summary;
    let ready = |kind| {
        let (ready, total) = s.readiness(kind);
        JsonReady { ready, total }
    };
    let (all_ready, all_total) = s.readiness(None);
    let scale = r.assessment.risk_scale();
    let report = JsonReport {
        format: crate::report::formats::REPORT,
        organisation: sanitize_data(&s.organisation),
        scope: s.scope.as_deref().map(sanitize_data),
        licences: &s.licences,
        as_of: s.as_of.to_string(),
        progress: JsonProgress {
            answered: s.progress.answered,
            total: s.progress.total,
            themes: s
                .themes
                .iter()
                .map(|t| JsonTheme {
                    theme: t.theme.as_str(),
                    answered: t.progress.answered,
                    total: t.progress.total,
                })
                .collect(),
        },
        answers: Answer::ALL
            .iter()
            .map(|&a| JsonCount {
                answer: a.as_str(),
                count: s.answers.get(&a).copied().unwrap_or(0),
            })
            .collect(),
        coverage: JsonCoverage {
            not_assessed: s.not_assessed.len(),
            items: &s.not_assessed,
        },
        readiness: JsonReadiness {
            ready: all_ready,
            total: all_total,
            clauses: ready(Some(ItemKind::Clause)),
            controls: ready(Some(ItemKind::Control)),
        },
        statuses: s
            .statuses
            .iter()
            .map(|status| JsonStatus {
                status,
                label: status.label(),
            })
            .collect(),
        sessions: r
            .sessions
            .iter()
            .map(|a| Attendance {
                facilitator: a.facilitator.as_deref().map(sanitize_data),
                attendees: a.attendees.iter().map(|n| sanitize_data(n)).collect(),
                session: sanitize_data(&a.session),
                ..a.clone()
            })
            .collect(),
        answered_outside_sessions: &r.outside_sessions,
        evidence: r
            .evidence()
            .iter()
            .map(|e| EvidenceEntry {
                what: sanitize_data(&e.what),
                location: e.location.as_deref().map(sanitize_data),
                ..e.clone()
            })
            .collect(),
        observed: s
            .observed
            .iter()
            .map(|o| crate::analysis::ObservedItem {
                scan: sanitize_data(&o.scan),
                failing: o.failing.iter().map(|id| sanitize_data(id)).collect(),
                drifted: o.drifted.iter().map(|id| sanitize_data(id)).collect(),
                ..o.clone()
            })
            .collect(),
        counts: JsonCounts {
            high: s.count(Severity::High),
            medium: s.count(Severity::Medium),
            low: s.count(Severity::Low),
            by_kind: s
                .by_kind()
                .into_iter()
                .map(|(k, n)| (k.as_str(), n))
                .collect(),
        },
        findings: s
            .findings
            .iter()
            .map(|f| crate::analysis::Finding {
                message: sanitize_data(&f.message),
                owner: f.owner.as_deref().map(sanitize_data),
                risk: f.risk.as_deref().map(sanitize_data),
                ..f.clone()
            })
            .collect(),
        risk_scale: (1..=scale.levels())
            .map(|l| sanitize_data(&scale.name(l)))
            .collect(),
        risks: r
            .assessment
            .risks
            .iter()
            .map(|risk| {
                let mut clean = risk.clone();
                crate::report::diff::clean_risk(&mut clean);
                JsonRisk {
                    score: risk.score(),
                    high: risk.is_high(&scale),
                    residual_score: risk.residual_score(),
                    risk: clean,
                }
            })
            .collect(),
        owners: s
            .owners
            .iter()
            .map(|o| crate::analysis::OwnerLoad {
                owner: sanitize_data(&o.owner),
                ..o.clone()
            })
            .collect(),
        follow_ups: s
            .follow_ups
            .iter()
            .map(|f| crate::analysis::FollowUp {
                item: f.item.clone(),
                question: sanitize_data(&f.question),
            })
            .collect(),
    };
    // Serialising plain data structures cannot fail.
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
    out.push('\n');
    crate::text::json_escape_invisible(out)
}

/// The JSON Schema of [`report_json`]'s output.
pub fn report_schema() -> schemars::Schema {
    crate::report::formats::output_schema::<JsonReport<'static>>()
}
