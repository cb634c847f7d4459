//! The risk register screen, the risk form, the controls picker and the
//! control that treats a risk, drawn into a `TestBackend` at 80×24 and
//! 160×48 with the example and a fixed date.

use chrono::NaiveDate;
use gapwalk::assessment::parse_assessment;
use gapwalk::catalog::Catalog;
use gapwalk::tui::app::App;
use gapwalk::tui::msg::{Command, Msg};
use gapwalk::tui::update::update;
use gapwalk::tui::view::{ViewState, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn example() -> App {
    let text = include_str!("../assessments/example.toml");
    let (a, _) = parse_assessment(text, Catalog::builtin()).expect("valid example");
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
    let width = buffer.area.width as usize;
    buffer
        .content
        .chunks(width)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n")
        .collect()
}

fn both_sizes(name: &str, app: &App) {
    for (w, h) in [(80, 24), (160, 48)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), draw(app, w, h).backend());
    }
}

fn press(app: &mut App, code: KeyCode) {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

#[test]
fn the_register() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::Risks));
    // a high risk treated by a gap, with its finding.
    press(&mut app, KeyCode::Down);
    both_sizes("risks", &app);
    let screen = text(&draw(&app, 160, 48));
    assert!(
        screen.contains("Risk register: 3 risks · 2 high"),
        "{screen}"
    );
    assert!(
        screen.contains("A.8.13 Information backup — Gap"),
        "{screen}"
    );
    assert!(screen.contains("HIGH Risk R-02"), "{screen}");
}

#[test]
fn an_empty_register_names_the_controls_waiting_for_a_risk() {
    let mut app = example();
    app.assessment.risks.clear();
    app.refresh();
    update(&mut app, Msg::Run(Command::Risks));
    let screen = text(&draw(&app, 160, 48));
    assert!(
        screen.contains("No risk is recorded yet. a adds one"),
        "{screen}"
    );
    assert!(screen.contains("yet no risk cites them:"), "{screen}");
    assert!(screen.contains("A.5.15, A.8.5."), "{screen}");
}

#[test]
fn the_risk_form() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::Risks));
    update(&mut app, Msg::Run(Command::Open));
    both_sizes("risk_form", &app);
}

#[test]
fn the_controls_picker() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::Risks));
    press(&mut app, KeyCode::Down);
    update(&mut app, Msg::Run(Command::EditRiskControls));
    both_sizes("risk_controls", &app);
}

#[test]
fn a_control_shows_the_risks_it_treats() {
    let mut app = example();
    app.selected = app.catalog.position("A.8.5").expect("A.8.5");
    let screen = text(&draw(&app, 160, 48));
    assert!(
        screen.contains("Contractual, Risk assessment (R-01)"),
        "{screen}"
    );
    assert!(
        screen.contains("R-01 A phished password opens a mailbox and the files behind it"),
        "{screen}"
    );
}

#[test]
fn a_long_register_scrolls_only_as_far_as_the_selection_needs() {
    let mut app = example();
    let template = app.assessment.risks[0].clone();
    for n in 4..=30 {
        let mut r = template.clone();
        r.id = format!("R-{n:02}");
        app.assessment.risks.push(r);
    }
    app.refresh();
    update(&mut app, Msg::Run(Command::Risks));
    let mut view = ViewState::default();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut frame_text = |app: &App, view: &mut ViewState| {
        terminal.draw(|f| render(app, f, view)).expect("draw");
        text(&terminal)
    };
    press(&mut app, KeyCode::End);
    let bottom = frame_text(&app, &mut view);
    assert!(bottom.contains("│R-30"), "{bottom}");
    // One up: the window stays; R-30 is still on screen.
    press(&mut app, KeyCode::Up);
    let up = frame_text(&app, &mut view);
    assert!(up.contains("│R-30"), "{up}");
    press(&mut app, KeyCode::Home);
    let top = frame_text(&app, &mut view);
    assert!(top.contains("│R-01") && !top.contains("│R-30"), "{top}");
}
