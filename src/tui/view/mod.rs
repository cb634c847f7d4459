//! Drawing: reads the `App` and never changes it. What the next event needs
//! from the layout (row positions for the mouse, the page height) goes into
//! `ViewState`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use ratatui_textarea::TextArea;

use super::app::{App, Screen, Status};
use super::keys::Layer;
use super::msg::{Command, Msg};
use crate::text::sanitize;

mod text;
pub(super) use text::{
    bullet_lines, cut, hanging, highlight, paragraph_lines, wrap, wrapped_height,
};
use text::{render_status, status_height};
mod overlays;
pub use overlays::help_lines;
mod risks;
mod start;
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
    /// The first row the risk register shows.
    pub risk_offset: usize,
    /// Rows in a page of the list.
    pub page: usize,
    /// The terminal was too small to draw the workshop.
    pub too_small: bool,
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
    view.too_small = area.width < MIN_WIDTH || area.height < MIN_HEIGHT;
    if view.too_small {
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
        Constraint::Length(status_height(app, area.width)),
    ])
    .areas(area);
    render_title(app, frame, title);
    match (app.screen, &app.start) {
        (Screen::Start, Some(s)) => {
            view.list_rows.clear();
            view.list_area = Rect::default();
            view.detail_area = Rect::default();
            start::render_start(app, s, frame, body);
        }
        (Screen::Summary, _) => summary::render_summary(app, frame, body, view),
        (Screen::Risks, _) => risks::render_risks(app, frame, body, view),
        _ => workshop::render_workshop(app, frame, body, view),
    }
    render_hints(app, frame, hints);
    render_status(app, frame, status);
    if let Some(overlay) = &app.overlay {
        overlays::render_overlay(app, overlay, frame, area);
    }
}

