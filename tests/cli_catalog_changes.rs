//! `gapwalk catalog --changes-since DATE` and the platform-changed finding
//! seen from the command line and the workshop screen.

use assert_cmd::Command;
use chrono::NaiveDate;
use gapwalk::assessment::parse_assessment;
use gapwalk::catalog::Catalog;
use gapwalk::tui::app::App;
use gapwalk::tui::view::{ViewState, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn gapwalk() -> Command {
    let mut c = Command::cargo_bin("gapwalk").expect("binary");
    c.env("NO_COLOR", "1");
    c
}

fn stdout(c: &mut Command) -> String {
    let out = c.output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn changes_since_lists_what_changed_as_text() {
    let text = stdout(gapwalk().args(["catalog", "--changes-since", "2025-01-01"]));
    assert!(
        text.starts_with("gapwalk catalog: what changed after 2025-01-01\n"),
        "{text}"
    );
    assert!(text.contains(
        "2025-05-26  Content search and eDiscovery (Standard) [purview-ediscovery-standard] (capability)"
    ));
    assert!(
        text.contains("Items that list it: A.5.28, A.5.34, A.6.4"),
        "{text}"
    );
    assert!(
        text.contains("2026-12-03  9.3.2  Management review inputs (guidance)"),
        "{text}"
    );
    assert!(text.contains("Source: https://learn.microsoft.com/en-us/defender-xdr/prerequisites"));
    // The licence change says what to check.
    assert!(
        text.contains("[m365-e5] (licence)") && text.contains("Check whether the tenant holds")
    );
}

#[test]
fn a_change_on_the_date_itself_counts_as_seen() {
    let text = stdout(gapwalk().args(["catalog", "--changes-since", "2025-05-26"]));
    assert!(!text.contains("2025-05-26  "), "{text}");
    let text = stdout(gapwalk().args(["catalog", "--changes-since", "2025-05-25"]));
    assert!(text.contains("2025-05-26  Content search"), "{text}");
    let none = stdout(gapwalk().args(["catalog", "--changes-since", "2099-01-01"]));
    assert!(
        none.contains("Nothing changed in the catalog after 2099-01-01."),
        "{none}"
    );
}

#[test]
fn changes_since_as_json() {
    let json = stdout(gapwalk().args([
        "catalog",
        "--changes-since",
        "2025-01-01",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["since"], "2025-01-01");
    let changes = v["changes"].as_array().expect("changes");
    let first = &changes[0];
    assert_eq!(first["date"], "2025-05-26");
    assert_eq!(first["subject"], "capability");
    assert_eq!(first["id"], "purview-ediscovery-standard");
    assert!(
        first["source"]
            .as_str()
            .is_some_and(|s| s.starts_with("https://"))
    );
    assert!(
        first["items"]
            .as_array()
            .is_some_and(|i| i.iter().any(|x| x == "A.5.28"))
    );
    assert!(
        changes
            .iter()
            .any(|c| c["subject"] == "item" && c["id"] == "A.8.25")
    );
    assert!(
        changes
            .iter()
            .all(|c| c["what"].is_string() && c["date"].is_string())
    );
}

#[test]
fn changes_since_refuses_toml_and_bad_dates() {
    let out = gapwalk()
        .args([
            "catalog",
            "--changes-since",
            "2025-01-01",
            "--format",
            "toml",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("text or json"));
    let out = gapwalk()
        .args(["catalog", "--changes-since", "2025-13-01"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--changes-since"));
}

#[test]
fn the_catalog_text_still_reads_as_a_handout() {
    let text = stdout(gapwalk().arg("catalog"));
    assert!(text.starts_with("ISO/IEC 27001:2022 on Microsoft 365: the gapwalk catalog\n"));
    for heading in [
        "\nA.7.11  Supporting utilities\n    Usual answer: Shared\n",
        "\nA.8.25  Secure development life cycle\n    Usual answer: We manage\n",
        "Microsoft Security Copilot (Microsoft Security Copilot)  [security-copilot]",
        "Microsoft Defender portal: unified incidents and alerts (Microsoft Defender XDR)  [defender-xdr]",
    ] {
        assert!(text.contains(heading), "missing {heading:?}");
    }
    // Every wrapped body line fits a printed page (a web address may not
    // be broken), and no raw TOML or escapes leak in.
    for line in text.lines() {
        let long_word = line.split_whitespace().any(|w| w.contains("https://"));
        let body = line.starts_with("    ");
        assert!(
            !body || line.chars().count() <= 80 || long_word,
            "too wide: {line}"
        );
        assert!(
            !line.contains("\\\"") && !line.contains("changes = ["),
            "{line}"
        );
    }
}

const STALE: &str = r#"format = 1
catalog = "iso27001-2022"

[assessment]
organisation = "Contoso"
licences = ["m365-business-premium"]

[items."A.5.28"]
answer = "shared"
owner = "CISO"
reviewed = 2025-01-15
"#;

#[test]
fn report_lists_platform_changed_for_an_item_reviewed_before_a_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("contoso.toml");
    std::fs::write(&file, STALE).expect("write");
    let json = stdout(gapwalk().arg("report").arg(&file).args([
        "--format",
        "json",
        "--as-of",
        "2025-06-01",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let f = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["kind"] == "platform-changed")
        .expect("platform-changed finding");
    assert_eq!(f["severity"], "medium");
    assert_eq!(f["item"], "A.5.28");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("Content search and eDiscovery (Standard)"))
    );
}

#[test]
fn the_workshop_shows_what_changed_since_the_last_review() {
    let (a, _) = parse_assessment(STALE, Catalog::builtin()).expect("valid");
    let today = NaiveDate::from_ymd_opt(2025, 6, 1).expect("date");
    let mut app = App::new(Catalog::builtin(), a, "contoso.toml", today);
    app.selected = app.catalog.position("A.5.28").expect("A.5.28");
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    terminal
        .draw(|f| render(&app, f, &mut ViewState::default()))
        .expect("draw");
    insta::assert_snapshot!("workshop_platform_changed_160x48", terminal.backend());
}
