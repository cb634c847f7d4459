//! The canonical layout (`gapwalk fmt`) and saving that keeps it.

use super::*;
use crate::catalog::Catalog;

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

fn canonical(text: &str) -> String {
    canonical_text(text, catalog()).unwrap_or_else(|p| panic!("{p:?}"))
}

const MESSY: &str = r#"# Contoso's assessment.
# Second header line.

catalog = "iso27001-2022"
format = 1

[[conflicts]]
item = "A.5.1"
field = "owner"
ours = "IT"
theirs = "CISO"

[items."A.8.1"]
owner = "IT"     # agreed in the room
answer = "shared"

# Annex A starts here.

[items."A.5.1"]
session = "s1"
# the policy owner
owner = "IT"
answer = "we-manage"
evidence = [{ what = "Policy", date = 2026-10-01 }]
action = { what = "Review", due = 2027-01-31 }

[assessment]
licences = ['m365-e3']
organisation = "Contoso"

[[sessions]]
id = "s1"

[items]
"4.1" = { answer = "we-manage" }
"5.1".answer = "gap"

# the end
"#;

const CANONICAL: &str = r#"# Contoso's assessment.
# Second header line.

format = 1
catalog = "iso27001-2022"

[assessment]
organisation = "Contoso"
licences = ["m365-e3"]

[[sessions]]
id = "s1"

[items."4.1"]
answer = "we-manage"

[items."5.1"]
answer = "gap"

# Annex A starts here.

[items."A.5.1"]
answer = "we-manage"
# the policy owner
owner = "IT"
session = "s1"

[[items."A.5.1".evidence]]
what = "Policy"
date = 2026-10-01

[items."A.5.1".action]
what = "Review"
due = 2027-01-31

[items."A.8.1"]
answer = "shared"
owner = "IT"     # agreed in the room

[[conflicts]]
item = "A.5.1"
field = "owner"
ours = "IT"
theirs = "CISO"

# the end
"#;

#[test]
fn canonical_layout_orders_everything_and_keeps_comments() {
    assert_eq!(canonical(MESSY), CANONICAL);
    assert_eq!(canonical(CANONICAL), CANONICAL, "idempotent");
    let (a, _) = parse_assessment(MESSY, catalog()).expect("valid");
    let (b, _) = parse_assessment(CANONICAL, catalog()).expect("valid");
    assert_eq!(a, b);
}

#[test]
fn the_example_is_in_canonical_layout() {
    let text = include_str!("../../assessments/example.toml");
    assert_eq!(canonical(text), text);
}

#[test]
fn an_invalid_file_has_no_canonical_layout() {
    let problems = canonical_text("format = 1\n", catalog()).expect_err("invalid");
    assert!(!problems.is_empty());
}

#[test]
fn saving_puts_a_new_field_in_canonical_order_only_in_a_table_that_is() {
    let text = "format = 1\ncatalog = \"iso27001-2022\"\n\n[assessment]\norganisation = \"C\"\n\n[items.\"A.5.1\"]\nanswer = \"gap\"\nnotes = \"n\"\n\n[items.\"A.5.2\"]\nnotes = \"n\"\nanswer = \"gap\"\n";
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.toml");
    std::fs::write(&path, text).expect("write");
    let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
    a.item_mut("A.5.1").owner = Some("IT".into());
    a.item_mut("A.5.2").owner = Some("IT".into());
    file.save(&a, catalog()).expect("save");
    let saved = std::fs::read_to_string(&path).expect("read");
    assert!(
        saved.contains("[items.\"A.5.1\"]\nanswer = \"gap\"\nowner = \"IT\"\nnotes = \"n\"\n"),
        "{saved}"
    );
    assert!(
        saved.contains("[items.\"A.5.2\"]\nnotes = \"n\"\nanswer = \"gap\"\nowner = \"IT\"\n"),
        "the user's order is left alone: {saved}"
    );
}
