//! A risk register from a spreadsheet (CSV or a workbook) into an
//! assessment's `[[risks]]`: the sheet and header row found by their
//! words, each row a risk on the assessment's own scale, with an account
//! of what was mapped, what was skipped and what could not be read. A
//! risk already in the file is never overwritten unless asked.
//! Spreadsheet text is untrusted: control characters are removed before
//! anything is kept or printed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::assessment::{Assessment, Risk, RiskScale, Treatment};
use crate::catalog::Catalog;
use crate::text::escape_path;

use super::{ImportError, SeenHeaders, Table, multi_line, one_line, read_tables, seen_headers};

mod cells;
mod header;
#[cfg(test)]
mod tests;

pub use cells::NotAControl;
pub use header::Field;

use header::{RegisterHeader, choose_register};

#[derive(Debug, thiserror::Error)]
pub enum RiskImportError {
    #[error(transparent)]
    Read(#[from] ImportError),
    #[error(
        "{}: no risk register found: expected a header row naming the risk (Risk, Event or Title) and at least two of likelihood (or probability), impact, score, treatment and controls. Headers seen: {}",
        escape_path(path),
        seen.iter().map(|s| s.describe()).collect::<Vec<_>>().join("; ")
    )]
    NoRegister {
        path: PathBuf,
        seen: Vec<SeenHeaders>,
    },
}

/// How a column was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskColumn {
    /// "column B", "column 2".
    pub column: String,
    pub header: String,
    pub field: Option<Field>,
}

/// Where a risk's id came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdFrom {
    /// The sheet's id, as written.
    Sheet,
    /// The sheet's number, written as the file writes ids ("1" → R-01).
    Number(String),
    /// The row had none, but its title is a risk's in the file.
    Title,
    /// The row had none: the next free id.
    Assigned,
}

/// What became of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Added {
        id: String,
        from: IdFrom,
        title: String,
    },
    /// `--replace`: the values the row gives replaced the file's.
    Replaced {
        id: String,
        from: IdFrom,
        title: String,
    },
    /// `--replace`, and the row says what the file says.
    Unchanged { id: String, from: IdFrom },
    /// Skipped: the file has a risk with this id.
    Exists { id: String, from: IdFrom },
    /// Skipped: an earlier row had this id.
    Repeated { id: String, first_row: usize },
    /// Skipped: an id but nothing saying what the risk is.
    NoTitle { id: String },
    /// Skipped: neither id nor title; the first text it has.
    NoIdOrTitle { text: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowOutcome {
    pub row: usize,
    pub outcome: Outcome,
}

/// A value that could not be read: the field is left as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    pub row: usize,
    pub risk: String,
    pub field: Field,
    pub value: String,
    pub why: String,
}

/// What the import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskAccount {
    pub sheet: String,
    /// The workbook's other sheets, not read.
    pub other_sheets: Vec<String>,
    /// The header's row number in the spreadsheet.
    pub header_row: usize,
    pub columns: Vec<RiskColumn>,
    /// The acceptance date is the risk owner's approval: the owner is
    /// recorded as the one who accepted.
    pub owner_accepts: bool,
    pub rows: Vec<RowOutcome>,
    pub unread: Vec<Unread>,
    /// Things to check that changed nothing (a score that is not
    /// likelihood × impact).
    pub notes: Vec<String>,
}

impl RiskAccount {
    /// How many rows were added, replaced, found unchanged and skipped
    /// (blank rows are not counted).
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for r in &self.rows {
            match r.outcome {
                Outcome::Added { .. } => c.added += 1,
                Outcome::Replaced { .. } => c.replaced += 1,
                Outcome::Unchanged { .. } => c.unchanged += 1,
                _ => c.skipped += 1,
            }
        }
        c
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub skipped: usize,
}

/// The register after the import, and the account.
#[derive(Debug, Clone)]
pub struct RiskImport {
    pub risks: Vec<Risk>,
    pub account: RiskAccount,
}

