//! Help, text inputs, forms, jump, filter and the file-conflict prompt.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{centered, hanging, popup};
use crate::text::sanitize;
use crate::tui::app::{App, Form, Jump, Overlay, TextInput};
use crate::tui::msg::Command;

pub fn render_overlay(app: &App, overlay: &Overlay, frame: &mut Frame, area: Rect) {
    match overlay {
        Overlay::Help { scroll } => render_help(app, *scroll, frame, area),
        Overlay::Text(input) => render_text(app, input, frame, area),
        Overlay::Form(form) => render_form(app, form, frame, area),
        Overlay::Jump(jump) => render_jump(app, jump, frame, area),
        Overlay::Filter { options, selected } => {
            let height = (options.len() as u16 + 2).min(area.height.saturating_sub(2));
            let inner = popup(
                app,
                frame,
                centered(area, 44, height),
                "Filter the list (Enter, Esc)",
            );
            let rows = inner.height as usize;
            let offset = selected.saturating_sub(rows.saturating_sub(1));
            let lines: Vec<Line> = options
                .iter()
                .enumerate()
                .skip(offset)
                .take(rows)
                .map(|(i, f)| {
                    let style = if i == *selected {
                        app.theme.selected
                    } else {
                        app.theme.text
                    };
                    let label = format!(
                        " {:<w$}",
                        sanitize(&f.label()),
                        w = inner.width as usize - 1
                    );
                    Line::styled(label, style)
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), inner);
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
            text.push(Line::styled("Any key closes this.", app.theme.hint));
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
                        " {} {mark} {:<w$}",
                        i + 1,
                        reason.label(),
                        w = inner.width as usize - 8
                    ),
                    style,
                ));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "Space or 1-4 ticks · Enter save · Esc cancel",
                app.theme.hint,
            ));
            lines.push(Line::styled(
                "The free text goes in the justification (J).",
                app.theme.hint,
            ));
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Overlay::Export(form) => render_export(app, form, frame, area),
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
            lines.push(Line::styled(
                "↑↓ choose · o keep ours · t take theirs · Esc later",
                app.theme.hint,
            ));
            let height = (lines.len() as u16 + 2).min(area.height);
            let inner = popup(app, frame, centered(area, width, height), "Merge conflicts");
            let rows = inner.height as usize;
            let offset = (selected * 3).saturating_sub(rows.saturating_sub(4));
            frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), inner);
        }
    }
}

