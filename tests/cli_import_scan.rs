//! `gapwalk import-scan` as a consultant runs it, on small result files
//! written for these tests in each tool's format (tests/fixtures/scans),
//! then `report` and `diff` on what it recorded.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn gapwalk() -> Command {
    Command::cargo_bin("gapwalk").expect("binary")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scans")
        .join(name)
}

/// A copy of the example in a temporary folder.
fn example_copy(dir: &Path) -> PathBuf {
    let path = dir.join("example.toml");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/example.toml"),
        &path,
    )
    .expect("copy");
    path
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&std::ffi::OsStr]) -> Run {
    let out = gapwalk().args(args).output().expect("run");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn import(file: &Path, results: &[&Path], extra: &[&str]) -> Run {
    let mut args: Vec<&std::ffi::OsStr> = vec!["import-scan".as_ref(), file.as_os_str()];
    args.extend(results.iter().map(|r| r.as_os_str()));
    args.extend(["--as-of", "2026-12-03"].iter().map(std::ffi::OsStr::new));
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    run(&args)
}

const RESULTS: [&str; 4] = [
    "maester-test-results.json",
    "scubagear-ScubaResults.json",
    "prowler-m365.ocsf.json",
    "prowler-m365.csv",
];

#[test]
fn each_format_is_recognised_recorded_and_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = example_copy(dir.path());
    for (name, tool) in RESULTS.iter().zip([
        "Maester 1.3.0",
        "ScubaGear 1.8.0",
        "Prowler 5.10.0",
        "Prowler 5.10.0",
    ]) {
        let r = import(&file, &[&fixture(name)], &[]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert!(r.stdout.contains(tool), "{name}: {}", r.stdout);
        assert!(r.stdout.contains("recorded as "), "{name}: {}", r.stdout);
    }
    let v = run(&["validate".as_ref(), file.as_os_str()]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    let text = std::fs::read_to_string(&file).expect("read");
    assert_eq!(text.matches("[[scans]]").count(), 4);
    // The Maester file's own test maps to no capability: listed, not dropped.
    assert!(
        text.contains("\"TAILSPIN.001\""),
        "unmapped checks are recorded"
    );
    let report = run(&[
        "report".as_ref(),
        file.as_os_str(),
        "--as-of".as_ref(),
        "2026-12-03".as_ref(),
    ]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    assert!(
        report.stdout.contains("Contradicted by a tenant scan"),
        "{}",
        report.stdout
    );
    assert!(
        report
            .stdout
            .contains("the latest ScubaGear scan (2026-11-21) fails 1 check mapped to it: MS.AAD.3.1v1 (Phishing-resistant sign-in is required for everyone.)"),
        "{}",
        report.stdout
    );
}

#[test]
fn the_same_result_twice_changes_nothing_and_does_not_rewrite_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = example_copy(dir.path());
    let scuba = fixture("scubagear-ScubaResults.json");
    assert_eq!(import(&file, &[&scuba], &[]).code, 0);
    let before = std::fs::read(&file).expect("read");
    let modified = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = import(&file, &[&scuba], &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again
            .stdout
            .contains("already recorded as scubagear-2026-11-21T08:00:00Z"),
        "{}",
        again.stdout
    );
    assert!(
        again.stdout.contains("the file is unchanged"),
        "{}",
        again.stdout
    );
    assert_eq!(std::fs::read(&file).expect("read"), before);
    assert_eq!(
        std::fs::metadata(&file)
            .and_then(|m| m.modified())
            .expect("mtime"),
        modified,
        "the file was rewritten"
    );
}

#[test]
fn the_file_grows_by_a_compact_summary_and_diff_and_log_read_well() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = example_copy(dir.path());
    let old = std::fs::read_to_string(&file).expect("read");
    assert_eq!(
        import(&file, &[&fixture("scubagear-ScubaResults.json")], &[]).code,
        0
    );
    let new = std::fs::read_to_string(&file).expect("read");
    // Only additions: the room's lines are untouched and in their order.
    let mut new_lines = new.lines();
    for line in old.lines() {
        assert!(
            new_lines.any(|l| l == line),
            "the line {line:?} of the example changed"
        );
    }
    assert!(
        new.len() - old.len() < 6_000,
        "grew by {}",
        new.len() - old.len()
    );
    let d = run(&[
        "diff".as_ref(),
        dir.path().join("nothing").as_os_str(),
        file.as_os_str(),
    ]);
    assert_eq!(d.code, 2, "a missing side is an error");
    let original = dir.path().join("before.toml");
    std::fs::write(&original, &old).expect("write");
    let d = run(&[
        "diff".as_ref(),
        original.as_os_str(),
        file.as_os_str(),
        "--as-of".as_ref(),
        "2026-12-03".as_ref(),
    ]);
    assert_eq!(d.code, 0, "{}", d.stderr);
    for expected in [
        "scans     1 imported",
        "Tenant scans\n  + ScubaGear 1.8.0 scan of 2026-11-21 08:00 UTC (scubagear-ScubaResults.json, imported 2026-12-03): 4 passed, 2 failed, 2 not judged",
        "  A.8.5  Secure authentication\n      observed in the tenant: + 2 passed, 1 failed, 1 not judged (MS.AAD.3.1v1) in scubagear-2026-11-21T08:00:00Z",
        "! [high] A.8.5 is answered \"Shared\", but the latest ScubaGear scan",
    ] {
        assert!(
            d.stdout.contains(expected),
            "missing {expected:?} in\n{}",
            d.stdout
        );
    }
    let json = run(&[
        "diff".as_ref(),
        original.as_os_str(),
        file.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "--as-of".as_ref(),
        "2026-12-03".as_ref(),
    ]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(v["counts"]["scans_imported"], 1);
    assert_eq!(v["scans_added"][0]["tool"], "scubagear");
    assert!(
        v["headline"]
            .as_str()
            .is_some_and(|h| h.starts_with("1 scan imported"))
    );
}

#[test]
fn drift_between_two_scans_of_the_tenant_is_a_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = example_copy(dir.path());
    let first = fixture("scubagear-ScubaResults.json");
    let later = dir.path().join("ScubaResults_later.json");
    let text = std::fs::read_to_string(&first).expect("read");
    let changed = text
        .replace("2026-11-21T08:00:00.000Z", "2026-11-28T08:00:00.000Z")
        .replace(
            "\"Legacy sign-in is blocked.<div class='policy-indicators'><a href='https://example.org/indicator'>Automated Check</a></div>\", \"Result\": \"Pass\"",
            "\"Legacy sign-in is blocked.\", \"Result\": \"Fail\"",
        );
    assert_ne!(changed, text);
    std::fs::write(&later, changed).expect("write");
    let r = import(&file, &[&first, &later], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "1 check passed in scubagear-2026-11-21T08:00:00Z and fails now: MS.AAD.1.1v1"
        ),
        "{}",
        r.stdout
    );
    let report = run(&[
        "report".as_ref(),
        file.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "--as-of".as_ref(),
        "2026-12-03".as_ref(),
    ]);
    let v: serde_json::Value = serde_json::from_str(&report.stdout).expect("json");
    let drift: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["kind"] == "scan-drift")
        .collect();
    assert!(!drift.is_empty());
    assert!(drift.iter().all(|f| f["severity"] == "medium"));
    assert!(drift.iter().any(|f| f["item"] == "A.8.5"));
}

