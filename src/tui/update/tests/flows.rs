//! Merges, conflicts, quitting, paste, sessions, exports, inclusion,
//! the too-small screen, rebinding, the form guards and undo messages.

use super::*;

#[test]
fn merge_conflicts_are_settled_one_by_one() {
    use crate::assessment::{Conflict, Field, FieldValue, Place};
    let mut app = example();
    select(&mut app, "A.5.1");
    let conflict = |field, ours: &str, theirs: &str| Conflict {
        place: Place::Item("A.5.1".into()),
        field,
        ours: Some(FieldValue::Text(ours.into())),
        theirs: Some(FieldValue::Text(theirs.into())),
    };
    app.assessment.conflicts = vec![
        conflict(Field::Owner, "Priya Shah (IT Manager)", "CISO"),
        conflict(Field::Reliance, "a", "b"),
    ];
    app.refresh();
    let kinds: Vec<_> = app.analysis.by_item[app.selected]
        .iter()
        .map(|f| f.kind)
        .collect();
    assert!(kinds.contains(&crate::analysis::FindingKind::MergeConflict));
    update(&mut app, ch('m'));
    let Some(Overlay::Conflicts { indices, .. }) = &app.overlay else {
        panic!("conflicts open");
    };
    assert_eq!(indices, &[0, 1]);
    assert_eq!(update(&mut app, ch('t')), [Effect::Persist]);
    assert_eq!(app.assessment.item("A.5.1").owner.as_deref(), Some("CISO"));
    assert_eq!(app.assessment.conflicts.len(), 1);
    assert_eq!(update(&mut app, ch('o')), [Effect::Persist]);
    assert!(app.assessment.conflicts.is_empty());
    assert!(app.overlay.is_none());
    // Undo brings a conflict back.
    update(&mut app, ch('u'));
    assert_eq!(app.assessment.conflicts.len(), 1);
}

#[test]
fn quit_is_immediate_when_everything_is_saved() {
    let mut app = empty();
    update(&mut app, ch('3'));
    update(
        &mut app,
        Msg::Saved {
            at: "10:00:00".into(),
        },
    );
    assert_eq!(update(&mut app, ch('q')), [Effect::Quit]);
    let ctrl_c = Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    update(&mut app, ch('o'));
    assert_eq!(
        update(&mut app, ctrl_c),
        [Effect::Quit],
        "even from a text box"
    );
}

#[test]
fn paste_goes_into_the_open_text_box_only() {
    let mut app = empty();
    assert!(update(&mut app, Msg::Paste("1234".into())).is_empty());
    assert!(
        app.assessment.items.is_empty(),
        "a paste never answers items"
    );
    update(&mut app, ch('o'));
    update(&mut app, Msg::Paste("Head of\nIT\u{1b}[2J".into()));
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(
        app.assessment.item("4.1").owner.as_deref(),
        Some("Head of IT[2J")
    );
}

#[test]
fn a_clause_left_to_microsoft_is_flagged_at_once() {
    let mut app = empty();
    update(&mut app, ch('1'));
    assert!(matches!(&app.status, Status::Warning(w) if w.contains("clauses 4–10")));
    let kinds: Vec<_> = app.analysis.by_item[app.selected]
        .iter()
        .map(|f| f.kind)
        .collect();
    assert!(kinds.contains(&crate::analysis::FindingKind::NotThePlatformsJob));
}

#[test]
fn a_session_is_recorded_and_the_answers_given_in_it_are_attributed() {
    let mut app = example();
    update(&mut app, ch('W'));
    update(&mut app, key(KeyCode::Enter)); // date: today
    // The facilitator of the last session is offered; this is another one.
    for _ in 0.."Alex Morgan (consultant)".len() {
        update(&mut app, key(KeyCode::Backspace));
    }
    typed(&mut app, "Alex");
    update(&mut app, key(KeyCode::Enter));
    typed(&mut app, "Priya, Sam ;Kim");
    assert_eq!(update(&mut app, key(KeyCode::Enter)), [Effect::Persist]);
    let session = app.assessment.sessions.last().expect("session").clone();
    assert_eq!(session.id, "2026-11-28");
    assert_eq!(session.facilitator.as_deref(), Some("Alex"));
    assert_eq!(session.attendees, ["Priya", "Sam", "Kim"]);
    assert_eq!(app.active_session.as_deref(), Some("2026-11-28"));

    update(&mut app, ch('3'));
    assert_eq!(
        app.assessment.item("4.2").session.as_deref(),
        Some("2026-11-28")
    );
    // Ending the session stops the attribution and writes nothing.
    assert!(update(&mut app, ch('W')).is_empty());
    update(&mut app, ch('j'));
    update(&mut app, ch('4'));
    assert_eq!(
        app.assessment.item("4.3").session.as_deref(),
        Some("2026-11-03"),
        "unchanged"
    );
    // Undo takes the session back out too.
    update(&mut app, ch('u'));
    update(&mut app, ch('u'));
    update(&mut app, ch('u'));
    assert_eq!(app.assessment.sessions.len(), 2);
}

