//! The start screen: the assessments in `./assessments/` (the bundled
//! example first) and recent files, and a form for a new assessment.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::Frame;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui_textarea::TextArea;

use super::theme::Theme;
use super::view::{MIN_HEIGHT, MIN_WIDTH};
use crate::assessment::{Assessment, LoadError, create_assessment, load_assessment};
use crate::catalog::Catalog;
use crate::text::sanitize;

/// Listed first in the licence picker.
const COMMON_LICENCES: [&str; 12] = [
    "m365-business-premium",
    "m365-e3",
    "m365-e5",
    "m365-business-standard",
    "m365-business-basic",
    "o365-e3",
    "o365-e5",
    "o365-e1",
    "entra-id-p1",
    "entra-id-p2",
    "m365-e5-security",
    "m365-e5-compliance",
];

/// The folder new assessments go to and the example comes from.
pub const ASSESSMENTS_DIR: &str = "assessments";

/// One file the start screen offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: PathBuf,
    /// "Tailspin Analytics Ltd — 43 of 123 answered", or why it cannot open.
    pub description: String,
    pub valid: bool,
    pub recent: bool,
}

/// The new-assessment form.
#[derive(Debug, Clone)]
pub struct NewForm {
    pub organisation: TextArea<'static>,
    pub scope: TextArea<'static>,
    pub file: TextArea<'static>,
    /// Whether the file name was typed (else it follows the organisation).
    pub file_edited: bool,
    /// Licence ids in registry order, with whether each is ticked.
    pub licences: Vec<(String, bool)>,
    pub licence_cursor: usize,
    /// 0 organisation, 1 scope, 2 file, 3 licences.
    pub focus: usize,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct StartApp {
    pub catalog: &'static Catalog,
    pub entries: Vec<Entry>,
    /// Index into entries; `entries.len()` is "New assessment…".
    pub selected: usize,
    pub form: Option<NewForm>,
    pub theme: Theme,
    pub dir: PathBuf,
}

/// What the start screen ends with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Open(PathBuf),
    Create {
        path: PathBuf,
        assessment: Box<Assessment>,
    },
    Quit,
}

/// The files to offer: `dir/*.toml` (example.toml first), then recent files.
pub fn entries(catalog: &Catalog, dir: &Path, recent: &[PathBuf]) -> Vec<Entry> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort_by_key(|p| (p.file_name().is_none_or(|n| n != "example.toml"), p.clone()));
    let mut out: Vec<Entry> = files
        .into_iter()
        .map(|p| describe(catalog, p, false))
        .collect();
    for r in recent {
        let known = out.iter().any(|e| same_file(&e.path, r));
        if !known {
            out.push(describe(catalog, r.clone(), true));
        }
    }
    out
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn describe(catalog: &Catalog, path: PathBuf, recent: bool) -> Entry {
    match load_assessment(&path, catalog) {
        Ok((_, a)) => {
            let answered = a.items.values().filter(|r| r.answer.is_some()).count();
            Entry {
                description: format!(
                    "{} — {answered} of {} answered",
                    sanitize(&a.organisation),
                    catalog.items().len()
                ),
                path,
                valid: true,
                recent,
            }
        }
        Err(LoadError::Invalid { problems, .. }) => Entry {
            description: format!(
                "cannot open: {} ({} problem{}; `gapwalk validate` lists them)",
                problems
                    .first()
                    .map_or_else(String::new, |p| sanitize(&p.to_string())),
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            ),
            path,
            valid: false,
            recent,
        },
        Err(e) => Entry {
            description: format!("cannot open: {}", sanitize(&e.to_string())),
            path,
            valid: false,
            recent,
        },
    }
}

impl StartApp {
    pub fn new(
        catalog: &'static Catalog,
        dir: &Path,
        recent: &[PathBuf],
        theme: Theme,
    ) -> StartApp {
        StartApp {
            catalog,
            entries: entries(catalog, dir, recent),
            selected: 0,
            form: None,
            theme,
            dir: dir.to_path_buf(),
        }
    }

    fn open_form(&mut self) {
        self.form = Some(NewForm {
            organisation: TextArea::default(),
            scope: TextArea::from(["Microsoft 365 tenant and the ISMS processes around it"]),
            file: TextArea::default(),
            file_edited: false,
            licences: {
                // The suites most tenants have first, then add-ons and parts.
                let mut ids: Vec<&str> = self
                    .catalog
                    .licences()
                    .iter()
                    .map(|l| l.id.as_ref())
                    .collect();
                ids.sort_by_key(|id| {
                    COMMON_LICENCES
                        .iter()
                        .position(|c| c == id)
                        .unwrap_or(usize::MAX)
                });
                ids.into_iter().map(|id| (id.to_string(), false)).collect()
            },
            licence_cursor: 0,
            focus: 0,
            error: None,
        });
    }
}