#[test]
fn another_tenant_is_refused_unless_new_tenant_and_the_file_is_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = example_copy(dir.path());
    assert_eq!(
        import(&file, &[&fixture("maester-test-results.json")], &[]).code,
        0
    );
    let before = std::fs::read(&file).expect("read");
    let other = dir.path().join("other-tenant.json");
    let text = std::fs::read_to_string(fixture("prowler-m365.ocsf.json")).expect("read");
    std::fs::write(
        &other,
        text.replace(
            "3f6c2a1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f",
            "99999999-8888-7777-6666-555555555555",
        ),
    )
    .expect("write");
    let r = import(&file, &[&other], &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--new-tenant"), "{}", r.stderr);
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert_eq!(std::fs::read(&file).expect("read"), before);
    let r = import(&file, &[&other], &["--new-tenant"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn bad_results_are_errors_with_positions_and_the_assessment_is_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = example_copy(dir.path());
    let before = std::fs::read(&file).expect("read");
    let maester = std::fs::read_to_string(fixture("maester-test-results.json")).expect("read");
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "truncated.json",
            maester[..maester.len() / 2].to_string(),
            "ends too early",
        ),
        (
            "invalid.json",
            maester.replace("\"Result\": \"Failed\",\n", "\"Result\": Failed,\n"),
            "truncated.json",
        ),
        (
            "unknown.json",
            "{\"hello\": 1}".into(),
            "not a result gapwalk recognises",
        ),
        (
            "no-time.json",
            maester.replace("\"ExecutedAt\": \"2026-11-20T09:30:00.123+11:00\",", ""),
            "no timestamp",
        ),
        (
            "bad.csv",
            "CHECK_ID;STATUS;TIMESTAMP\nx;PASS\n".into(),
            "2 fields and the header 3",
        ),
        ("empty.json", String::new(), "empty"),
    ];
    for (name, content, expected) in &cases {
        let path = dir.path().join(name);
        std::fs::write(&path, content).expect("write");
        // A good result before the bad one: still nothing is recorded.
        let r = import(
            &file,
            &[&fixture("scubagear-ScubaResults.json"), &path],
            &[],
        );
        assert_eq!(r.code, 2, "{name}: {}", r.stdout);
        let expected = if *name == "invalid.json" {
            "invalid.json:"
        } else {
            expected
        };
        assert!(r.stderr.contains(expected), "{name}: {}", r.stderr);
        assert_eq!(std::fs::read(&file).expect("read"), before, "{name}");
    }
    // Positions where the parser has them.
    let path = dir.path().join("invalid.json");
    let r = import(&file, &[&path], &[]);
    let line = r
        .stderr
        .split(':')
        .nth(2)
        .unwrap_or_default()
        .trim()
        .to_string();
    assert!(line.parse::<usize>().is_ok_and(|n| n > 1), "{}", r.stderr);
    let r = import(&file, &[&dir.path().join("bad.csv")], &[]);
    assert!(r.stderr.contains("bad.csv:2:1:"), "{}", r.stderr);
    let r = import(&file, &[&dir.path().join("missing.json")], &[]);
    assert_eq!(r.code, 2);
    assert_eq!(std::fs::read(&file).expect("read"), before);
}

