//! What `update` asks the runtime to do: everything that touches the file
//! system or the process.

use std::path::PathBuf;

use crate::assessment::Assessment;
use crate::report::{Audience, ExportFormat, ExportKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the assessment to its file (atomic, format-preserving).
    Persist,
    Quit,
    /// Make an export and write it to a file.
    Export(ExportRequest),
    /// Open an assessment file (from the start screen).
    Open(PathBuf),
    /// Create a new assessment file, then open it.
    Create {
        path: PathBuf,
        assessment: Box<Assessment>,
    },
}

/// An export to make: what, how, for whom, where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRequest {
    pub kind: ExportKind,
    pub format: ExportFormat,
    pub audience: Audience,
    pub path: PathBuf,
    /// The user agreed to replace an existing file.
    pub overwrite: bool,
}
