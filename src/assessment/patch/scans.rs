//! Tenant scans into the TOML document: `[[scans]]` entries and an item's observations, added and removed as whole tables.

use super::*;

/// Rewrites `[[scans]]`: the tables of scans that remain are kept as they
/// are; a new scan's table goes after the last scan (or risk, or session,
/// or `[assessment]`), before the items.
pub(in crate::assessment) fn patch_scans(
    doc: &mut DocumentMut,
    old: &[ScanRecord],
    new: &[ScanRecord],
) {
    let root = doc.as_table_mut();
    if new.is_empty() {
        root.remove("scans");
        return;
    }
    let existing: Vec<Table> = match root.get("scans") {
        Some(Item::ArrayOfTables(aot)) if aot.len() == old.len() => aot.iter().cloned().collect(),
        _ => Vec::new(),
    };
    let last_of = |key: &str| match root.get(key) {
        Some(Item::ArrayOfTables(aot)) => aot.iter().filter_map(Table::position).max(),
        _ => None,
    };
    let anchor = last_of("scans")
        .or_else(|| last_of("risks"))
        .or_else(|| last_of("sessions"))
        .or_else(|| {
            root.get("assessment")
                .and_then(Item::as_table)
                .and_then(Table::position)
        });
    let mut aot = ArrayOfTables::new();
    for s in new {
        match old
            .iter()
            .position(|o| o == s)
            .and_then(|j| existing.get(j))
        {
            Some(t) => aot.push(t.clone()),
            None => {
                let mut t = scan_table(s);
                t.set_position(anchor);
                aot.push(t);
            }
        }
    }
    match root.get_mut("scans") {
        Some(item) => *item = Item::ArrayOfTables(aot),
        None => insert(root, "scans", Item::ArrayOfTables(aot), ROOT_KEYS),
    }
}

/// One `[[scans]]` table, lists one entry a line.
pub(super) fn scan_table(s: &ScanRecord) -> Table {
    let mut t = Table::new();
    let mut put_key = |key: &str, value: Option<Value>| put(&mut t, key, value, SCAN_KEYS);
    put_key("id", Some(Value::from(s.id.as_str())));
    put_key("tool", Some(Value::from(s.tool.as_str())));
    put_key("version", s.version.as_deref().map(Value::from));
    put_key("tenant", s.tenant.as_deref().map(Value::from));
    put_key("ran", Some(datetime(s.ran)));
    put_key("file", Some(Value::from(s.file.as_str())));
    put_key("sha256", Some(Value::from(s.sha256.as_str())));
    put_key("imported", Some(date(s.imported)));
    put_key("not_judged", Some(Value::from(i64::from(s.not_judged))));
    put_key(
        "passed",
        Some(lines(s.passed.iter().map(|id| Value::from(id.as_str())))),
    );
    put_key(
        "failed",
        Some(lines(s.failed.iter().map(|f| {
            let mut t = InlineTable::new();
            t.insert("id", Value::from(f.id.as_str()));
            t.insert("title", Value::from(f.title.as_str()));
            Value::InlineTable(t)
        }))),
    );
    put_key(
        "unmapped",
        Some(lines(s.unmapped.iter().map(|id| Value::from(id.as_str())))),
    );
    t
}

/// An array written one element a line (empty: `[]`), so that a diff
/// shows each element that came or went.
pub(super) fn lines(values: impl Iterator<Item = Value>) -> Value {
    let mut array = toml_edit::Array::new();
    for mut v in values {
        v.decor_mut().set_prefix("\n    ");
        v.decor_mut().set_suffix("");
        array.push_formatted(v);
    }
    if !array.is_empty() {
        array.set_trailing_comma(true);
        array.set_trailing("\n");
    }
    Value::Array(array)
}

pub(super) fn observation_table(o: &Observation) -> Value {
    let mut t = InlineTable::new();
    t.insert("scan", Value::from(o.scan.as_str()));
    t.insert("passed", Value::from(i64::from(o.passed)));
    t.insert("failed", Value::from(i64::from(o.failed)));
    t.insert("not_judged", Value::from(i64::from(o.not_judged)));
    if !o.failing.is_empty() {
        t.insert("failing", string_array(&o.failing));
    }
    Value::InlineTable(t)
}
