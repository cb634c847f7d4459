//! Starting from an existing Statement of Applicability: a spreadsheet
//! (CSV or a workbook) read into item records, with an account of what was
//! read from where and what was left out. Spreadsheet text is untrusted:
//! control characters are removed here, and the normal writer puts the
//! rest into the file; whoever prints the account escapes it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::assessment::{Answer, Evidence, ItemRecord};
use crate::catalog::{Catalog, ItemKind};
use crate::text::{escape_line, escape_path, sanitize_data, sanitize_data_multiline};

mod columns;
mod ids;
pub mod risks;
mod table;
mod words;

pub use columns::Role;
pub use table::{Table, read_csv, read_tables};

use columns::{Header, find_header};
use ids::{parse_id_cell, resolve, similarity, unprefixed_reading};
use words::{Applicable, Status, applicable, inclusion_reasons, status};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}: {error}", escape_path(path))]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(
        "{}: not a spreadsheet gapwalk can read ({message}); expected CSV or a workbook (XLSX, XLSM, XLS, ODS)",
        escape_path(path)
    )]
    Unreadable { path: PathBuf, message: String },
    #[error(
        "{}: no sheet named \"{}\"; its sheets are {}",
        escape_path(path),
        escape_line(sheet),
        quoted(sheets)
    )]
    NoSheet {
        path: PathBuf,
        sheet: String,
        sheets: Vec<String>,
    },
    #[error(
        "{}: no column of control ids found: expected a column headed like Control, Ref, ID or Nr. that holds ids such as A.5.1 or 5.1. Headers seen: {}",
        escape_path(path),
        seen.iter().map(|s| s.describe()).collect::<Vec<_>>().join("; ")
    )]
    NoIdColumn {
        path: PathBuf,
        seen: Vec<SeenHeaders>,
    },
    #[error(
        "{}: sheet \"{}\" has {found} ids in {column}, but none is an ISO/IEC 27001:2022 item (such as {}); an SoA for the 2013 edition must be renumbered first",
        escape_path(path),
        escape_line(sheet),
        escape_line(example)
    )]
    NothingKnown {
        path: PathBuf,
        sheet: String,
        column: String,
        found: usize,
        example: String,
    },
}

/// The headers of one sheet, for the error that finds no id column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenHeaders {
    pub sheet: String,
    pub row: usize,
    pub headers: Vec<String>,
}

impl SeenHeaders {
    fn describe(&self) -> String {
        if self.headers.is_empty() {
            return format!("sheet \"{}\" is empty", escape_line(&self.sheet));
        }
        format!(
            "sheet \"{}\" row {}: {}",
            escape_line(&self.sheet),
            self.row,
            quoted(&self.headers)
        )
    }
}

