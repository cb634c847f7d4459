//! Reading files of every shape: problems keep their positions, and an
//! item's tables belong together wherever they are in the file.

use super::*;

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

fn repo_file(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixtures(kind: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind);
    let mut texts: Vec<String> = std::fs::read_dir(dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    texts.sort();
    texts
}

const THREE_ITEMS: &str = r#"format = 1
catalog = "iso27001-2022"

[assessment]
organisation = "Contoso Ltd"
licences = ["m365-e3"]

[[sessions]]
id = "s1"
date = 2026-11-28

[items."5.1"]
answer = "we-manage"
owner = "CEO"
session = "s1"

[items."A.5.1"]
answer = "gapp"
notes = """
two
lines
"""

[[items."A.5.1".evidence]]
what = "Policy"
date = "2026-12-01"

[items."A.5.1".action]
what = "Review"
due = 2027-01-31

[items."A.8.24"]
answer = "gap"
owner = 7

[[conflicts]]
item = "A.8.24"
field = "owner"
ours = "Alice"
theirs = "Bob"
"#;

#[test]
fn the_example_and_every_valid_fixture_load_and_every_invalid_one_does_not() {
    assert!(parse_model(&repo_file("assessments/example.toml"), catalog()).is_ok());
    for text in fixtures("valid") {
        assert!(parse_model(&text, catalog()).is_ok(), "in:\n{text}");
    }
    for text in fixtures("invalid") {
        assert!(parse_model(&text, catalog()).is_err(), "in:\n{text}");
    }
}

#[test]
fn problems_in_later_items_keep_their_file_positions() {
    let problems = parse_model(THREE_ITEMS, catalog()).expect_err("problems");
    let at: Vec<(usize, usize)> = problems.iter().map(|p| (p.line, p.column)).collect();
    assert_eq!(at, [(18, 10), (26, 8), (34, 9)], "{problems:#?}");
    assert!(problems[0].message.contains("unknown answer \"gapp\""));
    assert!(problems[1].message.contains("expected a date"));
    assert!(problems[2].message.contains("items.\"A.8.24\".owner"));
}

#[test]
fn an_items_tables_split_by_another_item_still_belong_together() {
    let text = THREE_ITEMS.replace(
        "[items.\"A.8.24\"]\nanswer = \"gap\"\nowner = 7\n",
        "[items.\"A.8.24\"]\nanswer = \"gap\"\n\n[items.\"5.1\".action]\nwhat = \"Board review\"\n",
    );
    let text = text
        .replace("\"gapp\"", "\"gap\"")
        .replace("\"2026-12-01\"", "2026-12-01");
    let a = parse_model(&text, catalog()).expect("valid TOML, valid file");
    assert_eq!(a.item("5.1").owner.as_deref(), Some("CEO"));
    let action = a.item("5.1").action.as_ref().expect("action");
    assert_eq!(action.what, "Board review");
    assert_eq!(a.item("A.8.24").answer, Some(Answer::Gap));
}

#[test]
fn an_item_defined_twice_is_the_duplicate_key_toml_reports() {
    let text = format!("{THREE_ITEMS}\n[items.\"5.1\"]\nanswer = \"gap\"\n");
    let problems = parse_model(&text, catalog()).expect_err("invalid");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].line, 42);
    assert!(problems[0].message.contains("invalid TOML: duplicate key"));
}

#[test]
fn a_header_inside_a_multi_line_string_is_text() {
    let notes = "two\n[items.\"A.8.1\"]\nanswer = \"gap\"\n";
    let text = THREE_ITEMS
        .replace("two\nlines\n", notes)
        .replace("\"gapp\"", "\"gap\"")
        .replace("\"2026-12-01\"", "2026-12-01")
        .replace("owner = 7", "owner = \"CISO\"");
    let a = parse_model(&text, catalog()).expect("valid");
    assert_eq!(a.item("A.5.1").notes.as_deref(), Some(notes));
    assert_eq!(a.item("A.8.1").answer, None);
    assert_eq!(a.item("A.8.24").owner.as_deref(), Some("CISO"));
}

#[test]
fn sessions_after_the_items_are_still_known_to_them() {
    let sessions = "[[sessions]]\nid = \"s1\"\ndate = 2026-11-28\n";
    let text = THREE_ITEMS.replace(sessions, "") + "\n" + sessions;
    let text = text
        .replace("\"gapp\"", "\"gap\"")
        .replace("\"2026-12-01\"", "2026-12-01")
        .replace("owner = 7", "owner = \"CISO\"");
    let a = parse_model(&text, catalog()).expect("valid");
    assert_eq!(a.item("5.1").session.as_deref(), Some("s1"));
}

#[test]
fn an_unknown_item_is_reported_as_reading_whole_does() {
    let text = THREE_ITEMS.replace("[items.\"A.8.24\"]", "[items.\"A.9.9\"]");
    let problems = parse_model(&text, catalog()).expect_err("invalid");
    assert!(
        problems
            .iter()
            .any(|p| p.line == 32 && p.message.contains("unknown item \"A.9.9\"")),
        "{problems:#?}"
    );
}
