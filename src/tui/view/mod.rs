//! Drawing: reads the `App` and never changes it. What the next event needs
//! from the layout (row positions for the mouse, the page height) goes into
//! `ViewState`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::app::{App, Screen, Status};
use super::msg::{Command, Msg};
use crate::report::wrap;
use crate::text::sanitize;

mod overlays;
mod summary;
mod workshop;

/// Below this the layout cannot show an item and its guidance.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

/// Layout facts from the last frame.
#[derive(Debug, Clone, Default)]
pub struct ViewState {
    /// Where the item list was drawn, and which catalog position each of its
    /// rows shows (None for group headings).
    pub list_area: Rect,
    pub list_rows: Vec<Option<usize>>,
    pub list_offset: usize,
    pub detail_area: Rect,
    pub summary_offset: usize,
    /// Rows in a page of the list.
    pub page: usize,
}

impl ViewState {
    /// What a mouse event at a cell means.
    pub fn hit(&self, column: u16, row: u16, scroll: i16) -> Option<Msg> {
        let inside =
            |r: Rect| column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height;
        if scroll != 0 {
            if inside(self.detail_area) {
                return Some(Msg::ScrollDetail(scroll * 3));
            }
            if inside(self.list_area) {
                return Some(Msg::Run(if scroll > 0 {
                    Command::MoveDown
                } else {
                    Command::MoveUp
                }));
            }
            return None;
        }
        if inside(self.list_area) {
            let index = (row - self.list_area.y) as usize;
            return self
                .list_rows
                .get(index)
                .copied()
                .flatten()
                .map(Msg::Select);
        }
        None
    }
}

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame, view: &mut ViewState) {
    let area = frame.area();
    frame.render_widget(Block::new().style(app.theme.text), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(app, frame, area);
        view.list_rows.clear();
        view.list_area = Rect::default();
        view.detail_area = Rect::default();
        return;
    }
    let [title, body, hints, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_title(app, frame, title);
    match app.screen {
        Screen::Workshop => workshop::render_workshop(app, frame, body, view),
        Screen::Summary => summary::render_summary(app, frame, body, view),
    }
    render_hints(app, frame, hints);
    render_status(app, frame, status);
    if let Some(overlay) = &app.overlay {
        overlays::render_overlay(app, overlay, frame, area);
    }
}

fn render_too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = format!(
        "Enlarge the terminal: gapwalk needs at least {MIN_WIDTH}×{MIN_HEIGHT}, this one is {}×{}.",
        area.width, area.height
    );
    let lines: Vec<Line> = wrap(&text, area.width.max(1) as usize)
        .into_iter()
        .map(|l| Line::styled(l, app.theme.warning))
        .collect();
    let height = (lines.len() as u16).min(area.height);
    let y = area.y + area.height.saturating_sub(height) / 2;
    frame.render_widget(
        Paragraph::new(lines).centered(),
        Rect::new(area.x, y, area.width, height),
    );
}

fn render_title(app: &App, frame: &mut Frame, area: Rect) {
    let s = &app.analysis.summary;
    let group = app.catalog.items()[app.selected].theme;
    let theme_progress = s
        .themes
        .iter()
        .find(|t| t.theme == group)
        .map(|t| t.progress)
        .unwrap_or_default();
    let mut left = vec![
        Span::styled(" gapwalk ", app.theme.selected),
        Span::raw(" "),
        Span::styled(sanitize(&app.assessment.organisation), app.theme.title),
        Span::styled(format!("  {}", sanitize(&app.file_name)), app.theme.dim),
    ];
    if app.read_only {
        left.push(Span::styled(
            "  READ-ONLY",
            app.theme.title.patch(app.theme.warning),
        ));
    }
    let mut right = vec![
        Span::styled("Answered ", app.theme.dim),
        Span::styled(
            format!(
                "{}/{} ({}%)",
                s.progress.answered,
                s.progress.total,
                s.progress.percent()
            ),
            app.theme.title,
        ),
        Span::styled(format!("  {} ", group.label()), app.theme.dim),
        Span::styled(
            format!("{}/{}", theme_progress.answered, theme_progress.total),
            app.theme.title,
        ),
    ];
    if let Some(session) = &app.active_session {
        right.push(Span::styled(
            format!("  ● session {} ", sanitize(session)),
            app.theme.ok,
        ));
    }
    if let Some(filter) = &app.filter {
        right.push(Span::styled(
            format!("  filter: {} ", sanitize(&filter.label())),
            app.theme.warning,
        ));
    }
    right.push(Span::raw(" "));
    // On a narrow terminal the file name goes first, then the organisation
    // is shortened; progress always stays.
    let width = |spans: &[Span]| spans.iter().map(|s| s.width()).sum::<usize>();
    let available = area.width as usize;
    if width(&left) + width(&right) > available {
        left.pop();
    }
    let room = available.saturating_sub(width(&right) + 11);
    let org = &left[2].content;
    if org.chars().count() > room {
        let short: String = org.chars().take(room.saturating_sub(1)).collect();
        left[2].content = format!("{short}…").into();
    }
    let right_width = width(&right) as u16;
    let [l, r] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(right_width)]).areas(area);
    frame.render_widget(Line::from(left), l);
    frame.render_widget(Line::from(right).right_aligned(), r);
}

