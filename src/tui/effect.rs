//! What `update` asks the runtime to do: everything that touches the file
//! system or the process.

use std::path::PathBuf;

use crate::report::{Audience, ExportFormat, ExportKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the assessment to its file (atomic, format-preserving).
    Persist,
    Quit,
    /// Make an export and write it to a file.
    Export {
        kind: ExportKind,
        format: ExportFormat,
        audience: Audience,
        path: PathBuf,
    },
}
