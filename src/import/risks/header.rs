//! Finding a risk register in a workbook: the sheet and row whose headers
//! name a risk's fields (an id or number, what could happen, likelihood,
//! impact, score, treatment, controls), and what each column holds.

use std::fmt;

use super::super::columns::normalise;
use super::super::table::Table;

/// What a column of a risk register holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Id,
    Title,
    Description,
    Owner,
    Likelihood,
    Impact,
    Score,
    Treatment,
    Controls,
    ResidualLikelihood,
    ResidualImpact,
    ResidualScore,
    AcceptedBy,
    AcceptedOn,
    Reviewed,
}

impl Field {
    /// What the column is used for, in the import's account.
    pub fn label(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Title => "title",
            Field::Description => "description",
            Field::Owner => "owner",
            Field::Likelihood => "likelihood",
            Field::Impact => "impact",
            Field::Score => "score (checked, not stored: gapwalk computes it)",
            Field::Treatment => "treatment",
            Field::Controls => "controls",
            Field::ResidualLikelihood => "residual likelihood",
            Field::ResidualImpact => "residual impact",
            Field::ResidualScore => "residual score (checked, not stored)",
            Field::AcceptedBy => "accepted by",
            Field::AcceptedOn => "accepted on",
            Field::Reviewed => "reviewed",
        }
    }

    /// The same measure after treatment.
    fn residual(self) -> Option<Field> {
        match self {
            Field::Likelihood => Some(Field::ResidualLikelihood),
            Field::Impact => Some(Field::ResidualImpact),
            Field::Score => Some(Field::ResidualScore),
            _ => None,
        }
    }

    /// The fields that make a table a risk register rather than a list
    /// of assets or people.
    fn is_risk_specific(self) -> bool {
        matches!(
            self,
            Field::Likelihood | Field::Impact | Field::Score | Field::Treatment | Field::Controls
        )
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

const ID_NAMES: [&str; 14] = [
    "id",
    "nr",
    "no",
    "number",
    "#",
    "ref",
    "reference",
    "risk id",
    "risk nr",
    "risk no",
    "risk number",
    "risk ref",
    "risk reference",
    "risk #",
];

const TITLE_NAMES: [&str; 14] = [
    "risk",
    "risks",
    "event",
    "threat",
    "title",
    "risk title",
    "risk name",
    "risk event",
    "name",
    "scenario",
    "risk scenario",
    "threat event",
    "what could happen",
    "risk statement",
];

const DESCRIPTION_NAMES: [&str; 4] = ["description", "risk description", "details", "detail"];

/// The field a header names and how sure that is (higher wins when two
/// columns name the same field).
pub fn field_of(header: &str) -> Option<(Field, u8)> {
    let h = normalise(header);
    if h.is_empty() {
        return None;
    }
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    if ID_NAMES.contains(&h.as_str()) {
        return Some((Field::Id, 3));
    }
    if TITLE_NAMES.contains(&h.as_str()) {
        return Some((Field::Title, 3));
    }
    if DESCRIPTION_NAMES.contains(&h.as_str()) {
        return Some((Field::Description, 3));
    }
    let measure = if has(&["likelihood", "probability", "chance"]) {
        Some(Field::Likelihood)
    } else if has(&["impact", "consequence", "severity"]) {
        Some(Field::Impact)
    } else if has(&["score", "rating"]) || h == "risk level" {
        Some(Field::Score)
    } else {
        None
    };
    if let Some(m) = measure {
        let residual = has(&["residual", "target", "after", "remaining", "net "]);
        return Some((
            if residual {
                m.residual().unwrap_or(m)
            } else {
                m
            },
            3,
        ));
    }
    let approval = has(&["accept", "approv", "sign off", "signed off"]);
    if approval && has(&["date", " on", "when"]) {
        return Some((Field::AcceptedOn, 3));
    }
    if approval && has(&["by", "name", "approver", "who"]) {
        return Some((Field::AcceptedBy, 3));
    }
    if has(&["review"]) {
        return Some((Field::Reviewed, 3));
    }
    if has(&["plan", "action"]) {
        return None;
    }
    if has(&[
        "treatment decision",
        "decision",
        "treatment option",
        "treatment strategy",
    ]) {
        return Some((Field::Treatment, 3));
    }
    if h == "treatment" || h == "risk treatment" || h == "response" || h == "risk response" {
        return Some((Field::Treatment, 2));
    }
    if has(&["owner", "responsible", "accountable"]) {
        return Some((Field::Owner, 3));
    }
    if has(&["control"]) {
        return Some((Field::Controls, 3));
    }
    if has(&["event", "threat", "scenario"]) {
        return Some((Field::Title, 2));
    }
    None
}

/// A register's header row and the field chosen for each column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterHeader {
    /// Index into the table's rows.
    pub row: usize,
    /// Per column: its header text and its field, if used.
    pub columns: Vec<(String, Option<Field>)>,
    /// Rows below the header with anything in them.
    pub filled: usize,
}

