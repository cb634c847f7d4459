//! Forms: one text field of an item (owner, reliance, notes…), evidence,
//! the action and a workshop session. Nothing typed is thrown away
//! without asking.

use chrono::NaiveDate;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{TextArea, WrapMode};

use super::{change, change_assessment, quit};
use crate::assessment::{Action, Evidence, Session};
use crate::tui::app::{
    App, Ask, AskKind, Field, Form, FormKind, Overlay, Status, TextField, name_key,
};
use crate::tui::effect::Effect;
use crate::tui::keys::Layer;
use crate::tui::msg::Command;
use crate::tui::start::text_box;

/// How many names a person field suggests.
const COMPLETIONS: usize = 8;

pub(super) fn field(label: &'static str, text: &str, names_a_person: bool) -> Field {
    let mut textarea = text_box(&text.replace('\n', " "));
    // Long single-line text wraps in its box so the room can read it all.
    textarea.set_wrap_mode(WrapMode::WordOrGlyph);
    Field {
        label,
        original: textarea.lines().join(" "),
        textarea,
        multiline: false,
        names_a_person,
        completions: Vec::new(),
        completion: None,
    }
}

pub(super) fn multiline_field(label: &'static str, text: &str) -> Field {
    let mut textarea = TextArea::from(text.trim_end_matches('\n').lines().map(String::from));
    textarea.set_wrap_mode(WrapMode::Word);
    textarea.move_cursor(ratatui_textarea::CursorMove::Bottom);
    textarea.move_cursor(ratatui_textarea::CursorMove::End);
    Field {
        label,
        original: textarea.lines().join("\n"),
        textarea,
        multiline: true,
        names_a_person: false,
        completions: Vec::new(),
        completion: None,
    }
}

/// Opens a form on the selected item.
pub(super) fn open(app: &mut App, kind: FormKind) {
    let r = app.assessment.item(app.selected_id());
    let date = |d: Option<NaiveDate>| d.map_or_else(String::new, |d| d.to_string());
    let fields = match kind {
        FormKind::Text(f) => {
            let current = f.get(r).unwrap_or_default();
            if f.multiline() {
                vec![multiline_field(f.name(), &current)]
            } else {
                vec![field(f.name(), &current, f == TextField::OWNER)]
            }
        }
        FormKind::Evidence => vec![
            field("What shows it operates", "", false),
            field("Where it is kept", "", false),
            field("Date (YYYY-MM-DD)", &app.today.to_string(), false),
        ],
        FormKind::Session => {
            // The same facilitator as last time, most likely.
            let facilitator = app
                .assessment
                .sessions
                .last()
                .and_then(|s| s.facilitator.clone())
                .unwrap_or_default();
            vec![
                field("Date (YYYY-MM-DD)", &app.today.to_string(), false),
                field("Facilitator", &facilitator, true),
                field("Attendees (comma-separated)", "", false),
            ]
        }
        FormKind::Action => {
            let a = r.action.clone().unwrap_or_default();
            vec![
                field("What will be done", &a.what, false),
                field("Owner", a.owner.as_deref().unwrap_or_default(), true),
                field("Due (YYYY-MM-DD)", &date(a.due), false),
                field("Done (YYYY-MM-DD, empty if open)", &date(a.done), false),
            ]
        }
        FormKind::Risk { new } => return super::risks::open_form(app, new),
    };
    let mut form = Form {
        kind,
        item: app.selected,
        fields,
        focus: 0,
        error: None,
    };
    complete(app, &mut form);
    app.overlay = Some(Overlay::Form(form));
}

/// Completions for the focused field if it names a person: the names
/// already in the file that match what was typed, case-insensitively, each
/// in its established spelling (a name typed in another case comes first).
pub(super) fn complete(app: &App, form: &mut Form) {
    let focus = form.focus;
    for (i, f) in form.fields.iter_mut().enumerate() {
        f.completion = None;
        f.completions.clear();
        if i != focus || !f.names_a_person {
            continue;
        }
        let typed = f.text();
        let typed = typed.trim();
        let names = app.names();
        f.completions = if typed.is_empty() {
            names
        } else {
            let matcher = SkimMatcherV2::default().ignore_case();
            let key = name_key(typed);
            let mut scored: Vec<(i64, String)> = names
                .into_iter()
                .filter_map(|n| {
                    let k = name_key(&n);
                    let score = if k == key {
                        i64::MAX
                    } else if k.starts_with(&key) {
                        i64::MAX / 2
                    } else {
                        matcher.fuzzy_match(&n, typed)?
                    };
                    Some((score, n))
                })
                .collect();
            scored.sort_by_key(|s| std::cmp::Reverse(s.0));
            scored.into_iter().map(|(_, n)| n).collect()
        };
        // Offering exactly what is typed again is no help.
        if f.completions.len() == 1 && f.completions[0] == typed {
            f.completions.clear();
        }
        f.completions.truncate(COMPLETIONS);
    }
}

