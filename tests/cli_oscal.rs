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

#[test]
fn a_tenant_scan_is_a_test_observation_that_its_findings_point_to() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("a.toml");
    std::fs::copy(EXAMPLE, &file).expect("copy");
    let scan = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/scans/scubagear-ScubaResults.json"
    );
    gapwalk()
        .arg("import-scan")
        .arg(&file)
        .arg(scan)
        .assert()
        .success();
    let mut set = Vec::new();
    for model in MODELS {
        let out = gapwalk()
            .arg("oscal")
            .arg(&file)
            .args(["--model", model, "--as-of", "2026-11-28"])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        set.push((format!("{model}.json"), doc));
    }
    let named: Vec<(&str, Value)> = set.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
    assert_eq!(
        oscal_support::reference_problems(&named),
        Vec::<String>::new()
    );
    let result = &named[3].1["assessment-results"]["results"][0];
    let observations = result["observations"].as_array().expect("observations");
    let tests: Vec<&Value> = observations
        .iter()
        .filter(|o| o["methods"] == serde_json::json!(["TEST"]))
        .collect();
    assert!(!tests.is_empty(), "no scan observation");
    let first = tests[0];
    assert!(
        first["title"]
            .as_str()
            .expect("title")
            .contains("ScubaGear scan of"),
        "{first}"
    );
    assert!(
        first["description"]
            .as_str()
            .expect("description")
            .contains("it is not the room's answer"),
        "{first}"
    );
    // A finding the scan contradicts points to the scan's observation.
    let test_uuids: Vec<&Value> = tests.iter().map(|o| &o["uuid"]).collect();
    let findings = result["findings"].as_array().expect("findings");
    let contradicted: Vec<&Value> = findings
        .iter()
        .filter(|f| {
            f["props"]
                .as_array()
                .is_some_and(|p| p.iter().any(|p| p["value"] == "contradicted-by-scan"))
        })
        .collect();
    assert!(!contradicted.is_empty(), "the fixture fails a mapped check");
    for f in contradicted {
        let refs = f["related-observations"].as_array().expect("refs");
        assert!(
            refs.iter()
                .any(|r| test_uuids.contains(&&r["observation-uuid"])),
            "{f}"
        );
    }
    if let Some(schema) = oscal_support::oscal_schema() {
        let errors = oscal_support::schema_errors(&schema, &named[3].1);
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn a_scan_after_the_as_of_date_is_not_in_the_results() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("a.toml");
    std::fs::copy(EXAMPLE, &file).expect("copy");
    let scan = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/scans/scubagear-ScubaResults.json"
    );
    gapwalk()
        .arg("import-scan")
        .arg(&file)
        .arg(scan)
        .assert()
        .success();
    let text = std::fs::read_to_string(&file).expect("read");
    let ran = text
        .lines()
        .find_map(|l| l.strip_prefix("ran = "))
        .expect("the scan's date");
    let day_before = chrono::NaiveDate::parse_from_str(&ran[..10], "%Y-%m-%d")
        .expect("date")
        .pred_opt()
        .expect("a day before");
    let tests = |as_of: &str| {
        let out = gapwalk()
            .arg("oscal")
            .arg(&file)
            .args(["--model", "assessment-results", "--as-of", as_of])
            .output()
            .expect("runs");
        let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        doc["assessment-results"]["results"][0]["observations"]
            .as_array()
            .map_or(0, |o| {
                o.iter()
                    .filter(|o| o["methods"] == serde_json::json!(["TEST"]))
                    .count()
            })
    };
    assert!(tests(&ran[..10]) > 0, "the scan counts on the day it ran");
    assert_eq!(tests(&day_before.to_string()), 0);
}
