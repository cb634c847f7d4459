//! Reading an assessment file, reporting every problem with its line and
//! column.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};
use toml_edit::DocumentMut;

use super::model::{
    Action, Answer, Assessment, Conflict, Evidence, FORMAT, FailedCheck, Field, FieldValue,
    InclusionReason, ItemRecord, Observation, Place, PlaceKind, ScanRecord, Session,
};
use super::schema::{
    self, Access, CONFLICT_KEYS, EVIDENCE_KEYS, FAILED_CHECK_KEYS, FieldDef, Kind,
    OBSERVATION_KEYS, ROOT_KEYS, SCAN_KEYS, SESSION_ID_KEY, SOA_KEY, fields_of, keys_of,
};
use crate::catalog::{Catalog, ScanTool};

mod conflicts;
mod governance;
mod items;
mod risks;
mod scans;

/// One thing wrong with a file, at a position in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub message: String,
}

/// The message quotes keys and values from the file: they are shown with
/// control, bidirectional and zero-width characters escaped, on one line.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}",
            self.line,
            self.column,
            crate::text::escape_line(&self.message)
        )
    }
}

/// Why a file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: {error}", crate::text::escape_path(path))]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{}", render_problems(path, problems))]
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },
}

fn render_problems(path: &Path, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}:{p}", crate::text::escape_path(path)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses assessment text against a catalog. On success returns the model
/// and the editable document that saving merges changes into.
pub fn parse_assessment(
    text: &str,
    catalog: &Catalog,
) -> Result<(Assessment, DocumentMut), Vec<Problem>> {
    let assessment = parse_model(text, catalog)?;
    match text.parse::<DocumentMut>() {
        Ok(doc) => Ok((assessment, doc)),
        // The checks above passed, so this should not happen.
        Err(e) => Err(vec![Problem {
            line: 1,
            column: 1,
            message: format!(
                "the file could not be read for editing: {}",
                e.message().trim_end()
            ),
        }]),
    }
}

/// Parses assessment text for reading only (reports, validation): the same
/// checks as [`parse_assessment`], without building the editable document.
pub fn parse_model(text: &str, catalog: &Catalog) -> Result<Assessment, Vec<Problem>> {
    let mut reader = Reader::new(catalog);
    let assessment = read_whole(text, &mut reader)?;
    if reader.problems.is_empty() {
        Ok(assessment)
    } else {
        Err(reader.into_problems(text))
    }
}

/// Reads the file as one TOML document.
fn read_whole(text: &str, reader: &mut Reader<'_>) -> Result<Assessment, Vec<Problem>> {
    let (root, errors) = DeTable::parse_recoverable(text);
    let root = root.into_inner();
    // `toml` leaves out-of-range numbers for later; a file with one is not
    // valid TOML, and the first problem in the file is the one reported.
    let overflow = first_overflow(&root);
    let invalid = match (errors.first(), overflow) {
        (Some(e), Some((at, message))) if at < e.span().map_or(0, |s| s.start) => {
            Some((at, message.to_string()))
        }
        (Some(e), _) => Some((e.span().map_or(0, |s| s.start), e.message().to_string())),
        (None, Some((at, message))) => Some((at, message.to_string())),
        (None, None) => None,
    };
    if let Some((at, message)) = invalid {
        let (line, column) = LineIndex::new(text).position(at);
        return Err(vec![Problem {
            line,
            column,
            message: format!("invalid TOML: {}", message.trim_end()),
        }]);
    }
    let mut a = Assessment::default();
    reader.sessions(&root, &mut a);
    if let Some(item) = root.get("items") {
        match item.get_ref().as_table() {
            Some(t) => reader.items(t, &mut a),
            None => reader.problem(Some(item.span()), "`items`: expected a table of items"),
        }
    }
    reader.rest(&root, &mut a);
    Ok(a)
}

/// The earliest integer outside i64 or float outside f64 in the document,
/// which TOML parsers reject: its offset and the message for it.
fn first_overflow(table: &DeTable<'_>) -> Option<(usize, &'static str)> {
    fn value(v: &Spanned<DeValue<'_>>, first: &mut Option<(usize, &'static str)>) {
        let overflow = match v.get_ref() {
            DeValue::Integer(n) => i64::from_str_radix(n.as_str(), n.radix())
                .is_err()
                .then_some("integer number overflowed"),
            DeValue::Float(f) => {
                let s = f.as_str();
                let infinite = s.parse::<f64>().is_ok_and(f64::is_infinite);
                let named = s
                    .strip_prefix(['+', '-'])
                    .unwrap_or(s)
                    .chars()
                    .all(|c| c.is_ascii_alphabetic());
                (infinite && !named).then_some("floating-point number overflowed")
            }
            DeValue::Array(array) => {
                array.iter().for_each(|v| value(v, first));
                None
            }
            DeValue::Table(table) => {
                table.values().for_each(|v| value(v, first));
                None
            }
            DeValue::String(_) | DeValue::Boolean(_) | DeValue::Datetime(_) => None,
        };
        if let Some(message) = overflow {
            let at = v.span().start;
            if first.is_none_or(|(f, _)| at < f) {
                *first = Some((at, message));
            }
        }
    }
    let mut first = None;
    table.values().for_each(|v| value(v, &mut first));
    first
}