/// A command in an open form.
pub(super) fn run(
    app: &mut App,
    mut form: Form,
    command: Command,
    key: Option<KeyEvent>,
) -> Vec<Effect> {
    use Command as C;
    let last = form.fields.len().saturating_sub(1);
    let single = form.fields.len() == 1;
    let Some(f) = form.fields.get_mut(form.focus) else {
        return Vec::new();
    };
    let cycle = |f: &mut Field, forward: bool| {
        let n = f.completions.len();
        f.completion = Some(match (f.completion, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(c), true) => (c + 1) % n,
            (Some(c), false) => (c + n - 1) % n,
        });
    };
    match command {
        C::Confirm if f.multiline => {
            f.textarea.insert_newline();
        }
        C::Confirm if form.focus < last => {
            take_completion(f);
            form.focus += 1;
            complete(app, &mut form);
        }
        C::Confirm | C::Save => return confirm(app, form),
        C::NewLine if f.multiline => f.textarea.insert_newline(),
        C::NextField | C::PreviousField if single && !f.completions.is_empty() => {
            cycle(f, command == C::NextField);
        }
        // Tab leaves the notes box, saving them (terminals always send Tab).
        C::NextField if single => return confirm(app, form),
        C::NextField | C::PreviousField => {
            take_completion(f);
            let n = form.fields.len();
            form.focus = if command == C::NextField {
                (form.focus + 1) % n
            } else {
                (form.focus + n - 1) % n
            };
            complete(app, &mut form);
        }
        C::NextSuggestion | C::PreviousSuggestion if !f.completions.is_empty() => {
            cycle(f, command == C::NextSuggestion);
        }
        // Without suggestions the arrows move the cursor in the notes…
        C::NextSuggestion | C::PreviousSuggestion if f.multiline => {
            if let Some(key) = key {
                f.textarea.input(key);
            }
        }
        // …and between the fields of a form.
        C::NextSuggestion if form.focus < last => {
            form.focus += 1;
            complete(app, &mut form);
        }
        C::PreviousSuggestion if form.focus > 0 => {
            form.focus -= 1;
            complete(app, &mut form);
        }
        C::Cancel if form.changed() => {
            app.overlay = Some(Overlay::Ask(Ask {
                title: format!("Discard what you typed in {}?", form_name(app, &form)),
                lines: vec!["Nothing is saved until you save the form.".into()],
                kind: AskKind::Discard(Box::new(Overlay::Form(form))),
            }));
            return Vec::new();
        }
        C::Cancel => {
            app.status = Status::Info("Cancelled: nothing changed.".into());
            return Vec::new();
        }
        C::Quit if form.changed() => {
            app.overlay = Some(Overlay::Ask(Ask {
                title: "Quit with a form open?".into(),
                lines: vec![format!(
                    "What you typed in {} is not saved yet.",
                    form_name(app, &form)
                )],
                kind: AskKind::QuitWith(Box::new(Overlay::Form(form))),
            }));
            return Vec::new();
        }
        C::Quit => return quit(app),
        _ => {}
    }
    app.overlay = Some(Overlay::Form(form));
    Vec::new()
}

/// A highlighted completion becomes the field's text when the focus
/// leaves it.
fn take_completion(f: &mut Field) {
    if let Some(name) = f.completion.and_then(|c| f.completions.get(c)).cloned() {
        f.textarea = text_box(&name);
        f.textarea.set_wrap_mode(WrapMode::WordOrGlyph);
        f.completion = None;
    }
}

/// "the Owner of A.5.1", "the evidence form".
fn form_name(app: &App, form: &Form) -> String {
    let id = &app.catalog.items()[form.item].id;
    match form.kind {
        FormKind::Text(f) => format!("the {} of {id}", f.name().to_lowercase()),
        FormKind::Evidence => format!("the evidence for {id}"),
        FormKind::Action => format!("the action of {id}"),
        FormKind::Session => "the session form".into(),
        FormKind::Risk { new: true } => "the new risk".into(),
        FormKind::Risk { new: false } => format!(
            "risk {}",
            form.fields.first().map_or("", |f| f.original.as_str())
        ),
    }
}

