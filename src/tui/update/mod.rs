//! `update(&mut App, Msg) -> Vec<Effect>`: every state change of the
//! workshop. It touches no file, no clock and no terminal.

use chrono::NaiveDate;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{TextArea, WrapMode};

use super::app::{
    App, ExportForm, Filter, Form, FormKind, Jump, Overlay, Screen, Snapshot, Status, TextField,
    TextInput, UNDO_DEPTH,
};
use super::effect::Effect;
use super::msg::{Command, Msg};
use crate::assessment::{Action, Answer, Assessment, Evidence, non_blank};
use crate::assessment::{InclusionReason, Place, Resolution, resolve_conflict};
use crate::catalog::{ItemKind, Theme as Group};
use crate::report::{Audience, ExportKind, default_file_name};

/// Applies one message.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Run(command) => run(app, command),
        Msg::Key(key) => key_event(app, key),
        Msg::Select(pos) => {
            if app.overlay.is_none() && pos < app.catalog.items().len() {
                select(app, pos);
            }
            Vec::new()
        }
        Msg::ScrollDetail(delta) => {
            app.detail_scroll = app.detail_scroll.saturating_add_signed(delta);
            Vec::new()
        }
        Msg::Saved { at } => {
            app.last_saved = Some(at);
            app.unsaved = false;
            app.quit_armed = false;
            app.disk_invalid = None;
            Vec::new()
        }
        Msg::RetrySave => vec![Effect::Persist],
        Msg::SaveFailed { message } => {
            app.unsaved = true;
            app.status = Status::Error(format!("Not saved: {message}"));
            Vec::new()
        }
        Msg::Paste(text) => {
            match &mut app.overlay {
                Some(Overlay::Text(input)) => {
                    let text = if input.field.multiline() {
                        text
                    } else {
                        text.replace(['\r', '\n'], " ")
                    };
                    input
                        .textarea
                        .insert_str(crate::text::sanitize_multiline(&text));
                }
                Some(Overlay::Jump(jump)) => {
                    jump.textarea.insert_str(crate::text::sanitize(&text));
                    let mut j = jump.clone();
                    search(app, &mut j);
                    app.overlay = Some(Overlay::Jump(j));
                }
                Some(Overlay::Form(form)) => {
                    if let Some((_, t)) = form.fields.get_mut(form.focus) {
                        t.insert_str(crate::text::sanitize(&text));
                    }
                }
                _ => {
                    app.status = Status::Info(
                        "Paste goes into a text box: open one first (o, R, J, Enter).".into(),
                    );
                }
            }
            Vec::new()
        }
        Msg::Exported { path, warnings } => {
            let mut lines = vec![format!("Wrote {path}")];
            if warnings.is_empty() {
                lines.push("No warnings.".into());
            } else {
                lines.push(String::new());
                lines.push("Before you hand it on:".into());
                lines.extend(warnings.into_iter().map(|w| format!("• {w}")));
            }
            app.status = Status::Info(format!("Exported {path}"));
            app.overlay = Some(Overlay::Notice {
                title: "Export written".into(),
                lines,
            });
            Vec::new()
        }
        Msg::ExportFailed(message) => {
            app.status = Status::Error(format!("Export failed: {message}"));
            Vec::new()
        }
        Msg::DiskInvalid { at, problem, aside } => {
            disk_invalid(app, at, &problem, aside);
            Vec::new()
        }
        Msg::Merged {
            assessment,
            new_conflicts,
        } => {
            let changed = app.assessment != assessment;
            app.assessment = assessment;
            // Undoing to a snapshot from before the merge would throw the
            // other side's work away.
            app.undo.clear();
            app.redo.clear();
            app.unsaved = false;
            app.disk_invalid = None;
            app.refresh();
            app.status = match new_conflicts.len() {
                0 if changed => {
                    Status::Info("Another program changed the file: merged its changes.".into())
                }
                0 => Status::Info("The file on disk changed; nothing to merge.".into()),
                n => Status::Warning(format!(
                    "Merged another program's changes with {n} conflict{}: {} (m settles them).",
                    if n == 1 { "" } else { "s" },
                    new_conflicts.join("; ")
                )),
            };
            vec![Effect::Persist]
        }
    }
}

fn key_event(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if app.overlay.is_some() {
        return overlay_key(app, key);
    }
    if app.screen == Screen::Summary && key.code == KeyCode::Enter {
        open_finding(app);
        return Vec::new();
    }
    if app.screen == Screen::Summary && key.code == KeyCode::Esc {
        app.screen = Screen::Workshop;
        return Vec::new();
    }
    match app.keymap.command(&key) {
        Some(command) => run(app, command),
        None => {
            if key.code != KeyCode::Esc {
                app.status = Status::Info("That key does nothing here: ? lists every key.".into());
            }
            Vec::new()
        }
    }
}

