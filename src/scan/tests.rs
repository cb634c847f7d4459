//! The readers on small result files written for these tests in each
//! tool's format (never the published samples).

use super::*;
use crate::catalog::{Catalog, CheckRegistry, ItemKind};

fn read_ok(text: &str) -> ScanResult {
    parse_scan("r.json", text.as_bytes(), None).unwrap_or_else(|e| panic!("{e}"))
}

fn read_err(text: &str, tool: Option<ScanTool>) -> String {
    parse_scan("r.json", text.as_bytes(), tool)
        .err()
        .unwrap_or_else(|| panic!("expected an error for {text:?}"))
        .to_string()
}

fn outcomes(s: &ScanResult) -> Vec<(&str, Outcome)> {
    s.checks
        .iter()
        .map(|c| (c.id.as_str(), c.outcome))
        .collect()
}

const MAESTER: &str = r#"{
  "Result": "Failed",
  "FailedCount": 2,
  "ExecutedAt": "2026-11-20T09:30:00.123+11:00",
  "TenantId": "11111111-2222-3333-4444-555555555555",
  "CurrentVersion": "1.2.0",
  "Tests": [
    { "Id": "MT.1001", "Title": "A policy <b>requires</b> compliant devices", "Result": "Passed", "Tag": ["x"] },
    { "Id": "MT.1005", "Title": "Break-glass &amp; emergency accounts", "Result": "Failed",
      "ResultDetail": { "TestResult": "a long markdown text" } },
    { "Id": "EIDSCA.AP01", "Title": "Skipped one", "Result": "Skipped" },
    { "Id": "MT.1033", "Title": "Legacy auth for a user", "Result": "NotRun" },
    { "Id": "MT.1033", "Title": "Legacy auth for a user", "Result": "Failed" },
    { "Id": "MT.1033", "Title": "Legacy auth for a user", "Result": "Passed" },
    { "Id": "MT.1050", "Title": "Errored", "Result": "Error" },
    { "Id": "MT.1051", "Title": "Needs a look", "Result": "Investigate" },
    { "Id": "CUSTOM.1", "Name": "CUSTOM.1: Only a name", "Result": "Passed" }
  ],
  "Blocks": []
}"#;

#[test]
fn maester_results_are_read_and_normalised() {
    let s = read_ok(MAESTER);
    assert_eq!(s.tool, ScanTool::Maester);
    assert_eq!(s.tool_version.as_deref(), Some("1.2.0"));
    assert_eq!(
        s.tenant.as_deref(),
        Some("11111111-2222-3333-4444-555555555555")
    );
    // The offset is kept in the instant: 09:30 at +11:00 is 22:30 UTC the day before.
    assert_eq!(s.ran.to_rfc3339(), "2026-11-19T22:30:00.123+00:00");
    assert_eq!(
        outcomes(&s),
        vec![
            ("MT.1001", Outcome::Passed),
            ("MT.1005", Outcome::Failed),
            ("EIDSCA.AP01", Outcome::Neither),
            // Three results of one test: a failure wins.
            ("MT.1033", Outcome::Failed),
            ("MT.1050", Outcome::Neither),
            ("MT.1051", Outcome::Neither),
            ("CUSTOM.1", Outcome::Passed),
        ]
    );
    assert_eq!(s.checks[0].title, "A policy requires compliant devices");
    assert_eq!(s.checks[1].title, "Break-glass & emergency accounts");
    assert_eq!(s.checks[6].title, "Only a name");
    assert_eq!(s.checks[3].status, "Failed");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert_eq!((s.count(Outcome::Passed), s.count(Outcome::Failed)), (2, 2));
}

fn scuba(body: &str) -> String {
    format!(
        "\u{feff}{{\"MetaData\": {{\"TenantId\": \"aaaaaaaa-0000-0000-0000-000000000001\", \"DisplayName\": \"Contoso\", \"Tool\": \"ScubaGear\", \"ToolVersion\": \"1.8.0\", \"TimestampZulu\": \"2026-05-04T17:15:48.307Z\"}}, \"Summary\": {{}}, \"Results\": {body}, \"Raw\": {{\"huge\": [1, 2, {{\"deep\": \"config\"}}]}}}}"
    )
}

