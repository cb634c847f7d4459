//! What the risk register means for the controls and for itself. ISO/IEC
//! 27001 6.1.3 d) asks the Statement of Applicability to justify each
//! control's inclusion, for most by the risk assessment; these rules hold
//! the register and the controls to each other.
//!
//! - `unsupported-inclusion` (medium): an Annex A control answered (and not
//!   excluded) whose `included_because` says risk assessment, while no
//!   risk of the register cites it among its `controls`.
//! - `untreated-risk` (high when the risk's score is high on the declared
//!   scale, else medium): a risk whose controls include one answered `gap`
//!   or `not-applicable` (what is meant to treat it is not in place or is
//!   out of scope), or a risk to be reduced that names no control at all.
//!   A score is high when it is above (levels − 1)²: on the default Low /
//!   Medium / High scale, 6 or 9. An unrated risk counts as not high.
//! - `unaccepted-risk` (medium): a risk with `treatment = "accept"`, or
//!   with a residual rating, that does not record who accepted it and when
//!   (`accepted_by` and `accepted_on`, 6.1.3 f).
//! - `unowned` (high, as for an item): a risk with no owner.

use std::collections::HashSet;

use super::{Context, Finding, FindingKind, Severity};
use crate::assessment::{Answer, Assessment, ItemRecord, Risk, RiskScale, Treatment};
use crate::catalog::{Item, ItemKind};

/// The controls some risk cites, for [`unsupported_inclusion`].
pub(super) fn cited(a: &Assessment) -> HashSet<&str> {
    a.risks
        .iter()
        .flat_map(|r| r.controls.iter().map(String::as_str))
        .collect()
}

impl Finding {
    fn about_risk(kind: FindingKind, severity: Severity, risk: &Risk, message: String) -> Self {
        Finding {
            kind,
            severity,
            item: None,
            risk: Some(risk.id.clone()),
            owner: None,
            message,
        }
    }
}

pub(super) fn unsupported_inclusion(cx: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    (item.kind == ItemKind::Control && r.included_for_risk() && !cx.cited.contains(item.id.as_ref()))
        .then(|| {
            Finding::item(
                FindingKind::UnsupportedInclusion,
                item,
                format!(
                    "{} is included because of the risk assessment, but no risk in the register cites it: link the risks it treats, or give another reason.",
                    item.id
                ),
            )
        })
}

/// The register, highest score first (unrated risks last), in file order
/// within a score: the order every document lists it in.
pub fn risks_by_score(a: &Assessment) -> Vec<&Risk> {
    let mut out: Vec<&Risk> = a.risks.iter().collect();
    out.sort_by_key(|r| std::cmp::Reverse(r.score()));
    out
}

/// The findings of the register, risk by risk in file order.
pub(super) fn risk_findings(a: &Assessment) -> Vec<Finding> {
    let scale = a.risk_scale();
    let mut out = Vec::new();
    for r in &a.risks {
        out.extend(unowned_risk(r));
        out.extend(untreated_risk(a, &scale, r));
        out.extend(unaccepted_risk(&scale, r));
    }
    out
}

/// "R-07 Phishing takes over a mailbox".
fn name(r: &Risk) -> String {
    let title = r.title.trim();
    if title.is_empty() {
        r.id.clone()
    } else {
        format!("{} {title}", r.id)
    }
}

/// "score 6 of 9, high", "not rated yet".
pub fn score_phrase(scale: &RiskScale, r: &Risk) -> String {
    match r.score() {
        Some(s) if scale.is_high(s) => format!("score {s} of {}, high", scale.max_score()),
        Some(s) => format!("score {s} of {}", scale.max_score()),
        None => "not rated yet".to_string(),
    }
}

fn unowned_risk(r: &Risk) -> Option<Finding> {
    r.owner().is_none().then(|| {
        let kind = FindingKind::Unowned;
        Finding::about_risk(
            kind,
            kind.severity(),
            r,
            format!("Nobody owns risk {}.", name(r)),
        )
    })
}

fn untreated_risk(a: &Assessment, scale: &RiskScale, r: &Risk) -> Option<Finding> {
    let not_in_place: Vec<String> = r
        .controls
        .iter()
        .filter_map(|id| {
            let answer = a.item(id).answer.filter(|a| a.leaves_untreated())?;
            Some(if answer == Answer::Gap {
                format!("{id} (a gap)")
            } else {
                format!("{id} (excluded as not applicable)")
            })
        })
        .collect();
    let why = if !not_in_place.is_empty() {
        format!(
            "is treated by {}, which cannot treat it as things stand",
            not_in_place.join(", ")
        )
    } else if r.treatment == Some(Treatment::Reduce) && r.controls.is_empty() {
        "is to be reduced, but no control is named to reduce it".to_string()
    } else {
        return None;
    };
    let severity = if r.is_high(scale) {
        Severity::High
    } else {
        Severity::Medium
    };
    Some(Finding::about_risk(
        FindingKind::UntreatedRisk,
        severity,
        r,
        format!("Risk {} ({}) {why}.", name(r), score_phrase(scale, r)),
    ))
}

fn unaccepted_risk(scale: &RiskScale, r: &Risk) -> Option<Finding> {
    if !r.needs_acceptance() || r.is_accepted() {
        return None;
    }
    let what = if r.treatment == Some(Treatment::Accept) {
        "is accepted as it is".to_string()
    } else {
        format!(
            "leaves a residual risk ({})",
            scale.rating(r.residual_likelihood, r.residual_impact)
        )
    };
    let missing = match (
        crate::assessment::non_blank(r.accepted_by.as_deref()),
        r.accepted_on,
    ) {
        (None, None) => "who accepted it and when",
        (None, Some(_)) => "who accepted it",
        (Some(_), None) => "when it was accepted",
        (Some(_), Some(_)) => return None,
    };
    let kind = FindingKind::UnacceptedRisk;
    Some(Finding::about_risk(
        kind,
        kind.severity(),
        r,
        format!(
            "Risk {} {what}, but the register does not say {missing} (accepted_by, accepted_on): the risk owner's acceptance is what the standard asks for.",
            name(r)
        ),
    ))
}

#[cfg(test)]
mod tests;
