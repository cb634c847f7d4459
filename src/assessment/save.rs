//! Writing an assessment: changes are merged into the parsed document so
//! that comments and hand formatting survive, then written atomically.

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, TableLike, Value};

use super::load::{LoadError, parse_assessment};
use super::model::{Action, Assessment, Evidence, FORMAT, ItemRecord, Session};
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

/// Reads and validates an assessment file.
pub fn load_assessment(
    path: &Path,
    catalog: &Catalog,
) -> Result<(AssessmentFile, Assessment), LoadError> {
    let bytes = fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| LoadError::Invalid {
        path: path.to_path_buf(),
        problems: vec![utf8_problem(e.as_bytes(), e.utf8_error().valid_up_to())],
    })?;
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
            "# gapwalk assessment: edit with `gapwalk {}` or by hand; `gapwalk validate` checks it.\nformat = {FORMAT}\ncatalog = \"{}\"\n\n[assessment]\norganisation = \"\"\n",
            path.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            catalog.id()
        );
        // The header is our own constant text, so it always parses.
        let doc = header.parse::<DocumentMut>().unwrap_or_default();
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
        self.merge(assessment, catalog);
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
        self.saved = assessment.clone();
        self.disk = Fingerprint::of(text.as_bytes());
        Ok(true)
    }

    /// Reads the file again from disk and takes it as the new base; returns
    /// what it holds. On failure nothing changes (and nothing is written).
    pub fn rebase(&mut self, catalog: &Catalog) -> Result<Assessment, LoadError> {
        let (fresh, theirs) = load_assessment(&self.path, catalog)?;
        *self = fresh;
        Ok(theirs)
    }

    /// A digest of the file as it is on disk now, if it differs from what
    /// we last read or wrote (another program changed it). `None` when it is
    /// unchanged or cannot be read.
    pub fn foreign_change(&self) -> Option<u64> {
        let current = Fingerprint::of(&fs::read(&self.path).ok()?);
        (current != self.disk).then_some(current.0)
    }

    /// Whether the file on disk is still what we last read or wrote.
    pub fn check_disk(&self) -> Result<(), SaveError> {
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
    fn merge(&mut self, a: &Assessment, catalog: &Catalog) {
        let old = &self.in_doc;
        merge_meta(&mut self.doc, old, a);
        if old.sessions != a.sessions {
            merge_sessions(&mut self.doc, &old.sessions, &a.sessions);
        }
        let mut ids: Vec<&String> = old.items.keys().chain(a.items.keys()).collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            let (before, after) = (old.item(id), a.item(id));
            if before != after {
                merge_item(&mut self.doc, catalog, id, before, after);
            }
        }
        self.in_doc = a.clone();
    }
}

/// Temporary file in the same folder, fsync, rename; the file's mode is kept.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = atomic_write_file::AtomicWriteFile::options().open(path)?;
    file.write_all(bytes)?;
    file.commit()
}

fn merge_meta(doc: &mut DocumentMut, old: &Assessment, new: &Assessment) {
    let root = doc.as_table_mut();
    if !root.contains_key("assessment") {
        root.insert("assessment", Item::Table(Table::new()));
    }
    let Some(t) = root.get_mut("assessment").and_then(Item::as_table_like_mut) else {
        return;
    };
    if old.organisation != new.organisation || !t.contains_key("organisation") {
        set(
            t,
            "organisation",
            Some(Value::from(new.organisation.as_str())),
        );
    }
    if old.scope != new.scope {
        set(t, "scope", new.scope.as_deref().map(Value::from));
    }
    if old.licences != new.licences {
        set(
            t,
            "licences",
            (!new.licences.is_empty()).then(|| string_array(&new.licences)),
        );
    }
    if old.review_interval_months != new.review_interval_months {
        set(
            t,
            "review_interval_months",
            new.review_interval_months
                .map(|n| Value::from(i64::from(n))),
        );
    }
}

