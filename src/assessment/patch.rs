//! Changes into the TOML document: each function brings one part of the
//! parsed document (with its comments and layout) up to date with the
//! model, touching only what changed.

use chrono::{Datelike, NaiveDate};
use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use super::model::{
    Action, Assessment, Conflict, Evidence, FieldValue, ItemRecord, Observation, Place, ScanRecord,
    Session,
};
use super::schema::{
    self, Access, CONFLICT_KEYS, EVIDENCE_KEYS, FieldDef, Kind, ROOT_KEYS, SCAN_KEYS,
    SESSION_ID_KEY, SOA_KEY, fields_of, keys_of,
};
use crate::catalog::Catalog;

mod conflicts;
pub(super) use conflicts::patch_conflicts;
mod scans;
pub(super) use scans::patch_scans;
use scans::{lines, observation_table};
mod risks;
pub(super) use risks::patch_risks;

pub(super) fn patch_meta(doc: &mut DocumentMut, old: &Assessment, new: &Assessment) {
    let root = doc.as_table_mut();
    if !root.contains_key("assessment") {
        insert(root, "assessment", Item::Table(Table::new()), ROOT_KEYS);
    }
    let Some(t) = root.get_mut("assessment") else {
        return;
    };
    let order = keys_of(schema::Table::Assessment);
    let changes = changed_fields(
        schema::Table::Assessment,
        |key| t.as_table_like().is_some_and(|t| t.contains_key(key)),
        |d| read_assessment(d, old),
        |d| read_assessment(d, new),
    );
    for (d, value) in changes {
        let value = value.as_ref().map(toml_value);
        match &mut *t {
            Item::Table(t) => put(t, d.key, value, &order),
            other => {
                if let Some(t) = other.as_table_like_mut() {
                    set(t, d.key, value)
                }
            }
        }
    }
    patch_soa(t, old, new, &order);
}

/// `[assessment.soa]`: a table inside `[assessment]`, written right after
/// it. Only the keys that changed are touched; one written some other way
/// (inline) is rewritten as a standard table.
fn patch_soa(assessment: &mut Item, old: &Assessment, new: &Assessment, order: &[&str]) {
    let Some(parent) = assessment.as_table_mut() else {
        return;
    };
    let standard = matches!(parent.get(SOA_KEY), Some(Item::Table(_)));
    let (before, after) = (old.soa(), new.soa());
    if before == after && (standard || after.is_empty()) {
        return;
    }
    if after.is_empty() {
        parent.remove(SOA_KEY);
        return;
    }
    let blank = Assessment::default();
    let old = if standard { old } else { &blank };
    if !standard {
        parent.remove(SOA_KEY);
        let mut table = Table::new();
        table.set_position(parent.position());
        insert(parent, SOA_KEY, Item::Table(table), order);
    }
    let Some(Item::Table(t)) = parent.get_mut(SOA_KEY) else {
        return;
    };
    let soa_order = keys_of(schema::Table::Soa);
    let changes = changed_fields(
        schema::Table::Soa,
        |key| t.contains_key(key),
        |d| read_assessment(d, old),
        |d| read_assessment(d, new),
    );
    for (d, value) in changes {
        put(t, d.key, value.as_ref().map(toml_value), &soa_order);
    }
}

fn read_assessment(d: &FieldDef, a: &Assessment) -> Option<FieldValue> {
    match d.access {
        Access::Assessment { get, .. } => get(a),
        _ => None,
    }
}

fn read_session(d: &FieldDef, s: &Session) -> Option<FieldValue> {
    match d.access {
        Access::Session { get, .. } => get(s),
        _ => None,
    }
}

/// The fields of one table whose value differs between two states, with
/// the new value (`None`: removed). A required field is also written when
/// the table lacks its key.
fn changed_fields(
    table: schema::Table,
    has_key: impl Fn(&str) -> bool,
    old: impl Fn(&FieldDef) -> Option<FieldValue>,
    new: impl Fn(&FieldDef) -> Option<FieldValue>,
) -> Vec<(&'static FieldDef, Option<FieldValue>)> {
    fields_of(table)
        .filter_map(|d| {
            let value = new(d);
            let missing = d.kind == Kind::RequiredText && !has_key(d.key);
            (missing || old(d) != value).then_some((d, value))
        })
        .collect()
}

/// Sessions go right after `[assessment]`, one `[[sessions]]` table each.
pub(super) fn patch_sessions(doc: &mut DocumentMut, old: &[Session], new: &[Session]) {
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
    let order = keys_of(schema::Table::Session);
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
        if before.id != s.id || !table.contains_key(SESSION_ID_KEY) {
            put(
                table,
                SESSION_ID_KEY,
                Some(Value::from(s.id.as_str())),
                &order,
            );
        }
        let changes = changed_fields(
            schema::Table::Session,
            |key| table.contains_key(key),
            |d| read_session(d, &before),
            |d| read_session(d, s),
        );
        for (d, value) in changes {
            put(table, d.key, value.as_ref().map(toml_value), &order);
        }
    }
}