/// A file name from an organisation's name: "Contoso Ltd" → contoso-ltd.toml.
pub fn slug(organisation: &str) -> String {
    let mut s = String::new();
    for c in organisation.chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-');
    if s.is_empty() {
        "assessment.toml".into()
    } else {
        format!("{s}.toml")
    }
}

fn text(t: &TextArea) -> String {
    t.lines().join(" ").trim().to_string()
}

/// One key on the start screen.
pub fn update(app: &mut StartApp, key: KeyEvent) -> Option<Outcome> {
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl_c {
        return Some(Outcome::Quit);
    }
    let Some(form) = &mut app.form else {
        let last = app.entries.len();
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => app.selected = app.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => app.selected = (app.selected + 1).min(last),
            KeyCode::Home => app.selected = 0,
            KeyCode::End => app.selected = last,
            KeyCode::Char('n') => app.open_form(),
            KeyCode::Char('q') | KeyCode::Esc => return Some(Outcome::Quit),
            KeyCode::Enter => match app.entries.get(app.selected) {
                Some(e) if e.valid => return Some(Outcome::Open(e.path.clone())),
                Some(_) => {}
                None => app.open_form(),
            },
            _ => {}
        }
        return None;
    };
    form.error = None;
    match key.code {
        KeyCode::Esc => {
            app.form = None;
            return None;
        }
        KeyCode::Tab => form.focus = (form.focus + 1) % 4,
        KeyCode::BackTab => form.focus = (form.focus + 3) % 4,
        KeyCode::Enter if form.focus < 3 => form.focus += 1,
        KeyCode::Enter => {
            let organisation = text(&form.organisation);
            let file = text(&form.file);
            if organisation.is_empty() {
                form.error = Some("Name the organisation.".into());
                form.focus = 0;
                return None;
            }
            let mut path = PathBuf::from(&file);
            if path.extension().is_none() {
                path.set_extension("toml");
            }
            if path.components().count() == 1 {
                path = app.dir.join(path);
            }
            if path.exists() {
                form.error = Some(format!(
                    "{} already exists: choose another file name.",
                    path.display()
                ));
                form.focus = 2;
                return None;
            }
            let mut assessment = Assessment::new(app.catalog.id(), &organisation);
            assessment.scope = Some(text(&form.scope)).filter(|s| !s.is_empty());
            assessment.licences = form
                .licences
                .iter()
                .filter(|(_, on)| *on)
                .map(|(id, _)| id.clone())
                .collect();
            return Some(Outcome::Create {
                path,
                assessment: Box::new(assessment),
            });
        }
        KeyCode::Up if form.focus == 3 => {
            form.licence_cursor = form.licence_cursor.saturating_sub(1)
        }
        KeyCode::Down if form.focus == 3 => {
            form.licence_cursor =
                (form.licence_cursor + 1).min(form.licences.len().saturating_sub(1));
        }
        KeyCode::Char(' ') if form.focus == 3 => {
            if let Some((_, on)) = form.licences.get_mut(form.licence_cursor) {
                *on = !*on;
            }
        }
        _ => {
            let target = match form.focus {
                0 => &mut form.organisation,
                1 => &mut form.scope,
                2 => {
                    form.file_edited = true;
                    &mut form.file
                }
                _ => return None,
            };
            // One line each: Enter moves on instead.
            target.input(key);
        }
    }
    if !form.file_edited {
        form.file = TextArea::from([slug(&text(&form.organisation))]);
    }
    None
}

pub fn render_start(app: &StartApp, frame: &mut Frame) {
    let t = &app.theme;
    let area = frame.area();
    frame.render_widget(Block::new().style(t.text), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        frame.render_widget(
            Paragraph::new(format!(
                "Enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT}."
            ))
            .style(t.warning),
            area,
        );
        return;
    }
    let [title, body, hints] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Line::from(vec![
            Span::styled(" gapwalk ", t.selected),
            Span::styled(
                "  ISO/IEC 27001:2022 gap assessment on Microsoft 365",
                t.title,
            ),
        ]),
        title,
    );
    match &app.form {
        None => render_list(app, frame, body),
        Some(form) => render_form(app, form, frame, body),
    }
    let hint = if app.form.is_some() {
        " Tab next field · Space ticks a licence · Enter on licences creates · Esc back"
    } else {
        " ↑↓ choose · Enter open · n new assessment · q quit"
    };
    frame.render_widget(Line::styled(hint, t.hint), hints);
}