/// Sessions go right after `[assessment]`, one `[[sessions]]` table each.
fn merge_sessions(doc: &mut DocumentMut, old: &[Session], new: &[Session]) {
    let root = doc.as_table_mut();
    if new.is_empty() {
        root.remove("sessions");
        return;
    }
    let in_place = matches!(root.get("sessions"), Some(Item::ArrayOfTables(_)));
    let old = if in_place { old } else { &[][..] };
    if !in_place {
        root.insert("sessions", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    // New tables take the position of [assessment], so they sort right
    // after it and before the items.
    let anchor = root
        .get("assessment")
        .and_then(Item::as_table)
        .and_then(Table::position);
    let Some(Item::ArrayOfTables(aot)) = root.get_mut("sessions") else {
        return;
    };
    while aot.len() > new.len() {
        aot.remove(aot.len() - 1);
    }
    for (i, s) in new.iter().enumerate() {
        let before = old.get(i).cloned().unwrap_or_default();
        if i >= aot.len() {
            let mut table = Table::new();
            table.set_position(anchor);
            aot.push(table);
        }
        let Some(table) = aot.get_mut(i) else {
            continue;
        };
        if before.id != s.id || !table.contains_key("id") {
            set(table, "id", Some(Value::from(s.id.as_str())));
        }
        if before.date != s.date {
            set(table, "date", s.date.map(date));
        }
        if before.facilitator != s.facilitator {
            set(table, "facilitator", s.facilitator.as_deref().map(text));
        }
        if before.attendees != s.attendees {
            set(
                table,
                "attendees",
                (!s.attendees.is_empty()).then(|| string_array(&s.attendees)),
            );
        }
    }
}

fn merge_item(
    doc: &mut DocumentMut,
    catalog: &Catalog,
    id: &str,
    old: &ItemRecord,
    new: &ItemRecord,
) {
    let root = doc.as_table_mut();
    if !root.contains_key("items") {
        let mut items = Table::new();
        items.set_implicit(true);
        root.insert("items", Item::Table(items));
    }
    let Some(items) = root.get_mut("items").and_then(Item::as_table_mut) else {
        return;
    };
    if new.is_empty() {
        items.remove(id);
        return;
    }
    // Merge in place into a standard `[items."X"]` table; anything else
    // (an inline or dotted item written by hand) is rewritten whole.
    let in_place = matches!(items.get(id), Some(Item::Table(t)) if !t.is_dotted());
    let old = if in_place {
        old
    } else {
        let is_new = !items.contains_key(id);
        items.insert(id, Item::Table(Table::new()));
        if is_new && items.is_implicit() {
            // Tables parsed from the file keep their positions, so this only
            // decides where the new item goes: in catalog order.
            items.sort_values_by(|a, _, b, _| {
                catalog.position(a.get()).cmp(&catalog.position(b.get()))
            });
        }
        &ItemRecord::default()
    };
    let Some(Item::Table(t)) = items.get_mut(id) else {
        return;
    };

    if old.answer != new.answer {
        set(t, "answer", new.answer.map(|a| Value::from(a.as_str())));
    }
    if old.owner != new.owner {
        set(t, "owner", new.owner.as_deref().map(Value::from));
    }
    if old.reviewed != new.reviewed {
        set(t, "reviewed", new.reviewed.map(date));
    }
    if old.relies_on != new.relies_on {
        set(
            t,
            "relies_on",
            (!new.relies_on.is_empty()).then(|| string_array(&new.relies_on)),
        );
    }
    if old.reliance != new.reliance {
        set(t, "reliance", new.reliance.as_deref().map(text));
    }
    if old.included_because != new.included_because {
        set(
            t,
            "included_because",
            (!new.included_because.is_empty())
                .then(|| Value::Array(new.included_because.iter().map(|r| r.as_str()).collect())),
        );
    }
    if old.justification != new.justification {
        set(t, "justification", new.justification.as_deref().map(text));
    }
    if old.notes != new.notes {
        set(t, "notes", new.notes.as_deref().map(text));
    }
    if old.follow_up != new.follow_up {
        set(t, "follow_up", new.follow_up.as_deref().map(text));
    }
    if old.session != new.session {
        set(t, "session", new.session.as_deref().map(Value::from));
    }
    if old.evidence != new.evidence {
        merge_evidence(t, &old.evidence, &new.evidence);
    }
    if old.action != new.action {
        merge_action(t, old.action.as_ref(), new.action.as_ref());
    }
}

fn merge_evidence(t: &mut Table, old: &[Evidence], new: &[Evidence]) {
    if new.is_empty() {
        t.remove("evidence");
        return;
    }
    if !matches!(t.get("evidence"), Some(Item::ArrayOfTables(_))) {
        t.insert("evidence", Item::ArrayOfTables(ArrayOfTables::new()));
        return merge_evidence(t, &[], new);
    }
    let Some(Item::ArrayOfTables(aot)) = t.get_mut("evidence") else {
        return;
    };
    while aot.len() > new.len() {
        aot.remove(aot.len() - 1);
    }
    for (i, e) in new.iter().enumerate() {
        let before = old.get(i).cloned().unwrap_or_default();
        if i >= aot.len() {
            aot.push(Table::new());
        }
        let Some(table) = aot.get_mut(i) else {
            continue;
        };
        if before.what != e.what || !table.contains_key("what") {
            set(table, "what", Some(text(&e.what)));
        }
        if before.location != e.location {
            set(table, "where", e.location.as_deref().map(text));
        }
        if before.date != e.date {
            set(table, "date", e.date.map(date));
        }
    }
}

fn merge_action(t: &mut Table, old: Option<&Action>, new: Option<&Action>) {
    let Some(new) = new else {
        t.remove("action");
        return;
    };
    let old = match (old, t.get("action")) {
        (Some(old), Some(Item::Table(a))) if !a.is_dotted() => old.clone(),
        _ => {
            t.insert("action", Item::Table(Table::new()));
            Action::default()
        }
    };
    let Some(Item::Table(a)) = t.get_mut("action") else {
        return;
    };
    if old.what != new.what || !a.contains_key("what") {
        set(a, "what", Some(text(&new.what)));
    }
    if old.owner != new.owner {
        set(a, "owner", new.owner.as_deref().map(Value::from));
    }
    if old.due != new.due {
        set(a, "due", new.due.map(date));
    }
    if old.done != new.done {
        set(a, "done", new.done.map(date));
    }
}

/// Sets or removes a key, keeping the decor (spacing, trailing comment) of
/// a value it replaces.
fn set(t: &mut dyn TableLike, key: &str, value: Option<Value>) {
    match value {
        None => {
            t.remove(key);
        }
        Some(mut value) => match t.get_mut(key) {
            Some(Item::Value(old)) => {
                *value.decor_mut() = old.decor().clone();
                *old = value;
            }
            Some(other) => *other = Item::Value(value),
            None => {
                t.insert(key, Item::Value(value));
            }
        },
    }
}

/// Free text; multi-line text is written as a multi-line string.
fn text(s: &str) -> Value {
    Value::from(s)
}

fn date(d: NaiveDate) -> Value {
    let date = toml_edit::Date {
        year: u16::try_from(d.year()).unwrap_or(0),
        month: d.month() as u8,
        day: d.day() as u8,
    };
    Value::from(toml_edit::Datetime {
        date: Some(date),
        time: None,
        offset: None,
    })
}

fn string_array(values: &[String]) -> Value {
    Value::Array(values.iter().map(String::as_str).collect())
}