fn run(app: &mut App, command: Command) -> Vec<Effect> {
    if app.overlay.is_some() {
        return Vec::new();
    }
    if app.read_only && edits(command) {
        app.status = Status::Warning(super::app::read_only_message(&app.file_name));
        return Vec::new();
    }
    if command != Command::Quit {
        app.quit_armed = false;
    }
    if app.screen == Screen::Summary {
        return run_summary(app, command);
    }
    match command {
        Command::MoveUp => move_by(app, -1),
        Command::MoveDown => move_by(app, 1),
        Command::PageUp => move_by(app, -(app.page.max(1) as isize)),
        Command::PageDown => move_by(app, app.page.max(1) as isize),
        Command::First => move_by(app, isize::MIN / 2),
        Command::Last => move_by(app, isize::MAX / 2),
        Command::NextTheme => next_group(app, true),
        Command::PreviousTheme => next_group(app, false),
        Command::NextUnanswered => next_unanswered(app),
        Command::ScrollDetailDown => app.detail_scroll = app.detail_scroll.saturating_add(3),
        Command::ScrollDetailUp => app.detail_scroll = app.detail_scroll.saturating_sub(3),
        Command::AnswerMicrosoftProvides => return answer(app, Some(Answer::MicrosoftProvides)),
        Command::AnswerShared => return answer(app, Some(Answer::Shared)),
        Command::AnswerWeManage => return answer(app, Some(Answer::WeManage)),
        Command::AnswerGap => return answer(app, Some(Answer::Gap)),
        Command::AnswerNotApplicable => return answer(app, Some(Answer::NotApplicable)),
        Command::ClearAnswer => return answer(app, None),
        Command::EditOwner => open_text(app, TextField::Owner),
        Command::EditReliance => open_text(app, TextField::Reliance),
        Command::EditJustification => open_text(app, TextField::Justification),
        Command::EditNotes => open_text(app, TextField::Notes),
        Command::FollowUp => open_text(app, TextField::FollowUp),
        Command::EditInclusion => {
            let item = &app.catalog.items()[app.selected];
            if item.kind == ItemKind::Clause {
                app.status = Status::Info(
                    "Only Annex A controls are in the Statement of Applicability.".into(),
                );
            } else {
                let current = &app.assessment.item(&item.id).included_because;
                let ticked = InclusionReason::ALL.map(|r| current.contains(&r));
                app.overlay = Some(Overlay::Inclusion { ticked, cursor: 0 });
            }
        }
        Command::Export => open_export(app),
        Command::ResolveConflicts => open_conflicts(app, true),
        Command::StartSession => match app.active_session.take() {
            Some(id) => app.status = Status::Info(format!("Session {id} ended.")),
            None => open_form(app, FormKind::Session),
        },
        Command::AddEvidence => open_form(app, FormKind::Evidence),
        Command::EditAction => open_form(app, FormKind::Action),
        Command::MarkReviewed => {
            let today = app.today;
            return change(app, "Marked reviewed today", |a, id| {
                a.item_mut(id).reviewed = Some(today);
            });
        }
        Command::Jump => {
            let mut jump = Jump {
                textarea: single_line(""),
                results: Vec::new(),
                selected: 0,
            };
            search(app, &mut jump);
            app.overlay = Some(Overlay::Jump(jump));
        }
        Command::Filter => {
            let mut options = vec![
                Filter::Unanswered,
                Filter::Gaps,
                Filter::WithFindings,
                Filter::DueForReview,
                Filter::FollowUps,
            ];
            options.extend(Group::ALL.iter().map(|&t| Filter::Theme(t)));
            options.extend(app.owners().into_iter().map(Filter::Owner));
            let selected = app
                .filter
                .as_ref()
                .and_then(|f| options.iter().position(|o| o == f))
                .unwrap_or(0);
            app.overlay = Some(Overlay::Filter { options, selected });
        }
        Command::ClearFilter => {
            app.filter = None;
            app.status = Status::Info("Showing every item.".into());
        }
        Command::Undo => return undo(app),
        Command::Redo => return redo(app),
        Command::Summary => {
            app.screen = Screen::Summary;
            app.summary_selected = app
                .summary_selected
                .min(app.analysis.summary.findings.len().saturating_sub(1));
        }
        Command::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Command::Quit => return quit(app),
    }
    Vec::new()
}

fn run_summary(app: &mut App, command: Command) -> Vec<Effect> {
    let n = app.analysis.summary.findings.len();
    let last = n.saturating_sub(1);
    let s = &mut app.summary_selected;
    match command {
        Command::MoveUp => *s = s.saturating_sub(1),
        Command::MoveDown => *s = (*s + 1).min(last),
        Command::PageUp => *s = s.saturating_sub(app.page.max(1)),
        Command::PageDown => *s = (*s + app.page.max(1)).min(last),
        Command::First => *s = 0,
        Command::Last => *s = last,
        Command::Summary => app.screen = Screen::Workshop,
        Command::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Command::Export => open_export(app),
        Command::Quit => return quit(app),
        Command::Undo => return undo(app),
        Command::Redo => return redo(app),
        _ => {
            app.status = Status::Info(
                "On the summary: Enter opens the finding's item, x exports, s or Esc goes back."
                    .into(),
            );
        }
    }
    Vec::new()
}

