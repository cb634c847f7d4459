//! The exports as a consultant or a CI job makes them: golden files of the
//! example assessment, the XLSX read back, and what an assessment full of
//! markup and formulas turns into.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};

mod common;
use common::parse_csv;

const AS_OF: &str = "2026-11-28";

fn gapwalk() -> Command {
    Command::cargo_bin("gapwalk").expect("binary")
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn example() -> PathBuf {
    root().join("assessments/example.toml")
}

fn hostile() -> PathBuf {
    root().join("tests/fixtures/valid/hostile.toml")
}

/// The example copied outside any git repository, so that the SoA (which
/// reads the file's git history) does not depend on this project's.
fn example_outside_git() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("example.toml");
    std::fs::copy(example(), &path).expect("copy");
    (dir, path)
}

/// Runs a command that must succeed; returns stdout and stderr.
fn run(args: &[&str], file: &Path) -> (String, String) {
    let out = gapwalk()
        .arg(args[0])
        .arg(file)
        .args(&args[1..])
        .args(["--as-of", AS_OF])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?}: {stderr}");
    (String::from_utf8(out.stdout).expect("utf-8"), stderr)
}

/// CSV and ICS end lines in CRLF (checked by `parse_csv` and the ICS
/// tests); the snapshots show them with plain line ends, and without the
/// CSV's byte order mark.
fn crlf_to_lf(s: &str) -> String {
    s.trim_start_matches('\u{feff}').replace("\r\n", "\n")
}

// --- Golden files ----------------------------------------------------------

#[test]
fn soa_markdown_golden() {
    let (_dir, example) = example_outside_git();
    let (md, _) = run(&["soa", "--format", "markdown"], &example);
    insta::assert_snapshot!("soa_markdown", md);
}

#[test]
fn soa_csv_golden_internal_and_public() {
    let (_dir, example) = example_outside_git();
    let (csv, _) = run(&["soa", "--format", "csv"], &example);
    assert!(csv.starts_with('\u{feff}'), "UTF-8 byte order mark");
    parse_csv(&csv);
    insta::assert_snapshot!("soa_csv", crlf_to_lf(&csv));
    let (public, _) = run(
        &["soa", "--format", "csv", "--audience", "public"],
        &example,
    );
    insta::assert_snapshot!("soa_csv_public", crlf_to_lf(&public));
}

#[test]
fn report_markdown_golden() {
    let (md, _) = run(&["report", "--format", "markdown"], &example());
    insta::assert_snapshot!("report_markdown", md);
}

#[test]
fn report_html_golden() {
    let (html, _) = run(&["report", "--format", "html"], &example());
    insta::assert_snapshot!("report_html", html);
}

#[test]
fn report_json_golden() {
    let (json, _) = run(&["report", "--format", "json"], &example());
    insta::assert_snapshot!("report_json", json);
}

#[test]
fn plan_golden_markdown_csv_ics() {
    let (md, _) = run(&["plan", "--format", "markdown"], &example());
    insta::assert_snapshot!("plan_markdown", md);
    let (csv, _) = run(&["plan", "--format", "csv"], &example());
    insta::assert_snapshot!("plan_csv", crlf_to_lf(&csv));
    let (ics, stderr) = run(&["plan", "--format", "ics"], &example());
    insta::assert_snapshot!("plan_ics", crlf_to_lf(&ics));
    assert!(
        stderr.contains("10 plan entries have no due date"),
        "{stderr}"
    );
}

// --- Behaviour ---------------------------------------------------------------

