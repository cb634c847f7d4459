//! The canonical layout of an assessment file (`gapwalk fmt`): the format
//! and catalog, `[assessment]`, `[[sessions]]`, `[[risks]]` (the room's
//! register, beside the context it is rated in and ahead of the controls
//! that cite it; machine-written `[[scans]]` after it), the items in catalog order
//! with their fields in the order below (evidence and action after), then
//! `[[conflicts]]`. Standard tables only, one blank line before each, values
//! written the way saving writes them. Comments stay with the key or table
//! they were written above, and a comment after a value stays after it.

use std::path::Path;

use toml_edit::{Decor, DocumentMut, Item, RawString, Table};

use super::file::AssessmentFile;
use super::load::{Problem, parse_assessment};
use crate::catalog::Catalog;

/// The file in canonical layout. Fails (with every problem) when the text
/// is not a valid assessment; the result always loads back to the same
/// model.
pub fn canonical_text(text: &str, catalog: &Catalog) -> Result<String, Vec<Problem>> {
    let (assessment, old) = parse_assessment(text, catalog)?;
    let mut file = AssessmentFile::blank(Path::new(""), "", catalog);
    let mut doc: DocumentMut = file.render(&assessment, catalog).parse().map_err(|_| {
        vec![Problem {
            line: 1,
            column: 1,
            message: "internal error: the canonical layout did not parse".into(),
        }]
    })?;
    transplant_comments(&old, &mut doc);
    let out = doc.to_string();
    match parse_assessment(&out, catalog) {
        Ok((again, _)) if again == assessment => Ok(out),
        _ => Err(vec![Problem {
            line: 1,
            column: 1,
            message: "internal error: the canonical layout would change the assessment; the file is left as it is".into(),
        }]),
    }
}

/// Copies the comments of `old` onto the same keys and tables of `new`.
fn transplant_comments(old: &DocumentMut, new: &mut DocumentMut) {
    let old_root = old.as_table();
    transplant_values(old_root, new.as_table_mut());
    // The comment at the top of the file stays at the top, whichever key
    // came first.
    let first = old_root
        .iter()
        .find(|(_, item)| item.is_value())
        .map(|(k, _)| k.to_string());
    if let Some(first) = first.filter(|k| k != "format") {
        let header = comments_above(old_root, &first);
        let own = comments_above(old_root, "format");
        let root = new.as_table_mut();
        if let Some(mut key) = root.key_mut(&first) {
            key.leaf_decor_mut().set_prefix("");
        }
        if let Some(mut key) = root.key_mut("format") {
            key.leaf_decor_mut().set_prefix(format!("{header}{own}"));
        }
    }
    type Transplant = fn(&Table, &mut Table);
    let pairs: [(&str, Transplant); 6] = [
        ("assessment", transplant_table),
        ("sessions", transplant_table),
        ("risks", transplant_table),
        ("scans", transplant_table),
        ("items", transplant_items),
        ("conflicts", transplant_table),
    ];
    for (key, f) in pairs {
        match (old_root.get(key), new.as_table_mut().get_mut(key)) {
            (Some(Item::Table(o)), Some(Item::Table(n))) => {
                f(o, n);
                // [assessment.soa], the one sub-table of a top-level table.
                if let (Some(Item::Table(o)), Some(Item::Table(n))) =
                    (o.get("soa"), n.get_mut("soa"))
                {
                    transplant_table(o, n);
                }
            }
            (Some(Item::ArrayOfTables(o)), Some(Item::ArrayOfTables(n))) => {
                for (o, n) in o.iter().zip(n.iter_mut()) {
                    f(o, n);
                }
            }
            _ => {}
        }
    }
    let trailing = old.trailing().as_str().map(normalise).unwrap_or_default();
    if !trailing.is_empty() {
        new.set_trailing(format!("\n{trailing}"));
    }
}

fn transplant_items(old: &Table, new: &mut Table) {
    for (id, item) in new.iter_mut() {
        if let (Some(Item::Table(o)), Item::Table(n)) = (old.get(id.get()), item) {
            if o.is_dotted() {
                continue;
            }
            transplant_table(o, n);
            if let (Some(Item::ArrayOfTables(o)), Some(Item::ArrayOfTables(n))) =
                (o.get("evidence"), n.get_mut("evidence"))
            {
                for (o, n) in o.iter().zip(n.iter_mut()) {
                    transplant_table(o, n);
                }
            }
            if let (Some(Item::Table(o)), Some(Item::Table(n))) =
                (o.get("action"), n.get_mut("action"))
                && !o.is_dotted()
            {
                transplant_table(o, n);
            }
        }
    }
}

/// The comment lines above a key, normalised.
fn comments_above(t: &Table, key: &str) -> String {
    t.key(key)
        .and_then(|k| k.leaf_decor().prefix())
        .and_then(RawString::as_str)
        .map(normalise)
        .unwrap_or_default()
}

/// A table's header comments, and the comments of its values.
fn transplant_table(old: &Table, new: &mut Table) {
    if let Some(prefix) = old.decor().prefix().and_then(RawString::as_str) {
        let comments = normalise(prefix);
        if !comments.is_empty() {
            new.decor_mut().set_prefix(format!("\n{comments}"));
        }
    }
    // A comment after the table's header stays after it.
    if let Some(suffix) = old.decor().suffix().and_then(RawString::as_str)
        && suffix.contains('#')
    {
        new.decor_mut().set_suffix(suffix.trim_end().to_string());
    }
    transplant_values(old, new);
}

/// The comment lines above each value, and a comment after it.
fn transplant_values(old: &Table, new: &mut Table) {
    for (mut key, item) in new.iter_mut() {
        let Some((old_key, Item::Value(old_value))) = old.get_key_value(key.get()) else {
            continue;
        };
        let Item::Value(value) = item else { continue };
        if let Some(prefix) = old_key.leaf_decor().prefix().and_then(RawString::as_str) {
            let comments = normalise(prefix);
            if !comments.is_empty() {
                key.leaf_decor_mut().set_prefix(comments);
            }
        }
        if let Some(suffix) = old_value.decor().suffix().and_then(RawString::as_str)
            && suffix.contains('#')
        {
            let decor: &mut Decor = value.decor_mut();
            decor.set_suffix(suffix.trim_end().to_string());
        }
    }
}

/// Comment lines, unindented, with runs of blank lines between them made
/// one, and a blank line after the last one kept if there was one. Empty
/// when there is no comment.
fn normalise(raw: &str) -> String {
    let lines: Vec<&str> = raw.lines().map(str::trim).collect();
    let Some(first) = lines.iter().position(|l| l.starts_with('#')) else {
        return String::new();
    };
    let mut out = String::new();
    let mut blank = false;
    for line in &lines[first..] {
        if line.is_empty() {
            blank = true;
        } else {
            if blank {
                out.push('\n');
            }
            blank = false;
            out.push_str(line);
            out.push('\n');
        }
    }
    if blank {
        out.push('\n');
    }
    out
}
