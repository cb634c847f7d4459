//! The risk register's fields (`[[risks]]`) and the scale it is rated on
//! (`[assessment] risk_scale`): part of [`FIELDS`](super::FIELDS), declared
//! here to keep the table readable.
//!
//! What carries into the next review cycle: the register as the room left
//! it, with the risk owner who accepted a risk; the date of that
//! acceptance and of the last review stay behind, so every risk is due
//! for review and every accepted one for its owner's acceptance again.

use super::{Access, Edit, FieldDef, Kind, MergeRule, Table, put_date, put_text, put_texts, texts};
use crate::assessment::model::{Field, FieldValue};

macro_rules! risk_text {
    ($f:ident) => {
        Access::Risk {
            get: |r| r.$f.clone().map(FieldValue::Text),
            set: |r, v| put_text(&mut r.$f, v),
        }
    };
}

macro_rules! risk_level {
    ($f:ident) => {
        Access::Risk {
            get: |r| r.$f.map(FieldValue::Number),
            set: |r, v| put_level(&mut r.$f, v),
        }
    };
}

fn put_level(slot: &mut Option<u32>, v: Option<FieldValue>) -> bool {
    match v {
        Some(FieldValue::Number(n)) => *slot = Some(n),
        None => *slot = None,
        _ => return false,
    }
    true
}

pub(super) const RISK_FIELDS: &[FieldDef] = &[
    // [assessment]
    FieldDef {
        field: Field::RiskScale,
        key: "risk_scale",
        name: "risk_scale",
        label: "risk scale",
        table: Table::Assessment,
        kind: Kind::Scale,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Assessment {
            get: |a| texts(&a.governance.risk_scale),
            set: |a, v| put_texts(&mut a.governance.risk_scale, v),
        },
    },
    // [[risks]]
    FieldDef {
        field: Field::RiskTitle,
        key: "title",
        name: "title",
        label: "title",
        table: Table::Risk,
        kind: Kind::RequiredText,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Risk {
            get: |r| Some(FieldValue::Text(r.title.clone())),
            set: |r, v| {
                let mut title = None;
                let ok = put_text(&mut title, v);
                if ok {
                    r.title = title.unwrap_or_default();
                }
                ok
            },
        },
    },
    FieldDef {
        field: Field::RiskOwner,
        key: "owner",
        name: "owner",
        label: "risk owner",
        table: Table::Risk,
        kind: Kind::Text,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: risk_text!(owner),
    },
    FieldDef {
        field: Field::Likelihood,
        key: "likelihood",
        name: "likelihood",
        label: "likelihood",
        table: Table::Risk,
        kind: Kind::Level,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: risk_level!(likelihood),
    },
    FieldDef {
        field: Field::Impact,
        key: "impact",
        name: "impact",
        label: "impact",
        table: Table::Risk,
        kind: Kind::Level,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: risk_level!(impact),
    },
    FieldDef {
        field: Field::Treatment,
        key: "treatment",
        name: "treatment",
        label: "treatment",
        table: Table::Risk,
        kind: Kind::Treatment,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Risk {
            get: |r| r.treatment.map(FieldValue::Treatment),
            set: |r, v| match v {
                Some(FieldValue::Treatment(t)) => {
                    r.treatment = Some(t);
                    true
                }
                None => {
                    r.treatment = None;
                    true
                }
                _ => false,
            },
        },
    },
    FieldDef {
        field: Field::RiskControls,
        key: "controls",
        name: "controls",
        label: "controls",
        table: Table::Risk,
        kind: Kind::RiskControls,
        merge: MergeRule::Set,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Risk {
            get: |r| texts(&r.controls),
            set: |r, v| put_texts(&mut r.controls, v),
        },
    },
    FieldDef {
        field: Field::ResidualLikelihood,
        key: "residual_likelihood",
        name: "residual_likelihood",
        label: "residual likelihood",
        table: Table::Risk,
        kind: Kind::Level,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: risk_level!(residual_likelihood),
    },
    FieldDef {
        field: Field::ResidualImpact,
        key: "residual_impact",
        name: "residual_impact",
        label: "residual impact",
        table: Table::Risk,
        kind: Kind::Level,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: risk_level!(residual_impact),
    },
    FieldDef {
        field: Field::AcceptedBy,
        key: "accepted_by",
        name: "accepted_by",
        label: "accepted by",
        table: Table::Risk,
        kind: Kind::Text,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: risk_text!(accepted_by),
    },
    FieldDef {
        field: Field::AcceptedOn,
        key: "accepted_on",
        name: "accepted_on",
        label: "accepted on",
        table: Table::Risk,
        kind: Kind::Date,
        merge: MergeRule::Value,
        // The acceptance is this cycle's: the owner accepts again.
        next_cycle: false,
        edit: Edit::Other,
        access: Access::Risk {
            get: |r| r.accepted_on.map(FieldValue::Date),
            set: |r, v| put_date(&mut r.accepted_on, v),
        },
    },
    FieldDef {
        field: Field::RiskReviewed,
        key: "reviewed",
        name: "reviewed",
        label: "risk reviewed",
        table: Table::Risk,
        kind: Kind::Date,
        merge: MergeRule::Value,
        next_cycle: false,
        edit: Edit::Other,
        access: Access::Risk {
            get: |r| r.reviewed.map(FieldValue::Date),
            set: |r, v| put_date(&mut r.reviewed, v),
        },
    },
    FieldDef {
        field: Field::RiskDescription,
        key: "description",
        name: "description",
        label: "description",
        table: Table::Risk,
        kind: Kind::Text,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: risk_text!(description),
    },
];

