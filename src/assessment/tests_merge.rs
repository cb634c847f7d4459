//! The three-way merge, conflicts in the file, and their resolution.

use chrono::NaiveDate;

use super::*;
use crate::catalog::Catalog;

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

const HEAD: &str = r#"format = 1
catalog = "iso27001-2022"

[assessment]
organisation = "Contoso"
licences = ["m365-e3"]
"#;

/// An assessment from the text after the header.
fn a(body: &str) -> Assessment {
    parse_assessment(&format!("{HEAD}{body}"), catalog())
        .map(|(a, _)| a)
        .unwrap_or_else(|p| panic!("{p:?}"))
}

fn item(id: &str) -> Place {
    Place::Item(id.to_string())
}

fn text(s: &str) -> Option<FieldValue> {
    Some(FieldValue::Text(s.to_string()))
}

const BASE: &str = r#"
[items."A.5.1"]
answer = "we-manage"
owner = "Head of IT"

[[items."A.5.1".evidence]]
what = "Policy v2"

[items."A.5.1".action]
what = "Annual review"
owner = "CISO"
due = 2027-01-31
"#;

#[test]
fn changes_to_different_items_merge_cleanly() {
    let base = a(BASE);
    let ours = a(&format!("{BASE}\n[items.\"A.8.1\"]\nanswer = \"shared\"\n"));
    let theirs = a(&format!("{BASE}\n[items.\"A.6.1\"]\nanswer = \"gap\"\n"));
    let m = merge(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert_eq!(m.assessment.item("A.8.1").answer, Some(Answer::Shared));
    assert_eq!(m.assessment.item("A.6.1").answer, Some(Answer::Gap));
    assert_eq!(m.assessment.item("A.5.1"), base.item("A.5.1"));
}

#[test]
fn different_fields_of_one_item_merge_cleanly() {
    let base = a(BASE);
    let mut ours = base.clone();
    ours.item_mut("A.5.1").owner = Some("CISO".into());
    let mut theirs = base.clone();
    theirs.item_mut("A.5.1").reviewed = Some(d("2026-11-28"));
    theirs.item_mut("A.5.1").notes = Some("checked".into());
    let m = merge(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    let r = m.assessment.item("A.5.1");
    assert_eq!(r.owner(), Some("CISO"));
    assert_eq!(r.reviewed, Some(d("2026-11-28")));
    assert_eq!(r.notes.as_deref(), Some("checked"));
}

#[test]
fn one_field_changed_differently_keeps_ours_and_records_theirs() {
    let base = a(BASE);
    let mut ours = base.clone();
    ours.item_mut("A.5.1").answer = Some(Answer::Gap);
    let mut theirs = base.clone();
    theirs.item_mut("A.5.1").answer = Some(Answer::Shared);
    theirs.item_mut("A.5.1").owner = None;
    let m = merge(&base, &ours, &theirs);
    assert_eq!(
        m.conflicts,
        [Conflict {
            place: item("A.5.1"),
            field: Field::Answer,
            ours: Some(FieldValue::Answer(Answer::Gap)),
            theirs: Some(FieldValue::Answer(Answer::Shared)),
        }]
    );
    assert_eq!(m.assessment.conflicts, m.conflicts);
    let r = m.assessment.item("A.5.1");
    assert_eq!(r.answer, Some(Answer::Gap), "ours stays in place");
    assert_eq!(r.owner, None, "theirs' removal of the owner merged");

    let at: Vec<usize> = m
        .assessment
        .conflicts_at(&item("A.5.1"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(at, [0]);
    assert_eq!(m.assessment.conflicts_at(&item("A.5.2")).count(), 0);
    let mut take = m.assessment.clone();
    assert!(resolve_conflict(&mut take, 0, Resolution::TakeTheirs).is_some());
    assert_eq!(take.item("A.5.1").answer, Some(Answer::Shared));
    assert!(take.conflicts.is_empty());
    let mut keep = m.assessment.clone();
    assert!(resolve_conflict(&mut keep, 0, Resolution::KeepOurs).is_some());
    assert_eq!(keep.item("A.5.1").answer, Some(Answer::Gap));
    assert!(keep.conflicts.is_empty());
    assert!(resolve_conflict(&mut keep, 0, Resolution::KeepOurs).is_none());
}

#[test]
fn the_same_change_on_both_sides_is_not_a_conflict() {
    let base = a(BASE);
    let mut ours = base.clone();
    ours.item_mut("A.5.1").answer = Some(Answer::Gap);
    let m = merge(&base, &ours, &ours.clone());
    assert!(m.conflicts.is_empty());
    assert_eq!(m.assessment, ours);
}

#[test]
fn a_removed_field_against_a_changed_one_is_a_conflict_with_ours_absent() {
    let base = a(BASE);
    let mut ours = base.clone();
    ours.item_mut("A.5.1").owner = None;
    let mut theirs = base.clone();
    theirs.item_mut("A.5.1").owner = Some("CISO".into());
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].ours, None);
    assert_eq!(m.conflicts[0].theirs, text("CISO"));
    let mut a = m.assessment;
    resolve_conflict(&mut a, 0, Resolution::TakeTheirs);
    assert_eq!(a.item("A.5.1").owner(), Some("CISO"));
}

fn evidence(what: &str) -> Evidence {
    Evidence {
        what: what.into(),
        ..Evidence::default()
    }
}

#[test]
fn evidence_both_sides_added_is_the_union() {
    let base = a(BASE);
    let mut ours = base.clone();
    ours.item_mut("A.5.1").evidence.push(evidence("Ours"));
    let mut theirs = base.clone();
    theirs.item_mut("A.5.1").evidence.push(evidence("Theirs"));
    theirs.item_mut("A.5.1").evidence.push(evidence("Ours"));
    let m = merge(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    let whats: Vec<&str> = m
        .assessment
        .item("A.5.1")
        .evidence
        .iter()
        .map(|e| e.what.as_str())
        .collect();
    assert_eq!(whats, ["Policy v2", "Ours", "Theirs"]);
}

#[test]
fn evidence_edited_on_one_side_and_added_on_the_other_merges() {
    let base = a(BASE);
    let mut ours = base.clone();
    ours.item_mut("A.5.1").evidence[0].date = Some(d("2026-10-01"));
    let mut theirs = base.clone();
    theirs.item_mut("A.5.1").evidence.push(evidence("Theirs"));
    let m = merge(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    let r = m.assessment.item("A.5.1");
    assert_eq!(r.evidence.len(), 2);
    assert_eq!(r.evidence[0].date, Some(d("2026-10-01")));
}

#[test]
fn evidence_edited_differently_on_both_sides_is_a_conflict() {
    let base = a(BASE);
    let mut ours = base.clone();
    ours.item_mut("A.5.1").evidence[0].what = "Policy v3".into();
    let mut theirs = base.clone();
    theirs.item_mut("A.5.1").evidence[0].what = "Policy v2.1".into();
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].field, Field::Evidence);
    let mut a = m.assessment;
    resolve_conflict(&mut a, 0, Resolution::TakeTheirs);
    assert_eq!(a.item("A.5.1").evidence[0].what, "Policy v2.1");
}

#[test]
fn the_action_merges_part_by_part() {
    let base = a(BASE);
    let mut ours = base.clone();
    ours.item_mut("A.5.1").action.as_mut().expect("action").due = Some(d("2027-03-31"));
    let mut theirs = base.clone();
    theirs
        .item_mut("A.5.1")
        .action
        .as_mut()
        .expect("action")
        .owner = Some("IT".into());
    let m = merge(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    let action = m.assessment.item("A.5.1").action.clone().expect("action");
    assert_eq!(action.due, Some(d("2027-03-31")));
    assert_eq!(action.owner.as_deref(), Some("IT"));

    // One part in conflict: the others still merge.
    theirs
        .item_mut("A.5.1")
        .action
        .as_mut()
        .expect("action")
        .due = Some(d("2027-06-30"));
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].field, Field::ActionDue);
    let action = m.assessment.item("A.5.1").action.clone().expect("action");
    assert_eq!(action.due, Some(d("2027-03-31")));
    assert_eq!(action.owner.as_deref(), Some("IT"));
}

#[test]
fn an_action_removed_on_one_side_and_changed_on_the_other_is_a_conflict() {
    let base = a(BASE);
    let mut ours = base.clone();
    ours.item_mut("A.5.1").action = None;
    let mut theirs = base.clone();
    theirs
        .item_mut("A.5.1")
        .action
        .as_mut()
        .expect("action")
        .done = Some(d("2026-12-01"));
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].field, Field::Action);
    assert_eq!(m.conflicts[0].ours, None);
    assert!(m.assessment.item("A.5.1").action.is_none());
    let mut a = m.assessment;
    resolve_conflict(&mut a, 0, Resolution::TakeTheirs);
    assert_eq!(
        a.item("A.5.1").action.as_ref().and_then(|x| x.done),
        Some(d("2026-12-01"))
    );
}

