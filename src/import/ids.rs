//! Control ids as spreadsheets spell them: `A.5.1`, `5.1`, `A 5.1`,
//! `A5.1`, `A.05.01`, `Annex A 5.1`, `5.1 Policies for information
//! security`, `ISO27001-2022:A.5.1`, `urn:…:a.5.1`.

use crate::catalog::{Catalog, ItemKind};

/// What an id cell says: the numbers, whether it said "A", and any text
/// after the number (often the title).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdCell {
    pub numbers: Vec<u32>,
    pub annex: bool,
    pub rest: String,
}

impl IdCell {
    /// The id as a clause (`5.1`) or an Annex A control (`A.5.1`).
    pub fn spelled(&self, annex: bool) -> String {
        let n: Vec<String> = self.numbers.iter().map(u32::to_string).collect();
        if annex {
            format!("A.{}", n.join("."))
        } else {
            n.join(".")
        }
    }
}

/// Reads an id cell; `None` when it holds no id (a heading, a sub-header,
/// free text).
pub fn parse_id_cell(text: &str) -> Option<IdCell> {
    let t = text.trim();
    // A framework prefix without spaces: "ISO27001-2022:A.5.1",
    // "urn:…:a.5.1"; else the cell as it is ("A.5.1: Policies").
    t.rsplit_once(':')
        .filter(|(before, _)| !before.contains(char::is_whitespace))
        .and_then(|(_, after)| parse_plain(after.trim_start()))
        .or_else(|| parse_plain(t))
}

fn parse_plain(text: &str) -> Option<IdCell> {
    let mut t = text;
    let lower = t.to_ascii_lowercase();
    let mut annex = false;
    if let Some(rest) = lower.strip_prefix("annex") {
        t = &t[t.len() - rest.len()..];
        t = t.trim_start();
    }
    if t.starts_with(['A', 'a']) {
        let after = t[1..].trim_start_matches([' ', '.', '-', '_']);
        if after.starts_with(|c: char| c.is_ascii_digit()) {
            annex = true;
            t = after;
        }
    }
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, rest) = t.split_at(end);
    let number = number.trim_end_matches('.');
    // "5.1a" or "5.1-2" is not an id; "5.1 Policies", "5.1: Policies" are.
    if rest.starts_with(|c: char| c.is_alphanumeric() || c == '-') {
        return None;
    }
    let numbers: Vec<u32> = number
        .split('.')
        .map(|n| n.parse().ok())
        .collect::<Option<_>>()?;
    if numbers.len() < 2 || numbers.len() > 3 {
        return None;
    }
    let rest = rest
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '–' | ')' | '.'))
        .trim()
        .to_string();
    Some(IdCell {
        numbers,
        annex,
        rest,
    })
}

/// How the sheet writes ids when it leaves out the "A.": decided once per
/// sheet from the ids that only one reading allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unprefixed {
    /// `5.1` means A.5.1 (an Annex A SoA, like the ICT Institute template).
    Annex,
    /// `5.1` means clause 5.1.
    Clause,
}

/// Decides [`Unprefixed`] from a sheet's id cells: unprefixed ids that
/// exist only as Annex A controls (5.4, 8.34) against those that exist
/// only as clauses (4.1, 9.2.1); Annex A when undecided, since a
/// Statement of Applicability is about Annex A.
pub fn unprefixed_reading(catalog: &Catalog, cells: &[IdCell]) -> Unprefixed {
    let (mut annex, mut clause) = (0, 0);
    for c in cells.iter().filter(|c| !c.annex) {
        let as_annex = catalog.item(&c.spelled(true)).is_some();
        let as_clause = catalog.item(&c.spelled(false)).is_some();
        match (as_annex, as_clause) {
            (true, false) => annex += 1,
            (false, true) => clause += 1,
            _ => {}
        }
    }
    if clause > annex {
        Unprefixed::Clause
    } else {
        Unprefixed::Annex
    }
}

