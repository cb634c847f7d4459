//! What a user can ask for, by name. The key map, the help overlay and
//! `update` all speak in these names.

use ratatui::crossterm::event::KeyEvent;

use crate::assessment::Assessment;

/// Declares the commands once: variant, name in the key map, what the help
/// says it does.
macro_rules! commands {
    ($($variant:ident => $name:literal, $description:literal;)*) => {
        /// An intent bound to keys in the key map (`answer_gap = ["4"]`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Command {
            $($variant,)*
        }

        impl Command {
            /// Every command.
            pub const ALL: &'static [Command] = &[$(Command::$variant,)*];

            /// The name in the key map file.
            pub fn name(self) -> &'static str {
                match self {
                    $(Command::$variant => $name,)*
                }
            }

            /// What the help overlay says it does (a layer may say it
            /// more precisely: [`super::keys::Layer::describe`]).
            pub fn description(self) -> &'static str {
                match self {
                    $(Command::$variant => $description,)*
                }
            }
        }
    };
}

commands! {
    MoveUp => "move_up", "previous item";
    MoveDown => "move_down", "next item";
    PageUp => "page_up", "page up";
    PageDown => "page_down", "page down";
    First => "first", "first item";
    Last => "last", "last item";
    NextTheme => "next_theme", "next group (clauses, then the Annex A themes)";
    PreviousTheme => "previous_theme", "previous group";
    NextUnanswered => "next_unanswered", "next unanswered item";
    ScrollDetailDown => "scroll_detail_down", "scroll the detail pane down";
    ScrollDetailUp => "scroll_detail_up", "scroll the detail pane up";
    AnswerMicrosoftProvides => "answer_microsoft_provides", "answer: Microsoft provides";
    AnswerShared => "answer_shared", "answer: shared";
    AnswerWeManage => "answer_we_manage", "answer: we manage";
    AnswerGap => "answer_gap", "answer: gap";
    AnswerNotApplicable => "answer_not_applicable", "answer: not applicable";
    ClearAnswer => "clear_answer", "clear the answer";
    EditOwner => "edit_owner", "set the owner (completes from owners and attendees)";
    AddEvidence => "add_evidence", "add evidence (what, where, date)";
    EditAction => "edit_action", "edit the action (what, owner, due, done)";
    MarkReviewed => "mark_reviewed", "mark reviewed today";
    EditReliance => "edit_reliance", "edit the reliance on Microsoft";
    EditJustification => "edit_justification", "edit the justification";
    EditCapabilities => "edit_capabilities", "the Microsoft 365 capabilities the item relies on";
    EditLicences => "edit_licences", "the tenant's licences";
    EditNotes => "edit_notes", "edit the notes";
    FollowUp => "follow_up", "parking lot: flag a follow-up question";
    StartSession => "start_session", "start, resume or end a workshop session";
    EditInclusion => "edit_inclusion", "why the control is included (SoA)";
    ResolveConflicts => "resolve_conflicts", "settle merge conflicts: keep ours or take theirs";
    Export => "export", "export: SoA, gap report, remediation plan";
    Jump => "jump", "jump to an item (fuzzy)";
    Filter => "filter", "filter the list";
    ClearFilter => "clear_filter", "clear the filter";
    Undo => "undo", "undo";
    Redo => "redo", "redo";
    Summary => "summary", "summary / back to the workshop";
    Risks => "risks", "the risk register: risks and the controls that treat them";
    AddRisk => "add_risk", "add a risk";
    EditRiskControls => "edit_risk_controls", "the controls that treat the selected risk";
    DeleteRisk => "delete_risk", "delete the selected risk (asks first; undo brings it back)";
    CycleTheme => "cycle_theme", "switch the colour theme (dark, light, high-contrast)";
    Help => "help", "this help";
    Quit => "quit", "quit";
    Open => "open", "open";
    NewAssessment => "new_assessment", "new assessment";
    Confirm => "confirm", "confirm";
    Cancel => "cancel", "cancel";
    Toggle => "toggle", "tick or untick";
    NextField => "next_field", "next field";
    PreviousField => "previous_field", "previous field";
    NextSuggestion => "next_suggestion", "next suggestion";
    PreviousSuggestion => "previous_suggestion", "previous suggestion";
    NextChoice => "next_choice", "next choice";
    PreviousChoice => "previous_choice", "previous choice";
    Save => "save", "save";
    NewLine => "new_line", "new line";
    KeepOurs => "keep_ours", "keep ours (what is in place)";
    TakeTheirs => "take_theirs", "take theirs (the other side)";
    Yes => "yes", "yes";
    No => "no", "no";
    Close => "close", "close";
}

/// Everything `update` reacts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// A named command, as if its key was pressed where the focus is.
    Run(Command),
    /// A key from the terminal: the key map of the focused layer turns it
    /// into a command; only a focused text box sees the rest.
    Key(KeyEvent),
    /// Select the item at this catalog position (a mouse click).
    Select(usize),
    /// Scroll the detail pane by this many lines (the mouse wheel).
    ScrollDetail(i16),
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    /// An assessment was opened (from the start screen): its model, the
    /// file name for the title bar, where its exports go.
    Opened {
        assessment: Assessment,
        file_name: String,
        export_dir: std::path::PathBuf,
        /// The file has no write permission: nothing will be written.
        read_only: bool,
        /// What to tell the room about the file first.
        warning: Option<String>,
    },
    /// The start screen's file could not be opened or created.
    OpenFailed(String),
    /// Another program changed the file: its version merged with ours
    /// (three-way, against what we last read or wrote), and the conflicts
    /// this merge recorded.
    Merged {
        assessment: Assessment,
        new_conflicts: Vec<String>,
    },
    /// The file on disk is not a valid assessment (another program left it
    /// so): gapwalk writes nothing over it.
    DiskInvalid {
        /// Where the first problem is: `path:line:col`.
        at: String,
        /// The first problem, with its position.
        problem: String,
        /// The side file that now holds what the workshop shows, or why it
        /// could not be written.
        aside: Result<String, String>,
    },
    /// Try again a save that failed.
    RetrySave,
    /// An export was written (with the warnings to read before handing it on).
    Exported {
        path: String,
        warnings: Vec<String>,
    },
    ExportFailed(String),
    /// The export's file exists: ask before overwriting it.
    ExportExists(crate::tui::effect::ExportRequest),
    /// The outcome of carrying out a `Persist` effect.
    Saved {
        at: String,
    },
    SaveFailed {
        message: String,
    },
}
