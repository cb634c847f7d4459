//! The assessment file's home for the Statement of Applicability's
//! document control (`[assessment.soa]`) and the controls the room called
//! critical (`[assessment] critical`): loaded with positions, saved in
//! place, laid out by `fmt`, merged field by field.

use chrono::NaiveDate;
use gapwalk::assessment::{
    Assessment, Field, Place, canonical_text, load_assessment, merge, parse_model,
};
use gapwalk::catalog::Catalog;

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

const BASE: &str = "format = 1\ncatalog = \"iso27001-2022\"\n\n[assessment]\norganisation = \"X\"\n\n[[sessions]]\nid = \"2026-11-03\"\ndate = 2026-11-03\n\n[items.\"A.5.1\"]\nanswer = \"gap\"\n";

const WITH_SOA: &str = "format = 1\ncatalog = \"iso27001-2022\"\n\n[assessment]\norganisation = \"X\"\ncritical = [\"A.5.24\", \"A.8.13\"]\n\n# Document control, as the SoA shows it.\n[assessment.soa]\nowner = \"ISMS manager\"\napprover = \"Managing Director\"\napproved = 2026-12-01\nversion = \"1.0\"\nclassification = \"Internal\"\nnext_review = 2027-12-01\n\n[[sessions]]\nid = \"2026-11-03\"\ndate = 2026-11-03\n\n[items.\"A.5.1\"]\nanswer = \"gap\"\n";

#[test]
fn document_control_and_critical_controls_load() {
    let a = parse_model(WITH_SOA, catalog()).expect("valid");
    assert_eq!(a.governance.critical, ["A.5.24", "A.8.13"]);
    assert!(a.is_critical("A.5.24") && !a.is_critical("A.5.1"));
    assert_eq!(a.governance.soa.owner.as_deref(), Some("ISMS manager"));
    assert_eq!(
        a.governance.soa.approver.as_deref(),
        Some("Managing Director")
    );
    assert_eq!(a.governance.soa.approved, Some(d("2026-12-01")));
    assert_eq!(a.governance.soa.version.as_deref(), Some("1.0"));
    assert_eq!(a.governance.soa.classification.as_deref(), Some("Internal"));
    assert_eq!(a.governance.soa.next_review, Some(d("2027-12-01")));
}

#[test]
fn bad_document_control_is_reported_with_its_position() {
    let cases = [
        (
            "[assessment.soa]\nownr = \"x\"\n",
            "8:1: unknown key `ownr` in [assessment.soa] (did you mean `owner`?)",
        ),
        (
            "[assessment.soa]\napproved = \"yesterday\"\n",
            "8:12: assessment.soa.approved: expected a date such as 2026-11-28 (without quotes)",
        ),
        (
            "[assessment.soa]\nversion = 2\n",
            "8:11: assessment.soa.version: expected a string in quotes",
        ),
    ];
    for (extra, expected) in cases {
        let text = BASE.replace(
            "organisation = \"X\"\n",
            &format!("organisation = \"X\"\n\n{extra}"),
        );
        let problems = parse_model(&text, catalog()).expect_err("invalid");
        let got: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            got.iter().any(|p| p.starts_with(expected)),
            "{expected:?} not in {got:?}"
        );
    }
    for (list, expected) in [
        (
            "[\"A.9.9\"]",
            "6:13: assessment.critical: unknown control \"A.9.9\"",
        ),
        (
            "[\"6.1.2\"]",
            "6:13: assessment.critical: \"6.1.2\" is a clause; clauses 4–10 are mandatory",
        ),
        (
            "[\"A.5.24\", \"A.5.24\"]",
            "6:23: assessment.critical: \"A.5.24\" is listed twice",
        ),
        (
            "\"A.5.24\"",
            "6:12: assessment.critical: expected an array of strings",
        ),
    ] {
        let text = BASE.replace(
            "organisation = \"X\"\n",
            &format!("organisation = \"X\"\ncritical = {list}\n"),
        );
        let problems = parse_model(&text, catalog()).expect_err("invalid");
        let got: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            got.iter().any(|p| p.starts_with(expected)),
            "{expected:?} not in {got:?}"
        );
    }
}