fn quit(app: &mut App) -> Vec<Effect> {
    if app.unsaved && !app.quit_armed {
        app.quit_armed = true;
        app.status = Status::Warning(match &app.disk_invalid {
            Some(at) => format!(
                "Press q again to quit: what you see is kept in the side file, not in {} (invalid at {at}).",
                app.file_name
            ),
            None => "Your last change is not in the file. Press q again to quit without it.".into(),
        });
        return Vec::new();
    }
    vec![Effect::Quit]
}

/// Whether a command changes the assessment (refused in a read-only file).
fn edits(command: Command) -> bool {
    match command {
        Command::AnswerMicrosoftProvides
        | Command::AnswerShared
        | Command::AnswerWeManage
        | Command::AnswerGap
        | Command::AnswerNotApplicable
        | Command::ClearAnswer
        | Command::EditOwner
        | Command::AddEvidence
        | Command::EditAction
        | Command::MarkReviewed
        | Command::EditReliance
        | Command::EditJustification
        | Command::EditNotes
        | Command::FollowUp
        | Command::StartSession
        | Command::EditInclusion
        | Command::ResolveConflicts
        | Command::Undo
        | Command::Redo => true,
        Command::MoveUp
        | Command::MoveDown
        | Command::PageUp
        | Command::PageDown
        | Command::First
        | Command::Last
        | Command::NextTheme
        | Command::PreviousTheme
        | Command::NextUnanswered
        | Command::ScrollDetailDown
        | Command::ScrollDetailUp
        | Command::Export
        | Command::Jump
        | Command::Filter
        | Command::ClearFilter
        | Command::Summary
        | Command::Help
        | Command::Quit => false,
    }
}

/// The file on disk turned invalid: NOT SAVED with where, and where what
/// is shown went instead.
fn disk_invalid(app: &mut App, at: String, problem: &str, aside: Result<String, String>) {
    app.unsaved = true;
    app.status = Status::Error(match aside {
        Ok(aside) => format!(
            "Not saved, the file is invalid: what you see is kept in {aside} and goes into the file once it is valid again. {problem}"
        ),
        Err(e) => format!(
            "Not saved, the file is invalid, and the side file could not be written ({e}): keep gapwalk open until the file is valid again. {problem}"
        ),
    });
    app.disk_invalid = Some(at);
}

fn open_finding(app: &mut App) {
    let Some(finding) = app.analysis.summary.findings.get(app.summary_selected) else {
        return;
    };
    if let Some(pos) = finding
        .item
        .as_deref()
        .and_then(|id| app.catalog.position(id))
    {
        app.screen = Screen::Workshop;
        reveal(app, pos);
    } else if finding.kind == crate::analysis::FindingKind::MergeConflict {
        open_conflicts(app, false);
    } else if let Some(owner) = finding.owner.clone() {
        app.screen = Screen::Workshop;
        app.filter = Some(Filter::Owner(owner.clone()));
        if let Some(&pos) = app.visible().first() {
            select(app, pos);
        }
        app.status = Status::Info(format!("Showing the items {owner} owns."));
    }
}

/// Selects an item, clearing a filter that hides it.
fn reveal(app: &mut App, pos: usize) {
    if !app.passes(pos, app.filter.as_ref()) {
        app.filter = None;
        app.status = Status::Info("Filter cleared to show the item.".into());
    }
    select(app, pos);
}

fn select(app: &mut App, pos: usize) {
    if app.selected != pos {
        app.detail_scroll = 0;
    }
    app.selected = pos;
}

/// Moves the selection within the visible list.
fn move_by(app: &mut App, delta: isize) {
    let visible = app.visible();
    if visible.is_empty() {
        return;
    }
    let here = visible
        .iter()
        .position(|&p| p >= app.selected)
        .unwrap_or(visible.len() - 1) as isize;
    let target = (here.saturating_add(delta)).clamp(0, visible.len() as isize - 1) as usize;
    select(app, visible[target]);
}

fn next_group(app: &mut App, forward: bool) {
    let visible = app.visible();
    let items = app.catalog.items();
    let current = items[app.selected].theme;
    let first_of = |theme| visible.iter().copied().find(|&p| items[p].theme == theme);
    let target = if forward {
        visible.iter().copied().find(|&p| items[p].theme > current)
    } else {
        // To the start of this theme, or from there to the previous one.
        match first_of(current) {
            Some(first) if first < app.selected => Some(first),
            _ => visible
                .iter()
                .rev()
                .map(|&p| items[p].theme)
                .find(|&t| t < current)
                .and_then(first_of),
        }
    };
    if let Some(pos) = target {
        select(app, pos);
    }
}

