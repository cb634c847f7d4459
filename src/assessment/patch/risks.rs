//! `[[risks]]` into the TOML document: each risk's table is matched by its
//! id, so changing, adding or removing one risk touches only its lines
//! and the comments in the others stay.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use super::super::risk::Risk;
use super::super::schema::{self, Access, FieldDef, RISK_ID_KEY, ROOT_KEYS, keys_of};
use super::{changed_fields, insert, put, toml_value};

fn read_risk(d: &FieldDef, r: &Risk) -> Option<FieldValue> {
    match d.access {
        Access::Risk { get, .. } => get(r),
        _ => None,
    }
}

use super::super::model::FieldValue;

/// The register goes after `[[sessions]]` (or `[assessment]`) and before
/// the scans and the items; a new risk's table goes after the last risk.
pub(in crate::assessment) fn patch_risks(doc: &mut DocumentMut, old: &[Risk], new: &[Risk]) {
    let root = doc.as_table_mut();
    if new.is_empty() {
        root.remove("risks");
        return;
    }
    let existing: Vec<Table> = match root.get("risks") {
        Some(Item::ArrayOfTables(aot)) if aot.len() == old.len() => aot.iter().cloned().collect(),
        _ => Vec::new(),
    };
    let old = if existing.is_empty() { &[][..] } else { old };
    let last_of = |key: &str| match root.get(key) {
        Some(Item::ArrayOfTables(aot)) => aot.iter().filter_map(Table::position).max(),
        _ => None,
    };
    let anchor = last_of("risks")
        .or_else(|| last_of("sessions"))
        .or_else(|| {
            root.get("assessment")
                .and_then(Item::as_table)
                .and_then(Table::position)
        });
    let order = keys_of(schema::Table::Risk);
    let mut aot = ArrayOfTables::new();
    for r in new {
        let (mut table, before) = match old.iter().position(|o| o.id == r.id) {
            Some(j) => (existing[j].clone(), old[j].clone()),
            None => {
                let mut t = Table::new();
                t.set_position(anchor);
                (t, Risk::default())
            }
        };
        if before.id != r.id || !table.contains_key(RISK_ID_KEY) {
            put(
                &mut table,
                RISK_ID_KEY,
                Some(Value::from(r.id.as_str())),
                &order,
            );
        }
        let changes = changed_fields(
            schema::Table::Risk,
            |key| table.contains_key(key),
            |d| read_risk(d, &before),
            |d| read_risk(d, r),
        );
        for (d, value) in changes {
            put(&mut table, d.key, value.as_ref().map(toml_value), &order);
        }
        aot.push(table);
    }
    match root.get_mut("risks") {
        Some(item) => *item = Item::ArrayOfTables(aot),
        None => insert(root, "risks", Item::ArrayOfTables(aot), ROOT_KEYS),
    }
}
