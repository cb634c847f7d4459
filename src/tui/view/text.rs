//! The status line, and untrusted text laid out for the screen: wrapped, indented, bulleted, cut with an ellipsis, a row highlighted.

use super::*;

/// The rows a text box needs at this width so that its text wraps instead
/// of scrolling sideways (the room proofreads it): at least 1, at most `max`.
pub(in crate::tui) fn wrapped_height(textarea: &TextArea, width: u16, max: u16) -> u16 {
    let width = width.max(1) as usize;
    let rows: usize = textarea
        .lines()
        .iter()
        .map(|l| {
            // One cell more for the cursor at the end of the line.
            let cells = l.chars().count() + 1;
            wrap(l, width).len().max(cells.div_ceil(width)).max(1)
        })
        .sum();
    (rows as u16).clamp(1, max.max(1))
}

/// A role's colour on the status line's own background.
pub(in crate::tui) fn on_status(app: &App, role: Style) -> Style {
    app.theme.status.patch(Style { bg: None, ..role })
}

pub(in crate::tui) fn render_status(app: &App, frame: &mut Frame, area: Rect) {
    frame.render_widget(Block::new().style(app.theme.status), area);
    let (text, style) = match &app.status {
        Status::None => (String::new(), app.theme.status),
        Status::Info(s) => (s.clone(), app.theme.status),
        Status::Warning(s) => (s.clone(), on_status(app, app.theme.warning)),
        Status::Error(s) => (s.clone(), on_status(app, app.theme.error)),
    };
    let saved = saved_indicator(app);
    let [l, r] = Layout::horizontal([Constraint::Min(1), Constraint::Length(saved.width() as u16)])
        .areas(area);
    let lines: Vec<Line> = wrap(&sanitize(&text), l.width.saturating_sub(2).max(1) as usize)
        .into_iter()
        .map(|line| Line::styled(format!(" {line}"), style))
        .collect();
    frame.render_widget(Paragraph::new(lines), l);
    frame.render_widget(Line::from(saved), r);
}

/// Whether what is shown is in the file.
pub(in crate::tui) fn saved_indicator(app: &App) -> Span<'static> {
    if app.unsaved {
        match &app.disk_invalid {
            Some(at) => Span::styled(
                format!(" NOT SAVED · invalid at {} ", sanitize(at)),
                on_status(app, app.theme.error),
            ),
            None => Span::styled(" NOT SAVED ", on_status(app, app.theme.error)),
        }
    } else if app.read_only {
        Span::styled(" Read-only: nothing is written ", app.theme.status)
    } else {
        match &app.last_saved {
            Some(at) => Span::styled(format!(" Saved {at} "), on_status(app, app.theme.ok)),
            None if app.screen == Screen::Start => Span::raw(""),
            None => Span::styled(" All changes are saved as you go ", app.theme.status),
        }
    }
}

/// The status line grows to three rows rather than cut a message off.
pub(in crate::tui) fn status_height(app: &App, width: u16) -> u16 {
    let text = match &app.status {
        Status::None => return 1,
        Status::Info(s) | Status::Warning(s) | Status::Error(s) => s,
    };
    let room = (width as usize)
        .saturating_sub(saved_indicator(app).width() + 2)
        .max(1);
    (wrap(&sanitize(text), room).len() as u16).clamp(1, 3)
}

/// Word wrap that also splits a word longer than the width (a path, a
/// URL), so nothing runs off the edge of a box.
pub(in crate::tui) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for line in crate::report::wrap(text, width) {
        let chars: Vec<char> = line.chars().collect();
        if chars.len() <= width {
            out.push(line);
        } else {
            out.extend(chars.chunks(width).map(|c| c.iter().collect::<String>()));
        }
    }
    out
}

/// Word-wrapped lines of untrusted text with an indent.
pub(in crate::tui) fn paragraph_lines(
    text: &str,
    width: usize,
    indent: &str,
    style: Style,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for raw in crate::text::sanitize_multiline(text).lines() {
        let wrapped = wrap(raw, width.saturating_sub(indent.chars().count()).max(8));
        if wrapped.is_empty() {
            out.push(Line::raw(""));
        }
        for l in wrapped {
            out.push(Line::styled(format!("{indent}{l}"), style));
        }
    }
    out
}

/// A bulleted list, wrapped with a hanging indent.
pub(in crate::tui) fn bullet_lines(
    entries: &[impl AsRef<str>],
    width: usize,
    style: Style,
) -> Vec<Line<'static>> {
    entries
        .iter()
        .flat_map(|e| hanging(e.as_ref(), width, "  • ", "    ", style))
        .collect()
}

/// Untrusted text wrapped with `first` before its first line and `rest`
/// before the others.
pub(in crate::tui) fn hanging(
    text: &str,
    width: usize,
    first: &str,
    rest: &str,
    style: Style,
) -> Vec<Line<'static>> {
    let indent = first.chars().count().max(rest.chars().count());
    wrap(&sanitize(text), width.saturating_sub(indent).max(8))
        .into_iter()
        .enumerate()
        .map(|(i, l)| Line::styled(format!("{}{l}", if i == 0 { first } else { rest }), style))
        .collect()
}

/// Text cut to `width` characters, with an ellipsis when it is longer.
pub(in crate::tui) fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// Marks a list row as selected: every span in the selection style, padded
/// to the full width.
pub(in crate::tui) fn highlight(spans: &mut Vec<Span<'static>>, width: usize, selected: Style) {
    for s in spans.iter_mut() {
        s.style = s.style.patch(selected);
    }
    let used: usize = spans.iter().map(Span::width).sum();
    spans.push(Span::styled(
        " ".repeat(width.saturating_sub(used)),
        selected,
    ));
}
