//! The assessment file on disk: reading it for editing, creating it,
//! saving changes (patched into the parsed document, see [`super::patch`],
//! so that comments and hand formatting survive) atomically.

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use toml_edit::DocumentMut;

use super::load::{LoadError, parse_assessment};
use super::merge::{Merge, merge};
use super::model::{Assessment, FORMAT};
use super::patch::{patch_conflicts, patch_item, patch_meta, patch_sessions};
use crate::catalog::Catalog;

/// Why a save did not happen. The file on disk is unchanged in every case.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path} was changed on disk by another program since gapwalk read it; not overwriting it"
    )]
    ChangedOnDisk { path: PathBuf },
    #[error("{path} already exists; not overwriting it")]
    Exists { path: PathBuf },
}

/// What is on disk, as far as we know: a digest of the bytes we last read
/// or wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint(u64);

impl Fingerprint {
    fn of(bytes: &[u8]) -> Self {
        let mut h = DefaultHasher::new();
        bytes.hash(&mut h);
        Fingerprint(h.finish())
    }
}

/// An assessment file opened for editing: the document as parsed (with its
/// comments and layout) and the model it currently holds.
#[derive(Debug)]
pub struct AssessmentFile {
    path: PathBuf,
    doc: DocumentMut,
    /// What `doc` holds.
    in_doc: Assessment,
    /// What the file on disk holds.
    saved: Assessment,
    disk: Fingerprint,
}

/// A file's text; invalid UTF-8 is a problem with its position.
fn read_text(path: &Path) -> Result<String, LoadError> {
    let bytes = fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| LoadError::Invalid {
        path: path.to_path_buf(),
        problems: vec![utf8_problem(e.as_bytes(), e.utf8_error().valid_up_to())],
    })
}

/// Reads and validates an assessment file for reading only (reports,
/// exports, validation): nothing is kept for saving.
pub fn read_assessment(path: &Path, catalog: &Catalog) -> Result<Assessment, LoadError> {
    let text = read_text(path)?;
    super::load::parse_model(&text, catalog).map_err(|problems| LoadError::Invalid {
        path: path.to_path_buf(),
        problems,
    })
}

/// Reads and validates an assessment file.
pub fn load_assessment(
    path: &Path,
    catalog: &Catalog,
) -> Result<(AssessmentFile, Assessment), LoadError> {
    let text = read_text(path)?;
    let (assessment, doc) =
        parse_assessment(&text, catalog).map_err(|problems| LoadError::Invalid {
            path: path.to_path_buf(),
            problems,
        })?;
    let file = AssessmentFile {
        path: path.to_path_buf(),
        doc,
        in_doc: assessment.clone(),
        saved: assessment.clone(),
        disk: Fingerprint::of(text.as_bytes()),
    };
    Ok((file, assessment))
}

fn utf8_problem(bytes: &[u8], valid_up_to: usize) -> super::load::Problem {
    let before = &bytes[..valid_up_to];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    super::load::Problem {
        line,
        column,
        message: "invalid UTF-8: an assessment file must be UTF-8 text".to_string(),
    }
}

/// Creates a new assessment file; refuses to overwrite an existing one.
pub fn create_assessment(
    path: &Path,
    assessment: &Assessment,
    catalog: &Catalog,
) -> Result<AssessmentFile, SaveError> {
    let mut file = AssessmentFile::in_memory(path, catalog);
    let text = file.render(assessment, catalog);
    let io = |source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    };
    // create_new fails if the file exists, so nothing is ever overwritten.
    let mut out = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(SaveError::Exists {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(io(e)),
    };
    out.write_all(text.as_bytes()).map_err(io)?;
    out.sync_all().map_err(io)?;
    file.disk = Fingerprint::of(text.as_bytes());
    file.saved = assessment.clone();
    Ok(file)
}

impl AssessmentFile {
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
            saved: empty,
            disk: Fingerprint(0),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The model as last saved (or loaded).
    pub fn saved(&self) -> &Assessment {
        &self.saved
    }

    /// Merges the assessment into the document and returns the file text,
    /// without writing anything.
    pub fn render(&mut self, assessment: &Assessment, catalog: &Catalog) -> String {
        self.patch(assessment, catalog);
        self.doc.to_string()
    }

