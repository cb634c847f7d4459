use chrono::NaiveDate;

use super::*;
use crate::assessment::{Action, Evidence};

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

const TODAY: &str = "2026-11-28";

/// An assessment with one item recorded.
fn with(id: &str, r: ItemRecord, licences: &[&str]) -> Assessment {
    let mut a = Assessment::new(catalog().id(), "Contoso");
    a.licences = licences.iter().map(|s| s.to_string()).collect();
    a.items.insert(id.to_string(), r);
    a
}

/// The kinds of finding one item gets.
fn kinds(id: &str, r: ItemRecord, licences: &[&str]) -> Vec<FindingKind> {
    let a = with(id, r, licences);
    let item = catalog().item(id).expect("item");
    findings_for_item(catalog(), &a, d(TODAY), item)
        .into_iter()
        .map(|f| f.kind)
        .collect()
}

fn has(id: &str, r: ItemRecord, kind: FindingKind) -> bool {
    kinds(id, r, &["m365-e3"]).contains(&kind)
}

fn answered(answer: Answer) -> ItemRecord {
    ItemRecord {
        answer: Some(answer),
        owner: Some("CISO".into()),
        ..ItemRecord::default()
    }
}

fn evidence(date: &str) -> Evidence {
    Evidence {
        what: "Report".into(),
        location: None,
        date: Some(d(date)),
    }
}

fn action(owner: Option<&str>, due: Option<&str>, done: Option<&str>) -> Action {
    Action {
        what: "Fix".into(),
        owner: owner.map(Into::into),
        due: due.map(d),
        done: done.map(d),
    }
}

#[test]
fn unanswered() {
    use FindingKind::Unanswered as K;
    assert!(has("A.5.1", ItemRecord::default(), K));
    assert!(has(
        "A.5.1",
        ItemRecord {
            owner: Some("X".into()),
            ..Default::default()
        },
        K
    ));
    assert!(!has("A.5.1", answered(Answer::Gap), K));
}

#[test]
fn untracked_and_tracked_gap() {
    let gap = |action| ItemRecord {
        action,
        ..answered(Answer::Gap)
    };
    let cases = [
        (None, true, false),
        (Some(action(None, Some("2027-01-01"), None)), true, false),
        (Some(action(Some("CISO"), None, None)), true, false),
        (
            Some(action(Some("  "), Some("2027-01-01"), None)),
            true,
            false,
        ),
        (
            Some(action(Some("CISO"), Some("2027-01-01"), None)),
            false,
            true,
        ),
    ];
    for (a, untracked, tracked) in cases {
        let k = kinds("A.8.8", gap(a.clone()), &[]);
        assert_eq!(k.contains(&FindingKind::UntrackedGap), untracked, "{a:?}");
        assert_eq!(k.contains(&FindingKind::TrackedGap), tracked, "{a:?}");
    }
    // Not a gap: neither.
    let k = kinds("A.8.8", answered(Answer::WeManage), &[]);
    assert!(!k.contains(&FindingKind::UntrackedGap) && !k.contains(&FindingKind::TrackedGap));
}

#[test]
fn microsoft_handles_that() {
    use FindingKind::MicrosoftHandlesThat as K;
    let mp = |owner: Option<&str>, reliance: Option<&str>| ItemRecord {
        answer: Some(Answer::MicrosoftProvides),
        owner: owner.map(Into::into),
        reliance: reliance.map(Into::into),
        ..ItemRecord::default()
    };
    assert!(has("A.7.1", mp(None, None), K));
    assert!(has("A.7.1", mp(Some("CISO"), None), K));
    assert!(has("A.7.1", mp(Some("CISO"), Some(" ")), K));
    assert!(has("A.7.1", mp(None, Some("SOC 2 Type 2")), K));
    assert!(!has(
        "A.7.1",
        mp(Some("CISO"), Some("ISO 27001 certificate")),
        K
    ));
    assert!(!has("A.7.1", answered(Answer::Shared), K));
}