/// While the terminal is too small: what to do, and the last status (a
/// quit that waits for an answer says so here).
fn render_too_small(app: &App, frame: &mut Frame, area: Rect) {
    let mut text = format!(
        "Enlarge the terminal: gapwalk needs at least {MIN_WIDTH}×{MIN_HEIGHT}, this one is {}×{}. Nothing changes until then; {} quits.",
        area.width,
        area.height,
        app.key(Command::Quit)
    );
    if let Status::Warning(s) | Status::Error(s) = &app.status {
        text.push(' ');
        text.push_str(&sanitize(s));
    }
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
    if app.screen == Screen::Start {
        frame.render_widget(
            Line::from(vec![
                Span::styled(" gapwalk ", app.theme.selected),
                Span::styled(
                    "  ISO/IEC 27001:2022 gap assessment on Microsoft 365",
                    app.theme.title,
                ),
            ]),
            area,
        );
        return;
    }
    let s = &app.analysis.summary;
    let group = app.catalog.items()[app.selected].theme;
    let theme_progress = s
        .themes
        .iter()
        .find(|t| t.theme == group)
        .map(|t| t.progress)
        .unwrap_or_default();
    let org = sanitize(&app.assessment.organisation);
    let file = sanitize(&app.file_name);
    let answered = format!("{}/{}", s.progress.answered, s.progress.total);
    // The right-hand side from the fullest to the shortest: on a narrow
    // terminal the theme's progress and the words go before the client's
    // name is ever cut.
    let right = |level: usize| -> Vec<Span<'static>> {
        let mut spans = Vec::new();
        // A signed-off file: always said, whatever else has to go.
        if app.read_only {
            spans.push(Span::styled(
                "READ-ONLY  ",
                app.theme.title.patch(app.theme.warning),
            ));
        }
        match level {
            0 | 1 => {
                spans.push(Span::styled("Answered ", app.theme.dim));
                spans.push(Span::styled(
                    format!("{answered} ({}%)", s.progress.percent()),
                    app.theme.title,
                ));
            }
            _ => spans.push(Span::styled(answered.clone(), app.theme.title)),
        }
        if level == 0 {
            spans.push(Span::styled(format!("  {} ", group.label()), app.theme.dim));
            spans.push(Span::styled(
                format!("{}/{}", theme_progress.answered, theme_progress.total),
                app.theme.title,
            ));
        }
        if let Some(session) = &app.active_session {
            let text = if level < 3 {
                format!("  ● session {} ", sanitize(session))
            } else {
                "  ● ".to_string()
            };
            spans.push(Span::styled(text, app.theme.ok));
        }
        if let Some(filter) = &app.filter {
            spans.push(Span::styled(
                format!("  filter: {} ", sanitize(&filter.label())),
                app.theme.warning,
            ));
        }
        spans.push(Span::raw(" "));
        spans
    };
    let width = |spans: &[Span]| spans.iter().map(|s| s.width()).sum::<usize>();
    let available = area.width as usize;
    let brand = " gapwalk  ";
    let org_width = org.chars().count();
    let with_file = org_width + 2 + file.chars().count();
    // The fullest header that shows the organisation in full, with the
    // file name if that fits too.
    let mut chosen = None;
    for level in 0..4 {
        let r = right(level);
        // Two cells between the left and the right side, so the file name
        // never runs into "Answered".
        let room = available.saturating_sub(width(&r) + brand.chars().count() + 2);
        if org_width <= room {
            chosen = Some((r, with_file <= room));
            break;
        }
    }
    let (r, show_file, org) = match chosen {
        Some((r, f)) => (r, f, org),
        None => {
            let r = right(3);
            let room = available.saturating_sub(width(&r) + brand.chars().count() + 2);
            let short: String = org.chars().take(room.saturating_sub(1)).collect();
            (r, false, format!("{short}…"))
        }
    };
    let mut left = vec![
        Span::styled(" gapwalk ", app.theme.selected),
        Span::raw(" "),
        Span::styled(org, app.theme.title),
    ];
    if show_file {
        left.push(Span::styled(format!("  {file}"), app.theme.dim));
    }
    let right_width = width(&r) as u16;
    let [l, rr] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(right_width)]).areas(area);
    frame.render_widget(Line::from(left), l);
    frame.render_widget(Line::from(r).right_aligned(), rr);
}

