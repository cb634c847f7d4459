//! What the overlays hold: the text fields a form edits, forms, jump, pickers, the questions gapwalk asks and the export chooser.

use super::*;

/// A field of an item the workshop edits in a text input: one whose
/// `edit` in the assessment's field table is a line or lines, which also
/// gives its title and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextField(ItemField);

impl TextField {
    pub const OWNER: TextField = TextField(ItemField::Owner);
    pub const RELIANCE: TextField = TextField(ItemField::Reliance);
    pub const JUSTIFICATION: TextField = TextField(ItemField::Justification);
    pub const FOLLOW_UP: TextField = TextField(ItemField::FollowUp);
    pub const NOTES: TextField = TextField(ItemField::Notes);

    pub fn field(self) -> ItemField {
        self.0
    }

    fn input(self) -> (&'static str, &'static str, bool) {
        self.0
            .def()
            .edit
            .text_input()
            .unwrap_or((self.0.label(), self.0.label(), false))
    }

    pub fn title(self) -> &'static str {
        self.input().0
    }

    /// Its name in a sentence ("Owner saved").
    pub fn name(self) -> &'static str {
        self.input().1
    }

    pub fn multiline(self) -> bool {
        self.input().2
    }

    /// The item's text in this field.
    pub fn get(self, r: &ItemRecord) -> Option<String> {
        match self.0.get_item(r) {
            Some(FieldValue::Text(s)) => Some(s),
            _ => None,
        }
    }

    /// Sets (or with `None` clears) the item's text in this field.
    pub fn set(self, r: &mut ItemRecord, value: Option<String>) {
        self.0.set_item(r, value.map(FieldValue::Text));
    }
}

/// What a form records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// One text field of the item (owner, reliance, notes…).
    Text(TextField),
    Evidence,
    Action,
    Session,
    /// A risk of the register: a new one, or the one whose id the form's
    /// first field opened with.
    Risk {
        new: bool,
    },
}

impl FormKind {
    /// What the form is called in its title and in messages.
    pub fn title(self) -> &'static str {
        match self {
            FormKind::Text(field) => field.title(),
            FormKind::Evidence => "Add evidence",
            FormKind::Action => "Action",
            FormKind::Session => "Start a workshop session",
            FormKind::Risk { new: true } => "New risk",
            FormKind::Risk { new: false } => "Risk",
        }
    }
}

/// One text box of a form.
#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub textarea: TextArea<'static>,
    pub multiline: bool,
    /// The field names a person: it completes from the owners and the
    /// sessions' attendees.
    pub names_a_person: bool,
    /// Completions, best first.
    pub completions: Vec<String>,
    pub completion: Option<usize>,
    /// The text it opened with, to tell whether anything was typed.
    pub original: String,
}

impl Field {
    /// The text as typed (a single-line field's lines joined).
    pub fn text(&self) -> String {
        if self.multiline {
            self.textarea.lines().join("\n")
        } else {
            self.textarea.lines().join(" ")
        }
    }

    /// The value the field stands for: the highlighted completion, else
    /// what was typed.
    pub fn value(&self) -> String {
        match self.completion.and_then(|c| self.completions.get(c)) {
            Some(name) => name.clone(),
            None => self.text(),
        }
    }
}

/// A form over the selected item (or, for a session, the assessment).
#[derive(Debug, Clone)]
pub struct Form {
    pub kind: FormKind,
    /// The catalog position of the item it edits (fixed when it opened).
    pub item: usize,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
}

impl Form {
    /// Whether anything was typed (or a completion picked).
    pub fn changed(&self) -> bool {
        self.fields
            .iter()
            .any(|f| f.text() != f.original || f.completion.is_some())
    }
}

#[derive(Debug, Clone)]
pub struct Jump {
    pub textarea: TextArea<'static>,
    /// Catalog positions, best match first.
    pub results: Vec<usize>,
    pub selected: usize,
}

/// What a picker ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    /// The Microsoft 365 capabilities an item relies on (`relies_on`).
    Capabilities,
    /// The tenant's licences (`[assessment] licences`).
    Licences,
    /// The Annex A controls that treat a risk (`controls` of `[[risks]]`).
    RiskControls,
}