fn next_unanswered(app: &mut App) {
    let visible = app.visible();
    let after = visible.iter().filter(|&&p| p > app.selected);
    let before = visible.iter().filter(|&&p| p <= app.selected);
    match after.chain(before).find(|&&p| app.answer_at(p).is_none()) {
        Some(&pos) => select(app, pos),
        None => app.status = Status::Info("Every item in the list is answered.".into()),
    }
}

/// Records a change to the selected item as one undo step and saves it.
fn change(app: &mut App, what: &str, f: impl FnOnce(&mut Assessment, &str)) -> Vec<Effect> {
    let before = app.assessment.clone();
    let id = app.selected_id().to_string();
    f(&mut app.assessment, &id);
    if let Some(r) = app.assessment.items.get(&id)
        && r.is_empty()
    {
        app.assessment.items.remove(&id);
    }
    if app.assessment == before {
        return Vec::new();
    }
    // Attribute the change to the running session.
    if let Some(session) = &app.active_session
        && let Some(r) = app.assessment.items.get_mut(&id)
    {
        r.session = Some(session.clone());
    }
    app.undo.push(Snapshot {
        assessment: before,
        selected: app.selected,
    });
    if app.undo.len() > UNDO_DEPTH {
        app.undo.remove(0);
    }
    app.redo.clear();
    app.refresh();
    app.status = Status::Info(format!("{what}: {id}"));
    vec![Effect::Persist]
}

fn answer(app: &mut App, answer: Option<Answer>) -> Vec<Effect> {
    let item = &app.catalog.items()[app.selected];
    let what = match answer {
        Some(a) => format!("Answered \"{}\"", a.label()),
        None => "Answer cleared".to_string(),
    };
    let is_clause = item.kind == ItemKind::Clause;
    let effects = change(app, &what, |a, id| a.item_mut(id).answer = answer);
    if is_clause
        && matches!(
            answer,
            Some(Answer::MicrosoftProvides | Answer::NotApplicable)
        )
    {
        app.status = Status::Warning(
            "Recorded, and flagged: clauses 4–10 are always the organisation's own.".into(),
        );
    } else if answer == Some(Answer::MicrosoftProvides)
        && non_blank(app.assessment.item(app.selected_id()).reliance.as_deref()).is_none()
    {
        app.status = Status::Warning(
            "\"Microsoft provides\" needs a reliance (R) and an owner (o) to be more than \"Microsoft handles that\".".into(),
        );
    } else if answer == Some(Answer::NotApplicable)
        && non_blank(
            app.assessment
                .item(app.selected_id())
                .justification
                .as_deref(),
        )
        .is_none()
    {
        app.status = Status::Warning("An exclusion needs a justification: press J.".into());
    }
    effects
}

fn undo(app: &mut App) -> Vec<Effect> {
    let Some(snapshot) = app.undo.pop() else {
        app.status = Status::Info("Nothing to undo.".into());
        return Vec::new();
    };
    app.redo.push(Snapshot {
        assessment: std::mem::replace(&mut app.assessment, snapshot.assessment),
        selected: app.selected,
    });
    reveal(app, snapshot.selected);
    app.refresh();
    app.status = Status::Info("Undone.".into());
    vec![Effect::Persist]
}

fn redo(app: &mut App) -> Vec<Effect> {
    let Some(snapshot) = app.redo.pop() else {
        app.status = Status::Info("Nothing to redo.".into());
        return Vec::new();
    };
    app.undo.push(Snapshot {
        assessment: std::mem::replace(&mut app.assessment, snapshot.assessment),
        selected: app.selected,
    });
    reveal(app, snapshot.selected);
    app.refresh();
    app.status = Status::Info("Redone.".into());
    vec![Effect::Persist]
}

// --- overlays -------------------------------------------------------------

fn single_line(text: &str) -> TextArea<'static> {
    let mut t = TextArea::from([text.to_string()]);
    t.move_cursor(ratatui_textarea::CursorMove::End);
    t
}

fn open_text(app: &mut App, field: TextField) {
    let r = app.assessment.item(app.selected_id());
    let current = match field {
        TextField::Owner => r.owner.clone(),
        TextField::Reliance => r.reliance.clone(),
        TextField::Justification => r.justification.clone(),
        TextField::FollowUp => r.follow_up.clone(),
        TextField::Notes => r.notes.clone(),
    }
    .unwrap_or_default();
    let mut textarea = if field.multiline() {
        let mut t = TextArea::from(current.trim_end_matches('\n').lines().map(String::from));
        t.set_wrap_mode(WrapMode::Word);
        t.move_cursor(ratatui_textarea::CursorMove::Bottom);
        t.move_cursor(ratatui_textarea::CursorMove::End);
        t
    } else {
        single_line(&current.replace('\n', " "))
    };
    textarea.set_cursor_line_style(ratatui::style::Style::default());
    let mut input = TextInput {
        field,
        textarea,
        completions: Vec::new(),
        completion: None,
    };
    complete(app, &mut input);
    app.overlay = Some(Overlay::Text(input));
}

