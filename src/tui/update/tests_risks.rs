//! The risk register screen as pure logic: add, edit, link controls,
//! delete, undo, and nothing typed lost.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::assessment::{Treatment, parse_assessment};
use crate::catalog::Catalog;
use crate::tui::app::{AskKind, FormKind, Overlay, PickerKind, Screen, Status};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).expect("date")
}

fn example() -> App {
    let text = include_str!("../../../assessments/example.toml");
    let (a, _) = parse_assessment(text, Catalog::builtin()).expect("example is valid");
    App::new(Catalog::builtin(), a, "example.toml", today())
}

fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn ids(app: &App) -> Vec<&str> {
    app.assessment.risks.iter().map(|r| r.id.as_str()).collect()
}

fn status(app: &App) -> String {
    match &app.status {
        Status::Info(s) | Status::Warning(s) | Status::Error(s) => s.clone(),
        Status::None => String::new(),
    }
}

/// Moves the focus of the open form to a field by its label.
fn focus(app: &mut App, label: &str) {
    for _ in 0..20 {
        match &app.overlay {
            Some(Overlay::Form(f)) if f.fields[f.focus].label == label => return,
            Some(Overlay::Form(_)) => {
                press(app, KeyCode::Tab);
            }
            other => panic!("no form open: {other:?}"),
        }
    }
    panic!("no field {label}");
}

fn clear_field(app: &mut App) {
    for _ in 0..40 {
        press(app, KeyCode::Backspace);
    }
}

#[test]
fn k_opens_the_register_from_the_workshop_and_the_summary_and_goes_back() {
    let mut app = example();
    press(&mut app, KeyCode::Char('K'));
    assert_eq!(app.screen, Screen::Risks);
    assert_eq!(app.layer(), crate::tui::keys::Layer::Risks);
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.risk_selected, 1);
    press(&mut app, KeyCode::End);
    assert_eq!(app.risk_selected, 2);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Workshop);
    update(&mut app, Msg::Run(Command::Summary));
    press(&mut app, KeyCode::Char('K'));
    assert_eq!(app.screen, Screen::Risks);
    // The register keeps its place.
    assert_eq!(app.risk_selected, 2);
}

#[test]
fn a_new_risk_is_added_with_the_next_id_then_its_controls_are_ticked() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::Risks));
    press(&mut app, KeyCode::Char('a'));
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("no form")
    };
    assert_eq!(form.kind, FormKind::Risk { new: true });
    assert_eq!(form.fields[0].text(), "R-04");
    // The date it was rated: today.
    assert!(form.fields.iter().any(|f| f.text() == "2026-11-28"));
    typed(&mut app, "A supplier admin account is misused");
    focus(&mut app, "Likelihood");
    typed(&mut app, "high");
    focus(&mut app, "Impact");
    typed(&mut app, "2");
    focus(&mut app, "Treatment");
    typed(&mut app, "red");
    let effects = update(&mut app, Msg::Run(Command::Save));
    assert_eq!(effects, [Effect::Persist]);
    let risk = app.assessment.risk("R-04").expect("added");
    assert_eq!(risk.title, "A supplier admin account is misused");
    assert_eq!((risk.likelihood, risk.impact), (Some(3), Some(2)));
    assert_eq!(risk.treatment, Some(Treatment::Reduce));
    assert_eq!(risk.reviewed, Some(today()));
    assert_eq!(app.risk_selected, 3);
    // The controls picker follows, the register's own controls first.
    let Some(Overlay::Picker(p)) = &app.overlay else {
        panic!("no picker: {:?}", app.overlay)
    };
    assert_eq!(p.kind, PickerKind::RiskControls);
    assert_eq!(p.risk.as_deref(), Some("R-04"));
    assert_eq!(p.rows.len(), 93, "every Annex A control, no clause");
    typed(&mut app, "supplierrelationships");
    press(&mut app, KeyCode::Char(' '));
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(effects, [Effect::Persist]);
    assert_eq!(
        app.assessment.risk("R-04").expect("R-04").controls,
        ["A.5.19"]
    );
    // The workshop shows it on the control, the SoA cites it.
    assert!(
        app.assessment
            .risks_citing("A.5.19")
            .any(|r| r.id == "R-04")
    );
}

#[test]
fn a_form_says_what_is_wrong_and_keeps_what_was_typed() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::Risks));
    press(&mut app, KeyCode::Char('a'));
    // No title.
    update(&mut app, Msg::Run(Command::Save));
    let error = |app: &App| match &app.overlay {
        Some(Overlay::Form(f)) => f.error.clone().unwrap_or_default(),
        other => panic!("the form closed: {other:?}"),
    };
    assert!(
        error(&app).contains("what could go wrong"),
        "{}",
        error(&app)
    );
    typed(&mut app, "Backups fail silently");
    focus(&mut app, "Likelihood");
    typed(&mut app, "often");
    update(&mut app, Msg::Run(Command::Save));
    assert!(
        error(&app).contains("\"often\" is not a level of the scale (1 Low, 2 Medium, 3 High)"),
        "{}",
        error(&app)
    );
    clear_field(&mut app);
    focus(&mut app, "Residual likelihood");
    typed(&mut app, "low");
    update(&mut app, Msg::Run(Command::Save));
    assert!(error(&app).contains("rate both"), "{}", error(&app));
    focus(&mut app, "Id");
    clear_field(&mut app);
    typed(&mut app, "R-01");
    update(&mut app, Msg::Run(Command::Save));
    assert!(
        error(&app).contains("another risk is R-01"),
        "{}",
        error(&app)
    );
    assert_eq!(ids(&app), ["R-01", "R-02", "R-03"], "nothing was written");
    // Esc asks before throwing the typing away; "no" goes back to it.
    press(&mut app, KeyCode::Esc);
    assert!(matches!(
        &app.overlay,
        Some(Overlay::Ask(a)) if matches!(a.kind, AskKind::Discard(_))
    ));
    press(&mut app, KeyCode::Char('n'));
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("the form is back")
    };
    assert_eq!(form.fields[1].text(), "Backups fail silently");
}

