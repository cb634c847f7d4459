//! What `update` asks the runtime to do: everything that touches the file
//! system or the process.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Write the assessment to its file (atomic, format-preserving).
    Persist,
    /// Read the file again from disk, dropping what is not saved.
    Reload,
    /// Write gapwalk's version over a file that changed on disk.
    Overwrite,
    Quit,
}
