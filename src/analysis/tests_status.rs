//! One rule for "implemented" and "audit-ready", and the severity rules
//! the documents issue changed: a test per rule, with a fixed date.

use chrono::NaiveDate;

use super::*;
use crate::assessment::{Action, Evidence};

const TODAY: &str = "2026-11-28";

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

fn evidence(date: Option<&str>) -> Evidence {
    Evidence {
        what: "Report".into(),
        location: None,
        date: date.map(d),
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

fn owned(answer: Answer) -> ItemRecord {
    ItemRecord {
        answer: Some(answer),
        owner: Some("CISO".into()),
        ..ItemRecord::default()
    }
}

fn summary_of(a: &Assessment) -> Summary {
    Summary::new(catalog(), a, d(TODAY))
}

fn status_in(a: &Assessment, id: &str) -> ItemStatus {
    summary_of(a).status(id).expect("status").clone()
}

fn status(id: &str, r: ItemRecord) -> ItemStatus {
    let mut a = Assessment::new(catalog().id(), "Contoso");
    a.licences = vec!["m365-e5".into()];
    a.items.insert(id.into(), r);
    status_in(&a, id)
}

fn label(id: &str, r: ItemRecord) -> String {
    status(id, r).label()
}

#[test]
fn implemented_needs_an_owner_current_evidence_and_no_high_finding() {
    use ImplementationStatus::*;
    let fresh = ItemRecord {
        evidence: vec![evidence(Some("2026-10-01"))],
        ..owned(Answer::WeManage)
    };
    assert_eq!(status("A.5.1", fresh.clone()).status, Implemented);
    assert!(status("A.5.1", fresh.clone()).is_ready());
    assert_eq!(label("A.5.1", fresh.clone()), "Implemented");

    // Each missing piece is named.
    let cases = [
        (
            ItemRecord {
                owner: None,
                ..fresh.clone()
            },
            "Implemented — no owner",
        ),
        (
            ItemRecord {
                evidence: Vec::new(),
                ..fresh.clone()
            },
            "Implemented — not evidenced",
        ),
        (
            ItemRecord {
                evidence: vec![evidence(None)],
                ..fresh.clone()
            },
            "Implemented — evidence undated",
        ),
        (
            ItemRecord {
                evidence: vec![evidence(Some("2025-11-27"))],
                ..fresh.clone()
            },
            "Implemented — evidence out of date (newest 2025-11-27)",
        ),
        (
            ItemRecord {
                reviewed: Some(d("2025-11-01")),
                ..fresh.clone()
            },
            "Implemented — review overdue (last 2025-11-01)",
        ),
        (
            ItemRecord {
                action: Some(action(Some("CISO"), Some("2027-01-31"), None)),
                ..fresh.clone()
            },
            "Partially — action open (due 2027-01-31)",
        ),
        (
            ItemRecord {
                action: Some(action(Some("CISO"), Some("2026-10-01"), None)),
                ..fresh.clone()
            },
            "Partially — action overdue (due 2026-10-01)",
        ),
    ];
    for (r, expected) in cases {
        let s = status("A.5.1", r);
        assert_eq!(s.label(), expected);
        assert!(!s.is_ready(), "{expected}");
    }
    // On the anniversary itself the evidence is still current.
    let anniversary = ItemRecord {
        evidence: vec![evidence(Some("2025-11-28"))],
        ..fresh.clone()
    };
    assert!(status("A.5.1", anniversary).is_ready());
    // A done action does not hold it back.
    let done = ItemRecord {
        action: Some(action(Some("CISO"), Some("2026-10-01"), Some("2026-10-01"))),
        ..fresh
    };
    assert!(status("A.5.1", done).is_ready());
}

#[test]
fn a_high_finding_keeps_a_control_from_being_implemented() {
    // PIM is not in Business Premium.
    let mut a = Assessment::new(catalog().id(), "Contoso");
    a.licences = vec!["m365-business-premium".into()];
    a.items.insert(
        "A.8.2".into(),
        ItemRecord {
            relies_on: vec!["entra-pim".into()],
            evidence: vec![evidence(Some("2026-11-01"))],
            ..owned(Answer::Shared)
        },
    );
    let s = status_in(&a, "A.8.2");
    assert_eq!(s.status, ImplementationStatus::NotDemonstrated);
    assert_eq!(
        s.label(),
        "Implemented — relies on a capability the tenant is not licensed for"
    );
    assert!(s.ready_once_high_findings_closed());
}

#[test]
fn microsoft_provides_needs_a_recorded_reliance_that_was_reviewed() {
    let mp = |reliance: Option<&str>, reviewed: Option<&str>| ItemRecord {
        reliance: reliance.map(Into::into),
        reviewed: reviewed.map(d),
        ..owned(Answer::MicrosoftProvides)
    };
    // A.8.13 answered "Microsoft provides" with no owner and no reliance.
    let bare = ItemRecord {
        answer: Some(Answer::MicrosoftProvides),
        ..ItemRecord::default()
    };
    assert_eq!(
        label("A.8.13", bare),
        "Implemented — no owner, no reliance recorded"
    );
    assert_eq!(
        label("A.7.12", mp(Some("SOC 2 Type 2"), None)),
        "Implemented — reliance not reviewed"
    );
    assert_eq!(
        label("A.7.12", mp(Some("SOC 2 Type 2"), Some("2026-11-17"))),
        "Implemented"
    );
    // No own evidence is needed.
    assert!(status("A.7.12", mp(Some("SOC 2 Type 2"), Some("2026-11-17"))).is_ready());

    // The supplier review recorded on A.5.23 reviews it too, while current.
    let with_supplier_review = |date: &str| {
        let mut a = Assessment::new(catalog().id(), "Contoso");
        a.items
            .insert("A.7.12".into(), mp(Some("SOC 2 Type 2"), None));
        a.items.insert(
            "A.5.23".into(),
            ItemRecord {
                evidence: vec![evidence(Some(date))],
                ..owned(Answer::Shared)
            },
        );
        status_in(&a, "A.7.12")
    };
    let s = with_supplier_review("2026-10-05");
    assert!(s.is_ready(), "{s:?}");
    assert_eq!(
        s.reliance_review,
        Some(RelianceReview::SupplierReview {
            id: "A.5.23-E1".into(),
            date: d("2026-10-05")
        })
    );
    assert!(!with_supplier_review("2025-10-05").is_ready());
}

#[test]
fn gaps_exclusions_and_unanswered_say_where_they_stand() {
    use ImplementationStatus::*;
    assert_eq!(
        status("A.5.7", ItemRecord::default()).status,
        NotYetAssessed
    );
    let gap = |a| ItemRecord {
        action: a,
        ..owned(Answer::Gap)
    };
    assert_eq!(
        label("A.5.7", gap(None)),
        "Not implemented — no action planned"
    );
    assert_eq!(
        label(
            "A.5.7",
            gap(Some(action(Some("CISO"), Some("2027-02-28"), None)))
        ),
        "Not implemented — action planned (due 2027-02-28)"
    );
    assert_eq!(
        label(
            "A.5.7",
            gap(Some(action(Some("CISO"), Some("2026-10-01"), None)))
        ),
        "Not implemented — action overdue (due 2026-10-01)"
    );
    assert_eq!(
        label("A.8.30", owned(Answer::NotApplicable)),
        "Not applicable — no justification"
    );
    let justified = ItemRecord {
        justification: Some("No outsourced development.".into()),
        ..owned(Answer::NotApplicable)
    };
    assert_eq!(label("A.8.30", justified), "Not applicable");
}

#[test]
fn audit_ready_counts_are_the_implemented_counts_of_the_soa() {
    let mut a = Assessment::new(catalog().id(), "Contoso");
    a.items.insert(
        "A.5.1".into(),
        ItemRecord {
            evidence: vec![evidence(Some("2026-10-01"))],
            ..owned(Answer::WeManage)
        },
    );
    a.items.insert("A.5.2".into(), owned(Answer::WeManage));
    a.items.insert(
        "5.1".into(),
        ItemRecord {
            evidence: vec![evidence(Some("2026-10-01"))],
            ..owned(Answer::WeManage)
        },
    );
    let s = summary_of(&a);
    let rows = soa_rows(catalog(), &a, &s);
    let implemented = rows
        .iter()
        .filter(|r| r.status == ImplementationStatus::Implemented)
        .count();
    assert_eq!(s.readiness(Some(ItemKind::Control)), (implemented, 93));
    assert_eq!(implemented, 1);
    assert_eq!(s.readiness(Some(ItemKind::Clause)).0, 1);
    assert_eq!(s.readiness(None).0, 2);
}

#[test]
fn not_yet_assessed_is_coverage_not_a_finding() {
    let a = Assessment::new(catalog().id(), "Contoso");
    let s = summary_of(&a);
    assert!(s.findings.is_empty(), "{:?}", s.findings);
    assert_eq!(s.not_assessed.len(), catalog().items().len());
    assert_eq!(s.count(Severity::Low), 0);
    // The workshop still sees it on the item.
    let item = catalog().item("A.5.1").expect("item");
    assert!(
        findings_for_item(catalog(), &a, d(TODAY), item)
            .iter()
            .any(|f| f.kind == FindingKind::Unanswered)
    );
}

/// The kinds of finding one item gets, in an assessment that may call
/// some controls critical.
fn kinds(id: &str, r: ItemRecord, critical: &[&str]) -> Vec<FindingKind> {
    let mut a = Assessment::new(catalog().id(), "Contoso");
    a.governance.critical = critical.iter().map(|s| s.to_string()).collect();
    a.items.insert(id.into(), r);
    let item = catalog().item(id).expect("item");
    findings_for_item(catalog(), &a, d(TODAY), item)
        .into_iter()
        .map(|f| f.kind)
        .collect()
}

#[test]
fn a_tracked_gap_on_a_mandatory_clause_or_critical_control_stays_high_until_done() {
    let gap = |done: Option<&str>| ItemRecord {
        action: Some(action(Some("CISO"), Some("2027-01-31"), done)),
        ..owned(Answer::Gap)
    };
    // Clauses are mandatory: 6.1.2 risk assessment, 9.2.1 internal audit.
    for id in ["6.1.2", "9.2.1"] {
        let k = kinds(id, gap(None), &[]);
        assert!(k.contains(&FindingKind::CriticalGap), "{id}: {k:?}");
        assert!(!k.contains(&FindingKind::TrackedGap), "{id}: {k:?}");
        assert_eq!(FindingKind::CriticalGap.severity(), Severity::High);
    }
    // A control the room called critical; the same control otherwise is low.
    assert!(kinds("A.5.24", gap(None), &["A.5.24"]).contains(&FindingKind::CriticalGap));
    let k = kinds("A.5.24", gap(None), &[]);
    assert!(
        k.contains(&FindingKind::TrackedGap) && !k.contains(&FindingKind::CriticalGap),
        "{k:?}"
    );
    // Once the action is done it is no longer high; the gap is to be
    // assessed again.
    let k = kinds("6.1.2", gap(Some("2026-11-01")), &[]);
    assert!(
        k.contains(&FindingKind::TrackedGap) && !k.contains(&FindingKind::CriticalGap),
        "{k:?}"
    );
    // Untracked stays untracked.
    assert!(kinds("6.1.2", owned(Answer::Gap), &[]).contains(&FindingKind::UntrackedGap));
}

#[test]
fn shared_without_a_recorded_reliance_is_a_low_finding() {
    let k = kinds("A.8.1", owned(Answer::Shared), &[]);
    assert!(k.contains(&FindingKind::SharedWithoutReliance), "{k:?}");
    assert_eq!(FindingKind::SharedWithoutReliance.severity(), Severity::Low);
    let relied = ItemRecord {
        reliance: Some("SOC 2".into()),
        ..owned(Answer::Shared)
    };
    assert!(!kinds("A.8.1", relied, &[]).contains(&FindingKind::SharedWithoutReliance));
    for answer in [Answer::WeManage, Answer::MicrosoftProvides, Answer::Gap] {
        assert!(
            !kinds("A.8.1", owned(answer), &[]).contains(&FindingKind::SharedWithoutReliance),
            "{answer}"
        );
    }
}

#[test]
fn the_reliance_review_is_only_one_the_file_records() {
    let mut a = Assessment::new(catalog().id(), "Contoso");
    a.items.insert(
        "A.5.23".into(),
        ItemRecord {
            evidence: vec![evidence(Some("2026-10-05"))],
            ..owned(Answer::WeManage)
        },
    );
    // Nothing relied on: nothing reviewed, supplier review or not.
    a.items.insert("A.8.1".into(), owned(Answer::Shared));
    assert_eq!(reliance_review(&a, "A.8.1"), None);
    // Shared with a reliance: the room's review or the supplier review,
    // never the item's own evidence (that shows our part).
    a.items.insert(
        "A.8.5".into(),
        ItemRecord {
            reliance: Some("SOC 2".into()),
            evidence: vec![evidence(Some("2026-11-20"))],
            reviewed: Some(d("2026-09-01")),
            ..owned(Answer::Shared)
        },
    );
    assert_eq!(
        reliance_review(&a, "A.8.5"),
        Some(RelianceReview::SupplierReview {
            id: "A.5.23-E1".into(),
            date: d("2026-10-05")
        })
    );
}

#[test]
fn closing_high_findings_makes_ready_only_what_nothing_else_holds_back() {
    let bare = ItemRecord {
        answer: Some(Answer::MicrosoftProvides),
        owner: Some("CISO".into()),
        ..ItemRecord::default()
    };
    // Recording the reliance closes the finding, but nobody reviewed it.
    assert!(!status("A.7.11", bare.clone()).ready_once_high_findings_closed());
    // With a current supplier review, recording it is enough.
    let mut a = Assessment::new(catalog().id(), "Contoso");
    a.items.insert("A.7.11".into(), bare);
    a.items.insert(
        "A.5.22".into(),
        ItemRecord {
            evidence: vec![evidence(Some("2026-09-01"))],
            ..owned(Answer::WeManage)
        },
    );
    assert!(status_in(&a, "A.7.11").ready_once_high_findings_closed());
    // Evidence missing is not closed by closing high findings.
    let no_owner_no_evidence = ItemRecord {
        answer: Some(Answer::WeManage),
        ..ItemRecord::default()
    };
    assert!(!status("A.5.1", no_owner_no_evidence).ready_once_high_findings_closed());
}
