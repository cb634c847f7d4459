//! `[[risks]]` in the file: loading with positions, saving in place and in
//! canonical layout, the three-way merge and settling a risk's conflict.

use std::path::Path;

use super::*;
use crate::catalog::Catalog;

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

const HEAD: &str =
    "format = 1\ncatalog = \"iso27001-2022\"\n\n[assessment]\norganisation = \"Contoso\"\n";

const RISKS: &str = r#"
[[risks]]
id = "R-01"
title = "Phishing takes over a mailbox"
owner = "Head of IT"
likelihood = 3
impact = 2
treatment = "reduce"
controls = ["A.5.15", "A.8.5"]
residual_likelihood = 1
residual_impact = 2
accepted_by = "Managing Director"
accepted_on = 2026-11-28
reviewed = 2026-11-28
description = """
A campaign like the one of 2025.
"""

[[risks]]
id = "R-02"
title = "Laptop lost on a train"
likelihood = 2
impact = 1
treatment = "accept"
"#;

const ITEM: &str = r#"
[items."A.5.15"]
answer = "we-manage"
"#;

fn problems(body: &str) -> Vec<String> {
    match parse_assessment(&format!("{HEAD}{body}"), catalog()) {
        Ok(_) => Vec::new(),
        Err(p) => p.iter().map(ToString::to_string).collect(),
    }
}

fn load(text: &str) -> Assessment {
    parse_assessment(text, catalog())
        .unwrap_or_else(|p| panic!("{p:?}"))
        .0
}

#[test]
fn risks_load_and_the_canonical_layout_is_what_saving_writes() {
    let text = format!("{HEAD}{RISKS}{ITEM}");
    let a = load(&text);
    assert_eq!(a.risks.len(), 2);
    let r = &a.risks[0];
    assert_eq!(r.score(), Some(6));
    assert_eq!(r.residual_score(), Some(2));
    assert_eq!(r.treatment, Some(Treatment::Reduce));
    assert_eq!(r.controls, ["A.5.15", "A.8.5"]);
    assert_eq!(
        r.description.as_deref(),
        Some("A campaign like the one of 2025.\n")
    );
    assert_eq!(a.risks[1].owner(), None);
    assert_eq!(
        canonical_text(&text, catalog()).expect("canonical"),
        text,
        "a file saved by gapwalk is canonical"
    );
    // Written from scratch, the same text.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.toml");
    create_assessment(&path, &a, catalog()).expect("write");
    assert_eq!(read_assessment(&path, catalog()).expect("read back"), a);
}

