//! Filter counts, the pickers, sessions as reviews, owner completion and
//! spelling, dates, themes, exports that exist, the start screen and the
//! text fields' table.

use super::*;

#[test]
fn filters_show_their_counts_and_one_item_is_one_item() {
    let mut app = example();
    update(&mut app, ch('f'));
    let Some(Overlay::Filter { options, .. }) = &app.overlay else {
        panic!("filter menu");
    };
    for (filter, n) in options {
        assert_eq!(*n, app.count(filter), "{filter:?}");
    }
    assert_eq!(options[0], (Filter::Unanswered, 87));
    let md = options
        .iter()
        .position(|(f, _)| *f == Filter::Owner("Managing Director".into()))
        .expect("an owner of one item");
    for _ in 0..md {
        update(&mut app, key(KeyCode::Down));
    }
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(
        app.status,
        Status::Info("Showing 1 item: owner: Managing Director. F clears.".into())
    );
}

#[test]
fn the_capability_picker_records_what_the_item_relies_on() {
    let mut app = example();
    select(&mut app, "A.8.3");
    assert!(app.assessment.item("A.8.3").relies_on.is_empty());
    update(&mut app, ch('c'));
    let Some(Overlay::Picker(picker)) = &app.overlay else {
        panic!("picker open");
    };
    // The item's own capabilities first, in the catalog's order.
    let own: Vec<String> = app.catalog.items()[app.selected]
        .capabilities
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(!own.is_empty());
    assert_eq!(&picker.rows[..own.len()], own.as_slice());
    assert_eq!(picker.rows.len(), app.catalog.capabilities().len());
    // Tick the first, then find another by typing.
    update(&mut app, ch(' '));
    typed(&mut app, "privilegedidentity");
    let Some(Overlay::Picker(picker)) = &app.overlay else {
        panic!("picker open");
    };
    assert_eq!(
        picker.rows.first().map(String::as_str),
        Some("entra-pim"),
        "{:?}",
        &picker.rows[..3.min(picker.rows.len())]
    );
    update(&mut app, ch(' '));
    assert_eq!(update(&mut app, key(KeyCode::Enter)), [Effect::Persist]);
    let relies = &app.assessment.item("A.8.3").relies_on;
    assert_eq!(relies, &[own[0].clone(), "entra-pim".to_string()]);
    // Business Premium has no PIM: the finding is there at once.
    assert!(kinds_of(&app, "A.8.3").contains(&crate::analysis::FindingKind::UnlicensedReliance));
    assert!(
        matches!(&app.status, Status::Warning(w) if w.contains("not licensed: L changes the licences"))
    );
    // Undo takes it back out.
    update(&mut app, ch('u'));
    assert!(app.assessment.item("A.8.3").relies_on.is_empty());
}

#[test]
fn the_licence_picker_changes_the_tenants_licences_and_every_mark() {
    let mut app = example();
    assert!(kinds_of(&app, "A.8.2").contains(&crate::analysis::FindingKind::UnlicensedReliance));
    update(&mut app, ch('L'));
    let Some(Overlay::Picker(picker)) = &app.overlay else {
        panic!("licence picker");
    };
    assert_eq!(picker.ticked, ["m365-business-premium"]);
    typed(&mut app, "entraidp2");
    let Some(Overlay::Picker(picker)) = &app.overlay else {
        panic!("licence picker");
    };
    assert_eq!(picker.rows.first().map(String::as_str), Some("entra-id-p2"));
    update(&mut app, ch(' '));
    assert_eq!(update(&mut app, key(KeyCode::Enter)), [Effect::Persist]);
    assert_eq!(
        app.assessment.licences,
        ["m365-business-premium", "entra-id-p2"]
    );
    assert!(!kinds_of(&app, "A.8.2").contains(&crate::analysis::FindingKind::UnlicensedReliance));
    assert!(matches!(&app.status, Status::Info(s) if s.contains("Licences saved")));
    // Esc over changed ticks asks first.
    update(&mut app, ch('L'));
    update(&mut app, ch(' '));
    update(&mut app, key(KeyCode::Esc));
    assert!(matches!(&app.overlay, Some(Overlay::Ask(_))));
    update(&mut app, ch('y'));
    assert_eq!(app.assessment.licences.len(), 2, "nothing changed");
}

#[test]
fn changes_during_a_session_count_as_the_room_reviewing_the_item() {
    let mut app = example();
    update(&mut app, ch('W'));
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.active_session.as_deref(), Some("2026-11-28"));
    select(&mut app, "A.5.15");
    let before = app.assessment.item("A.5.15").reviewed;
    assert!(before.is_some_and(|d| d < today()));
    update(&mut app, ch('o'));
    typed(&mut app, "Head of IT");
    update(&mut app, key(KeyCode::Enter));
    let r = app.assessment.item("A.5.15");
    assert_eq!(r.reviewed, Some(today()));
    assert_eq!(r.session.as_deref(), Some("2026-11-28"));
    // Due for review no longer lists it.
    assert!(!app.passes(app.selected, Some(&Filter::DueForReview)));
    // Outside a session a change leaves the review date alone.
    let mut app = example();
    select(&mut app, "A.5.15");
    update(&mut app, ch('3'));
    assert_eq!(app.assessment.item("A.5.15").reviewed, before);
}