/// A key the forms layer does not bind: typed into the focused field.
pub(super) fn type_key(app: &App, form: &mut Form, key: KeyEvent) {
    let Some(f) = form.fields.get_mut(form.focus) else {
        return;
    };
    if f.textarea.input(key) {
        if !f.multiline && f.textarea.lines().len() > 1 {
            // A single-line field never takes a line break.
            let joined = f.textarea.lines().join(" ");
            f.textarea = text_box(&joined);
            f.textarea.set_wrap_mode(WrapMode::WordOrGlyph);
        }
        complete(app, form);
    }
}

/// Pasted text goes into the focused text box, if there is one.
pub(super) fn paste(app: &mut App, text: &str) {
    let flat = crate::text::sanitize(text);
    match &mut app.overlay {
        Some(Overlay::Form(form)) => {
            let Some(f) = form.fields.get_mut(form.focus) else {
                return;
            };
            if f.multiline {
                f.textarea
                    .insert_str(crate::text::sanitize_multiline(&text.replace('\r', "")));
            } else {
                f.textarea.insert_str(&flat);
            }
            let mut form = form.clone();
            complete(app, &mut form);
            app.overlay = Some(Overlay::Form(form));
        }
        Some(Overlay::Jump(jump)) => {
            jump.textarea.insert_str(&flat);
            let mut j = jump.clone();
            super::lists::search(app, &mut j);
            app.overlay = Some(Overlay::Jump(j));
        }
        Some(Overlay::Picker(picker)) => {
            picker.query.insert_str(&flat);
            let mut p = picker.clone();
            super::lists::filter_picker(app, &mut p);
            app.overlay = Some(Overlay::Picker(p));
        }
        Some(Overlay::Export(form)) if form.focus == 3 => {
            form.path.insert_str(&flat);
            form.path_edited = true;
        }
        _ => {
            if super::start::paste(app, &flat) || app.screen == crate::tui::app::Screen::Start {
                return;
            }
            app.status = Status::Info(format!(
                "Paste goes into a text box: open one first ({}, {}, {}, {}).",
                app.workshop_key(Command::EditOwner),
                app.workshop_key(Command::EditReliance),
                app.workshop_key(Command::EditJustification),
                app.workshop_key(Command::EditNotes)
            ));
        }
    }
}

pub(super) fn parse_date(label: &str, text: &str) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<NaiveDate>()
        .map(Some)
        .map_err(|_| format!("{label}: \"{text}\" is not a date like 2026-11-28"))
}

/// A name typed in a person field that is an existing name in another
/// case or spacing: (field, the established spelling).
fn respelled(app: &App, form: &Form) -> Option<(usize, String)> {
    let names = app.names();
    form.fields.iter().enumerate().find_map(|(i, f)| {
        if !f.names_a_person {
            return None;
        }
        let value = f.value();
        let value = value.trim();
        if value.is_empty() || value == f.original.trim() {
            return None;
        }
        let key = name_key(value);
        names
            .iter()
            .find(|n| name_key(n) == key && n.as_str() != value)
            .map(|n| (i, n.clone()))
    })
}

/// Saves a form: checks it, asks about a respelled name, writes it.
pub(super) fn confirm(app: &mut App, mut form: Form) -> Vec<Effect> {
    if let Some((field, existing)) = respelled(app, &form) {
        let typed = form.fields[field].value();
        app.overlay = Some(Overlay::Ask(Ask {
            title: "The same person?".into(),
            lines: vec![format!(
                "\"{}\" differs from \"{existing}\", already in this file, only in case or spacing.",
                typed.trim()
            )],
            kind: AskKind::OwnerSpelling {
                form: Box::new(form),
                field,
                existing,
            },
        }));
        return Vec::new();
    }
    match apply(app, &form) {
        Ok(effects) => effects,
        Err(message) => {
            form.error = Some(message);
            app.overlay = Some(Overlay::Form(form));
            Vec::new()
        }
    }
}

/// The answer to "the same person?": the established spelling, or the
/// name as typed.
pub(super) fn use_spelling(
    app: &mut App,
    mut form: Form,
    field: usize,
    existing: Option<String>,
) -> Vec<Effect> {
    if let Some(f) = form.fields.get_mut(field) {
        let name = existing.unwrap_or_else(|| f.value().trim().to_string());
        f.textarea = text_box(&name);
        f.completion = None;
        // As typed: this spelling was chosen, do not ask again.
        f.original = name;
    }
    match apply(app, &form) {
        Ok(effects) => effects,
        Err(message) => {
            form.error = Some(message);
            app.overlay = Some(Overlay::Form(form));
            Vec::new()
        }
    }
}

