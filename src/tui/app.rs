//! The workshop's state: the assessment being edited and everything the
//! screen shows about it. Changed only by `update`.

use chrono::NaiveDate;
use ratatui_textarea::TextArea;

use std::collections::VecDeque;
use std::path::PathBuf;

use super::effect::ExportRequest;
use super::keys::{Keymap, Layer};
use super::msg::Command;
use super::start::StartState;
use super::theme::Theme;
use crate::analysis::{Finding, FindingKind, Severity, Summary, due_for_review};
use crate::assessment::{
    Answer, Assessment, Conflict, Field as ItemField, FieldValue, ItemRecord, Risk, non_blank,
};
use crate::catalog::{Catalog, Theme as Group};
use crate::report::{Audience, ExportFormat, ExportKind};

mod overlay;
pub use overlay::{
    Ask, AskKind, ExportForm, Field, Form, FormKind, Jump, Overlay, Picker, PickerKind, TextField,
};

/// The full-screen views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Choose or create an assessment (before one is open).
    Start,
    Workshop,
    Summary,
    /// The risk register: the risks the controls treat.
    Risks,
}

/// A narrowing of the item list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Unanswered,
    Gaps,
    WithFindings,
    DueForReview,
    FollowUps,
    /// Answered as handled while the latest tenant scan fails checks mapped
    /// to the item.
    ContradictedByScan,
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
            Filter::ContradictedByScan => "contradicted by a scan".into(),
            Filter::Theme(t) => t.label().into(),
            Filter::Owner(o) => format!("owner: {o}"),
        }
    }
}

/// What a change replaced, for undo and redo.
#[derive(Debug, Clone)]
pub enum Before {
    /// One item's record (`None`: it had none) and the merge conflicts
    /// (settling one changes both): most changes, kept small so that an
    /// undo step does not copy the whole assessment.
    Item {
        id: String,
        record: Option<ItemRecord>,
        conflicts: Vec<Conflict>,
    },
    /// The risk register (a risk added, changed or deleted).
    Risks(Vec<Risk>),
    /// The whole assessment (licences, sessions).
    Whole(Assessment),
}

impl Before {
    /// Puts this back into `a` and returns what it replaced.
    pub fn restore(self, a: &mut Assessment) -> Before {
        match self {
            Before::Item {
                id,
                record,
                conflicts,
            } => {
                let current = match record {
                    Some(r) => a.items.insert(id.clone(), r),
                    None => a.items.remove(&id),
                };
                Before::Item {
                    id,
                    record: current,
                    conflicts: std::mem::replace(&mut a.conflicts, conflicts),
                }
            }
            Before::Risks(risks) => Before::Risks(std::mem::replace(&mut a.risks, risks)),
            Before::Whole(whole) => Before::Whole(std::mem::replace(a, whole)),
        }
    }
}

/// A change, for undo and redo.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub before: Before,
    /// The item the change was made to, or for a change to the risk
    /// register the risk's position (selected again by undo and redo).
    pub selected: usize,
    /// What the change was, for "Undid: A.7.3 marked reviewed today".
    pub what: String,
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
    /// Per position in the risk register: findings about that risk.
    pub by_risk: Vec<Vec<Finding>>,
}

impl Analysis {
    pub fn new(catalog: &Catalog, a: &Assessment, today: NaiveDate) -> Analysis {
        let mut summary = Summary::new(catalog, a, today);
        // The summary screen lists the worst first; within a severity the
        // catalog order stays.
        summary.findings.sort_by_key(|f| f.severity);
        let mut by_item = vec![Vec::new(); catalog.items().len()];
        let mut by_risk = vec![Vec::new(); a.risks.len()];
        for f in &summary.findings {
            if let Some(pos) = f.item.as_deref().and_then(|id| catalog.position(id)) {
                by_item[pos].push(f.clone());
            }
            if let Some(pos) = f
                .risk
                .as_deref()
                .and_then(|id| a.risks.iter().position(|r| r.id == id))
            {
                by_risk[pos].push(f.clone());
            }
        }
        Analysis {
            summary,
            by_item,
            by_risk,
        }
    }