#[test]
fn bad_risks_say_where_and_what_was_expected() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "likelihood = 3",
            "likelihood = 4",
            "11:14: risks.\"R-01\".likelihood: expected a whole number from 1 to 3 on the risk scale (1 Low, 2 Medium, 3 High)",
        ),
        (
            "likelihood = 3",
            "likelihood = \"High\"",
            "11:14: risks.\"R-01\".likelihood: expected a whole number from 1 to 3 on the risk scale (1 Low, 2 Medium, 3 High) (write the level's number: 3 for \"High\")",
        ),
        (
            "impact = 2",
            "impact = 0",
            "12:10: risks.\"R-01\".impact: expected a whole number",
        ),
        (
            "treatment = \"reduce\"",
            "treatment = \"transfer\"",
            "13:13: risks.\"R-01\".treatment: unknown treatment \"transfer\": expected one of reduce, accept, avoid, share",
        ),
        (
            "\"A.5.15\", \"A.8.5\"",
            "\"5.15\", \"A.8.5\"",
            "14:13: risks.\"R-01\".controls: unknown control \"5.15\": expected an Annex A control such as \"A.5.15\" (Annex A controls are written \"A.5.15\")",
        ),
        (
            "\"A.5.15\", \"A.8.5\"",
            "\"6.1.3\"",
            "14:13: risks.\"R-01\".controls: \"6.1.3\" is a clause",
        ),
        (
            "\"A.5.15\", \"A.8.5\"",
            "\"A.8.5\", \"A.8.5\"",
            "14:22: risks.\"R-01\".controls: \"A.8.5\" is listed twice",
        ),
        (
            "residual_impact = 2\n",
            "",
            "15:23: risks.\"R-01\": `residual_likelihood` without `residual_impact`",
        ),
        (
            "title = \"Phishing takes over a mailbox\"\n",
            "",
            "8:6: risks.\"R-01\": missing `title`",
        ),
        (
            "id = \"R-02\"",
            "id = \"R-01\"",
            "25:6: [[risks]]: the id \"R-01\" is used twice",
        ),
        (
            "id = \"R-02\"",
            "id = \" \"",
            "25:6: [[risks]]: every risk needs an `id`",
        ),
        (
            "accepted_on = 2026-11-28",
            "accepted_on = \"yesterday\"",
            "18:15: risks.\"R-01\".accepted_on: expected a date",
        ),
        (
            "owner = \"Head of IT\"",
            "ownr = \"Head of IT\"",
            "10:1: unknown key `ownr` in [[risks]] (did you mean `owner`?)",
        ),
    ];
    for (from, to, expected) in cases {
        let body = RISKS.replacen(from, to, 1);
        assert_ne!(body, RISKS, "{from}");
        let found = problems(&body);
        assert!(
            found.iter().any(|p| p.starts_with(expected)),
            "{expected}\nnot in {found:?}"
        );
    }
    let top = HEAD.replace(
        "catalog = \"iso27001-2022\"\n",
        "catalog = \"iso27001-2022\"\nrisks = 3\n",
    );
    let found: Vec<String> = match parse_assessment(&top, catalog()) {
        Ok(_) => Vec::new(),
        Err(p) => p.iter().map(ToString::to_string).collect(),
    };
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("3:9: `risks`: expected [[risks]] tables")),
        "{found:?}"
    );
}

#[test]
fn the_scale_is_declared_in_the_assessment_and_checked() {
    let five = "risk_scale = [\"Rare\", \"Unlikely\", \"Possible\", \"Likely\", \"Certain\"]\n";
    let text = format!(
        "{HEAD}{five}{}",
        RISKS.replace("likelihood = 3", "likelihood = 5")
    );
    let a = load(&text);
    assert_eq!(a.risk_scale().levels(), 5);
    assert_eq!(a.risks[0].score(), Some(10));
    let bad = |scale: &str| problems(&format!("{scale}{RISKS}"));
    let head_lines = HEAD.lines().count();
    let found = bad("risk_scale = [\"Only\"]\n");
    assert!(
        found.iter().any(|p| p.starts_with(&format!(
            "{}:14: assessment.risk_scale: expected 2 to 10 level names",
            head_lines + 1
        ))),
        "{found:?}"
    );
    let found = bad("risk_scale = [\"Low\", \"low\"]\n");
    assert!(
        found.iter().any(|p| p.contains("\"low\" is listed twice")),
        "{found:?}"
    );
    // On a two-level scale a 3 is off it.
    let found = bad("risk_scale = [\"Low\", \"High\"]\n");
    assert!(
        found.iter().any(|p| p.contains(
            "likelihood: expected a whole number from 1 to 2 on the risk scale (1 Low, 2 High)"
        )),
        "{found:?}"
    );
}