#[test]
fn soa_has_every_annex_a_control_and_lints_on_stderr() {
    let (csv, stderr) = run(&["soa", "--format", "csv"], &example());
    let rows = parse_csv(&csv);
    assert_eq!(rows.len(), 94, "header and 93 controls");
    assert_eq!(rows[1][0], "A.5.1");
    assert_eq!(rows[93][0], "A.8.34");
    // "Microsoft provides" is included and implemented through the provider.
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let row = |id: &str| rows.iter().find(|r| r[0] == id).expect(id);
    // "Microsoft provides" is implemented when the reliance is recorded
    // and reviewed: here by the supplier review recorded on A.5.23.
    let a712 = row("A.7.12");
    assert_eq!(
        (
            a712[col("Applicable")].as_str(),
            a712[col("Implementation status")].as_str(),
            a712[col("Responsibility")].as_str()
        ),
        ("Yes", "Implemented", "Microsoft provides")
    );
    assert!(
        a712[col("Reliance on Microsoft")].contains("SOC 2"),
        "{a712:?}"
    );
    assert!(
        a712[col("How implemented")]
            .contains("Covered by the supplier review of 2026-10-05 (A.5.23-E1)"),
        "{a712:?}"
    );
    // Without a reliance it is claimed, not demonstrated.
    assert_eq!(
        row("A.7.11")[col("Implementation status")],
        "Implemented — no reliance recorded"
    );
    assert_eq!(
        row("A.8.7")[col("Implementation status")],
        "Implemented — not evidenced"
    );
    assert!(
        row("A.6.3")[col("Implementation status")].starts_with("Partially — action overdue"),
        "{:?}",
        row("A.6.3")
    );
    assert_eq!(row("A.8.13")[col("Responsibility")], "Nobody yet (gap)");
    assert!(row("A.5.1")[col("Evidence")].starts_with("A.5.1-E1: Policy set v2"));
    for needle in [
        "Annex A controls are neither included nor excluded",
        "Annex A controls are included without a reason",
        "A.8.30 is excluded with no justification.",
        "A.8.31 is excluded with the stock phrase \"Not applicable.\"",
        "A.5.15: the newest evidence is from 2025-06-10",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in\n{stderr}");
    }
    assert!(stderr.lines().all(|l| l.starts_with("gapwalk: warning: ")));
}

#[test]
fn public_soa_leaves_out_internal_columns() {
    let (internal, _) = run(&["soa", "--format", "csv"], &example());
    let (public, _) = run(
        &["soa", "--format", "csv", "--audience", "public"],
        &example(),
    );
    let header = |csv: &str| parse_csv(csv).remove(0);
    let (internal, public) = (header(&internal), header(&public));
    for column in ["Owner", "Evidence location", "Notes"] {
        assert!(internal.iter().any(|h| h == column), "{column}");
        assert!(!public.iter().any(|h| h == column), "{column}");
    }
    assert!(public.iter().any(|h| h == "Evidence"));
    let (md, _) = run(
        &["soa", "--format", "markdown", "--audience", "public"],
        &example(),
    );
    assert!(
        !md.contains("Priya Shah"),
        "owners leak into the public SoA"
    );
    assert!(
        !md.contains("SharePoint"),
        "locations leak into the public SoA"
    );
}

#[test]
fn soa_version_label_never_drops_draft_while_controls_are_undecided() {
    let (md, _) = run(
        &["soa", "--version-label", "1.2 (approved by the board)"],
        &example(),
    );
    assert!(
        md.contains(
            "| **Document version** | Draft 1.2 (approved by the board) of 2026-11-28 (65 controls undecided) |"
        ),
        "{md}"
    );
    assert!(
        md.contains("**DRAFT, not approved: 65 of 93 Annex A controls"),
        "{md}"
    );
}

