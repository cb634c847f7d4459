//! `gapwalk diff`'s headline and counts name every kind of field that
//! changed, not only answers, owners, reviews, evidence and actions.

use assert_cmd::Command;
use serde_json::Value;

const OLD: &str = r#"format = 1
catalog = "iso27001-2022"

[assessment]
organisation = "Contoso"
scope = "The tenant"

[items."A.5.1"]
answer = "we-manage"
owner = "CISO"
notes = "First notes"

[items."A.8.13"]
answer = "gap"
owner = "CISO"
justification = "Old text"

[items."A.8.13".action]
what = "Buy a backup service"
owner = "CISO"
due = 2027-01-31
"#;

#[test]
fn notes_justifications_and_action_details_are_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let new = OLD
        .replace("First notes", "Second notes")
        .replace("Old text", "New text")
        .replace("Buy a backup service", "Buy and test a backup service")
        .replace("owner = \"CISO\"\ndue", "owner = \"CFO\"\ndue")
        .replace("2027-01-31", "2027-03-31")
        .replace("The tenant", "The tenant and the ISMS");
    std::fs::write(dir.path().join("old.toml"), OLD).expect("write");
    std::fs::write(dir.path().join("new.toml"), new).expect("write");
    let out = Command::cargo_bin("gapwalk")
        .expect("binary")
        .current_dir(dir.path())
        .args([
            "diff",
            "old.toml",
            "new.toml",
            "--format",
            "json",
            "--as-of",
            "2026-11-28",
        ])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let headline = v["headline"].as_str().expect("headline");
    for words in [
        "scope changed",
        "1 justification changed",
        "1 notes changed",
        "1 action text changed",
        "1 action owner changed",
        "1 due date changed",
    ] {
        assert!(headline.contains(words), "{words:?} not in {headline:?}");
    }
    let fields: Vec<&str> = v["counts"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "scope",
            "justification",
            "notes",
            "action.what",
            "action.owner",
            "action.due"
        ]
    );

    let text = Command::cargo_bin("gapwalk")
        .expect("binary")
        .current_dir(dir.path())
        .args(["diff", "old.toml", "new.toml", "--as-of", "2026-11-28"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("fields    scope changed, 1 justification changed"),
        "{text}"
    );
}