#[test]
fn sets_take_both_sides_additions_and_removals() {
    let base = a(r#"
[items."A.5.15"]
relies_on = ["entra-conditional-access", "entra-authentication-methods"]
"#);
    let mut ours = base.clone();
    ours.item_mut("A.5.15").relies_on = vec!["entra-authentication-methods".into()];
    ours.licences.push("entra-id-p2".into());
    let mut theirs = base.clone();
    theirs
        .item_mut("A.5.15")
        .relies_on
        .push("intune-device-compliance".into());
    theirs.licences = vec!["m365-e5".into()];
    let m = merge(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    assert_eq!(
        m.assessment.item("A.5.15").relies_on,
        ["entra-authentication-methods", "intune-device-compliance"]
    );
    assert_eq!(m.assessment.licences, ["entra-id-p2", "m365-e5"]);
}

#[test]
fn two_new_sessions_with_the_same_id_are_two_sessions() {
    let base = a(BASE);
    let session = |facilitator: &str| Session {
        id: "2026-12-01".into(),
        date: Some(d("2026-12-01")),
        facilitator: Some(facilitator.into()),
        attendees: Vec::new(),
    };
    let mut ours = base.clone();
    ours.sessions.push(session("Alex"));
    ours.item_mut("A.8.1").answer = Some(Answer::Shared);
    ours.item_mut("A.8.1").session = Some("2026-12-01".into());
    let mut theirs = base.clone();
    theirs.sessions.push(session("Sam"));
    theirs.item_mut("A.6.1").answer = Some(Answer::WeManage);
    theirs.item_mut("A.6.1").session = Some("2026-12-01".into());
    let m = merge(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let ids: Vec<&str> = m
        .assessment
        .sessions
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(ids, ["2026-12-01", "2026-12-01-2"]);
    assert_eq!(m.assessment.sessions[1].facilitator.as_deref(), Some("Sam"));
    assert_eq!(
        m.assessment.item("A.8.1").session.as_deref(),
        Some("2026-12-01")
    );
    assert_eq!(
        m.assessment.item("A.6.1").session.as_deref(),
        Some("2026-12-01-2")
    );
}

#[test]
fn a_session_changed_on_both_sides_merges_by_field() {
    let base = a(r#"
[[sessions]]
id = "2026-11-28"
date = 2026-11-28
facilitator = "Alex"
attendees = ["IT"]
"#);
    let mut ours = base.clone();
    ours.sessions[0].facilitator = Some("Alex Morgan".into());
    ours.sessions[0].attendees.push("HR".into());
    let mut theirs = base.clone();
    theirs.sessions[0].facilitator = Some("A. Morgan".into());
    theirs.sessions[0].attendees.push("Finance".into());
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.assessment.sessions[0].attendees, ["IT", "HR", "Finance"]);
    assert_eq!(
        m.conflicts,
        [Conflict {
            place: Place::Session("2026-11-28".into()),
            field: Field::Facilitator,
            ours: text("Alex Morgan"),
            theirs: text("A. Morgan"),
        }]
    );
    let mut a = m.assessment;
    resolve_conflict(&mut a, 0, Resolution::TakeTheirs);
    assert_eq!(a.sessions[0].facilitator.as_deref(), Some("A. Morgan"));
}

#[test]
fn who_changed_an_item_last_never_conflicts() {
    let base = a(r#"
[[sessions]]
id = "s1"

[[sessions]]
id = "s2"

[items."A.5.1"]
answer = "gap"
"#);
    let mut ours = base.clone();
    ours.item_mut("A.5.1").owner = Some("IT".into());
    ours.item_mut("A.5.1").session = Some("s1".into());
    let mut theirs = base.clone();
    theirs.item_mut("A.5.1").notes = Some("n".into());
    theirs.item_mut("A.5.1").session = Some("s2".into());
    let m = merge(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    assert_eq!(m.assessment.item("A.5.1").session.as_deref(), Some("s1"));
}

#[test]
fn assessment_fields_merge_and_conflict_like_item_fields() {
    let base = a("");
    let mut ours = base.clone();
    ours.organisation = "Contoso Ltd".into();
    ours.review_interval_months = Some(6);
    let mut theirs = base.clone();
    theirs.organisation = "Contoso Limited".into();
    theirs.scope = Some("Tenant".into());
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.assessment.scope.as_deref(), Some("Tenant"));
    assert_eq!(m.assessment.review_interval_months, Some(6));
    assert_eq!(m.assessment.organisation, "Contoso Ltd");
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].place, Place::Assessment);
    assert_eq!(m.conflicts[0].field, Field::Organisation);
}

mod conflicts;
