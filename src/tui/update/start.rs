//! The start screen: choose a file, or fill in the new-assessment form.

use std::path::PathBuf;

use ratatui::crossterm::event::KeyEvent;

use super::quit;
use super::workshop::cycle_theme;
use crate::assessment::Assessment;
use crate::tui::app::{App, Ask, AskKind, Overlay, Status};
use crate::tui::effect::Effect;
use crate::tui::msg::Command;
use crate::tui::start::{NewForm, slug, text, text_box};

pub(super) fn run(app: &mut App, command: Command, key: Option<KeyEvent>) -> Vec<Effect> {
    let catalog = app.catalog;
    let Some(start) = app.start.as_mut() else {
        return Vec::new();
    };
    if start.form.is_some() {
        return run_form(app, command, key);
    }
    let last = start.entries.len();
    match command {
        Command::MoveUp => start.selected = start.selected.saturating_sub(1),
        Command::MoveDown => start.selected = (start.selected + 1).min(last),
        Command::First => start.selected = 0,
        Command::Last => start.selected = last,
        Command::NewAssessment => start.open_form(catalog),
        Command::Open => match start.entries.get(start.selected) {
            Some(e) if e.valid => return vec![Effect::Open(e.path.clone())],
            Some(_) => {
                app.status = Status::Warning(
                    "That file cannot be opened: `gapwalk validate` says why.".into(),
                );
            }
            None => start.open_form(catalog),
        },
        Command::CycleTheme => cycle_theme(app),
        Command::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Command::Quit => return quit(app),
        _ => {}
    }
    Vec::new()
}

/// A command in the new-assessment form (the forms layer in a text box,
/// the lists layer on the licences).
fn run_form(app: &mut App, command: Command, key: Option<KeyEvent>) -> Vec<Effect> {
    let Some(start) = app.start.as_mut() else {
        return Vec::new();
    };
    let Some(form) = start.form.as_mut() else {
        return Vec::new();
    };
    form.error = None;
    let last = form.licences.len().saturating_sub(1);
    match command {
        Command::Cancel | Command::Quit if form.changed() => {
            let (title, kind) = if command == Command::Cancel {
                ("Discard the new assessment?", AskKind::DiscardNewAssessment)
            } else {
                ("Quit without creating it?", AskKind::QuitWithNewAssessment)
            };
            app.overlay = Some(Overlay::Ask(Ask {
                title: title.into(),
                lines: vec!["Nothing is written until you create it.".into()],
                kind,
            }));
        }
        Command::Cancel => start.form = None,
        Command::Quit => return quit(app),
        Command::NextField => form.focus = (form.focus + 1) % 4,
        Command::PreviousField => form.focus = (form.focus + 3) % 4,
        Command::NextSuggestion if !form.on_licences() => form.focus += 1,
        Command::PreviousSuggestion if !form.on_licences() => {
            form.focus = form.focus.saturating_sub(1);
        }
        Command::Confirm if !form.on_licences() => form.focus += 1,
        Command::Confirm | Command::Save => return create(app),
        Command::MoveUp => form.licence_cursor = form.licence_cursor.saturating_sub(1),
        Command::MoveDown => form.licence_cursor = (form.licence_cursor + 1).min(last),
        Command::PageUp => form.licence_cursor = form.licence_cursor.saturating_sub(10),
        Command::PageDown => form.licence_cursor = (form.licence_cursor + 10).min(last),
        Command::First => form.licence_cursor = 0,
        Command::Last => form.licence_cursor = last,
        Command::Toggle => {
            if let Some((_, on)) = form.licences.get_mut(form.licence_cursor) {
                *on = !*on;
            }
        }
        _ => {
            if let Some(key) = key {
                type_into_form(app, key);
            }
        }
    }
    Vec::new()
}

/// A key typed into the new-assessment form's focused text box. Whether
/// there was one.
pub(super) fn type_into_form(app: &mut App, key: KeyEvent) -> bool {
    edit_form(app, |t| {
        t.input(key);
    })
}

/// Pasted text into the new-assessment form. Whether it went somewhere.
pub(super) fn paste(app: &mut App, text: &str) -> bool {
    edit_form(app, |t| {
        t.insert_str(text);
    })
}

fn edit_form(app: &mut App, edit: impl FnOnce(&mut ratatui_textarea::TextArea<'static>)) -> bool {
    if app.overlay.is_some() {
        return false;
    }
    let Some(start) = app.start.as_mut() else {
        return false;
    };
    let Some(form) = start.form.as_mut() else {
        return false;
    };
    let focus = form.focus;
    let Some(target) = form.focused_text() else {
        return false;
    };
    edit(target);
    // One line each: Enter moves on instead.
    if target.lines().len() > 1 {
        let joined = target.lines().join(" ");
        *target = text_box(&joined);
    }
    if focus == 2 {
        form.file_edited = true;
    }
    if !form.file_edited {
        form.file = text_box(&slug(&text(&form.organisation)));
    }
    true
}

/// Checks the new-assessment form and asks the runtime to create it.
fn create(app: &mut App) -> Vec<Effect> {
    let Some(start) = app.start.as_mut() else {
        return Vec::new();
    };
    let dir = start.dir.clone();
    let Some(form) = start.form.as_mut() else {
        return Vec::new();
    };
    let organisation = text(&form.organisation);
    if organisation.is_empty() {
        form.error = Some("Name the organisation.".into());
        form.focus = 0;
        return Vec::new();
    }
    let file = text(&form.file);
    let mut path = PathBuf::from(if file.is_empty() {
        slug(&organisation)
    } else {
        file
    });
    if path.extension().is_none() {
        path.set_extension("toml");
    }
    if path.components().count() == 1 {
        path = dir.join(path);
    }
    let mut assessment = Assessment::new(app.catalog.id(), &organisation);
    assessment.scope = Some(text(&form.scope)).filter(|s| !s.is_empty());
    assessment.licences = form
        .licences
        .iter()
        .filter(|(_, on)| *on)
        .map(|(id, _)| id.clone())
        .collect();
    vec![Effect::Create {
        path,
        assessment: Box::new(assessment),
    }]
}

/// The runtime could not open or create the file: say so where the user
/// is (the form, or the list).
pub(super) fn open_failed(app: &mut App, message: String) {
    match app.start.as_mut().and_then(|s| s.form.as_mut()) {
        Some(NewForm { error, focus, .. }) => {
            *error = Some(message);
            *focus = 2;
        }
        None => app.status = Status::Error(message),
    }
}
