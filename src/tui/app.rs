//! The workshop's state: the assessment being edited and everything the
//! screen shows about it. Changed only by `update`.

use std::collections::HashMap;

use chrono::NaiveDate;
use ratatui_textarea::TextArea;

use std::path::PathBuf;

use super::keys::Keymap;
use super::theme::Theme;
use crate::analysis::{Finding, FindingKind, Severity, Summary, due_for_review};
use crate::assessment::{Answer, Assessment};
use crate::catalog::{Catalog, Theme as Group};
use crate::report::{Audience, ExportFormat, ExportKind};

/// The full-screen views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Workshop,
    Summary,
}

/// A narrowing of the item list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Unanswered,
    Gaps,
    WithFindings,
    DueForReview,
    FollowUps,
    Theme(Group),
    Owner(String),
}

impl Filter {
    pub fn label(&self) -> String {
        match self {
            Filter::Unanswered => "unanswered".into(),
            Filter::Gaps => "gaps".into(),
            Filter::WithFindings => "with findings".into(),
            Filter::DueForReview => "due for review".into(),
            Filter::FollowUps => "follow-ups".into(),
            Filter::Theme(t) => t.label().into(),
            Filter::Owner(o) => format!("owner: {o}"),
        }
    }
}

/// The text fields edited in a one-field input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    Owner,
    Reliance,
    Justification,
    FollowUp,
    Notes,
}

impl TextField {
    pub fn title(self) -> &'static str {
        match self {
            TextField::Owner => "Owner",
            TextField::Reliance => "Reliance: the Microsoft assurance relied on",
            TextField::Justification => "Justification",
            TextField::FollowUp => "Parking lot: the question to follow up",
            TextField::Notes => "Notes",
        }
    }

    /// Its name in a sentence ("Owner saved").
    pub fn name(self) -> &'static str {
        match self {
            TextField::Owner => "Owner",
            TextField::Reliance => "Reliance",
            TextField::Justification => "Justification",
            TextField::FollowUp => "Follow-up",
            TextField::Notes => "Notes",
        }
    }

    pub fn multiline(self) -> bool {
        self == TextField::Notes
    }
}

/// A one-field text input (owner, reliance, notes…).
#[derive(Debug, Clone)]
pub struct TextInput {
    pub field: TextField,
    pub textarea: TextArea<'static>,
    /// Owner completions, best first.
    pub completions: Vec<String>,
    pub completion: Option<usize>,
}

/// What a multi-field form records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Evidence,
    Action,
    Session,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<(&'static str, TextArea<'static>)>,
    pub focus: usize,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Jump {
    pub textarea: TextArea<'static>,
    /// Catalog positions, best match first.
    pub results: Vec<usize>,
    pub selected: usize,
}

/// Windows over the screen; the top one takes the keys.
#[derive(Debug, Clone)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Text(TextInput),
    Form(Form),
    Jump(Jump),
    Filter {
        options: Vec<Filter>,
        selected: usize,
    },
    /// Merge conflicts to settle: indices into `assessment.conflicts`.
    Conflicts {
        indices: Vec<usize>,
        selected: usize,
    },
    /// Why an Annex A control is included: ticks per reason.
    Inclusion {
        ticked: [bool; 4],
        cursor: usize,
    },
    Export(ExportForm),
    /// A message to read; any key closes it.
    Notice {
        title: String,
        lines: Vec<String>,
    },
}

/// The export chooser: what, in which format, for whom, to which file.
#[derive(Debug, Clone)]
pub struct ExportForm {
    pub kind: ExportKind,
    pub format: ExportFormat,
    pub audience: Audience,
    pub path: TextArea<'static>,
    /// The path was typed (else it follows kind and format).
    pub path_edited: bool,
    /// 0 kind, 1 format, 2 audience, 3 file.
    pub focus: usize,
}

/// The model as it was before a change, for undo and redo.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub assessment: Assessment,
    pub selected: usize,
}

