//! What a user can ask for, by name. The key map, the help overlay and
//! `update` all speak in these names.

use ratatui::crossterm::event::KeyEvent;

use crate::assessment::Assessment;
use serde::Deserialize;

/// An intent bound to keys in the key map (`answer_gap = ["4"]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    MoveUp,
    MoveDown,
    PageUp,
    PageDown,
    First,
    Last,
    NextTheme,
    PreviousTheme,
    NextUnanswered,
    ScrollDetailDown,
    ScrollDetailUp,
    AnswerMicrosoftProvides,
    AnswerShared,
    AnswerWeManage,
    AnswerGap,
    AnswerNotApplicable,
    ClearAnswer,
    EditOwner,
    AddEvidence,
    EditAction,
    MarkReviewed,
    EditReliance,
    EditJustification,
    EditNotes,
    FollowUp,
    StartSession,
    EditInclusion,
    ResolveConflicts,
    Export,
    Jump,
    Filter,
    ClearFilter,
    Undo,
    Redo,
    Summary,
    Help,
    Quit,
}

impl Command {
    /// Every command, in the order the help overlay lists them.
    pub const ALL: [Command; 37] = [
        Command::MoveUp,
        Command::MoveDown,
        Command::PageUp,
        Command::PageDown,
        Command::First,
        Command::Last,
        Command::NextTheme,
        Command::PreviousTheme,
        Command::NextUnanswered,
        Command::ScrollDetailDown,
        Command::ScrollDetailUp,
        Command::AnswerMicrosoftProvides,
        Command::AnswerShared,
        Command::AnswerWeManage,
        Command::AnswerGap,
        Command::AnswerNotApplicable,
        Command::ClearAnswer,
        Command::EditOwner,
        Command::AddEvidence,
        Command::EditAction,
        Command::MarkReviewed,
        Command::EditReliance,
        Command::EditJustification,
        Command::EditNotes,
        Command::FollowUp,
        Command::StartSession,
        Command::EditInclusion,
        Command::ResolveConflicts,
        Command::Export,
        Command::Jump,
        Command::Filter,
        Command::ClearFilter,
        Command::Undo,
        Command::Redo,
        Command::Summary,
        Command::Help,
        Command::Quit,
    ];

    /// The name in the key map file.
    pub fn name(self) -> &'static str {
        match self {
            Command::MoveUp => "move_up",
            Command::MoveDown => "move_down",
            Command::PageUp => "page_up",
            Command::PageDown => "page_down",
            Command::First => "first",
            Command::Last => "last",
            Command::NextTheme => "next_theme",
            Command::PreviousTheme => "previous_theme",
            Command::NextUnanswered => "next_unanswered",
            Command::ScrollDetailDown => "scroll_detail_down",
            Command::ScrollDetailUp => "scroll_detail_up",
            Command::AnswerMicrosoftProvides => "answer_microsoft_provides",
            Command::AnswerShared => "answer_shared",
            Command::AnswerWeManage => "answer_we_manage",
            Command::AnswerGap => "answer_gap",
            Command::AnswerNotApplicable => "answer_not_applicable",
            Command::ClearAnswer => "clear_answer",
            Command::EditOwner => "edit_owner",
            Command::AddEvidence => "add_evidence",
            Command::EditAction => "edit_action",
            Command::MarkReviewed => "mark_reviewed",
            Command::EditReliance => "edit_reliance",
            Command::EditJustification => "edit_justification",
            Command::EditNotes => "edit_notes",
            Command::FollowUp => "follow_up",
            Command::StartSession => "start_session",
            Command::EditInclusion => "edit_inclusion",
            Command::ResolveConflicts => "resolve_conflicts",
            Command::Export => "export",
            Command::Jump => "jump",
            Command::Filter => "filter",
            Command::ClearFilter => "clear_filter",
            Command::Undo => "undo",
            Command::Redo => "redo",
            Command::Summary => "summary",
            Command::Help => "help",
            Command::Quit => "quit",
        }
    }

    /// What the help overlay says it does.
    pub fn description(self) -> &'static str {
        match self {
            Command::MoveUp => "previous item",
            Command::MoveDown => "next item",
            Command::PageUp => "page up",
            Command::PageDown => "page down",
            Command::First => "first item",
            Command::Last => "last item",
            Command::NextTheme => "next theme",
            Command::PreviousTheme => "previous theme",
            Command::NextUnanswered => "next unanswered item",
            Command::ScrollDetailDown => "scroll the detail pane down",
            Command::ScrollDetailUp => "scroll the detail pane up",
            Command::AnswerMicrosoftProvides => "answer: Microsoft provides",
            Command::AnswerShared => "answer: shared",
            Command::AnswerWeManage => "answer: we manage",
            Command::AnswerGap => "answer: gap",
            Command::AnswerNotApplicable => "answer: not applicable",
            Command::ClearAnswer => "clear the answer",
            Command::EditOwner => "set the owner",
            Command::AddEvidence => "add evidence",
            Command::EditAction => "edit the action",
            Command::MarkReviewed => "mark reviewed today",
            Command::EditReliance => "edit the reliance on Microsoft",
            Command::EditJustification => "edit the justification",
            Command::EditNotes => "edit the notes",
            Command::FollowUp => "parking lot: flag a follow-up question",
            Command::StartSession => "start (or end) a workshop session",
            Command::EditInclusion => "why the control is included (SoA)",
            Command::ResolveConflicts => "settle merge conflicts: keep ours or take theirs",
            Command::Export => "export: SoA, gap report, remediation plan",
            Command::Jump => "jump to an item (fuzzy)",
            Command::Filter => "filter the list",
            Command::ClearFilter => "clear the filter",
            Command::Undo => "undo",
            Command::Redo => "redo",
            Command::Summary => "summary / back to the workshop",
            Command::Help => "this help",
            Command::Quit => "quit",
        }
    }
}

/// Everything `update` reacts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// A named command from the key map.
    Run(Command),
    /// A key that goes to the open overlay (text input, lists).
    Key(KeyEvent),
    /// Select the item at this catalog position (a mouse click).
    Select(usize),
    /// Scroll the detail pane by this many lines (the mouse wheel).
    ScrollDetail(i16),
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
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
    /// The outcome of carrying out a `Persist` effect.
    Saved {
        at: String,
    },
    SaveFailed {
        message: String,
    },
}