fn quoted(list: &[String]) -> String {
    list.iter()
        .map(|s| format!("\"{}\"", escape_line(s)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How a column was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnUse {
    /// "column B", "column 2".
    pub column: String,
    pub header: String,
    pub role: Option<Role>,
}

/// Why a row was not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Nothing in it.
    Empty,
    /// No control id where the id column is: a heading, a sub-header.
    NoId(String),
    /// An id, but not one of the catalog's.
    UnknownId(String),
    /// The id was already imported from an earlier row.
    Duplicate { id: String, first_row: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub row: usize,
    pub reason: SkipReason,
}

/// A value the import could not turn into an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmapped {
    pub row: usize,
    pub item: String,
    pub role: Role,
    pub value: String,
    pub why: String,
}

/// What the import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub sheet: String,
    /// The workbook's other sheets, not read.
    pub other_sheets: Vec<String>,
    /// The header's row number in the spreadsheet.
    pub header_row: usize,
    pub columns: Vec<ColumnUse>,
    /// Rows with a catalog id.
    pub found: usize,
    pub skipped: Vec<Skipped>,
    pub unmapped: Vec<Unmapped>,
    /// Things to check that did not stop a row (a title that does not
    /// match the catalog's, a contradiction).
    pub notices: Vec<String>,
}

/// The records read from a spreadsheet, in catalog order, and the account.
#[derive(Debug, Clone)]
pub struct Imported {
    pub items: Vec<(String, ItemRecord)>,
    pub report: ImportReport,
}

impl Imported {
    /// How many imported items got each answer.
    pub fn answers(&self) -> BTreeMap<Answer, usize> {
        let mut out = BTreeMap::new();
        for (_, r) in &self.items {
            if let Some(a) = r.answer {
                *out.entry(a).or_default() += 1;
            }
        }
        out
    }
}

/// Reads a spreadsheet SoA. `sheet` names the sheet to read (default: the
/// one whose header and ids look most like an SoA); every imported item
/// records `session` as the session it was last changed in, and none is
/// marked reviewed.
pub fn import_soa(
    path: &Path,
    sheet: Option<&str>,
    session: &str,
    catalog: &Catalog,
) -> Result<Imported, ImportError> {
    let tables = read_tables(path)?;
    let source = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let (table, header) = choose(path, &tables, sheet)?;
    let mut imported = read_rows(catalog, table, &header, &source, session);
    imported.report.other_sheets = tables
        .iter()
        .filter(|t| t.name != table.name)
        .map(|t| t.name.clone())
        .collect();
    if imported.report.found == 0 {
        let id_col = header.column(Role::Id).unwrap_or(0);
        let example = imported
            .report
            .skipped
            .iter()
            .find_map(|s| match &s.reason {
                SkipReason::UnknownId(id) => Some(id.clone()),
                _ => None,
            })
            .unwrap_or_default();
        return Err(ImportError::NothingKnown {
            path: path.to_path_buf(),
            sheet: table.name.clone(),
            column: table.column_name(id_col),
            found: header.ids,
            example,
        });
    }
    Ok(imported)
}

/// The sheet to read and its header.
fn choose<'t>(
    path: &Path,
    tables: &'t [Table],
    sheet: Option<&str>,
) -> Result<(&'t Table, Header), ImportError> {
    let candidates = sheets(path, tables, sheet)?;
    candidates
        .iter()
        .filter_map(|t| find_header(t).map(|h| (*t, h)))
        // The most ids; the first sheet among equals.
        .fold(None, |best: Option<(&Table, Header)>, (t, h)| match best {
            Some((bt, bh)) if bh.ids >= h.ids => Some((bt, bh)),
            _ => Some((t, h)),
        })
        .ok_or_else(|| ImportError::NoIdColumn {
            path: path.to_path_buf(),
            seen: candidates.iter().map(|t| seen_headers(t)).collect(),
        })
}

/// The sheet named `sheet` (exactly, else ignoring case and surrounding
/// spaces), or every sheet when none is named.
fn sheets<'t>(
    path: &Path,
    tables: &'t [Table],
    sheet: Option<&str>,
) -> Result<Vec<&'t Table>, ImportError> {
    let Some(name) = sheet else {
        return Ok(tables.iter().collect());
    };
    let t = tables
        .iter()
        .find(|t| t.name == name)
        .or_else(|| {
            tables
                .iter()
                .find(|t| t.name.trim().eq_ignore_ascii_case(name.trim()))
        })
        .ok_or_else(|| ImportError::NoSheet {
            path: path.to_path_buf(),
            sheet: name.to_string(),
            sheets: tables.iter().map(|t| t.name.clone()).collect(),
        })?;
    Ok(vec![t])
}

/// The first row of a table with something in it: what a person would
/// take for its headers.
fn seen_headers(t: &Table) -> SeenHeaders {
    let found = t
        .rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.iter().filter(|c| !c.trim().is_empty()).count() >= 2)
        .or_else(|| {
            t.rows
                .iter()
                .enumerate()
                .find(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        });
    match found {
        Some((i, row)) => SeenHeaders {
            sheet: t.name.clone(),
            row: t.row_number(i),
            headers: row
                .iter()
                .map(|c| one_line(c))
                .filter(|c| !c.is_empty())
                .collect(),
        },
        None => SeenHeaders {
            sheet: t.name.clone(),
            row: t.first_row,
            headers: Vec::new(),
        },
    }
}