/// The last thing worth telling the user, in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    None,
    Info(String),
    Warning(String),
    Error(String),
}

/// What jump searches in one item, lower-cased once.
#[derive(Debug, Clone)]
pub struct Haystack {
    /// "a.8.24 use of cryptography"
    pub head: String,
    /// Names, ids and products of the item's capabilities.
    pub capabilities: String,
    /// The guidance text.
    pub guidance: String,
}

/// Findings, indexed for drawing, recomputed after every change.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub summary: Summary,
    /// Per catalog position: findings of that item.
    pub by_item: Vec<Vec<Finding>>,
}

impl Analysis {
    pub fn new(catalog: &Catalog, a: &Assessment, today: NaiveDate) -> Analysis {
        let mut summary = Summary::new(catalog, a, today);
        // The summary screen lists the worst first; within a severity the
        // catalog order stays.
        summary.findings.sort_by_key(|f| f.severity);
        let mut by_item = vec![Vec::new(); catalog.items().len()];
        for f in &summary.findings {
            if let Some(pos) = f.item.as_deref().and_then(|id| catalog.position(id)) {
                by_item[pos].push(f.clone());
            }
        }
        Analysis { summary, by_item }
    }

    /// The worst finding of an item, not counting "unanswered".
    pub fn worst(&self, pos: usize) -> Option<Severity> {
        self.by_item
            .get(pos)?
            .iter()
            .filter(|f| f.kind != FindingKind::Unanswered)
            .map(|f| f.severity)
            .min()
    }
}

/// The workshop application.
#[derive(Debug)]
pub struct App {
    pub catalog: &'static Catalog,
    pub assessment: Assessment,
    /// Shown in the title bar.
    pub file_name: String,
    /// Today, fixed in tests; every date the UI writes is this one.
    pub today: NaiveDate,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub keymap: Keymap,
    pub theme: Theme,
    /// The selected item's catalog position.
    pub selected: usize,
    pub filter: Option<Filter>,
    pub detail_scroll: u16,
    pub summary_selected: usize,
    pub undo: Vec<Snapshot>,
    pub redo: Vec<Snapshot>,
    pub status: Status,
    /// When the file was last written (shown in the status line).
    pub last_saved: Option<String>,
    /// A change is in memory but not in the file (a save failed).
    pub unsaved: bool,
    /// Quit was asked for once while `unsaved`.
    pub quit_armed: bool,
    /// The file has no write permission: nothing is changed.
    pub read_only: bool,
    /// The file on disk is not a valid assessment: where its first problem
    /// is (`path:line:col`). Nothing is written to it until it is valid.
    pub disk_invalid: Option<String>,
    pub analysis: Analysis,
    /// Lower-case text per item that jump searches.
    pub haystacks: Vec<Haystack>,
    /// How many rows a page is (set by the view from the terminal size).
    pub page: usize,
    /// The workshop session changes are attributed to, if one is running.
    pub active_session: Option<String>,
    /// Where exports go by default: the assessment's folder.
    pub export_dir: PathBuf,
}

/// Undo history kept per session.
pub const UNDO_DEPTH: usize = 500;

