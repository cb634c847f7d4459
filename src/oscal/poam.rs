//! The plan of action and milestones: one item per entry of the
//! remediation plan (every open action and every untracked gap), each with
//! its risk (status, deadline), the planned remediation with its owner and
//! due date, and the findings it answers.

use serde::Serialize;
use uuid::Uuid;

use super::parties::{ACTION_OWNER, OWNER};
use super::results::{Actor, Origin, OscalFinding, findings};
use super::risks::RiskRef;
use super::ssp::{Href, SystemId, system_id};
use super::types::{BackMatter, Metadata, Prop, ResponsibleRole};
use super::{Context, Model, date_time, line, line_or, prose};
use crate::report::{PlanEntry, PlanStatus, plan_entries_from};

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct PoamDoc {
    uuid: Uuid,
    metadata: Metadata,
    import_ssp: Href,
    system_id: SystemId,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    risks: Vec<Risk>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    findings: Vec<OscalFinding>,
    poam_items: Vec<PoamItem>,
    back_matter: BackMatter,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Risk {
    uuid: Uuid,
    title: String,
    description: String,
    statement: String,
    props: Vec<Prop>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    deadline: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    remediations: Vec<Remediation>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Remediation {
    uuid: Uuid,
    lifecycle: &'static str,
    title: String,
    description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    origins: Vec<Origin>,
    tasks: Vec<Task>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Task {
    uuid: Uuid,
    #[serde(rename = "type")]
    kind: &'static str,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    timing: Option<Timing>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    responsible_roles: Vec<ResponsibleRole>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Timing {
    on_date: OnDate,
}

#[derive(Serialize)]
struct OnDate {
    date: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct PoamItem {
    uuid: Uuid,
    title: String,
    description: String,
    props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_findings: Vec<FindingRef>,
    related_risks: Vec<RiskRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct FindingRef {
    finding_uuid: Uuid,
}

pub(crate) fn poam(cx: &Context) -> PoamDoc {
    let org = cx.organisation();
    let entries = plan_entries_from(cx.catalog, cx.assessment, &cx.summary);
    let summary = &cx.summary;
    // The findings of the items in the plan, with the UUIDs the assessment
    // results give them.
    let all = findings(cx, &summary.findings, false);
    let mut kept = Vec::new();
    let mut items = Vec::new();
    let mut risks = Vec::new();
    for e in &entries {
        let mut related = Vec::new();
        for (f, of) in summary.findings.iter().zip(&all) {
            if f.item.as_deref() == Some(e.item.as_str()) {
                related.push(FindingRef {
                    finding_uuid: of.uuid(),
                });
                kept.push(of.uuid());
            }
        }
        let risk = risk(cx, e);
        items.push(PoamItem {
            uuid: cx.ids.uuid(&format!("poam-item/{}", entry_key(e))),
            title: entry_title(e),
            description: e
                .action
                .as_deref()
                .and_then(|a| prose(Some(a)))
                .unwrap_or_else(|| format!("No action yet: {} needs one.", entry_title(e))),
            props: vec![Prop::gapwalk("plan-status", status_token(e.status))],
            related_findings: related,
            related_risks: vec![RiskRef {
                risk_uuid: risk.uuid,
            }],
            remarks: owner_words(e),
        });
        risks.push(risk);
    }
    let findings = all
        .into_iter()
        .filter(|f| kept.contains(&f.uuid()))
        .collect();
    PoamDoc {
        uuid: cx.document_uuid(Model::Poam, cx.as_of),
        metadata: cx.metadata(
            Model::Poam,
            cx.as_of,
            format!("{org}: remediation plan as of {}", cx.as_of),
        ),
        import_ssp: Href {
            href: cx.ids.document_href(Model::Ssp),
        },
        system_id: system_id(cx),
        risks,
        findings,
        poam_items: items,
        back_matter: BackMatter {
            resources: vec![cx.ids.document_resource(Model::Ssp)],
        },
    }
}

/// What names an entry in UUIDs: its item, or the row that finishes the
/// assessment.
fn entry_key(e: &PlanEntry) -> &str {
    if e.item.is_empty() {
        "rest-of-assessment"
    } else {
        &e.item
    }
}

fn entry_title(e: &PlanEntry) -> String {
    let title = line_or(&e.title, "Remediation");
    if e.item.is_empty() {
        title
    } else {
        format!("{} {title}", e.item)
    }
}

fn status_token(status: PlanStatus) -> &'static str {
    match status {
        PlanStatus::Overdue => "overdue",
        PlanStatus::Open => "open",
        PlanStatus::UntrackedGap => "untracked-gap",
        PlanStatus::NeedsAction => "needs-action",
        PlanStatus::FinishAssessing => "not-yet-assessed",
    }
}

fn owner_words(e: &PlanEntry) -> Option<String> {
    match (
        e.owner.as_deref().and_then(line),
        e.item_owner.as_deref().and_then(line),
    ) {
        (Some(o), _) => Some(format!("Action owner: {o}.")),
        (None, Some(o)) => Some(format!("No action owner; the item owner is {o}.")),
        (None, None) => None,
    }
}

fn risk(cx: &Context, e: &PlanEntry) -> Risk {
    let key = |what: &str| cx.ids.uuid(&format!("{what}/{}", entry_key(e)));
    let statement = match (e.status, e.days_overdue) {
        (PlanStatus::Overdue, Some(days)) => format!(
            "The action was due {} and is {days} day(s) overdue.",
            e.due.map_or_else(String::new, |d| d.to_string())
        ),
        (PlanStatus::UntrackedGap, _) => {
            "A gap with no action that has both an owner and a due date.".to_string()
        }
        (PlanStatus::NeedsAction, _) => "A high finding and no action to close it yet.".to_string(),
        (PlanStatus::FinishAssessing, _) => "Items the room has not assessed yet.".to_string(),
        _ => "An open remediation action.".to_string(),
    };
    // The owner of the work: the action's, else the item's.
    let (role, who) = match (&e.owner, &e.item_owner, &e.suggested_owner) {
        (Some(o), _, _) => (ACTION_OWNER, Some(o.as_str())),
        (None, Some(o), _) | (None, None, Some(o)) => (OWNER, Some(o.as_str())),
        (None, None, None) => (OWNER, None),
    };
    // An action recorded in the file is planned; what the plan says is
    // needed (a high finding with no action, the items still to assess)
    // is a recommendation.
    let lifecycle = match e.status {
        PlanStatus::NeedsAction | PlanStatus::FinishAssessing => "recommendation",
        _ => "planned",
    };
    let remediations = e
        .action
        .as_deref()
        .map(|what| Remediation {
            uuid: key("remediation"),
            lifecycle,
            title: line_or(what, "Remediation action"),
            description: prose(Some(what)).unwrap_or_else(|| "Remediation action.".to_string()),
            origins: who
                .and_then(|w| cx.parties.person(w))
                .map(|actor_uuid| Origin {
                    actors: vec![Actor {
                        kind: "party",
                        actor_uuid,
                        role_id: Some(role),
                    }],
                })
                .into_iter()
                .collect(),
            tasks: vec![Task {
                uuid: key("task"),
                kind: "milestone",
                title: match e.due {
                    Some(d) => format!("Done by {d}"),
                    None => "Done (no due date is set)".to_string(),
                },
                timing: e.due.map(|d| Timing {
                    on_date: OnDate { date: date_time(d) },
                }),
                responsible_roles: cx.parties.responsible(role, who),
            }],
        })
        .into_iter()
        .collect();
    Risk {
        uuid: key("risk"),
        title: entry_title(e),
        description: match e.answer {
            Some(a) => format!("The room answered \"{}\".", a.label()),
            None => "Not yet answered.".to_string(),
        },
        statement,
        props: vec![Prop::gapwalk("plan-status", status_token(e.status))],
        status: match e.status {
            PlanStatus::UntrackedGap | PlanStatus::NeedsAction | PlanStatus::FinishAssessing => {
                "open"
            }
            PlanStatus::Open | PlanStatus::Overdue => "remediating",
        },
        deadline: e.due.map(date_time),
        remediations,
    }
}