#[test]
fn w_after_a_restart_offers_to_resume_todays_session() {
    let mut app = example_on("2026-11-17");
    update(&mut app, ch('W'));
    let Some(Overlay::Ask(ask)) = &app.overlay else {
        panic!("asks to resume");
    };
    assert!(ask.lines.iter().any(|l| l.contains("Alex Morgan")));
    assert!(ask.lines.iter().any(|l| l.contains("HR Manager")));
    assert!(update(&mut app, ch('y')).is_empty(), "nothing to write");
    assert_eq!(app.active_session.as_deref(), Some("2026-11-17"));
    assert_eq!(app.assessment.sessions.len(), 2);
    update(&mut app, ch('3'));
    assert_eq!(
        app.assessment.item(app.selected_id()).session.as_deref(),
        Some("2026-11-17")
    );
    // n starts a new one instead.
    let mut app = example_on("2026-11-17");
    update(&mut app, ch('W'));
    update(&mut app, ch('n'));
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("session form");
    };
    assert_eq!(form.kind, crate::tui::app::FormKind::Session);
    // Another day: straight to the form.
    let mut app = example();
    update(&mut app, ch('W'));
    assert!(matches!(&app.overlay, Some(Overlay::Form(_))));
}

#[test]
fn owner_completion_offers_attendees_and_serves_the_action_owner() {
    let mut app = example();
    let mut a = app.assessment.clone();
    a.sessions[1]
        .attendees
        .push("Sam Okafor (Facilities)".into());
    app.assessment = a;
    app.refresh();
    select(&mut app, "4.4");
    update(&mut app, ch('o'));
    typed(&mut app, "okaf");
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("owner input");
    };
    assert_eq!(form.fields[0].completions, ["Sam Okafor (Facilities)"]);
    update(&mut app, key(KeyCode::Esc));
    update(&mut app, ch('y'));
    // The action's owner completes too.
    update(&mut app, ch('a'));
    typed(&mut app, "Review supplier list");
    update(&mut app, key(KeyCode::Tab));
    typed(&mut app, "PRIYA");
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("action form");
    };
    assert_eq!(
        form.fields[1].completions.first().map(String::as_str),
        Some("Priya Shah (IT Manager)")
    );
    update(&mut app, key(KeyCode::Down));
    update(&mut app, ctrl('s'));
    assert_eq!(
        app.assessment
            .item("4.4")
            .action
            .as_ref()
            .and_then(|a| a.owner.as_deref()),
        Some("Priya Shah (IT Manager)")
    );
}

#[test]
fn owners_are_one_person_under_the_established_spelling() {
    let mut app = empty();
    for (id, owner) in [
        ("4.1", "Priya Shah"),
        ("4.2", "Priya Shah"),
        ("4.3", "priya  shah"),
        ("4.4", "CISO"),
    ] {
        app.assessment.item_mut(id).owner = Some(owner.into());
    }
    assert_eq!(app.owners(), ["Priya Shah", "CISO"]);
    // A variant typed in full is matched to the established name…
    select(&mut app, "5.1");
    update(&mut app, ch('o'));
    typed(&mut app, "PRIYA SHAH");
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("owner input");
    };
    assert_eq!(form.fields[0].completions, ["Priya Shah"]);
    // …and saving the variant asks whether it is the same person.
    update(&mut app, key(KeyCode::Enter));
    let Some(Overlay::Ask(ask)) = &app.overlay else {
        panic!("asks about the spelling");
    };
    assert!(ask.lines[0].contains("\"Priya Shah\""), "{:?}", ask.lines);
    assert_eq!(update(&mut app, ch('y')), [Effect::Persist]);
    assert_eq!(
        app.assessment.item("5.1").owner.as_deref(),
        Some("Priya Shah")
    );
    // n keeps it as typed.
    select(&mut app, "5.2");
    update(&mut app, ch('o'));
    typed(&mut app, "ciso ");
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, ch('n'));
    assert_eq!(app.assessment.item("5.2").owner.as_deref(), Some("ciso"));
    // Esc goes back to editing.
    select(&mut app, "5.3");
    update(&mut app, ch('o'));
    typed(&mut app, "Ciso");
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, key(KeyCode::Esc));
    assert!(matches!(&app.overlay, Some(Overlay::Form(_))));
}

#[test]
fn evidence_dated_after_today_is_refused() {
    let mut app = empty();
    update(&mut app, ch('e'));
    typed(&mut app, "Board minutes");
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, key(KeyCode::Tab));
    for _ in 0..10 {
        update(&mut app, key(KeyCode::Backspace));
    }
    typed(&mut app, "2026-12-05");
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("the form stays open");
    };
    assert!(
        form.error
            .as_deref()
            .is_some_and(|e| e.contains("after today")),
        "{:?}",
        form.error
    );
    assert!(app.assessment.items.is_empty());
}

