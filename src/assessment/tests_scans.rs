//! `[[scans]]` and items' `observed` in the file: loading with positions,
//! saving and formatting, and the merge of two branches' imports.

use std::path::Path;

use super::*;
use crate::catalog::{Catalog, CheckRegistry, ScanTool};
use crate::scan::{CheckResult, Outcome, ScanResult, record_scan, sha256_hex};

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

const HEAD: &str =
    "format = 1\ncatalog = \"iso27001-2022\"\n\n[assessment]\norganisation = \"Contoso\"\n";

const SCAN: &str = r#"
[[scans]]
id = "maester-2026-11-20T10:00:00Z"
tool = "maester"
version = "1.3.0"
tenant = "3f6c2a1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f"
ran = 2026-11-20T10:00:00Z
file = "test-results.json"
sha256 = "0000000000000000000000000000000000000000000000000000000000000001"
imported = 2026-12-03
not_judged = 1
passed = [
    "MT.1007",
]
failed = [
    { id = "MT.1005", title = "Emergency accounts are left out" },
]
unmapped = []
"#;

const ITEM: &str = r#"
[items."A.8.5"]
answer = "shared"
observed = [{ scan = "maester-2026-11-20T10:00:00Z", passed = 1, failed = 1, not_judged = 0, failing = ["MT.1005"] }]
"#;

