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

#[test]
fn conflicts_one_side_settled_are_gone_and_new_ones_replace_old_ones() {
    let base = a(BASE);
    let old = Conflict {
        place: item("A.5.1"),
        field: Field::Owner,
        ours: text("A"),
        theirs: text("B"),
    };
    let mut with = base.clone();
    with.conflicts.push(old.clone());
    // Ours settled it; theirs still carries it.
    let m = merge(&with, &base, &with);
    assert!(m.assessment.conflicts.is_empty());

    // A new conflict on the same field replaces the one carried in.
    let mut ours = with.clone();
    ours.item_mut("A.5.1").owner = Some("C".into());
    let mut theirs = with.clone();
    theirs.item_mut("A.5.1").owner = Some("D".into());
    let m = merge(&with, &ours, &theirs);
    assert_eq!(m.assessment.conflicts.len(), 1);
    assert_eq!(m.assessment.conflicts[0].theirs, text("D"));
}

#[test]
fn conflicts_are_findings_of_their_item() {
    let mut a = a(BASE);
    a.conflicts.push(Conflict {
        place: item("A.5.1"),
        field: Field::Answer,
        ours: Some(FieldValue::Answer(Answer::WeManage)),
        theirs: Some(FieldValue::Answer(Answer::Gap)),
    });
    a.conflicts.push(Conflict {
        place: Place::Assessment,
        field: Field::Scope,
        ours: None,
        theirs: text("Tenant"),
    });
    let findings = crate::analysis::findings(catalog(), &a, d("2026-11-28"));
    let conflicts: Vec<_> = findings
        .iter()
        .filter(|f| f.kind == crate::analysis::FindingKind::MergeConflict)
        .collect();
    assert_eq!(conflicts.len(), 2);
    assert_eq!(conflicts[0].item.as_deref(), Some("A.5.1"));
    assert_eq!(conflicts[0].severity, crate::analysis::Severity::High);
    assert!(
        conflicts[0].message.starts_with("A.5.1 answer: "),
        "{}",
        conflicts[0].message
    );
    assert!(conflicts[0].message.contains("we-manage") && conflicts[0].message.contains("gap"));
    assert_eq!(conflicts[1].item, None);
    assert!(conflicts[1].message.starts_with("[assessment] scope: "));
}

const CONFLICTS: &str = r#"
[[sessions]]
id = "2026-11-28"

[items."A.5.1"]
answer = "gap"

[[conflicts]]
item = "A.5.1"
field = "answer"
ours = "gap"
theirs = "shared"

[[conflicts]]
item = "A.5.1"
field = "evidence"
theirs = [{ what = "Policy", where = "SharePoint", date = 2026-10-01 }]

[[conflicts]]
item = "A.5.1"
field = "action"
ours = { what = "Review", owner = "CISO", due = 2027-01-31 }

[[conflicts]]
item = "A.5.1"
field = "action.due"
ours = 2027-01-31
theirs = 2027-02-28

[[conflicts]]
item = "A.5.1"
field = "notes"
ours = """
two
lines
"""
theirs = "one line"

[[conflicts]]
item = "A.5.1"
field = "relies_on"
theirs = ["entra-conditional-access"]

[[conflicts]]
session = "2026-11-28"
field = "attendees"
ours = ["IT"]
theirs = ["HR"]

[[conflicts]]
field = "review_interval_months"
ours = 12
theirs = 6
"#;

#[test]
fn conflicts_of_every_type_load_save_and_load_back() {
    let a = a(CONFLICTS);
    assert_eq!(a.conflicts.len(), 8);
    assert_eq!(
        a.conflicts[1].theirs,
        Some(FieldValue::Evidence(vec![Evidence {
            what: "Policy".into(),
            location: Some("SharePoint".into()),
            date: Some(d("2026-10-01")),
        }]))
    );
    assert_eq!(
        a.conflicts[3].theirs,
        Some(FieldValue::Date(d("2027-02-28")))
    );
    assert_eq!(a.conflicts[4].ours, text("two\nlines\n"));
    assert_eq!(a.conflicts[6].place, Place::Session("2026-11-28".into()));
    assert_eq!(a.conflicts[7].place, Place::Assessment);
    assert_eq!(a.conflicts[7].theirs, Some(FieldValue::Number(6)));

    // Written from scratch, the conflicts read back the same.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("c.toml");
    create_assessment(&path, &a, catalog()).expect("create");
    let (mut file, loaded) = load_assessment(&path, catalog()).expect("load");
    assert_eq!(loaded, a);

    // Settling one rewrites only its table.
    let before = std::fs::read_to_string(&path).expect("read");
    let mut b = loaded;
    resolve_conflict(&mut b, 0, Resolution::TakeTheirs).expect("settle");
    file.save(&b, catalog()).expect("save");
    let after = std::fs::read_to_string(&path).expect("read");
    let (_, loaded) = load_assessment(&path, catalog()).expect("load");
    assert_eq!(loaded, b);
    assert_eq!(loaded.item("A.5.1").answer, Some(Answer::Shared));
    let removed: Vec<&str> = before.lines().filter(|l| !after.contains(*l)).collect();
    assert_eq!(
        removed,
        [
            "answer = \"gap\"",
            "field = \"answer\"",
            "ours = \"gap\"",
            "theirs = \"shared\""
        ]
    );
    assert_eq!(after.lines().count(), before.lines().count() - 6);
}

