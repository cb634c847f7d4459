//! Finding the header row and what each column holds, by the names people
//! give columns in a Statement of Applicability.

use std::fmt;

use super::ids::parse_id_cell;
use super::table::Table;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Id,
    Title,
    Applicable,
    Status,
    InclusionReason,
    ExclusionReason,
    Justification,
    Owner,
    Evidence,
    Notes,
}

impl Role {
    pub const ALL: [Role; 10] = [
        Role::Id,
        Role::Title,
        Role::Applicable,
        Role::Status,
        Role::InclusionReason,
        Role::ExclusionReason,
        Role::Justification,
        Role::Owner,
        Role::Evidence,
        Role::Notes,
    ];

    /// What the column is used for, in the import's account.
    pub fn label(self) -> &'static str {
        match self {
            Role::Id => "control id",
            Role::Title => "title (checked against the catalog)",
            Role::Applicable => "applicable or not",
            Role::Status => "implementation status (the answer)",
            Role::InclusionReason => "reason for inclusion (included_because, else justification)",
            Role::ExclusionReason => "justification for exclusion",
            Role::Justification => "justification",
            Role::Owner => "owner",
            Role::Evidence => "evidence",
            Role::Notes => "notes",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A header as compared: lower case, words only, a trailing "(Yes/No)"
/// and the like dropped.
pub fn normalise(header: &str) -> String {
    let without_brackets: String = {
        let mut depth = 0;
        header
            .chars()
            .filter(|&c| {
                match c {
                    '(' | '[' => depth += 1,
                    ')' | ']' => depth = (depth - 1).max(0),
                    _ => return depth == 0,
                }
                false
            })
            .collect()
    };
    let base = if without_brackets.trim().is_empty() {
        header
    } else {
        &without_brackets
    };
    base.split(|c: char| !c.is_alphanumeric() && c != '#')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

const ID_NAMES: [&str; 22] = [
    "control",
    "controls",
    "control id",
    "control ref",
    "control reference",
    "control no",
    "control number",
    "ref",
    "ref id",
    "reference",
    "id",
    "nr",
    "no",
    "number",
    "#",
    "clause",
    "requirement",
    "requirement id",
    "annex a",
    "annex a control",
    "iso control",
    "iso ref",
];

const TITLE_NAMES: [&str; 8] = [
    "title",
    "name",
    "control name",
    "control title",
    "topic",
    "requirement name",
    "control objective",
    "subject",
];

/// The role a header names and how sure that is (higher wins when two
/// columns name the same role), first rule that matches.
pub fn role_of(header: &str) -> Option<(Role, u8)> {
    let h = normalise(header);
    if h.is_empty() {
        return None;
    }
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    if ID_NAMES.contains(&h.as_str()) {
        return Some((Role::Id, 3));
    }
    if TITLE_NAMES.contains(&h.as_str()) {
        return Some((Role::Title, 3));
    }
    if has(&[
        "non applicab",
        "not applicable",
        "exclusion",
        "excluded",
        "reason for not",
    ]) {
        return Some((Role::ExclusionReason, 3));
    }
    if has(&[
        "inclusion",
        "included because",
        "reason for selection",
        "why included",
        "selection reason",
    ]) {
        return Some((Role::InclusionReason, 3));
    }
    if has(&[
        "how and where",
        "how implemented",
        "where implemented",
        "evidence",
        "observation",
        "implementation detail",
        "implementation description",
        "implementation notes",
    ]) {
        return Some((Role::Evidence, 3));
    }
    if has(&["applicab", "in scope", "applies"])
        || h == "included"
        || h == "selected"
        || h == "include"
    {
        return Some((Role::Applicable, 3));
    }
    if has(&["compliance result", "result", "compliance"]) {
        return Some((Role::Status, 3));
    }
    if has(&["implemented", "implementation"]) {
        return Some((Role::Status, 2));
    }
    if has(&["status"]) {
        return Some((Role::Status, 1));
    }
    if has(&["justification", "reason", "rationale", "motivation"]) {
        return Some((Role::Justification, 3));
    }
    if has(&["owner", "responsible", "accountable"]) {
        return Some((Role::Owner, 3));
    }
    if has(&["note", "comment", "remark"]) {
        return Some((Role::Notes, 3));
    }
    if has(&["title"]) {
        return Some((Role::Title, 2));
    }
    None
}

/// A table's header row and the column chosen for each role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Index into the table's rows.
    pub row: usize,
    /// Per column of the table: its header text and its role, if used.
    pub columns: Vec<(String, Option<Role>)>,
    /// How many rows below the header hold an id in the id column.
    pub ids: usize,
}

impl Header {
    pub fn column(&self, role: Role) -> Option<usize> {
        self.columns.iter().position(|(_, r)| *r == Some(role))
    }
}

/// How many of the first rows are looked at for a header.
const HEADER_SEARCH: usize = 40;

/// The most likely header row of a table: the row naming the most roles
/// with an id column among them, and, of the columns named like ids, the
/// one holding the most ids below it. `None` when no row names an id
/// column that holds ids.
pub fn find_header(table: &Table) -> Option<Header> {
    let mut best: Option<(usize, usize, Header)> = None;
    for (index, row) in table.rows.iter().enumerate().take(HEADER_SEARCH) {
        let roles: Vec<Option<(Role, u8)>> = row.iter().map(|h| role_of(h)).collect();
        let named = roles.iter().flatten().count();
        if named < 2 {
            continue;
        }
        // The id column: of those named like one, the one with most ids.
        let count_ids = |col: usize| {
            table.rows[index + 1..]
                .iter()
                .filter(|r| r.get(col).is_some_and(|c| parse_id_cell(c).is_some()))
                .count()
        };
        let Some((id_col, ids)) = roles
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r, Some((Role::Id, _))))
            .map(|(col, _)| (col, count_ids(col)))
            .max_by_key(|&(col, n)| (n, std::cmp::Reverse(col)))
            .filter(|&(_, n)| n > 0)
        else {
            continue;
        };
        let mut chosen: Vec<Option<Role>> = vec![None; row.len()];
        chosen[id_col] = Some(Role::Id);
        for role in Role::ALL.into_iter().filter(|&r| r != Role::Id) {
            let pick = roles
                .iter()
                .enumerate()
                .filter(|&(col, r)| {
                    col != id_col && chosen[col].is_none() && r.is_some_and(|(x, _)| x == role)
                })
                .max_by_key(|&(col, r)| (r.map_or(0, |(_, p)| p), std::cmp::Reverse(col)))
                .map(|(col, _)| col);
            if let Some(col) = pick {
                chosen[col] = Some(role);
            }
        }
        // A second column named like an id that holds none is the
        // control's text (the ICT Institute template's "Control"): not
        // used.
        let header = Header {
            row: index,
            columns: row.iter().cloned().zip(chosen).collect(),
            ids,
        };
        let score = (named, ids);
        if best
            .as_ref()
            .is_none_or(|(n, i, _)| (named, ids) > (*n, *i))
        {
            best = Some((score.0, score.1, header));
        }
    }
    best.map(|(_, _, h)| h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_people_use() {
        let role = |h: &str| role_of(h).map(|(r, _)| r);
        assert_eq!(role("Control"), Some(Role::Id));
        assert_eq!(role("ref_id"), Some(Role::Id));
        assert_eq!(role("Nr."), Some(Role::Id));
        assert_eq!(role("Control name"), Some(Role::Title));
        assert_eq!(role("Topic"), Some(Role::Title));
        assert_eq!(
            role("Applicable to our organisation (Yes/No)"),
            Some(Role::Applicable)
        );
        assert_eq!(role("Included"), Some(Role::Applicable));
        assert_eq!(
            role("Justification for inclusion"),
            Some(Role::InclusionReason)
        );
        assert_eq!(
            role("Motivation for non-applicability"),
            Some(Role::ExclusionReason)
        );
        assert_eq!(role("Implemented in our organisation"), Some(Role::Status));
        assert_eq!(role("How and where implemented"), Some(Role::Evidence));
        assert_eq!(role("compliance_result"), Some(Role::Status));
        assert_eq!(role("observations"), Some(Role::Evidence));
        assert_eq!(role("Control owner"), Some(Role::Owner));
        assert_eq!(role("Responsible"), Some(Role::Owner));
        assert_eq!(role("Rationale"), Some(Role::Justification));
        assert_eq!(role("Comments"), Some(Role::Notes));
        assert_eq!(role("Chapter"), None);
        assert_eq!(role(""), None);
    }
}