impl App {
    pub fn new(
        catalog: &'static Catalog,
        assessment: Assessment,
        file_name: &str,
        today: NaiveDate,
    ) -> App {
        let analysis = Analysis::new(catalog, &assessment, today);
        let haystacks = catalog
            .items()
            .iter()
            .map(|item| {
                let caps: Vec<&str> = item
                    .capabilities
                    .iter()
                    .filter_map(|c| catalog.capability(c))
                    .flat_map(|c| [c.name.as_ref(), c.id.as_ref(), c.product.as_ref()])
                    .collect();
                Haystack {
                    head: format!("{} {}", item.id, item.title).to_lowercase(),
                    capabilities: caps.join(" ").to_lowercase(),
                    guidance: format!(
                        "{} {} {} {}",
                        item.microsoft_provides,
                        item.organisation_must,
                        item.questions.join(" "),
                        item.evidence.join(" ")
                    )
                    .to_lowercase(),
                }
            })
            .collect();
        let mut app = App {
            catalog,
            assessment,
            file_name: file_name.to_string(),
            today,
            screen: Screen::Workshop,
            overlay: None,
            keymap: Keymap::defaults(),
            theme: Theme::dark(),
            selected: 0,
            filter: None,
            detail_scroll: 0,
            summary_selected: 0,
            undo: Vec::new(),
            redo: Vec::new(),
            status: Status::None,
            last_saved: None,
            unsaved: false,
            quit_armed: false,
            read_only: false,
            disk_invalid: None,
            analysis,
            haystacks,
            page: 10,
            active_session: None,
            export_dir: PathBuf::new(),
        };
        // Start where the work is: the first unanswered item.
        if let Some(pos) = app
            .visible()
            .into_iter()
            .find(|&p| app.answer_at(p).is_none())
        {
            app.selected = pos;
        }
        app
    }

    pub fn answer_at(&self, pos: usize) -> Option<Answer> {
        self.catalog
            .items()
            .get(pos)
            .and_then(|item| self.assessment.item(&item.id).answer)
    }

    /// The catalog positions the list shows, in order.
    pub fn visible(&self) -> Vec<usize> {
        (0..self.catalog.items().len())
            .filter(|&pos| self.passes(pos, self.filter.as_ref()))
            .collect()
    }

    /// Whether an item passes a filter.
    pub fn passes(&self, pos: usize, filter: Option<&Filter>) -> bool {
        let Some(filter) = filter else { return true };
        let item = &self.catalog.items()[pos];
        let r = self.assessment.item(&item.id);
        match filter {
            Filter::Unanswered => r.answer.is_none(),
            Filter::Gaps => r.answer == Some(Answer::Gap),
            Filter::WithFindings => self.analysis.worst(pos).is_some(),
            Filter::DueForReview => {
                r.answer.is_some()
                    && r.reviewed.is_none_or(|d| {
                        self.today >= due_for_review(d, self.assessment.review_interval())
                    })
            }
            Filter::FollowUps => r.follow_up.as_deref().is_some_and(|f| !f.trim().is_empty()),
            Filter::Theme(t) => item.theme == *t,
            Filter::Owner(o) => r
                .owner()
                .is_some_and(|x| x.trim().eq_ignore_ascii_case(o.trim())),
        }
    }

    /// Owners named anywhere in the file, most used first.
    pub fn owners(&self) -> Vec<String> {
        let mut counts: HashMap<String, (String, usize)> = HashMap::new();
        let names = self.assessment.items.values().flat_map(|r| {
            [
                r.owner(),
                r.action.as_ref().and_then(|a| a.owner.as_deref()),
            ]
        });
        for name in names.flatten().filter(|n| !n.trim().is_empty()) {
            let e = counts
                .entry(name.trim().to_lowercase())
                .or_insert_with(|| (name.trim().to_string(), 0));
            e.1 += 1;
        }
        let mut owners: Vec<(String, usize)> = counts.into_values().collect();
        owners.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        owners.into_iter().map(|(n, _)| n).collect()
    }

    /// Recomputes findings after the model changed.
    pub fn refresh(&mut self) {
        self.analysis = Analysis::new(self.catalog, &self.assessment, self.today);
    }

    /// The selected item's id.
    pub fn selected_id(&self) -> &str {
        &self.catalog.items()[self.selected].id
    }
}

/// What an editing key says in a read-only file.
pub fn read_only_message(file_name: &str) -> String {
    format!(
        "{file_name} is read-only (it has no write permission), so nothing changes: gapwalk does not edit a signed-off file. Copy it, or give it write permission and open it again."
    )
}
