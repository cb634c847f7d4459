//! Writing an assessment: changes are merged into the parsed document so
//! that comments and hand formatting survive, then written atomically.

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use super::canonical::{
    ACTION_KEYS, ASSESSMENT_KEYS, CANONICAL_ITEM_KEYS, CONFLICT_KEYS, EVIDENCE_KEYS, ROOT_KEYS,
    SESSION_KEYS, SOA_KEYS,
};
use super::field::{Conflict, FieldValue, Place};
use super::load::{LoadError, parse_assessment};
use super::merge::{Merge, merge};
use super::model::{Action, Assessment, Evidence, FORMAT, ItemRecord, Session, SoaControl};
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
    fn merge(&mut self, a: &Assessment, catalog: &Catalog) {
        let old = &self.in_doc;
        merge_meta(&mut self.doc, old, a);
        if old.sessions != a.sessions {
            merge_sessions(&mut self.doc, &old.sessions, &a.sessions);
        }
        let changed = changed_items(catalog, old, a);
        for &id in &changed {
            merge_item(&mut self.doc, catalog, id, old.item(id), a.item(id));
        }
        if old.conflicts != a.conflicts {
            merge_conflicts(&mut self.doc, &old.conflicts, &a.conflicts);
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
        governance,
        sessions,
        items,
        conflicts,
    } = source;
    target.catalog.clone_from(catalog);
    target.organisation.clone_from(organisation);
    target.scope.clone_from(scope);
    target.licences.clone_from(licences);
    target.review_interval_months = *review_interval_months;
    target.governance.clone_from(governance);
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

fn merge_meta(doc: &mut DocumentMut, old: &Assessment, new: &Assessment) {
    let root = doc.as_table_mut();
    if !root.contains_key("assessment") {
        insert(root, "assessment", Item::Table(Table::new()), ROOT_KEYS);
    }
    let Some(t) = root.get_mut("assessment") else {
        return;
    };
    let has_organisation = t
        .as_table_like()
        .is_some_and(|t| t.contains_key("organisation"));
    let mut set = |key: &str, value: Option<Value>| match &mut *t {
        Item::Table(t) => put(t, key, value, ASSESSMENT_KEYS),
        other => {
            if let Some(t) = other.as_table_like_mut() {
                set(t, key, value)
            }
        }
    };
    if old.organisation != new.organisation || !has_organisation {
        set("organisation", Some(Value::from(new.organisation.as_str())));
    }
    if old.scope != new.scope {
        set("scope", new.scope.as_deref().map(Value::from));
    }
    if old.licences != new.licences {
        set(
            "licences",
            (!new.licences.is_empty()).then(|| string_array(&new.licences)),
        );
    }
    if old.review_interval_months != new.review_interval_months {
        set(
            "review_interval_months",
            new.review_interval_months
                .map(|n| Value::from(i64::from(n))),
        );
    }
    if old.critical() != new.critical() {
        set(
            "critical",
            (!new.critical().is_empty()).then(|| string_array(new.critical())),
        );
    }
    merge_soa_control(t, old.soa(), new.soa());
}

/// `[assessment.soa]`: a sub-table of `[assessment]`, written right after
/// it. Only the keys that changed are touched; a table written some other
/// way (inline) is rewritten as a standard one.
fn merge_soa_control(assessment: &mut Item, old: &SoaControl, new: &SoaControl) {
    let Some(parent) = assessment.as_table_mut() else {
        return;
    };
    let standard = matches!(parent.get("soa"), Some(Item::Table(_)));
    if old == new && (standard || new.is_empty()) {
        return;
    }
    if new.is_empty() {
        parent.remove("soa");
        return;
    }
    let blank = SoaControl::default();
    let old = if standard { old } else { &blank };
    if !standard {
        parent.remove("soa");
        let mut table = Table::new();
        table.set_position(parent.position());
        insert(parent, "soa", Item::Table(table), ASSESSMENT_KEYS);
    }
    let Some(Item::Table(t)) = parent.get_mut("soa") else {
        return;
    };
    let texts = [
        ("owner", &old.owner, &new.owner),
        ("approver", &old.approver, &new.approver),
        ("version", &old.version, &new.version),
        ("classification", &old.classification, &new.classification),
    ];
    for (key, before, after) in texts {
        if before != after {
            put(t, key, after.as_deref().map(text), SOA_KEYS);
        }
    }
    let dates = [
        ("approved", old.approved, new.approved),
        ("next_review", old.next_review, new.next_review),
    ];
    for (key, before, after) in dates {
        if before != after {
            put(t, key, after.map(date), SOA_KEYS);
        }
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
        insert(
            root,
            "sessions",
            Item::ArrayOfTables(ArrayOfTables::new()),
            ROOT_KEYS,
        );
    }
    // New tables take the position of the last session (or of
    // [assessment]), so they sort right after it and before the items.
    let last_session = match root.get("sessions") {
        Some(Item::ArrayOfTables(aot)) => aot.iter().filter_map(Table::position).max(),
        _ => None,
    };
    let anchor = last_session.or_else(|| {
        root.get("assessment")
            .and_then(Item::as_table)
            .and_then(Table::position)
    });
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
            put(table, "id", Some(Value::from(s.id.as_str())), SESSION_KEYS);
        }
        if before.date != s.date {
            put(table, "date", s.date.map(date), SESSION_KEYS);
        }
        if before.facilitator != s.facilitator {
            put(
                table,
                "facilitator",
                s.facilitator.as_deref().map(text),
                SESSION_KEYS,
            );
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
        insert(root, "items", Item::Table(items), ROOT_KEYS);
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
        put(
            t,
            "answer",
            new.answer.map(|a| Value::from(a.as_str())),
            CANONICAL_ITEM_KEYS,
        );
    }
    if old.owner != new.owner {
        put(
            t,
            "owner",
            new.owner.as_deref().map(Value::from),
            CANONICAL_ITEM_KEYS,
        );
    }
    if old.reviewed != new.reviewed {
        put(t, "reviewed", new.reviewed.map(date), CANONICAL_ITEM_KEYS);
    }
    if old.relies_on != new.relies_on {
        put(
            t,
            "relies_on",
            (!new.relies_on.is_empty()).then(|| string_array(&new.relies_on)),
            CANONICAL_ITEM_KEYS,
        );
    }
    if old.reliance != new.reliance {
        put(
            t,
            "reliance",
            new.reliance.as_deref().map(text),
            CANONICAL_ITEM_KEYS,
        );
    }
    if old.included_because != new.included_because {
        put(
            t,
            "included_because",
            (!new.included_because.is_empty())
                .then(|| Value::Array(new.included_because.iter().map(|r| r.as_str()).collect())),
            CANONICAL_ITEM_KEYS,
        );
    }
    if old.justification != new.justification {
        put(
            t,
            "justification",
            new.justification.as_deref().map(text),
            CANONICAL_ITEM_KEYS,
        );
    }
    if old.notes != new.notes {
        put(
            t,
            "notes",
            new.notes.as_deref().map(text),
            CANONICAL_ITEM_KEYS,
        );
    }
    if old.follow_up != new.follow_up {
        put(
            t,
            "follow_up",
            new.follow_up.as_deref().map(text),
            CANONICAL_ITEM_KEYS,
        );
    }
    if old.session != new.session {
        put(
            t,
            "session",
            new.session.as_deref().map(Value::from),
            CANONICAL_ITEM_KEYS,
        );
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
        insert(
            t,
            "evidence",
            Item::ArrayOfTables(ArrayOfTables::new()),
            CANONICAL_ITEM_KEYS,
        );
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
            put(table, "what", Some(text(&e.what)), EVIDENCE_KEYS);
        }
        if before.location != e.location {
            put(
                table,
                "where",
                e.location.as_deref().map(text),
                EVIDENCE_KEYS,
            );
        }
        if before.date != e.date {
            put(table, "date", e.date.map(date), EVIDENCE_KEYS);
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
            insert(t, "action", Item::Table(Table::new()), CANONICAL_ITEM_KEYS);
            Action::default()
        }
    };
    let Some(Item::Table(a)) = t.get_mut("action") else {
        return;
    };
    if old.what != new.what || !a.contains_key("what") {
        put(a, "what", Some(text(&new.what)), ACTION_KEYS);
    }
    if old.owner != new.owner {
        put(
            a,
            "owner",
            new.owner.as_deref().map(Value::from),
            ACTION_KEYS,
        );
    }
    if old.due != new.due {
        put(a, "due", new.due.map(date), ACTION_KEYS);
    }
    if old.done != new.done {
        put(a, "done", new.done.map(date), ACTION_KEYS);
    }
}