fn problems(body: &str) -> Vec<String> {
    match parse_assessment(&format!("{HEAD}{body}"), catalog()) {
        Ok(_) => Vec::new(),
        Err(p) => p.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn scans_and_observations_load_and_save_back_byte_for_byte() {
    let text = format!("{HEAD}{SCAN}{ITEM}");
    let (a, _) = parse_assessment(&text, catalog()).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(a.scans.len(), 1);
    let s = &a.scans[0];
    assert_eq!(s.tool, ScanTool::Maester);
    assert_eq!(s.ran.to_rfc3339(), "2026-11-20T10:00:00+00:00");
    assert_eq!(s.failed[0].title, "Emergency accounts are left out");
    let o = &a.item("A.8.5").observed[0];
    assert_eq!((o.passed, o.failed, o.failing.len()), (1, 1, 1));
    // The canonical layout is the layout saving writes.
    assert_eq!(canonical_text(&text, catalog()).expect("canonical"), text);
}

#[test]
fn bad_scans_and_observations_say_where() {
    let cases: &[(&str, &str, &str)] = &[
        (SCAN, "tool = \"maester\"", "tool = \"nessus\""),
        (SCAN, "ran = 2026-11-20T10:00:00Z", "ran = 2026-11-20"),
        (SCAN, "ran = 2026-11-20T10:00:00Z", "ran = \"yesterday\""),
        (
            SCAN,
            "sha256 = \"0000000000000000000000000000000000000000000000000000000000000001\"",
            "sha256 = \"abc\"",
        ),
        (SCAN, "not_judged = 1", "not_judged = -1"),
        (SCAN, "imported = 2026-12-03\n", ""),
        (SCAN, "file = ", "fil = "),
    ];
    let expected = [
        "9:8: scans.tool: unknown tool \"nessus\": expected maester, scubagear or prowler",
        "12:7: scans.ran: expected a date and time with an offset",
        "12:7: scans.ran: expected a date and time with an offset",
        "14:10: scans.sha256: expected the file's SHA-256 as 64 lower-case hex digits",
        "16:14: scans.not_judged: expected a whole number from 0",
        "8:6: [[scans]]: missing `imported`",
        "13:1: unknown key `fil` in [[scans]]",
    ];
    for ((base, from, to), expected) in cases.iter().zip(expected) {
        let body = base.replacen(from, to, 1);
        assert_ne!(body, *base, "{from}");
        let found = problems(&body);
        assert!(
            found.iter().any(|p| p.starts_with(expected)),
            "{expected}\nnot in {found:?}"
        );
    }
    let item = |from: &str, to: &str| problems(&format!("{SCAN}{}", ITEM.replacen(from, to, 1)));
    let found = item("scan = \"maester-2026-11-20T10:00:00Z\"", "scan = \"nope\"");
    assert!(
        found.iter().any(|p| p.starts_with(
            "27:22: items.\"A.8.5\".observed.scan: no [[scans]] entry has the id \"nope\""
        )),
        "{found:?}"
    );
    let found = item("failed = 1", "failed = 2");
    assert!(
        found
            .iter()
            .any(|p| p.contains("`failed` is 2 but `failing` names 1 checks")),
        "{found:?}"
    );
    let found = item("observed = [{", "observed = [7, {");
    assert!(
        found.iter().any(|p| p.contains("expected a table")),
        "{found:?}"
    );
    // The same result twice, and an id twice.
    let twice = SCAN.replace("maester-2026-11-20T10:00:00Z", "maester-2");
    let found = problems(&format!("{SCAN}{twice}"));
    assert!(
        found.iter().any(|p| p.contains("is recorded twice")),
        "{found:?}"
    );
    let found = problems(&format!(
        "{SCAN}{}",
        SCAN.replace(
            "0000000000000000000000000000000000000000000000000000000000000001",
            &"2".repeat(64)
        )
    ));
    assert!(
        found.iter().any(|p| p.contains("is used twice")),
        "{found:?}"
    );
}

fn result(ran: &str, checks: &[(&str, Outcome)]) -> ScanResult {
    ScanResult {
        tool: ScanTool::Maester,
        tool_version: Some("1.3.0".into()),
        tenant: Some("3f6c2a1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f".into()),
        ran: format!("{ran}T10:00:00Z").parse().expect("time"),
        checks: checks
            .iter()
            .map(|&(id, outcome)| CheckResult {
                id: id.into(),
                title: format!("{id} title"),
                outcome,
                status: String::new(),
            })
            .collect(),
        warnings: Vec::new(),
    }
}

fn imported(mut a: Assessment, r: &ScanResult, content: &str) -> Assessment {
    record_scan(
        &mut a,
        catalog(),
        CheckRegistry::builtin(),
        r,
        "test-results.json",
        &sha256_hex(content.as_bytes()),
        r.ran.date_naive(),
        false,
    )
    .expect("recorded");
    a
}

#[test]
fn two_branches_that_imported_scans_merge_without_conflict() {
    let (base, _) = parse_assessment(&format!("{HEAD}{ITEM}").replace(
        "observed = [{ scan = \"maester-2026-11-20T10:00:00Z\", passed = 1, failed = 1, not_judged = 0, failing = [\"MT.1005\"] }]\n",
        "",
    ), catalog())
    .unwrap_or_else(|p| panic!("{p:?}"));
    let ours = imported(
        base.clone(),
        &result("2026-11-20", &[("MT.1005", Outcome::Failed)]),
        "ours",
    );
    let theirs = imported(
        base.clone(),
        &result("2026-11-27", &[("MT.1005", Outcome::Passed)]),
        "theirs",
    );
    let m = merge(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert_eq!(m.assessment.scans.len(), 2);
    // The later scan's observation is the one kept on each item.
    let observed: Vec<&str> = m
        .assessment
        .item("A.8.5")
        .observed
        .iter()
        .map(|o| o.scan.as_str())
        .collect();
    assert_eq!(observed, vec!["maester-2026-11-27T10:00:00Z"]);
    // Both branches imported the same file: kept once.
    let same = merge(&base, &ours, &ours.clone());
    assert_eq!(same.assessment.scans.len(), 1);
    // The merged file loads back and keeps both scans.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("merged.toml");
    create_assessment(&path, &m.assessment, catalog()).expect("write");
    let back = read_assessment(&path, catalog()).expect("read back");
    assert_eq!(back, m.assessment);
}

#[test]
fn the_same_id_for_two_results_is_renamed_on_their_side() {
    let base = Assessment::new("iso27001-2022", "Contoso");
    let ours = imported(
        base.clone(),
        &result("2026-11-20", &[("MT.1005", Outcome::Failed)]),
        "ours",
    );
    // Another file of the same run time (a re-export).
    let theirs = imported(
        base.clone(),
        &result("2026-11-20", &[("MT.1005", Outcome::Passed)]),
        "theirs",
    );
    let m = merge(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    let ids: Vec<&str> = m.assessment.scans.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "maester-2026-11-20T10:00:00Z",
            "maester-2026-11-20T10:00:00Z-2"
        ]
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("merged.toml");
    create_assessment(&path, &m.assessment, catalog()).expect("write");
    assert_eq!(
        read_assessment(&path, catalog()).expect("read back"),
        m.assessment
    );
}

#[test]
fn an_import_saved_into_a_file_touches_only_new_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.toml");
    let text = format!(
        "{HEAD}\n# The room's notes stay.\n[items.\"A.8.5\"]\nanswer = \"shared\" # as said\n"
    );
    std::fs::write(&path, &text).expect("write");
    let (mut file, a) = load_assessment(Path::new(&path), catalog()).expect("load");
    let a = imported(
        a,
        &result("2026-11-20", &[("MT.1005", Outcome::Failed)]),
        "one",
    );
    assert!(file.save(&a, catalog()).expect("save"));
    let saved = std::fs::read_to_string(&path).expect("read");
    assert!(saved.starts_with(HEAD), "{saved}");
    assert!(saved.contains("# The room's notes stay.\n[items.\"A.8.5\"]\nanswer = \"shared\" # as said\nobserved = [{ scan = \"maester-2026-11-20T10:00:00Z\""), "{saved}");
    // [[scans]] sits before the items.
    let scans = saved.find("[[scans]]").expect("scans");
    assert!(scans < saved.find("[items.").expect("items"), "{saved}");
    assert_eq!(
        canonical_text(&saved, catalog()).ok().as_deref(),
        Some(saved.as_str())
    );
}
