//! The subcommands as a CI job or a consultant runs them.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn gapwalk() -> Command {
    Command::cargo_bin("gapwalk").expect("binary")
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/example.toml")
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn report_json_of_the_example_has_every_finding_kind() {
    let out = stdout(gapwalk().arg("report").arg(example()).args([
        "--format",
        "json",
        "--as-of",
        "2026-11-28",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["as_of"], "2026-11-28");
    let answered = v["progress"]["answered"].as_u64().expect("answered");
    let total = v["progress"]["total"].as_u64().expect("total");
    assert!(answered > 20 && answered < total, "{answered} of {total}");
    let kinds: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    // Items not yet assessed are coverage, reported apart from findings.
    assert!(!kinds.contains(&"unanswered"), "{kinds:?}");
    assert_eq!(
        v["coverage"]["not_assessed"].as_u64(),
        Some(total - answered),
        "coverage"
    );
    for kind in [
        "critical-gap",
        "shared-without-reliance",
        "untracked-gap",
        // Its tracked gaps are on clauses or a critical control
        // (critical-gap), so it shows no low tracked-gap.
        "microsoft-handles-that",
        "not-the-platforms-job",
        "unowned",
        "no-evidence",
        "stale",
        "unlicensed-reliance",
        "overdue-action",
        "unjustified-exclusion",
        "key-person-risk",
    ] {
        assert!(kinds.contains(&kind), "the example shows no {kind}");
    }
    let answers: Vec<&str> = v["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .filter(|a| a["count"].as_u64() > Some(0))
        .filter_map(|a| a["answer"].as_str())
        .collect();
    assert_eq!(answers.len(), 5, "every answer appears: {answers:?}");
}

#[test]
fn report_text_and_markdown_of_the_example() {
    let text = stdout(
        gapwalk()
            .arg("report")
            .arg(example())
            .args(["--as-of", "2026-11-28"]),
    );
    assert!(
        text.starts_with("gapwalk report: Tailspin Analytics Ltd\n"),
        "{text}"
    );
    assert!(text.contains("Findings: "), "{text}");
    let md = stdout(gapwalk().arg("report").arg(example()).args([
        "--format",
        "markdown",
        "--as-of",
        "2026-11-28",
    ]));
    assert!(
        md.starts_with("# Gap assessment: Tailspin Analytics Ltd"),
        "{md}"
    );
    assert!(md.contains("| Theme | Answered |"), "{md}");
}

#[test]
fn fail_on_exits_1_when_a_finding_that_bad_exists() {
    let run = |sev: &str, file: &Path| {
        gapwalk()
            .arg("report")
            .arg(file)
            .args([
                "--as-of",
                "2026-11-28",
                "--fail-on",
                sev,
                "--format",
                "json",
            ])
            .output()
            .expect("run")
            .status
            .code()
    };
    assert_eq!(run("high", &example()), Some(1));
    // A fresh assessment has no finding at all: nothing is assessed yet,
    // which is coverage, not a finding.
    let dir = tempfile::tempdir().expect("tempdir");
    let fresh = dir.path().join("fresh.toml");
    gapwalk()
        .arg("new")
        .arg(&fresh)
        .args(["--organisation", "Fresh Ltd"])
        .assert()
        .success();
    assert_eq!(run("high", &fresh), Some(0));
    assert_eq!(run("medium", &fresh), Some(0));
    assert_eq!(run("low", &fresh), Some(0));
}

#[test]
fn report_on_an_invalid_file_is_an_error_with_position() {
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/bad-answer.toml");
    let out = gapwalk().arg("report").arg(&bad).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad-answer.toml:8:10: "), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn new_creates_a_valid_file_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("contoso.toml");
    gapwalk()
        .arg("new")
        .arg(&file)
        .args(["--organisation", "Contoso Ltd", "--scope", "M365 tenant"])
        .args(["--licence", "m365-e3", "--licence", "entra-id-p2"])
        .assert()
        .success();
    let text = std::fs::read_to_string(&file).expect("created");
    assert!(text.contains("organisation = \"Contoso Ltd\""), "{text}");
    assert!(
        text.contains("licences = [\"m365-e3\", \"entra-id-p2\"]"),
        "{text}"
    );
    gapwalk().arg("validate").arg(&file).assert().success();

    let out = gapwalk()
        .arg("new")
        .arg(&file)
        .args(["--organisation", "Other"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&file).expect("kept"), text);
}

#[test]
fn new_rejects_an_unknown_licence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("x.toml");
    let out = gapwalk()
        .arg("new")
        .arg(&file)
        .args(["--organisation", "X", "--licence", "m365-e9"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown licence \"m365-e9\""));
    assert!(!file.exists());
}

#[test]
fn catalog_formats() {
    let json = stdout(gapwalk().args(["catalog", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let controls = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["kind"] == "control")
        .count();
    assert_eq!(controls, 93);
    let text = stdout(gapwalk().arg("catalog"));
    assert!(
        text.contains("A.5.23  Information security for use of cloud services"),
        "{text}"
    );
    assert!(text.contains("Ask the room:"));
    let toml_out = stdout(gapwalk().args(["catalog", "--format", "toml"]));
    assert!(toml_out.contains("[[items]]"));
}

#[test]
fn version_is_printed() {
    let out = stdout(gapwalk().arg("--version"));
    assert!(out.starts_with("gapwalk "), "{out}");
}

#[test]
fn the_workshop_refuses_a_bad_theme_or_no_terminal_with_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad-theme.toml");
    std::fs::write(&bad, "[styles]\ngap = { fg = \"ultraviolet\" }\n").expect("write");
    let out = gapwalk()
        .arg(example())
        .arg("--theme")
        .arg(&bad)
        .env("GAPWALK_CONFIG_DIR", dir.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad-theme.toml:2:14: unknown colour \"ultraviolet\""),
        "{stderr}"
    );

    let out = gapwalk()
        .arg(example())
        .args(["--theme", "neon"])
        .env("GAPWALK_CONFIG_DIR", dir.path())
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown theme \"neon\""));

    // Without a terminal (a CI job), it says what to use instead.
    let out = gapwalk()
        .arg(example())
        .env("GAPWALK_CONFIG_DIR", dir.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a terminal"));
}