/// Owner completions from the owners already in the file, fuzzy-matched.
fn complete(app: &App, input: &mut TextInput) {
    if input.field != TextField::Owner {
        return;
    }
    let typed = input.textarea.lines().join(" ");
    let owners = app.owners();
    input.completions = if typed.trim().is_empty() {
        owners
    } else {
        let matcher = SkimMatcherV2::default().ignore_case();
        let mut scored: Vec<(i64, String)> = owners
            .into_iter()
            .filter_map(|o| matcher.fuzzy_match(&o, typed.trim()).map(|s| (s, o)))
            .collect();
        scored.sort_by_key(|s| std::cmp::Reverse(s.0));
        scored.into_iter().map(|(_, o)| o).collect()
    };
    input.completions.truncate(8);
    input.completion = None;
}

fn open_form(app: &mut App, kind: FormKind) {
    let r = app.assessment.item(app.selected_id());
    let date = |d: Option<NaiveDate>| d.map_or_else(String::new, |d| d.to_string());
    let fields = match kind {
        FormKind::Evidence => vec![
            ("What shows it operates", single_line("")),
            ("Where it is kept", single_line("")),
            ("Date (YYYY-MM-DD)", single_line(&app.today.to_string())),
        ],
        FormKind::Session => vec![
            ("Date (YYYY-MM-DD)", single_line(&app.today.to_string())),
            ("Facilitator", single_line("")),
            ("Attendees (comma-separated)", single_line("")),
        ],
        FormKind::Action => {
            let a = r.action.clone().unwrap_or_default();
            vec![
                ("What will be done", single_line(&a.what)),
                ("Owner", single_line(a.owner.as_deref().unwrap_or_default())),
                ("Due (YYYY-MM-DD)", single_line(&date(a.due))),
                (
                    "Done (YYYY-MM-DD, empty if open)",
                    single_line(&date(a.done)),
                ),
            ]
        }
    };
    app.overlay = Some(Overlay::Form(Form {
        kind,
        fields,
        focus: 0,
        error: None,
    }));
}

