//! The assessment file on disk: reading it for editing, creating it,
//! saving changes (patched into the parsed document, see [`super::patch`],
//! so that comments and hand formatting survive) atomically.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use toml_edit::DocumentMut;

use super::disk::{self, Fingerprint, Layout, LockError, Locked};
use super::load::{LoadError, Problem, parse_assessment};
use super::merge::{Merge, merge};
use super::model::{Assessment, FORMAT, Field, Place, PlaceKind};
use super::patch::{
    patch_conflicts, patch_item, patch_meta, patch_risks, patch_scans, patch_sessions,
};
use super::render::Rendered;
use crate::catalog::Catalog;
use crate::text::escape_path;

mod changes;
use changes::{Changes, update};

/// Why a save did not happen. The file on disk is unchanged in every case.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{}: {error}", escape_path(path))]
    Io { path: PathBuf, error: io::Error },
    #[error(
        "{} was changed on disk by another program since gapwalk read it; not overwriting it",
        escape_path(path)
    )]
    ChangedOnDisk { path: PathBuf },
    #[error("{} already exists; not overwriting it", escape_path(path))]
    Exists { path: PathBuf },
    #[error(
        "{} is read-only (it has no write permission), so gapwalk does not change it",
        escape_path(path)
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "{} is being written by another program (another gapwalk?) and did not become free; not saved, it is tried again with the next change",
        escape_path(path)
    )]
    Busy { path: PathBuf },
    /// The file on disk changed into something that is not a valid
    /// assessment: nothing is written over it.
    #[error("{0}")]
    Invalid(LoadError),
}

impl SaveError {
    fn io(path: &Path) -> impl FnOnce(io::Error) -> SaveError + '_ {
        move |error| SaveError::Io {
            path: path.to_path_buf(),
            error,
        }
    }

    fn from_lock(path: &Path, e: LockError) -> SaveError {
        let path = path.to_path_buf();
        match e {
            LockError::ReadOnly => SaveError::ReadOnly { path },
            LockError::Busy => SaveError::Busy { path },
            LockError::Io(error) => SaveError::Io { path, error },
        }
    }
}

/// The outcome of [`AssessmentFile::save_merging`].
#[derive(Debug, Default)]
pub struct Saved {
    /// The file was written.
    pub written: bool,
    /// Another program had changed the file: its version, merged with
    /// ours, is what was saved (and is to be shown).
    pub merged: Option<Merge>,
}

/// An assessment file opened for editing: the document as parsed (with its
/// comments and layout) and the model it currently holds.
#[derive(Debug)]
pub struct AssessmentFile {
    path: PathBuf,
    doc: DocumentMut,
    /// What `doc` holds.
    in_doc: Assessment,
    /// The document's text as last rendered, with where each item is in
    /// it; `None` until the first render.
    rendered: Option<Rendered>,
    /// `in_doc` is `saved` (no render since the last save changed it).
    doc_saved: bool,
    /// What the file on disk holds.
    saved: Assessment,
    disk: Fingerprint,
    /// The file's line ending and byte order mark, kept on every write.
    layout: Layout,
    /// The file has no write permission: it is never written.
    read_only: bool,
    /// The side file that holds what could not be saved while the file on
    /// disk was invalid; removed once that is in the file.
    aside: Option<PathBuf>,
}

/// A file's text as gapwalk works on it (see [`Layout::decode`]), its
/// layout and the digest of its bytes; invalid UTF-8 is a problem with its
/// position.
fn decode(path: &Path, bytes: Vec<u8>) -> Result<(String, Layout, Fingerprint), LoadError> {
    let fingerprint = Fingerprint::of(&bytes);
    let text = String::from_utf8(bytes).map_err(|e| LoadError::Invalid {
        path: path.to_path_buf(),
        problems: vec![utf8_problem(e.as_bytes(), e.utf8_error().valid_up_to())],
    })?;
    let (layout, body) = Layout::decode(&text);
    let body = body.into_owned();
    Ok((body, layout, fingerprint))
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    fs::read(path).map_err(|error| LoadError::Io {
        path: path.to_path_buf(),
        error,
    })
}

