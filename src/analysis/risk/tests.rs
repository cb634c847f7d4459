//! The register's findings, rule by rule, at their boundaries.

use chrono::NaiveDate;

use crate::analysis::{Finding, FindingKind, Severity, findings};
use crate::assessment::{Answer, Assessment, InclusionReason, Risk, Treatment};
use crate::catalog::Catalog;

fn as_of() -> NaiveDate {
    "2026-11-28".parse().expect("date")
}

fn risk(id: &str) -> Risk {
    Risk {
        id: id.into(),
        title: "Phishing takes over a mailbox".into(),
        owner: Some("Head of IT".into()),
        likelihood: Some(2),
        impact: Some(2),
        treatment: Some(Treatment::Reduce),
        controls: vec!["A.8.5".into()],
        ..Risk::default()
    }
}

/// A.8.5 answered as handled and owned; one risk treated by it.
fn base() -> Assessment {
    let mut a = Assessment::new("iso27001-2022", "Contoso");
    let r = a.item_mut("A.8.5");
    r.answer = Some(Answer::WeManage);
    r.owner = Some("Head of IT".into());
    a.risks.push(risk("R-01"));
    a
}

fn of(a: &Assessment, kind: FindingKind) -> Vec<Finding> {
    findings(Catalog::builtin(), a, as_of())
        .into_iter()
        .filter(|f| f.kind == kind)
        .collect()
}

#[test]
fn unsupported_inclusion_needs_a_risk_citing_the_control() {
    let k = FindingKind::UnsupportedInclusion;
    let mut a = base();
    a.item_mut("A.8.5").included_because = vec![InclusionReason::RiskAssessment];
    assert!(of(&a, k).is_empty(), "R-01 cites A.8.5");
    // No risk cites it any more.
    a.risks[0].controls = vec!["A.5.15".into()];
    let found = of(&a, k);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Medium);
    assert_eq!(found[0].item.as_deref(), Some("A.8.5"));
    assert!(found[0].message.starts_with(
        "A.8.5 is included because of the risk assessment, but no risk in the register cites it"
    ));
    // With another reason besides, still unsupported.
    a.item_mut("A.8.5").included_because = vec![
        InclusionReason::Contractual,
        InclusionReason::RiskAssessment,
    ];
    assert_eq!(of(&a, k).len(), 1);
    // An empty register supports nothing.
    a.risks.clear();
    assert_eq!(of(&a, k).len(), 1);
    // Another reason only: nothing to support.
    a.item_mut("A.8.5").included_because = vec![InclusionReason::Contractual];
    assert!(of(&a, k).is_empty());
    // Excluded or not yet assessed: not included, so not flagged.
    a.item_mut("A.8.5").included_because = vec![InclusionReason::RiskAssessment];
    a.item_mut("A.8.5").answer = Some(Answer::NotApplicable);
    assert!(of(&a, k).is_empty());
    a.item_mut("A.8.5").answer = None;
    assert!(of(&a, k).is_empty());
    // A gap is included (it has to be implemented).
    a.item_mut("A.8.5").answer = Some(Answer::Gap);
    assert_eq!(of(&a, k).len(), 1);
}

#[test]
fn untreated_risk_is_high_only_when_the_score_is_high() {
    let k = FindingKind::UntreatedRisk;
    let mut a = base();
    assert!(of(&a, k).is_empty(), "A.8.5 is in place");
    a.item_mut("A.8.5").answer = Some(Answer::Gap);
    // 2 × 2 = 4: (3 − 1)² is not above it.
    let found = of(&a, k);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Medium);
    assert_eq!(found[0].risk.as_deref(), Some("R-01"));
    assert_eq!(found[0].item, None);
    assert_eq!(
        found[0].message,
        "Risk R-01 Phishing takes over a mailbox (score 4 of 9) is treated by A.8.5 (a gap), which cannot treat it as things stand."
    );
    // 3 × 2 = 6: high.
    a.risks[0].likelihood = Some(3);
    let found = of(&a, k);
    assert_eq!(found[0].severity, Severity::High);
    assert!(
        found[0].message.contains("(score 6 of 9, high)"),
        "{}",
        found[0].message
    );
    // Excluded as not applicable counts too; a control not yet assessed
    // does not.
    a.item_mut("A.8.5").answer = Some(Answer::NotApplicable);
    assert!(
        of(&a, k)[0]
            .message
            .contains("A.8.5 (excluded as not applicable)")
    );
    a.item_mut("A.8.5").answer = None;
    assert!(of(&a, k).is_empty());
    // Unrated: not high.
    a.item_mut("A.8.5").answer = Some(Answer::Gap);
    a.risks[0].impact = None;
    assert_eq!(of(&a, k)[0].severity, Severity::Medium);
    assert!(of(&a, k)[0].message.contains("(not rated yet)"));
    // To be reduced with no control named.
    a.risks[0].controls.clear();
    let found = of(&a, k);
    assert!(
        found[0]
            .message
            .ends_with("is to be reduced, but no control is named to reduce it."),
        "{}",
        found[0].message
    );
    // Accepted with no control: nothing to treat it.
    a.risks[0].treatment = Some(Treatment::Accept);
    assert!(of(&a, k).is_empty());
}

