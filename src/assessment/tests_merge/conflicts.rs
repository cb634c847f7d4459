//! Merge conflicts in the file: settled and replaced, as findings, read and written back, reported when bad; merging from disk; the next review cycle.

use super::*;

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
