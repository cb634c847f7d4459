//! Every JSON output names its shape (`format`) and is valid against the
//! JSON Schema `gapwalk schema` prints for it: the golden files, and the
//! outputs made here.

use std::path::Path;
use std::process::Command as Std;

use assert_cmd::Command;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn gapwalk() -> Command {
    Command::cargo_bin("gapwalk").expect("binary")
}

fn stdout(args: &[&str], dir: &Path) -> String {
    let out = gapwalk()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn schema(shape: &str) -> jsonschema::Validator {
    let text = stdout(&["schema", shape], Path::new(ROOT));
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "{shape}"
    );
    jsonschema::draft202012::new(&schema).expect("the schema compiles")
}

fn assert_valid(shape: &str, format: &str, json: &str) {
    let doc: Value = serde_json::from_str(json).expect("the output is JSON");
    assert_eq!(doc["format"], format, "{shape}");
    let errors: Vec<String> = schema(shape)
        .iter_errors(&doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{shape}: {errors:#?}");
}

/// The JSON in an insta snapshot file (after its `---` header).
fn snapshot(name: &str) -> String {
    let text = std::fs::read_to_string(format!("{ROOT}/tests/snapshots/{name}")).expect("snapshot");
    text.splitn(3, "---\n")
        .nth(2)
        .expect("a snapshot body")
        .to_string()
}

#[test]
fn the_golden_report_and_diff_match_their_schemas() {
    assert_valid(
        "report",
        "gapwalk.report/1",
        &snapshot("cli_exports__report_json.snap"),
    );
    assert_valid(
        "diff",
        "gapwalk.diff/1",
        &snapshot("cli_gitnative__diff_json.snap"),
    );
}

#[test]
fn the_report_of_every_fixture_matches_its_schema() {
    let mut files = vec![format!("{ROOT}/assessments/example.toml")];
    for e in std::fs::read_dir(format!("{ROOT}/tests/fixtures/valid")).expect("fixtures") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "toml") {
            files.push(p.display().to_string());
        }
    }
    for f in &files {
        let json = stdout(
            &["report", f, "--format", "json", "--as-of", "2026-11-28"],
            Path::new(ROOT),
        );
        assert_valid("report", "gapwalk.report/1", &json);
    }
}

#[test]
fn the_catalog_and_its_changes_match_their_schemas() {
    let root = Path::new(ROOT);
    assert_valid(
        "catalog",
        "gapwalk.catalog/1",
        &stdout(&["catalog", "--format", "json"], root),
    );
    assert_valid(
        "catalog-changes",
        "gapwalk.catalog-changes/1",
        &stdout(
            &[
                "catalog",
                "--format",
                "json",
                "--changes-since",
                "2025-01-01",
            ],
            root,
        ),
    );
}

#[test]
fn a_diff_and_a_log_match_their_schemas() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let git = |args: &[&str]| {
        let ok = Std::new("git")
            .current_dir(d)
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
            .args(args)
            .status()
            .expect("git")
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    let example =
        std::fs::read_to_string(format!("{ROOT}/assessments/example.toml")).expect("read");
    std::fs::write(d.join("a.toml"), &example).expect("write");
    git(&["add", "a.toml"]);
    git(&["commit", "-qm", "Start"]);
    let changed = example
        .replacen("answer = \"gap\"", "answer = \"we-manage\"", 1)
        .replace("Priya Shah (IT Manager)", "Sam Ortiz (IT Manager)");
    std::fs::write(d.join("b.toml"), &changed).expect("write");
    std::fs::write(d.join("a.toml"), &changed).expect("write");
    git(&["commit", "-qam", "Workshop 3"]);
    assert_valid(
        "diff",
        "gapwalk.diff/1",
        &stdout(
            &[
                "diff",
                "HEAD~1:a.toml",
                "b.toml",
                "--format",
                "json",
                "--as-of",
                "2026-11-28",
            ],
            d,
        ),
    );
    let log = stdout(&["log", "a.toml", "--format", "json"], d);
    assert_valid("log", "gapwalk.log/1", &log);
    let v: Value = serde_json::from_str(&log).expect("json");
    assert_eq!(v["commits"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_schema_catches_a_wrong_shape() {
    let report = snapshot("cli_exports__report_json.snap");
    let mut doc: Value = serde_json::from_str(&report).expect("json");
    doc["format"] = Value::from("gapwalk.report/2");
    doc["findings"][0]["severity"] = Value::from("catastrophic");
    assert!(!schema("report").is_valid(&doc));
}
