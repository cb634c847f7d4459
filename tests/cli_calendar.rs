//! The remediation plan's calendar: event UIDs that survive renaming the
//! organisation and differ between review cycles.

use std::path::Path;

use assert_cmd::Command;

fn gapwalk(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("gapwalk").expect("binary");
    c.current_dir(dir);
    c
}

fn uids(dir: &Path, file: &str) -> Vec<String> {
    let out = gapwalk(dir)
        .args(["plan", file, "--format", "ics", "--as-of", "2026-12-01"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("UID:").map(str::to_string))
        .collect()
}

const ITEM: &str = r#"
[items."A.8.13"]
answer = "gap"
owner = "Head of IT"

[items."A.8.13".action]
what = "Buy a backup service"
owner = "Head of IT"
due = 2027-03-01
"#;

#[test]
fn uids_survive_a_rename_and_differ_between_cycles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    gapwalk(d)
        .args(["new", "2026.toml", "--organisation", "Contoso Ltd"])
        .assert()
        .success();
    let text = std::fs::read_to_string(d.join("2026.toml")).expect("read");
    assert!(text.contains("\nid = \""), "{text}");
    std::fs::write(d.join("2026.toml"), format!("{text}{ITEM}")).expect("write");
    let before = uids(d, "2026.toml");
    assert_eq!(before.len(), 1);

    let renamed = std::fs::read_to_string(d.join("2026.toml"))
        .expect("read")
        .replace("Contoso Ltd", "Contoso Group plc");
    std::fs::write(d.join("2026.toml"), renamed).expect("write");
    assert_eq!(uids(d, "2026.toml"), before, "a rename keeps the UIDs");

    gapwalk(d)
        .args(["new", "2027.toml", "--from", "2026.toml"])
        .assert()
        .success();
    let next = uids(d, "2027.toml");
    assert_eq!(next.len(), 1, "the open action is carried over");
    assert_ne!(next, before, "next cycle's action is an event of its own");
}

#[test]
fn a_file_without_an_id_keys_on_the_organisation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let file = format!(
        "format = 1\ncatalog = \"iso27001-2022\"\n\n[assessment]\norganisation = \"Contoso Ltd\"\n{ITEM}"
    );
    std::fs::write(d.join("old.toml"), &file).expect("write");
    let a = uids(d, "old.toml");
    std::fs::write(
        d.join("old.toml"),
        file.replace("Contoso Ltd", "Contoso plc"),
    )
    .expect("write");
    assert_ne!(uids(d, "old.toml"), a);
}
