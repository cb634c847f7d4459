//! `update(&mut App, Msg) -> Vec<Effect>`: every state change of the
//! workshop. It touches no file, no clock and no terminal.
//!
//! A key becomes a command through the key-map layer of whatever has the
//! focus (`App::layer`); only a focused text box sees the keys its layer
//! does not bind, and a command that means nothing where a text box has
//! the focus (Space in the jump box) is typed.

use ratatui::crossterm::event::KeyEvent;

use super::app::{App, Before, Overlay, Screen, Snapshot, Status, UNDO_DEPTH};
use super::effect::Effect;
use super::msg::{Command, Msg};
use crate::assessment::Assessment;

mod forms;
mod lists;
mod risks;
mod start;
mod workshop;

pub(crate) use workshop::select;

/// Applies one message.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Run(command) => run(app, command, None),
        Msg::Key(key) => key_event(app, key),
        Msg::Select(pos) => {
            if app.overlay.is_none()
                && app.screen == Screen::Workshop
                && pos < app.catalog.items().len()
            {
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
            if std::mem::take(&mut app.quit_after_save) {
                return vec![Effect::Quit];
            }
            Vec::new()
        }
        Msg::RetrySave => vec![Effect::Persist],
        Msg::SaveFailed { message } => {
            app.unsaved = true;
            app.quit_after_save = false;
            app.status = Status::Error(format!("Not saved: {message}"));
            Vec::new()
        }
        Msg::Paste(text) => {
            forms::paste(app, &text);
            Vec::new()
        }
        Msg::Opened {
            assessment,
            file_name,
            export_dir,
            read_only,
            warning,
        } => {
            app.open(assessment, &file_name, export_dir);
            app.read_only = read_only;
            if let Some(w) = warning {
                app.status = Status::Warning(w);
            }
            Vec::new()
        }
        Msg::OpenFailed(message) => {
            start::open_failed(app, message);
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
        Msg::ExportExists(request) => {
            lists::ask_overwrite(app, request);
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
                    "Merged another program's changes with {n} conflict{}: {} ({} settles them).",
                    if n == 1 { "" } else { "s" },
                    new_conflicts.join("; "),
                    app.workshop_key(Command::ResolveConflicts)
                )),
            };
            vec![Effect::Persist]
        }
    }
}

fn key_event(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let command = app.keymap.command(app.layer(), &key);
    if app.too_small {
        return too_small(app, command);
    }
    match command {
        Some(command) => run(app, command, Some(key)),
        None => unbound(app, key),
    }
}

/// While the screen asks to be enlarged nothing may change what it cannot
/// show: only quitting works (and asks, as ever, when something would be
/// lost).
fn too_small(app: &mut App, command: Option<Command>) -> Vec<Effect> {
    if command != Some(Command::Quit) {
        return Vec::new();
    }
    let typing = match &app.overlay {
        Some(Overlay::Form(form)) => form.changed(),
        Some(Overlay::Picker(picker)) => picker.changed(),
        _ => app
            .start
            .as_ref()
            .and_then(|s| s.form.as_ref())
            .is_some_and(|f| f.changed()),
    };
    if typing {
        app.status = Status::Warning(
            "Enlarge the terminal to save or discard what you typed before quitting.".into(),
        );
        return Vec::new();
    }
    quit(app)
}

/// Runs a command where the focus is. `key` is the key that asked for it,
/// typed into a focused text box when the command means nothing there.
fn run(app: &mut App, command: Command, key: Option<KeyEvent>) -> Vec<Effect> {
    if app.read_only && app.overlay.is_none() && app.screen != Screen::Start && edits(command) {
        app.status = Status::Warning(super::app::read_only_message(&app.file_name));
        return Vec::new();
    }
    if command != Command::Quit {
        app.quit_armed = false;
    }
    if app.overlay.is_some() {
        return lists::run_overlay(app, command, key);
    }
    match app.screen {
        Screen::Start => start::run(app, command, key),
        Screen::Workshop => workshop::run(app, command),
        Screen::Summary => workshop::run_summary(app, command),
        Screen::Risks => risks::run(app, command),
    }
}

/// A key the focused layer does not bind: text for a focused text box,
/// else nothing (and a pointer to the help).
fn unbound(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if lists::type_into_overlay(app, key) || start::type_into_form(app, key) {
        return Vec::new();
    }
    if app.overlay.is_none() {
        app.status = Status::Info(format!(
            "That key does nothing here: {} lists every key.",
            app.key(Command::Help)
        ));
    }
    Vec::new()
}

/// Quits, unless a change is in memory but not in the file: then the first
/// quit warns and the second goes.
fn quit(app: &mut App) -> Vec<Effect> {
    if app.unsaved && !app.quit_armed {
        app.quit_armed = true;
        app.status = Status::Warning(match &app.disk_invalid {
            Some(at) => format!(
                "Press {} again to quit: what you see is kept in the side file, not in {} (invalid at {at}).",
                app.key(Command::Quit),
                app.file_name
            ),
            None => format!(
                "Your last change is not in the file. Press {} again to quit without it.",
                app.key(Command::Quit)
            ),
        });
        return Vec::new();
    }
    vec![Effect::Quit]
}

