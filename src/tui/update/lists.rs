//! The overlays other than forms: jump, the capability and licence
//! pickers, the filter menu, inclusion reasons, merge conflicts, export,
//! the questions gapwalk asks, help and notices.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use ratatui::crossterm::event::KeyEvent;

use super::workshop::{apply_filter, filters, reveal};
use super::{change, change_assessment, forms, quit};
use crate::analysis::FindingKind;
use crate::assessment::{InclusionReason, Place, Resolution, resolve_conflict};
use crate::report::{Audience, ExportKind, default_file_name};
use crate::tui::app::{App, Ask, AskKind, ExportForm, Jump, Overlay, Picker, PickerKind, Status};
use crate::tui::effect::{Effect, ExportRequest};
use crate::tui::msg::Command;
use crate::tui::start::{licence_order, slug_stem, text_box};

mod export;
use export::*;
pub(super) use export::{ask_overwrite, open_export};
mod pickers;
use pickers::*;
pub(super) use pickers::{filter_picker, open_capabilities, open_licences, open_picker};

/// A command while an overlay is open.
pub(super) fn run_overlay(app: &mut App, command: Command, key: Option<KeyEvent>) -> Vec<Effect> {
    use Command as C;
    let Some(overlay) = app.overlay.take() else {
        return Vec::new();
    };
    match overlay {
        Overlay::Help { scroll } => {
            let scroll = match command {
                C::MoveDown => scroll.saturating_add(1),
                C::MoveUp => scroll.saturating_sub(1),
                C::PageDown => scroll.saturating_add(10),
                C::PageUp => scroll.saturating_sub(10),
                C::Close => return Vec::new(),
                _ => scroll,
            };
            app.overlay = Some(Overlay::Help { scroll });
        }
        Overlay::Notice { title, lines } => {
            if command != C::Close {
                app.overlay = Some(Overlay::Notice { title, lines });
            }
        }
        Overlay::Form(form) => return forms::run(app, form, command, key),
        Overlay::Ask(ask) => {
            if matches!(command, C::Yes | C::No | C::Cancel) {
                return answer(app, ask.kind, command);
            }
            app.overlay = Some(Overlay::Ask(ask));
        }
        Overlay::Jump(jump) => return run_jump(app, jump, command, key),
        Overlay::Picker(picker) => return run_picker(app, picker, command, key),
        Overlay::Filter {
            options,
            mut selected,
        } => {
            let last = options.len().saturating_sub(1);
            match command {
                C::Cancel => return Vec::new(),
                C::Quit => return quit(app),
                C::Confirm => {
                    if let Some((filter, _)) = options.get(selected).cloned() {
                        apply_filter(app, filter);
                    }
                    return Vec::new();
                }
                _ => selected = move_in(app, selected, last, command),
            }
            app.overlay = Some(Overlay::Filter { options, selected });
        }
        Overlay::Inclusion {
            mut ticked,
            mut cursor,
        } => {
            let original = inclusion_now(app);
            match command {
                C::Cancel | C::Quit if ticked != original => {
                    let kind = if command == C::Cancel {
                        AskKind::Discard
                    } else {
                        AskKind::QuitWith
                    };
                    app.overlay = Some(Overlay::Ask(Ask {
                        title: "Discard the ticks you changed?".into(),
                        lines: vec!["The inclusion reasons are not saved yet.".into()],
                        kind: kind(Box::new(Overlay::Inclusion { ticked, cursor })),
                    }));
                    return Vec::new();
                }
                C::Cancel => {
                    app.status = Status::Info("Cancelled: nothing changed.".into());
                    return Vec::new();
                }
                C::Quit => return quit(app),
                C::Confirm => return save_inclusion(app, ticked),
                C::Toggle => ticked[cursor] = !ticked[cursor],
                _ => cursor = move_in(app, cursor, ticked.len() - 1, command),
            }
            app.overlay = Some(Overlay::Inclusion { ticked, cursor });
        }
        Overlay::Export(form) => return run_export(app, form, command, key),
        Overlay::Conflicts { indices, selected } => {
            return run_conflicts(app, indices, selected, command);
        }
    }
    Vec::new()
}