#[test]
fn bad_conflicts_are_reported_with_line_and_column() {
    let problems = |body: &str| {
        parse_assessment(&format!("{HEAD}{body}"), catalog())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        problems("\n[[conflicts]]\nitem = \"A.5.1\"\nfield = \"answer\"\nours = \"yes\"\n"),
        [
            "11:8: conflicts.ours: unknown answer \"yes\": expected one of microsoft-provides, shared, we-manage, gap, not-applicable"
        ]
    );
    assert_eq!(
        problems("\n[[conflicts]]\nitem = \"A.5.1\"\nfield = \"facilitator\"\nours = \"x\"\n"),
        [
            "10:9: conflicts.field: \"facilitator\" is not a field of an item: expected one of answer, owner, reviewed, relies_on, reliance, included_because, justification, notes, follow_up, session, observed, evidence, action, action.what, action.owner, action.due, action.done"
        ]
    );
    assert_eq!(
        problems("\n[[conflicts]]\nitem = \"A.5.1\"\nfield = \"answer\"\n"),
        [
            "10:9: [[conflicts]]: neither `ours` nor `theirs` is given; a conflict needs at least one of them"
        ]
    );
    assert_eq!(
        problems("\n[[conflicts]]\nsession = \"nope\"\nfield = \"date\"\nours = 2026-01-01\n"),
        ["9:11: conflicts.session: no [[sessions]] entry has the id \"nope\""]
    );
    assert_eq!(
        problems(
            "\n[[conflicts]]\nitem = \"A.5.1\"\nfield = \"reviewed\"\ntheirs = \"2026-01-01\"\nwhy = 1\n"
        ),
        [
            "11:10: conflicts.theirs: expected a date such as 2026-11-28 (without quotes)",
            "12:1: unknown key `why` in [[conflicts]]: expected one of item, session, risk, field, ours, theirs",
        ]
    );
}

#[test]
fn merge_from_disk_merges_another_programs_change_with_ours() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("m.toml");
    std::fs::write(&path, format!("{HEAD}# kept\n{BASE}")).expect("write");
    let (mut file, loaded) = load_assessment(&path, catalog()).expect("load");
    // Ours, in memory: A.5.1 answered gap, A.8.1 answered.
    let mut ours = loaded.clone();
    ours.item_mut("A.5.1").answer = Some(Answer::Gap);
    ours.item_mut("A.8.1").answer = Some(Answer::Shared);
    // Theirs, on disk (an editor, git pull): A.5.1 answered shared, A.6.1 answered.
    let mut theirs = loaded;
    theirs.item_mut("A.5.1").answer = Some(Answer::Shared);
    theirs.item_mut("A.6.1").answer = Some(Answer::Gap);
    let (mut other, _) = load_assessment(&path, catalog()).expect("load");
    other.save(&theirs, catalog()).expect("their save");
    assert!(
        file.save(&ours, catalog()).is_err(),
        "never overwrites unseen changes"
    );

    let m = file.merge_from_disk(&ours, catalog()).expect("merge");
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(file.saved(), &theirs, "the disk version is the new base");
    assert!(file.save(&m.assessment, catalog()).expect("save"));
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("# kept"), "{text}");
    let (_, loaded) = load_assessment(&path, catalog()).expect("load");
    assert_eq!(loaded.item("A.5.1").answer, Some(Answer::Gap));
    assert_eq!(loaded.item("A.8.1").answer, Some(Answer::Shared));
    assert_eq!(loaded.item("A.6.1").answer, Some(Answer::Gap));
    assert_eq!(loaded.conflicts, m.conflicts);
}

#[test]
fn the_next_cycle_keeps_the_decisions_and_makes_everything_due() {
    let last = a(r#"
[[sessions]]
id = "2025-11-28"

[items."A.5.1"]
answer = "we-manage"
owner = "IT"
reviewed = 2025-11-28
notes = "n"
follow_up = "f"
session = "2025-11-28"
reliance = "r"
justification = "j"
included_because = ["regulatory"]
relies_on = ["entra-conditional-access"]

[[items."A.5.1".evidence]]
what = "Policy"
date = 2025-10-01

[items."A.5.1".action]
what = "Open"
due = 2026-01-31

[items."A.5.2"]
answer = "gap"

[items."A.5.2".action]
what = "Finished"
done = 2025-12-01

[items."A.5.3"]
notes = "only notes"
"#);
    let next = last.next_cycle();
    assert!(next.sessions.is_empty());
    assert_eq!(next.licences, last.licences);
    let r = next.item("A.5.1");
    assert_eq!(r.answer, Some(Answer::WeManage));
    assert_eq!(r.owner(), Some("IT"));
    assert_eq!((r.reviewed, r.session.as_deref()), (None, None));
    assert_eq!((r.notes.as_deref(), r.follow_up.as_deref()), (None, None));
    assert_eq!(r.reliance.as_deref(), Some("r"));
    assert_eq!(r.justification.as_deref(), Some("j"));
    assert_eq!(r.relies_on, last.item("A.5.1").relies_on);
    assert_eq!(r.included_because, last.item("A.5.1").included_because);
    assert_eq!(r.evidence, last.item("A.5.1").evidence);
    assert_eq!(r.action, last.item("A.5.1").action);
    assert_eq!(next.item("A.5.2").action, None, "done actions stay behind");
    assert!(!next.items.contains_key("A.5.3"));
}