#[cfg(test)]
mod tests {
    use super::super::{FIELDS, fields_of, keys_of};
    use super::*;
    use crate::assessment::risk::Risk;

    fn full_risk() -> Risk {
        let d = |s: &str| s.parse().ok();
        Risk {
            id: "R-07".into(),
            title: "Phishing takes over a mailbox".into(),
            owner: Some("COO".into()),
            likelihood: Some(3),
            impact: Some(2),
            treatment: Some(crate::assessment::Treatment::Reduce),
            controls: vec!["A.5.15".into(), "A.8.5".into()],
            residual_likelihood: Some(1),
            residual_impact: Some(2),
            accepted_by: Some("Managing Director".into()),
            accepted_on: d("2026-11-28"),
            reviewed: d("2026-11-28"),
            description: Some("From the phishing campaign of 2025".into()),
        }
    }

    /// Every part of a risk but its id is reached by the table, and reads
    /// what it writes.
    #[test]
    fn the_table_reaches_every_field_of_a_risk() {
        let full = full_risk();
        let mut copy = Risk {
            id: full.id.clone(),
            ..Risk::default()
        };
        let mut cleared = full.clone();
        for d in fields_of(Table::Risk) {
            let Access::Risk { get, set } = d.access else {
                panic!("{} is not read from a risk", d.name);
            };
            assert!(set(&mut copy, get(&full)), "{}", d.name);
            assert!(set(&mut cleared, None), "{}", d.name);
            assert!(!set(&mut cleared, Some(FieldValue::Evidence(Vec::new()))));
        }
        assert_eq!(copy, full);
        assert_eq!(
            cleared,
            Risk {
                id: "R-07".into(),
                ..Risk::default()
            }
        );
    }

    #[test]
    fn risk_keys_follow_the_table_and_the_scale_ends_the_assessment() {
        assert_eq!(
            keys_of(Table::Risk),
            [
                "id",
                "title",
                "owner",
                "likelihood",
                "impact",
                "treatment",
                "controls",
                "residual_likelihood",
                "residual_impact",
                "accepted_by",
                "accepted_on",
                "reviewed",
                "description"
            ]
        );
        let assessment = keys_of(Table::Assessment);
        assert_eq!(assessment[assessment.len() - 2..], ["risk_scale", "soa"]);
        assert_eq!(
            FIELDS.len(),
            super::super::BASE_FIELDS.len() + RISK_FIELDS.len()
        );
    }

    #[test]
    fn the_next_cycle_keeps_the_register_but_not_its_dates() {
        let mut a = crate::assessment::Assessment::new("iso27001-2022", "Contoso");
        a.risks.push(full_risk());
        a.governance.risk_scale = vec!["Low".into(), "High".into()];
        let next = a.next_cycle();
        assert_eq!(next.governance.risk_scale, a.governance.risk_scale);
        let r = &next.risks[0];
        assert_eq!(r.accepted_on, None);
        assert_eq!(r.reviewed, None);
        assert_eq!(r.accepted_by.as_deref(), Some("Managing Director"));
        assert_eq!(r.controls, full_risk().controls);
        assert_eq!(r.residual_impact, Some(2));
    }
}