#[test]
fn a_public_draft_soa_is_said_plainly() {
    let (md, stderr) = run(&["soa", "--audience", "public"], &example());
    assert!(
        stderr.contains(
            "gapwalk: warning: publishing a Statement of Applicability that is not approved to a public audience: DRAFT, not approved"
        ),
        "{stderr}"
    );
    assert!(md.contains("**DRAFT, not approved:"), "{md}");
    // The internal export does not warn about the audience.
    let (_, stderr) = run(&["soa"], &example());
    assert!(!stderr.contains("public audience"), "{stderr}");
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn read_xlsx(path: &Path) -> (Vec<String>, Vec<Vec<String>>, Vec<Vec<String>>) {
    let mut book: Xlsx<_> = open_workbook(path).expect("open workbook");
    let names = book.sheet_names();
    let soa = book
        .worksheet_range("Statement of Applicability")
        .expect("SoA sheet");
    let summary = book.worksheet_range("Summary").expect("summary sheet");
    let rows = |r: calamine::Range<Data>| {
        r.rows()
            .map(|row| row.iter().map(cell_text).collect())
            .collect()
    };
    (names, rows(soa), rows(summary))
}

#[test]
fn soa_xlsx_reads_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("soa.xlsx");
    let (_, stderr) = run(
        &[
            "soa",
            "--format",
            "xlsx",
            "-o",
            path.to_str().expect("utf-8 path"),
        ],
        &example(),
    );
    assert!(stderr.contains("gapwalk: wrote "), "{stderr}");
    let (names, soa, summary) = read_xlsx(&path);
    assert_eq!(
        names,
        [
            "Statement of Applicability",
            "Summary",
            "Document control",
            "Evidence register",
            "Attendance"
        ]
    );
    assert!(soa[0][0].starts_with("Statement of Applicability: Tailspin Analytics Ltd"));
    assert!(
        soa[2][0].contains("Microsoft 365 Business Premium"),
        "{:?}",
        soa[2]
    );
    assert!(soa[2][0].contains("As of: 2026-11-28"), "{:?}", soa[2]);
    let header = &soa[3];
    assert_eq!(header[0], "Control");
    assert_eq!(header.len(), 16);
    assert_eq!(soa.len(), 4 + 93);
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let row = |id: &str| soa.iter().find(|r| r[0] == id).expect(id);
    let a51 = row("A.5.1");
    assert_eq!(a51[col("Implementation status")], "Implemented");
    assert_eq!(a51[col("Included because")], "Best practice");
    assert_eq!(a51[col("Owner")], "Priya Shah (IT Manager)");
    // A real date cell: Excel's serial day number for 2026-11-17.
    let serial = (chrono::NaiveDate::from_ymd_opt(2026, 11, 17).expect("date")
        - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch"))
    .num_days();
    assert_eq!(a51[col("Last reviewed")], serial.to_string(), "{a51:?}");
    let a85 = row("A.8.5");
    assert_eq!(
        a85[col("Included because")],
        "Contractual\nRisk assessment (R-01)"
    );
    assert!(a85[col("Justification (inclusion or exclusion)")].contains("MFA"));
    assert!(row("A.8.13")[col("Implementation status")].starts_with("Not implemented — "));
    assert_eq!(row("A.8.31")[col("Applicable")], "No");
    assert_eq!(row("A.5.3")[col("Applicable")], "Undecided");

    let count = |label: &str| {
        summary
            .iter()
            .find(|r| r[0] == label)
            .map(|r| r[1].clone())
            .unwrap_or_else(|| panic!("{label} in {summary:?}"))
    };
    // The same count as the gap report's audit-ready Annex A controls.
    assert_eq!(count("Implemented"), "15");
    assert_eq!(count("Implemented — not demonstrated"), "6");
    assert_eq!(count("Nobody yet (gap)"), "3");
    assert_eq!(count("Included"), "25");
    assert_eq!(count("Not yet assessed"), "65");
    assert_eq!(count("All Annex A controls"), "93");

    // Public: the internal columns are gone.
    let public = dir.path().join("public.xlsx");
    run(
        &[
            "soa",
            "--format",
            "xlsx",
            "--audience",
            "public",
            "-o",
            public.to_str().expect("utf-8 path"),
        ],
        &example(),
    );
    let (names, soa, _) = read_xlsx(&public);
    assert_eq!(soa[3].len(), 13);
    assert!(!soa[3].iter().any(|h| h == "Owner"));
    assert!(!names.iter().any(|n| n == "Attendance"), "{names:?}");
}

// --- Safety ------------------------------------------------------------------

#[path = "cli_exports/untrusted.rs"]
mod untrusted;