/// Key hints for some commands of a layer: (first key, what it does).
pub(super) fn key_hints(
    app: &App,
    layer: Layer,
    commands: &[(Command, &'static str)],
) -> Vec<(String, &'static str)> {
    commands
        .iter()
        .map(|&(c, what)| (app.keymap.key(layer, c), what))
        .collect()
}

/// The hints of the focused layer: the keys needed most there.
fn layer_hints(app: &App) -> Vec<(String, &'static str)> {
    use Command as C;
    let layer = app.layer();
    let k = |c: Command| app.keymap.key(layer, c);
    match (layer, &app.overlay) {
        (Layer::Workshop, _) => {
            let answers: Vec<String> = [
                C::AnswerMicrosoftProvides,
                C::AnswerShared,
                C::AnswerWeManage,
                C::AnswerGap,
                C::AnswerNotApplicable,
            ]
            .into_iter()
            .map(k)
            .collect();
            let answers = if answers.concat() == "12345" {
                "1-5".to_string()
            } else {
                answers.join(" ")
            };
            let mut pairs = vec![(answers, "answer")];
            pairs.extend(key_hints(
                app,
                layer,
                &[
                    (C::EditOwner, "owner"),
                    (C::AddEvidence, "evidence"),
                    (C::EditAction, "action"),
                    (C::MarkReviewed, "reviewed"),
                    (C::EditNotes, "notes"),
                    (C::EditCapabilities, "relies on"),
                    (C::NextUnanswered, "next open"),
                    (C::Jump, "jump"),
                    (C::Filter, "filter"),
                    (C::Undo, "undo"),
                    (C::Summary, "summary"),
                    (C::Help, "help"),
                    (C::Quit, "quit"),
                ],
            ));
            pairs
        }
        (Layer::Summary, _) => {
            let mut pairs = vec![(format!("{}{}", k(C::MoveUp), k(C::MoveDown)), "finding")];
            pairs.extend(key_hints(
                app,
                layer,
                &[
                    (C::Open, "open item"),
                    (C::Export, "export"),
                    (C::Undo, "undo"),
                    (C::Summary, "back"),
                    (C::Help, "help"),
                    (C::Quit, "quit"),
                ],
            ));
            pairs
        }
        (Layer::Risks, _) => {
            let mut pairs = vec![(format!("{}{}", k(C::MoveUp), k(C::MoveDown)), "risk")];
            pairs.extend(key_hints(
                app,
                layer,
                &[
                    (C::AddRisk, "add"),
                    (C::Open, "edit"),
                    (C::EditRiskControls, "controls"),
                    (C::DeleteRisk, "delete"),
                    (C::Undo, "undo"),
                    (C::Risks, "back"),
                    (C::Help, "help"),
                    (C::Quit, "quit"),
                ],
            ));
            pairs
        }
        (Layer::Start | Layer::Lists | Layer::Forms, None) => match &app.start {
            Some(s) => start::start_hints(app, s),
            None => Vec::new(),
        },
        (_, Some(overlay)) => overlays::overlay_hints(app, overlay),
        _ => Vec::new(),
    }
}

/// The one-line key hint: the keys needed most where the focus is.
fn render_hints(app: &App, frame: &mut Frame, area: Rect) {
    let pairs = layer_hints(app);
    // The last two (help and quit, or save and cancel) always show; the
    // rest as far as they fit.
    let width = area.width as usize;
    let cost = |(key, what): &(String, &str)| key.chars().count() + what.chars().count() + 3;
    let (rest, always) = pairs.split_at(pairs.len().saturating_sub(2));
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

/// A text box drawn with the theme; the cursor shows only with the focus.
pub(super) fn field_box(
    app: &App,
    textarea: &TextArea,
    focus: bool,
    frame: &mut Frame,
    area: Rect,
) {
    let mut t = textarea.clone();
    // Text wraps in its box instead of scrolling sideways.
    if t.wrap_mode() == ratatui_textarea::WrapMode::None {
        t.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
    }
    t.set_style(app.theme.text);
    t.set_cursor_style(if focus {
        app.theme.selected
    } else {
        app.theme.text
    });
    t.set_cursor_line_style(Style::default());
    frame.render_widget(&t, area);
}

/// What would bring a capability the tenant lacks: the licences that
/// include it, the one most plans carry first (Entra ID P2 comes with E5
/// and several suites), then those that bring least else.
pub(super) fn bringing_licences<'a>(
    catalog: &'a crate::catalog::Catalog,
    capability: &str,
) -> Vec<&'a str> {
    let Some(c) = catalog.capability(capability) else {
        return Vec::new();
    };
    let carried_by = |id: &str| {
        catalog
            .licences()
            .iter()
            .filter(|l| catalog.expand_licences([l.id.as_ref()]).contains(id))
            .count()
    };
    let mut carriers: Vec<(std::cmp::Reverse<usize>, usize, &str)> = c
        .licences
        .iter()
        .filter_map(|l| catalog.licence(l))
        .map(|l| {
            (
                std::cmp::Reverse(carried_by(&l.id)),
                catalog.expand_licences([l.id.as_ref()]).len(),
                l.name.as_ref(),
            )
        })
        .collect();
    carriers.sort();
    carriers.into_iter().map(|(_, _, n)| n).collect()
}

/// The first row a list of `rows` rows shows, starting from where it was:
/// it moves only as far as keeps the selection in view.
pub(super) fn keep_in_view(offset: usize, selected: usize, rows: usize) -> usize {
    if selected < offset {
        selected
    } else if selected >= offset + rows {
        selected + 1 - rows
    } else {
        offset
    }
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