#[test]
fn not_the_platforms_job() {
    use FindingKind::NotThePlatformsJob as K;
    assert!(has("6.1.2", answered(Answer::MicrosoftProvides), K));
    assert!(has("9.3.1", answered(Answer::NotApplicable), K));
    assert!(!has("9.3.1", answered(Answer::WeManage), K));
    assert!(!has("9.3.1", answered(Answer::Shared), K));
    assert!(
        !has("A.7.1", answered(Answer::MicrosoftProvides), K),
        "controls may"
    );
}

#[test]
fn unowned() {
    use FindingKind::Unowned as K;
    let no_owner = |answer| ItemRecord {
        answer: Some(answer),
        ..ItemRecord::default()
    };
    for answer in [
        Answer::MicrosoftProvides,
        Answer::Shared,
        Answer::WeManage,
        Answer::Gap,
    ] {
        assert!(has("A.5.2", no_owner(answer), K), "{answer}");
        assert!(!has("A.5.2", answered(answer), K), "{answer}");
    }
    assert!(!has("A.5.2", no_owner(Answer::NotApplicable), K));
    assert!(
        !has("A.5.2", ItemRecord::default(), K),
        "unanswered is its own finding"
    );
    assert!(has(
        "A.5.2",
        ItemRecord {
            owner: Some(" ".into()),
            ..no_owner(Answer::Gap)
        },
        K
    ));
}

#[test]
fn no_evidence() {
    use FindingKind::NoEvidence as K;
    assert!(has("A.8.7", answered(Answer::Shared), K));
    assert!(has("A.8.7", answered(Answer::WeManage), K));
    assert!(!has("A.8.7", answered(Answer::Gap), K));
    assert!(!has("A.8.7", answered(Answer::MicrosoftProvides), K));
    let with_evidence = ItemRecord {
        evidence: vec![evidence("2026-10-01")],
        ..answered(Answer::Shared)
    };
    assert!(!has("A.8.7", with_evidence, K));
}

#[test]
fn stale_at_the_boundary_of_the_review_interval() {
    use FindingKind::Stale as K;
    let reviewed = |date: &str| ItemRecord {
        reviewed: Some(d(date)),
        ..answered(Answer::WeManage)
    };
    // Exactly twelve months ago: due today, not yet stale.
    assert!(!has("A.5.1", reviewed("2025-11-28"), K));
    assert!(has("A.5.1", reviewed("2025-11-27"), K));
    assert!(!has("A.5.1", reviewed("2026-06-01"), K));
    // The newest evidence counts too.
    let old_evidence = ItemRecord {
        evidence: vec![evidence("2024-01-01"), evidence("2025-11-01")],
        ..answered(Answer::WeManage)
    };
    assert!(has("A.5.1", old_evidence, K));
    let fresh_evidence = ItemRecord {
        evidence: vec![evidence("2024-01-01"), evidence("2026-01-01")],
        ..answered(Answer::WeManage)
    };
    assert!(!has("A.5.1", fresh_evidence, K));
    // No dates: nothing to be stale.
    assert!(!has("A.5.1", answered(Answer::WeManage), K));
}

#[test]
fn future_evidence_after_the_as_of_date() {
    use FindingKind::FutureEvidence as K;
    let dated = |dates: &[&str]| ItemRecord {
        evidence: dates.iter().map(|s| evidence(s)).collect(),
        ..answered(Answer::WeManage)
    };
    // Today itself is not the future; the day after is.
    assert!(!has("A.5.1", dated(&[TODAY]), K));
    assert!(has("A.5.1", dated(&["2026-01-01", "2026-11-29"]), K));
    assert!(!has("A.5.1", dated(&["2026-01-01"]), K));
    assert!(!has("A.5.1", answered(Answer::WeManage), K));
    let f = findings(
        catalog(),
        &with("A.5.1", dated(&["2027-11-28"]), &[]),
        d(TODAY),
    )
    .into_iter()
    .find(|f| f.kind == K)
    .expect("finding");
    assert_eq!(f.severity, Severity::Medium);
    assert!(f.message.contains("2027-11-28"), "{}", f.message);
}

