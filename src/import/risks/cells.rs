//! What a risk register's cells say: risk ids as numbers (`1` → `R-01`),
//! lists of controls ("5.5, 5.31, 8.10"), treatment words, dates.

use chrono::NaiveDate;

use super::super::ids::{Unprefixed, parse_id_cell, resolve};
use super::super::table::excel_date;
use crate::assessment::Treatment;
use crate::catalog::{Catalog, ItemKind};

/// A risk id as the file writes it: a bare number, or `R` and a number
/// (`1`, `R1`, `r-01`), becomes `R-` and the number at least `width`
/// digits wide; any other id stays as it is.
pub fn risk_id(text: &str, width: usize) -> String {
    let t = text.trim();
    let digits = t
        .strip_prefix(['R', 'r'])
        .map(|d| d.trim_start_matches(['-', ' ', '_', '.']))
        .unwrap_or(t);
    match digits.parse::<u64>() {
        Ok(n) if digits.bytes().all(|b| b.is_ascii_digit()) => {
            let width = width.max(digits.len());
            format!("R-{n:0width$}")
        }
        _ => t.to_string(),
    }
}

/// The width of the numbered ids in use (`R-07` is 2), at least 2.
pub fn id_width<'a>(ids: impl IntoIterator<Item = &'a str>) -> usize {
    ids.into_iter()
        .filter_map(|id| id.strip_prefix("R-"))
        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        .map(str::len)
        .fold(2, usize::max)
}

/// Why a control in the list was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAControl {
    /// Not an id of the catalog at all ("A.9.1", "12.4").
    Unknown(String),
    /// A clause of 4–10: risks are treated by Annex A controls.
    Clause(String),
    /// Text that is no id ("firewall").
    NotAnId(String),
}

/// Cells that mean "no controls".
fn says_none(t: &str) -> bool {
    let w = t.trim().trim_matches(['.', '…']).to_lowercase();
    w.is_empty()
        || matches!(
            w.as_str(),
            "n/a" | "na" | "none" | "-" | "–" | "nil" | "tbd"
        )
}

/// The cell says there are none ("n/a", "none", "-").
pub fn no_controls(text: &str) -> bool {
    text.split(SEPARATORS).all(says_none)
}

const SEPARATORS: [char; 6] = [',', ';', '\n', '\r', '|', '&'];

/// The Annex A controls a cell lists ("5.5, 5.31, 8.10", "A.5.5; A.8.10",
/// one per line), each once in the order given, and what it lists that
/// is not one. Ids without "A." are read as Annex A controls.
pub fn controls(catalog: &Catalog, text: &str) -> (Vec<String>, Vec<NotAControl>) {
    let mut ids: Vec<String> = Vec::new();
    let mut left_out = Vec::new();
    let parts = text
        .split(SEPARATORS)
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| {
            // "5.1 5.2": several ids with only spaces between them.
            let words: Vec<&str> = p.split_whitespace().collect();
            if words.len() > 1 && words.iter().all(|w| parse_id_cell(w).is_some()) {
                words
            } else {
                vec![p]
            }
        });
    for part in parts {
        let part = part.trim();
        if says_none(part) {
            continue;
        }
        let Some(cell) = parse_id_cell(part) else {
            left_out.push(NotAControl::NotAnId(part.to_string()));
            continue;
        };
        match resolve(catalog, &cell, None, Unprefixed::Annex) {
            Some(id) => match catalog.item(&id).map(|i| i.kind) {
                Some(ItemKind::Control) => {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                _ => left_out.push(NotAControl::Clause(part.to_string())),
            },
            None => left_out.push(NotAControl::Unknown(part.to_string())),
        }
    }
    (ids, left_out)
}

/// The treatment a word names; `None` for one gapwalk does not know.
pub fn treatment(text: &str) -> Option<Treatment> {
    let w: String = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ");
    Some(match w.as_str() {
        "reduce" | "reduced" | "mitigate" | "mitigated" | "mitigation" | "treat" | "treated"
        | "modify" | "control" | "reduce risk" | "mitigate risk" => Treatment::Reduce,
        "accept" | "accepted" | "tolerate" | "tolerated" | "retain" | "retained"
        | "accept risk" => Treatment::Accept,
        "avoid" | "avoided" | "terminate" | "terminated" | "eliminate" | "stop" | "avoid risk" => {
            Treatment::Avoid
        }
        "share" | "shared" | "transfer" | "transferred" | "insure" | "outsource" | "share risk"
        | "transfer risk" => Treatment::Share,
        _ => return None,
    })
}

/// A date cell: `2023-01-01` (a workbook's date cells read so), an Excel
/// serial number (`44927`, a date cell without its format), or a day,
/// month and year whose order is plain (`31/01/2023`: no month 31). The
/// error says why not.
pub fn date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    let first = t.split_whitespace().next().unwrap_or("");
    if let Ok(d) = first.parse::<NaiveDate>() {
        return Ok(d);
    }
    if let Ok(serial) = t.parse::<f64>() {
        return excel_date(serial)
            .filter(|_| (1000.0..100_000.0).contains(&serial))
            .ok_or_else(|| "not a date".to_string());
    }
    let parts: Vec<&str> = first.split(['/', '-', '.']).collect();
    let [a, b, y] = parts[..] else {
        return Err("not a date; write it as YYYY-MM-DD".to_string());
    };
    let (Ok(a), Ok(b), Ok(y)) = (a.parse::<u32>(), b.parse::<u32>(), y.parse::<i32>()) else {
        return Err("not a date; write it as YYYY-MM-DD".to_string());
    };
    if y < 1000 {
        return Err("the year needs four digits; write it as YYYY-MM-DD".to_string());
    }
    let (day, month) = match (a > 12, b > 12) {
        (true, false) => (a, b),
        (false, true) => (b, a),
        _ if a == b => (a, b),
        _ => {
            return Err(
                "day and month could be either way round; write it as YYYY-MM-DD".to_string(),
            );
        }
    };
    NaiveDate::from_ymd_opt(y, month, day).ok_or_else(|| "not a date".to_string())
}

/// A score cell as a whole number ("6", "6.0"); `None` otherwise.
pub fn score(text: &str) -> Option<u32> {
    let f: f64 = text.trim().parse().ok()?;
    (f >= 0.0 && f.fract() == 0.0 && f < f64::from(u32::MAX)).then_some(f as u32)
}
