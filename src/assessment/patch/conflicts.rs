//! Merge conflicts into the TOML document: `[[conflicts]]` written as a whole when they change.

use super::*;

/// Rewrites `[[conflicts]]`; tables of conflicts that remain are kept as
/// they are (with any comment written in them).
pub(in crate::assessment) fn patch_conflicts(
    doc: &mut DocumentMut,
    old: &[Conflict],
    new: &[Conflict],
) {
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