#[test]
fn a_changed_risk_is_saved_in_place_keeping_comments() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.toml");
    let text = format!(
        "{HEAD}{}{ITEM}",
        RISKS.replace("impact = 1\n", "impact = 1 # a cheap laptop\n")
    )
    .replace(
        "[[risks]]\nid = \"R-02\"",
        "# Risks from the 2026 register.\n[[risks]]\nid = \"R-02\"",
    );
    std::fs::write(&path, &text).expect("write");
    let (mut file, mut a) = load_assessment(Path::new(&path), catalog()).expect("load");
    a.risks[1].owner = Some("Office Manager".into());
    a.risks[0].controls.push("A.6.3".into());
    assert!(file.save(&a, catalog()).expect("save"));
    let saved = std::fs::read_to_string(&path).expect("read");
    let changed: Vec<(&str, &str)> = text
        .lines()
        .zip(saved.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed.first(),
        Some(&(
            "controls = [\"A.5.15\", \"A.8.5\"]",
            "controls = [\"A.5.15\", \"A.8.5\", \"A.6.3\"]"
        ))
    );
    assert!(saved.contains("# Risks from the 2026 register.\n[[risks]]\nid = \"R-02\"\ntitle = \"Laptop lost on a train\"\nowner = \"Office Manager\"\n"), "{saved}");
    assert!(saved.contains("impact = 1 # a cheap laptop\n"), "{saved}");
    assert_eq!(saved.lines().count(), text.lines().count() + 1);
    assert_eq!(read_assessment(&path, catalog()).expect("read back"), a);
}

#[test]
fn a_new_risk_goes_after_the_last_risk_and_before_the_items() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.toml");
    let text = format!("{HEAD}\n[[sessions]]\nid = \"2026-11-28\"\ndate = 2026-11-28\n{ITEM}");
    std::fs::write(&path, &text).expect("write");
    let (mut file, mut a) = load_assessment(Path::new(&path), catalog()).expect("load");
    a.risks.push(Risk {
        id: "R-01".into(),
        title: "Ransomware".into(),
        likelihood: Some(2),
        impact: Some(3),
        ..Risk::default()
    });
    assert!(file.save(&a, catalog()).expect("save"));
    a.risks.push(Risk {
        id: "R-02".into(),
        title: "Supplier breach".into(),
        ..Risk::default()
    });
    assert!(file.save(&a, catalog()).expect("save"));
    let saved = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        saved,
        format!(
            "{HEAD}\n[[sessions]]\nid = \"2026-11-28\"\ndate = 2026-11-28\n\n[[risks]]\nid = \"R-01\"\ntitle = \"Ransomware\"\nlikelihood = 2\nimpact = 3\n\n[[risks]]\nid = \"R-02\"\ntitle = \"Supplier breach\"\n{ITEM}"
        )
    );
    assert_eq!(
        canonical_text(&saved, catalog()).ok().as_deref(),
        Some(saved.as_str())
    );
    // Removing the first leaves the second as it was.
    a.risks.remove(0);
    assert!(file.save(&a, catalog()).expect("save"));
    let saved = std::fs::read_to_string(&path).expect("read");
    assert!(!saved.contains("Ransomware"), "{saved}");
    assert!(
        saved.contains("[[risks]]\nid = \"R-02\"\ntitle = \"Supplier breach\"\n\n[items."),
        "{saved}"
    );
}

#[test]
fn two_branches_adding_different_risks_merge_cleanly() {
    let base = load(&format!("{HEAD}{ITEM}"));
    let mut ours = base.clone();
    let mut theirs = base.clone();
    let risk = |id: &str, title: &str| Risk {
        id: id.into(),
        title: title.into(),
        ..Risk::default()
    };
    ours.risks.push(risk("R-01", "Phishing"));
    theirs.risks.push(risk("R-02", "Ransomware"));
    let m = merge(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let ids: Vec<&str> = m.assessment.risks.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["R-01", "R-02"]);
    // Different fields of one risk merge too; a set takes both additions.
    let base = m.assessment.clone();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.risks[0].owner = Some("Head of IT".into());
    ours.risks[0].controls = vec!["A.5.15".into()];
    theirs.risks[0].likelihood = Some(3);
    theirs.risks[0].controls = vec!["A.8.5".into()];
    let m = merge(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let r = &m.assessment.risks[0];
    assert_eq!(r.owner.as_deref(), Some("Head of IT"));
    assert_eq!(r.likelihood, Some(3));
    assert_eq!(r.controls, ["A.5.15", "A.8.5"]);
    // A risk one side removed and the other left alone goes.
    let (mut ours, theirs) = (base.clone(), base.clone());
    ours.risks.remove(1);
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.assessment.risks.len(), 1);
}

