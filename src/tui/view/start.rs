//! The start screen: the files to open and the new-assessment form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{field_box, key_hints};
use crate::text::sanitize;
use crate::tui::app::App;
use crate::tui::keys::Layer;
use crate::tui::msg::Command;
use crate::tui::start::{NewForm, StartState};

pub fn render_start(app: &App, start: &StartState, frame: &mut Frame, area: Rect) {
    match &start.form {
        None => render_list(app, start, frame, area),
        Some(form) => render_form(app, start, form, frame, area),
    }
}

fn render_list(app: &App, start: &StartState, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let block = Block::bordered()
        .border_style(t.border_focus)
        .title(Span::styled(" Open an assessment ", t.heading));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    for (i, e) in start.entries.iter().enumerate() {
        let selected = i == start.selected;
        let name = if e.recent {
            format!("{} (recent)", e.label)
        } else {
            e.label.clone()
        };
        let style = if selected {
            t.selected
        } else if e.valid {
            t.text
        } else {
            t.dim
        };
        let line = format!(" {:<w$}", sanitize(&name), w = width.saturating_sub(1));
        lines.push(Line::styled(line, style));
        let desc_style = if e.valid { t.dim } else { t.error };
        lines.push(Line::styled(format!("     {}", e.description), desc_style));
    }
    let style = if start.selected == start.entries.len() {
        t.selected
    } else {
        t.key
    };
    lines.push(Line::styled(
        format!(
            " {:<w$}",
            format!(
                "+ New assessment… ({}), saved in {}",
                app.keymap.key(Layer::Start, Command::NewAssessment),
                sanitize(&folder_label(start))
            ),
            w = width.saturating_sub(1)
        ),
        style,
    ));
    if start.entries.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(
                " No assessments in {} yet: create one.",
                sanitize(&folder_label(start))
            ),
            t.hint,
        ));
    }
    let rows = inner.height as usize;
    let selected_line = start.selected * 2;
    let offset = selected_line.saturating_sub(rows.saturating_sub(2));
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), inner);
}

/// "assessments/": the folder as the list names its files.
fn folder_label(start: &StartState) -> String {
    let folder = start.dir.file_name().map_or_else(
        || start.dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    format!("{folder}/")
}

fn render_form(app: &App, start: &StartState, form: &NewForm, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let block = Block::bordered()
        .border_style(t.border_focus)
        .title(Span::styled(" New assessment ", t.heading));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let folder = format!("File in {}", folder_label(start));
    let boxes = [
        ("Organisation", &form.organisation),
        ("Scope", &form.scope),
        (folder.as_str(), &form.file),
    ];
    let label_width = boxes
        .iter()
        .map(|(l, _)| l.chars().count() as u16 + 2)
        .max()
        .unwrap_or(14);
    let box_width = inner.width.saturating_sub(label_width + 2);
    let heights: Vec<u16> = boxes
        .iter()
        .map(|(_, ta)| super::wrapped_height(ta, box_width, 3))
        .collect();
    let fields_height = heights.iter().map(|h| h + 1).sum::<u16>() + 1;
    let [fields, licences] =
        Layout::vertical([Constraint::Length(fields_height), Constraint::Min(1)]).areas(inner);
    let mut y = fields.y;
    for (i, ((label, ta), h)) in boxes.into_iter().zip(heights).enumerate() {
        if y + h > fields.y + fields.height {
            break;
        }
        let focus = form.focus == i;
        frame.render_widget(
            Line::styled(sanitize(label), if focus { t.key } else { t.dim }),
            Rect::new(fields.x + 1, y, label_width, 1),
        );
        field_box(
            app,
            ta,
            focus,
            frame,
            Rect::new(fields.x + 1 + label_width, y, box_width, h),
        );
        y += h + 1;
    }
    if let Some(e) = &form.error
        && y < fields.y + fields.height
    {
        frame.render_widget(
            Line::styled(sanitize(e), t.error),
            Rect::new(fields.x + 1, y, fields.width.saturating_sub(2), 1),
        );
    }
    let label_style = if form.on_licences() { t.key } else { t.dim };
    let mut lines = vec![Line::styled(
        format!(
            " Licences the tenant has ({} ticks; {} changes them later in the workshop)",
            app.keymap.key(Layer::Lists, Command::Toggle),
            app.workshop_key(Command::EditLicences)
        ),
        label_style,
    )];
    let rows = licences.height.saturating_sub(1) as usize;
    let offset = form.licence_cursor.saturating_sub(rows.saturating_sub(1));
    for (i, (id, on)) in form.licences.iter().enumerate().skip(offset).take(rows) {
        let name = app
            .catalog
            .licence(id)
            .map_or(id.as_str(), |l| l.name.as_ref());
        let mark = if *on { "[x]" } else { "[ ]" };
        let style = if form.on_licences() && i == form.licence_cursor {
            t.selected
        } else {
            t.text
        };
        lines.push(Line::styled(format!("  {mark} {name}  ({id})"), style));
    }
    frame.render_widget(Paragraph::new(lines), licences);
}

/// The hint line of the start screen.
pub fn start_hints(app: &App, start: &StartState) -> Vec<(String, &'static str)> {
    let k = |layer, c| app.keymap.key(layer, c);
    match &start.form {
        None => vec![
            (
                format!(
                    "{}{}",
                    k(Layer::Start, Command::MoveUp),
                    k(Layer::Start, Command::MoveDown)
                ),
                "choose",
            ),
            (k(Layer::Start, Command::Open), "open"),
            (k(Layer::Start, Command::NewAssessment), "new assessment"),
            (k(Layer::Start, Command::CycleTheme), "theme"),
            (k(Layer::Start, Command::Help), "help"),
            (k(Layer::Start, Command::Quit), "quit"),
        ],
        Some(form) if form.on_licences() => key_hints(
            app,
            Layer::Lists,
            &[
                (Command::Toggle, "tick"),
                (Command::NextField, "next field"),
                (Command::Confirm, "create"),
                (Command::Cancel, "back"),
            ],
        ),
        Some(_) => key_hints(
            app,
            Layer::Forms,
            &[
                (Command::Confirm, "next field"),
                (Command::NextField, "next field"),
                (Command::Cancel, "back"),
            ],
        ),
    }
}