#[test]
fn x_offers_every_export_and_asks_the_runtime_to_write_it() {
    let mut app = example();
    app.export_dir = std::path::PathBuf::from("out");
    update(&mut app, ch('s'));
    update(&mut app, ch('x'));
    let Some(Overlay::Export(form)) = &app.overlay else {
        panic!("export form open");
    };
    assert_eq!(form.kind, ExportKind::Soa);
    assert_eq!(
        form.path.lines()[0],
        std::path::Path::new("out")
            .join("tailspin-analytics-ltd-statement-of-applicability-2026-11-28.xlsx")
            .display()
            .to_string(),
        "named after the organisation, the document and the date"
    );
    // Next kind, then its second format; the file name follows.
    update(&mut app, key(KeyCode::Right));
    update(&mut app, key(KeyCode::Down));
    update(&mut app, key(KeyCode::Right));
    let effects = update(&mut app, key(KeyCode::Enter));
    assert_eq!(
        effects,
        [Effect::Export(crate::tui::effect::ExportRequest {
            kind: ExportKind::GapReport,
            format: crate::report::ExportFormat::Markdown,
            audience: Audience::Internal,
            path: std::path::Path::new("out")
                .join("tailspin-analytics-ltd-gap-report-2026-11-28.md"),
            overwrite: false,
        })]
    );
    // The runtime reports back; the warnings are shown to be read.
    update(
        &mut app,
        Msg::Exported {
            path: "out/x.md".into(),
            warnings: vec!["A.8.30 is excluded with no justification.".into()],
        },
    );
    let Some(Overlay::Notice { lines, .. }) = &app.overlay else {
        panic!("notice");
    };
    assert!(lines.iter().any(|l| l.contains("A.8.30")));
    update(&mut app, ch('q'));
    assert!(app.overlay.is_none(), "any key closes the notice");
}

#[test]
fn inclusion_reasons_are_ticked_for_controls_only() {
    let mut app = example();
    update(&mut app, ch('I'));
    assert!(app.overlay.is_none(), "4.2 is a clause");
    select(&mut app, "A.5.3");
    update(&mut app, ch('I'));
    update(&mut app, ch(' '));
    update(&mut app, key(KeyCode::Down));
    update(&mut app, key(KeyCode::Down));
    update(&mut app, ch(' '));
    assert_eq!(update(&mut app, key(KeyCode::Enter)), [Effect::Persist]);
    assert_eq!(
        app.assessment.item("A.5.3").included_because,
        [
            InclusionReason::RiskAssessment,
            InclusionReason::Contractual
        ]
    );
}

// --- issue 11: the workshop a facilitator trusts in front of a client ---

#[test]
fn while_the_screen_asks_to_be_enlarged_no_key_changes_the_assessment() {
    let mut app = empty();
    app.too_small = true;
    for msg in [
        ch('4'),
        ch('1'),
        ch('o'),
        ch('u'),
        key(KeyCode::Enter),
        ch('x'),
    ] {
        assert!(update(&mut app, msg.clone()).is_empty(), "{msg:?}");
    }
    assert!(app.assessment.items.is_empty());
    assert!(app.overlay.is_none(), "no form opened unseen");
    assert_eq!(
        update(&mut app, ch('q')),
        [Effect::Quit],
        "quit still works"
    );

    // With text typed in a form, even quitting waits for a screen to see it on.
    let mut app = empty();
    update(&mut app, ch('o'));
    typed(&mut app, "CISO");
    app.too_small = true;
    assert!(update(&mut app, ctrl('c')).is_empty());
    assert!(matches!(&app.status, Status::Warning(w) if w.contains("Enlarge")));
    app.too_small = false;
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.assessment.item("4.1").owner.as_deref(), Some("CISO"));
}

#[test]
fn rebound_keys_are_the_ones_status_texts_name() {
    let mut app = empty();
    let (keymap, warnings) = app.keymap.with_overrides(&[
        crate::tui::keys::Override {
            layer: None,
            command: "answer_not_applicable".into(),
            keys: vec!["x".into()],
            at: "config.toml:2:1".into(),
        },
        crate::tui::keys::Override {
            layer: None,
            command: "edit_justification".into(),
            keys: vec!["j".into()],
            at: "config.toml:3:1".into(),
        },
        crate::tui::keys::Override {
            layer: None,
            command: "export".into(),
            keys: vec!["X".into()],
            at: "config.toml:4:1".into(),
        },
        crate::tui::keys::Override {
            layer: None,
            command: "move_down".into(),
            keys: vec!["down".into()],
            at: "config.toml:5:1".into(),
        },
    ]);
    assert!(warnings.is_empty(), "{warnings:?}");
    app.keymap = keymap;
    select(&mut app, "A.5.1");
    update(&mut app, ch('x'));
    assert_eq!(
        app.assessment.item("A.5.1").answer,
        Some(Answer::NotApplicable)
    );
    assert!(
        matches!(&app.status, Status::Warning(w) if w.contains("press j")),
        "{:?}",
        app.status
    );
    update(&mut app, ch('f'));
    update(&mut app, key(KeyCode::Enter));
    assert!(
        matches!(&app.status, Status::Info(s) if s.contains("F clears")),
        "{:?}",
        app.status
    );
}

