use super::*;
use crate::assessment::model::{Answer, Evidence};

/// A record with every field set: written out in full (no
/// `..Default::default()`), so a field added to the model cannot be
/// left out here.
fn full_record() -> ItemRecord {
    let d = |s: &str| s.parse::<NaiveDate>().expect("date");
    ItemRecord {
        answer: Some(Answer::Shared),
        owner: Some("Owner".into()),
        reviewed: Some(d("2026-11-28")),
        relies_on: vec!["entra-conditional-access".into()],
        reliance: Some("SOC 2".into()),
        included_because: vec![InclusionReason::Contractual],
        justification: Some("Why".into()),
        notes: Some("Notes\nmore".into()),
        follow_up: Some("Ask".into()),
        session: Some("2026-11-28".into()),
        evidence: vec![Evidence {
            what: "Policy".into(),
            location: Some("SharePoint".into()),
            date: Some(d("2026-10-01")),
        }],
        observed: vec![super::super::model::Observation {
            scan: "maester-2026-11-28T10:00:00Z".into(),
            passed: 3,
            failed: 1,
            not_judged: 0,
            failing: vec!["MT.1005".into()],
        }],
        action: Some(Action {
            what: "Do it".into(),
            owner: Some("CISO".into()),
            due: Some(d("2027-01-31")),
            done: Some(d("2027-01-20")),
        }),
    }
}

fn full_session() -> Session {
    Session {
        id: "2026-11-28".into(),
        date: Some("2026-11-28".parse().expect("date")),
        facilitator: Some("Alex".into()),
        attendees: vec!["Priya".into()],
    }
}

fn full_assessment() -> Assessment {
    Assessment {
        catalog: "iso27001-2022".into(),
        id: Some("a-b-c".into()),
        organisation: "Contoso".into(),
        scope: Some("Tenant".into()),
        licences: vec!["m365-e3".into()],
        review_interval_months: Some(6),
        governance: Box::new(crate::assessment::model::Governance {
            critical: vec!["A.5.24".into()],
            soa: crate::assessment::model::SoaControl {
                owner: Some("CISO".into()),
                approver: Some("Board".into()),
                approved: Some("2026-11-28".parse().expect("date")),
                version: Some("1.0".into()),
                classification: Some("Internal".into()),
                next_review: Some("2027-11-28".parse().expect("date")),
            },
            risk_scale: vec!["Low".into(), "High".into()],
        }),
        sessions: Vec::new(),
        risks: Vec::new(),
        scans: Vec::new(),
        items: Default::default(),
        conflicts: Vec::new(),
    }
}

/// Clearing every field of the table empties the record: each part of
/// the model is reached by some entry.
#[test]
fn the_table_reaches_every_field_of_the_model() {
    let mut r = full_record();
    for d in FIELDS {
        if let Access::Item { set, .. } = d.access {
            assert!(set(&mut r, None), "{} cannot be cleared", d.name);
        }
    }
    assert!(r.is_empty(), "left over after clearing every field: {r:?}");

    let mut s = full_session();
    for d in fields_of(Table::Session) {
        if let Access::Session { set, .. } = d.access {
            assert!(set(&mut s, None));
        }
    }
    assert_eq!(
        s,
        Session {
            id: "2026-11-28".into(),
            ..Session::default()
        }
    );

    let mut a = full_assessment();
    for d in fields_of(Table::Assessment).chain(fields_of(Table::Soa)) {
        if let Access::Assessment { set, .. } = d.access {
            assert!(set(&mut a, None));
        }
    }
    assert_eq!(a, Assessment::new("iso27001-2022", ""));
}

/// Copying every field from the full record into an empty one gives
/// the full record back: each entry reads and writes the same part.
#[test]
fn every_entry_reads_what_it_writes() {
    let full = full_record();
    let mut copy = ItemRecord::default();
    for d in FIELDS {
        if let Access::Item { get, set } = d.access {
            // The action's parts are covered by the action as a whole,
            // and separately below.
            assert!(set(&mut copy, get(&full)), "{}", d.name);
        }
    }
    assert_eq!(copy, full);
    for d in fields_of(Table::Action) {
        let mut r = ItemRecord::default();
        assert!(d.field.set_item(&mut r, d.field.get_item(&full)));
        assert_eq!(d.field.get_item(&r), d.field.get_item(&full), "{}", d.name);
    }
    let mut action = full.action.clone().expect("action");
    for d in fields_of(Table::Action) {
        if let Access::Action { set, .. } = d.access {
            assert!(set(&mut action, None), "{}", d.name);
        }
    }
    assert_eq!(action, Action::default());
}

#[test]
fn each_field_has_one_entry_and_names_are_unique_per_place() {
    for (i, d) in FIELDS.iter().enumerate() {
        assert_eq!(
            FIELDS.iter().filter(|e| e.field == d.field).count(),
            1,
            "{:?} has more than one entry",
            d.field
        );
        assert!(
            !FIELDS[..i]
                .iter()
                .any(|e| e.table.place_kind() == d.table.place_kind() && e.name == d.name),
            "the name {} is used twice",
            d.name
        );
        assert_eq!(d.field.def().name, d.name);
        assert_eq!(Field::parse(d.table.place_kind(), d.name), Some(d.field));
    }
    for d in FIELDS {
        let access_matches = matches!(
            (d.table, d.access),
            (Table::Assessment | Table::Soa, Access::Assessment { .. })
                | (Table::Session, Access::Session { .. })
                | (Table::Item, Access::Item { .. })
                | (Table::Action, Access::Action { .. })
                | (Table::Risk, Access::Risk { .. })
        );
        assert!(access_matches, "{} is read from the wrong place", d.name);
    }
}

#[test]
fn a_value_of_the_wrong_type_changes_nothing() {
    for d in FIELDS {
        if let Access::Item { .. } | Access::Action { .. } = d.access {
            let mut r = full_record();
            let wrong = match d.kind {
                Kind::Answer => FieldValue::Number(1),
                _ => FieldValue::Answer(Answer::Gap),
            };
            assert!(!d.field.set_item(&mut r, Some(wrong)), "{}", d.name);
            assert_eq!(r, full_record(), "{}", d.name);
        }
    }
}

#[test]
fn key_orders_follow_the_table() {
    assert_eq!(
        keys_of(Table::Item),
        [
            "answer",
            "owner",
            "reviewed",
            "relies_on",
            "reliance",
            "included_because",
            "justification",
            "notes",
            "follow_up",
            "session",
            "observed",
            "evidence",
            "action"
        ]
    );
    assert_eq!(
        keys_of(Table::Session),
        ["id", "date", "facilitator", "attendees"]
    );
    assert_eq!(keys_of(Table::Action), ["what", "owner", "due", "done"]);
}
