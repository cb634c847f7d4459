//! `update` as pure logic: messages in, state and effects out.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::assessment::{Answer, InclusionReason, parse_assessment};
use crate::catalog::Catalog;
use crate::report::{Audience, ExportKind};
use crate::tui::app::{Filter, Overlay, Screen, Status};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).expect("date")
}

fn example() -> App {
    let text = include_str!("../../../assessments/example.toml");
    let (a, _) = parse_assessment(text, Catalog::builtin()).expect("example is valid");
    App::new(Catalog::builtin(), a, "example.toml", today())
}

fn empty() -> App {
    App::new(
        Catalog::builtin(),
        Assessment::new(Catalog::builtin().id(), "Contoso"),
        "contoso.toml",
        today(),
    )
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, ch(c));
    }
}

fn select(app: &mut App, id: &str) {
    app.selected = app.catalog.position(id).expect("id");
}

#[test]
fn opening_selects_the_first_unanswered_item() {
    let app = example();
    assert_eq!(app.selected_id(), "4.2");
    assert_eq!(empty().selected_id(), "4.1");
}

#[test]
fn one_key_answers_and_asks_for_a_save_and_the_selection_stays() {
    let mut app = empty();
    let effects = update(&mut app, ch('4'));
    assert_eq!(effects, [Effect::Persist]);
    assert_eq!(app.assessment.item("4.1").answer, Some(Answer::Gap));
    assert_eq!(app.selected_id(), "4.1");
    // The same answer again changes nothing and writes nothing.
    assert!(update(&mut app, ch('4')).is_empty());
    for (c, answer) in [
        ('1', Some(Answer::MicrosoftProvides)),
        ('2', Some(Answer::Shared)),
        ('3', Some(Answer::WeManage)),
        ('5', Some(Answer::NotApplicable)),
        ('0', None),
    ] {
        assert_eq!(update(&mut app, ch(c)), [Effect::Persist]);
        assert_eq!(app.assessment.item("4.1").answer, answer, "{c}");
    }
    assert!(
        !app.assessment.items.contains_key("4.1"),
        "an emptied item leaves the file"
    );
}

#[test]
fn moving_never_writes() {
    let mut app = empty();
    for msg in [
        key(KeyCode::Down),
        ch('j'),
        ch('k'),
        key(KeyCode::PageDown),
        key(KeyCode::End),
        key(KeyCode::Home),
        ch(']'),
        ch('['),
        ch('n'),
        ch('s'),
        ch('s'),
        ch('?'),
        key(KeyCode::Esc),
    ] {
        assert!(update(&mut app, msg.clone()).is_empty(), "{msg:?}");
    }
}

#[test]
fn navigation_follows_the_catalog_and_themes() {
    let mut app = empty();
    update(&mut app, ch('j'));
    assert_eq!(app.selected_id(), "4.2");
    update(&mut app, ch(']'));
    assert_eq!(app.selected_id(), "A.5.1");
    update(&mut app, ch(']'));
    assert_eq!(app.selected_id(), "A.6.1");
    update(&mut app, key(KeyCode::Down));
    update(&mut app, ch('['));
    assert_eq!(
        app.selected_id(),
        "A.6.1",
        "first back to the start of the theme"
    );
    update(&mut app, ch('['));
    assert_eq!(app.selected_id(), "A.5.1");
    update(&mut app, key(KeyCode::End));
    assert_eq!(app.selected_id(), "A.8.34");
    update(&mut app, key(KeyCode::Down));
    assert_eq!(app.selected_id(), "A.8.34", "stops at the end");
    update(&mut app, key(KeyCode::Home));
    assert_eq!(app.selected_id(), "4.1");
}

#[test]
fn next_unanswered_skips_answered_items_and_wraps() {
    let mut app = example();
    select(&mut app, "4.3");
    update(&mut app, ch('n'));
    assert_eq!(app.selected_id(), "4.4");
    select(&mut app, "A.8.30");
    update(&mut app, ch('n'));
    assert_eq!(app.selected_id(), "A.8.32");
    select(&mut app, "A.8.34");
    update(&mut app, ch('n'));
    assert_eq!(app.selected_id(), "4.2", "wraps to the top");
}

#[test]
fn owner_input_completes_from_owners_in_the_file() {
    let mut app = example();
    select(&mut app, "4.4");
    update(&mut app, ch('o'));
    typed(&mut app, "prya");
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("owner input open");
    };
    assert_eq!(
        form.fields[0].completions.first().map(String::as_str),
        Some("Priya Shah (IT Manager)")
    );
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(update(&mut app, key(KeyCode::Enter)), [Effect::Persist]);
    assert!(app.overlay.is_none());
    assert_eq!(
        app.assessment.item("4.4").owner(),
        Some("Priya Shah (IT Manager)")
    );
}