/// Byte offsets to line and column.
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

struct Reader<'a> {
    catalog: &'a Catalog,
    /// Ids of the file's sessions, known before items are read.
    session_ids: Vec<String>,
    /// Ids of the file's scans, likewise.
    scan_ids: Vec<String>,
    /// The names of the risk scale's levels (empty: the default scale),
    /// known once `[assessment]` is read, before the risks.
    risk_scale: Vec<String>,
    /// Ids of the file's risks, known before conflicts are read.
    risk_ids: Vec<String>,
    /// Byte offsets in the file, and what is wrong there.
    problems: Vec<(usize, String)>,
}

impl<'a> Reader<'a> {
    fn new(catalog: &'a Catalog) -> Self {
        Reader {
            catalog,
            session_ids: Vec::new(),
            scan_ids: Vec::new(),
            risk_scale: Vec::new(),
            risk_ids: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, span: Option<Range<usize>>, message: impl Into<String>) {
        let at = span.map_or(0, |s| s.start);
        self.problems.push((at, message.into()));
    }

    /// The problems found, in the order of the file.
    fn into_problems(mut self, text: &str) -> Vec<Problem> {
        self.problems.sort_by_key(|(at, _)| *at);
        let lines = LineIndex::new(text);
        self.problems
            .into_iter()
            .map(|(at, message)| {
                let (line, column) = lines.position(at);
                Problem {
                    line,
                    column,
                    message,
                }
            })
            .collect()
    }

    /// `[[sessions]]`, read before items and conflicts that refer to them.
    fn sessions(&mut self, root: &DeTable<'_>, a: &mut Assessment) {
        if let Some(item) = root.get("sessions") {
            self.session_list(item, a);
            self.session_ids = a.sessions.iter().map(|s| s.id.clone()).collect();
        }
        if let Some(item) = root.get("scans") {
            self.scan_list(item, a);
            self.scan_ids = a.scans.iter().map(|s| s.id.clone()).collect();
        }
    }

    /// Everything at the top level but sessions, scans and items.
    fn rest(&mut self, root: &DeTable<'_>, a: &mut Assessment) {
        self.unknown_keys(root, ROOT_KEYS, &"the top level");
        match root.get("format") {
            None => self.problem(
                None,
                format!("missing `format = {FORMAT}` at the top of the file"),
            ),
            Some(item) => match integer(item) {
                Some(FORMAT) => {}
                Some(n) => self.problem(
                    Some(item.span()),
                    format!("format {n} is not supported: this gapwalk reads format {FORMAT}"),
                ),
                None => self.problem(
                    Some(item.span()),
                    format!("`format`: expected the integer {FORMAT}"),
                ),
            },
        }
        match root.get("catalog") {
            None => self.problem(
                None,
                format!(
                    "missing `catalog = \"{}\"` at the top of the file",
                    self.catalog.id()
                ),
            ),
            Some(item) => match item.get_ref().as_str() {
                Some(id) if id == self.catalog.id() => a.catalog = id.to_string(),
                Some(id) => {
                    let expected = self.catalog.id().to_string();
                    self.problem(
                        Some(item.span()),
                        format!("unknown catalog \"{id}\": expected \"{expected}\""),
                    )
                }
                None => self.problem(Some(item.span()), "`catalog`: expected a string"),
            },
        }
        match root.get("assessment") {
            None => self.problem(
                None,
                "missing the [assessment] table (organisation, scope, licences)",
            ),
            Some(item) => match item.get_ref().as_table() {
                Some(t) => self.meta(t, Some(item.span()), a),
                None => self.problem(Some(item.span()), "`assessment`: expected a table"),
            },
        }
        // The scale is known now: the risks, and conflicts that name them.
        self.risks(root, a);
        if let Some(item) = root.get("conflicts") {
            self.conflicts(item, a);
        }
    }

    /// The tables of an array of tables (`[[x]]` or `x = [{…}]`); anything
    /// else, the whole value or one element, is a problem.
    fn tables<'d>(
        &mut self,
        item: &'d Node<'_>,
        what: &dyn fmt::Display,
        expected: &dyn fmt::Display,
    ) -> Vec<&'d DeTable<'d>> {
        let DeValue::Array(array) = item.get_ref() else {
            self.problem(Some(item.span()), format!("{what}: expected {expected}"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for v in array.iter() {
            match v.get_ref().as_table() {
                Some(table) => out.push(table),
                None => self.problem(Some(v.span()), format!("{what}: expected a table")),
            }
        }
        out
    }

    fn session_list(&mut self, item: &Node<'_>, a: &mut Assessment) {
        let tables = self.tables(
            item,
            &"`sessions`",
            &"[[sessions]] tables with id, date, facilitator and attendees",
        );
        for t in tables {
            self.unknown_keys(t, &keys_of(schema::Table::Session), &"[[sessions]]");
            let id_item = t.get(SESSION_ID_KEY);
            let id = self
                .opt_string(t, SESSION_ID_KEY, &"sessions")
                .unwrap_or_default();
            if id.trim().is_empty() {
                self.problem(
                    id_item.map(|i| i.span()),
                    "[[sessions]]: every session needs an `id` such as \"2026-11-28\"",
                );
            } else if a.sessions.iter().any(|s| s.id == id) {
                self.problem(
                    id_item.map(|i| i.span()),
                    format!("[[sessions]]: the id \"{id}\" is used twice"),
                );
            }
            let mut session = Session {
                id,
                ..Session::default()
            };
            for d in fields_of(schema::Table::Session) {
                if let (Some(value), Access::Session { set, .. }) =
                    (self.field(t, d, &"sessions"), d.access)
                {
                    set(&mut session, Some(value));
                }
            }
            a.sessions.push(session);
        }
    }

    fn unknown_keys(&mut self, t: &DeTable<'_>, allowed: &[&str], here: &dyn fmt::Display) {
        for key in t.keys() {
            let span = Some(key.span());
            let key: &str = key.get_ref();
            if !allowed.contains(&key) {
                let hint = allowed
                    .iter()
                    .find(|a| edit_distance(a, key) <= 2)
                    .map_or_else(String::new, |a| format!(" (did you mean `{a}`?)"));
                self.problem(
                    span,
                    format!(
                        "unknown key `{key}` in {here}{hint}: expected one of {}",
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    fn string(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Option<String> {
        match item.get_ref().as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.problem(
                    Some(item.span()),
                    format!("{what}: expected a string in quotes"),
                );
                None
            }
        }
    }

    fn opt_string(
        &mut self,
        t: &DeTable<'_>,
        key: &str,
        here: &dyn fmt::Display,
    ) -> Option<String> {
        let item = t.get(key)?;
        self.string(item, &format_args!("{here}.{key}"))
    }

    fn strings(
        &mut self,
        item: &Node<'_>,
        what: &dyn fmt::Display,
    ) -> Vec<(String, Option<Range<usize>>)> {
        let Some(array) = item
            .get_ref()
            .as_array()
            .filter(|a| !is_array_of_tables(item, a))
        else {
            self.problem(
                Some(item.span()),
                format!("{what}: expected an array of strings"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for v in array.iter() {
            match v.get_ref().as_str() {
                Some(s) => out.push((s.to_string(), Some(v.span()))),
                None => self.problem(Some(v.span()), format!("{what}: expected a string")),
            }
        }
        out
    }

    fn opt_date(
        &mut self,
        t: &DeTable<'_>,
        key: &str,
        here: &dyn fmt::Display,
    ) -> Option<NaiveDate> {
        let item = t.get(key)?;
        self.date(item, &format_args!("{here}.{key}"))
    }

    fn date(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Option<NaiveDate> {
        match item.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => {
                    let date = NaiveDate::from_ymd_opt(
                        i32::from(d.year),
                        u32::from(d.month),
                        u32::from(d.day),
                    );
                    if date.is_none() {
                        self.problem(Some(item.span()), format!("{what}: not a calendar date"));
                    }
                    date
                }
                _ => {
                    self.problem(
                        Some(item.span()),
                        format!("{what}: expected a date without a time, such as 2026-11-28"),
                    );
                    None
                }
            },
            _ => {
                self.problem(
                    Some(item.span()),
                    format!("{what}: expected a date such as 2026-11-28 (without quotes)"),
                );
                None
            }
        }
    }
}

/// `items."ID"`, as problems name an item's table.
struct ItemPath<'a>(&'a str);

impl fmt::Display for ItemPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "items.\"{}\"", self.0)
    }
}

/// A value in the document, with its span.
type Node<'i> = Spanned<DeValue<'i>>;

/// The value as an integer, if it is one.
fn integer(item: &Node<'_>) -> Option<i64> {
    let n = item.get_ref().as_integer()?;
    i64::from_str_radix(n.as_str(), n.radix()).ok()
}

/// Whether an array is `[[tables]]` rather than written in brackets: the
/// array of tables starts where its first table's header does, while a
/// bracketed array's first element comes after its `[`.
fn is_array_of_tables(item: &Node<'_>, array: &DeArray<'_>) -> bool {
    array.first().is_some_and(|first| {
        first.get_ref().as_table().is_some() && first.span().start == item.span().start
    })
}

/// Levenshtein distance, for "did you mean" hints on short keys.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests;