#[test]
fn the_same_risk_changed_differently_is_a_conflict_in_the_file() {
    let base = load(&format!("{HEAD}{RISKS}{ITEM}"));
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.risks[0].impact = Some(3);
    theirs.risks[0].impact = Some(1);
    theirs.risks[1].treatment = Some(Treatment::Avoid);
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    let c = &m.conflicts[0];
    assert_eq!(c.place, Place::Risk("R-01".into()));
    assert_eq!(c.describe(), "risk R-01 impact: ours 3, theirs 1");
    assert_eq!(m.assessment.risks[0].impact, Some(3));
    assert_eq!(m.assessment.risks[1].treatment, Some(Treatment::Avoid));
    // Written and read back: the conflict names the risk.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("merged.toml");
    create_assessment(&path, &m.assessment, catalog()).expect("write");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(
        text.contains("[[conflicts]]\nrisk = \"R-01\"\nfield = \"impact\"\nours = 3\ntheirs = 1\n"),
        "{text}"
    );
    let mut back = read_assessment(&path, catalog()).expect("read back");
    assert_eq!(back, m.assessment);
    // Taking theirs puts it in place.
    resolve_conflict(&mut back, 0, Resolution::TakeTheirs).expect("settled");
    assert_eq!(back.risks[0].impact, Some(1));
    assert!(back.conflicts.is_empty());
    // Both sides adding the same id: what they agree on merges, the rest
    // is a conflict.
    let base = load(&format!("{HEAD}{ITEM}"));
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.risks.push(Risk {
        id: "R-09".into(),
        title: "Insider".into(),
        impact: Some(2),
        ..Risk::default()
    });
    theirs.risks.push(Risk {
        id: "R-09".into(),
        title: "Insider".into(),
        impact: Some(3),
        ..Risk::default()
    });
    let m = merge(&base, &ours, &theirs);
    let fields: Vec<Field> = m.conflicts.iter().map(|c| c.field).collect();
    assert_eq!(fields, [Field::Impact]);
}

#[test]
fn a_risk_a_conflict_names_stays_when_the_other_side_removed_it() {
    let base = load(&format!("{HEAD}{RISKS}{ITEM}"));
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    // A conflict about R-02 carried in from an earlier merge…
    ours.conflicts.push(Conflict {
        place: Place::Risk("R-02".into()),
        field: Field::Impact,
        ours: Some(FieldValue::Number(1)),
        theirs: Some(FieldValue::Number(2)),
    });
    theirs.conflicts = ours.conflicts.clone();
    // …and theirs removes the risk.
    theirs.risks.remove(1);
    let m = merge(&base, &ours, &theirs);
    assert!(m.assessment.risk("R-02").is_some());
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("merged.toml");
    create_assessment(&path, &m.assessment, catalog()).expect("write");
    assert_eq!(
        read_assessment(&path, catalog()).expect("loads"),
        m.assessment
    );
}

#[test]
fn conflicts_name_one_place_and_a_known_risk() {
    let conflict = |place: &str| {
        problems(&format!(
            "{RISKS}\n[[conflicts]]\n{place}field = \"impact\"\nours = 1\ntheirs = 2\n"
        ))
    };
    assert!(conflict("risk = \"R-01\"\n").is_empty());
    let found = conflict("risk = \"R-99\"\n");
    assert!(
        found
            .iter()
            .any(|p| p.contains("conflicts.risk: no [[risks]] entry has the id \"R-99\"")),
        "{found:?}"
    );
    let found = conflict("risk = \"R-01\"\nitem = \"A.5.15\"\n");
    assert!(
        found
            .iter()
            .any(|p| p.contains("name one of `item`, `session` or `risk`, not several")),
        "{found:?}"
    );
    let found = problems(&format!(
        "{RISKS}\n[[conflicts]]\nrisk = \"R-01\"\nfield = \"answer\"\nours = \"gap\"\n"
    ));
    assert!(
        found.iter().any(|p| p.contains(
            "\"answer\" is not a field of a risk: expected one of title, owner, likelihood"
        )),
        "{found:?}"
    );
}