#[test]
fn escape_in_a_changed_form_asks_and_no_keeps_editing() {
    let mut app = empty();
    update(&mut app, key(KeyCode::Enter)); // notes
    typed(&mut app, "The board wants a yearly review");
    update(&mut app, key(KeyCode::Esc));
    let Some(Overlay::Ask(ask)) = &app.overlay else {
        panic!("asks");
    };
    assert!(ask.title.contains("notes of 4.1"), "{}", ask.title);
    // n: back in the notes with every character.
    update(&mut app, ch('n'));
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("back in the form");
    };
    assert_eq!(form.fields[0].text(), "The board wants a yearly review");
    // Esc on the question goes back too.
    update(&mut app, key(KeyCode::Esc));
    update(&mut app, key(KeyCode::Esc));
    assert!(matches!(&app.overlay, Some(Overlay::Form(_))));
    update(&mut app, ctrl('s'));
    assert_eq!(
        app.assessment.item("4.1").notes.as_deref(),
        Some("The board wants a yearly review\n")
    );
    // A form nothing was typed in closes at once.
    update(&mut app, ch('e'));
    update(&mut app, key(KeyCode::Esc));
    assert!(app.overlay.is_none());
}

#[test]
fn ctrl_c_in_a_changed_form_is_the_quit_guard() {
    // Esc: back to the form.
    let mut app = empty();
    update(&mut app, ch('a'));
    typed(&mut app, "Write the policy");
    assert!(
        update(&mut app, ctrl('c')).is_empty(),
        "never a silent quit"
    );
    assert!(matches!(&app.overlay, Some(Overlay::Ask(_))));
    update(&mut app, key(KeyCode::Esc));
    assert!(matches!(&app.overlay, Some(Overlay::Form(_))));
    // y: saved, and the quit follows the save.
    update(&mut app, ctrl('c'));
    assert_eq!(update(&mut app, ch('y')), [Effect::Persist]);
    assert_eq!(
        app.assessment
            .item("4.1")
            .action
            .as_ref()
            .map(|a| a.what.as_str()),
        Some("Write the policy")
    );
    assert_eq!(
        update(
            &mut app,
            Msg::Saved {
                at: "10:00:00".into()
            }
        ),
        [Effect::Quit]
    );
    // n: quit without it (the user said so).
    let mut app = empty();
    update(&mut app, ch('o'));
    typed(&mut app, "CISO");
    update(&mut app, ctrl('c'));
    assert_eq!(update(&mut app, ch('n')), [Effect::Quit]);
    // A save that fails does not quit.
    let mut app = empty();
    update(&mut app, ch('o'));
    typed(&mut app, "CISO");
    update(&mut app, ctrl('c'));
    update(&mut app, ch('y'));
    assert!(
        update(
            &mut app,
            Msg::SaveFailed {
                message: "disk full".into()
            }
        )
        .is_empty()
    );
}

#[test]
fn undo_and_redo_say_what_they_did_and_show_the_item() {
    let mut app = example();
    select(&mut app, "A.7.3");
    update(&mut app, ch('r'));
    select(&mut app, "4.2");
    update(&mut app, ch('s'));
    assert_eq!(update(&mut app, ch('u')), [Effect::Persist]);
    assert_eq!(app.screen, Screen::Workshop, "from the summary too");
    assert_eq!(app.selected_id(), "A.7.3");
    assert_eq!(
        app.status,
        Status::Info("Undid: A.7.3 marked reviewed today".into())
    );
    select(&mut app, "4.2");
    update(&mut app, ctrl('r'));
    assert_eq!(app.selected_id(), "A.7.3");
    assert_eq!(
        app.status,
        Status::Info("Redid: A.7.3 marked reviewed today".into())
    );
    update(&mut app, ch('4'));
    update(&mut app, ch('u'));
    assert_eq!(
        app.status,
        Status::Info("Undid: A.7.3 answered \"Gap\"".into())
    );
}

#[test]
fn moving_on_from_an_item_that_left_the_filter_does_not_skip_the_next() {
    let mut app = empty();
    update(&mut app, ch('f'));
    update(&mut app, key(KeyCode::Enter)); // unanswered
    assert_eq!(app.filter, Some(Filter::Unanswered));
    select(&mut app, "5.2");
    update(&mut app, ch('3'));
    assert!(!app.passes(app.selected, app.filter.as_ref()));
    assert!(
        app.visible().contains(&app.selected),
        "still shown while selected"
    );
    update(&mut app, ch('j'));
    assert_eq!(app.selected_id(), "5.3");
    assert!(
        !app.visible()
            .contains(&app.catalog.position("5.2").expect("5.2")),
        "and gone once the selection moved on"
    );
    // Backwards as well.
    update(&mut app, ch('3'));
    update(&mut app, ch('k'));
    assert_eq!(app.selected_id(), "5.1");
}