/// Whether a command changes the assessment (refused in a read-only file).
/// Every command is named, so a new one cannot be forgotten here.
fn edits(command: Command) -> bool {
    use Command as C;
    match command {
        C::AnswerMicrosoftProvides
        | C::AnswerShared
        | C::AnswerWeManage
        | C::AnswerGap
        | C::AnswerNotApplicable
        | C::ClearAnswer
        | C::EditOwner
        | C::AddEvidence
        | C::EditAction
        | C::MarkReviewed
        | C::EditReliance
        | C::EditJustification
        | C::EditCapabilities
        | C::EditLicences
        | C::EditNotes
        | C::FollowUp
        | C::StartSession
        | C::EditInclusion
        | C::AddRisk
        | C::EditRiskControls
        | C::DeleteRisk
        | C::ResolveConflicts
        | C::Undo
        | C::Redo
        | C::KeepOurs
        | C::TakeTheirs => true,
        C::MoveUp
        | C::MoveDown
        | C::PageUp
        | C::PageDown
        | C::First
        | C::Last
        | C::NextTheme
        | C::PreviousTheme
        | C::NextUnanswered
        | C::ScrollDetailDown
        | C::ScrollDetailUp
        | C::Export
        | C::Jump
        | C::Filter
        | C::ClearFilter
        | C::Summary
        | C::Risks
        | C::CycleTheme
        | C::Help
        | C::Quit
        | C::Open
        | C::NewAssessment
        | C::Confirm
        | C::Cancel
        | C::Toggle
        | C::NextField
        | C::PreviousField
        | C::NextSuggestion
        | C::PreviousSuggestion
        | C::NextChoice
        | C::PreviousChoice
        | C::Save
        | C::NewLine
        | C::Yes
        | C::No
        | C::Close => false,
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

/// "Marked reviewed today" → "marked reviewed today", for "Undid: A.7.3
/// marked reviewed today".
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Records a change to one item (by catalog position) as one undo step and
/// saves it. During a workshop session the change is attributed to the
/// session and counts as the room reviewing the item.
fn change(
    app: &mut App,
    pos: usize,
    what: &str,
    f: impl FnOnce(&mut Assessment, &str),
) -> Vec<Effect> {
    let Some(item) = app.catalog.items().get(pos) else {
        return Vec::new();
    };
    let id = item.id.to_string();
    let record = app.assessment.items.get(&id).cloned();
    let conflicts = app.assessment.conflicts.clone();
    #[cfg(debug_assertions)]
    let whole = app.assessment.clone();
    f(&mut app.assessment, &id);
    if let Some(r) = app.assessment.items.get(&id)
        && r.is_empty()
    {
        app.assessment.items.remove(&id);
    }
    if app.assessment.items.get(&id) == record.as_ref() && app.assessment.conflicts == conflicts {
        app.status = Status::Info(format!("Nothing changed: {id}"));
        return Vec::new();
    }
    let session = app.active_session.clone();
    let reviewed = app.session_date();
    if let (Some(session), Some(r)) = (session, app.assessment.items.get_mut(&id)) {
        r.session = Some(session);
        r.reviewed = reviewed.or(r.reviewed);
    }
    let before = Before::Item {
        id: id.clone(),
        record,
        conflicts,
    };
    #[cfg(debug_assertions)]
    {
        // Only the item and the conflicts changed, so they are all an undo
        // step needs to keep.
        let mut undone = app.assessment.clone();
        before.clone().restore(&mut undone);
        debug_assert!(
            undone == whole,
            "a change to {id} changed more than the item"
        );
    }
    record_step(app, before, pos, format!("{id} {}", lower_first(what)));
    app.status = Status::Info(format!("{what}: {id}"));
    vec![Effect::Persist]
}

/// Records a change to the assessment as a whole (licences, sessions).
fn change_assessment(app: &mut App, what: &str, f: impl FnOnce(&mut Assessment)) -> Vec<Effect> {
    let before = app.assessment.clone();
    f(&mut app.assessment);
    if app.assessment == before {
        app.status = Status::Info("Nothing changed.".into());
        return Vec::new();
    }
    record_step(app, Before::Whole(before), app.selected, lower_first(what));
    app.status = Status::Info(what.to_string());
    vec![Effect::Persist]
}

fn record_step(app: &mut App, before: Before, selected: usize, what: String) {
    app.undo.push_back(Snapshot {
        before,
        selected,
        what,
    });
    if app.undo.len() > UNDO_DEPTH {
        app.undo.pop_front();
    }
    app.redo.clear();
    app.refresh();
}

/// Undo or redo: says what it did and shows the item it changed (from the
/// summary too).
fn step(app: &mut App, undo: bool) -> Vec<Effect> {
    let (popped, verb) = if undo {
        (app.undo.pop_back(), "Undid")
    } else {
        (app.redo.pop(), "Redid")
    };
    let Some(snapshot) = popped else {
        app.status = Status::Info(if undo {
            "Nothing to undo.".into()
        } else {
            "Nothing to redo.".into()
        });
        return Vec::new();
    };
    let risk_step = matches!(snapshot.before, Before::Risks(_));
    let back = Snapshot {
        before: snapshot.before.restore(&mut app.assessment),
        selected: snapshot.selected,
        what: snapshot.what.clone(),
    };
    if undo {
        app.redo.push(back);
    } else {
        app.undo.push_back(back);
    }
    // A session that was undone out of the file is not running any more.
    if let Some(id) = &app.active_session
        && !app.assessment.sessions.iter().any(|s| s.id == *id)
    {
        app.active_session = None;
    }
    if risk_step {
        // A risk step: back on the register, on the risk it changed.
        app.risk_selected = snapshot.selected;
        risks::open_screen(app, None);
    } else {
        app.screen = Screen::Workshop;
        workshop::reveal(app, snapshot.selected);
    }
    app.refresh();
    app.status = Status::Info(format!("{verb}: {}", snapshot.what));
    vec![Effect::Persist]
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod tests_risks;