fn overlay_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(overlay) = app.overlay.take() else {
        return Vec::new();
    };
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl_c {
        // Ctrl-C always gets out: close the overlay, then quit.
        return quit(app);
    }
    match overlay {
        Overlay::Help { scroll } => {
            let scroll = match key.code {
                KeyCode::Down | KeyCode::Char('j') => scroll.saturating_add(1),
                KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
                KeyCode::PageDown => scroll.saturating_add(10),
                KeyCode::PageUp => scroll.saturating_sub(10),
                _ => return Vec::new(),
            };
            app.overlay = Some(Overlay::Help { scroll });
            Vec::new()
        }
        Overlay::Notice { .. } => Vec::new(),
        Overlay::Inclusion {
            mut ticked,
            mut cursor,
        } => {
            match key.code {
                KeyCode::Esc => {
                    app.status = Status::Info("Cancelled: nothing changed.".into());
                    return Vec::new();
                }
                KeyCode::Enter => {
                    let reasons: Vec<InclusionReason> = InclusionReason::ALL
                        .into_iter()
                        .zip(ticked)
                        .filter_map(|(r, on)| on.then_some(r))
                        .collect();
                    return change(app, "Inclusion reasons saved", move |a, id| {
                        a.item_mut(id).included_because = reasons;
                    });
                }
                KeyCode::Up | KeyCode::Char('k') => cursor = cursor.saturating_sub(1),
                KeyCode::Down | KeyCode::Char('j') => cursor = (cursor + 1).min(3),
                KeyCode::Char(' ') => ticked[cursor] = !ticked[cursor],
                KeyCode::Char(c @ '1'..='4') => {
                    let i = c as usize - '1' as usize;
                    ticked[i] = !ticked[i];
                    cursor = i;
                }
                _ => {}
            }
            app.overlay = Some(Overlay::Inclusion { ticked, cursor });
            Vec::new()
        }
        Overlay::Export(mut form) => {
            match key.code {
                KeyCode::Esc => return Vec::new(),
                KeyCode::Enter => {
                    let typed = form.path.lines().join("").trim().to_string();
                    if typed.is_empty() {
                        app.status = Status::Error("Name the file to write.".into());
                        app.overlay = Some(Overlay::Export(form));
                        return Vec::new();
                    }
                    let path = std::path::PathBuf::from(typed);
                    return vec![Effect::Export {
                        kind: form.kind,
                        format: form.format,
                        audience: form.audience,
                        path,
                    }];
                }
                KeyCode::Up | KeyCode::BackTab => form.focus = form.focus.saturating_sub(1),
                KeyCode::Down | KeyCode::Tab => form.focus = (form.focus + 1).min(3),
                KeyCode::Left | KeyCode::Right if form.focus < 3 => {
                    let step = if key.code == KeyCode::Right { 1 } else { -1 };
                    cycle_export(&mut form, step);
                    if !form.path_edited {
                        form.path = single_line(&export_path(app, &form));
                    }
                }
                KeyCode::Char(' ') if form.focus < 3 => {
                    cycle_export(&mut form, 1);
                    if !form.path_edited {
                        form.path = single_line(&export_path(app, &form));
                    }
                }
                _ if form.focus == 3 && form.path.input(key) => form.path_edited = true,
                _ => {}
            }
            app.overlay = Some(Overlay::Export(form));
            Vec::new()
        }
        Overlay::Conflicts {
            indices,
            mut selected,
        } => {
            let resolution = match key.code {
                KeyCode::Esc => return Vec::new(),
                KeyCode::Up | KeyCode::Char('k') => {
                    selected = selected.saturating_sub(1);
                    None
                }
                KeyCode::Down | KeyCode::Char('j') => {
                    selected = (selected + 1).min(indices.len().saturating_sub(1));
                    None
                }
                KeyCode::Char('o') => Some(Resolution::KeepOurs),
                KeyCode::Char('t') => Some(Resolution::TakeTheirs),
                _ => None,
            };
            let Some(resolution) = resolution else {
                app.overlay = Some(Overlay::Conflicts { indices, selected });
                return Vec::new();
            };
            let Some(&index) = indices.get(selected) else {
                return Vec::new();
            };
            let mut settled = None;
            let effects = change(app, "Conflict settled", |a, _| {
                settled = resolve_conflict(a, index, resolution);
            });
            if settled.is_none() {
                app.status = Status::Error(
                    "That conflict cannot be settled that way (the other side's session is gone): keep ours.".into(),
                );
            }
            // Indices after the settled one have moved down.
            let remaining: Vec<usize> = indices
                .iter()
                .filter(|&&i| settled.is_none() || i != index)
                .map(|&i| {
                    if settled.is_some() && i > index {
                        i - 1
                    } else {
                        i
                    }
                })
                .collect();
            if !remaining.is_empty() {
                let selected = selected.min(remaining.len() - 1);
                app.overlay = Some(Overlay::Conflicts {
                    indices: remaining,
                    selected,
                });
            }
            effects
        }
        Overlay::Filter {
            options,
            mut selected,
        } => {
            match key.code {
                KeyCode::Esc => return Vec::new(),
                KeyCode::Enter => {
                    if let Some(filter) = options.get(selected).cloned() {
                        apply_filter(app, filter);
                    }
                    return Vec::new();
                }
                KeyCode::Up | KeyCode::Char('k') => selected = selected.saturating_sub(1),
                KeyCode::Down | KeyCode::Char('j') => {
                    selected = (selected + 1).min(options.len().saturating_sub(1));
                }
                KeyCode::Home => selected = 0,
                KeyCode::End => selected = options.len().saturating_sub(1),
                _ => {}
            }
            app.overlay = Some(Overlay::Filter { options, selected });
            Vec::new()
        }
        Overlay::Jump(mut jump) => {
            match key.code {
                KeyCode::Esc => return Vec::new(),
                KeyCode::Enter => {
                    if let Some(&pos) = jump.results.get(jump.selected) {
                        reveal(app, pos);
                    }
                    return Vec::new();
                }
                KeyCode::Up => jump.selected = jump.selected.saturating_sub(1),
                KeyCode::Down | KeyCode::Tab => {
                    jump.selected = (jump.selected + 1).min(jump.results.len().saturating_sub(1));
                }
                _ => {
                    if jump.textarea.input(key) {
                        search(app, &mut jump);
                    }
                }
            }
            app.overlay = Some(Overlay::Jump(jump));
            Vec::new()
        }
        Overlay::Text(mut input) => {
            let newline = key.code == KeyCode::Enter
                && input.field.multiline()
                && (key.modifiers.contains(KeyModifiers::ALT)
                    || key.modifiers.contains(KeyModifiers::SHIFT));
            match key.code {
                KeyCode::Esc => {
                    app.status = Status::Info("Cancelled: nothing changed.".into());
                    return Vec::new();
                }
                KeyCode::Enter if !newline && !input.field.multiline() => {
                    return confirm_text(app, input);
                }
                // In the notes editor Enter is a new line; Ctrl-S or
                // Ctrl-Enter saves (and so does Tab, which terminals always send).
                KeyCode::Char('s') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    return confirm_text(app, input);
                }
                KeyCode::Enter if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    return confirm_text(app, input);
                }
                KeyCode::Tab if input.field.multiline() => return confirm_text(app, input),
                KeyCode::Tab | KeyCode::Down if !input.completions.is_empty() => {
                    let n = input.completions.len();
                    input.completion = Some(input.completion.map_or(0, |c| (c + 1) % n));
                }
                KeyCode::BackTab | KeyCode::Up if !input.completions.is_empty() => {
                    let n = input.completions.len();
                    input.completion = Some(input.completion.map_or(n - 1, |c| (c + n - 1) % n));
                }
                _ => {
                    if newline {
                        input.textarea.insert_newline();
                    } else if input.textarea.input(key) {
                        complete(app, &mut input);
                    }
                }
            }
            app.overlay = Some(Overlay::Text(input));
            Vec::new()
        }
        Overlay::Form(mut form) => {
            match key.code {
                KeyCode::Esc => {
                    app.status = Status::Info("Cancelled: nothing changed.".into());
                    return Vec::new();
                }
                KeyCode::Enter => {
                    if form.focus + 1 < form.fields.len()
                        && !key.modifiers.contains(KeyModifiers::CONTROL)
                    {
                        form.focus += 1;
                    } else {
                        return confirm_form(app, form);
                    }
                }
                KeyCode::Tab | KeyCode::Down => form.focus = (form.focus + 1) % form.fields.len(),
                KeyCode::BackTab | KeyCode::Up => {
                    form.focus = (form.focus + form.fields.len() - 1) % form.fields.len();
                }
                _ => {
                    if let Some((_, t)) = form.fields.get_mut(form.focus) {
                        t.input(key);
                    }
                }
            }
            app.overlay = Some(Overlay::Form(form));
            Vec::new()
        }
    }
}