#[test]
fn typed_owner_is_kept_and_escape_changes_nothing() {
    let mut app = empty();
    update(&mut app, ch('o'));
    typed(&mut app, "CISO");
    // Esc over typed text asks before throwing it away.
    assert_eq!(update(&mut app, key(KeyCode::Esc)), []);
    assert!(matches!(&app.overlay, Some(Overlay::Ask(_))), "asks");
    assert_eq!(update(&mut app, ch('y')), []);
    assert!(app.overlay.is_none());
    assert_eq!(app.assessment.item("4.1").owner, None);
    update(&mut app, ch('o'));
    typed(&mut app, "  CISO ");
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.assessment.item("4.1").owner.as_deref(), Some("CISO"));
    // Keys typed into the box do not answer items.
    assert_eq!(app.assessment.item("4.1").answer, None);
}

#[test]
fn notes_are_multi_line_and_saved_with_ctrl_s() {
    let mut app = empty();
    update(&mut app, key(KeyCode::Enter));
    typed(&mut app, "first");
    update(&mut app, key(KeyCode::Enter));
    typed(&mut app, "second");
    let effects = update(
        &mut app,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    assert_eq!(effects, [Effect::Persist]);
    assert_eq!(
        app.assessment.item("4.1").notes.as_deref(),
        Some("first\nsecond\n")
    );
}

#[test]
fn evidence_form_records_today_by_default_and_checks_dates() {
    let mut app = empty();
    update(&mut app, ch('e'));
    typed(&mut app, "Board minutes");
    update(&mut app, key(KeyCode::Enter));
    typed(&mut app, "SharePoint");
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(update(&mut app, key(KeyCode::Enter)), [Effect::Persist]);
    let e = &app.assessment.item("4.1").evidence[0];
    assert_eq!(e.what, "Board minutes");
    assert_eq!(e.location.as_deref(), Some("SharePoint"));
    assert_eq!(e.date, Some(today()));

    update(&mut app, ch('e'));
    typed(&mut app, "x");
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, key(KeyCode::Tab));
    for _ in 0..10 {
        update(&mut app, key(KeyCode::Backspace));
    }
    typed(&mut app, "2026-13-01");
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("the form stays open");
    };
    assert!(
        form.error
            .as_deref()
            .is_some_and(|e| e.contains("2026-13-01"))
    );
    assert_eq!(app.assessment.item("4.1").evidence.len(), 1);
}

#[test]
fn action_form_edits_the_action() {
    let mut app = example();
    select(&mut app, "A.8.13");
    update(&mut app, ch('a'));
    typed(&mut app, "Buy Microsoft 365 Backup");
    update(&mut app, key(KeyCode::Enter));
    typed(&mut app, "CFO");
    update(&mut app, key(KeyCode::Enter));
    typed(&mut app, "2027-03-31");
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(update(&mut app, key(KeyCode::Enter)), [Effect::Persist]);
    let action = app
        .assessment
        .item("A.8.13")
        .action
        .clone()
        .expect("action");
    assert!(action.is_tracked());
    assert_eq!(action.due, NaiveDate::from_ymd_opt(2027, 3, 31));
    // The gap is now tracked, not untracked.
    let kinds: Vec<_> = app.analysis.by_item[app.selected]
        .iter()
        .map(|f| f.kind)
        .collect();
    assert!(
        kinds.contains(&crate::analysis::FindingKind::TrackedGap),
        "{kinds:?}"
    );
}

#[test]
fn reviewed_uses_todays_date_and_follow_up_and_reliance_are_text_fields() {
    let mut app = empty();
    update(&mut app, ch('r'));
    assert_eq!(app.assessment.item("4.1").reviewed, Some(today()));
    update(&mut app, ch('p'));
    typed(&mut app, "Ask legal about climate");
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(
        app.assessment.item("4.1").follow_up.as_deref(),
        Some("Ask legal about climate")
    );
    update(&mut app, ch('R'));
    typed(&mut app, "SOC 2");
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, ch('J'));
    typed(&mut app, "Because");
    update(&mut app, key(KeyCode::Enter));
    let r = app.assessment.item("4.1");
    assert_eq!(
        (r.reliance.as_deref(), r.justification.as_deref()),
        (Some("SOC 2"), Some("Because"))
    );
}

#[test]
fn undo_and_redo_cover_every_change_including_text() {
    let mut app = empty();
    update(&mut app, ch('3'));
    update(&mut app, ch('o'));
    typed(&mut app, "CISO");
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, key(KeyCode::Down));
    assert_eq!(update(&mut app, ch('u')), [Effect::Persist]);
    assert_eq!(
        app.selected_id(),
        "4.1",
        "undo goes back to the changed item"
    );
    assert_eq!(app.assessment.item("4.1").owner, None);
    assert_eq!(app.assessment.item("4.1").answer, Some(Answer::WeManage));
    update(&mut app, ch('u'));
    assert!(app.assessment.items.is_empty());
    assert!(update(&mut app, ch('u')).is_empty(), "nothing left");
    let redo = Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
    update(&mut app, redo.clone());
    update(&mut app, redo);
    assert_eq!(app.assessment.item("4.1").owner.as_deref(), Some("CISO"));
    // A new change drops the redo history.
    update(&mut app, ch('u'));
    update(&mut app, ch('4'));
    assert!(app.redo.is_empty());
}

