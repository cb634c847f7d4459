//! The start screen's state: the recently opened assessments and those in
//! `./assessments/`, and a form for a new assessment. It runs in the
//! workshop's loop (`Screen::Start`); `update::start` changes it and
//! `view::start` draws it.

use std::path::{Path, PathBuf};

use ratatui_textarea::TextArea;

use crate::assessment::{LoadError, load_assessment};
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
    /// How the list names it: "assessments/contoso.toml" for a file in
    /// the folder, the whole path for one elsewhere.
    pub label: String,
    /// "Tailspin Analytics Ltd — 43 of 123 answered", or why it cannot open.
    pub description: String,
    pub valid: bool,
    /// It is in the list of recently opened files.
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

/// The scope a new assessment starts with.
pub const DEFAULT_SCOPE: &str = "Microsoft 365 tenant and the ISMS processes around it";

impl NewForm {
    /// Whether the licence list has the focus (else a text box has).
    pub fn on_licences(&self) -> bool {
        self.focus == 3
    }

    /// Whether anything was typed or ticked.
    pub fn changed(&self) -> bool {
        !text(&self.organisation).is_empty()
            || text(&self.scope) != DEFAULT_SCOPE
            || self.file_edited
            || self.licences.iter().any(|(_, on)| *on)
    }

    /// The focused text box, if a text box has the focus.
    pub fn focused_text(&mut self) -> Option<&mut TextArea<'static>> {
        match self.focus {
            0 => Some(&mut self.organisation),
            1 => Some(&mut self.scope),
            2 => Some(&mut self.file),
            _ => None,
        }
    }
}

/// The start screen's state.
#[derive(Debug, Clone)]
pub struct StartState {
    pub entries: Vec<Entry>,
    /// Index into entries; `entries.len()` is "New assessment…".
    pub selected: usize,
    pub form: Option<NewForm>,
    /// The folder listed, where new assessments go.
    pub dir: PathBuf,
}

/// The files to offer: the recently opened ones, most recent first, then
/// the other `dir/*.toml` files by name, the bundled example last (a
/// facilitator's own files come before it).
pub fn entries(catalog: &Catalog, dir: &Path, recent: &[PathBuf]) -> Vec<Entry> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort_by_key(|p| {
        (
            p.file_name().is_some_and(|n| n == "example.toml"),
            p.clone(),
        )
    });
    let in_dir = |p: &Path| {
        let folder = dir.file_name().map(Path::new).unwrap_or(Path::new(""));
        p.file_name()
            .map_or_else(|| p.to_path_buf(), |n| folder.join(n))
            .display()
            .to_string()
    };
    let mut out = Vec::new();
    for r in recent {
        // A recent file in the folder is shown under its shorter name.
        let (path, label) = match files.iter().position(|f| same_file(f, r)) {
            Some(i) => {
                let path = files.remove(i);
                let label = in_dir(&path);
                (path, label)
            }
            None => (r.clone(), r.display().to_string()),
        };
        if !out.iter().any(|e: &Entry| same_file(&e.path, &path)) {
            out.push(describe(catalog, path, label, true));
        }
    }
    for p in files {
        let label = in_dir(&p);
        out.push(describe(catalog, p, label, false));
    }
    out
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn describe(catalog: &Catalog, path: PathBuf, label: String, recent: bool) -> Entry {
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
                label,
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
            label,
            valid: false,
            recent,
        },
        Err(e) => Entry {
            description: format!("cannot open: {}", sanitize(&e.to_string())),
            path,
            label,
            valid: false,
            recent,
        },
    }
}

impl StartState {
    /// The files in `dir` and the recent ones; the most recently opened
    /// is selected (Enter opens it).
    pub fn new(catalog: &Catalog, dir: &Path, recent: &[PathBuf]) -> StartState {
        StartState {
            entries: entries(catalog, dir, recent),
            selected: 0,
            form: None,
            dir: dir.to_path_buf(),
        }
    }

    pub fn open_form(&mut self, catalog: &Catalog) {
        self.form = Some(NewForm {
            organisation: TextArea::default(),
            scope: text_box(DEFAULT_SCOPE),
            file: text_box(&slug("")),
            file_edited: false,
            licences: licence_order(catalog)
                .into_iter()
                .map(|id| (id, false))
                .collect(),
            licence_cursor: 0,
            focus: 0,
            error: None,
        });
    }
}

/// The licences in the order pickers offer them: the suites most tenants
/// have first, then the rest in registry order.
pub fn licence_order(catalog: &Catalog) -> Vec<String> {
    let mut ids: Vec<&str> = catalog.licences().iter().map(|l| l.id.as_ref()).collect();
    ids.sort_by_key(|id| {
        COMMON_LICENCES
            .iter()
            .position(|c| c == id)
            .unwrap_or(usize::MAX)
    });
    ids.into_iter().map(String::from).collect()
}

/// A one-line text box holding `text`, the cursor at its end.
pub fn text_box(text: &str) -> TextArea<'static> {
    let mut t = TextArea::from([text.to_string()]);
    t.move_cursor(ratatui_textarea::CursorMove::End);
    t
}

/// A file name from an organisation's name: "Contoso Ltd" → contoso-ltd.toml.
pub fn slug(organisation: &str) -> String {
    format!("{}.toml", slug_stem(organisation))
}

/// "Contoso Ltd" → contoso-ltd ("assessment" when nothing is left).
pub fn slug_stem(organisation: &str) -> String {
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
        "assessment".into()
    } else {
        s.to_string()
    }
}

/// A one-line text box's text, trimmed.
pub fn text(t: &TextArea) -> String {
    t.lines().join(" ").trim().to_string()
}