/// An assessment's text (`Layout::decode`d, so CR LF and a byte order mark
/// read like any other file), for readers of files that are not opened for
/// editing (`gapwalk diff`, versions from git).
pub fn decode_text(path: &Path, bytes: Vec<u8>) -> Result<String, LoadError> {
    decode(path, bytes).map(|(text, _, _)| text)
}

/// Reads and validates an assessment file for reading only (reports,
/// exports, validation): nothing is kept for saving.
pub fn read_assessment(path: &Path, catalog: &Catalog) -> Result<Assessment, LoadError> {
    let (text, _, _) = decode(path, read_bytes(path)?)?;
    super::load::parse_model(&text, catalog).map_err(|problems| LoadError::Invalid {
        path: path.to_path_buf(),
        problems,
    })
}

/// Reads and validates an assessment file for editing. gapwalk's own
/// temporary files that a crash left beside it are removed.
pub fn load_assessment(
    path: &Path,
    catalog: &Catalog,
) -> Result<(AssessmentFile, Assessment), LoadError> {
    let file = AssessmentFile::parse(path, read_bytes(path)?, catalog)?;
    disk::remove_stale_temps(path);
    let assessment = file.saved.clone();
    Ok((file, assessment))
}

fn utf8_problem(bytes: &[u8], valid_up_to: usize) -> Problem {
    let before = &bytes[..valid_up_to];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let mut column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    // The byte order mark is not a column.
    if line == 1 && before.starts_with("\u{feff}".as_bytes()) {
        column -= 1;
    }
    Problem {
        line,
        column,
        message: "invalid UTF-8: an assessment file must be UTF-8 text".to_string(),
    }
}

/// Creates a new assessment file; refuses to overwrite an existing one.
/// The text is written and flushed before the file gets its name, so a
/// failure (a full disk) leaves nothing behind to block a retry.
pub fn create_assessment(
    path: &Path,
    assessment: &Assessment,
    catalog: &Catalog,
) -> Result<AssessmentFile, SaveError> {
    create_assessment_like(path, assessment, catalog, Layout::default())
}

/// [`create_assessment`] with a given line ending and byte order mark (the
/// next cycle keeps those of the last one).
pub fn create_assessment_like(
    path: &Path,
    assessment: &Assessment,
    catalog: &Catalog,
    layout: Layout,
) -> Result<AssessmentFile, SaveError> {
    let mut file = AssessmentFile::in_memory(path, catalog);
    file.layout = layout;
    let text = file.render(assessment, catalog);
    let bytes = layout.encode(&text);
    disk::create_new(path, &bytes).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            SaveError::Exists {
                path: path.to_path_buf(),
            }
        } else {
            SaveError::io(path)(e)
        }
    })?;
    file.disk = Fingerprint::of(&bytes);
    file.saved = assessment.clone();
    Ok(file)
}

/// Rewrites an assessment file under its lock: `change` gets the text as
/// it is now (LF line ends, no byte order mark) and returns the new text,
/// or `None` to leave the file as it is; the file's line ending and byte
/// order mark are kept. Returns whether the file was written.
pub(crate) fn rewrite_locked(
    path: &Path,
    change: impl FnOnce(&str) -> Result<Option<String>, Vec<Problem>>,
) -> Result<bool, SaveError> {
    let locked = Locked::acquire(path).map_err(|e| SaveError::from_lock(path, e))?;
    let (text, layout, _) = decode(path, locked.bytes.clone()).map_err(SaveError::Invalid)?;
    let new = change(&text).map_err(|problems| {
        SaveError::Invalid(LoadError::Invalid {
            path: path.to_path_buf(),
            problems,
        })
    })?;
    match new {
        Some(new) if new != text => {
            locked
                .replace(&layout.encode(&new))
                .map_err(SaveError::io(path))?;
            disk::remove_stale_temps(path);
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// The side file for changes that could not be saved: `NAME.unsaved.toml`
/// beside `NAME.toml` (`-2`, `-3`… when one from an earlier session is
/// there, so that is never overwritten).
fn aside_path(path: &Path, taken: impl Fn(&Path) -> bool) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "assessment".into(), |s| s.to_string_lossy().into_owned());
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stem}.unsaved.toml")
        } else {
            format!("{stem}.unsaved-{n}.toml")
        };
        let candidate = dir.join(name);
        if !taken(&candidate) || n >= 99 {
            return candidate;
        }
        n += 1;
    }
}