/// A list with a filter box and ticks: capabilities or licences.
#[derive(Debug, Clone)]
pub struct Picker {
    pub kind: PickerKind,
    /// The catalog position of the item (capabilities).
    pub item: usize,
    /// The id of the risk (risk controls).
    pub risk: Option<String>,
    pub query: TextArea<'static>,
    /// Ids in the order they are shown, filtered by the query.
    pub rows: Vec<String>,
    pub cursor: usize,
    /// The ticked ids, in the order they will be saved.
    pub ticked: Vec<String>,
    /// What was ticked when it opened.
    pub original: Vec<String>,
}

impl Picker {
    pub fn changed(&self) -> bool {
        let mut a = self.ticked.clone();
        let mut b = self.original.clone();
        a.sort();
        b.sort();
        a != b
    }
}

/// A question gapwalk asks before doing something that cannot be taken
/// back; the answer is yes, no or cancel.
#[derive(Debug, Clone)]
pub struct Ask {
    pub title: String,
    pub lines: Vec<String>,
    pub kind: AskKind,
}

#[derive(Debug, Clone)]
pub enum AskKind {
    /// Esc in a changed form or picker: yes discards, no goes back to it.
    Discard(Box<Overlay>),
    /// Esc in the start screen's changed new-assessment form.
    DiscardNewAssessment,
    /// Quit from the start screen's changed new-assessment form.
    QuitWithNewAssessment,
    /// Quit with a changed form or picker open: yes saves it and quits,
    /// no quits without it, cancel goes back to it.
    QuitWith(Box<Overlay>),
    /// A name that differs from an owner already in the file only in case
    /// or spacing: yes uses theirs, no keeps it as typed.
    OwnerSpelling {
        form: Box<Form>,
        field: usize,
        existing: String,
    },
    /// W after a restart: yes resumes today's session, no starts another.
    Resume { session: String },
    /// The export's file exists: yes overwrites it, no goes back.
    Overwrite {
        request: ExportRequest,
        form: Box<ExportForm>,
    },
    /// Delete a risk of the register (undo brings it back).
    DeleteRisk { id: String },
}

impl AskKind {
    /// What yes, no and cancel do here.
    pub fn choices(&self) -> [(Command, String); 3] {
        let (yes, no, cancel) = match self {
            AskKind::Discard(_) | AskKind::DiscardNewAssessment => (
                "discard what you typed".to_string(),
                "keep editing".to_string(),
                "keep editing".to_string(),
            ),
            AskKind::QuitWithNewAssessment => (
                "quit without creating it".into(),
                "keep editing".into(),
                "keep editing".into(),
            ),
            AskKind::QuitWith(_) => (
                "save it and quit".into(),
                "quit without it".into(),
                "keep editing".into(),
            ),
            AskKind::OwnerSpelling {
                form,
                field,
                existing,
            } => (
                format!("use \"{}\"", crate::text::sanitize(existing)),
                format!(
                    "keep \"{}\"",
                    crate::text::sanitize(
                        form.fields
                            .get(*field)
                            .map(|f| f.value())
                            .unwrap_or_default()
                            .trim()
                    )
                ),
                "keep editing".into(),
            ),
            AskKind::Resume { .. } => (
                "resume it".into(),
                "start a new session".into(),
                "do nothing".into(),
            ),
            AskKind::Overwrite { .. } => (
                "overwrite it".into(),
                "choose another name".into(),
                "choose another name".into(),
            ),
            AskKind::DeleteRisk { .. } => ("delete it".into(), "keep it".into(), "keep it".into()),
        };
        [
            (Command::Yes, yes),
            (Command::No, no),
            (Command::Cancel, cancel),
        ]
    }
}

/// Windows over the screen; the top one takes the keys.
#[derive(Debug, Clone)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Form(Form),
    Jump(Jump),
    Picker(Picker),
    /// The filters, each with how many items it shows.
    Filter {
        options: Vec<(Filter, usize)>,
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
    Ask(Ask),
    /// A message to read.
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