/// A key no layer binds, typed into the overlay's text box if it has one.
/// Whether it was.
pub(super) fn type_into_overlay(app: &mut App, key: KeyEvent) -> bool {
    match app.overlay.take() {
        Some(Overlay::Form(mut form)) => {
            forms::type_key(app, &mut form, key);
            app.overlay = Some(Overlay::Form(form));
        }
        Some(Overlay::Jump(mut jump)) => {
            if jump.textarea.input(key) {
                search(app, &mut jump);
            }
            app.overlay = Some(Overlay::Jump(jump));
        }
        Some(Overlay::Picker(mut picker)) => {
            if picker.query.input(key) {
                filter_picker(app, &mut picker);
            }
            app.overlay = Some(Overlay::Picker(picker));
        }
        Some(Overlay::Export(mut form)) => {
            if form.focus == 3 && form.path.input(key) {
                form.path_edited = true;
            }
            app.overlay = Some(Overlay::Export(form));
        }
        other => {
            app.overlay = other;
            return false;
        }
    }
    true
}

/// Moves a cursor in a list of `last + 1` entries.
pub(super) fn move_in(app: &App, cursor: usize, last: usize, command: Command) -> usize {
    let page = app.page.max(1);
    match command {
        Command::MoveUp => cursor.saturating_sub(1),
        Command::MoveDown => (cursor + 1).min(last),
        Command::PageUp => cursor.saturating_sub(page),
        Command::PageDown => (cursor + page).min(last),
        Command::First => 0,
        Command::Last => last,
        _ => cursor,
    }
}

// --- the questions ----------------------------------------------------------

/// The answer to a question gapwalk asked.
fn answer(app: &mut App, kind: AskKind, command: Command) -> Vec<Effect> {
    let yes = command == Command::Yes;
    let no = command == Command::No;
    match kind {
        AskKind::Discard(back) => {
            if yes {
                app.status = Status::Info("Discarded what was typed: nothing changed.".into());
            } else {
                app.overlay = Some(*back);
            }
        }
        AskKind::DiscardNewAssessment => {
            if yes && let Some(start) = &mut app.start {
                start.form = None;
            }
        }
        AskKind::QuitWithNewAssessment => {
            if yes {
                return vec![Effect::Quit];
            }
        }
        AskKind::QuitWith(back) => {
            if no {
                return vec![Effect::Quit];
            }
            if !yes {
                app.overlay = Some(*back);
                return Vec::new();
            }
            let effects = match *back {
                Overlay::Form(form) => forms::confirm(app, form),
                Overlay::Picker(picker) => save_picker(app, picker),
                Overlay::Inclusion { ticked, .. } => save_inclusion(app, ticked),
                other => {
                    app.overlay = Some(other);
                    return Vec::new();
                }
            };
            if app.overlay.is_some() {
                // The form needs fixing (or another answer) first.
                return effects;
            }
            if effects.contains(&Effect::Persist) {
                // Quit once the save is in the file.
                app.quit_after_save = true;
                return effects;
            }
            return vec![Effect::Quit];
        }
        AskKind::OwnerSpelling {
            form,
            field,
            existing,
        } => {
            if yes {
                return forms::use_spelling(app, *form, field, Some(existing));
            }
            if no {
                return forms::use_spelling(app, *form, field, None);
            }
            app.overlay = Some(Overlay::Form(*form));
        }
        AskKind::Resume { session } => {
            if yes {
                forms::resume_session(app, session);
            } else if no {
                forms::open(app, crate::tui::app::FormKind::Session);
            }
        }
        AskKind::Overwrite { request, form } => {
            if yes {
                return vec![Effect::Export(ExportRequest {
                    overwrite: true,
                    ..request
                })];
            }
            app.overlay = Some(Overlay::Export(*form));
        }
        AskKind::DeleteRisk { id } => {
            if yes {
                return super::risks::delete(app, &id);
            }
            app.status = Status::Info(format!("Kept risk {id}."));
        }
    }
    Vec::new()
}