/// The side file a session that could not save left beside `path`, if
/// there is one (`NAME.unsaved.toml`).
pub fn leftover_aside(path: &Path) -> Option<PathBuf> {
    let first = aside_path(path, |_| false);
    first.exists().then_some(first)
}

impl AssessmentFile {
    /// The file as read from `bytes` (what is at `path`).
    fn parse(path: &Path, bytes: Vec<u8>, catalog: &Catalog) -> Result<Self, LoadError> {
        let (text, layout, fingerprint) = decode(path, bytes)?;
        let (assessment, doc) =
            parse_assessment(&text, catalog).map_err(|problems| LoadError::Invalid {
                path: path.to_path_buf(),
                problems,
            })?;
        Ok(AssessmentFile {
            path: path.to_path_buf(),
            doc,
            in_doc: assessment.clone(),
            rendered: None,
            doc_saved: true,
            saved: assessment,
            disk: fingerprint,
            layout,
            read_only: disk::is_read_only(path),
            aside: None,
        })
    }

    /// A file that is not on disk yet, with the standard header.
    fn in_memory(path: &Path, catalog: &Catalog) -> Self {
        let header = format!(
            "# gapwalk assessment: edit with `gapwalk {}` or by hand; `gapwalk validate` checks it.\n",
            path.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        );
        Self::blank(path, &header, catalog)
    }

