//! `gapwalk validate` over the fixture folders: every valid file passes,
//! every invalid one fails with the expected `path:line:col: message` lines.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn gapwalk() -> Command {
    Command::cargo_bin("gapwalk").expect("binary")
}

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind);
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no {kind} fixtures");
    files
}

#[test]
fn valid_fixtures_and_the_example_validate() {
    let mut files = fixtures("valid");
    files.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/example.toml"));
    for file in files {
        let out = gapwalk().arg("validate").arg(&file).output().expect("run");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}: {stdout}", file.display());
        assert!(stdout.contains(": ok ("), "{stdout}");
    }
}

#[test]
fn invalid_fixtures_fail_with_their_expected_messages() {
    for file in fixtures("invalid") {
        let expected = fs::read_to_string(file.with_extension("expected"))
            .unwrap_or_else(|_| panic!("{} needs a .expected file", file.display()));
        let out = gapwalk().arg("validate").arg(&file).output().expect("run");
        assert_eq!(out.status.code(), Some(1), "{}", file.display());
        let stdout = String::from_utf8_lossy(&out.stdout);
        for line in expected.lines().filter(|l| !l.is_empty()) {
            let want = format!("{}:{line}", file.display());
            assert!(
                stdout.lines().any(|l| l == want),
                "{}: missing\n  {want}\nin\n{stdout}",
                file.display()
            );
        }
        assert_eq!(
            stdout.lines().count(),
            expected.lines().filter(|l| !l.is_empty()).count(),
            "{}: {stdout}",
            file.display()
        );
    }
}

#[test]
fn one_invalid_file_fails_the_whole_run_but_all_are_checked() {
    let valid = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal.toml");
    let invalid =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/bad-answer.toml");
    let out = gapwalk()
        .arg("validate")
        .arg(&invalid)
        .arg(&valid)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("minimal.toml: ok"), "{stdout}");
}

#[test]
fn a_missing_file_is_reported() {
    let out = gapwalk()
        .args(["validate", "no/such/file.toml"])
        .output()
        .expect("run");
    // Nothing could be checked: the job could not be done (2), not a
    // failed check (1).
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no/such/file.toml"));
}