    /// Writes the assessment if it differs from what was last saved.
    /// Returns whether the file was written. Refuses to write if the file
    /// changed on disk since it was read or written by us.
    pub fn save(&mut self, assessment: &Assessment, catalog: &Catalog) -> Result<bool, SaveError> {
        if *assessment == self.saved {
            return Ok(false);
        }
        self.check_disk()?;
        let text = self.render(assessment, catalog);
        write_atomically(&self.path, text.as_bytes()).map_err(|source| SaveError::Io {
            path: self.path.clone(),
            source,
        })?;
        let changed = changed_items(catalog, &self.saved, assessment);
        update(&mut self.saved, assessment, &changed);
        self.disk = Fingerprint::of(text.as_bytes());
        Ok(true)
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
        let (fresh, theirs) = load_assessment(&self.path, catalog)?;
        let merged = merge(&self.saved, ours, &theirs);
        *self = fresh;
        Ok(merged)
    }

    /// A digest of the file as it is on disk now, if it differs from what
    /// we last read or wrote (another program changed it). `None` when it is
    /// unchanged or cannot be read.
    pub fn foreign_change(&self) -> Option<u64> {
        let current = Fingerprint::of(&fs::read(&self.path).ok()?);
        (current != self.disk).then_some(current.0)
    }

    /// Whether the file on disk is still what we last read or wrote.
    fn check_disk(&self) -> Result<(), SaveError> {
        let current = fs::read(&self.path).map_err(|source| SaveError::Io {
            path: self.path.clone(),
            source,
        })?;
        if Fingerprint::of(&current) == self.disk {
            Ok(())
        } else {
            Err(SaveError::ChangedOnDisk {
                path: self.path.clone(),
            })
        }
    }

    /// Brings the document up to date with `a`, touching only what changed.
    fn patch(&mut self, a: &Assessment, catalog: &Catalog) {
        let old = &self.in_doc;
        patch_meta(&mut self.doc, old, a);
        if old.sessions != a.sessions {
            patch_sessions(&mut self.doc, &old.sessions, &a.sessions);
        }
        let changed = changed_items(catalog, old, a);
        for &id in &changed {
            patch_item(&mut self.doc, catalog, id, old.item(id), a.item(id));
        }
        if old.conflicts != a.conflicts {
            patch_conflicts(&mut self.doc, &old.conflicts, &a.conflicts);
        }
        update(&mut self.in_doc, a, &changed);
    }
}

/// The items that differ between two states, in catalog order. The loader
/// only admits catalog items, so none is missed.
fn changed_items<'c>(catalog: &'c Catalog, old: &Assessment, new: &Assessment) -> Vec<&'c str> {
    catalog
        .items()
        .iter()
        .map(|item| item.id.as_ref())
        .filter(|&id| old.item(id) != new.item(id))
        .collect()
}

/// Makes `target` equal to `source`, copying only the items that changed
/// (a full copy of a large assessment on every keystroke is most of a
/// save's cost).
fn update(target: &mut Assessment, source: &Assessment, changed: &[&str]) {
    // Destructured, so that a new field cannot be forgotten here.
    let Assessment {
        catalog,
        organisation,
        scope,
        licences,
        review_interval_months,
        sessions,
        items,
        conflicts,
    } = source;
    target.catalog.clone_from(catalog);
    target.organisation.clone_from(organisation);
    target.scope.clone_from(scope);
    target.licences.clone_from(licences);
    target.review_interval_months = *review_interval_months;
    target.sessions.clone_from(sessions);
    target.conflicts.clone_from(conflicts);
    for &id in changed {
        match items.get(id) {
            Some(record) => {
                target.items.insert(id.to_string(), record.clone());
            }
            None => {
                target.items.remove(id);
            }
        }
    }
    debug_assert!(target == source, "update missed a change");
}

/// Temporary file in the same folder, fsync, rename; the file's mode is kept.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = atomic_write_file::AtomicWriteFile::options().open(path)?;
    file.write_all(bytes)?;
    file.commit()
}
