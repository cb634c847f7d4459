//! The workshop with tenant scans recorded: an item's "Observed in the
//! tenant" block, the filter "contradicted by a scan" and the summary's
//! count, drawn into a `TestBackend` with the example and a fixed date.

use std::path::Path;

use chrono::NaiveDate;
use gapwalk::assessment::{Assessment, parse_assessment};
use gapwalk::catalog::{Catalog, CheckRegistry};
use gapwalk::scan::{parse_scan, record_scan, sha256_hex};
use gapwalk::tui::app::{App, Filter};
use gapwalk::tui::msg::{Command, Msg};
use gapwalk::tui::update::update;
use gapwalk::tui::view::{ViewState, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/scans")
            .join(name),
    )
    .expect("fixture")
}

fn import(a: &mut Assessment, text: &str) {
    let scan = parse_scan("ScubaResults.json", text.as_bytes(), None).expect("result");
    record_scan(
        a,
        Catalog::builtin(),
        CheckRegistry::builtin(),
        &scan,
        "ScubaResults.json",
        &sha256_hex(text.as_bytes()),
        NaiveDate::from_ymd_opt(2026, 11, 28).expect("date"),
        false,
    )
    .expect("recorded");
}

/// The example with two ScubaGear scans: legacy sign-in passed in the
/// first (21 November) and fails in the second (25 November).
fn example_with_scans() -> App {
    let text = include_str!("../assessments/example.toml");
    let (mut a, _) = parse_assessment(text, Catalog::builtin()).expect("valid example");
    let first = fixture("scubagear-ScubaResults.json");
    import(&mut a, &first);
    let second = first
        .replace("2026-11-21T08:00:00.000Z", "2026-11-25T08:00:00.000Z")
        .replace("\"Result\": \"Pass\", \"Criticality\": \"Shall\", \"Details\": \"1 policy found.\" }\n      ] }", "\"Result\": \"Fail\", \"Criticality\": \"Shall\", \"Details\": \"0 policies found.\" }\n      ] }");
    assert_ne!(first, second);
    import(&mut a, &second);
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    App::new(Catalog::builtin(), a, "example.toml", today)
}

fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    let mut view = ViewState::default();
    terminal.draw(|f| render(app, f, &mut view)).expect("draw");
    terminal
}

fn text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn an_item_shows_what_the_tenant_scans_observed() {
    let mut app = example_with_scans();
    app.selected = app.catalog.position("A.8.5").expect("A.8.5");
    let terminal = draw(&app, 160, 48);
    insta::assert_snapshot!("workshop_observed_a8_5_160x48", terminal.backend());
    let screen = text(&terminal);
    for expected in [
        "OBSERVED IN THE TENANT",
        "ScubaGear 2026-11-25: 1 passed, 2 failed, 1 not judged",
        "✗ MS.AAD.1.1v1 Legacy sign-in is blocked. (passed in the scan before)",
        "✗ MS.AAD.3.1v1 Phishing-resistant sign-in is required for everyone.",
        "A scan shows configuration, not that the control is run or owned.",
    ] {
        assert!(screen.contains(expected), "{expected:?} not on\n{screen}");
    }
    let small = draw(&app, 80, 24);
    insta::assert_snapshot!("workshop_observed_a8_5_80x24", small.backend());
}

#[test]
fn a_clause_shows_no_observation() {
    let mut app = example_with_scans();
    app.selected = app.catalog.position("9.1").expect("9.1");
    let screen = text(&draw(&app, 160, 48));
    assert!(!screen.contains("OBSERVED IN THE TENANT"), "{screen}");
}

#[test]
fn the_filter_contradicted_by_a_scan_and_the_summary_count() {
    let mut app = example_with_scans();
    let n = app.count(&Filter::ContradictedByScan);
    assert!(n > 0);
    app.filter = Some(Filter::ContradictedByScan);
    let terminal = draw(&app, 80, 24);
    insta::assert_snapshot!("filtered_contradicted_80x24", terminal.backend());
    update(&mut app, Msg::Run(Command::Summary));
    let terminal = draw(&app, 160, 48);
    insta::assert_snapshot!("summary_observed_160x48", terminal.backend());
    let screen = text(&terminal);
    assert!(
        screen.contains(&format!("{n} contradicted by a scan")),
        "{screen}"
    );
    assert!(
        screen.contains("ScubaGear 2026-11-25: 3 passed, 3 failed"),
        "{screen}"
    );
    // Without scans the filter is not offered.
    let plain = {
        let text = include_str!("../assessments/example.toml");
        let (a, _) = parse_assessment(text, Catalog::builtin()).expect("valid example");
        App::new(
            Catalog::builtin(),
            a,
            "example.toml",
            NaiveDate::from_ymd_opt(2026, 11, 28).expect("date"),
        )
    };
    assert_eq!(plain.count(&Filter::ContradictedByScan), 0);
}
