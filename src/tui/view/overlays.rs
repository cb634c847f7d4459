//! Help, forms, jump, the pickers, filter, export, questions and notices.
//! Every key they name comes from the key map.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{
    bringing_licences, centered, cut, field_box, hanging, key_hints, popup, wrapped_height,
};
use crate::text::sanitize;
use crate::tui::app::{App, Ask, ExportForm, Form, FormKind, Jump, Overlay, Picker, PickerKind};
use crate::tui::keys::Layer;
use crate::tui::msg::Command;

mod lists;
use lists::{render_export, render_picker};

/// The keys an overlay needs most, for its hint line.
pub(super) fn overlay_hints(app: &App, overlay: &Overlay) -> Vec<(String, &'static str)> {
    use Command as C;
    let pairs: &[(Command, &'static str)] = match overlay {
        Overlay::Help { .. } => &[(C::MoveDown, "scroll"), (C::Close, "close")],
        Overlay::Notice { .. } => &[(C::Close, "close")],
        Overlay::Ask(_) => &[(C::Yes, "yes"), (C::No, "no"), (C::Cancel, "back")],
        Overlay::Form(form) => {
            let f = form.fields.get(form.focus);
            if f.is_some_and(|f| f.multiline) {
                &[
                    (C::Save, "save"),
                    (C::NextField, "save"),
                    (C::Cancel, "cancel"),
                ]
            } else if form.fields.len() == 1 && f.is_some_and(|f| !f.completions.is_empty()) {
                &[
                    (C::NextSuggestion, "pick a name"),
                    (C::Confirm, "save"),
                    (C::Cancel, "cancel"),
                ]
            } else if f.is_some_and(|f| !f.completions.is_empty()) {
                &[
                    (C::NextSuggestion, "pick a name"),
                    (C::NextField, "next field"),
                    (C::Confirm, "save / next"),
                    (C::Cancel, "cancel"),
                ]
            } else if form.fields.len() == 1 {
                &[(C::Confirm, "save (empty clears)"), (C::Cancel, "cancel")]
            } else {
                &[
                    (C::NextField, "next field"),
                    (C::Save, "save"),
                    (C::Confirm, "next / save"),
                    (C::Cancel, "cancel"),
                ]
            }
        }
        Overlay::Jump(_) => &[
            (C::MoveDown, "next match"),
            (C::Confirm, "go"),
            (C::Cancel, "cancel"),
        ],
        Overlay::Picker(_) => &[
            (C::MoveDown, "next"),
            (C::Toggle, "tick"),
            (C::Confirm, "save"),
            (C::Cancel, "cancel"),
        ],
        Overlay::Filter { .. } => &[
            (C::MoveDown, "next"),
            (C::Confirm, "filter"),
            (C::Cancel, "cancel"),
        ],
        Overlay::Inclusion { .. } => &[
            (C::MoveDown, "next"),
            (C::Toggle, "tick"),
            (C::Confirm, "save"),
            (C::Cancel, "cancel"),
        ],
        Overlay::Conflicts { .. } => &[
            (C::MoveDown, "next"),
            (C::KeepOurs, "keep ours"),
            (C::TakeTheirs, "take theirs"),
            (C::Cancel, "later"),
        ],
        Overlay::Export(_) => &[
            (C::NextField, "next line"),
            (C::NextChoice, "change"),
            (C::Confirm, "write"),
            (C::Cancel, "cancel"),
        ],
    };
    // The overlay drawn is the one on top, whose layer has the focus.
    let layer = app.layer();
    key_hints(app, layer, pairs)
}

/// Hints as one line of text: "Enter save · Esc cancel".
fn hint_text(hints: &[(String, &str)]) -> String {
    hints
        .iter()
        .map(|(k, w)| format!("{k} {w}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

pub fn render_overlay(app: &App, overlay: &Overlay, frame: &mut Frame, area: Rect) {
    let hint = hint_text(&overlay_hints(app, overlay));
    match overlay {
        Overlay::Help { scroll } => render_help(app, *scroll, &hint, frame, area),
        Overlay::Form(form) => render_form(app, form, &hint, frame, area),
        Overlay::Jump(jump) => render_jump(app, jump, &hint, frame, area),
        Overlay::Picker(picker) => render_picker(app, picker, &hint, frame, area),
        Overlay::Ask(ask) => render_ask(app, ask, frame, area),
        Overlay::Filter { options, selected } => {
            let height = (options.len() as u16 + 3).min(area.height.saturating_sub(2));
            let inner = popup(app, frame, centered(area, 48, height), "Filter the list");
            let [list, hint_row] =
                Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
            let rows = list.height as usize;
            let offset = selected.saturating_sub(rows.saturating_sub(1));
            let width = list.width as usize;
            let lines: Vec<Line> = options
                .iter()
                .enumerate()
                .skip(offset)
                .take(rows)
                .map(|(i, (f, n))| {
                    let style = if i == *selected {
                        app.theme.selected
                    } else {
                        app.theme.text
                    };
                    let count = format!("{n} ");
                    let label = sanitize(&f.label());
                    let room = width.saturating_sub(count.len() + 1);
                    let label: String = label.chars().take(room).collect();
                    Line::styled(format!(" {label:<room$}{count}"), style)
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), list);
            frame.render_widget(Line::styled(hint, app.theme.hint), hint_row);
        }
        Overlay::Notice { title, lines } => {
            let width = 84u16.min(area.width);
            let inner_width = width.saturating_sub(2) as usize;
            let mut text = Vec::new();
            for l in lines {
                if l.is_empty() {
                    text.push(Line::raw(""));
                } else {
                    text.extend(hanging(l, inner_width, "", "  ", app.theme.text));
                }
            }
            text.push(Line::raw(""));
            text.push(Line::styled(hint, app.theme.hint));
            let height = (text.len() as u16 + 2).min(area.height);
            let inner = popup(app, frame, centered(area, width, height), title);
            frame.render_widget(Paragraph::new(text), inner);
        }
        Overlay::Inclusion { ticked, cursor } => {
            let item = &app.catalog.items()[app.selected];
            let inner = popup(
                app,
                frame,
                centered(area, 60, 9),
                &format!("Why {} is included", item.id),
            );
            let mut lines = Vec::new();
            for (i, reason) in crate::assessment::InclusionReason::ALL.iter().enumerate() {
                let mark = if ticked[i] { "[x]" } else { "[ ]" };
                let style = if i == *cursor {
                    app.theme.selected
                } else {
                    app.theme.text
                };
                lines.push(Line::styled(
                    format!(
                        " {mark} {:<w$}",
                        reason.label(),
                        w = (inner.width as usize).saturating_sub(6)
                    ),
                    style,
                ));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(hint, app.theme.hint));
            lines.push(Line::styled(
                format!(
                    "The free text goes in the justification ({}).",
                    app.workshop_key(Command::EditJustification)
                ),
                app.theme.hint,
            ));
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Overlay::Export(form) => render_export(app, form, &hint, frame, area),
        Overlay::Conflicts { indices, selected } => {
            let width = 96u16.min(area.width);
            let inner_width = width.saturating_sub(2) as usize;
            let mut lines = vec![Line::styled(
                "Both sides changed these differently. Ours is in place until you choose.",
                app.theme.dim,
            )];
            for (row, &index) in indices.iter().enumerate() {
                let Some(conflict) = app.assessment.conflicts.get(index) else {
                    continue;
                };
                let style = if row == *selected {
                    app.theme.selected
                } else {
                    app.theme.text
                };
                let head = format!(" {} {}", conflict.place, conflict.field.label());
                lines.push(Line::styled(format!("{head:<w$}", w = inner_width), style));
                let side = |label: &str, v| {
                    hanging(
                        &format!("{label} {}", crate::assessment::describe_value(v)),
                        inner_width,
                        "     ",
                        "       ",
                        app.theme.text,
                    )
                };
                lines.extend(side("ours:  ", conflict.ours.as_ref()));
                lines.extend(side("theirs:", conflict.theirs.as_ref()));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(hint, app.theme.hint));
            let height = (lines.len() as u16 + 2).min(area.height);
            let inner = popup(app, frame, centered(area, width, height), "Merge conflicts");
            let rows = inner.height as usize;
            let offset = (selected * 3).saturating_sub(rows.saturating_sub(4));
            frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), inner);
        }
    }
}

/// Every key of every layer, from the key map.
pub fn help_lines(app: &App) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for layer in Layer::ALL {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(
            format!(" {}", layer.title()),
            app.theme.heading,
        ));
        for (command, _) in app.keymap.bindings(layer) {
            lines.push(Line::from(vec![
                Span::styled(
                    format!(" {:<18}", app.keymap.label(layer, command)),
                    app.theme.key,
                ),
                Span::styled(layer.describe(command), app.theme.text),
            ]));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " The mouse selects rows and scrolls. Every change is written to the file before the next key.",
        app.theme.hint,
    ));
    lines
}

fn render_help(app: &App, scroll: u16, hint: &str, frame: &mut Frame, area: Rect) {
    let popup_area = centered(area, 76, area.height.saturating_sub(2));
    let inner = popup(app, frame, popup_area, &format!("Keys ({hint})"));
    let lines = help_lines(app);
    let max = (lines.len() as u16).saturating_sub(inner.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(max), 0)), inner);
}