/// Reads the risk register in a spreadsheet into `assessment`'s risks:
/// new ids are added after the file's risks; a risk whose id the file
/// already has is kept as it is unless `replace`, when the values the row
/// gives replace the file's (what the row leaves blank, or cannot be
/// read, stays). `sheet` names the sheet (default: the one whose headers
/// look most like a register).
pub fn import_risks(
    path: &Path,
    sheet: Option<&str>,
    assessment: &Assessment,
    catalog: &Catalog,
    replace: bool,
) -> Result<RiskImport, RiskImportError> {
    let tables = read_tables(path)?;
    let candidates = super::sheets(path, &tables, sheet)?;
    let Some((index, header)) = choose_register(&candidates) else {
        return Err(RiskImportError::NoRegister {
            path: path.to_path_buf(),
            seen: candidates.iter().map(|t| seen_headers(t)).collect(),
        });
    };
    let table = candidates[index];
    let mut account = RiskAccount {
        sheet: table.name.clone(),
        other_sheets: tables
            .iter()
            .filter(|t| t.name != table.name)
            .map(|t| one_line(&t.name))
            .collect(),
        header_row: table.row_number(header.row),
        columns: header
            .columns
            .iter()
            .enumerate()
            .filter(|(_, (h, _))| !h.trim().is_empty())
            .map(|(i, (h, field))| RiskColumn {
                column: table.column_name(i),
                header: one_line(h),
                field: *field,
            })
            .collect(),
        owner_accepts: header.owner_accepts(),
        rows: Vec::new(),
        unread: Vec::new(),
        notes: Vec::new(),
    };
    let scale = assessment.risk_scale();
    let width = cells::id_width(assessment.risks.iter().map(|r| r.id.as_str()));
    let reader = Reader {
        table,
        header: &header,
        scale,
        catalog,
    };
    // Every row read first, so that rows without an id get ids no other
    // row names.
    let mut drafts = Vec::new();
    let mut first_row: BTreeMap<String, usize> = BTreeMap::new();
    for r in header.row + 1..table.rows.len() {
        let row = table.row_number(r);
        match reader.row(r, width) {
            Read::Blank => {}
            Read::Skip(outcome) => account.rows.push(RowOutcome { row, outcome }),
            Read::Risk(draft) => {
                if let Some((id, _)) = &draft.id {
                    if let Some(&first) = first_row.get(id) {
                        account.rows.push(RowOutcome {
                            row,
                            outcome: Outcome::Repeated {
                                id: id.clone(),
                                first_row: first,
                            },
                        });
                        continue;
                    }
                    first_row.insert(id.clone(), row);
                }
                drafts.push(draft);
            }
        }
    }
    let mut taken = Assessment {
        risks: assessment.risks.clone(),
        ..Assessment::default()
    };
    taken.risks.extend(first_row.keys().map(|id| Risk {
        id: id.clone(),
        ..Risk::default()
    }));
    let mut risks = assessment.risks.clone();
    // The row each risk was taken from: a risk the sheet reaches twice
    // (by id, title or an assigned id) is taken from its first row only.
    let mut applied: BTreeMap<String, usize> = BTreeMap::new();
    for mut draft in drafts {
        let same_title = |r: &&Risk| r.title.trim().eq_ignore_ascii_case(draft.title.trim());
        // Among the risks so far, this sheet's included.
        let titled = risks.iter().find(same_title).map(|r| r.id.clone());
        let (id, from) = draft.id.take().unwrap_or_else(|| {
            if let Some(id) = titled {
                return (id, IdFrom::Title);
            }
            let id = taken.next_risk_id();
            taken.risks.push(Risk {
                id: id.clone(),
                ..Risk::default()
            });
            (id, IdFrom::Assigned)
        });
        let row = draft.row;
        if let Some(&first_row) = applied.get(&id) {
            account.rows.push(RowOutcome {
                row,
                outcome: Outcome::Repeated { id, first_row },
            });
            continue;
        }
        applied.insert(id.clone(), row);
        let title = draft.title.clone();
        let outcome = match risks.iter().position(|r| r.id == id) {
            Some(_) if !replace => Outcome::Exists { id, from },
            Some(i) => {
                let new = draft.apply(&risks[i], &mut account);
                if new == risks[i] {
                    Outcome::Unchanged { id, from }
                } else {
                    risks[i] = new;
                    Outcome::Replaced { id, from, title }
                }
            }
            None => {
                let base = Risk {
                    id: id.clone(),
                    ..Risk::default()
                };
                risks.push(draft.apply(&base, &mut account));
                Outcome::Added { id, from, title }
            }
        };
        account.rows.push(RowOutcome { row, outcome });
    }
    account.rows.sort_by_key(|r| r.row);
    account.unread.sort_by_key(|u| u.row);
    Ok(RiskImport { risks, account })
}