#[test]
fn future_evidence_in_a_loaded_file_is_flagged() {
    let text = "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n[items.\"A.5.1\"]\nanswer = \"we-manage\"\n[[items.\"A.5.1\".evidence]]\nwhat = \"Policy\"\ndate = 2062-11-28\n";
    let (a, _) = crate::assessment::parse_assessment(text, catalog()).expect("loads");
    assert!(
        findings(catalog(), &a, d(TODAY))
            .iter()
            .any(|f| f.kind == FindingKind::FutureEvidence && f.item.as_deref() == Some("A.5.1"))
    );
}

#[test]
fn stale_follows_the_assessment_interval() {
    let mut a = with(
        "A.5.1",
        ItemRecord {
            reviewed: Some(d("2026-05-27")),
            ..answered(Answer::WeManage)
        },
        &[],
    );
    a.review_interval_months = Some(6);
    let stale = |a: &Assessment| {
        findings(catalog(), a, d(TODAY))
            .iter()
            .any(|f| f.kind == FindingKind::Stale)
    };
    assert!(stale(&a));
    a.review_interval_months = Some(12);
    assert!(!stale(&a));
}

#[test]
fn unlicensed_reliance_follows_licence_inclusion() {
    use FindingKind::UnlicensedReliance as K;
    let relies = |caps: &[&str]| ItemRecord {
        relies_on: caps.iter().map(|s| s.to_string()).collect(),
        ..answered(Answer::Shared)
    };
    // Conditional Access needs Entra ID P1, which E3 includes.
    assert!(
        !kinds(
            "A.5.15",
            relies(&["entra-conditional-access"]),
            &["m365-e3"]
        )
        .contains(&K)
    );
    // PIM needs P2: not in E3, but E5 includes it through another licence.
    assert!(kinds("A.8.2", relies(&["entra-pim"]), &["m365-e3"]).contains(&K));
    assert!(!kinds("A.8.2", relies(&["entra-pim"]), &["m365-e5"]).contains(&K));
    assert!(!kinds("A.8.2", relies(&["entra-pim"]), &["m365-e3", "entra-id-p2"]).contains(&K));
    assert!(kinds("A.8.2", relies(&["entra-pim"]), &[]).contains(&K));
    assert!(!kinds("A.8.2", relies(&[]), &[]).contains(&K));
}

#[test]
fn overdue_action_on_its_due_date_is_not_overdue() {
    use FindingKind::OverdueAction as K;
    let with_action = |a| ItemRecord {
        action: Some(a),
        ..answered(Answer::Gap)
    };
    assert!(!has(
        "A.5.1",
        with_action(action(Some("CISO"), Some(TODAY), None)),
        K
    ));
    assert!(has(
        "A.5.1",
        with_action(action(Some("CISO"), Some("2026-11-27"), None)),
        K
    ));
    assert!(!has(
        "A.5.1",
        with_action(action(Some("CISO"), Some("2026-11-27"), Some("2026-11-20"))),
        K
    ));
    assert!(!has(
        "A.5.1",
        with_action(action(Some("CISO"), None, None)),
        K
    ));
}

#[test]
fn unjustified_exclusion() {
    use FindingKind::UnjustifiedExclusion as K;
    let na = |j: Option<&str>| ItemRecord {
        answer: Some(Answer::NotApplicable),
        justification: j.map(Into::into),
        ..ItemRecord::default()
    };
    assert!(has("A.8.25", na(None), K));
    assert!(has("A.8.25", na(Some("  ")), K));
    assert!(!has("A.8.25", na(Some("We develop no software")), K));
    assert!(!has("A.8.25", answered(Answer::Gap), K));
}

mod summary;