/// The catalog item an id cell names, if any. An unprefixed id that is
/// both a clause and an Annex A control (5.1) is decided by the title
/// beside it (in the cell or the title column), else by the sheet's
/// reading.
pub fn resolve(
    catalog: &Catalog,
    cell: &IdCell,
    title: Option<&str>,
    reading: Unprefixed,
) -> Option<String> {
    let annex = catalog
        .item(&cell.spelled(true))
        .filter(|i| i.kind == ItemKind::Control);
    if cell.annex {
        return annex.map(|i| i.id.to_string());
    }
    let clause = catalog
        .item(&cell.spelled(false))
        .filter(|i| i.kind == ItemKind::Clause);
    match (annex, clause) {
        (Some(a), Some(c)) => {
            let hint = [Some(cell.rest.as_str()), title]
                .into_iter()
                .flatten()
                .filter(|t| !t.trim().is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let (sa, sc) = (similarity(&hint, &a.title), similarity(&hint, &c.title));
            let pick_annex = if sa == sc {
                reading == Unprefixed::Annex
            } else {
                sa > sc
            };
            Some(if pick_annex { &a.id } else { &c.id }.to_string())
        }
        (Some(a), None) => Some(a.id.to_string()),
        (None, Some(c)) => Some(c.id.to_string()),
        (None, None) => None,
    }
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .map(str::to_lowercase)
        .collect()
}

/// How much of a catalog title the text repeats: the share of the title's
/// words (of three letters or more) found in it.
pub fn similarity(text: &str, title: &str) -> f64 {
    let title = words(title);
    if title.is_empty() {
        return 0.0;
    }
    let text = words(text);
    let found = title.iter().filter(|w| text.contains(w)).count();
    found as f64 / title.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> Option<String> {
        let catalog = Catalog::builtin();
        let cell = parse_id_cell(text)?;
        resolve(catalog, &cell, None, Unprefixed::Annex)
    }

    #[test]
    fn spellings_in_the_wild() {
        for text in [
            "A.5.1",
            "a.5.1",
            "5.1",
            "A 5.1",
            "A5.1",
            "A.05.01",
            "Annex A 5.1",
            "A.5.1.",
            "5.1 Policies for information security",
            "A.5.1 - Policies for information security",
            "ISO27001-2022:A.5.1",
            "A.5.1: Policies for information security",
            "A.5.1:Policies",
            "urn:intuitem:risk:req_node:iso27001-2022:a.5.1",
            " A.5.1 ",
        ] {
            assert_eq!(id(text).as_deref(), Some("A.5.1"), "{text:?}");
        }
        assert_eq!(id("8.34").as_deref(), Some("A.8.34"));
        assert_eq!(id("6.1.3").as_deref(), Some("6.1.3"));
        assert_eq!(id("ISO27001-2022:9.2.1").as_deref(), Some("9.2.1"));
    }

    #[test]
    fn not_ids() {
        for text in [
            "",
            "Organizational controls",
            "(Yes/No)",
            "5",
            "5.1a",
            "Nr.",
            "A.",
            "12.1.2.3",
        ] {
            assert_eq!(parse_id_cell(text).and_then(|_| id(text)), None, "{text:?}");
        }
        // Looks like an id, but the catalog has none such: reported as unknown.
        assert!(parse_id_cell("A.9.1").is_some());
        assert_eq!(id("A.9.1"), None);
    }

    #[test]
    fn an_id_both_clause_and_control_is_decided_by_its_title_then_the_sheet() {
        let catalog = Catalog::builtin();
        let cell = parse_id_cell("5.1").expect("id");
        let r = |title, reading| resolve(catalog, &cell, title, reading);
        assert_eq!(
            r(Some("Leadership and commitment"), Unprefixed::Annex).as_deref(),
            Some("5.1")
        );
        assert_eq!(
            r(
                Some("Policies for information security"),
                Unprefixed::Clause
            )
            .as_deref(),
            Some("A.5.1")
        );
        assert_eq!(r(None, Unprefixed::Clause).as_deref(), Some("5.1"));
        assert_eq!(r(None, Unprefixed::Annex).as_deref(), Some("A.5.1"));
        let titled = parse_id_cell("5.1 Leadership and commitment").expect("id");
        assert_eq!(
            resolve(catalog, &titled, None, Unprefixed::Annex).as_deref(),
            Some("5.1")
        );
    }

    #[test]
    fn the_sheet_reading_follows_the_ids_only_one_reading_allows() {
        let catalog = Catalog::builtin();
        let cells =
            |ids: &[&str]| -> Vec<IdCell> { ids.iter().filter_map(|t| parse_id_cell(t)).collect() };
        assert_eq!(
            unprefixed_reading(catalog, &cells(&["5.1", "5.4", "8.34"])),
            Unprefixed::Annex
        );
        assert_eq!(
            unprefixed_reading(catalog, &cells(&["4.1", "5.1", "9.2.1"])),
            Unprefixed::Clause
        );
        assert_eq!(
            unprefixed_reading(catalog, &cells(&["5.1"])),
            Unprefixed::Annex
        );
    }
}