pub(super) fn patch_item(
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
    let anchor = new_item_anchor(root, catalog, id);
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
        // The blank line before the header that the document would give a
        // new table anyway, said explicitly: the item's tables then read
        // the same rendered on their own (see `render`).
        let mut table = Table::new();
        table.decor_mut().set_prefix("\n");
        if is_new {
            table.set_position(anchor);
        }
        items.insert(id, Item::Table(table));
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
    let order = keys_of(schema::Table::Item);
    let changes = changed_fields(
        schema::Table::Item,
        |key| t.contains_key(key),
        |d| d.field.get_item(old),
        |d| d.field.get_item(new),
    );
    for (d, value) in changes {
        match d.kind {
            Kind::EvidenceList => patch_evidence(t, &old.evidence, &new.evidence, &order),
            Kind::Action => patch_action(t, old.action.as_ref(), new.action.as_ref(), &order),
            _ => put(t, d.key, value.as_ref().map(toml_value), &order),
        }
    }
}

/// Where a new item's tables go: right after the tables of the item before
/// it in catalog order (or after `[assessment]` and the sessions when it
/// is the first). The document places a table without a position after
/// whichever table it visited last, which can be inside another item.
fn new_item_anchor(root: &Table, catalog: &Catalog, id: &str) -> Option<isize> {
    let pos = catalog.position(id);
    let before = root
        .get("items")
        .and_then(Item::as_table)
        .into_iter()
        .flat_map(|items| items.iter())
        .filter(|(k, _)| catalog.position(k) < pos)
        .filter_map(|(_, item)| item.as_table().and_then(max_position))
        .max();
    before.or_else(|| {
        ["assessment", "sessions", "risks", "scans"]
            .iter()
            .filter_map(|k| match root.get(k) {
                Some(Item::Table(t)) => max_position(t),
                Some(Item::ArrayOfTables(a)) => a.iter().filter_map(max_position).max(),
                _ => None,
            })
            .max()
    })
}

fn patch_evidence(t: &mut Table, old: &[Evidence], new: &[Evidence], order: &[&str]) {
    if new.is_empty() {
        t.remove("evidence");
        return;
    }
    if !matches!(t.get("evidence"), Some(Item::ArrayOfTables(_))) {
        insert(
            t,
            "evidence",
            Item::ArrayOfTables(ArrayOfTables::new()),
            order,
        );
        return patch_evidence(t, &[], new, order);
    }
    // New entries go with the item's tables, not wherever the document
    // would put a table without a position (after another item).
    let last = max_position(t);
    let Some(Item::ArrayOfTables(aot)) = t.get_mut("evidence") else {
        return;
    };
    while aot.len() > new.len() {
        aot.remove(aot.len() - 1);
    }
    for (i, e) in new.iter().enumerate() {
        let before = old.get(i).cloned().unwrap_or_default();
        if i >= aot.len() {
            let mut table = Table::new();
            table.set_position(last);
            aot.push(table);
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

fn patch_action(t: &mut Table, old: Option<&Action>, new: Option<&Action>, order: &[&str]) {
    let Some(new) = new else {
        t.remove("action");
        return;
    };
    let old = match (old, t.get("action")) {
        (Some(old), Some(Item::Table(a))) if !a.is_dotted() => old.clone(),
        _ => {
            // With the item's tables (see `patch_evidence`).
            let mut table = Table::new();
            table.set_position(max_position(t));
            insert(t, "action", Item::Table(table), order);
            Action::default()
        }
    };
    let Some(Item::Table(a)) = t.get_mut("action") else {
        return;
    };
    let part = |d: &FieldDef, action: &Action| match d.access {
        Access::Action { get, .. } => get(action),
        _ => None,
    };
    let order = keys_of(schema::Table::Action);
    let changes = changed_fields(
        schema::Table::Action,
        |key| a.contains_key(key),
        |d| part(d, &old),
        |d| part(d, new),
    );
    for (d, value) in changes {
        put(a, d.key, value.as_ref().map(toml_value), &order);
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
        Place::Risk(id) => put(
            &mut t,
            "risk",
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
        FieldValue::Treatment(t) => Value::from(t.as_str()),
        FieldValue::Texts(v) => string_array(v),
        FieldValue::Reasons(v) => Value::Array(v.iter().map(|r| r.as_str()).collect()),
        FieldValue::Observations(v) if v.len() == 1 => {
            Value::Array(v.iter().map(observation_table).collect())
        }
        FieldValue::Observations(v) => lines(v.iter().map(observation_table)),
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

fn datetime(t: chrono::DateTime<chrono::Utc>) -> Value {
    use chrono::Timelike;
    let time = toml_edit::Time {
        hour: t.hour() as u8,
        minute: t.minute() as u8,
        second: Some(t.second() as u8),
        nanosecond: (t.nanosecond() > 0).then_some(t.nanosecond()),
    };
    let date = toml_edit::Date {
        year: u16::try_from(t.year()).unwrap_or(0),
        month: t.month() as u8,
        day: t.day() as u8,
    };
    Value::from(toml_edit::Datetime {
        date: Some(date),
        time: Some(time),
        offset: Some(toml_edit::Offset::Z),
    })
}

fn string_array(values: &[String]) -> Value {
    Value::Array(values.iter().map(String::as_str).collect())
}