/// Sets or removes a key of a standard table like [`set`]. A new key goes
/// where the canonical order puts it if the table's keys are in that
/// order; otherwise (the user ordered them) after the others.
fn put(t: &mut Table, key: &str, value: Option<Value>, order: &[&str]) {
    match value {
        Some(value) if !t.contains_key(key) => insert(t, key, Item::Value(value), order),
        value => set(t, key, value),
    }
}

/// Inserts a new key: in canonical order if the table's values are in
/// that order. Sub-tables are always put in canonical order among
/// themselves, which places new ones (they have no position in the file
/// yet) where the canonical layout has them.
fn insert(t: &mut Table, key: &str, item: Item, order: &[&str]) {
    let values_in_order = t
        .iter()
        .filter(|(_, item)| item.is_value())
        .map(|(k, _)| rank(order, k))
        .is_sorted();
    t.insert(key, item);
    let index: std::collections::HashMap<String, usize> = t
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.to_string(), i))
        .collect();
    let sort_key = |k: &toml_edit::Key, item: &Item| {
        let at = index.get(k.get()).copied().unwrap_or(usize::MAX);
        match item {
            Item::Value(_) if !values_in_order => (0, at),
            Item::Value(_) => (0, rank(order, k.get())),
            _ => (1, rank(order, k.get())),
        }
    };
    t.sort_values_by(|ka, a, kb, b| sort_key(ka, a).cmp(&sort_key(kb, b)));
}