const SCUBA_RESULTS: &str = r#"{
  "AAD": [
    { "GroupName": "Legacy", "GroupNumber": "1", "Controls": [
      { "Control ID": "MS.AAD.1.1v1", "Requirement": "Legacy sign-in SHALL be blocked.<div class='policy-indicators'><a href='https://example.org'>Automated Check</a></div>", "Result": "Pass", "Criticality": "Shall" },
      { "Control ID": "MS.AAD.3.1v1", "Requirement": "Strong MFA SHALL be enforced.", "Result": "Fail", "Criticality": "Shall" },
      { "Control ID": "MS.AAD.3.7v1", "Requirement": "Managed devices SHOULD be required.", "Result": "Warning", "Criticality": "Should" }
    ] }
  ],
  "EXO": [
    { "GroupName": "Mail", "GroupNumber": "4", "Controls": [
      { "Control ID": "MS.EXO.4.3v1", "Requirement": "Reports go to a contact.", "Result": "N/A", "Criticality": "Shall/Not-Implemented" },
      { "Control ID": "MS.EXO.5.1v1", "Requirement": "SMTP AUTH SHALL be disabled.", "Result": "Manual", "Criticality": "Shall" },
      { "Control ID": "MS.EXO.6.1v1", "Requirement": "Sharing.", "Result": "Error", "Criticality": "Shall" }
    ] }
  ]
}"#;

#[test]
fn scubagear_results_are_read_with_their_bom_and_without_the_raw_export() {
    let s = read_ok(&scuba(SCUBA_RESULTS));
    assert_eq!(s.tool, ScanTool::Scubagear);
    assert_eq!(s.tool_version.as_deref(), Some("1.8.0"));
    assert_eq!(
        s.tenant.as_deref(),
        Some("aaaaaaaa-0000-0000-0000-000000000001")
    );
    assert_eq!(s.ran.to_rfc3339(), "2026-05-04T17:15:48.307+00:00");
    assert_eq!(
        outcomes(&s),
        vec![
            ("MS.AAD.1.1v1", Outcome::Passed),
            ("MS.AAD.3.1v1", Outcome::Failed),
            ("MS.AAD.3.7v1", Outcome::Neither),
            ("MS.EXO.4.3v1", Outcome::Neither),
            ("MS.EXO.5.1v1", Outcome::Neither),
            ("MS.EXO.6.1v1", Outcome::Neither),
        ]
    );
    // The indicator links are not part of the requirement.
    assert_eq!(s.checks[0].title, "Legacy sign-in SHALL be blocked.");
}

const OCSF: &str = r#"[
  { "metadata": { "event_code": "entra_users_mfa_enabled", "product": { "name": "Prowler", "version": "5.9.0" }, "tenant_uid": "" },
    "status_code": "PASS", "status": "New", "time": 1763600000,
    "finding_info": { "title": "Users have MFA", "created_time": 1763600000 },
    "cloud": { "provider": "m365", "org": { "uid": "" }, "account": { "uid": "bbbbbbbb-0000-0000-0000-000000000002" } } },
  { "metadata": { "event_code": "entra_users_mfa_enabled" }, "status_code": "FAIL", "status": "New", "time": 1763600005,
    "finding_info": { "title": "Users have MFA" } },
  { "metadata": { "event_code": "defender_antiphishing_policy_configured" }, "status_code": "FAIL", "status": "Suppressed", "time": 1763599990 },
  { "metadata": { "event_code": "teams_meeting_recording_disabled" }, "status_code": "MANUAL", "status": "New", "time": 1763600010 },
  { "metadata": { "event_code": "purview_audit_log_search_enabled" }, "status_code": "PASS", "status": "New", "time_dt": "2025-11-20T00:53:20" }
]"#;