#[test]
fn a_declared_scale_moves_what_a_high_score_is() {
    let mut a = base();
    a.governance.risk_scale = ["Rare", "Unlikely", "Possible", "Likely", "Certain"]
        .map(String::from)
        .to_vec();
    a.item_mut("A.8.5").answer = Some(Answer::Gap);
    a.risks[0].likelihood = Some(4);
    a.risks[0].impact = Some(4);
    // 16 is not above (5 − 1)² = 16…
    assert_eq!(
        of(&a, FindingKind::UntreatedRisk)[0].severity,
        Severity::Medium
    );
    // …20 is.
    a.risks[0].impact = Some(5);
    let found = of(&a, FindingKind::UntreatedRisk);
    assert_eq!(found[0].severity, Severity::High);
    assert!(found[0].message.contains("(score 20 of 25, high)"));
}

#[test]
fn unaccepted_risk_needs_both_who_and_when() {
    let k = FindingKind::UnacceptedRisk;
    let mut a = base();
    assert!(
        of(&a, k).is_empty(),
        "reduced, no residual: nothing to accept"
    );
    a.risks[0].treatment = Some(Treatment::Accept);
    let found = of(&a, k);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Medium);
    assert!(
        found[0].message.contains(
            "is accepted as it is, but the register does not say who accepted it and when"
        ),
        "{}",
        found[0].message
    );
    a.risks[0].accepted_by = Some("Managing Director".into());
    assert!(
        of(&a, k)[0]
            .message
            .contains("does not say when it was accepted")
    );
    a.risks[0].accepted_on = Some(as_of());
    assert!(of(&a, k).is_empty());
    a.risks[0].accepted_by = None;
    assert!(
        of(&a, k)[0]
            .message
            .contains("does not say who accepted it ")
    );
    // A residual rating needs acceptance whatever the treatment.
    a.risks[0].treatment = Some(Treatment::Reduce);
    a.risks[0].residual_likelihood = Some(1);
    a.risks[0].residual_impact = Some(2);
    let found = of(&a, k);
    assert!(
        found[0]
            .message
            .contains("leaves a residual risk (Low × Medium)"),
        "{}",
        found[0].message
    );
    a.risks[0].accepted_by = Some("Managing Director".into());
    assert!(of(&a, k).is_empty());
}

#[test]
fn a_risk_without_an_owner_is_unowned_like_an_item() {
    let mut a = base();
    assert!(of(&a, FindingKind::Unowned).is_empty());
    a.risks[0].owner = Some("  ".into());
    let found = of(&a, FindingKind::Unowned);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::High);
    assert_eq!(found[0].risk.as_deref(), Some("R-01"));
    assert_eq!(
        found[0].message,
        "Nobody owns risk R-01 Phishing takes over a mailbox."
    );
}

#[test]
fn risk_findings_come_after_the_items_and_are_told_apart_in_a_diff() {
    let mut a = base();
    a.risks[0].owner = None;
    let mut second = risk("R-02");
    second.owner = None;
    a.risks.push(second);
    a.item_mut("A.5.1").answer = Some(Answer::WeManage);
    let all = findings(Catalog::builtin(), &a, as_of());
    let first_risk = all
        .iter()
        .position(|f| f.risk.is_some())
        .expect("risk findings");
    assert!(all[first_risk..].iter().all(|f| f.item.is_none()));
    // Two unowned risks are two findings: owning one resolves one.
    let old = a.clone();
    a.risks[1].owner = Some("COO".into());
    let d = crate::analysis::diff(Catalog::builtin(), &old, &a, as_of());
    assert_eq!(d.findings_resolved.len(), 1);
    assert_eq!(d.findings_resolved[0].risk.as_deref(), Some("R-02"));
}