/// Spreadsheet text as one line: control characters removed, white space
/// runs made one space.
fn one_line(s: &str) -> String {
    sanitize_data(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Spreadsheet text with its line breaks: control characters removed,
/// trimmed.
fn multi_line(s: &str) -> String {
    sanitize_data_multiline(&s.replace("\r\n", "\n").replace('\r', "\n"))
        .trim()
        .to_string()
}

fn read_rows(
    catalog: &Catalog,
    table: &Table,
    header: &Header,
    source: &str,
    session: &str,
) -> Imported {
    let col = |role| header.column(role);
    let id_col = col(Role::Id).unwrap_or(0);
    let body = header.row + 1..table.rows.len();
    let cells: Vec<_> = body
        .clone()
        .filter_map(|r| parse_id_cell(table.cell(r, id_col)))
        .collect();
    let reading = unprefixed_reading(catalog, &cells);
    let mut report = ImportReport {
        sheet: table.name.clone(),
        other_sheets: Vec::new(),
        header_row: table.row_number(header.row),
        columns: header
            .columns
            .iter()
            .enumerate()
            .filter(|(_, (h, _))| !h.trim().is_empty())
            .map(|(i, (h, role))| ColumnUse {
                column: table.column_name(i),
                header: one_line(h),
                role: *role,
            })
            .collect(),
        found: 0,
        skipped: Vec::new(),
        unmapped: Vec::new(),
        notices: Vec::new(),
    };
    let mut first_row: BTreeMap<String, usize> = BTreeMap::new();
    let mut records: Vec<(String, ItemRecord)> = Vec::new();
    for r in body {
        let row = table.row_number(r);
        let text = |role| col(role).map_or(String::new(), |c| multi_line(table.cell(r, c)));
        let id_text = one_line(table.cell(r, id_col));
        let cell = parse_id_cell(&id_text);
        let title = text(Role::Title);
        let id = cell.as_ref().and_then(|c| {
            resolve(
                catalog,
                c,
                Some(&title).filter(|t| !t.is_empty()).map(|t| t.as_str()),
                reading,
            )
        });
        let Some(id) = id else {
            let all_blank = table.rows[r].iter().all(|c| c.trim().is_empty());
            let reason = match (cell, all_blank) {
                (_, true) => SkipReason::Empty,
                (Some(_), false) => SkipReason::UnknownId(id_text),
                (None, false) => SkipReason::NoId(
                    table.rows[r]
                        .iter()
                        .map(|c| one_line(c))
                        .find(|c| !c.is_empty())
                        .unwrap_or_default(),
                ),
            };
            report.skipped.push(Skipped { row, reason });
            continue;
        };
        if let Some(&first) = first_row.get(&id) {
            report.skipped.push(Skipped {
                row,
                reason: SkipReason::Duplicate {
                    id,
                    first_row: first,
                },
            });
            continue;
        }
        first_row.insert(id.clone(), row);
        report.found += 1;
        let Some(item) = catalog.item(&id) else {
            continue;
        };
        if !title.is_empty() && similarity(&title, &item.title) < 0.25 {
            report.notices.push(format!(
                "row {row}: {id} is titled \"{}\" here but \"{}\" in the catalog (an SoA of the 2013 edition?); imported as {id}",
                one_line(&title),
                item.title
            ));
        }
        let record = RowReader {
            row,
            id: &id,
            kind: item.kind,
            source,
            report: &mut report,
        }
        .record(
            &text(Role::Applicable),
            &text(Role::Status),
            &text(Role::InclusionReason),
            &text(Role::ExclusionReason),
            &text(Role::Justification),
            &one_line(&text(Role::Owner)),
            &text(Role::Evidence),
            &text(Role::Notes),
        );
        if !record.is_empty() {
            let record = ItemRecord {
                session: Some(session.to_string()),
                ..record
            };
            records.push((id, record));
        }
    }
    records.sort_by_key(|(id, _)| catalog.position(id));
    Imported {
        items: records,
        report,
    }
}

/// Turns one row's cells into a record, noting what it cannot map.
struct RowReader<'a> {
    row: usize,
    id: &'a str,
    kind: ItemKind,
    source: &'a str,
    report: &'a mut ImportReport,
}

impl RowReader<'_> {
    fn unmapped(&mut self, role: Role, value: &str, why: impl Into<String>) {
        self.report.unmapped.push(Unmapped {
            row: self.row,
            item: self.id.to_string(),
            role,
            value: one_line(value),
            why: why.into(),
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        mut self,
        applicable_cell: &str,
        status_cell: &str,
        inclusion: &str,
        exclusion: &str,
        justification: &str,
        owner: &str,
        evidence: &str,
        notes: &str,
    ) -> ItemRecord {
        let applies = applicable(applicable_cell).unwrap_or_else(|| {
            self.unmapped(
                Role::Applicable,
                applicable_cell,
                "not a yes or no gapwalk knows",
            );
            Applicable::Undecided
        });
        let said = status(status_cell).unwrap_or_else(|| {
            self.unmapped(
                Role::Status,
                status_cell,
                "not a status gapwalk knows; left unanswered",
            );
            Status::Unknown
        });
        if said == Status::ForTheRoom {
            self.unmapped(
                Role::Status,
                status_cell,
                "\"Microsoft provides\" needs the room (a reliance and an owner of the supplier); left unanswered",
            );
        }
        let mut answer = match (applies, said) {
            (Applicable::No, _) => Some(Answer::NotApplicable),
            (_, Status::Answer(a)) => Some(a),
            _ => None,
        };
        if applies == Applicable::No && matches!(said, Status::Answer(Answer::WeManage)) {
            self.report.notices.push(format!(
                "row {}: {} is marked not applicable and implemented (\"{}\"); imported as not applicable",
                self.row,
                self.id,
                one_line(status_cell)
            ));
        }
        if self.kind == ItemKind::Clause && answer == Some(Answer::NotApplicable) {
            self.unmapped(
                Role::Applicable,
                if applies == Applicable::No {
                    applicable_cell
                } else {
                    status_cell
                },
                "clauses 4–10 are mandatory and cannot be excluded; left unanswered",
            );
            answer = None;
        }
        let excluded = answer == Some(Answer::NotApplicable);
        let mut included_because = Vec::new();
        let mut justification_parts = Vec::new();
        let mut notes_parts = Vec::new();
        if excluded {
            if !inclusion.is_empty() {
                notes_parts.push(format!(
                    "Reason for inclusion in the imported SoA: {inclusion}"
                ));
            }
            justification_parts.extend(
                [exclusion, justification]
                    .iter()
                    .filter(|t| !t.is_empty())
                    .map(|t| t.to_string()),
            );
        } else {
            // Reasons for inclusion: the common values become
            // included_because, anything else stays as the justification.
            for text in [inclusion, justification]
                .into_iter()
                .filter(|t| !t.is_empty())
            {
                let (reasons, all) = inclusion_reasons(text);
                if self.kind == ItemKind::Control {
                    for r in reasons {
                        if !included_because.contains(&r) {
                            included_because.push(r);
                        }
                    }
                }
                if !all || self.kind == ItemKind::Clause {
                    justification_parts.push(text.to_string());
                }
            }
            if !exclusion.is_empty() {
                notes_parts.push(format!(
                    "Reason for exclusion in the imported SoA: {exclusion}"
                ));
            }
        }
        included_because.sort();
        if !notes.is_empty() {
            notes_parts.push(notes.to_string());
        }
        let said_words: Vec<String> = [
            ("applicable", applicable_cell),
            ("implemented", status_cell),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k} \"{}\"", one_line(v)))
        .collect();
        if !said_words.is_empty() {
            notes_parts.push(format!(
                "Imported from {}, row {}: {}. Confirm with the room.",
                self.source,
                self.row,
                said_words.join(", ")
            ));
        }
        ItemRecord {
            answer,
            owner: Some(owner.to_string()).filter(|o| !o.is_empty()),
            included_because,
            justification: Some(justification_parts.join("\n")).filter(|j| !j.is_empty()),
            notes: Some(notes_parts.join("\n")).filter(|n| !n.is_empty()),
            evidence: Some(one_line(evidence))
                .filter(|e| !e.is_empty())
                .map(|what| Evidence {
                    what,
                    location: None,
                    date: None,
                })
                .into_iter()
                .collect(),
            ..ItemRecord::default()
        }
    }
}