#[test]
fn t_cycles_the_colour_themes() {
    let mut app = empty();
    assert_eq!(app.theme.name, "dark");
    update(&mut app, ch('T'));
    assert_eq!(app.theme.name, "light");
    update(&mut app, ch('T'));
    assert_eq!(app.theme.name, "high-contrast");
    update(&mut app, ch('T'));
    assert_eq!(app.theme.name, "dark");
    app.theme = crate::tui::theme::Theme::monochrome();
    update(&mut app, ch('T'));
    assert_eq!(app.theme.name, "no-color", "NO_COLOR stays");
}

#[test]
fn prefilled_fields_put_the_cursor_at_the_end() {
    let mut app = example();
    select(&mut app, "A.5.1");
    update(&mut app, ch('o'));
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("owner input");
    };
    let owner = form.fields[0].text();
    assert_eq!(form.fields[0].textarea.cursor(), (0, owner.chars().count()));
    let mut start =
        crate::tui::start::StartState::new(app.catalog, std::path::Path::new("none"), &[]);
    start.open_form(app.catalog);
    let form = start.form.expect("form");
    assert_eq!(
        form.scope.cursor(),
        (0, crate::tui::start::DEFAULT_SCOPE.chars().count())
    );
}

#[test]
fn an_existing_export_is_replaced_only_when_asked() {
    let mut app = example();
    app.export_dir = std::path::PathBuf::from("exports");
    update(&mut app, ch('x'));
    let effects = update(&mut app, key(KeyCode::Enter));
    let [Effect::Export(request)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(!request.overwrite);
    update(&mut app, Msg::ExportExists(request.clone()));
    let Some(Overlay::Ask(_)) = &app.overlay else {
        panic!("asks before replacing");
    };
    // n: back to the form, on the file name.
    assert!(update(&mut app, ch('n')).is_empty());
    let Some(Overlay::Export(form)) = &app.overlay else {
        panic!("back in the export form");
    };
    assert_eq!(form.focus, 3);
    let effects = update(&mut app, key(KeyCode::Enter));
    update(&mut app, Msg::ExportExists(request.clone()));
    assert_eq!(effects.len(), 1);
    assert_eq!(
        update(&mut app, ch('y')),
        [Effect::Export(crate::tui::effect::ExportRequest {
            overwrite: true,
            ..request.clone()
        })]
    );
}

#[test]
fn the_start_screen_opens_and_creates_through_the_runtime() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("acme.toml");
    std::fs::write(
        &file,
        "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"Acme\"\n",
    )
    .expect("write");
    let start = crate::tui::start::StartState::new(Catalog::builtin(), dir.path(), &[]);
    let mut app = App::start(Catalog::builtin(), start, today());
    assert_eq!(app.layer(), crate::tui::keys::Layer::Start);
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        [Effect::Open(file.clone())]
    );
    // New: the form, and Esc over typed text asks.
    update(&mut app, ch('n'));
    typed(&mut app, "Fabrikam");
    update(&mut app, key(KeyCode::Esc));
    assert!(matches!(&app.overlay, Some(Overlay::Ask(_))));
    update(&mut app, ch('n'));
    for _ in 0..3 {
        update(&mut app, key(KeyCode::Enter));
    }
    assert_eq!(
        app.layer(),
        crate::tui::keys::Layer::Lists,
        "on the licences"
    );
    update(&mut app, ch(' '));
    let effects = update(&mut app, key(KeyCode::Enter));
    let [Effect::Create { path, assessment }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(path, &dir.path().join("fabrikam.toml"));
    assert_eq!(assessment.organisation, "Fabrikam");
    assert_eq!(assessment.licences, ["m365-business-premium"]);
    // The runtime opened it: the workshop shows it.
    update(
        &mut app,
        Msg::Opened {
            assessment: (**assessment).clone(),
            file_name: "fabrikam.toml".into(),
            export_dir: dir.path().join("exports"),
            read_only: false,
            warning: None,
        },
    );
    assert_eq!(app.screen, Screen::Workshop);
    assert_eq!(app.assessment.organisation, "Fabrikam");
    assert!(app.start.is_none());
}

#[test]
fn every_text_input_is_a_field_the_table_says_is_edited_as_text() {
    use crate::assessment::{Edit, FIELDS};
    use crate::tui::app::TextField;
    for f in [
        TextField::OWNER,
        TextField::RELIANCE,
        TextField::JUSTIFICATION,
        TextField::FOLLOW_UP,
        TextField::NOTES,
    ] {
        assert!(f.field().def().edit.text_input().is_some(), "{f:?}");
    }
    // And every field the table edits as text has its command.
    let text_fields = FIELDS.iter().filter(|d| d.edit != Edit::Other).count();
    assert_eq!(text_fields, 5);
    assert!(TextField::NOTES.multiline() && !TextField::OWNER.multiline());
    assert_eq!(TextField::FOLLOW_UP.name(), "Follow-up");
}
