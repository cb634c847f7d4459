//! Key-person risk, owners across spellings, the kinds' names, and what the summary counts.

use super::*;

#[test]
fn key_person_risk_from_a_share_of_owned_items() {
    let mut a = Assessment::new(catalog().id(), "Contoso");
    let ids: Vec<String> = catalog()
        .items()
        .iter()
        .take(10)
        .map(|i| i.id.to_string())
        .collect();
    for (n, id) in ids.iter().enumerate() {
        let owner = if n < 4 {
            "CISO"
        } else {
            ["A", "B", "C", "D", "E", "F"][n - 4]
        };
        a.items.insert(
            id.clone(),
            ItemRecord {
                owner: Some(owner.into()),
                ..answered(Answer::WeManage)
            },
        );
    }
    // 4 of 10 = 40%: at the threshold.
    let risk: Vec<Finding> = findings(catalog(), &a, d(TODAY))
        .into_iter()
        .filter(|f| f.kind == FindingKind::KeyPersonRisk)
        .collect();
    assert_eq!(risk.len(), 1);
    assert_eq!(risk[0].owner.as_deref(), Some("CISO"));
    assert_eq!(risk[0].item, None);
    // 3 of 10: below it.
    a.item_mut(&ids[0]).owner = Some("G".into());
    assert!(
        !findings(catalog(), &a, d(TODAY))
            .iter()
            .any(|f| f.kind == FindingKind::KeyPersonRisk)
    );
    // Few owned items: no conclusion.
    let mut small = Assessment::new(catalog().id(), "Contoso");
    for id in &ids[..9] {
        small.items.insert(id.clone(), answered(Answer::WeManage));
    }
    assert!(
        !findings(catalog(), &small, d(TODAY))
            .iter()
            .any(|f| f.kind == FindingKind::KeyPersonRisk)
    );
}

#[test]
fn owners_are_the_same_person_across_case_and_spaces() {
    let mut a = Assessment::new(catalog().id(), "Contoso");
    a.items.insert(
        "A.5.1".into(),
        ItemRecord {
            owner: Some("CISO".into()),
            ..answered(Answer::Gap)
        },
    );
    a.items.insert(
        "A.5.2".into(),
        ItemRecord {
            owner: Some(" ciso ".into()),
            ..answered(Answer::WeManage)
        },
    );
    a.items.insert(
        "A.5.3".into(),
        ItemRecord {
            owner: Some("IT".into()),
            action: Some(action(Some("Ciso"), Some("2027-01-01"), None)),
            ..answered(Answer::Gap)
        },
    );
    let load = Summary::new(catalog(), &a, d(TODAY)).owners;
    assert_eq!(
        load[0],
        OwnerLoad {
            owner: "CISO".into(),
            items: 2,
            gaps: 1,
            open_actions: 1
        }
    );
    assert_eq!(load[1].owner, "IT");
}

#[test]
fn every_kind_has_a_severity_and_a_kebab_case_name() {
    for kind in FindingKind::ALL {
        let json = serde_json::to_string(&kind).expect("json");
        assert_eq!(json, format!("\"{}\"", kind.as_str()));
    }
    assert_eq!(FindingKind::UntrackedGap.severity(), Severity::High);
    assert_eq!(FindingKind::TrackedGap.severity(), Severity::Low);
}

#[test]
fn progress_counts_answers_by_theme() {
    let mut a = Assessment::new(catalog().id(), "Contoso");
    a.items.insert("4.1".into(), answered(Answer::WeManage));
    a.items
        .insert("A.7.1".into(), answered(Answer::MicrosoftProvides));
    a.items.insert("A.7.2".into(), answered(Answer::Shared));
    a.items.insert(
        "A.8.1".into(),
        ItemRecord {
            owner: Some("X".into()),
            ..ItemRecord::default()
        },
    );
    let Summary {
        progress: total,
        themes,
        ..
    } = Summary::new(catalog(), &a, d(TODAY));
    assert_eq!(total.answered, 3);
    assert_eq!(total.total, catalog().items().len());
    let physical = themes
        .iter()
        .find(|t| t.theme == Theme::Physical)
        .expect("physical");
    assert_eq!(
        physical.progress,
        Progress {
            answered: 2,
            total: 14
        }
    );
    assert_eq!(physical.answers.get(&Answer::Shared), Some(&1));
}

mod soa {
    use super::*;
    use crate::assessment::InclusionReason;