/// One row as read, before it has an id for sure.
#[derive(Debug, Default)]
struct Draft {
    row: usize,
    id: Option<(String, IdFrom)>,
    title: String,
    description: Option<String>,
    owner: Option<String>,
    likelihood: Option<u32>,
    impact: Option<u32>,
    score: Option<String>,
    treatment: Option<Treatment>,
    controls: Option<Vec<String>>,
    residual_likelihood: Option<u32>,
    residual_impact: Option<u32>,
    residual_score: Option<String>,
    accepted_by: Option<String>,
    accepted_on: Option<chrono::NaiveDate>,
    reviewed: Option<chrono::NaiveDate>,
    /// What could not be read, for the account once the row is used.
    unread: Vec<(Field, String, String)>,
    notes: Vec<String>,
}

impl Draft {
    /// `base` with every value the row gives.
    fn apply(self, base: &Risk, account: &mut RiskAccount) -> Risk {
        fn or<T: Clone>(new: Option<T>, old: &Option<T>) -> Option<T> {
            new.or_else(|| old.clone())
        }
        let mut r = Risk {
            id: base.id.clone(),
            title: self.title,
            owner: or(self.owner, &base.owner),
            likelihood: or(self.likelihood, &base.likelihood),
            impact: or(self.impact, &base.impact),
            treatment: or(self.treatment, &base.treatment),
            controls: self.controls.unwrap_or_else(|| base.controls.clone()),
            residual_likelihood: or(self.residual_likelihood, &base.residual_likelihood),
            residual_impact: or(self.residual_impact, &base.residual_impact),
            accepted_by: or(self.accepted_by, &base.accepted_by),
            accepted_on: or(self.accepted_on, &base.accepted_on),
            reviewed: or(self.reviewed, &base.reviewed),
            description: or(self.description, &base.description),
        };
        let mut unread: Vec<Unread> = self
            .unread
            .into_iter()
            .map(|(field, value, why)| Unread {
                row: self.row,
                risk: r.id.clone(),
                field,
                value,
                why,
            })
            .collect();
        if r.residual_likelihood.is_some() != r.residual_impact.is_some() {
            let (given, field) = match (self.residual_likelihood, self.residual_impact) {
                (Some(l), _) => (l, Field::ResidualLikelihood),
                (_, Some(i)) => (i, Field::ResidualImpact),
                _ => (0, Field::ResidualLikelihood),
            };
            r.residual_likelihood = base.residual_likelihood;
            r.residual_impact = base.residual_impact;
            unread.push(Unread {
                row: self.row,
                risk: r.id.clone(),
                field,
                value: given.to_string(),
                why: "a residual rating needs both likelihood and impact; left out".to_string(),
            });
        }
        account.unread.extend(unread);
        account.notes.extend(
            self.notes
                .into_iter()
                .map(|n| format!("row {} {}: {n}", self.row, r.id)),
        );
        r
    }
}

enum Read {
    Blank,
    Skip(Outcome),
    Risk(Box<Draft>),
}

struct Reader<'a> {
    table: &'a Table,
    header: &'a RegisterHeader,
    scale: RiskScale<'a>,
    catalog: &'a Catalog,
}