/// The one-line key hint: the keys a facilitator needs most.
fn render_hints(app: &App, frame: &mut Frame, area: Rect) {
    let k = |c: Command| {
        app.keymap
            .keys(c)
            .first()
            .map_or_else(|| "-".to_string(), ToString::to_string)
    };
    let pairs: Vec<(String, &str)> = match app.screen {
        Screen::Workshop => vec![
            (
                format!(
                    "{}-{}",
                    k(Command::AnswerMicrosoftProvides),
                    k(Command::AnswerNotApplicable)
                ),
                "answer",
            ),
            (k(Command::EditOwner), "owner"),
            (k(Command::AddEvidence), "evidence"),
            (k(Command::EditAction), "action"),
            (k(Command::MarkReviewed), "reviewed"),
            (k(Command::EditNotes), "notes"),
            (k(Command::NextUnanswered), "next open"),
            (k(Command::Jump), "jump"),
            (k(Command::Filter), "filter"),
            (k(Command::Undo), "undo"),
            (k(Command::Summary), "summary"),
            (k(Command::Help), "help"),
            (k(Command::Quit), "quit"),
        ],
        Screen::Summary => vec![
            ("↑↓".to_string(), "finding"),
            ("Enter".to_string(), "open item"),
            (k(Command::Export), "export"),
            (k(Command::Summary), "back"),
            (k(Command::Help), "help"),
            (k(Command::Quit), "quit"),
        ],
    };
    // Help and quit always show, at the end; the rest as far as they fit.
    let width = area.width as usize;
    let cost = |(key, what): &(String, &str)| key.chars().count() + what.chars().count() + 3;
    let (rest, always) = pairs.split_at(pairs.len() - 2);
    let mut budget = width.saturating_sub(1 + always.iter().map(cost).sum::<usize>());
    let mut shown: Vec<&(String, &str)> = Vec::new();
    for pair in rest {
        if cost(pair) <= budget {
            budget -= cost(pair);
            shown.push(pair);
        }
    }
    shown.extend(always);
    let mut spans = vec![Span::raw(" ")];
    for (key, what) in shown {
        spans.push(Span::styled(key.clone(), app.theme.key));
        spans.push(Span::styled(format!(" {what}  "), app.theme.dim));
    }
    frame.render_widget(Line::from(spans), area);
}

fn render_status(app: &App, frame: &mut Frame, area: Rect) {
    frame.render_widget(Block::new().style(app.theme.status), area);
    let (text, style) = match &app.status {
        Status::None => (String::new(), app.theme.status),
        Status::Info(s) => (s.clone(), app.theme.status),
        Status::Warning(s) => (s.clone(), app.theme.status.patch(app.theme.warning)),
        Status::Error(s) => (s.clone(), app.theme.status.patch(app.theme.error)),
    };
    let saved = if app.unsaved {
        match &app.disk_invalid {
            Some(at) => Span::styled(
                format!(" NOT SAVED · invalid at {} ", sanitize(at)),
                app.theme.status.patch(app.theme.error),
            ),
            None => Span::styled(" NOT SAVED ", app.theme.status.patch(app.theme.error)),
        }
    } else if app.read_only {
        Span::styled(" Read-only: nothing is written ", app.theme.status)
    } else {
        match &app.last_saved {
            Some(at) => Span::styled(
                format!(" Saved {at} "),
                app.theme.status.patch(app.theme.ok),
            ),
            None => Span::styled(" All changes are saved as you go ", app.theme.status),
        }
    };
    let [l, r] = Layout::horizontal([Constraint::Min(1), Constraint::Length(saved.width() as u16)])
        .areas(area);
    frame.render_widget(Line::styled(format!(" {}", sanitize(&text)), style), l);
    frame.render_widget(Line::from(saved), r);
}

/// Word-wrapped lines of untrusted text with an indent.
pub(super) fn paragraph_lines(
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
pub(super) fn bullet_lines(
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
pub(super) fn hanging(
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

/// Marks a list row as selected: every span in the selection style, padded
/// to the full width.
pub(super) fn highlight(spans: &mut Vec<Span<'static>>, width: usize, selected: Style) {
    for s in spans.iter_mut() {
        s.style = s.style.patch(selected);
    }
    let used: usize = spans.iter().map(Span::width).sum();
    spans.push(Span::styled(
        " ".repeat(width.saturating_sub(used)),
        selected,
    ));
}

/// A rectangle centred in `area`, at most `width`×`height`.
pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clears an overlay's area and draws its frame; returns the inner area.
pub(super) fn popup(app: &App, frame: &mut Frame, area: Rect, title: &str) -> Rect {
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .title(Span::styled(format!(" {title} "), app.theme.title))
        .border_style(app.theme.border_focus)
        .style(app.theme.text);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}