    /// The findings about the risk at this position of the register.
    pub fn of_risk(&self, pos: usize) -> &[Finding] {
        self.by_risk.get(pos).map_or(&[], Vec::as_slice)
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
    /// The themes `cycle_theme` goes through (the configured one first).
    pub themes: Vec<Theme>,
    /// The selected item's catalog position.
    pub selected: usize,
    pub filter: Option<Filter>,
    pub detail_scroll: u16,
    pub summary_selected: usize,
    /// The selected risk on the risk register (by position in the file).
    pub risk_selected: usize,
    pub undo: VecDeque<Snapshot>,
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
    /// Where exports go by default: `exports/` beside the assessment.
    pub export_dir: PathBuf,
    /// The start screen, while no assessment is open.
    pub start: Option<StartState>,
    /// The export form, kept while the runtime checks whether its file
    /// exists (to come back to).
    pub export_form: Option<ExportForm>,
    /// A form was saved on the way out: quit once the save is done.
    pub quit_after_save: bool,
    /// The terminal is too small to show the workshop: no key may change
    /// anything the screen cannot show (set by the view).
    pub too_small: bool,
}

/// Names are the same person when they differ only in case or spacing.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
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
            themes: Theme::builtins(),
            selected: 0,
            filter: None,
            detail_scroll: 0,
            summary_selected: 0,
            risk_selected: 0,
            undo: VecDeque::new(),
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
            start: None,
            export_form: None,
            quit_after_save: false,
            too_small: false,
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

    /// The app on the start screen: no assessment open yet.
    pub fn start(catalog: &'static Catalog, start: StartState, today: NaiveDate) -> App {
        let mut app = App::new(catalog, Assessment::new(catalog.id(), ""), "", today);
        app.screen = Screen::Start;
        app.start = Some(start);
        app
    }

    /// Shows an assessment that was just opened, in place of what was
    /// shown (the start screen).
    pub fn open(&mut self, assessment: Assessment, file_name: &str, export_dir: PathBuf) {
        let mut opened = App::new(self.catalog, assessment, file_name, self.today);
        opened.keymap = std::mem::replace(&mut self.keymap, Keymap::defaults());
        opened.theme = self.theme.clone();
        opened.themes = std::mem::take(&mut self.themes);
        opened.status = std::mem::replace(&mut self.status, Status::None);
        opened.page = self.page;
        opened.export_dir = export_dir;
        *self = opened;
    }

    pub fn answer_at(&self, pos: usize) -> Option<Answer> {
        self.catalog
            .items()
            .get(pos)
            .and_then(|item| self.assessment.item(&item.id).answer)
    }

    /// The catalog positions the list shows, in order: the items that
    /// pass the filter, and the selected item even if it just left it (so
    /// that moving on from it lands on its neighbour, not one further).
    pub fn visible(&self) -> Vec<usize> {
        (0..self.catalog.items().len())
            .filter(|&pos| pos == self.selected || self.passes(pos, self.filter.as_ref()))
            .collect()
    }