#[test]
fn prowler_ocsf_findings_are_combined_per_check() {
    let s = read_ok(OCSF);
    assert_eq!(s.tool, ScanTool::Prowler);
    assert_eq!(s.tool_version.as_deref(), Some("5.9.0"));
    // m365 leaves the organisation empty: the tenant is the account.
    assert_eq!(
        s.tenant.as_deref(),
        Some("bbbbbbbb-0000-0000-0000-000000000002")
    );
    // The earliest finding's time.
    assert_eq!(s.ran.to_rfc3339(), "2025-11-20T00:53:10+00:00");
    assert_eq!(
        outcomes(&s),
        vec![
            // One resource passes, another fails: the check fails.
            ("entra_users_mfa_enabled", Outcome::Failed),
            // A muted failure is not counted as one.
            ("defender_antiphishing_policy_configured", Outcome::Neither),
            ("teams_meeting_recording_disabled", Outcome::Neither),
            ("purview_audit_log_search_enabled", Outcome::Passed),
        ]
    );
    assert_eq!(s.checks[1].status, "FAIL (muted)");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

const CSV: &str = "AUTH_METHOD;TIMESTAMP;ACCOUNT_UID;ACCOUNT_ORGANIZATION_UID;PROVIDER;CHECK_ID;CHECK_TITLE;STATUS;MUTED;PROWLER_VERSION\r\n\
app;2025-11-20 10:00:01.5;cccccccc-0000-0000-0000-000000000003;;m365;entra_admin_users_mfa_enabled;\"Admins; with \"\"MFA\"\"\";PASS;False;5.9.0\r\n\
app;2025-11-20 10:00:00.25;cccccccc-0000-0000-0000-000000000003;;m365;exchange_transport_config_smtp_auth_disabled;SMTP AUTH off;FAIL;False;5.9.0\r\n\
app;2025-11-20 10:00:02;cccccccc-0000-0000-0000-000000000003;;m365;sharepoint_guest_sharing_restricted;Guests;FAIL;True;5.9.0\r\n";

#[test]
fn prowler_csv_is_read_with_quotes_muting_and_a_time_without_zone() {
    let s = read_ok(CSV);
    assert_eq!(s.tool, ScanTool::Prowler);
    assert_eq!(
        s.tenant.as_deref(),
        Some("cccccccc-0000-0000-0000-000000000003")
    );
    assert_eq!(s.ran.to_rfc3339(), "2025-11-20T10:00:00.250+00:00");
    assert_eq!(
        outcomes(&s),
        vec![
            ("entra_admin_users_mfa_enabled", Outcome::Passed),
            (
                "exchange_transport_config_smtp_auth_disabled",
                Outcome::Failed
            ),
            ("sharepoint_guest_sharing_restricted", Outcome::Neither),
        ]
    );
    assert_eq!(s.checks[0].title, "Admins; with \"MFA\"");
}

#[test]
fn an_azure_prowler_result_is_read_with_a_warning() {
    let azure = CSV.replace(";m365;", ";azure;");
    let s = read_ok(&azure);
    assert!(
        s.warnings.iter().any(|w| w.contains("provider \"azure\"")),
        "{:?}",
        s.warnings
    );
}

#[test]
fn the_tool_option_overrides_recognition_and_a_wrong_one_is_refused() {
    let s = parse_scan("r.json", MAESTER.as_bytes(), Some(ScanTool::Maester)).expect("maester");
    assert_eq!(s.tool, ScanTool::Maester);
    let e = read_err(MAESTER, Some(ScanTool::Scubagear));
    assert!(e.contains("no `MetaData`"), "{e}");
    let e = read_err(MAESTER, Some(ScanTool::Prowler));
    assert!(e.contains("not a Prowler result"), "{e}");
    let e = read_err(OCSF, Some(ScanTool::Maester));
    assert!(e.contains("not a Maester result"), "{e}");
    // A file with both formats' keys needs --tool.
    let both = MAESTER.replacen('{', "{\"MetaData\": {}, ", 1);
    let e = read_err(&both, None);
    assert!(e.contains("--tool"), "{e}");
    let s = parse_scan("r.json", both.as_bytes(), Some(ScanTool::Maester)).expect("forced");
    assert_eq!(s.checks.len(), 7);
}

#[test]
fn truncated_and_invalid_json_say_where() {
    let cut = &MAESTER[..MAESTER.len() / 2];
    let e = read_err(cut, None);
    assert!(e.starts_with("r.json:"), "{e}");
    assert!(e.contains("ends too early"), "{e}");
    let e = read_err("{\n  \"ExecutedAt\": 2026,\n  \"Tests\": []\n}", None);
    assert!(e.starts_with("r.json:2:"), "{e}");
    assert!(e.contains("expected a string"), "{e}");
    let e = read_err("{\"Tests\": [ {\"Id\": \"x\",, } ]}", None);
    assert!(e.starts_with("r.json:1:"), "{e}");
    let e = read_err("[1, 2]", None);
    assert!(e.starts_with("r.json:1:"), "{e}");
}

#[test]
fn unknown_and_empty_files_are_refused() {
    let e = read_err("{\"name\": \"something else\"}", None);
    assert!(e.contains("not a result gapwalk recognises"), "{e}");
    let e = read_err("   \n", None);
    assert!(e.contains("empty"), "{e}");
    let e = read_err("hello world\nsecond line\n", None);
    assert!(e.contains("not a result gapwalk recognises"), "{e}");
    let e = read_err("A;B\n1;2\n", None);
    assert!(e.contains("no CHECK_ID"), "{e}");
    let e = read_err("\u{feff}\"Control ID\",\"Requirement\",\"Result\"\n", None);
    assert!(e.contains("ScubaGear's CSV report"), "{e}");
    let e = read_err(
        "[{\"PolicyId\": \"MS.AAD.1.1v1\", \"RequirementMet\": true}]",
        None,
    );
    assert!(e.contains("TestResults.json"), "{e}");
    let e = read_err("[]", None);
    assert!(e.contains("no timestamp"), "{e}");
}

#[test]
fn a_result_without_a_timestamp_is_refused_for_every_format() {
    let e = read_err(
        &MAESTER.replace("\"2026-11-20T09:30:00.123+11:00\"", "\"\""),
        None,
    );
    assert!(
        e.contains("no timestamp") && e.contains("ExecutedAt"),
        "{e}"
    );
    assert!(e.starts_with("r.json:4:"), "{e}");
    let e = read_err(
        &MAESTER.replace("\"ExecutedAt\": \"2026-11-20T09:30:00.123+11:00\",", ""),
        None,
    );
    assert!(
        e.starts_with("r.json: ") && e.contains("no timestamp"),
        "{e}"
    );
    let e = read_err(
        &MAESTER.replace("2026-11-20T09:30:00.123+11:00", "last Tuesday"),
        None,
    );
    assert!(
        e.contains("\"last Tuesday\"") && e.starts_with("r.json:4:"),
        "{e}"
    );
    let e = read_err(
        &scuba(SCUBA_RESULTS).replace(
            "\"TimestampZulu\": \"2026-05-04T17:15:48.307Z\"",
            "\"Tool\": null",
        ),
        None,
    );
    assert!(
        e.contains("no timestamp") && e.contains("TimestampZulu"),
        "{e}"
    );
    let no_times = OCSF
        .replace("\"time\": ", "\"t\": ")
        .replace("\"created_time\"", "\"c\"")
        .replace("\"time_dt\"", "\"d\"");
    let e = read_err(&no_times, None);
    assert!(e.contains("no timestamp"), "{e}");
    let e = read_err(&CSV.replace("TIMESTAMP", "WHEN"), None);
    assert!(e.contains("no timestamp"), "{e}");
    let e = read_err(&CSV.replace("2025-11-20 10:00:02", "soon"), None);
    assert!(e.starts_with("r.json:4:") && e.contains("\"soon\""), "{e}");
}

#[test]
fn csv_rows_that_do_not_fit_the_header_say_where() {
    let bad = CSV.replace(";Guests;FAIL;True;5.9.0", ";Guests;FAIL");
    let e = read_err(&bad, None);
    assert!(e.starts_with("r.json:4:1:"), "{e}");
    assert!(e.contains("8 fields and the header 10"), "{e}");
    let cut = &CSV[..CSV.find("\"\"MFA").unwrap_or(0)];
    let e = read_err(cut, None);
    assert!(
        e.contains("never closed") && e.starts_with("r.json:2:"),
        "{e}"
    );
}

#[test]
fn text_encodings_bad_bytes_and_utf16() {
    let mut bytes = b"{\n  \"Tests\": [\n    \"ok\xff\"".to_vec();
    bytes.extend_from_slice(b"]}");
    let e = parse_scan("r.json", &bytes, None)
        .expect_err("error")
        .to_string();
    assert!(
        e.starts_with("r.json:3:8:") && e.contains("not UTF-8"),
        "{e}"
    );
    let mut utf16 = vec![0xff, 0xfe];
    for u in MAESTER.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let s = parse_scan("r.json", &utf16, None).expect("UTF-16 reads");
    assert_eq!(s.checks.len(), 7);
}

#[test]
fn titles_lose_html_escapes_and_control_characters_and_long_ones_are_cut() {
    assert_eq!(
        clean_title(
            "<p>Block <a href='x'>legacy</a> sign-in</p> &lt;now&gt; &#x2014; &#39;ok&#39; &bogus; & more"
        ),
        (
            "Block legacy sign-in <now> — 'ok' &bogus; & more".to_string(),
            None
        )
    );
    assert_eq!(
        clean_title(
            "Red\u{1b}[31mtext\u{1b}]0;title\u{7} and\u{1b}]52;c;eA==\u{1b}\\ bell\u{7}\u{202e}x\n\ty"
        ),
        ("Redtext and bell x y".to_string(), None)
    );
    assert_eq!(
        clean_title("a < b and 2<3"),
        ("a < b and 2<3".to_string(), None)
    );
    let (long, cut) = clean_title(&"x".repeat(100 * 1024));
    assert_eq!(cut, Some(100 * 1024));
    assert_eq!(long.chars().count(), MAX_TITLE_CHARS);
    assert!(long.ends_with('…'));
    // Through a reader: the warning names the check.
    let huge = MAESTER.replace("Skipped one", &"y".repeat(100 * 1024));
    let s = read_ok(&huge);
    assert_eq!(s.checks[2].title.chars().count(), MAX_TITLE_CHARS);
    assert!(
        s.warnings
            .iter()
            .any(|w| w.starts_with("check EIDSCA.AP01: its title of 102400 characters")),
        "{:?}",
        s.warnings
    );
}

#[test]
fn unknown_result_words_checks_without_ids_and_hostile_ids() {
    let odd = MAESTER
        .replace(
            "\"Result\": \"Investigate\"",
            "\"Result\": \"Maybe\\u001b[2J\"",
        )
        .replace("{ \"Id\": \"MT.1050\",", "{ \"Id\": \"\",")
        .replace("\"Id\": \"MT.1001\"", "\"Id\": \"MT.1001\\u202e\\u001b\"");
    let s = read_ok(&odd);
    assert!(
        s.warnings
            .iter()
            .any(|w| w.contains("check MT.1051: result \"Maybe[2J\" is not one Maester writes")),
        "{:?}",
        s.warnings
    );
    assert!(
        s.warnings
            .iter()
            .any(|w| w == "test 7 of Tests has no check id and is left out"),
        "{:?}",
        s.warnings
    );
    assert_eq!(s.checks[0].id, "MT.1001");
    assert!(s.checks.iter().all(|c| c.id != "MT.1050"));
    let long_id = MAESTER.replace("\"CUSTOM.1\"", &format!("\"{}\"", "Z".repeat(300)));
    let s = read_ok(&long_id);
    assert!(
        s.warnings
            .iter()
            .any(|w| w.contains("check id of 300 characters"))
    );
    let e = read_err(
        "{\"ExecutedAt\": \"2026-01-01T00:00:00Z\", \"Tests\": [{\"Title\": \"no id\"}]}",
        None,
    );
    assert!(e.contains("no checks with an id"), "{e}");
}

#[test]
fn a_file_over_the_limit_is_refused_before_it_is_read() {
    // Zeroed memory the system hands out lazily: only the length is read.
    let big = vec![0u8; MAX_FILE_BYTES as usize + 1];
    let e = parse_scan("r.json", &big, None)
        .expect_err("refused")
        .to_string();
    assert!(e.contains("more than a scan result file can be"), "{e}");
}

#[test]
fn observations_go_to_annex_a_items_through_capabilities() {
    let c = Catalog::builtin();
    let r = CheckRegistry::builtin();
    let s = read_ok(&scuba(SCUBA_RESULTS));
    let o = observe(c, r, &s);
    assert_eq!(o.mapped, 6);
    assert!(o.unmapped.is_empty());
    // MS.AAD.3.1v1 (multifactor authentication) fails: A.8.5 lists
    // authentication methods and Conditional Access.
    let a85 = o.items.iter().find(|i| i.item == "A.8.5").expect("A.8.5");
    assert_eq!(a85.failing, vec!["MS.AAD.3.1v1"]);
    assert!(a85.passed >= 1 && a85.neither >= 1, "{a85:?}");
    for i in &o.items {
        let item = c.item(&i.item).expect("catalog item");
        assert_eq!(item.kind, ItemKind::Control, "{} is a clause", i.item);
        assert_eq!(i.failed, i.failing.len());
    }
    let mut order: Vec<usize> = o.items.iter().filter_map(|i| c.position(&i.item)).collect();
    let sorted = {
        let mut v = order.clone();
        v.sort();
        v
    };
    assert_eq!(order, sorted, "catalog order");
    order.dedup();
    assert_eq!(order.len(), o.items.len());
    let custom = read_ok(MAESTER);
    let o = observe(c, r, &custom);
    assert_eq!(o.unmapped, vec!["CUSTOM.1"]);
    assert_eq!(o.mapped, 6);
}

#[test]
fn the_sha256_is_the_standard_one() {
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn the_scan_module_never_touches_the_terminal() {
    for (name, source) in [
        ("mod.rs", include_str!("mod.rs")),
        ("maester.rs", include_str!("maester.rs")),
        ("scubagear.rs", include_str!("scubagear.rs")),
        ("prowler.rs", include_str!("prowler.rs")),
        ("csv.rs", include_str!("csv.rs")),
        ("observe.rs", include_str!("observe.rs")),
    ] {
        for forbidden in ["ratatui", "crossterm", "std::fs", "println!"] {
            assert!(!source.contains(forbidden), "{name} uses {forbidden}");
        }
    }
}
