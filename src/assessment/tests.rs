use chrono::NaiveDate;

use super::*;
use crate::catalog::Catalog;

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

const SAMPLE: &str = r#"format = 1
catalog = "iso27001-2022"

# Workshop 1, with the IT team.
[assessment]
organisation = "Contoso Ltd"
scope = "Microsoft 365 tenant"
licences = ["m365-e3", "entra-id-p2"]

[items."5.1"]
answer = "we-manage"   # agreed by the board
owner = "CEO"

[items."A.5.1"]
answer = "we-manage"
owner = "Head of IT"
reviewed = 2026-11-28
relies_on = ["entra-conditional-access"]
notes = """
first line
second line
"""

[[items."A.5.1".evidence]]
what = "Policy v3"
where = "SharePoint > ISMS"
date = 2026-10-01

[items."A.5.1".action]
what = "Annual review"
owner = "CISO"
due = 2027-01-31

[items."A.8.24"]
answer = "gap"
"#;

fn parse(text: &str) -> Result<Assessment, Vec<Problem>> {
    parse_assessment(text, catalog()).map(|(a, _)| a)
}

#[test]
fn a_complete_file_loads_into_the_model() {
    let a = parse(SAMPLE).expect("valid");
    assert_eq!(a.organisation, "Contoso Ltd");
    assert_eq!(a.licences, ["m365-e3", "entra-id-p2"]);
    assert_eq!(a.review_interval(), 12);
    let r = a.item("A.5.1");
    assert_eq!(r.answer, Some(Answer::WeManage));
    assert_eq!(r.owner(), Some("Head of IT"));
    assert_eq!(r.reviewed, Some(d("2026-11-28")));
    assert_eq!(r.notes.as_deref(), Some("first line\nsecond line\n"));
    assert_eq!(
        r.evidence,
        [Evidence {
            what: "Policy v3".into(),
            location: Some("SharePoint > ISMS".into()),
            date: Some(d("2026-10-01")),
        }]
    );
    let action = r.action.as_ref().expect("action");
    assert_eq!(action.due, Some(d("2027-01-31")));
    assert!(action.is_tracked());
    assert_eq!(a.item("5.1").answer, Some(Answer::WeManage));
    assert_eq!(a.item("A.8.24").answer, Some(Answer::Gap));
    assert!(a.item("A.8.1").is_empty());
}

