//! The field table's data: every field of `[assessment]`, `[assessment.soa]`,
//! `[[sessions]]`, an item and its action, in canonical order within each
//! table (the risk register's are in `risks.rs`). A data table, read by
//! every walk in `schema.rs`; nothing here is logic.

use super::*;

macro_rules! item_text {
    ($f:ident) => {
        Access::Item {
            get: |r| r.$f.clone().map(FieldValue::Text),
            set: |r, v| put_text(&mut r.$f, v),
        }
    };
}

macro_rules! action_part {
    ($get:expr, $set:expr) => {
        Access::Action {
            get: $get,
            set: $set,
        }
    };
}

pub(super) const BASE_FIELDS: &[FieldDef] = &[
    // [assessment]
    FieldDef {
        field: Field::AssessmentId,
        key: "id",
        name: "id",
        label: "assessment id",
        table: Table::Assessment,
        kind: Kind::Text,
        merge: MergeRule::Value,
        // Each review cycle gets an id of its own.
        next_cycle: false,
        edit: Edit::Other,
        access: Access::Assessment {
            get: |a| a.id.clone().map(FieldValue::Text),
            set: |a, v| put_text(&mut a.id, v),
        },
    },
    FieldDef {
        field: Field::Organisation,
        key: "organisation",
        name: "organisation",
        label: "organisation",
        table: Table::Assessment,
        kind: Kind::RequiredText,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Assessment {
            get: |a| Some(FieldValue::Text(a.organisation.clone())),
            set: |a, v| match v {
                Some(FieldValue::Text(s)) => {
                    a.organisation = s;
                    true
                }
                None => {
                    a.organisation.clear();
                    true
                }
                _ => false,
            },
        },
    },
    FieldDef {
        field: Field::Scope,
        key: "scope",
        name: "scope",
        label: "scope",
        table: Table::Assessment,
        kind: Kind::Text,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Assessment {
            get: |a| a.scope.clone().map(FieldValue::Text),
            set: |a, v| put_text(&mut a.scope, v),
        },
    },
    FieldDef {
        field: Field::Licences,
        key: "licences",
        name: "licences",
        label: "licences",
        table: Table::Assessment,
        kind: Kind::Licences,
        merge: MergeRule::Set,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Assessment {
            get: |a| texts(&a.licences),
            set: |a, v| put_texts(&mut a.licences, v),
        },
    },
    FieldDef {
        field: Field::ReviewIntervalMonths,
        key: "review_interval_months",
        name: "review_interval_months",
        label: "review interval",
        table: Table::Assessment,
        kind: Kind::Months,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Assessment {
            get: |a| a.review_interval_months.map(FieldValue::Number),
            set: |a, v| match v {
                Some(FieldValue::Number(n)) => {
                    a.review_interval_months = Some(n);
                    true
                }
                None => {
                    a.review_interval_months = None;
                    true
                }
                _ => false,
            },
        },
    },
    FieldDef {
        field: Field::Critical,
        key: "critical",
        name: "critical",
        label: "critical controls",
        table: Table::Assessment,
        kind: Kind::Controls,
        merge: MergeRule::Set,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Assessment {
            get: |a| texts(&a.governance.critical),
            set: |a, v| put_texts(&mut a.governance.critical, v),
        },
    },
    // [assessment.soa]: who owns, approves and classifies the SoA carries
    // into the next cycle; the approval, version and review date are this
    // cycle's.
    FieldDef {
        field: Field::SoaOwner,
        key: "owner",
        name: "soa.owner",
        label: "SoA owner",
        table: Table::Soa,
        kind: Kind::Text,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Assessment {
            get: |a| a.governance.soa.owner.clone().map(FieldValue::Text),
            set: |a, v| put_text(&mut a.governance.soa.owner, v),
        },
    },
    FieldDef {
        field: Field::SoaApprover,
        key: "approver",
        name: "soa.approver",
        label: "SoA approver",
        table: Table::Soa,
        kind: Kind::Text,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Assessment {
            get: |a| a.governance.soa.approver.clone().map(FieldValue::Text),
            set: |a, v| put_text(&mut a.governance.soa.approver, v),
        },
    },
    FieldDef {
        field: Field::SoaApproved,
        key: "approved",
        name: "soa.approved",
        label: "SoA approved",
        table: Table::Soa,
        kind: Kind::Date,
        merge: MergeRule::Value,
        next_cycle: false,
        edit: Edit::Other,
        access: Access::Assessment {
            get: |a| a.governance.soa.approved.map(FieldValue::Date),
            set: |a, v| put_date(&mut a.governance.soa.approved, v),
        },
    },
    FieldDef {
        field: Field::SoaVersion,
        key: "version",
        name: "soa.version",
        label: "SoA version",
        table: Table::Soa,
        kind: Kind::Text,
        merge: MergeRule::Value,
        next_cycle: false,
        edit: Edit::Other,
        access: Access::Assessment {
            get: |a| a.governance.soa.version.clone().map(FieldValue::Text),
            set: |a, v| put_text(&mut a.governance.soa.version, v),
        },
    },
    FieldDef {
        field: Field::SoaClassification,
        key: "classification",
        name: "soa.classification",
        label: "SoA classification",
        table: Table::Soa,
        kind: Kind::Text,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Assessment {
            get: |a| {
                a.governance
                    .soa
                    .classification
                    .clone()
                    .map(FieldValue::Text)
            },
            set: |a, v| put_text(&mut a.governance.soa.classification, v),
        },
    },
    FieldDef {
        field: Field::SoaNextReview,
        key: "next_review",
        name: "soa.next_review",
        label: "SoA next review",
        table: Table::Soa,
        kind: Kind::Date,
        merge: MergeRule::Value,
        next_cycle: false,
        edit: Edit::Other,
        access: Access::Assessment {
            get: |a| a.governance.soa.next_review.map(FieldValue::Date),
            set: |a, v| put_date(&mut a.governance.soa.next_review, v),
        },
    },
    // [[sessions]]
    FieldDef {
        field: Field::SessionDate,
        key: "date",
        name: "date",
        label: "date",
        table: Table::Session,
        kind: Kind::Date,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Session {
            get: |s| s.date.map(FieldValue::Date),
            set: |s, v| put_date(&mut s.date, v),
        },
    },
    FieldDef {
        field: Field::Facilitator,
        key: "facilitator",
        name: "facilitator",
        label: "facilitator",
        table: Table::Session,
        kind: Kind::Text,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Session {
            get: |s| s.facilitator.clone().map(FieldValue::Text),
            set: |s, v| put_text(&mut s.facilitator, v),
        },
    },
    FieldDef {
        field: Field::Attendees,
        key: "attendees",
        name: "attendees",
        label: "attendees",
        table: Table::Session,
        kind: Kind::Names,
        merge: MergeRule::Set,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Session {
            get: |s| texts(&s.attendees),
            set: |s, v| put_texts(&mut s.attendees, v),
        },
    },
    // [items."ID"]
    FieldDef {
        field: Field::Answer,
        key: "answer",
        name: "answer",
        label: "answer",
        table: Table::Item,
        kind: Kind::Answer,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Item {
            get: |r| r.answer.map(FieldValue::Answer),
            set: |r, v| match v {
                Some(FieldValue::Answer(a)) => {
                    r.answer = Some(a);
                    true
                }
                None => {
                    r.answer = None;
                    true
                }
                _ => false,
            },
        },
    },
    FieldDef {
        field: Field::Owner,
        key: "owner",
        name: "owner",
        label: "owner",
        table: Table::Item,
        kind: Kind::Text,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Line {
            title: "Owner",
            name: "Owner",
        },
        access: item_text!(owner),
    },
    FieldDef {
        field: Field::Reviewed,
        key: "reviewed",
        name: "reviewed",
        label: "reviewed",
        table: Table::Item,
        kind: Kind::Date,
        merge: MergeRule::Value,
        next_cycle: false,
        edit: Edit::Other,
        access: Access::Item {
            get: |r| r.reviewed.map(FieldValue::Date),
            set: |r, v| put_date(&mut r.reviewed, v),
        },
    },
    FieldDef {
        field: Field::ReliesOn,
        key: "relies_on",
        name: "relies_on",
        label: "relies on",
        table: Table::Item,
        kind: Kind::Capabilities,
        merge: MergeRule::Set,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Item {
            get: |r| texts(&r.relies_on),
            set: |r, v| put_texts(&mut r.relies_on, v),
        },
    },
    FieldDef {
        field: Field::Reliance,
        key: "reliance",
        name: "reliance",
        label: "reliance",
        table: Table::Item,
        kind: Kind::Text,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Line {
            title: "Reliance: the Microsoft assurance relied on",
            name: "Reliance",
        },
        access: item_text!(reliance),
    },
    FieldDef {
        field: Field::IncludedBecause,
        key: "included_because",
        name: "included_because",
        label: "included because",
        table: Table::Item,
        kind: Kind::Reasons,
        merge: MergeRule::Set,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Item {
            get: |r| {
                (!r.included_because.is_empty())
                    .then(|| FieldValue::Reasons(r.included_because.clone()))
            },
            set: |r, v| put_reasons(&mut r.included_because, v),
        },
    },
    FieldDef {
        field: Field::Justification,
        key: "justification",
        name: "justification",
        label: "justification",
        table: Table::Item,
        kind: Kind::Text,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Line {
            title: "Justification",
            name: "Justification",
        },
        access: item_text!(justification),
    },
    FieldDef {
        field: Field::Notes,
        key: "notes",
        name: "notes",
        label: "notes",
        table: Table::Item,
        kind: Kind::Text,
        merge: MergeRule::Value,
        next_cycle: false,
        edit: Edit::Lines {
            title: "Notes",
            name: "Notes",
        },
        access: item_text!(notes),
    },
    FieldDef {
        field: Field::FollowUp,
        key: "follow_up",
        name: "follow_up",
        label: "follow-up",
        table: Table::Item,
        kind: Kind::Text,
        merge: MergeRule::Value,
        next_cycle: false,
        edit: Edit::Line {
            title: "Parking lot: the question to follow up",
            name: "Follow-up",
        },
        access: item_text!(follow_up),
    },
    FieldDef {
        field: Field::Session,
        key: "session",
        name: "session",
        label: "session",
        table: Table::Item,
        kind: Kind::SessionRef,
        merge: MergeRule::Trail,
        next_cycle: false,
        edit: Edit::Other,
        access: item_text!(session),
    },
    FieldDef {
        field: Field::Observed,
        key: "observed",
        name: "observed",
        label: "observed in the tenant",
        table: Table::Item,
        kind: Kind::Observations,
        merge: MergeRule::Latest,
        // A new cycle scans the tenant again.
        next_cycle: false,
        edit: Edit::Other,
        access: Access::Item {
            get: |r| (!r.observed.is_empty()).then(|| FieldValue::Observations(r.observed.clone())),
            set: |r, v| match v {
                Some(FieldValue::Observations(v)) => {
                    r.observed = v;
                    true
                }
                None => {
                    r.observed.clear();
                    true
                }
                _ => false,
            },
        },
    },
    FieldDef {
        field: Field::Evidence,
        key: "evidence",
        name: "evidence",
        label: "evidence",
        table: Table::Item,
        kind: Kind::EvidenceList,
        merge: MergeRule::Entries,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Item {
            get: |r| (!r.evidence.is_empty()).then(|| FieldValue::Evidence(r.evidence.clone())),
            set: |r, v| match v {
                Some(FieldValue::Evidence(v)) => {
                    r.evidence = v;
                    true
                }
                None => {
                    r.evidence.clear();
                    true
                }
                _ => false,
            },
        },
    },
    FieldDef {
        field: Field::Action,
        key: "action",
        name: "action",
        label: "action",
        table: Table::Item,
        kind: Kind::Action,
        merge: MergeRule::Parts,
        next_cycle: true,
        edit: Edit::Other,
        access: Access::Item {
            get: |r| r.action.clone().map(FieldValue::Action),
            set: |r, v| match v {
                Some(FieldValue::Action(a)) => {
                    r.action = Some(a);
                    true
                }
                None => {
                    r.action = None;
                    true
                }
                _ => false,
            },
        },
    },
    // [items."ID".action]
    FieldDef {
        field: Field::ActionWhat,
        key: "what",
        name: "action.what",
        label: "action",
        table: Table::Action,
        kind: Kind::RequiredText,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: action_part!(
            |a: &Action| Some(FieldValue::Text(a.what.clone())),
            |a: &mut Action, v| {
                let mut what = None;
                let ok = put_text(&mut what, v);
                if ok {
                    a.what = what.unwrap_or_default();
                }
                ok
            }
        ),
    },
    FieldDef {
        field: Field::ActionOwner,
        key: "owner",
        name: "action.owner",
        label: "action owner",
        table: Table::Action,
        kind: Kind::Text,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: action_part!(
            |a: &Action| a.owner.clone().map(FieldValue::Text),
            |a: &mut Action, v| put_text(&mut a.owner, v)
        ),
    },
    FieldDef {
        field: Field::ActionDue,
        key: "due",
        name: "action.due",
        label: "action due",
        table: Table::Action,
        kind: Kind::Date,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: action_part!(
            |a: &Action| a.due.map(FieldValue::Date),
            |a: &mut Action, v| put_date(&mut a.due, v)
        ),
    },
    FieldDef {
        field: Field::ActionDone,
        key: "done",
        name: "action.done",
        label: "action done",
        table: Table::Action,
        kind: Kind::Date,
        merge: MergeRule::Value,
        next_cycle: true,
        edit: Edit::Other,
        access: action_part!(
            |a: &Action| a.done.map(FieldValue::Date),
            |a: &mut Action, v| put_date(&mut a.done, v)
        ),
    },
];