#[test]
fn filters_narrow_the_list_and_clear() {
    let mut app = example();
    update(&mut app, ch('f'));
    update(&mut app, key(KeyCode::Down)); // gaps
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.filter, Some(Filter::Gaps));
    let visible = app.visible();
    assert!(
        visible
            .iter()
            .all(|&p| app.answer_at(p) == Some(Answer::Gap))
    );
    assert!(visible.contains(&app.selected));
    update(&mut app, ch('j'));
    assert_eq!(app.answer_at(app.selected), Some(Answer::Gap));
    update(&mut app, ch('F'));
    assert_eq!(app.filter, None);

    for (filter, expect) in [
        (Filter::Unanswered, "4.2"),
        (Filter::WithFindings, "6.1.2"),
        (Filter::FollowUps, "A.5.30"),
        (Filter::Theme(crate::catalog::Theme::People), "A.6.1"),
        (Filter::Owner("office manager".into()), "A.7.1"),
        (Filter::DueForReview, "6.1.2"),
    ] {
        app.filter = Some(filter.clone());
        let first = (0..app.catalog.items().len())
            .find(|&p| app.passes(p, Some(&filter)))
            .map(|p| app.catalog.items()[p].id.clone());
        if expect.is_empty() {
            assert_eq!(first, None, "{filter:?}");
        } else {
            assert_eq!(first.as_deref(), Some(expect), "{filter:?}");
        }
    }
}

#[test]
fn jump_finds_by_id_title_keyword_and_capability() {
    let mut app = example();
    for (query, expect) in [
        ("a.8.24", "A.8.24"),
        ("cryptography", "A.8.24"),
        ("backup", "A.8.13"),
        ("Privileged Identity Management", "A.8.2"),
    ] {
        update(&mut app, ch('/'));
        typed(&mut app, query);
        let Some(Overlay::Jump(jump)) = &app.overlay else {
            panic!("jump open");
        };
        let ids: Vec<&str> = jump
            .results
            .iter()
            .take(3)
            .map(|&p| app.catalog.items()[p].id.as_ref())
            .collect();
        assert!(ids.contains(&expect), "{query}: {ids:?}");
        update(&mut app, key(KeyCode::Esc));
    }
    update(&mut app, ch('/'));
    typed(&mut app, "A.8.24");
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.selected_id(), "A.8.24");
}

#[test]
fn jump_reveals_an_item_hidden_by_the_filter() {
    let mut app = example();
    app.filter = Some(Filter::Gaps);
    update(&mut app, ch('/'));
    typed(&mut app, "A.5.1 ");
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.selected_id(), "A.5.1");
    assert_eq!(app.filter, None);
}

#[test]
fn summary_enter_opens_the_findings_item() {
    let mut app = example();
    update(&mut app, ch('s'));
    assert_eq!(app.screen, Screen::Summary);
    let first = app.analysis.summary.findings[0].clone();
    assert_eq!(
        first.severity,
        crate::analysis::Severity::High,
        "worst first"
    );
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Workshop);
    assert_eq!(Some(app.selected_id()), first.item.as_deref());
}

#[test]
fn a_failed_save_is_shown_and_quit_asks_twice() {
    let mut app = empty();
    update(&mut app, ch('4'));
    update(
        &mut app,
        Msg::SaveFailed {
            message: "disk full".into(),
        },
    );
    assert!(app.unsaved);
    assert!(matches!(&app.status, Status::Error(e) if e.contains("disk full")));
    assert_eq!(update(&mut app, ch('q')), [], "first q warns");
    assert_eq!(update(&mut app, ch('q')), [Effect::Quit]);
}

#[test]
fn another_programs_change_is_merged_in_and_saved() {
    let mut app = example();
    update(&mut app, ch('3'));
    // The runtime merged the disk version in: their owner for 4.1, our answer.
    let mut merged = app.assessment.clone();
    merged.item_mut("4.1").owner = Some("Board".into());
    let effects = update(
        &mut app,
        Msg::Merged {
            assessment: merged.clone(),
            new_conflicts: Vec::new(),
        },
    );
    assert_eq!(effects, [Effect::Persist], "the merged version is saved");
    assert_eq!(app.assessment, merged);
    assert!(app.undo.is_empty(), "undo cannot reach back past the merge");
    assert!(matches!(&app.status, Status::Info(s) if s.contains("merged")));
    update(
        &mut app,
        Msg::Merged {
            assessment: merged,
            new_conflicts: vec!["4.2 answer: ours we-manage, theirs gap".into()],
        },
    );
    assert!(
        matches!(&app.status, Status::Warning(s) if s.contains("1 conflict") && s.contains("m settles"))
    );
}

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

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn example_on(date: &str) -> App {
    let text = include_str!("../../../assessments/example.toml");
    let (a, _) = parse_assessment(text, Catalog::builtin()).expect("example is valid");
    App::new(
        Catalog::builtin(),
        a,
        "example.toml",
        date.parse().expect("date"),
    )
}

fn kinds_of(app: &App, id: &str) -> Vec<crate::analysis::FindingKind> {
    let pos = app.catalog.position(id).expect("id");
    app.analysis.by_item[pos].iter().map(|f| f.kind).collect()
}

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