#[test]
fn editing_keeps_the_controls_and_what_the_form_does_not_show() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::Risks));
    let before = app.assessment.risk("R-01").expect("R-01").clone();
    press(&mut app, KeyCode::Enter);
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("no form")
    };
    assert_eq!(form.kind, FormKind::Risk { new: false });
    assert_eq!(form.fields[3].text(), "High", "levels show by name");
    // Saved as it is: nothing changes, nothing is written.
    let effects = update(&mut app, Msg::Run(Command::Save));
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(app.assessment.risk("R-01"), Some(&before));
    press(&mut app, KeyCode::Enter);
    focus(&mut app, "Impact");
    clear_field(&mut app);
    typed(&mut app, "High");
    assert_eq!(update(&mut app, Msg::Run(Command::Save)), [Effect::Persist]);
    let after = app.assessment.risk("R-01").expect("R-01");
    assert_eq!(after.impact, Some(3));
    assert_eq!(after.controls, before.controls);
    assert_eq!(after.accepted_by, before.accepted_by);
    assert_eq!(status(&app), "Risk R-01 saved");
}

#[test]
fn delete_asks_and_undo_brings_the_risk_back_on_the_register() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::Risks));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('d'));
    // "No" keeps it.
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(ids(&app), ["R-01", "R-02", "R-03"]);
    press(&mut app, KeyCode::Char('d'));
    assert_eq!(press(&mut app, KeyCode::Char('y')), [Effect::Persist]);
    assert_eq!(ids(&app), ["R-01", "R-03"]);
    // Undo from the workshop shows the register again, on the risk.
    press(&mut app, KeyCode::Esc);
    assert_eq!(press(&mut app, KeyCode::Char('u')), [Effect::Persist]);
    assert_eq!(ids(&app), ["R-01", "R-02", "R-03"]);
    assert_eq!(app.screen, Screen::Risks);
    assert_eq!(app.risk_selected, 1);
    assert_eq!(status(&app), "Undid: risk R-02 deleted");
    update(&mut app, Msg::Run(Command::Redo));
    assert_eq!(ids(&app), ["R-01", "R-03"]);
}

#[test]
fn a_read_only_file_opens_no_risk_form() {
    let mut app = example();
    app.read_only = true;
    update(&mut app, Msg::Run(Command::Risks));
    for key in ['a', 'c', 'd'] {
        press(&mut app, KeyCode::Char(key));
        assert!(app.overlay.is_none(), "{key}");
    }
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none());
    assert!(status(&app).contains("read-only"), "{}", status(&app));
}

#[test]
fn a_finding_about_a_risk_opens_it_on_the_register() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::Summary));
    let at = app
        .analysis
        .summary
        .findings
        .iter()
        .position(|f| f.risk.as_deref() == Some("R-02"))
        .expect("a finding about R-02");
    app.summary_selected = at;
    update(&mut app, Msg::Run(Command::Open));
    assert_eq!(app.screen, Screen::Risks);
    assert_eq!(app.risk_selected, 1);
}

#[test]
fn on_an_empty_register_the_keys_say_how_to_start() {
    let mut app = example();
    app.assessment.risks.clear();
    update(&mut app, Msg::Run(Command::Risks));
    press(&mut app, KeyCode::Enter);
    assert_eq!(status(&app), "No risk is recorded yet: a adds one.");
    press(&mut app, KeyCode::Char('c'));
    assert!(app.overlay.is_none());
    press(&mut app, KeyCode::Char('d'));
    assert!(app.overlay.is_none());
}

#[test]
fn undo_after_deleting_the_last_risk_shows_that_risk() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::Risks));
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(ids(&app), ["R-01", "R-02"]);
    assert_eq!(app.risk_selected, 1);
    update(&mut app, Msg::Run(Command::Undo));
    assert_eq!(ids(&app), ["R-01", "R-02", "R-03"]);
    assert_eq!(app.risk_selected, 2, "on R-03, the risk undo brought back");
}

#[test]
fn ticked_controls_are_saved_in_catalog_order_and_a_gap_is_named() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::Risks));
    update(&mut app, Msg::Run(Command::EditRiskControls));
    // A.8.13 (a gap) first, then A.5.1: saved in catalog order.
    typed(&mut app, "informationbackup");
    press(&mut app, KeyCode::Char(' '));
    clear_query(&mut app);
    typed(&mut app, "policiesforinformation");
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(press(&mut app, KeyCode::Enter), [Effect::Persist]);
    assert_eq!(
        app.assessment.risk("R-01").expect("R-01").controls,
        ["A.5.1", "A.5.15", "A.6.3", "A.8.5", "A.8.13"]
    );
    assert!(matches!(app.status, Status::Warning(_)), "{:?}", app.status);
    assert!(
        status(&app).contains("A.8.13 cannot treat it as things stand"),
        "{}",
        status(&app)
    );
}

fn clear_query(app: &mut App) {
    for _ in 0..40 {
        press(app, KeyCode::Backspace);
    }
}

#[test]
fn a_risk_owner_is_offered_as_a_name() {
    let mut app = example();
    app.assessment.risks[0].owner = Some("Dana Risk-Owner".into());
    assert!(app.names().iter().any(|n| n == "Dana Risk-Owner"));
    // Not an item owner: the owner filter does not list them.
    assert!(!app.owners().iter().any(|n| n == "Dana Risk-Owner"));
}