#[test]
fn hostile_titles_never_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = example_copy(dir.path());
    let text = std::fs::read_to_string(fixture("scubagear-ScubaResults.json")).expect("read");
    let hostile = text.replace(
        "Phishing-resistant sign-in is required for everyone.",
        &format!(
            "<script>alert(1)</script>Bad \\u001b]52;c;ZXZpbA==\\u0007title\\u202e {}",
            "z".repeat(100 * 1024)
        ),
    );
    let path = dir.path().join("hostile.json");
    std::fs::write(&path, hostile).expect("write");
    let r = import(&file, &[&path], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("warning:") && r.stderr.contains("check MS.AAD.3.1v1: its title of"),
        "{}",
        r.stderr
    );
    let report = run(&[
        "report".as_ref(),
        file.as_os_str(),
        "--as-of".as_ref(),
        "2026-12-03".as_ref(),
    ]);
    for out in [&r.stdout, &r.stderr, &report.stdout] {
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}') && !out.contains('\u{202e}'));
    }
    assert!(!report.stdout.contains("<script>"), "{}", report.stdout);
    let saved = std::fs::read_to_string(&file).expect("read");
    assert!(
        saved.len()
            < std::fs::read_to_string(fixture("scubagear-ScubaResults.json"))
                .map_or(0, |t| t.len())
                + 20_000
    );
}