    fn action(done: Option<&str>) -> Option<Action> {
        Some(Action {
            what: "Fix it".into(),
            owner: Some("CISO".into()),
            due: Some(d("2027-01-31")),
            done: done.map(d),
        })
    }

    #[test]
    fn one_row_per_annex_a_control_in_catalog_order() {
        let a = Assessment::new(catalog().id(), "X");
        let rows = soa_rows(catalog(), &a, &Summary::new(catalog(), &a, d(TODAY)));
        assert_eq!(rows.len(), 93);
        assert_eq!(rows[0].id, "A.5.1");
        assert_eq!(rows[92].id, "A.8.34");
        assert!(
            rows.iter()
                .all(|r| r.status == ImplementationStatus::NotYetAssessed
                    && r.applicability == Applicability::Undecided)
        );
    }

    #[test]
    fn applicability_and_responsibility_follow_the_answer() {
        let cases: &[(Option<Answer>, Applicability, Option<Answer>)] = &[
            (None, Applicability::Undecided, None),
            (
                Some(Answer::WeManage),
                Applicability::Included,
                Some(Answer::WeManage),
            ),
            (
                Some(Answer::MicrosoftProvides),
                Applicability::Included,
                Some(Answer::MicrosoftProvides),
            ),
            // A gap is included, and nobody does it yet.
            (
                Some(Answer::Gap),
                Applicability::Included,
                Some(Answer::Gap),
            ),
            (Some(Answer::NotApplicable), Applicability::Excluded, None),
        ];
        for (answer, applicability, responsibility) in cases {
            let a = with(
                "A.5.7",
                ItemRecord {
                    answer: *answer,
                    action: action(None),
                    ..ItemRecord::default()
                },
                &[],
            );
            let row = soa_rows(catalog(), &a, &Summary::new(catalog(), &a, d(TODAY)))
                .into_iter()
                .find(|r| r.id == "A.5.7")
                .expect("row");
            assert_eq!(
                (row.applicability, row.responsibility),
                (*applicability, *responsibility),
                "{answer:?}"
            );
        }
    }

    #[test]
    fn stock_phrases_are_recognised() {
        for s in [
            "",
            "  ",
            "N/A",
            "n/a.",
            "Not applicable.",
            "not relevant",
            "TBD",
            "-",
        ] {
            assert!(is_stock_phrase(s), "{s:?}");
        }
        for s in [
            "No on-site servers: everything runs in Microsoft 365.",
            "Not applicable because we write no code",
        ] {
            assert!(!is_stock_phrase(s), "{s:?}");
        }
    }

    fn lint(id: &str, r: ItemRecord) -> Vec<SoaWarningKind> {
        soa_lint(catalog(), &with(id, r, &[]), d(TODAY))
            .into_iter()
            .filter(|w| w.item == id)
            .map(|w| w.kind)
            .collect()
    }

    #[test]
    fn lint_rules() {
        use SoaWarningKind::*;
        assert_eq!(lint("A.5.7", ItemRecord::default()), [Undecided]);
        assert_eq!(
            lint("A.5.7", answered(Answer::WeManage)),
            [InclusionWithoutReason]
        );
        let reasoned = ItemRecord {
            answer: Some(Answer::Gap),
            included_because: vec![InclusionReason::Regulatory],
            ..ItemRecord::default()
        };
        assert!(lint("A.5.7", reasoned).is_empty());
        assert_eq!(
            lint("A.5.7", answered(Answer::NotApplicable)),
            [WeakExclusion]
        );
        let stock = ItemRecord {
            answer: Some(Answer::NotApplicable),
            justification: Some("Not relevant.".into()),
            included_because: vec![InclusionReason::BestPractice],
            ..ItemRecord::default()
        };
        assert_eq!(lint("A.5.7", stock), [WeakExclusion, ExcludedWithReasons]);
        let justified = ItemRecord {
            answer: Some(Answer::NotApplicable),
            justification: Some("We develop no software.".into()),
            ..ItemRecord::default()
        };
        assert!(lint("A.8.25", justified).is_empty());
        let stale = ItemRecord {
            answer: Some(Answer::WeManage),
            included_because: vec![InclusionReason::RiskAssessment],
            evidence: vec![Evidence {
                what: "old".into(),
                location: None,
                date: Some(d("2025-11-27")),
            }],
            ..ItemRecord::default()
        };
        assert_eq!(lint("A.5.7", stale.clone()), [StaleEvidence]);
        let mut fresh = stale;
        fresh.evidence[0].date = Some(d("2025-11-28"));
        assert!(lint("A.5.7", fresh).is_empty());
    }
}