// --- jump ---------------------------------------------------------------

pub(super) fn open_jump(app: &mut App) {
    let mut textarea = text_box("");
    textarea.set_placeholder_text("type an id, a title, a keyword or a capability");
    let mut jump = Jump {
        textarea,
        results: Vec::new(),
        selected: 0,
    };
    search(app, &mut jump);
    app.overlay = Some(Overlay::Jump(jump));
}

fn run_jump(app: &mut App, mut jump: Jump, command: Command, key: Option<KeyEvent>) -> Vec<Effect> {
    let last = jump.results.len().saturating_sub(1);
    match command {
        Command::Cancel => return Vec::new(),
        Command::Quit => return quit(app),
        Command::Confirm => {
            if let Some(&pos) = jump.results.get(jump.selected) {
                reveal(app, pos);
            }
            return Vec::new();
        }
        Command::MoveUp | Command::MoveDown | Command::PageUp | Command::PageDown => {
            jump.selected = move_in(app, jump.selected, last, command);
        }
        // Nothing to tick in jump: the key is a character of the query.
        _ => {
            if let Some(key) = key
                && jump.textarea.input(key)
            {
                search(app, &mut jump);
            }
        }
    }
    app.overlay = Some(Overlay::Jump(jump));
    Vec::new()
}

pub(super) fn search(app: &App, jump: &mut Jump) {
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

// --- inclusion reasons --------------------------------------------------

fn inclusion_now(app: &App) -> [bool; 4] {
    let current = &app.assessment.item(app.selected_id()).included_because;
    InclusionReason::ALL.map(|r| current.contains(&r))
}

fn save_inclusion(app: &mut App, ticked: [bool; 4]) -> Vec<Effect> {
    let reasons: Vec<InclusionReason> = InclusionReason::ALL
        .into_iter()
        .zip(ticked)
        .filter_map(|(r, on)| on.then_some(r))
        .collect();
    change(
        app,
        app.selected,
        "Inclusion reasons saved",
        move |a, id| {
            a.item_mut(id).included_because = reasons;
        },
    )
}

// --- filter -------------------------------------------------------------

pub(super) fn open_filter(app: &mut App) {
    let options = filters(app);
    let selected = app
        .filter
        .as_ref()
        .and_then(|f| options.iter().position(|(o, _)| o == f))
        .unwrap_or(0);
    app.overlay = Some(Overlay::Filter { options, selected });
}

// --- merge conflicts ----------------------------------------------------

/// The conflicts to settle: the selected item's, or (if it has none, or
/// `item_first` is false) every conflict in the file.
pub(super) fn open_conflicts(app: &mut App, item_first: bool) {
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

fn run_conflicts(
    app: &mut App,
    indices: Vec<usize>,
    mut selected: usize,
    command: Command,
) -> Vec<Effect> {
    let resolution = match command {
        Command::Cancel => return Vec::new(),
        Command::Quit => return quit(app),
        Command::KeepOurs => Resolution::KeepOurs,
        Command::TakeTheirs => Resolution::TakeTheirs,
        _ => {
            selected = move_in(app, selected, indices.len().saturating_sub(1), command);
            app.overlay = Some(Overlay::Conflicts { indices, selected });
            return Vec::new();
        }
    };
    let Some(&index) = indices.get(selected) else {
        return Vec::new();
    };
    let mut settled = None;
    let mut settle = |a: &mut crate::assessment::Assessment| {
        settled = resolve_conflict(a, index, resolution);
    };
    // The change belongs to the conflict's item (which need not be the
    // selected one when it is settled from the summary).
    let item = match app.assessment.conflicts.get(index).map(|c| &c.place) {
        Some(Place::Item(id)) => app.catalog.position(id),
        _ => None,
    };
    let effects = match item {
        Some(pos) => change(app, pos, "Conflict settled", |a, _| settle(a)),
        None => change_assessment(app, "Conflict settled", &mut settle),
    };
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