impl RegisterHeader {
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|(_, f)| *f == Some(field))
    }

    /// How many fields it names.
    fn named(&self) -> usize {
        self.columns.iter().filter(|(_, f)| f.is_some()).count()
    }

    /// The acceptance date's header says the risk owner gave it ("Date of
    /// risk owner approval"), and no column names who accepted.
    pub fn owner_accepts(&self) -> bool {
        self.column(Field::AcceptedBy).is_none()
            && self.column(Field::Owner).is_some()
            && self
                .column(Field::AcceptedOn)
                .is_some_and(|c| normalise(&self.columns[c].0).contains("owner"))
    }
}

/// How many of the first rows are looked at for a header.
const HEADER_SEARCH: usize = 40;

/// The fields of one header row: per field the column that names it
/// most surely (the leftmost among equals); a second likelihood, impact
/// or score column is the rating after treatment; a description column
/// is the title when nothing else is.
pub fn assign(row: &[String]) -> Vec<Option<Field>> {
    let found: Vec<Option<(Field, u8)>> = row.iter().map(|h| field_of(h)).collect();
    let mut chosen: Vec<Option<Field>> = vec![None; row.len()];
    let mut fields: Vec<Field> = found.iter().flatten().map(|(f, _)| *f).collect();
    fields.sort();
    fields.dedup();
    for field in fields {
        let best = found
            .iter()
            .enumerate()
            .filter(|(c, f)| chosen[*c].is_none() && f.is_some_and(|(x, _)| x == field))
            .max_by_key(|(c, f)| (f.map_or(0, |(_, p)| p), std::cmp::Reverse(*c)))
            .map(|(c, _)| c);
        if let Some(c) = best {
            chosen[c] = Some(field);
        }
    }
    // A repeated measure after the first: the rating after treatment.
    for (c, f) in found.iter().enumerate() {
        let Some((field, _)) = f else { continue };
        if chosen[c].is_some() {
            continue;
        }
        if let Some(residual) = field.residual().filter(|r| !chosen.contains(&Some(*r))) {
            let first = chosen.iter().position(|x| *x == Some(*field));
            if first.is_some_and(|first| first < c) {
                chosen[c] = Some(residual);
            }
        }
    }
    if !chosen.contains(&Some(Field::Title))
        && let Some(d) = chosen.iter().position(|x| *x == Some(Field::Description))
    {
        chosen[d] = Some(Field::Title);
    }
    chosen
}

/// The most likely register header of a table: a row naming a title and
/// at least two of likelihood, impact, score, treatment and controls; of
/// those, the one naming most fields. `None` when no row does.
pub fn find_register(table: &Table) -> Option<RegisterHeader> {
    let mut best: Option<RegisterHeader> = None;
    for (index, row) in table.rows.iter().enumerate().take(HEADER_SEARCH) {
        let chosen = assign(row);
        let specific = chosen
            .iter()
            .flatten()
            .filter(|f| f.is_risk_specific())
            .count();
        if !chosen.contains(&Some(Field::Title)) || specific < 2 {
            continue;
        }
        let filled = table.rows[index + 1..]
            .iter()
            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
            .count();
        let header = RegisterHeader {
            row: index,
            columns: row.iter().cloned().zip(chosen).collect(),
            filled,
        };
        if best
            .as_ref()
            .is_none_or(|b| (header.named(), header.filled) > (b.named(), b.filled))
        {
            best = Some(header);
        }
    }
    best
}

/// Of several tables, the one holding the register that names most
/// fields (the first among equals).
pub fn choose_register(tables: &[&Table]) -> Option<(usize, RegisterHeader)> {
    tables
        .iter()
        .enumerate()
        .filter_map(|(i, t)| find_register(t).map(|h| (i, h)))
        .fold(
            None,
            |best: Option<(usize, RegisterHeader)>, (i, h)| match best {
                Some((bi, bh)) if (bh.named(), bh.filled) >= (h.named(), h.filled) => {
                    Some((bi, bh))
                }
                _ => Some((i, h)),
            },
        )
}