fn rank(order: &[&str], key: &str) -> usize {
    order.iter().position(|k| *k == key).unwrap_or(order.len())
}

/// Rewrites `[[conflicts]]`; tables of conflicts that remain are kept as
/// they are (with any comment written in them).
fn merge_conflicts(doc: &mut DocumentMut, old: &[Conflict], new: &[Conflict]) {
    let root = doc.as_table_mut();
    if new.is_empty() {
        root.remove("conflicts");
        return;
    }
    let existing: Vec<Table> = match root.get("conflicts") {
        Some(Item::ArrayOfTables(aot)) if aot.len() == old.len() => aot.iter().cloned().collect(),
        _ => Vec::new(),
    };
    let mut used = vec![false; existing.len()];
    let mut aot = ArrayOfTables::new();
    for c in new {
        let kept = (0..existing.len()).find(|&j| !used[j] && old.get(j) == Some(c));
        match kept {
            Some(j) => {
                used[j] = true;
                aot.push(existing[j].clone());
            }
            None => aot.push(conflict_table(c)),
        }
    }
    // New conflicts go at the end of the file.
    let last = max_position(root);
    for t in aot.iter_mut() {
        if t.position().is_none() {
            t.set_position(last.map(|p| p + 1));
        }
    }
    match root.get_mut("conflicts") {
        Some(item) => *item = Item::ArrayOfTables(aot),
        None => insert(root, "conflicts", Item::ArrayOfTables(aot), ROOT_KEYS),
    }
}

/// The highest position of any table in the document.
fn max_position(t: &Table) -> Option<isize> {
    let mut max = t.position();
    for (_, item) in t.iter() {
        let p = match item {
            Item::Table(t) => max_position(t),
            Item::ArrayOfTables(aot) => aot.iter().filter_map(max_position).max(),
            _ => None,
        };
        max = max.max(p);
    }
    max
}

/// One `[[conflicts]]` table: where, which field, both values.
pub(crate) fn conflict_table(c: &Conflict) -> Table {
    let mut t = Table::new();
    match &c.place {
        Place::Assessment => {}
        Place::Session(id) => put(
            &mut t,
            "session",
            Some(Value::from(id.as_str())),
            CONFLICT_KEYS,
        ),
        Place::Item(id) => put(
            &mut t,
            "item",
            Some(Value::from(id.as_str())),
            CONFLICT_KEYS,
        ),
    }
    put(
        &mut t,
        "field",
        Some(Value::from(c.field.as_str())),
        CONFLICT_KEYS,
    );
    put(
        &mut t,
        "ours",
        c.ours.as_ref().map(toml_value),
        CONFLICT_KEYS,
    );
    put(
        &mut t,
        "theirs",
        c.theirs.as_ref().map(toml_value),
        CONFLICT_KEYS,
    );
    t
}

/// A field's value as the file writes it.
pub(crate) fn toml_value(v: &FieldValue) -> Value {
    match v {
        FieldValue::Text(s) => text(s),
        FieldValue::Number(n) => Value::from(i64::from(*n)),
        FieldValue::Date(d) => date(*d),
        FieldValue::Answer(a) => Value::from(a.as_str()),
        FieldValue::Texts(v) => string_array(v),
        FieldValue::Reasons(v) => Value::Array(v.iter().map(|r| r.as_str()).collect()),
        FieldValue::Evidence(v) => Value::Array(
            v.iter()
                .map(|e| {
                    let mut t = InlineTable::new();
                    t.insert("what", text(&e.what));
                    if let Some(l) = &e.location {
                        t.insert("where", text(l));
                    }
                    if let Some(d) = e.date {
                        t.insert("date", date(d));
                    }
                    Value::InlineTable(t)
                })
                .collect(),
        ),
        FieldValue::Action(a) => {
            let mut t = InlineTable::new();
            t.insert("what", text(&a.what));
            if let Some(o) = &a.owner {
                t.insert("owner", Value::from(o.as_str()));
            }
            if let Some(d) = a.due {
                t.insert("due", date(d));
            }
            if let Some(d) = a.done {
                t.insert("done", date(d));
            }
            Value::InlineTable(t)
        }
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
