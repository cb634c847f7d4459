//! The assessment results: one result for the assessment date (the as-of
//! date the findings are judged on), with the workshop sessions as its
//! log, what the room recorded per item as observations, and gapwalk's
//! governance findings with their severity.

use std::collections::HashMap;

use serde::Serialize;
use uuid::Uuid;

use super::catalog::statement_id;
use super::parties::FACILITATOR;
use super::risks::{RegisterRisk, RiskRef, register, risk_uuid};

mod scans;
use super::ssp::{Href, organisation_component, requirement_uuid};
use super::types::{
    BackMatter, ControlSelection, Empty, Metadata, Prop, Resource, ReviewedControls,
};
use super::{Context, Model, date_time, line, line_or, prose};
use crate::analysis::{Finding, FindingKind};
use crate::assessment::{Answer, Evidence, ItemRecord, non_blank};
use crate::catalog::Item;
use scans::{scan_observation_refs, scan_observations};

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct ResultsDoc {
    uuid: Uuid,
    metadata: Metadata,
    import_ap: Href,
    results: Vec<AssessmentResult>,
    back_matter: BackMatter,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct AssessmentResult {
    uuid: Uuid,
    title: String,
    description: String,
    start: String,
    end: String,
    reviewed_controls: ReviewedControls,
    #[serde(skip_serializing_if = "Option::is_none")]
    assessment_log: Option<Log>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    observations: Vec<Observation>,
    /// The assessment's risk register.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    risks: Vec<RegisterRisk>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    findings: Vec<OscalFinding>,
}

#[derive(Serialize)]
struct Log {
    entries: Vec<LogEntry>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct LogEntry {
    uuid: Uuid,
    title: String,
    description: String,
    start: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logged_by: Vec<LoggedBy>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct LoggedBy {
    party_uuid: Uuid,
    role_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Observation {
    uuid: Uuid,
    title: String,
    description: String,
    props: Vec<Prop>,
    methods: Vec<&'static str>,
    types: Vec<&'static str>,
    origins: Vec<Origin>,
    subjects: Vec<Subject>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    relevant_evidence: Vec<RelevantEvidence>,
    collected: String,
}

#[derive(Serialize)]
pub(crate) struct Origin {
    pub actors: Vec<Actor>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Actor {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub actor_uuid: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Subject {
    subject_uuid: Uuid,
    #[serde(rename = "type")]
    kind: &'static str,
    title: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct RelevantEvidence {
    #[serde(skip_serializing_if = "Option::is_none")]
    href: Option<String>,
    description: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct OscalFinding {
    uuid: Uuid,
    title: String,
    description: String,
    props: Vec<Prop>,
    target: Target,
    #[serde(skip_serializing_if = "Option::is_none")]
    implementation_statement_uuid: Option<Uuid>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_observations: Vec<ObservationRef>,
    /// The risk of the register a finding is about.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_risks: Vec<RiskRef>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Target {
    #[serde(rename = "type")]
    kind: &'static str,
    target_id: String,
    status: TargetStatus,
}

#[derive(Serialize)]
struct TargetStatus {
    state: &'static str,
    reason: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ObservationRef {
    observation_uuid: Uuid,
}

pub(crate) fn assessment_results(cx: &Context) -> ResultsDoc {
    let summary = &cx.summary;
    let org = cx.organisation();
    let dates: Vec<_> = cx
        .assessment
        .sessions
        .iter()
        .filter_map(|s| s.date)
        .collect();
    let start = dates
        .iter()
        .copied()
        .min()
        .map_or(cx.as_of, |d| d.min(cx.as_of));
    let mut observations: Vec<Observation> = cx
        .catalog
        .items()
        .iter()
        .filter_map(|item| observation(cx, item))
        .collect();
    observations.extend(scan_observations(cx));
    let findings = findings(cx, &summary.findings, true);
    let ap = Resource {
        uuid: cx.ids.uuid("resource/assessment-plan"),
        title: "Assessment plan: the gapwalk workshop".to_string(),
        description: Some(format!(
            "There is no separate assessment plan: the room answered each item in workshop sessions, facilitated with gapwalk, for the system described in the system security plan ({}). Answers and evidence are as recorded by the room; evidence was named, not inspected.",
            Model::Ssp.file_name()
        )),
        props: Vec::new(),
        rlinks: Vec::new(),
    };
    ResultsDoc {
        uuid: cx.document_uuid(Model::AssessmentResults, cx.as_of),
        metadata: cx.metadata(
            Model::AssessmentResults,
            cx.as_of,
            format!("{org}: ISO/IEC 27001:2022 gap assessment results as of {}", cx.as_of),
        ),
        import_ap: Href {
            href: format!("#{}", ap.uuid),
        },
        results: vec![AssessmentResult {
            uuid: cx.ids.uuid(&format!("result/{}", cx.as_of)),
            title: format!("Gap assessment as of {}", cx.as_of),
            description: format!(
                "Governance findings as gapwalk judges them on {}: {} of {} items answered, in {} workshop session(s).",
                cx.as_of,
                summary.progress.answered,
                summary.progress.total,
                cx.assessment.sessions.len()
            ),
            start: date_time(start),
            end: date_time(cx.as_of),
            reviewed_controls: ReviewedControls {
                description: "Every item of the catalog: the clauses 4–10 requirements and the Annex A controls.".to_string(),
                control_selections: vec![ControlSelection {
                    include_all: Some(Empty {}),
                    include_controls: Vec::new(),
                }],
            },
            assessment_log: log(cx),
            observations,
            risks: register(cx),
            findings,
        }],
        back_matter: BackMatter {
            resources: vec![ap, cx.ids.document_resource(Model::Ssp)],
        },
    }
}

fn log(cx: &Context) -> Option<Log> {
    let entries: Vec<LogEntry> = cx
        .assessment
        .sessions
        .iter()
        .filter_map(|s| {
            let date = s.date?;
            let facilitator = non_blank(s.facilitator.as_deref());
            let attendees: Vec<String> = s.attendees.iter().filter_map(|a| line(a)).collect();
            let mut description = match facilitator.and_then(line) {
                Some(f) => format!("Facilitated by {f}."),
                None => "No facilitator is recorded.".to_string(),
            };
            if !attendees.is_empty() {
                description.push_str(&format!(" In the room: {}.", attendees.join(", ")));
            }
            Some(LogEntry {
                uuid: cx.ids.uuid(&format!("session/{}", s.id)),
                title: format!("Workshop session {}", line_or(&s.id, "undated")),
                description,
                start: date_time(date),
                logged_by: facilitator
                    .and_then(|f| cx.parties.person(f))
                    .map(|party_uuid| LoggedBy {
                        party_uuid,
                        role_id: FACILITATOR,
                    })
                    .into_iter()
                    .collect(),
            })
        })
        .collect();
    (!entries.is_empty()).then_some(Log { entries })
}

pub(crate) fn observation_uuid(cx: &Context, item_id: &str) -> Uuid {
    cx.ids.uuid(&format!("observation/{item_id}"))
}

/// What the room recorded for an answered item.
fn observation(cx: &Context, item: &Item) -> Option<Observation> {
    let r = cx.assessment.item(&item.id);
    let answer = r.answer?;
    let session = r
        .session
        .as_deref()
        .and_then(|id| cx.assessment.sessions.iter().find(|s| s.id == id));
    let collected = session
        .and_then(|s| s.date)
        .or(r.reviewed)
        .unwrap_or(cx.as_of);
    let actor = session
        .and_then(|s| non_blank(s.facilitator.as_deref()))
        .and_then(|f| cx.parties.person(f))
        .map_or(
            Actor {
                kind: "party",
                actor_uuid: cx.parties.organisation(),
                role_id: None,
            },
            |actor_uuid| Actor {
                kind: "party",
                actor_uuid,
                role_id: Some(FACILITATOR),
            },
        );
    let mut methods = vec!["INTERVIEW"];
    if !r.evidence.is_empty() {
        methods.push("EXAMINE");
    }
    Some(Observation {
        uuid: observation_uuid(cx, &item.id),
        title: format!(
            "{} {}: {}",
            item.id,
            line_or(&item.title, ""),
            answer.label()
        ),
        description: recorded(r, answer),
        props: vec![Prop::gapwalk("answer", answer.as_str())],
        methods,
        types: vec!["control-objective"],
        origins: vec![Origin {
            actors: vec![actor],
        }],
        subjects: vec![Subject {
            subject_uuid: organisation_component(cx),
            kind: "component",
            title: cx.organisation(),
        }],
        relevant_evidence: r.evidence.iter().map(relevant_evidence).collect(),
        collected: date_time(collected),
    })
}

/// The room's record of an item in sentences.
fn recorded(r: &ItemRecord, answer: Answer) -> String {
    let mut out = format!("The room answered \"{}\".", answer.label());
    let mut add = |label: &str, text: Option<String>| {
        if let Some(t) = text {
            out.push_str(&format!(" {label}: {t}."));
        }
    };
    add("Owner", r.owner().and_then(line));
    add("Relied on", prose(r.reliance.as_deref()));
    add("Justification", prose(r.justification.as_deref()));
    if let Some(d) = r.reviewed {
        out.push_str(&format!(" Last reviewed {d}."));
    }
    if r.evidence.is_empty() {
        out.push_str(" No evidence is recorded.");
    }
    out
}

fn relevant_evidence(e: &Evidence) -> RelevantEvidence {
    let location = e.location.as_deref().and_then(line);
    let mut description = line_or(&e.what, "Unnamed evidence");
    if let Some(w) = &location {
        description.push_str(&format!(", kept at {w}"));
    }
    if let Some(d) = e.date {
        description.push_str(&format!(" ({d})"));
    }
    RelevantEvidence {
        href: location.filter(|w| {
            (w.starts_with("https://") || w.starts_with("http://"))
                && !w.contains(char::is_whitespace)
        }),
        description,
    }
}

/// gapwalk's findings as OSCAL findings. Each keeps its UUID wherever it
/// appears (the assessment results and the POA&M): its kind, its item (or
/// owner) and, for repeats, its place among them.
pub(crate) fn findings(
    cx: &Context,
    findings: &[Finding],
    with_observations: bool,
) -> Vec<OscalFinding> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let subject = f
                .item
                .clone()
                .or_else(|| f.risk.as_deref().map(|r| format!("risk/{r}")))
                .or_else(|| f.owner.as_deref().and_then(line))
                .unwrap_or_default();
            let base = format!("finding/{}/{subject}", f.kind);
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            let key = if *n == 1 { base } else { format!("{base}/{n}") };
            let target_item = f
                .item
                .clone()
                .unwrap_or_else(|| assessment_wide_target(cx, f));
            let answered = f
                .item
                .as_deref()
                .is_some_and(|id| cx.assessment.item(id).answer.is_some());
            OscalFinding {
                uuid: cx.ids.uuid(&key),
                title: match (&f.item, f.risk.as_deref().and_then(line)) {
                    (Some(id), _) => format!("{}: {id}", f.kind.title()),
                    (None, Some(risk)) => format!("{}: {risk}", f.kind.title()),
                    (None, None) => f.kind.title().to_string(),
                },
                description: line_or(&f.message, f.kind.title()),
                props: vec![
                    Prop::gapwalk("severity", f.severity.as_str()),
                    Prop::gapwalk("finding-kind", f.kind.as_str()),
                ],
                target: Target {
                    kind: "statement-id",
                    target_id: statement_id(&target_item),
                    status: TargetStatus {
                        state: "not-satisfied",
                        reason: if f.kind == FindingKind::Unanswered {
                            "other"
                        } else {
                            "fail"
                        },
                    },
                },
                implementation_statement_uuid: f.item.as_deref().map(|id| requirement_uuid(cx, id)),
                related_observations: f
                    .item
                    .as_deref()
                    .filter(|_| with_observations && answered)
                    .map(|id| ObservationRef {
                        observation_uuid: observation_uuid(cx, id),
                    })
                    .into_iter()
                    .chain(
                        f.item
                            .as_deref()
                            .filter(|_| with_observations)
                            .map(|id| scan_observation_refs(cx, f.kind, id))
                            .unwrap_or_default(),
                    )
                    .collect(),
                related_risks: f
                    .risk
                    .as_deref()
                    .filter(|id| cx.assessment.risk(id).is_some())
                    .map(|id| RiskRef {
                        risk_uuid: risk_uuid(cx, id),
                    })
                    .into_iter()
                    .collect(),
            }
        })
        .collect()
}

/// The clause a finding about the assessment as a whole is about: one
/// owner holding most items is a question of roles and responsibilities
/// (5.3); a risk without an owner, of the risk assessment (6.1.2); a risk
/// not treated or not accepted, of the risk treatment (6.1.3); a merge
/// conflict outside the items, of the control of the assessment's own
/// documented information (7.5.3).
fn assessment_wide_target(cx: &Context, f: &Finding) -> String {
    let clause = match f.kind {
        FindingKind::KeyPersonRisk => "5.3",
        FindingKind::Unowned if f.risk.is_some() => "6.1.2",
        FindingKind::UntreatedRisk | FindingKind::UnacceptedRisk => "6.1.3",
        _ => "7.5.3",
    };
    cx.catalog
        .item(clause)
        .or_else(|| cx.catalog.items().first())
        .map_or_else(|| clause.to_string(), |i| i.id.to_string())
}

impl OscalFinding {
    pub fn uuid(&self) -> Uuid {
        self.uuid
    }
}