    /// How many items pass a filter.
    pub fn count(&self, filter: &Filter) -> usize {
        (0..self.catalog.items().len())
            .filter(|&pos| self.passes(pos, Some(filter)))
            .count()
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
            Filter::ContradictedByScan => self.analysis.by_item[pos]
                .iter()
                .any(|f| f.kind == crate::analysis::FindingKind::ContradictedByScan),
            Filter::Theme(t) => item.theme == *t,
            // What they own, or hold the action of.
            Filter::Owner(o) => {
                let key = name_key(o);
                let action_owner = r
                    .action
                    .as_ref()
                    .and_then(|a| non_blank(a.owner.as_deref()));
                [r.owner(), action_owner]
                    .into_iter()
                    .flatten()
                    .any(|x| name_key(x) == key)
            }
        }
    }

    /// Owners named anywhere in the file (items and actions), most used
    /// first, each under its most used spelling: names that differ only in
    /// case or spacing are one person.
    pub fn owners(&self) -> Vec<String> {
        let names = self.catalog.items().iter().flat_map(|item| {
            let r = self.assessment.item(&item.id);
            [
                r.owner(),
                r.action
                    .as_ref()
                    .and_then(|a| non_blank(a.owner.as_deref())),
            ]
        });
        // Per person: uses, and uses per spelling (in the order first met).
        struct Person {
            key: String,
            uses: usize,
            spellings: Vec<(String, usize)>,
        }
        let mut people: Vec<Person> = Vec::new();
        for name in names.flatten() {
            let spelling = name.trim();
            let key = name_key(spelling);
            let i = match people.iter().position(|p| p.key == key) {
                Some(i) => i,
                None => {
                    people.push(Person {
                        key,
                        uses: 0,
                        spellings: Vec::new(),
                    });
                    people.len() - 1
                }
            };
            let person = &mut people[i];
            person.uses += 1;
            match person.spellings.iter_mut().find(|(s, _)| s == spelling) {
                Some(s) => s.1 += 1,
                None => person.spellings.push((spelling.to_string(), 1)),
            }
        }
        people.sort_by_key(|p| std::cmp::Reverse(p.uses));
        people
            .into_iter()
            .filter_map(|Person { spellings, .. }| {
                // The most used spelling; on a tie the one met first.
                let most = spellings.iter().map(|s| s.1).max()?;
                spellings.into_iter().find(|s| s.1 == most).map(|s| s.0)
            })
            .collect()
    }

    /// The names a person field completes from: the owners, then the
    /// attendees and facilitators of the sessions (the running one first)
    /// who own nothing yet.
    pub fn names(&self) -> Vec<String> {
        let mut names = self.owners();
        let mut sessions: Vec<&crate::assessment::Session> =
            self.assessment.sessions.iter().rev().collect();
        if let Some(active) = &self.active_session {
            sessions.sort_by_key(|s| s.id != *active);
        }
        let in_sessions = sessions
            .into_iter()
            .flat_map(|s| s.facilitator.iter().chain(&s.attendees));
        // The risk register's owners and the people who accepted a risk.
        let in_register = self
            .assessment
            .risks
            .iter()
            .flat_map(|r| r.owner.iter().chain(&r.accepted_by));
        for person in in_sessions.chain(in_register) {
            let person = person.trim();
            if !person.is_empty() && !names.iter().any(|n| name_key(n) == name_key(person)) {
                names.push(person.to_string());
            }
        }
        names
    }

    /// The date of the running session, if one is running.
    pub fn session_date(&self) -> Option<NaiveDate> {
        let id = self.active_session.as_deref()?;
        let session = self.assessment.sessions.iter().find(|s| s.id == id)?;
        Some(session.date.unwrap_or(self.today))
    }

    /// The key-map layer the focused part of the screen uses: the top
    /// overlay's, else the screen's.
    pub fn layer(&self) -> Layer {
        match &self.overlay {
            Some(Overlay::Help { .. }) => Layer::Help,
            Some(Overlay::Notice { .. }) => Layer::Notice,
            Some(Overlay::Ask(_)) => Layer::Questions,
            Some(Overlay::Form(_)) => Layer::Forms,
            Some(Overlay::Jump(_) | Overlay::Picker(_)) => Layer::Pickers,
            Some(Overlay::Filter { .. } | Overlay::Inclusion { .. }) => Layer::Lists,
            Some(Overlay::Conflicts { .. }) => Layer::Conflicts,
            Some(Overlay::Export(_)) => Layer::Export,
            None => match self.screen {
                Screen::Start => match self.start.as_ref().and_then(|s| s.form.as_ref()) {
                    Some(form) if form.on_licences() => Layer::Lists,
                    Some(_) => Layer::Forms,
                    None => Layer::Start,
                },
                Screen::Workshop => Layer::Workshop,
                Screen::Summary => Layer::Summary,
                Screen::Risks => Layer::Risks,
            },
        }
    }

    /// The first key of a command where the focus is, for a status text.
    pub fn key(&self, command: Command) -> String {
        self.keymap.key(self.layer(), command)
    }

    /// The first key of a workshop command, for a status text.
    pub fn workshop_key(&self, command: Command) -> String {
        self.keymap.key(Layer::Workshop, command)
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
