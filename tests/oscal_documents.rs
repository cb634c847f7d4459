//! The OSCAL document set: golden files for each model from a small
//! catalog and assessment of our own, the set's references, and the NIST
//! schema (when the shared copy is beside the repository).

mod oscal_support;

use chrono::NaiveDate;
use gapwalk::assessment::parse_model;
use gapwalk::catalog::Catalog;
use gapwalk::oscal::{Model, oscal_json};
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/oscal");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}/{name}")).expect("fixture")
}

fn small_catalog() -> Catalog {
    Catalog::from_toml(
        "oscal-test",
        &[("catalog-items.toml", &fixture("catalog-items.toml"))],
        &fixture("capabilities.toml"),
        &fixture("licences.toml"),
    )
    .expect("the test catalog is valid")
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).expect("date")
}

/// The five documents of the small assessment, by file name.
fn small_set() -> Vec<(&'static str, String)> {
    let catalog = small_catalog();
    let a = parse_model(&fixture("assessment.toml"), &catalog).expect("the fixture loads");
    Model::ALL
        .iter()
        .map(|&m| (m.file_name(), oscal_json(m, &catalog, &a, as_of())))
        .collect()
}

fn parsed(set: &[(&'static str, String)]) -> Vec<(&'static str, Value)> {
    set.iter()
        .map(|(n, json)| (*n, serde_json::from_str(json).expect("valid JSON")))
        .collect()
}

#[test]
fn golden_catalog() {
    insta::assert_snapshot!("catalog", small_set()[0].1);
}

#[test]
fn golden_profile() {
    insta::assert_snapshot!("profile", small_set()[1].1);
}

#[test]
fn golden_ssp() {
    insta::assert_snapshot!("ssp", small_set()[2].1);
}

#[test]
fn golden_assessment_results() {
    insta::assert_snapshot!("assessment_results", small_set()[3].1);
}

#[test]
fn golden_poam() {
    insta::assert_snapshot!("poam", small_set()[4].1);
}

#[test]
fn every_reference_resolves_within_the_set() {
    let set = parsed(&small_set());
    assert_eq!(
        oscal_support::reference_problems(&set),
        Vec::<String>::new()
    );
}

#[test]
fn the_reference_check_catches_a_dangling_reference() {
    let mut set = parsed(&small_set());
    let ssp = &mut set[2].1["system-security-plan"];
    ssp["control-implementation"]["implemented-requirements"][0]["by-components"][0]["component-uuid"] =
        Value::from("11111111-2222-4333-8444-555555555555");
    ssp["import-profile"]["href"] = Value::from("#not-there");
    let problems = oscal_support::reference_problems(&set);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems.iter().any(|p| p.contains("11111111-2222")));
    assert!(problems.iter().any(|p| p.contains("#not-there")));
}

#[test]
fn the_same_file_gives_the_same_bytes_and_uuids_follow_the_organisation() {
    assert_eq!(small_set(), small_set());
    let catalog = small_catalog();
    let text = fixture("assessment.toml").replace("Fabrikam Studio", "Fabrikam Studios");
    let renamed = parse_model(&text, &catalog).expect("loads");
    let ssp = oscal_json(Model::Ssp, &catalog, &renamed, as_of());
    let uuid = |json: &str| {
        let v: Value = serde_json::from_str(json).expect("json");
        v["system-security-plan"]["uuid"]
            .as_str()
            .map(str::to_string)
    };
    assert_ne!(uuid(&ssp), uuid(&small_set()[2].1));
}

#[test]
fn the_small_set_is_valid_against_the_nist_schema() {
    let Some(schema) = oscal_support::oscal_schema() else {
        return;
    };
    for (name, doc) in parsed(&small_set()) {
        let errors = oscal_support::schema_errors(&schema, &doc);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn the_schema_check_catches_an_invalid_document() {
    let Some(schema) = oscal_support::oscal_schema() else {
        return;
    };
    let mut set = parsed(&small_set());
    let catalog = &mut set[0].1["catalog"];
    // A clause id as it is written in gapwalk: not an OSCAL token.
    catalog["groups"][0]["controls"][0]["id"] = Value::from("4.1");
    catalog["metadata"]
        .as_object_mut()
        .expect("metadata")
        .remove("last-modified");
    let errors = oscal_support::schema_errors(&schema, &set[0].1);
    assert!(!errors.is_empty());
}

#[test]
fn the_official_examples_pass_the_schema_check() {
    // The checker itself: NIST's own examples must pass it.
    let Some(schema) = oscal_support::oscal_schema() else {
        return;
    };
    for example in [
        "ssp-example.json",
        "ifa_assessment-results-example.json",
        "ifa_plan-of-action-and-milestones.json",
    ] {
        let Some(path) = oscal_support::outside_file(&format!("oscal/{example}")) else {
            return;
        };
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
        let errors = oscal_support::schema_errors(&schema, &doc);
        assert!(errors.is_empty(), "{example}: {errors:#?}");
    }
}
