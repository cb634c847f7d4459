//! The pickers (capabilities, licences, a risk's controls) and the export chooser, drawn.

use super::*;

pub(super) fn render_picker(app: &App, picker: &Picker, hint: &str, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let catalog = app.catalog;
    let height = area.height.saturating_sub(2).min(30);
    let title = match picker.kind {
        PickerKind::Capabilities => format!(
            "{} relies on: Microsoft 365 capabilities",
            catalog.items()[picker.item].id
        ),
        PickerKind::Licences => "The tenant's licences".to_string(),
        PickerKind::RiskControls => format!(
            "The controls that treat risk {}",
            sanitize(picker.risk.as_deref().unwrap_or_default())
        ),
    };
    let inner = popup(app, frame, centered(area, 96, height), &title);
    let [input, note, list, hint_row] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(inner);
    field_box(app, &picker.query, true, frame, input);
    let tenant = catalog.expand_licences(app.assessment.licences.iter().map(String::as_str));
    let ticked_reach = catalog.expand_licences(picker.ticked.iter().map(String::as_str));
    let note_text = match picker.kind {
        PickerKind::Capabilities => format!(
            "{} ticked · the item's own first · type to search all {}",
            picker.ticked.len(),
            catalog.capabilities().len()
        ),
        PickerKind::Licences => format!(
            "{} ticked · a ticked suite brings what it includes · type to search",
            picker.ticked.len()
        ),
        PickerKind::RiskControls => format!(
            "{} ticked · a gap or an excluded control cannot treat it · type to search",
            picker.ticked.len()
        ),
    };
    frame.render_widget(Line::styled(note_text, t.dim), note);
    let width = list.width as usize;
    let rows = list.height as usize;
    let offset = picker.cursor.saturating_sub(rows.saturating_sub(1));
    let own = &catalog.items()[picker.item].capabilities;
    let mut lines = Vec::new();
    if picker.rows.is_empty() {
        lines.push(Line::styled("Nothing matches.", t.hint));
    }
    for (i, id) in picker.rows.iter().enumerate().skip(offset).take(rows) {
        let mark = if picker.ticked.contains(id) {
            "[x]"
        } else {
            "[ ]"
        };
        let (name, status, status_style): (String, String, Style) = match picker.kind {
            PickerKind::Capabilities => match catalog.capability(id) {
                Some(c) => {
                    let own_mark = if own.iter().any(|o| o.as_ref() == id.as_str()) {
                        "• "
                    } else {
                        "  "
                    };
                    let name = format!("{own_mark}{} ({})", c.name, c.product);
                    if catalog.is_licensed(id, &tenant) {
                        (name, "✓ licensed".into(), t.licensed)
                    } else {
                        let status = match bringing_licences(catalog, id).first() {
                            Some(l) => format!("✗ needs {}", l.trim_start_matches("Microsoft ")),
                            None => "✗ not licensed".to_string(),
                        };
                        (name, status, t.unlicensed)
                    }
                }
                None => (id.clone(), String::new(), t.dim),
            },
            PickerKind::Licences => {
                let name = catalog
                    .licence(id)
                    .map_or_else(|| id.clone(), |l| format!("{} ({id})", l.name));
                if !picker.ticked.contains(id) && ticked_reach.contains(id.as_str()) {
                    (name, "✓ included".into(), t.licensed)
                } else {
                    (name, String::new(), t.dim)
                }
            }
            PickerKind::RiskControls => {
                let name = catalog
                    .item(id)
                    .map_or_else(|| id.clone(), |i| format!("{} {}", i.id, i.title));
                match app.assessment.item(id).answer {
                    None => (name, "unanswered".into(), t.dim),
                    Some(a) if a.leaves_untreated() => {
                        (name, format!("✗ {}", a.label()), t.unlicensed)
                    }
                    Some(a) => (name, format!("✓ {}", a.label()), t.licensed),
                }
            }
        };
        let selected = i == picker.cursor;
        // The status takes at most two fifths of the row; both are cut
        // with an ellipsis rather than run into each other.
        let status = cut(&status, (width * 2 / 5).max(12));
        let room = width.saturating_sub(status.chars().count() + 1);
        let left = cut(
            &format!(" {mark} {}", sanitize(&name)),
            room.saturating_sub(1),
        );
        let mut spans = vec![
            Span::styled(format!("{left:<room$}"), t.text),
            Span::styled(format!("{status} "), status_style),
        ];
        if selected {
            crate::tui::view::highlight(&mut spans, width, t.selected);
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), list);
    frame.render_widget(Line::styled(hint.to_string(), t.hint), hint_row);
}

pub(super) fn render_export(
    app: &App,
    form: &ExportForm,
    hint: &str,
    frame: &mut Frame,
    area: Rect,
) {
    let path_height = wrapped_height(&form.path, 80, 3);
    let inner = popup(app, frame, centered(area, 84, 11 + path_height), "Export");
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
    let [rows, _, file_label, file, _, hint_area] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(path_height),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(lines), rows);
    frame.render_widget(
        Line::styled(
            " File (in exports/ beside the assessment unless you type another)",
            if form.focus == 3 {
                app.theme.key
            } else {
                app.theme.dim
            },
        ),
        file_label,
    );
    field_box(
        app,
        &form.path,
        form.focus == 3,
        frame,
        Rect::new(
            file.x + 1,
            file.y,
            file.width.saturating_sub(1),
            file.height,
        ),
    );
    frame.render_widget(
        Paragraph::new(Line::styled(hint.to_string(), app.theme.hint))
            .wrap(ratatui::widgets::Wrap { trim: true }),
        hint_area,
    );
}