#[test]
fn the_tool_option_and_the_catalog_mapping() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = example_copy(dir.path());
    let r = import(
        &file,
        &[&fixture("maester-test-results.json")],
        &["--tool", "scubagear"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no `MetaData`"), "{}", r.stderr);
    let r = import(
        &file,
        &[&fixture("maester-test-results.json")],
        &["--tool", "maester"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let catalog = run(&["catalog".as_ref()]);
    assert!(catalog.stdout.contains("Checks from tenant scanners"));
    assert!(catalog.stdout.contains("    ScubaGear: MS.AAD.1.*"));
    let json = run(&["catalog".as_ref(), "--format".as_ref(), "json".as_ref()]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert!(v["checks"].as_array().is_some_and(|c| c.len() > 40));
}

#[test]
fn the_gap_report_has_an_observed_in_the_tenant_section_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = example_copy(dir.path());
    let report = |format: &str| {
        run(&[
            "report".as_ref(),
            file.as_os_str(),
            "--format".as_ref(),
            format.as_ref(),
            "--as-of".as_ref(),
            "2026-12-03".as_ref(),
        ])
        .stdout
    };
    // Before any scan: no section, an empty array.
    assert!(!report("markdown").contains("Observed in the tenant"));
    let v: serde_json::Value = serde_json::from_str(&report("json")).expect("json");
    assert_eq!(v["observed"], serde_json::json!([]));

    let text = std::fs::read_to_string(fixture("scubagear-ScubaResults.json")).expect("read");
    let hostile = dir.path().join("ScubaResults.json");
    std::fs::write(
        &hostile,
        text.replace(
            "Phishing-resistant sign-in is required for everyone.",
            "Phishing-resistant <b>sign-in</b> | is required &lt;script&gt;",
        ),
    )
    .expect("write");
    assert_eq!(import(&file, &[&hostile], &[]).code, 0);
    let md = report("markdown");
    assert!(md.contains("## Observed in the tenant"), "{md}");
    assert!(
        md.contains("| ScubaGear 1.8.0 | 2026-11-21 08:00 UTC | 3f6c2a1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f | ScubaResults.json | 4 | 2 | 2 | 0 |"),
        "{md}"
    );
    assert!(
        md.contains("| A.8.5 Secure authentication | Shared | ScubaGear 2026-11-21 | 2 | **1** | MS.AAD.3.1v1: Phishing-resistant sign-in \\| is required \\<script\\> |  |"),
        "{md}"
    );
    let html = report("html");
    assert!(html.contains("<section id=\"observed\">\n<h2>Observed in the tenant</h2>"));
    assert!(
        html.contains("Phishing-resistant sign-in | is required &lt;script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>"));
    let v: serde_json::Value = serde_json::from_str(&report("json")).expect("json");
    let a85: Vec<&serde_json::Value> = v["observed"]
        .as_array()
        .expect("observed")
        .iter()
        .filter(|o| o["item"] == "A.8.5")
        .collect();
    assert_eq!(a85.len(), 1);
    assert_eq!(a85[0]["tool"], "scubagear");
    assert_eq!(a85[0]["date"], "2026-11-21");
    assert_eq!(
        (a85[0]["passed"].as_u64(), a85[0]["failed"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(a85[0]["failing"], serde_json::json!(["MS.AAD.3.1v1"]));
    // Clauses never appear.
    assert!(
        v["observed"]
            .as_array()
            .expect("observed")
            .iter()
            .all(|o| o["item"].as_str().is_some_and(|i| i.starts_with("A.")))
    );
}
