//! The published result files of the three tenant scanners, read from the
//! shared folder beside the repository (`../shared/outside/tenant-scans`,
//! or the folder `GAPWALK_OUTSIDE` names). They are third-party files and
//! never part of the project: each test skips, saying so, when they are
//! not there (a fresh clone has no `../shared`).

use std::collections::BTreeSet;
use std::path::PathBuf;

use gapwalk::catalog::{CheckRegistry, ScanTool};
use gapwalk::scan::{Outcome, ScanResult, parse_scan};

fn sample(relative: &str) -> Option<(PathBuf, Vec<u8>)> {
    let base = std::env::var_os("GAPWALK_OUTSIDE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/outside"));
    let path = base.join("tenant-scans").join(relative);
    match std::fs::read(&path) {
        Ok(bytes) => Some((path, bytes)),
        Err(e) => {
            eprintln!(
                "skipped: the published sample {} is not there ({e}); set GAPWALK_OUTSIDE to the shared outside/ folder to run this test",
                path.display()
            );
            None
        }
    }
}

fn read(relative: &str) -> Option<ScanResult> {
    let (path, bytes) = sample(relative)?;
    Some(parse_scan(&path.display().to_string(), &bytes, None).unwrap_or_else(|e| panic!("{e}")))
}

/// The share of distinct check ids that map to a topic, and the unmapped.
fn coverage(tool: ScanTool, ids: &BTreeSet<String>) -> (f64, Vec<&str>) {
    let r = CheckRegistry::builtin();
    let unmapped: Vec<&str> = ids
        .iter()
        .filter(|id| r.lookup(tool, id).is_none())
        .map(String::as_str)
        .collect();
    let share = 1.0 - unmapped.len() as f64 / ids.len() as f64;
    (share, unmapped)
}

#[test]
fn every_scubagear_policy_in_the_sample_maps_to_a_capability() {
    let Some(s) = read("scubagear/ScubaResults_fa5589b7-d528-4f80.json") else {
        return;
    };
    assert_eq!(s.tool, ScanTool::Scubagear);
    assert!(s.tenant.is_some() && s.tool_version.is_some());
    assert!(s.checks.len() > 80, "{} policies", s.checks.len());
    assert!(s.count(Outcome::Failed) > 0 && s.count(Outcome::Passed) > 0);
    let ids: BTreeSet<String> = s.checks.iter().map(|c| c.id.clone()).collect();
    let (share, unmapped) = coverage(ScanTool::Scubagear, &ids);
    assert!(
        unmapped.is_empty(),
        "unmapped ScubaGear policies: {unmapped:?}"
    );
    assert_eq!(share, 1.0);
    // The requirement text is plain: no HTML from the indicator links.
    assert!(
        s.checks
            .iter()
            .all(|c| !c.title.contains('<') && !c.title.is_empty())
    );
}

#[test]
fn most_maester_tests_in_the_sample_map_to_a_capability() {
    let Some(s) = read("maester/test-results.json") else {
        return;
    };
    assert_eq!(s.tool, ScanTool::Maester);
    let ids: BTreeSet<String> = s.checks.iter().map(|c| c.id.clone()).collect();
    let (share, unmapped) = coverage(ScanTool::Maester, &ids);
    eprintln!(
        "Maester: {} of {} tests map ({:.1}%); unmapped: {unmapped:?}",
        ids.len() - unmapped.len(),
        ids.len(),
        share * 100.0
    );
    assert!(share >= 0.8, "{:.1}%: {unmapped:?}", share * 100.0);
}

#[test]
fn most_prowler_m365_checks_map_to_a_capability() {
    // Prowler's own ISO mapping lists the m365 checks by id (the ids are
    // facts; its descriptions are the standard's text and are not read).
    let Some((path, bytes)) = sample("prowler/iso27001_2022_m365.json") else {
        return;
    };
    let mapping: serde_json::Value =
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let ids: BTreeSet<String> = mapping["Requirements"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["Checks"].as_array().into_iter().flatten())
        .filter_map(|c| c.as_str().map(str::to_string))
        .collect();
    assert!(ids.len() > 50, "{} checks", ids.len());
    let (share, unmapped) = coverage(ScanTool::Prowler, &ids);
    eprintln!(
        "Prowler m365: {} of {} checks map; unmapped: {unmapped:?}",
        ids.len() - unmapped.len(),
        ids.len()
    );
    assert!(share >= 0.8, "{:.1}%: {unmapped:?}", share * 100.0);
}

#[test]
fn the_prowler_example_outputs_read_in_both_formats() {
    // Prowler publishes no m365 output; its azure examples have the same
    // shape, with placeholders for the tenant.
    for file in [
        "prowler/example_output_azure.ocsf.json",
        "prowler/example_output_azure.csv",
    ] {
        let Some(s) = read(file) else {
            return;
        };
        assert_eq!(s.tool, ScanTool::Prowler, "{file}");
        assert!(!s.checks.is_empty(), "{file}");
        assert!(
            s.warnings.iter().any(|w| w.contains("provider \"azure\"")),
            "{file}: {:?}",
            s.warnings
        );
    }
}

#[test]
fn the_other_scubagear_files_are_refused_with_a_pointer_to_the_right_one() {
    for file in ["scubagear/ScubaResults.csv", "scubagear/TestResults.json"] {
        let Some((path, bytes)) = sample(file) else {
            return;
        };
        let e = parse_scan(&path.display().to_string(), &bytes, None)
            .err()
            .unwrap_or_else(|| panic!("{file} read as a result"))
            .to_string();
        assert!(e.contains("ScubaResults*.json"), "{file}: {e}");
    }
}

#[test]
fn importing_the_scubagear_sample_grows_the_example_by_well_under_20_kb() {
    let Some((path, _)) = sample("scubagear/ScubaResults_fa5589b7-d528-4f80.json") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("example.toml");
    let example = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assessments/example.toml"
    ))
    .expect("example");
    std::fs::write(&file, &example).expect("copy");
    let out = assert_cmd::Command::cargo_bin("gapwalk")
        .expect("binary")
        .arg("import-scan")
        .arg(&file)
        .arg(&path)
        .args(["--as-of", "2026-12-03"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let grown = std::fs::metadata(&file).expect("meta").len() as usize - example.len();
    eprintln!("the example grew by {grown} bytes");
    assert!(grown < 12_000, "grew by {grown} bytes");
}