    /// A file that is not on disk yet: `header` (comment lines), then the
    /// format, the catalog and an empty `[assessment]`.
    pub(crate) fn blank(path: &Path, header: &str, catalog: &Catalog) -> Self {
        let text = format!(
            "{header}format = {FORMAT}\ncatalog = \"{}\"\n\n[assessment]\norganisation = \"\"\n",
            catalog.id()
        );
        // Our own text, so it parses unless `header` is not comments.
        let doc = text.parse::<DocumentMut>().unwrap_or_default();
        let empty = Assessment::new(catalog.id(), "");
        AssessmentFile {
            path: path.to_path_buf(),
            doc,
            in_doc: empty.clone(),
            rendered: None,
            doc_saved: true,
            saved: empty,
            disk: Fingerprint(0),
            layout: Layout::default(),
            read_only: false,
            aside: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The model as last saved (or loaded).
    pub fn saved(&self) -> &Assessment {
        &self.saved
    }

    /// The file's line ending and byte order mark.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// The file had no write permission when it was opened: gapwalk never
    /// writes it.
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// Merges the assessment into the document and returns the file text
    /// (LF line ends), without writing anything.
    pub fn render(&mut self, assessment: &Assessment, catalog: &Catalog) -> String {
        self.render_changes(assessment, catalog, None)
    }

    /// [`AssessmentFile::render`], given the changes from what was last
    /// saved when they are known.
    fn render_changes(
        &mut self,
        assessment: &Assessment,
        catalog: &Catalog,
        from_saved: Option<&Changes<'_>>,
    ) -> String {
        // What the document holds is what was saved, unless a render
        // since then changed it without saving.
        let changes = match from_saved {
            Some(c) if self.doc_saved => c.clone(),
            _ => Changes::between(catalog, &self.in_doc, assessment),
        };
        self.doc_saved = false;
        self.patch(assessment, catalog, &changes);
        let (changed, only_items) = (&changes.items, !changes.others);
        let spliced = only_items
            && self
                .rendered
                .as_mut()
                .is_some_and(|r| r.splice(&self.doc, catalog, changed));
        if !spliced {
            self.rendered = Some(Rendered::full(&self.doc, catalog));
        }
        let text = self
            .rendered
            .as_ref()
            .map_or_else(|| self.doc.to_string(), |r| r.text.clone());
        debug_assert_eq!(
            text,
            self.doc.to_string(),
            "re-rendering the changed items gave another text than rendering the whole file"
        );
        text
    }

    /// Writes the assessment if it differs from what was last saved.
    /// Returns whether the file was written. Refuses to write if the file
    /// changed on disk since it was read or written by us (see
    /// [`AssessmentFile::save_merging`] for the writer that merges).
    pub fn save(&mut self, assessment: &Assessment, catalog: &Catalog) -> Result<bool, SaveError> {
        self.commit(assessment, catalog, false).map(|s| s.written)
    }

    /// Writes the assessment if it differs from what was last saved; if
    /// another program changed the file since we read or wrote it, its
    /// version is merged three-way with ours first (see
    /// [`AssessmentFile::merge_from_disk`]) and the merge is written and
    /// returned. Check, merge, write and rename happen under the file's
    /// advisory lock, so two writers never replace each other's work
    /// unseen. A file on disk that is not a valid assessment is never
    /// written over ([`SaveError::Invalid`]).
    pub fn save_merging(
        &mut self,
        assessment: &Assessment,
        catalog: &Catalog,
    ) -> Result<Saved, SaveError> {
        self.commit(assessment, catalog, true)
    }

    fn commit(
        &mut self,
        assessment: &Assessment,
        catalog: &Catalog,
        merging: bool,
    ) -> Result<Saved, SaveError> {
        let changes = Changes::between(catalog, &self.saved, assessment);
        if changes.is_empty() && self.aside.is_none() {
            return Ok(Saved::default());
        }
        if self.read_only {
            return Err(SaveError::ReadOnly {
                path: self.path.clone(),
            });
        }
        let locked =
            Locked::acquire(&self.path).map_err(|e| SaveError::from_lock(&self.path, e))?;
        let mut merged = None;
        let mut before = None;
        if Fingerprint::of(&locked.bytes) != self.disk {
            if !merging {
                return Err(SaveError::ChangedOnDisk {
                    path: self.path.clone(),
                });
            }
            let mut fresh = Self::parse(&self.path, locked.bytes.clone(), catalog)
                .map_err(SaveError::Invalid)?;
            let m = merge(&self.saved, assessment, &fresh.saved);
            fresh.aside = self.aside.take();
            before = Some(std::mem::replace(self, fresh));
            merged = Some(m);
        }
        let (target, changes) = match &merged {
            Some(m) => (
                &m.assessment,
                Changes::between(catalog, &self.saved, &m.assessment),
            ),
            None => (assessment, changes),
        };
        let written = if changes.is_empty() {
            false
        } else {
            let text = self.render_changes(target, catalog, Some(&changes));
            let bytes = self.layout.encode(&text);
            if let Err(e) = locked.replace(&bytes) {
                // Back to what we knew before the merge, so that the next
                // try merges the other program's version again.
                if let Some(mut before) = before {
                    before.aside = self.aside.take();
                    *self = before;
                }
                return Err(SaveError::io(&self.path)(e));
            }
            update(&mut self.saved, target, &changes.items);
            self.doc_saved = true;
            self.disk = Fingerprint::of(&bytes);
            true
        };
        drop(locked);
        // What the side file held is in the file now.
        if let Some(aside) = self.aside.take() {
            let _ = fs::remove_file(aside);
        }
        Ok(Saved { written, merged })
    }

    /// Writes `assessment` to a side file beside the assessment
    /// (`NAME.unsaved.toml`, see [`leftover_aside`]) when the file itself
    /// cannot be written because it is not valid: what the workshop shows
    /// is never only in memory. The next successful save removes it.
    pub fn save_aside(
        &mut self,
        assessment: &Assessment,
        catalog: &Catalog,
    ) -> Result<PathBuf, SaveError> {
        let path = match &self.aside {
            Some(p) => p.clone(),
            None => aside_path(&self.path, |p| fs::symlink_metadata(p).is_ok()),
        };
        let text = self.render(assessment, catalog);
        let bytes = self.layout.encode(&text);
        let written = if fs::symlink_metadata(&path).is_ok() {
            fs::metadata(&path).and_then(|m| disk::replace_file(&path, &bytes, &m))
        } else {
            disk::create_new(&path, &bytes)
        };
        written.map_err(SaveError::io(&path))?;
        self.aside = Some(path.clone());
        Ok(path)
    }

    /// Merges another program's change to the file with `ours`, the model
    /// in memory, which has changes of its own not yet saved. The base is
    /// what this file last read or wrote; theirs is the file on disk now.
    /// The file on disk becomes the new base (its document, comments and
    /// all, is what the next save edits); the merged model comes back, to
    /// be shown and saved. Where both changed a field differently ours
    /// stays and a conflict records theirs (see [`merge`]). On failure (the
    /// file on disk is not valid) nothing changes.
    pub fn merge_from_disk(
        &mut self,
        ours: &Assessment,
        catalog: &Catalog,
    ) -> Result<Merge, LoadError> {
        let mut fresh = Self::parse(&self.path, read_bytes(&self.path)?, catalog)?;
        let merged = merge(&self.saved, ours, &fresh.saved);
        fresh.aside = self.aside.take();
        *self = fresh;
        Ok(merged)
    }

    /// An open file made from text (for tests).
    #[cfg(test)]
    pub(super) fn from_text(
        text: &str,
        catalog: &Catalog,
    ) -> Result<(Self, Assessment), LoadError> {
        let file = Self::parse(Path::new("test.toml"), text.as_bytes().to_vec(), catalog)?;
        let a = file.saved.clone();
        Ok((file, a))
    }

    /// The whole document rendered, bypassing the item-by-item text (for
    /// tests that compare the two).
    #[cfg(test)]
    pub(super) fn full_text(&self) -> String {
        self.doc.to_string()
    }

    /// A digest of the file as it is on disk now, if it differs from what
    /// we last read or wrote (another program changed it). `None` when it is
    /// unchanged or cannot be read.
    pub fn foreign_change(&self) -> Option<u64> {
        let current = Fingerprint::of(&fs::read(&self.path).ok()?);
        (current != self.disk).then_some(current.0)
    }

    /// Brings the document up to date with `a`, touching only what
    /// changed since what it holds (`changes`).
    fn patch(&mut self, a: &Assessment, catalog: &Catalog, changes: &Changes<'_>) {
        let old = &self.in_doc;
        if changes.others {
            patch_meta(&mut self.doc, old, a);
            if old.sessions != a.sessions {
                patch_sessions(&mut self.doc, &old.sessions, &a.sessions);
            }
        }
        if changes.others && old.risks != a.risks {
            patch_risks(&mut self.doc, &old.risks, &a.risks);
        }
        if changes.others && old.scans != a.scans {
            patch_scans(&mut self.doc, &old.scans, &a.scans);
        }
        for &id in &changes.items {
            patch_item(&mut self.doc, catalog, id, old.item(id), a.item(id));
        }
        if changes.others && old.conflicts != a.conflicts {
            patch_conflicts(&mut self.doc, &old.conflicts, &a.conflicts);
        }
        update(&mut self.in_doc, a, &changes.items);
    }
}
