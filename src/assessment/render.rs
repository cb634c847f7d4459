//! The file's text after a change, re-rendering only the items that
//! changed. Rendering the whole TOML document is most of what a keystroke
//! costs on a large assessment; an answer changes one item. The text
//! keeps, for each item, the range its tables occupy, and a change
//! replaces (or inserts, or removes) just that range with the item's
//! tables rendered on their own. The result is byte for byte what
//! rendering the whole document gives (checked on every save in debug
//! builds, and by a property test); where the file's layout does not allow
//! it (items out of catalog order, an item's tables split up, items
//! written inline), the whole document is rendered, as before.

use std::ops::Range;

use toml_edit::{DocumentMut, Item, Table};

use crate::catalog::Catalog;

/// The text of a document and where each item's tables are in it.
#[derive(Debug, Clone)]
pub(super) struct Rendered {
    pub(super) text: String,
    /// Each item's tables, in file order, which is catalog order; empty
    /// when the layout does not allow re-rendering items one by one.
    segments: Vec<Segment>,
}

#[derive(Debug, Clone)]
struct Segment {
    /// The item's catalog position.
    pos: usize,
    range: Range<usize>,
}

impl Rendered {
    /// Renders the whole document, and finds each item's tables in it.
    pub(super) fn full(doc: &DocumentMut, catalog: &Catalog) -> Rendered {
        let text = doc.to_string();
        let segments = segments(doc, catalog, &text).unwrap_or_default();
        Rendered { text, segments }
    }

    /// Brings the text up to date with `doc`, into which the items
    /// `changed` (catalog ids, in catalog order) and nothing else have
    /// just been patched. False, changing nothing, when it cannot be done
    /// item by item (the caller renders in full).
    pub(super) fn splice(
        &mut self,
        doc: &DocumentMut,
        catalog: &Catalog,
        changed: &[&str],
    ) -> bool {
        if self.segments.is_empty() {
            return false;
        }
        let Some(items) = items_table(doc) else {
            return false;
        };
        // Everything first, so that a change that cannot be spliced
        // leaves the text as it was.
        let mut edits = Vec::with_capacity(changed.len());
        for &id in changed {
            let Some(pos) = catalog.position(id) else {
                return false;
            };
            let text = match items.get(id) {
                None => String::new(),
                Some(Item::Table(t)) if !t.is_dotted() => item_text(id, t),
                Some(_) => return false,
            };
            edits.push((pos, text));
        }
        for (pos, text) in edits {
            let at = self.segments.partition_point(|s| s.pos < pos);
            let exists = self.segments.get(at).is_some_and(|s| s.pos == pos);
            let range = if exists {
                self.segments[at].range.clone()
            } else {
                // A new item goes right after the item before it in
                // catalog order (its tables have no position in the file
                // yet, so the document puts them after that item's), or
                // before the first.
                let offset = match at.checked_sub(1) {
                    Some(before) => self.segments[before].range.end,
                    None => self.segments[0].range.start,
                };
                offset..offset
            };
            let delta = text.len() as isize - range.len() as isize;
            self.text.replace_range(range.clone(), &text);
            let shift = |n: usize| n.saturating_add_signed(delta);
            let later = if exists { at + 1 } else { at };
            for s in &mut self.segments[later..] {
                s.range = shift(s.range.start)..shift(s.range.end);
            }
            match (exists, text.is_empty()) {
                (true, true) => {
                    self.segments.remove(at);
                }
                (true, false) => self.segments[at].range = range.start..range.start + text.len(),
                (false, false) => self.segments.insert(
                    at,
                    Segment {
                        pos,
                        range: range.start..range.start + text.len(),
                    },
                ),
                (false, true) => {}
            }
            if self.segments.is_empty() {
                // Nothing left to place a new item against.
                return false;
            }
        }
        true
    }
}

/// The `[items]` table, when it is implicit (there is no `[items]` line
/// of its own, only `[items."ID"]` tables).
fn items_table(doc: &DocumentMut) -> Option<&Table> {
    match doc.as_table().get("items") {
        Some(Item::Table(t)) if t.is_implicit() => Some(t),
        _ => None,
    }
}

/// One item's tables as the whole document renders them.
fn item_text(id: &str, table: &Table) -> String {
    let mut items = Table::new();
    items.set_implicit(true);
    items.insert(id, Item::Table(table.clone()));
    let mut doc = DocumentMut::new();
    doc.as_table_mut().insert("items", Item::Table(items));
    doc.to_string()
}

/// Where each item's tables are in `text`, if they follow one another in
/// catalog order with nothing between them.
fn segments(doc: &DocumentMut, catalog: &Catalog, text: &str) -> Option<Vec<Segment>> {
    let items = items_table(doc)?;
    let mut out: Vec<Segment> = Vec::with_capacity(items.len());
    let mut cursor = None;
    for (id, item) in items.iter() {
        let Item::Table(t) = item else {
            return None;
        };
        if t.is_dotted() {
            return None;
        }
        let pos = catalog.position(id)?;
        if out.last().is_some_and(|s| s.pos >= pos) {
            return None;
        }
        let part = item_text(id, t);
        let start = match cursor {
            None => text.find(&part)?,
            Some(at) => {
                if !text[at..].starts_with(&part) {
                    return None;
                }
                at
            }
        };
        let end = start + part.len();
        out.push(Segment {
            pos,
            range: start..end,
        });
        cursor = Some(end);
    }
    (!out.is_empty()).then_some(out)
}