impl Reader<'_> {
    fn cell(&self, r: usize, field: Field) -> String {
        self.header
            .column(field)
            .map_or(String::new(), |c| one_line(self.table.cell(r, c)))
    }

    fn row(&self, r: usize, width: usize) -> Read {
        let cells = &self.table.rows[r];
        if cells.iter().all(|c| one_line(c).is_empty()) {
            return Read::Blank;
        }
        let id_text = self.cell(r, Field::Id);
        let title = self.cell(r, Field::Title);
        let id = (!id_text.is_empty()).then(|| {
            let id = cells::risk_id(&id_text, width);
            let from = if id == id_text {
                IdFrom::Sheet
            } else {
                IdFrom::Number(id_text.clone())
            };
            (id, from)
        });
        match (&id, title.is_empty()) {
            (None, true) => {
                let text = cells.iter().map(|c| one_line(c)).find(|c| !c.is_empty());
                return Read::Skip(Outcome::NoIdOrTitle {
                    text: text.unwrap_or_default(),
                });
            }
            (Some((id, _)), true) => return Read::Skip(Outcome::NoTitle { id: id.clone() }),
            _ => {}
        }
        let mut d = Draft {
            row: self.table.row_number(r),
            id,
            title,
            ..Draft::default()
        };
        let text = |field| Some(self.cell(r, field)).filter(|t| !t.is_empty());
        d.owner = text(Field::Owner);
        d.description = self
            .header
            .column(Field::Description)
            .map(|c| multi_line(self.table.cell(r, c)))
            .filter(|t| !t.is_empty());
        d.likelihood = self.level(&mut d, r, Field::Likelihood);
        d.impact = self.level(&mut d, r, Field::Impact);
        d.residual_likelihood = self.level(&mut d, r, Field::ResidualLikelihood);
        d.residual_impact = self.level(&mut d, r, Field::ResidualImpact);
        d.score = text(Field::Score);
        d.residual_score = text(Field::ResidualScore);
        if let Some(t) = text(Field::Treatment) {
            d.treatment = cells::treatment(&t);
            if d.treatment.is_none() {
                d.unread.push((
                    Field::Treatment,
                    t,
                    format!("not a treatment gapwalk knows ({})", Treatment::spellings()),
                ));
            }
        }
        if let Some(t) = text(Field::Controls) {
            let (ids, left_out) = cells::controls(self.catalog, &t);
            for n in left_out {
                let (value, why) = match n {
                    NotAControl::Unknown(v) => (v, "not an ISO/IEC 27001:2022 Annex A control"),
                    NotAControl::Clause(v) => (
                        v,
                        "a clause of 4–10, not an Annex A control (risks are treated by controls)",
                    ),
                    NotAControl::NotAnId(v) => (v, "not a control id"),
                };
                d.unread
                    .push((Field::Controls, value, format!("{why}; skipped")));
            }
            if !ids.is_empty() || cells::no_controls(&t) {
                d.controls = Some(ids);
            }
        }
        d.accepted_by = text(Field::AcceptedBy);
        d.accepted_on = self.date(&mut d, r, Field::AcceptedOn);
        d.reviewed = self.date(&mut d, r, Field::Reviewed);
        if self.header.owner_accepts() && d.accepted_on.is_some() {
            d.accepted_by.clone_from(&d.owner);
        }
        self.check_score(&mut d);
        Read::Risk(Box::new(d))
    }

    /// A level on the assessment's scale; what is not one is noted.
    fn level(&self, d: &mut Draft, r: usize, field: Field) -> Option<u32> {
        let t = self.cell(r, field);
        if t.is_empty() {
            return None;
        }
        let level = self.scale.parse(&t);
        if level.is_none() {
            d.unread.push((
                field,
                t,
                format!(
                    "not a level of the assessment's risk scale ({})",
                    self.scale.legend()
                ),
            ));
        }
        level
    }

    fn date(&self, d: &mut Draft, r: usize, field: Field) -> Option<chrono::NaiveDate> {
        let t = self.cell(r, field);
        if t.is_empty() {
            return None;
        }
        cells::date(&t)
            .map_err(|why| d.unread.push((field, t, why)))
            .ok()
    }

    /// The sheet's score beside likelihood × impact: a difference is a
    /// note (gapwalk computes the score; it is never stored).
    fn check_score(&self, d: &mut Draft) {
        let pairs = [
            (&d.score, d.likelihood, d.impact, ""),
            (
                &d.residual_score,
                d.residual_likelihood,
                d.residual_impact,
                "residual ",
            ),
        ];
        let mut notes = Vec::new();
        for (said, l, i, what) in pairs {
            let Some(said) = said else { continue };
            match (cells::score(said), l.zip(i)) {
                (Some(s), Some((l, i))) if s != l * i => notes.push(format!(
                    "the sheet's {what}score {s} is not {} × {} = {} on the assessment's scale; gapwalk uses {}",
                    self.scale.name(l),
                    self.scale.name(i),
                    l * i,
                    l * i
                )),
                (None, _) => notes.push(format!(
                    "the sheet's {what}score \"{said}\" is not a number; gapwalk computes the score from likelihood and impact"
                )),
                _ => {}
            }
        }
        d.notes.extend(notes);
    }
}