fn saved(text: &str, change: impl FnOnce(&mut Assessment)) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.toml");
    std::fs::write(&path, text).expect("write");
    let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
    change(&mut a);
    file.save(&a, catalog()).expect("save");
    let out = std::fs::read_to_string(&path).expect("read");
    let (_, again) = load_assessment(&path, catalog()).expect("reload");
    assert_eq!(again, a, "the saved file loads back to what was saved");
    out
}

#[test]
fn saving_adds_the_table_right_after_the_assessment_and_keeps_the_rest() {
    let out = saved(BASE, |a| {
        a.governance.soa.owner = Some("ISMS manager".into());
        a.governance.soa.approved = Some(d("2026-12-01"));
        a.governance.critical = vec!["A.5.24".into()];
    });
    assert_eq!(
        out,
        "format = 1\ncatalog = \"iso27001-2022\"\n\n[assessment]\norganisation = \"X\"\ncritical = [\"A.5.24\"]\n\n[assessment.soa]\nowner = \"ISMS manager\"\napproved = 2026-12-01\n\n[[sessions]]\nid = \"2026-11-03\"\ndate = 2026-11-03\n\n[items.\"A.5.1\"]\nanswer = \"gap\"\n"
    );
}

#[test]
fn saving_one_document_control_field_changes_one_line() {
    let out = saved(WITH_SOA, |a| a.governance.soa.version = Some("1.1".into()));
    assert_eq!(
        out,
        WITH_SOA.replace("version = \"1.0\"", "version = \"1.1\"")
    );
    let out = saved(WITH_SOA, |a| a.governance.soa = Default::default());
    assert!(!out.contains("[assessment.soa]"), "{out}");
    assert!(!out.contains("owner = \"ISMS manager\""), "{out}");
}

#[test]
fn fmt_keeps_the_table_in_place_with_its_comment() {
    let out = canonical_text(WITH_SOA, catalog()).expect("canonical");
    assert_eq!(out, WITH_SOA);
}

#[test]
fn a_merge_takes_both_sides_document_control_changes_and_critical_additions() {
    let base = parse_model(WITH_SOA, catalog()).expect("base");
    let mut ours = base.clone();
    ours.governance.soa.version = Some("1.1".into());
    ours.governance.critical.push("A.5.7".into());
    let mut theirs = base.clone();
    theirs.governance.soa.approver = Some("Board".into());
    theirs.governance.critical.push("A.8.15".into());
    let m = merge(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert_eq!(m.assessment.governance.soa.version.as_deref(), Some("1.1"));
    assert_eq!(
        m.assessment.governance.soa.approver.as_deref(),
        Some("Board")
    );
    assert_eq!(
        m.assessment.governance.critical,
        ["A.5.24", "A.8.13", "A.5.7", "A.8.15"]
    );

    theirs.governance.soa.version = Some("2.0".into());
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    assert_eq!(m.conflicts[0].place, Place::Assessment);
    assert_eq!(m.conflicts[0].field, Field::SoaVersion);
    assert_eq!(
        m.assessment.governance.soa.version.as_deref(),
        Some("1.1"),
        "ours stays"
    );
}

#[test]
fn the_next_cycle_keeps_who_owns_the_soa_but_not_its_approval() {
    let a = parse_model(WITH_SOA, catalog()).expect("valid");
    let next = a.next_cycle();
    assert_eq!(next.governance.critical, a.governance.critical);
    assert_eq!(next.governance.soa.owner, a.governance.soa.owner);
    assert_eq!(next.governance.soa.approver, a.governance.soa.approver);
    assert_eq!(
        next.governance.soa.classification,
        a.governance.soa.classification
    );
    assert_eq!(
        (
            next.governance.soa.approved,
            next.governance.soa.version.as_deref(),
            next.governance.soa.next_review
        ),
        (None, None, None)
    );
}

#[test]
fn fmt_keeps_a_comment_after_a_table_header() {
    let text = WITH_SOA.replace(
        "[assessment.soa]\n",
        "[assessment.soa]   # approved at the December board\n",
    );
    let out = canonical_text(&text, catalog()).expect("canonical");
    assert!(
        out.contains("[assessment.soa]   # approved at the December board\n"),
        "{out}"
    );
    let items = text.replace(
        "[items.\"A.5.1\"]\n",
        "[items.\"A.5.1\"]   # nobody owns it yet\n",
    );
    let out = canonical_text(&items, catalog()).expect("canonical");
    assert!(
        out.contains("[items.\"A.5.1\"]   # nobody owns it yet\n"),
        "{out}"
    );
}