fn render_form(app: &App, form: &Form, hint: &str, frame: &mut Frame, area: Rect) {
    let multiline = form.fields.iter().any(|f| f.multiline);
    let width = if multiline { 90 } else { 72 }.min(area.width);
    let labelled = form.fields.len() > 1;
    // What the fields take (a risk's levels and treatments), under the title.
    let note = match form.kind {
        FormKind::Risk { .. } => {
            let text = format!(
                "Levels: {} (a number or a name) · treatment: {} · dates YYYY-MM-DD",
                app.assessment.risk_scale().legend(),
                crate::assessment::Treatment::spellings()
            );
            super::wrap(&sanitize(&text), width.saturating_sub(2) as usize)
        }
        _ => Vec::new(),
    };
    // A long form puts each label beside its box rather than above it.
    let stacked_rows = form.fields.len() as u16 * 2 + note.len() as u16 + 6;
    let beside = labelled
        && (matches!(form.kind, FormKind::Risk { .. })
            || stacked_rows > area.height.saturating_sub(2));
    let label_width = if beside {
        form.fields
            .iter()
            .map(|f| f.label.chars().count() as u16 + 2)
            .max()
            .unwrap_or(0)
    } else {
        0
    };
    let box_width = width.saturating_sub(4 + label_width);
    let notes_height = area.height.saturating_sub(8).clamp(3, 16);
    let heights: Vec<u16> = form
        .fields
        .iter()
        .map(|f| {
            if f.multiline {
                notes_height
            } else {
                wrapped_height(&f.textarea, box_width, 4)
            }
        })
        .collect();
    let completions = form
        .fields
        .get(form.focus)
        .map_or(0, |f| f.completions.len() as u16);
    // The error (or hint) under the fields, wrapped.
    let message_rows = form.error.as_ref().map_or(1, |e| {
        (super::wrap(&sanitize(e), width.saturating_sub(2) as usize).len() as u16).clamp(1, 3)
    });
    let height = heights.iter().sum::<u16>()
        + if labelled && !beside {
            form.fields.len() as u16
        } else {
            0
        }
        + if completions > 0 { completions + 1 } else { 0 }
        + note.len() as u16
        + 3
        + message_rows;
    let title = match form.kind {
        // A session is the room's, not the selected item's.
        FormKind::Session => form.kind.title().to_string(),
        FormKind::Risk { .. } => format!(
            "{} · {}",
            form.kind.title(),
            sanitize(form.fields.first().map_or("", |f| f.original.as_str()))
        ),
        kind => format!("{} · {}", kind.title(), app.catalog.items()[form.item].id),
    };
    let inner = popup(app, frame, centered(area, width, height), &title);
    let bottom = inner.y + inner.height;
    let mut y = inner.y;
    for line in &note {
        if y < bottom {
            frame.render_widget(
                Line::styled(line.clone(), app.theme.dim),
                Rect::new(inner.x, y, inner.width, 1),
            );
            y += 1;
        }
    }
    for (i, (field, h)) in form.fields.iter().zip(&heights).enumerate() {
        let focus = i == form.focus;
        let label_style = if focus { app.theme.key } else { app.theme.dim };
        if labelled && !beside && y < bottom {
            frame.render_widget(
                Line::styled(field.label, label_style),
                Rect::new(inner.x, y, inner.width, 1),
            );
            y += 1;
        }
        let h = (*h).min(bottom.saturating_sub(y));
        if h == 0 {
            break;
        }
        if beside {
            frame.render_widget(
                Line::styled(field.label, label_style),
                Rect::new(inner.x, y, label_width, 1),
            );
        }
        let indent = if beside {
            label_width
        } else if labelled {
            2
        } else {
            0
        };
        field_box(
            app,
            &field.textarea,
            focus,
            frame,
            Rect::new(inner.x + indent, y, inner.width.saturating_sub(indent), h),
        );
        y += h;
        if focus && !field.completions.is_empty() {
            let mut lines = vec![Line::styled("Names already in this file:", app.theme.dim)];
            for (c, name) in field.completions.iter().enumerate() {
                let style = if field.completion == Some(c) {
                    app.theme.selected
                } else {
                    app.theme.text
                };
                lines.push(Line::styled(format!("  {}", sanitize(name)), style));
            }
            let n = (lines.len() as u16).min(bottom.saturating_sub(y));
            frame.render_widget(Paragraph::new(lines), Rect::new(inner.x, y, inner.width, n));
            y += n;
        }
    }
    let line = match &form.error {
        Some(e) => Line::styled(sanitize(e), app.theme.error),
        None => Line::styled(hint.to_string(), app.theme.hint),
    };
    if y + 1 < bottom {
        frame.render_widget(
            Paragraph::new(line).wrap(ratatui::widgets::Wrap { trim: true }),
            Rect::new(inner.x, y + 1, inner.width, bottom - y - 1),
        );
    }
}

