//! The documents an auditor and a steering committee read, checked against
//! each other: one status and one count everywhere, the SoA as a
//! controlled document, the record of the room and of the evidence, and a
//! plan that holds every high finding.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};

mod common;
use common::parse_csv;

const AS_OF: &str = "2026-11-28";

fn gapwalk() -> Command {
    Command::cargo_bin("gapwalk").expect("binary")
}

/// The example, copied outside any git repository.
fn example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("example.toml");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/example.toml"),
        &path,
    )
    .expect("copy");
    (dir, path)
}

/// Runs a subcommand that must succeed; returns stdout and stderr.
fn run(file: &Path, args: &[&str]) -> (String, String) {
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

fn column<'a>(rows: &'a [Vec<String>], name: &str) -> Vec<&'a str> {
    let i = rows[0].iter().position(|h| h == name).expect(name);
    rows[1..].iter().map(|r| r[i].as_str()).collect()
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).expect("open workbook");
    let range = book.worksheet_range(name).expect(name);
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|d| match d {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn workbook(file: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("soa.xlsx");
    let mut args = vec![
        "soa",
        "--format",
        "xlsx",
        "-o",
        out.to_str().expect("utf-8"),
    ];
    args.extend(extra);
    run(file, &args);
    (dir, out)
}

fn count_in(summary: &[Vec<String>], label: &str) -> usize {
    summary
        .iter()
        .find(|r| r[0] == label)
        .and_then(|r| r[1].parse().ok())
        .unwrap_or_else(|| panic!("{label} in {summary:?}"))
}

#[test]
fn every_document_counts_the_same_implemented_controls() {
    let (_dir, file) = example();
    let (soa, _) = run(&file, &["soa", "--format", "csv"]);
    let rows = parse_csv(&soa);
    let statuses = column(&rows, "Implementation status");
    let implemented = statuses.iter().filter(|s| **s == "Implemented").count();
    assert_eq!(implemented, 15);

    let (json, _) = run(&file, &["report", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["readiness"]["controls"]["ready"], implemented);
    let json_implemented = v["statuses"]
        .as_array()
        .expect("statuses")
        .iter()
        .filter(|s| s["item"].as_str().is_some_and(|i| i.starts_with("A.")))
        .filter(|s| s["status"] == "implemented")
        .count();
    assert_eq!(json_implemented, implemented);

    let (md, _) = run(&file, &["report", "--format", "markdown"]);
    assert!(
        md.contains(&format!(
            "): {implemented} of 93 controls are implemented, and so audit-ready"
        )),
        "{md}"
    );
    assert!(md.contains(&format!(
        "items audit-ready: 4 of 30 clauses, {implemented} of 93 controls"
    )));
    let (soa_md, _) = run(&file, &["soa"]);
    assert!(
        soa_md.contains(&format!("| Implemented | {implemented} |")),
        "{soa_md}"
    );
    let (text, _) = run(&file, &["report"]);
    assert!(
        text.contains(&format!(
            "4 of 30 clauses, {implemented} of 93 Annex A controls"
        )),
        "{text}"
    );
    let (html, _) = run(&file, &["report", "--format", "html"]);
    assert!(
        html.contains(&format!("{implemented} of 93 controls</span>")),
        "{html}"
    );

    let (_xdir, xlsx) = workbook(&file, &[]);
    let summary = sheet(&xlsx, "Summary");
    assert_eq!(count_in(&summary, "Implemented"), implemented);

    // Responsibilities add up to the included controls.
    let included = column(&rows, "Applicable")
        .iter()
        .filter(|a| **a == "Yes")
        .count();
    let responsible = column(&rows, "Responsibility")
        .iter()
        .filter(|r| !r.is_empty())
        .count();
    assert_eq!((included, responsible), (25, 25));
    let by_responsibility: usize = [
        "Microsoft provides",
        "Shared",
        "We manage",
        "Nobody yet (gap)",
    ]
    .iter()
    .map(|l| count_in(&summary, l))
    .sum();
    assert_eq!(by_responsibility, count_in(&summary, "Included"));
    assert_eq!(count_in(&summary, "Included"), included);
}

#[test]
fn the_text_report_lists_the_risk_register_highest_score_first() {
    let (_dir, file) = example();
    let (text, _) = run(&file, &["report"]);
    let register = text
        .split("Risk register (3)\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no register in\n{text}"));
    let lines: Vec<&str> = register.lines().take(3).collect();
    assert!(lines[0].starts_with("  - R-01 "), "{lines:?}");
    assert!(lines[0].ends_with("(score 6 of 9, high): reduce, treated by A.5.15, A.8.5, A.6.3"));
    assert!(lines[2].starts_with("  - R-03 "), "{lines:?}");
    assert!(lines[2].ends_with("(score 2 of 9): accept, no control named"));
}

#[test]
fn coverage_is_reported_apart_from_findings() {
    let (_dir, file) = example();
    let (text, _) = run(&file, &["report"]);
    assert!(
        text.contains("Findings:    19 high, 4 medium, 12 low"),
        "{text}"
    );
    assert!(
        text.contains("Not yet assessed (87, not findings)"),
        "{text}"
    );
    assert!(!text.contains("has not been assessed yet"), "{text}");
    let (md, _) = run(&file, &["report", "--format", "markdown"]);
    assert!(md.contains("## Coverage: not yet assessed"), "{md}");
    assert!(md.contains("- **12** low findings"), "{md}");
    assert!(
        md.contains("but would not finish the job: 22 of 30 mandatory clauses and 65 of 93 Annex A controls are not yet assessed"),
        "{md}"
    );
}

#[test]
fn the_executive_summary_tells_the_story() {
    let (_dir, file) = example();
    let (md, _) = run(&file, &["report", "--format", "markdown"]);
    let section = |title: &str| {
        let start = md.find(title).unwrap_or_else(|| panic!("{title}"));
        let rest = &md[start + title.len()..];
        rest[..rest.find("\n### ").unwrap_or(rest.len())].to_string()
    };
    let weigh = section("### The findings that weigh most");
    assert_eq!(weigh.matches("\n- **").count(), 5, "{weigh}");
    for needle in [
        "7.5.3 Control",
        "6.1.3 Information",
        "A.8.13 Information backup",
    ] {
        assert!(weigh.contains(needle), "{needle} in {weigh}");
    }
    let decisions = section("### Decisions for the steering committee");
    for needle in [
        "**Asked of the steering committee (A.8.13):** Price Microsoft 365 Backup",
        "**Licence needed (A.8.2):** Privileged Identity Management",
        "**Licence needed (A.6.3):** Attack simulation training",
        "**Budget-bearing action (9.2.1):** Contract an external internal-audit provider",
    ] {
        assert!(decisions.contains(needle), "{needle} in {decisions}");
    }
    let method = section("### Method and limits");
    for needle in [
        "2 workshop sessions on 2026-11-03 and 2026-11-17, facilitated by Alex Morgan (consultant)",
        "5 answered items were recorded outside any session",
        "Evidence was named, not inspected",
    ] {
        assert!(method.contains(needle), "{needle} in {method}");
    }
}

#[test]
fn the_attendance_record_is_in_the_report_and_the_workbook() {
    let (_dir, file) = example();
    let (md, _) = run(&file, &["report", "--format", "markdown"]);
    assert!(
        md.contains("| 2026-11-03 | 2026-11-03 | Alex Morgan (consultant) | Managing Director<br>Chief Operating Officer<br>Priya Shah (IT Manager) | 8: 4.1 4.3 5.1 5.2 6.1.2 6.1.3 7.5.3 9.2.1 |"),
        "{md}"
    );
    let (html, _) = run(&file, &["report", "--format", "html"]);
    assert!(html.contains("<section id=\"attendance\">"));
    assert!(html.contains(
        "<td>Managing Director<br>Chief Operating Officer<br>Priya Shah (IT Manager)</td>"
    ));
    let (json, _) = run(&file, &["report", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["sessions"][1]["session"], "2026-11-17");
    assert_eq!(v["sessions"][1]["attendees"][1], "HR Manager");
    assert_eq!(v["sessions"][1]["items"].as_array().map(Vec::len), Some(23));
    assert_eq!(v["answered_outside_sessions"][0], "A.5.30");

    let (_x, xlsx) = workbook(&file, &[]);
    let attendance = sheet(&xlsx, "Attendance");
    let row = attendance
        .iter()
        .find(|r| r[0] == "2026-11-17")
        .expect("session row");
    assert_eq!(row[2], "Alex Morgan (consultant)");
    assert!(row[3].contains("Finance Director"), "{row:?}");
}

#[test]
fn evidence_ids_in_the_soa_are_in_the_register() {
    let (_dir, file) = example();
    let (soa, _) = run(&file, &["soa", "--format", "csv"]);
    let rows = parse_csv(&soa);
    let cited: Vec<String> = column(&rows, "Evidence")
        .iter()
        .flat_map(|cell| cell.lines())
        .filter_map(|l| l.split(':').next())
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .collect();
    assert!(cited.contains(&"A.5.1-E1".to_string()), "{cited:?}");
    let (json, _) = run(&file, &["report", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let register: Vec<&str> = v["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .filter_map(|e| e["id"].as_str())
        .collect();
    for id in &cited {
        assert!(register.contains(&id.as_str()), "{id} not in {register:?}");
    }
    let stale = v["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .find(|e| e["id"] == "A.5.15-E1")
        .expect("A.5.15-E1");
    assert_eq!(stale["stale"], true);
    assert_eq!(stale["age_days"], 536);

    let (_x, xlsx) = workbook(&file, &[]);
    let sheet_rows = sheet(&xlsx, "Evidence register");
    assert_eq!(
        sheet_rows[3][..4],
        ["Id", "Control or clause", "What", "Where"]
    );
    assert_eq!(sheet_rows.len(), 4 + register.len());
    // Public: no locations.
    let (_p, public) = workbook(&file, &["--audience", "public"]);
    let public_rows = sheet(&public, "Evidence register");
    assert!(
        !public_rows[3].iter().any(|h| h == "Where"),
        "{:?}",
        public_rows[3]
    );
}

#[test]
fn the_reliance_register_shows_only_recorded_reviews() {
    let (_dir, file) = example();
    let (md, _) = run(&file, &["report", "--format", "markdown"]);
    let register = &md[md.find("## Reliance register").expect("register")..];
    let register = &register[..register.find("\n## ").unwrap_or(register.len())];
    let row = |id: &str| {
        register
            .lines()
            .find(|l| l.starts_with(&format!("| {id} ")))
            .unwrap_or_else(|| panic!("{id} in {register}"))
    };
    // Shared without a reliance: flagged, and no review pretended.
    assert!(
        row("A.8.7").contains(
            "| None recorded | Priya Shah (IT Manager) | Nothing relied on is recorded |  |"
        ),
        "{}",
        row("A.8.7")
    );
    // Microsoft provides with a reliance: the supplier review on A.5.23
    // stands as its review, named as such, with its date.
    assert!(
        row("A.7.12").contains("| Finance Director | Supplier review A.5.23-E1, owned by Priya Shah (IT Manager) | 2026-10-05 |"),
        "{}",
        row("A.7.12")
    );
    let (json, _) = run(&file, &["report", "--format", "json"]);
    assert!(json.contains("\"kind\": \"shared-without-reliance\""));
    assert!(!register.contains("| Priya Shah (IT Manager) | Priya Shah (IT Manager) |"));
}

#[test]
fn the_plan_holds_every_high_finding_and_the_rest_of_the_assessment() {
    let (_dir, file) = example();
    let (json, _) = run(&file, &["report", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let mut high: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "high")
        .filter_map(|f| f["item"].as_str())
        .collect();
    high.dedup();
    let (plan, _) = run(&file, &["plan", "--format", "csv"]);
    let rows = parse_csv(&plan);
    assert_eq!(
        rows[0],
        [
            "Priority",
            "Severity",
            "Due",
            "Status",
            "Days overdue",
            "Item",
            "Title",
            "Action",
            "Owner",
            "Dependency",
            "Answer"
        ]
    );
    let items = column(&rows, "Item");
    for id in &high {
        assert!(
            items.contains(id),
            "{id} (a high finding) is not in the plan"
        );
    }
    let status = |id: &str| {
        let i = items.iter().position(|x| x == &id).expect(id);
        &rows[i + 1]
    };
    assert_eq!(status("A.8.13")[3], "Needs an action");
    assert_eq!(
        status("A.8.13")[8],
        "Nobody yet; suggested: Priya Shah (IT Manager)"
    );
    assert_eq!(status("A.6.3")[3], "Overdue");
    assert_eq!(
        status("A.6.3")[9],
        "Needs Attack simulation training, which the tenant is not licensed for"
    );
    let finish = rows.last().expect("rows");
    assert_eq!(finish[3], "Not yet assessed");
    assert!(
        finish[7].starts_with("Finish assessing the 87 items"),
        "{finish:?}"
    );
    let (md, _) = run(&file, &["plan"]);
    assert!(
        md.contains(
            "**Key-person risk: Priya Shah (IT Manager) owns 3 of the 4 dated actions (75%)."
        ),
        "{md}"
    );
}

/// Every Annex A control decided, with document control recorded.
fn decided(approved: bool) -> String {
    let mut text = String::from(
        "format = 1\ncatalog = \"iso27001-2022\"\n\n[assessment]\norganisation = \"Fabrikam\"\n\n[assessment.soa]\nowner = \"ISMS lead\"\nversion = \"2.0\"\n",
    );
    if approved {
        text.push_str("approver = \"Board\"\napproved = 2026-11-20\n");
    }
    for item in gapwalk::catalog::Catalog::builtin().items() {
        if item.id.starts_with("A.") {
            text.push_str(&format!(
                "\n[items.\"{}\"]\nanswer = \"we-manage\"\nowner = \"ISMS lead\"\n",
                item.id
            ));
        }
    }
    text
}

#[test]
fn draft_unapproved_and_approved_soas_say_which_they_are() {
    let dir = tempfile::tempdir().expect("tempdir");
    let unapproved = dir.path().join("unapproved.toml");
    std::fs::write(&unapproved, decided(false)).expect("write");
    let (md, stderr) = run(&unapproved, &["soa", "--audience", "public"]);
    assert!(md.contains("| **Document version** | 2.0 |"), "{md}");
    assert!(
        md.contains("**Not approved: every control is decided"),
        "{md}"
    );
    assert!(
        stderr.contains("to a public audience: Not approved"),
        "{stderr}"
    );

    let approved = dir.path().join("approved.toml");
    std::fs::write(&approved, decided(true)).expect("write");
    let (md, stderr) = run(&approved, &["soa", "--audience", "public"]);
    assert!(
        md.contains("| **Status** | Approved: approved on 2026-11-20 |"),
        "{md}"
    );
    assert!(
        !md.contains("DRAFT") && !md.contains("Not approved"),
        "{md}"
    );
    assert!(!stderr.contains("public audience"), "{stderr}");
    // The approver's name stays in the internal copy only.
    assert!(
        md.contains("| **Approver** | Recorded (not shown publicly) |"),
        "{md}"
    );
    let (internal, _) = run(&approved, &["soa"]);
    assert!(
        internal.contains("approved by Board on 2026-11-20"),
        "{internal}"
    );
}

fn git(dir: &Path, args: &[&str]) {
    let out = Process::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Alex Morgan")
        .env("GIT_AUTHOR_EMAIL", "alex@example.invalid")
        .env("GIT_COMMITTER_NAME", "Alex Morgan")
        .env("GIT_COMMITTER_EMAIL", "alex@example.invalid")
        .env("GIT_AUTHOR_DATE", "2026-11-03T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-11-03T12:00:00Z")
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_soa_carries_the_files_version_history_from_git() {
    if Process::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let (dir, file) = example();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "example.toml"]);
    git(dir.path(), &["commit", "-q", "-m", "Workshop 1: clauses"]);
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(
        &file,
        text.replace("version = \"0.3\"", "version = \"0.4\""),
    )
    .expect("write");
    git(dir.path(), &["commit", "-q", "-am", "Workshop 2: Annex A"]);
    let (md, _) = run(&file, &["soa"]);
    let history = &md[md.find("## Version history").expect("history")..];
    assert!(
        history.contains("| Date | Commit | Author | Change |"),
        "{history}"
    );
    let first = history.find("Workshop 2: Annex A").expect("newest");
    let second = history.find("Workshop 1: clauses").expect("oldest");
    assert!(first < second, "newest first: {history}");
    assert!(history.contains("| 2026-11-03 | `"), "{history}");
    assert!(md.contains("Draft 0.4 of 2026-11-28"), "{md}");

    let (_x, xlsx) = workbook(&file, &[]);
    let control = sheet(&xlsx, "Document control");
    assert!(
        control
            .iter()
            .any(|r| r.get(3).is_some_and(|c| c == "Workshop 2: Annex A")),
        "{control:?}"
    );
}