/// The conflicts to settle: the selected item's, or (if it has none, or
/// `item_first` is false) every conflict in the file.
fn open_conflicts(app: &mut App, item_first: bool) {
    let place = Place::Item(app.selected_id().to_string());
    let mut indices: Vec<usize> = if item_first {
        app.assessment
            .conflicts_at(&place)
            .map(|(i, _)| i)
            .collect()
    } else {
        Vec::new()
    };
    if indices.is_empty() {
        indices = (0..app.assessment.conflicts.len()).collect();
    }
    if indices.is_empty() {
        app.status = Status::Info("No merge conflicts in this file.".into());
    } else {
        app.overlay = Some(Overlay::Conflicts {
            indices,
            selected: 0,
        });
    }
}

fn open_export(app: &mut App) {
    let kind = ExportKind::Soa;
    let mut form = ExportForm {
        kind,
        format: kind.formats()[0],
        audience: Audience::Internal,
        path: single_line(""),
        path_edited: false,
        focus: 0,
    };
    form.path = single_line(&export_path(app, &form));
    app.overlay = Some(Overlay::Export(form));
}

/// The default file for an export: beside the assessment.
fn export_path(app: &App, form: &ExportForm) -> String {
    app.export_dir
        .join(default_file_name(form.kind, form.format, app.today))
        .display()
        .to_string()
}

/// Changes the value of the focused row of the export form.
fn cycle_export(form: &mut ExportForm, step: isize) {
    let next = |i: usize, n: usize| (i as isize + step).rem_euclid(n as isize) as usize;
    match form.focus {
        0 => {
            let i = ExportKind::ALL
                .iter()
                .position(|&k| k == form.kind)
                .unwrap_or(0);
            form.kind = ExportKind::ALL[next(i, ExportKind::ALL.len())];
            form.format = form.kind.formats()[0];
        }
        1 => {
            let formats = form.kind.formats();
            let i = formats.iter().position(|&f| f == form.format).unwrap_or(0);
            form.format = formats[next(i, formats.len())];
        }
        2 => {
            form.audience = match form.audience {
                Audience::Internal => Audience::Public,
                Audience::Public => Audience::Internal,
            };
        }
        _ => {}
    }
}

fn apply_filter(app: &mut App, filter: Filter) {
    let label = filter.label();
    app.filter = Some(filter);
    let visible = app.visible();
    if visible.is_empty() {
        app.status = Status::Info(format!("No item is {label}; F shows every item."));
    } else {
        if !visible.contains(&app.selected) {
            select(app, visible[0]);
        }
        app.status = Status::Info(format!(
            "Showing {} items: {label}. F clears.",
            visible.len()
        ));
    }
}