fn render_list(app: &StartApp, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let block = Block::bordered()
        .border_style(t.border_focus)
        .title(Span::styled(" Open an assessment ", t.heading));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    for (i, e) in app.entries.iter().enumerate() {
        let selected = i == app.selected;
        let name = if e.recent {
            format!("{} (recent)", e.path.display())
        } else {
            e.path.display().to_string()
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
    let style = if app.selected == app.entries.len() {
        t.selected
    } else {
        t.key
    };
    lines.push(Line::styled(
        format!(" {:<w$}", "+ New assessment…", w = width.saturating_sub(1)),
        style,
    ));
    if app.entries.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(" No assessments in ./{ASSESSMENTS_DIR}/ yet: create one."),
            t.hint,
        ));
    }
    let rows = inner.height as usize;
    let selected_line = app.selected * 2;
    let offset = selected_line.saturating_sub(rows.saturating_sub(2));
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), inner);
}

fn render_form(app: &StartApp, form: &NewForm, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let block = Block::bordered()
        .border_style(t.border_focus)
        .title(Span::styled(" New assessment ", t.heading));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [fields, licences] =
        Layout::vertical([Constraint::Length(7), Constraint::Min(1)]).areas(inner);
    for (i, (label, area_text)) in [
        ("Organisation", &form.organisation),
        ("Scope", &form.scope),
        ("File", &form.file),
    ]
    .into_iter()
    .enumerate()
    {
        let y = fields.y + i as u16 * 2;
        if y + 1 >= fields.y + fields.height {
            break;
        }
        let style = if form.focus == i { t.key } else { t.dim };
        frame.render_widget(
            Line::styled(label, style),
            Rect::new(fields.x + 1, y, 14, 1),
        );
        let mut ta = area_text.clone();
        ta.set_style(t.text);
        ta.set_cursor_style(if form.focus == i { t.selected } else { t.text });
        ta.set_cursor_line_style(ratatui::style::Style::default());
        frame.render_widget(
            &ta,
            Rect::new(fields.x + 15, y, fields.width.saturating_sub(16), 1),
        );
    }
    if let Some(e) = &form.error {
        frame.render_widget(
            Line::styled(sanitize(e), t.error),
            Rect::new(
                fields.x + 1,
                fields.y + 6,
                fields.width.saturating_sub(2),
                1,
            ),
        );
    }
    let label_style = if form.focus == 3 { t.key } else { t.dim };
    let mut lines = vec![Line::styled(
        " Licences the tenant has (Space ticks)",
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
        let style = if form.focus == 3 && i == form.licence_cursor {
            t.selected
        } else {
            t.text
        };
        lines.push(Line::styled(format!("  {mark} {name}  ({id})"), style));
    }
    frame.render_widget(Paragraph::new(lines), licences);
}

/// Runs the start screen until a file is chosen or created.
pub fn run(
    terminal: &mut ratatui::DefaultTerminal,
    catalog: &'static Catalog,
    theme: Theme,
    stop: &AtomicBool,
) -> anyhow::Result<Option<PathBuf>> {
    let recent = crate::config::recent_files();
    let mut app = StartApp::new(catalog, Path::new(ASSESSMENTS_DIR), &recent, theme);
    loop {
        terminal.draw(|f| render_start(&app, f))?;
        let key = loop {
            if stop.load(Ordering::Relaxed) {
                return Ok(None);
            }
            if event::poll(Duration::from_millis(250))?
                && let Event::Key(k) = event::read()?
                && k.kind != KeyEventKind::Release
            {
                break k;
            }
        };
        match update(&mut app, key) {
            None => {}
            Some(Outcome::Quit) => return Ok(None),
            Some(Outcome::Open(path)) => return Ok(Some(path)),
            Some(Outcome::Create {
                path,
                mut assessment,
            }) => {
                assessment.id = Some(Assessment::new_id(
                    &assessment.organisation,
                    std::time::SystemTime::now(),
                ));
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)?;
                }
                match create_assessment(&path, &assessment, catalog) {
                    Ok(_) => return Ok(Some(path)),
                    Err(e) => {
                        if let Some(form) = &mut app.form {
                            form.error = Some(e.to_string());
                        }
                    }
                }
            }
        }
    }
}