/// Writes what a form says, or says what is wrong with it.
fn apply(app: &mut App, form: &Form) -> Result<Vec<Effect>, String> {
    let value = |i: usize| {
        form.fields
            .get(i)
            .map(|f| f.value().trim().to_string())
            .unwrap_or_default()
    };
    let opt = |s: String| (!s.is_empty()).then_some(s);
    let pos = form.item;
    match form.kind {
        FormKind::Risk { new } => super::risks::apply(app, form, new),
        FormKind::Text(field) => {
            let value = if field.multiline() {
                let text = form.fields[0].text();
                let text = text.trim_end().to_string();
                if text.is_empty() { text } else { text + "\n" }
            } else {
                value(0)
            };
            let value = (!value.trim().is_empty()).then_some(value);
            let what = if value.is_some() {
                format!("{} saved", field.name())
            } else {
                format!("{} cleared", field.name())
            };
            Ok(change(app, pos, &what, move |a, id| {
                field.set(a.item_mut(id), value);
            }))
        }
        FormKind::Session => {
            let date = parse_date("Date", &value(0))?
                .ok_or_else(|| "Give the session a date.".to_string())?;
            let facilitator = opt(value(1));
            let attendees: Vec<String> = value(2)
                .split([',', ';'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            Ok(start_session(app, date, facilitator, attendees))
        }
        FormKind::Evidence => {
            let what = value(0);
            if what.is_empty() {
                return Err("Say what the evidence is.".to_string());
            }
            let date = parse_date("Date", &value(2))?;
            if let Some(d) = date.filter(|&d| d > app.today) {
                return Err(format!(
                    "Date: {d} is after today ({}): evidence shows what has already happened.",
                    app.today
                ));
            }
            let evidence = Evidence {
                what,
                location: opt(value(1)),
                date,
            };
            Ok(change(app, pos, "Evidence added", move |a, id| {
                a.item_mut(id).evidence.push(evidence);
            }))
        }
        FormKind::Action => {
            let what = value(0);
            let due = parse_date("Due", &value(2))?;
            let done = parse_date("Done", &value(3))?;
            let owner = opt(value(1));
            let action = (!what.is_empty() || owner.is_some() || due.is_some() || done.is_some())
                .then_some(Action {
                    what,
                    owner,
                    due,
                    done,
                });
            Ok(change(app, pos, "Action saved", move |a, id| {
                a.item_mut(id).action = action
            }))
        }
    }
}

/// W: ends the running session; else offers to resume today's (after a
/// restart), else opens the form for a new one.
pub(super) fn start_or_end_session(app: &mut App) {
    if let Some(id) = app.active_session.take() {
        app.status = Status::Info(format!("Session {id} ended."));
        return;
    }
    let today = app
        .assessment
        .sessions
        .iter()
        .rev()
        .find(|s| s.date == Some(app.today));
    match today {
        Some(session) => {
            let mut lines = vec![format!("Session {} is from today.", session.id)];
            if let Some(f) = &session.facilitator {
                lines.push(format!("Facilitator: {f}"));
            }
            if !session.attendees.is_empty() {
                lines.push(format!("Attendees: {}", session.attendees.join(", ")));
            }
            app.overlay = Some(Overlay::Ask(Ask {
                title: "Resume today's session?".into(),
                lines,
                kind: AskKind::Resume {
                    session: session.id.clone(),
                },
            }));
        }
        None => open(app, FormKind::Session),
    }
}

/// Attributes the following changes to a session already in the file.
pub(super) fn resume_session(app: &mut App, id: String) {
    app.status = Status::Info(format!(
        "Session {id} resumed: what you change now is attributed to it. {} ends it.",
        app.keymap.key(Layer::Workshop, Command::StartSession)
    ));
    app.active_session = Some(id);
}

/// Records a new session and attributes the following changes to it.
fn start_session(
    app: &mut App,
    date: NaiveDate,
    facilitator: Option<String>,
    attendees: Vec<String>,
) -> Vec<Effect> {
    let id = app.assessment.next_session_id(date);
    let session = Session {
        id: id.clone(),
        date: Some(date),
        facilitator,
        attendees,
    };
    let effects = change_assessment(app, &format!("Session {id} started"), |a| {
        a.sessions.push(session)
    });
    app.active_session = Some(id.clone());
    app.status = Status::Info(format!(
        "Session {id} started: what you change now is attributed to it and counts as reviewed. {} ends it.",
        app.keymap.key(Layer::Workshop, Command::StartSession)
    ));
    effects
}