fn search(app: &App, jump: &mut Jump) {
    let query = jump.textarea.lines().join(" ");
    let query = query.trim();
    jump.selected = 0;
    if query.is_empty() {
        jump.results = (0..app.catalog.items().len()).collect();
        return;
    }
    let matcher = SkimMatcherV2::default().ignore_case();
    let query = query.to_lowercase();
    let words: Vec<&str> = query.split_whitespace().collect();
    let all_in = |text: &str| words.iter().all(|w| text.contains(w));
    let mut scored: Vec<(i64, usize)> = app
        .haystacks
        .iter()
        .enumerate()
        .filter_map(|(pos, h)| {
            // Tiers: the id or title, then a capability, then the guidance,
            // then a loose (fuzzy) match on the id and title for typos.
            let score = if h.head.starts_with(&format!("{query} ")) {
                5000
            } else if h.head.contains(&query) {
                4000 - h.head.len() as i64
            } else if all_in(&h.head) {
                3000
            } else if all_in(&h.capabilities) {
                2000
            } else if all_in(&h.guidance) {
                1000 + words
                    .iter()
                    .map(|w| h.guidance.matches(w).count() as i64)
                    .sum::<i64>()
                    .min(99)
            } else {
                matcher.fuzzy_match(&h.head, &query)?.min(999)
            };
            Some((score, pos))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    jump.results = scored.into_iter().map(|(_, p)| p).take(200).collect();
}

fn confirm_text(app: &mut App, input: TextInput) -> Vec<Effect> {
    let typed = if input.field.multiline() {
        let text = input.textarea.lines().join("\n");
        let text = text.trim_end().to_string();
        if text.is_empty() { text } else { text + "\n" }
    } else {
        input.textarea.lines().join(" ").trim().to_string()
    };
    let value = match (input.field, input.completion) {
        (TextField::Owner, Some(c)) => input.completions.get(c).cloned().unwrap_or(typed),
        _ => typed,
    };
    let value = (!value.trim().is_empty()).then_some(value);
    let field = input.field;
    let what = if value.is_some() {
        format!("{} saved", field.name())
    } else {
        format!("{} cleared", field.name())
    };
    change(app, &what, move |a, id| {
        let r = a.item_mut(id);
        match field {
            TextField::Owner => r.owner = value,
            TextField::Reliance => r.reliance = value,
            TextField::Justification => r.justification = value,
            TextField::FollowUp => r.follow_up = value,
            TextField::Notes => r.notes = value,
        }
    })
}

/// Records a new session and attributes the following changes to it.
fn start_session(
    app: &mut App,
    date: NaiveDate,
    facilitator: Option<String>,
    attendees: Vec<String>,
) -> Vec<Effect> {
    let before = app.assessment.clone();
    let id = app.assessment.next_session_id(date);
    app.assessment.sessions.push(crate::assessment::Session {
        id: id.clone(),
        date: Some(date),
        facilitator,
        attendees,
    });
    app.undo.push(Snapshot {
        assessment: before,
        selected: app.selected,
    });
    app.redo.clear();
    app.active_session = Some(id.clone());
    app.status = Status::Info(format!(
        "Session {id} started: answers from now on are attributed to it. W ends it."
    ));
    vec![Effect::Persist]
}

fn parse_date(label: &str, text: &str) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<NaiveDate>()
        .map(Some)
        .map_err(|_| format!("{label}: \"{text}\" is not a date like 2026-11-28"))
}

fn confirm_form(app: &mut App, mut form: Form) -> Vec<Effect> {
    let value = |i: usize| {
        form.fields
            .get(i)
            .map(|(_, t)| t.lines().join(" ").trim().to_string())
            .unwrap_or_default()
    };
    let opt = |s: String| (!s.is_empty()).then_some(s);
    let result = match form.kind {
        FormKind::Session => parse_date("Date", &value(0)).and_then(|date| {
            let date = date.ok_or_else(|| "Give the session a date.".to_string())?;
            let facilitator = opt(value(1));
            let attendees: Vec<String> = value(2)
                .split([',', ';'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            Ok(start_session(app, date, facilitator, attendees))
        }),
        FormKind::Evidence => {
            let what = value(0);
            if what.is_empty() {
                Err("Say what the evidence is.".to_string())
            } else {
                parse_date("Date", &value(2)).map(|date| {
                    let evidence = Evidence {
                        what,
                        location: opt(value(1)),
                        date,
                    };
                    change(app, "Evidence added", move |a, id| {
                        a.item_mut(id).evidence.push(evidence);
                    })
                })
            }
        }
        FormKind::Action => {
            let what = value(0);
            let due = parse_date("Due", &value(2));
            let done = parse_date("Done", &value(3));
            match (due, done) {
                (Err(e), _) | (_, Err(e)) => Err(e),
                (Ok(due), Ok(done)) => {
                    let owner = opt(value(1));
                    let action =
                        (!what.is_empty() || owner.is_some() || due.is_some() || done.is_some())
                            .then_some(Action {
                                what,
                                owner,
                                due,
                                done,
                            });
                    Ok(change(app, "Action saved", move |a, id| {
                        a.item_mut(id).action = action
                    }))
                }
            }
        }
    };
    match result {
        Ok(effects) => effects,
        Err(message) => {
            form.error = Some(message);
            app.overlay = Some(Overlay::Form(form));
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests;
