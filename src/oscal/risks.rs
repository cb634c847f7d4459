//! The assessment's risk register as OSCAL risks of the assessment
//! results: each with its rating as a characterization (likelihood,
//! impact and score on the assessment's scale), the controls that treat it
//! as mitigating factors, its treatment and acceptance. Findings about a
//! risk point to it (`related-risks`).

use serde::Serialize;
use uuid::Uuid;

use super::results::{Actor, Origin};
use super::ssp::requirement_uuid;
use super::types::Prop;
use super::{Context, line, line_or, prose};
use crate::assessment::{Risk, RiskScale, Treatment, non_blank};

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct RegisterRisk {
    uuid: Uuid,
    title: String,
    description: String,
    statement: String,
    props: Vec<Prop>,
    status: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    characterizations: Vec<Characterization>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    mitigating_factors: Vec<MitigatingFactor>,
}

#[derive(Serialize)]
struct Characterization {
    origin: Origin,
    facets: Vec<Facet>,
}

#[derive(Serialize)]
struct Facet {
    name: &'static str,
    system: &'static str,
    value: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct MitigatingFactor {
    uuid: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    implementation_uuid: Option<Uuid>,
    description: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct RiskRef {
    pub risk_uuid: Uuid,
}

/// The facets' system: the assessment's own scale, as gapwalk names it.
const SYSTEM: &str = "https://gapwalk.invalid/ns/oscal/risk-scale";

pub(crate) fn risk_uuid(cx: &Context, id: &str) -> Uuid {
    cx.ids.uuid(&format!("register-risk/{id}"))
}

/// Every risk of the register, in file order.
pub(crate) fn register(cx: &Context) -> Vec<RegisterRisk> {
    let scale = cx.assessment.risk_scale();
    cx.assessment
        .risks
        .iter()
        .map(|r| register_risk(cx, &scale, r))
        .collect()
}

fn register_risk(cx: &Context, scale: &RiskScale, r: &Risk) -> RegisterRisk {
    let title = line_or(&r.title, "Untitled risk");
    let mut statement = format!(
        "Likelihood × impact: {} on the assessment's scale ({}).",
        scale.rating_scored(r.likelihood, r.impact),
        scale.legend()
    );
    match r.treatment {
        Some(t) => statement.push_str(&format!(" Treatment: {}.", t.label().to_lowercase())),
        None => statement.push_str(" No treatment is decided."),
    }
    if r.has_residual() {
        statement.push_str(&format!(
            " Residual: {}.",
            scale.rating_scored(r.residual_likelihood, r.residual_impact)
        ));
    }
    let accepted = non_blank(r.accepted_by.as_deref())
        .and_then(line)
        .zip(r.accepted_on);
    if let Some((by, on)) = &accepted {
        statement.push_str(&format!(" Accepted by {by} on {on}."));
    }
    if let Some(d) = r.reviewed {
        statement.push_str(&format!(" Last reviewed {d}."));
    }
    let mut props = vec![Prop::gapwalk("risk-id", line_or(&r.id, "unnamed"))];
    if let Some(t) = r.treatment {
        props.push(Prop::gapwalk("treatment", t.as_str()));
    }
    if let Some(owner) = r.owner().and_then(line) {
        props.push(Prop::gapwalk("risk-owner", owner));
    }
    let mut facets = Vec::new();
    if let Some(l) = r.likelihood {
        facets.push(facet("likelihood", scale.name(l)));
    }
    if let Some(i) = r.impact {
        facets.push(facet("impact", scale.name(i)));
    }
    if let Some(s) = r.score() {
        facets.push(facet("risk", s.to_string()));
    }
    let characterizations = if facets.is_empty() {
        Vec::new()
    } else {
        vec![Characterization {
            origin: Origin {
                actors: vec![Actor {
                    kind: "party",
                    actor_uuid: cx.parties.organisation(),
                    role_id: None,
                }],
            },
            facets,
        }]
    };
    let mitigating_factors = r
        .controls
        .iter()
        .map(|id| {
            let answer = cx
                .assessment
                .item(id)
                .answer
                .map_or("not yet answered", |a| a.label());
            let title = cx.catalog.item(id).map_or("", |i| i.title.as_ref());
            MitigatingFactor {
                uuid: cx.ids.uuid(&format!("register-risk/{}/control/{id}", r.id)),
                implementation_uuid: cx.catalog.item(id).map(|_| requirement_uuid(cx, id)),
                description: format!("{id} {}: answered \"{answer}\".", line_or(title, "")),
            }
        })
        .collect();
    RegisterRisk {
        uuid: risk_uuid(cx, &r.id),
        title: format!("{} {title}", line_or(&r.id, "")),
        description: prose(r.description.as_deref()).unwrap_or_else(|| title.clone()),
        statement,
        props,
        status: status(r, accepted.is_some()),
        characterizations,
        mitigating_factors,
    }
}

fn facet(name: &'static str, value: String) -> Facet {
    Facet {
        name,
        system: SYSTEM,
        value,
    }
}

/// OSCAL's risk status: accepted once someone accepted it; being reduced
/// or shared while controls are named; else open.
fn status(r: &Risk, accepted: bool) -> &'static str {
    match r.treatment {
        _ if accepted => "risk-accepted",
        Some(Treatment::Reduce | Treatment::Share) if !r.controls.is_empty() => "remediating",
        _ => "open",
    }
}