fn render_help(app: &App, scroll: u16, frame: &mut Frame, area: Rect) {
    let popup_area = centered(area, 72, area.height.saturating_sub(2));
    let inner = popup(app, frame, popup_area, "Keys (↑↓ scroll, Esc close)");
    let mut lines = Vec::new();
    for command in Command::ALL {
        lines.push(Line::from(vec![
            Span::styled(format!(" {:<18}", app.keymap.label(command)), app.theme.key),
            Span::styled(command.description(), app.theme.text),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(" In a text box", app.theme.heading));
    for (k, d) in [
        ("Enter", "save (notes: new line)"),
        ("Ctrl-S / Tab", "save the notes"),
        ("Tab / ↓ ↑", "pick an owner from the list"),
        ("Esc", "cancel, nothing changes"),
    ] {
        lines.push(Line::from(vec![
            Span::styled(format!(" {k:<18}"), app.theme.key),
            Span::styled(d, app.theme.text),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(" On the summary", app.theme.heading));
    lines.push(Line::from(vec![
        Span::styled(format!(" {:<18}", "Enter"), app.theme.key),
        Span::styled("open the item of the selected finding", app.theme.text),
    ]));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Every change is written to the file before the next key.",
        app.theme.hint,
    ));
    let max = (lines.len() as u16).saturating_sub(inner.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(max), 0)), inner);
}

fn render_text(app: &App, input: &TextInput, frame: &mut Frame, area: Rect) {
    let multiline = input.field.multiline();
    let box_height: u16 = if multiline {
        area.height.saturating_sub(8).clamp(3, 16)
    } else {
        1
    };
    let list = input.completions.len() as u16;
    let height = box_height + 4 + if list > 0 { list + 1 } else { 0 };
    let width = if multiline { 90 } else { 70 };
    let item = &app.catalog.items()[app.selected];
    let inner = popup(
        app,
        frame,
        centered(area, width, height),
        &format!("{} · {}", input.field.title(), item.id),
    );
    let [text_area, _, rest] = Layout::vertical([
        Constraint::Length(box_height),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    let mut textarea = input.textarea.clone();
    textarea.set_style(app.theme.text);
    textarea.set_cursor_style(app.theme.selected);
    frame.render_widget(&textarea, text_area);
    let mut lines = Vec::new();
    if !input.completions.is_empty() {
        lines.push(Line::styled("Owners already in this file:", app.theme.dim));
        for (i, c) in input.completions.iter().enumerate() {
            let style = if input.completion == Some(i) {
                app.theme.selected
            } else {
                app.theme.text
            };
            lines.push(Line::styled(format!("  {}", sanitize(c)), style));
        }
    }
    let hint = if multiline {
        "Enter new line · Ctrl-S or Tab save · Esc cancel"
    } else if input.completions.is_empty() {
        "Enter save (empty clears) · Esc cancel"
    } else {
        "Enter save · Tab/↓ pick an owner · Esc cancel"
    };
    lines.push(Line::styled(hint, app.theme.hint));
    frame.render_widget(Paragraph::new(lines), rest);
}

fn render_form(app: &App, form: &Form, frame: &mut Frame, area: Rect) {
    let title = match form.kind {
        crate::tui::app::FormKind::Evidence => "Add evidence",
        crate::tui::app::FormKind::Action => "Action",
        crate::tui::app::FormKind::Session => "Start a workshop session",
    };
    let height = form.fields.len() as u16 * 2 + 4;
    let item = &app.catalog.items()[app.selected];
    let inner = popup(
        app,
        frame,
        centered(area, 72, height),
        &format!("{title} · {}", item.id),
    );
    let mut y = inner.y;
    for (i, (label, textarea)) in form.fields.iter().enumerate() {
        let focus = i == form.focus;
        let style = if focus { app.theme.key } else { app.theme.dim };
        frame.render_widget(
            Line::styled(*label, style),
            Rect::new(inner.x, y, inner.width, 1),
        );
        let mut t = textarea.clone();
        t.set_style(app.theme.text);
        t.set_cursor_style(if focus {
            app.theme.selected
        } else {
            app.theme.text
        });
        frame.render_widget(
            &t,
            Rect::new(inner.x + 2, y + 1, inner.width.saturating_sub(2), 1),
        );
        y += 2;
    }
    let hint = match &form.error {
        Some(e) => Line::styled(sanitize(e), app.theme.error),
        None => Line::styled(
            "Enter next field / save · Tab move · Esc cancel",
            app.theme.hint,
        ),
    };
    if y + 1 < inner.y + inner.height {
        frame.render_widget(hint, Rect::new(inner.x, y + 1, inner.width, 1));
    }
}

fn render_jump(app: &App, jump: &Jump, frame: &mut Frame, area: Rect) {
    let height = area.height.saturating_sub(4).min(24);
    let inner = popup(
        app,
        frame,
        centered(area, 80, height),
        "Jump to: id, title, keyword or capability",
    );
    let [input, _, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    let mut t = jump.textarea.clone();
    t.set_style(app.theme.text);
    t.set_cursor_style(app.theme.selected);
    frame.render_widget(&t, input);
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
}

fn render_export(app: &App, form: &crate::tui::app::ExportForm, frame: &mut Frame, area: Rect) {
    let inner = popup(app, frame, centered(area, 84, 12), "Export");
    let row = |i: usize, label: &str, value: String| {
        let focus = i == form.focus;
        Line::from(vec![
            Span::styled(
                format!(" {label:<10}"),
                if focus { app.theme.key } else { app.theme.dim },
            ),
            Span::styled(
                if focus {
                    format!("◀ {value} ▶")
                } else {
                    format!("  {value}")
                },
                if focus {
                    app.theme.selected
                } else {
                    app.theme.text
                },
            ),
        ])
    };
    let mut lines = vec![
        row(0, "What", form.kind.label().to_string()),
        row(1, "Format", form.format.label().to_string()),
    ];
    if form.kind == crate::report::ExportKind::Soa {
        lines.push(row(2, "For", form.audience.label().to_string()));
    } else {
        lines.push(Line::styled(
            " For       (the Statement of Applicability only)",
            app.theme.dim,
        ));
    }
    let [rows, _, file_label, file, _, hint] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(lines), rows);
    frame.render_widget(
        Line::styled(
            " File",
            if form.focus == 3 {
                app.theme.key
            } else {
                app.theme.dim
            },
        ),
        file_label,
    );
    let mut path = form.path.clone();
    path.set_style(app.theme.text);
    path.set_cursor_style(if form.focus == 3 {
        app.theme.selected
    } else {
        app.theme.text
    });
    path.set_cursor_line_style(ratatui::style::Style::default());
    frame.render_widget(
        &path,
        Rect::new(file.x + 1, file.y, file.width.saturating_sub(1), 1),
    );
    frame.render_widget(
        Paragraph::new(Line::styled(
            "↑↓ choose a line · ←→ change it · type the file name on the last line · Enter write · Esc cancel",
            app.theme.hint,
        ))
        .wrap(ratatui::widgets::Wrap { trim: true }),
        hint,
    );
}