/// Every kind of problem, each with the line and column it is at.
#[test]
fn every_problem_is_reported_with_line_and_column() {
    let cases: &[(&str, usize, usize, &str)] = &[
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n[items.\"A.5.1\"]\nanswer = \"yes\"\n",
            6,
            10,
            "unknown answer \"yes\"",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\ncolour = 1\n",
            5,
            1,
            "unknown key `colour`",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n[items.\"A.5.99\"]\n",
            5,
            8,
            "unknown item \"A.5.99\"",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n[items.\"8.24\"]\n",
            5,
            8,
            "written \"A.8.24\"",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\nlicences = [\"m365-e9\"]\n",
            5,
            13,
            "unknown licence \"m365-e9\"",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n[items.\"A.5.1\"]\nrelies_on = [\"magic\"]\n",
            6,
            14,
            "unknown capability \"magic\"",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n[items.\"A.5.1\"]\nreviewed = \"2026-01-01\"\n",
            6,
            12,
            "expected a date",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n[items.\"A.5.1\"]\nreviewed = 2026-01-01T10:00:00\n",
            6,
            12,
            "without a time",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n[items.\"A.5.1\"]\nreviewed = 2026-02-30\n",
            6,
            12,
            "invalid TOML",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n[items.\"A.5.1\"\n",
            5,
            15,
            "invalid TOML",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\nreview_interval_months = 99999999999999999999\n",
            5,
            26,
            "invalid TOML: integer number overflowed",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\nx = 1e400\n",
            5,
            5,
            "invalid TOML: floating-point number overflowed",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n[[assessment.licences]]\n",
            5,
            1,
            "assessment.licences: expected an array of strings",
        ),
        (
            "format = 2\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n",
            1,
            10,
            "format 2 is not supported",
        ),
        (
            "format = 1\ncatalog = \"nist\"\n[assessment]\norganisation = \"X\"\n",
            2,
            11,
            "unknown catalog \"nist\"",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = 7\n",
            4,
            16,
            "expected a string",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n[items.\"A.5.1\".action]\nwhat = \"x\"\nwho = \"y\"\n",
            7,
            1,
            "unknown key `who`",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\nreview_interval_months = 0\n",
            5,
            26,
            "from 1 to 120",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n[items.\"A.5.1\"]\nincluded_because = [\"regulatory\", \"whim\"]\n",
            6,
            35,
            "unknown reason \"whim\"",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n[items.\"A.5.1\"]\nincluded_because = [\"regulatory\", \"regulatory\"]\n",
            6,
            35,
            "listed twice",
        ),
        (
            "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n[items.\"A.5.1\"]\nincluded_because = \"regulatory\"\n",
            6,
            20,
            "expected an array of strings",
        ),
    ];
    for (text, line, column, needle) in cases {
        let problems = parse(text).expect_err(needle);
        let p = problems
            .iter()
            .find(|p| p.message.contains(needle))
            .unwrap_or_else(|| panic!("no problem mentions {needle:?}: {problems:?}"));
        assert_eq!((p.line, p.column), (*line, *column), "{needle}: {p}");
    }
}

#[test]
fn all_problems_are_reported_not_just_the_first() {
    let text = "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n[items.\"A.5.1\"]\nanswer = \"maybe\"\nowner = 3\n[items.\"A.5.2\"]\nreviewed = \"soon\"\n";
    let problems = parse(text).expect_err("invalid");
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert_eq!(
        problems.iter().map(|p| p.line).collect::<Vec<_>>(),
        [6, 7, 9]
    );
}

#[test]
fn missing_header_fields_are_reported() {
    let problems = parse("").expect_err("empty");
    let text: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert!(
        text.iter().any(|m| m.contains("missing `format = 1`")),
        "{text:?}"
    );
    assert!(
        text.iter().any(|m| m.contains("missing `catalog")),
        "{text:?}"
    );
    assert!(text.iter().any(|m| m.contains("[assessment]")), "{text:?}");
}

fn file_with(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.toml");
    std::fs::write(&path, text).expect("write");
    (dir, path)
}

#[test]
fn load_then_save_unchanged_gives_identical_bytes() {
    let (_dir, path) = file_with(SAMPLE);
    let (mut file, a) = load_assessment(&path, catalog()).expect("load");
    assert!(!file.save(&a, catalog()).expect("save"), "nothing to write");
    assert_eq!(file.render(&a, catalog()), SAMPLE);
}

#[test]
fn one_changed_field_is_a_one_line_diff_keeping_comments() {
    let (_dir, path) = file_with(SAMPLE);
    let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
    a.item_mut("5.1").answer = Some(Answer::Shared);
    assert!(file.save(&a, catalog()).expect("save"));
    let after = std::fs::read_to_string(&path).expect("read");
    let changed: Vec<(&str, &str)> = SAMPLE
        .lines()
        .zip(after.lines())
        .filter(|(x, y)| x != y)
        .collect();
    assert_eq!(
        changed,
        [(
            "answer = \"we-manage\"   # agreed by the board",
            "answer = \"shared\"   # agreed by the board"
        )]
    );
    assert_eq!(SAMPLE.lines().count(), after.lines().count());
}

#[test]
fn a_new_item_goes_in_catalog_order() {
    let (_dir, path) = file_with(SAMPLE);
    let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
    a.item_mut("A.5.10").answer = Some(Answer::Gap);
    a.item_mut("A.5.2").owner = Some("CISO".into());
    file.save(&a, catalog()).expect("save");
    let after = std::fs::read_to_string(&path).expect("read");
    let pos = |needle: &str| {
        after
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in\n{after}"))
    };
    assert!(pos("[items.\"A.5.1\"]") < pos("[items.\"A.5.2\"]"));
    assert!(pos("[items.\"A.5.1\".action]") < pos("[items.\"A.5.2\"]"));
    assert!(pos("[items.\"A.5.2\"]") < pos("[items.\"A.5.10\"]"));
    assert!(pos("[items.\"A.5.10\"]") < pos("[items.\"A.8.24\"]"));
    let (_, again) = load_assessment(&path, catalog()).expect("reload");
    assert_eq!(again, a);
}

#[test]
fn every_field_round_trips_through_save_and_load() {
    let (_dir, path) = file_with(SAMPLE);
    let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
    let r = a.item_mut("A.8.24");
    r.answer = Some(Answer::NotApplicable);
    r.owner = Some("Ops \"lead\"".into());
    r.reviewed = Some(d("2025-02-28"));
    r.relies_on = vec!["purview-customer-key".into(), "secure-score".into()];
    r.reliance = Some("Microsoft SOC 2 Type 2".into());
    r.included_because = vec![
        InclusionReason::Contractual,
        InclusionReason::RiskAssessment,
    ];
    r.justification = Some("No cryptography of our own".into());
    r.notes = Some("line one\nline two with 'quotes' and \"double\"\n".into());
    r.follow_up = Some("Ask the DPO about retention".into());
    r.evidence = vec![
        Evidence {
            what: "Key inventory".into(),
            location: None,
            date: Some(d("2026-01-02")),
        },
        Evidence {
            what: "Second".into(),
            location: Some("Wiki".into()),
            date: None,
        },
    ];
    r.action = Some(Action {
        what: "Do it".into(),
        owner: Some("CISO".into()),
        due: Some(d("2027-03-01")),
        done: Some(d("2027-02-01")),
    });
    a.item_mut("A.5.1").evidence.clear();
    a.item_mut("A.5.1").action = None;
    a.items.remove("5.1");
    a.scope = None;
    a.review_interval_months = Some(6);
    file.save(&a, catalog()).expect("save");
    let (_, again) = load_assessment(&path, catalog()).expect("reload");
    assert_eq!(again, a);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(!text.contains("[items.\"5.1\"]"), "{text}");
    assert!(text.contains("# Workshop 1, with the IT team."), "{text}");
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten() {
    let (_dir, path) = file_with(SAMPLE);
    let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
    let theirs = SAMPLE.replace("CEO", "Chair");
    std::fs::write(&path, &theirs).expect("their edit");
    a.item_mut("A.5.3").answer = Some(Answer::Gap);
    let err = file.save(&a, catalog()).expect_err("must refuse");
    assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), theirs);
}

#[test]
fn create_refuses_to_overwrite() {
    let (_dir, path) = file_with("precious");
    let a = Assessment::new(catalog().id(), "X");
    let err = create_assessment(&path, &a, catalog()).expect_err("exists");
    assert!(matches!(err, SaveError::Exists { .. }));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "precious");
}

#[test]
fn a_created_file_loads_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new.toml");
    let mut a = Assessment::new(catalog().id(), "Fabrikam");
    a.scope = Some("Tenant".into());
    a.licences = vec!["m365-business-premium".into()];
    let mut file = create_assessment(&path, &a, catalog()).expect("create");
    let (_, loaded) = load_assessment(&path, catalog()).expect("load");
    assert_eq!(loaded, a);
    a.item_mut("6.1.2").answer = Some(Answer::WeManage);
    assert!(file.save(&a, catalog()).expect("save"));
    assert_eq!(load_assessment(&path, catalog()).expect("load").1, a);
}

#[cfg(unix)]
#[test]
fn saving_keeps_the_file_mode() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = file_with(SAMPLE);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
    a.item_mut("A.5.3").answer = Some(Answer::Gap);
    file.save(&a, catalog()).expect("save");
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
}

#[test]
fn invalid_utf8_is_a_problem_with_a_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, b"format = 1\nx = \"\xff\"\n").expect("write");
    match load_assessment(&path, catalog()) {
        Err(LoadError::Invalid { problems, .. }) => {
            assert_eq!((problems[0].line, problems[0].column), (2, 6));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn sessions_are_written_after_the_header_and_items_point_at_them() {
    let (_dir, path) = file_with(SAMPLE);
    let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
    let id = a.next_session_id(d("2026-11-28"));
    assert_eq!(id, "2026-11-28");
    a.sessions.push(Session {
        id: id.clone(),
        date: Some(d("2026-11-28")),
        facilitator: Some("Alex".into()),
        attendees: vec!["Priya".into(), "Sam".into()],
    });
    a.item_mut("A.8.24").session = Some(id.clone());
    file.save(&a, catalog()).expect("save");
    let text = std::fs::read_to_string(&path).expect("read");
    let pos = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} in\n{text}"))
    };
    assert!(pos("[assessment]") < pos("[[sessions]]"), "{text}");
    assert!(pos("[[sessions]]") < pos("[items.\"5.1\"]"), "{text}");
    assert!(text.contains("attendees = [\"Priya\", \"Sam\"]"), "{text}");
    let (_, again) = load_assessment(&path, catalog()).expect("reload");
    assert_eq!(again, a);
    assert_eq!(again.next_session_id(d("2026-11-28")), "2026-11-28-2");

    // A second session the same day goes after the first.
    let mut b = again.clone();
    b.sessions.push(Session {
        id: "2026-11-28-2".into(),
        date: Some(d("2026-11-28")),
        facilitator: None,
        attendees: vec![],
    });
    file.save(&b, catalog()).expect("save");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(
        text.find("\"2026-11-28\"") < text.find("\"2026-11-28-2\""),
        "{text}"
    );
    assert!(
        text.find("\"2026-11-28-2\"") < text.find("[items.\"5.1\"]"),
        "{text}"
    );
    assert_eq!(load_assessment(&path, catalog()).expect("reload").1, b);
}

#[test]
fn an_item_naming_an_unknown_session_is_an_error() {
    let text = "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n[[sessions]]\nid = \"s1\"\n[[sessions]]\nid = \"s1\"\n[items.\"A.5.1\"]\nsession = \"s2\"\n";
    let problems = parse(text).expect_err("invalid");
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("8:6:") && m.contains("used twice")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("10:11:") && m.contains("\"s2\"")),
        "{messages:?}"
    );
}

#[test]
fn a_non_table_in_sessions_or_conflicts_is_a_problem_not_ignored() {
    let head = "format = 1\ncatalog = \"iso27001-2022\"\n";
    let meta = "[assessment]\norganisation = \"X\"\n";
    for (body, needle) in [
        ("sessions = [1]\n", "`sessions`: expected a table"),
        ("conflicts = [\"x\"]\n", "`conflicts`: expected a table"),
        (
            "items = { \"A.5.1\" = { evidence = [2] } }\n",
            "evidence: expected a table",
        ),
    ] {
        let problems = parse(&format!("{head}{body}{meta}")).expect_err(body);
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains(needle) && p.line == 3),
            "{body}: {problems:?}"
        );
    }
}

#[test]
fn what_was_saved_follows_every_kind_of_change() {
    let (_dir, path) = file_with(SAMPLE);
    let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
    // An item changed, one removed, one added, and the header.
    a.item_mut("A.5.1").owner = Some("CISO".into());
    a.items.remove("A.8.24");
    a.item_mut("A.8.1").answer = Some(Answer::Shared);
    a.organisation = "Contoso Group".into();
    assert!(file.save(&a, catalog()).expect("save"));
    assert_eq!(file.saved(), &a);
    assert!(!file.save(&a, catalog()).expect("save"), "nothing new");
    let (_, back) = load_assessment(&path, catalog()).expect("reload");
    assert_eq!(back, a);
    // And back again, through a second save.
    a.items.remove("A.8.1");
    a.item_mut("A.8.24").answer = Some(Answer::Gap);
    assert!(file.save(&a, catalog()).expect("save"));
    assert_eq!(file.saved(), &a);
    let (_, back) = load_assessment(&path, catalog()).expect("reload");
    assert_eq!(back, a);
}
