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
    let text = include_str!("../../../../assessments/example.toml");
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

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn example_on(date: &str) -> App {
    let text = include_str!("../../../../assessments/example.toml");
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

mod flows;
mod more;

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