fn render_ask(app: &App, ask: &Ask, frame: &mut Frame, area: Rect) {
    let width = 72u16.min(area.width);
    let inner_width = width.saturating_sub(2) as usize;
    let mut text = Vec::new();
    for l in &ask.lines {
        text.extend(hanging(l, inner_width, "", "  ", app.theme.text));
    }
    text.push(Line::raw(""));
    let choices = ask.kind.choices();
    for (i, (command, what)) in choices.iter().enumerate() {
        // "n / Esc keep editing" when two keys do the same.
        if i > 0 && choices[i - 1].1 == *what {
            continue;
        }
        let mut keys = app.keymap.key(Layer::Questions, *command);
        if let Some((next, _)) = choices.get(i + 1).filter(|(_, w)| w == what) {
            keys = format!("{keys} / {}", app.keymap.key(Layer::Questions, *next));
        }
        text.push(Line::from(vec![
            Span::styled(format!("  {keys:<8}"), app.theme.key),
            Span::styled(what.clone(), app.theme.text),
        ]));
    }
    let height = (text.len() as u16 + 2).min(area.height);
    let inner = popup(app, frame, centered(area, width, height), &ask.title);
    frame.render_widget(Paragraph::new(text), inner);
}

fn render_jump(app: &App, jump: &Jump, hint: &str, frame: &mut Frame, area: Rect) {
    let height = area.height.saturating_sub(4).min(24);
    let inner = popup(
        app,
        frame,
        centered(area, 80, height),
        "Jump to: id, title, keyword or capability",
    );
    let [input, _, list, hint_row] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(inner);
    field_box(app, &jump.textarea, true, frame, input);
    let rows = list.height as usize;
    let offset = jump.selected.saturating_sub(rows.saturating_sub(1));
    let items = app.catalog.items();
    let lines: Vec<Line> = if jump.results.is_empty() {
        vec![Line::styled("No item matches.", app.theme.hint)]
    } else {
        jump.results
            .iter()
            .enumerate()
            .skip(offset)
            .take(rows)
            .map(|(i, &pos)| {
                let item = &items[pos];
                let style = if i == jump.selected {
                    app.theme.selected
                } else {
                    app.theme.text
                };
                let text = format!(" {:<8}{}", item.id, item.title);
                let text: String = text.chars().take(list.width as usize).collect();
                Line::styled(format!("{text:<w$}", w = list.width as usize), style)
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), list);
    frame.render_widget(Line::styled(hint.to_string(), app.theme.hint), hint_row);
}
