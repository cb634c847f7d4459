//! `gapwalk oscal`: the example assessment's five documents, written as a
//! person would, checked against the NIST schema (when the shared copy is
//! there) and for references that resolve within the set.

mod oscal_support;

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assessments/example.toml");
const MODELS: [&str; 5] = ["catalog", "profile", "ssp", "assessment-results", "poam"];

fn gapwalk() -> Command {
    Command::cargo_bin("gapwalk").expect("binary")
}

fn oscal(model: &str) -> Vec<u8> {
    let out = gapwalk()
        .args(["oscal", EXAMPLE, "--model", model, "--as-of", "2026-11-28"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn the_example_set_is_written_into_a_folder_and_resolves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut set = Vec::new();
    for model in MODELS {
        let path = dir.path().join(format!("{model}.json"));
        gapwalk()
            .args([
                "oscal",
                EXAMPLE,
                "--model",
                model,
                "--as-of",
                "2026-11-28",
                "-o",
            ])
            .arg(&path)
            .assert()
            .success()
            .stderr(contains("wrote"));
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
        set.push((model, doc));
    }
    // The files link to each other by these names.
    let names: Vec<String> = MODELS.iter().map(|m| format!("{m}.json")).collect();
    let named: Vec<(&str, Value)> = names
        .iter()
        .map(String::as_str)
        .zip(set.into_iter().map(|(_, v)| v))
        .collect();
    assert_eq!(
        oscal_support::reference_problems(&named),
        Vec::<String>::new()
    );
    let controls = named[0].1["catalog"]["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| g["controls"].as_array().map_or(0, Vec::len))
        .sum::<usize>();
    assert_eq!(controls, 123);
    let requirements =
        &named[2].1["system-security-plan"]["control-implementation"]["implemented-requirements"];
    assert_eq!(requirements.as_array().map(Vec::len), Some(123));

    if let Some(schema) = oscal_support::oscal_schema() {
        for (name, doc) in &named {
            let errors = oscal_support::schema_errors(&schema, doc);
            assert!(errors.is_empty(), "{name}: {errors:#?}");
        }
    }
}

#[test]
fn the_same_file_gives_the_same_bytes() {
    for model in MODELS {
        assert_eq!(oscal(model), oscal(model), "{model}");
    }
}

#[test]
fn an_unknown_model_is_a_usage_error() {
    gapwalk()
        .args(["oscal", EXAMPLE, "--model", "component-definition"])
        .assert()
        .code(2)
        .stderr(contains(
            "possible values: catalog, profile, ssp, assessment-results, poam",
        ));
}

#[test]
fn it_never_writes_over_the_assessment_or_from_an_invalid_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("a.toml");
    std::fs::copy(EXAMPLE, &file).expect("copy");
    let before = std::fs::read(&file).expect("read");
    gapwalk()
        .args(["oscal", "--model", "ssp", "-o"])
        .arg(&file)
        .arg(&file)
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&file).expect("read"), before);

    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = 5\n",
    )
    .expect("write");
    let out = dir.path().join("ssp.json");
    gapwalk()
        .args(["oscal", "--model", "ssp", "-o"])
        .arg(&out)
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(contains("bad.toml:4:"));
    assert!(!out.exists());
}
