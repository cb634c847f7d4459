//! Reading an assessment file, reporting every problem with its line and
//! column.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml_edit::{Document, DocumentMut, Item, Table, TableLike, Value};

use super::model::{Action, Answer, Assessment, Evidence, FORMAT, InclusionReason, ItemRecord};
use crate::catalog::Catalog;

/// One thing wrong with a file, at a position in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Why a file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
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
        .map(|p| format!("{}:{p}", path.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses assessment text against a catalog. On success returns the model
/// and the editable document that saving merges changes into.
pub fn parse_assessment(
    text: &str,
    catalog: &Catalog,
) -> Result<(Assessment, DocumentMut), Vec<Problem>> {
    let lines = LineIndex::new(text);
    let doc = match Document::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let (line, column) = lines.position(e.span().map_or(0, |s| s.start));
            return Err(vec![Problem {
                line,
                column,
                message: format!("invalid TOML: {}", e.message().trim_end()),
            }]);
        }
    };
    let mut reader = Reader {
        catalog,
        session_ids: Vec::new(),
        lines: &lines,
        problems: Vec::new(),
    };
    let assessment = reader.assessment(doc.as_table());
    if reader.problems.is_empty() {
        Ok((assessment, doc.into_mut()))
    } else {
        reader.problems.sort_by_key(|p| (p.line, p.column));
        Err(reader.problems)
    }
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
    lines: &'a LineIndex<'a>,
    problems: Vec<Problem>,
}

const ROOT_KEYS: &[&str] = &["format", "catalog", "assessment", "sessions", "items"];
const SESSION_KEYS: &[&str] = &["id", "date", "facilitator", "attendees"];
const ASSESSMENT_KEYS: &[&str] = &[
    "organisation",
    "scope",
    "licences",
    "review_interval_months",
];
const ITEM_KEYS: &[&str] = &[
    "answer",
    "owner",
    "reviewed",
    "relies_on",
    "reliance",
    "included_because",
    "justification",
    "notes",
    "follow_up",
    "session",
    "evidence",
    "action",
];
const EVIDENCE_KEYS: &[&str] = &["what", "where", "date"];
const ACTION_KEYS: &[&str] = &["what", "owner", "due", "done"];

impl Reader<'_> {
    fn problem(&mut self, span: Option<Range<usize>>, message: impl Into<String>) {
        let (line, column) = self.lines.position(span.map_or(0, |s| s.start));
        self.problems.push(Problem {
            line,
            column,
            message: message.into(),
        });
    }

    fn assessment(&mut self, root: &Table) -> Assessment {
        let mut a = Assessment::default();
        self.unknown_keys(root, ROOT_KEYS, "the top level");

        match root.get("format") {
            None => self.problem(
                None,
                format!("missing `format = {FORMAT}` at the top of the file"),
            ),
            Some(item) => match item.as_integer() {
                Some(FORMAT) => {}
                Some(n) => self.problem(
                    item.span(),
                    format!("format {n} is not supported: this gapwalk reads format {FORMAT}"),
                ),
                None => self.problem(
                    item.span(),
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
            Some(item) => match item.as_str() {
                Some(id) if id == self.catalog.id() => a.catalog = id.to_string(),
                Some(id) => {
                    let expected = self.catalog.id().to_string();
                    self.problem(
                        item.span(),
                        format!("unknown catalog \"{id}\": expected \"{expected}\""),
                    )
                }
                None => self.problem(item.span(), "`catalog`: expected a string"),
            },
        }
        match root.get("assessment") {
            None => self.problem(
                None,
                "missing the [assessment] table (organisation, scope, licences)",
            ),
            Some(item) => match item.as_table_like() {
                Some(t) => self.meta(t, item.span(), &mut a),
                None => self.problem(item.span(), "`assessment`: expected a table"),
            },
        }
        if let Some(item) = root.get("sessions") {
            self.sessions(item, &mut a);
            self.session_ids = a.sessions.iter().map(|s| s.id.clone()).collect();
        }
        if let Some(item) = root.get("items") {
            match item.as_table_like() {
                Some(t) => self.items(t, &mut a),
                None => self.problem(item.span(), "`items`: expected a table of items"),
            }
        }
        a
    }

    fn meta(&mut self, t: &dyn TableLike, span: Option<Range<usize>>, a: &mut Assessment) {
        self.unknown_keys(t, ASSESSMENT_KEYS, "[assessment]");
        match t.get("organisation") {
            Some(item) => {
                if let Some(s) = self.string(item, "assessment.organisation") {
                    a.organisation = s;
                }
            }
            None => self.problem(span, "[assessment]: missing `organisation`"),
        }
        if let Some(item) = t.get("scope") {
            a.scope = self.string(item, "assessment.scope");
        }
        if let Some(item) = t.get("licences") {
            for (value, span) in self.strings(item, "assessment.licences") {
                if self.catalog.licence(&value).is_some() {
                    a.licences.push(value);
                } else {
                    self.problem(
                        span,
                        format!(
                            "unknown licence \"{value}\": expected a licence id such as m365-e3 or m365-business-premium (`gapwalk catalog` lists them)"
                        ),
                    );
                }
            }
        }
        if let Some(item) = t.get("review_interval_months") {
            match item.as_integer() {
                Some(n @ 1..=120) => a.review_interval_months = Some(n as u32),
                _ => self.problem(
                    item.span(),
                    "`review_interval_months`: expected a whole number of months from 1 to 120",
                ),
            }
        }
    }

    fn sessions(&mut self, item: &Item, a: &mut Assessment) {
        let tables: Vec<&dyn TableLike> = match item {
            Item::ArrayOfTables(aot) => aot.iter().map(|t| t as &dyn TableLike).collect(),
            Item::Value(Value::Array(array)) => array
                .iter()
                .filter_map(|v| v.as_inline_table().map(|t| t as &dyn TableLike))
                .collect(),
            _ => {
                self.problem(
                    item.span(),
                    "`sessions`: expected [[sessions]] tables with id, date, facilitator and attendees",
                );
                return;
            }
        };
        for t in tables {
            self.unknown_keys(t, SESSION_KEYS, "[[sessions]]");
            let id_item = t.get("id");
            let id = self.opt_string(t, "id", "sessions").unwrap_or_default();
            if id.trim().is_empty() {
                self.problem(
                    id_item.and_then(|i| i.span()),
                    "[[sessions]]: every session needs an `id` such as \"2026-11-28\"",
                );
            } else if a.sessions.iter().any(|s| s.id == id) {
                self.problem(
                    id_item.and_then(|i| i.span()),
                    format!("[[sessions]]: the id \"{id}\" is used twice"),
                );
            }
            let attendees = match t.get("attendees") {
                Some(item) => self
                    .strings(item, "sessions.attendees")
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect(),
                None => Vec::new(),
            };
            a.sessions.push(super::model::Session {
                date: self.opt_date(t, "date", "sessions"),
                facilitator: self.opt_string(t, "facilitator", "sessions"),
                attendees,
                id,
            });
        }
    }

    fn items(&mut self, t: &dyn TableLike, a: &mut Assessment) {
        for (key, item) in t.iter() {
            let key_span = t.key(key).and_then(|k| k.span());
            if self.catalog.item(key).is_none() {
                let hint = if self.catalog.item(&format!("A.{key}")).is_some() {
                    format!(" (Annex A controls are written \"A.{key}\")")
                } else {
                    String::new()
                };
                self.problem(
                    key_span.or_else(|| item.span()),
                    format!(
                        "unknown item \"{key}\": expected a clause such as \"6.1.3\" or an Annex A control such as \"A.8.24\" of {}{hint}",
                        self.catalog.id()
                    ),
                );
                continue;
            }
            let Some(fields) = item.as_table_like() else {
                self.problem(item.span(), format!("items.\"{key}\": expected a table"));
                continue;
            };
            let record = self.item(key, fields);
            if !record.is_empty() {
                a.items.insert(key.to_string(), record);
            }
        }
    }

    fn item(&mut self, id: &str, t: &dyn TableLike) -> ItemRecord {
        let here = format!("items.\"{id}\"");
        self.unknown_keys(t, ITEM_KEYS, &here);
        let mut r = ItemRecord::default();
        if let Some(item) = t.get("answer") {
            match item.as_str() {
                Some(s) => match s.parse::<Answer>() {
                    Ok(answer) => r.answer = Some(answer),
                    Err(()) => self.problem(
                        item.span(),
                        format!(
                            "{here}.answer: unknown answer \"{s}\": expected one of microsoft-provides, shared, we-manage, gap, not-applicable"
                        ),
                    ),
                },
                None => self.problem(item.span(), format!("{here}.answer: expected a string")),
            }
        }
        r.owner = self.opt_string(t, "owner", &here);
        r.reviewed = self.opt_date(t, "reviewed", &here);
        if let Some(item) = t.get("relies_on") {
            for (value, span) in self.strings(item, &format!("{here}.relies_on")) {
                if self.catalog.capability(&value).is_some() {
                    r.relies_on.push(value);
                } else {
                    self.problem(
                        span,
                        format!(
                            "{here}.relies_on: unknown capability \"{value}\" (`gapwalk catalog` lists them)"
                        ),
                    );
                }
            }
        }
        r.reliance = self.opt_string(t, "reliance", &here);
        if let Some(item) = t.get("included_because") {
            for (value, span) in self.strings(item, &format!("{here}.included_because")) {
                match value.parse::<InclusionReason>() {
                    Ok(reason) if r.included_because.contains(&reason) => self.problem(
                        span,
                        format!("{here}.included_because: \"{value}\" is listed twice"),
                    ),
                    Ok(reason) => r.included_because.push(reason),
                    Err(()) => self.problem(
                        span,
                        format!(
                            "{here}.included_because: unknown reason \"{value}\": expected any of risk-assessment, regulatory, contractual, best-practice"
                        ),
                    ),
                }
            }
        }
        r.justification = self.opt_string(t, "justification", &here);
        r.notes = self.opt_string(t, "notes", &here);
        r.follow_up = self.opt_string(t, "follow_up", &here);
        if let Some(item) = t.get("session")
            && let Some(id) = self.string(item, &format!("{here}.session"))
        {
            if self.session_ids.contains(&id) {
                r.session = Some(id);
            } else {
                self.problem(
                    item.span(),
                    format!("{here}.session: no [[sessions]] entry has the id \"{id}\""),
                );
            }
        }
        if let Some(item) = t.get("evidence") {
            let what = format!("{here}.evidence");
            match item {
                Item::ArrayOfTables(aot) => {
                    for table in aot.iter() {
                        r.evidence.push(self.evidence(table, &what));
                    }
                }
                Item::Value(Value::Array(array)) => {
                    for v in array.iter() {
                        match v.as_inline_table() {
                            Some(table) => r.evidence.push(self.evidence(table, &what)),
                            None => self.problem(v.span(), format!("{what}: expected a table")),
                        }
                    }
                }
                _ => self.problem(
                    item.span(),
                    format!("{what}: expected [[{what}]] tables with what, where and date"),
                ),
            }
        }
        if let Some(item) = t.get("action") {
            let what = format!("{here}.action");
            match item.as_table_like() {
                Some(table) => {
                    self.unknown_keys(table, ACTION_KEYS, &what);
                    r.action = Some(Action {
                        what: self.opt_string(table, "what", &what).unwrap_or_default(),
                        owner: self.opt_string(table, "owner", &what),
                        due: self.opt_date(table, "due", &what),
                        done: self.opt_date(table, "done", &what),
                    });
                }
                None => self.problem(item.span(), format!("{what}: expected a table")),
            }
        }
        r
    }

    fn evidence(&mut self, t: &dyn TableLike, what: &str) -> Evidence {
        self.unknown_keys(t, EVIDENCE_KEYS, what);
        Evidence {
            what: self.opt_string(t, "what", what).unwrap_or_default(),
            location: self.opt_string(t, "where", what),
            date: self.opt_date(t, "date", what),
        }
    }

    fn unknown_keys(&mut self, t: &dyn TableLike, allowed: &[&str], here: &str) {
        for (key, item) in t.iter() {
            if !allowed.contains(&key) {
                let span = t.key(key).and_then(|k| k.span()).or_else(|| item.span());
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

    fn string(&mut self, item: &Item, what: &str) -> Option<String> {
        match item.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.problem(item.span(), format!("{what}: expected a string in quotes"));
                None
            }
        }
    }

    fn opt_string(&mut self, t: &dyn TableLike, key: &str, here: &str) -> Option<String> {
        let item = t.get(key)?;
        self.string(item, &format!("{here}.{key}"))
    }

    fn strings(&mut self, item: &Item, what: &str) -> Vec<(String, Option<Range<usize>>)> {
        let Some(array) = item.as_array() else {
            self.problem(item.span(), format!("{what}: expected an array of strings"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for v in array.iter() {
            match v.as_str() {
                Some(s) => out.push((s.to_string(), v.span())),
                None => self.problem(v.span(), format!("{what}: expected a string")),
            }
        }
        out
    }

    fn opt_date(&mut self, t: &dyn TableLike, key: &str, here: &str) -> Option<NaiveDate> {
        let item = t.get(key)?;
        let expected = format!("{here}.{key}: expected a date such as 2026-11-28 (without quotes)");
        let Some(value) = item.as_value() else {
            self.problem(item.span(), expected);
            return None;
        };
        match value {
            Value::Datetime(dt) => {
                let dt = dt.value();
                match (dt.date, dt.time) {
                    (Some(d), None) => {
                        let date = NaiveDate::from_ymd_opt(
                            i32::from(d.year),
                            u32::from(d.month),
                            u32::from(d.day),
                        );
                        if date.is_none() {
                            self.problem(
                                value.span(),
                                format!("{here}.{key}: not a calendar date"),
                            );
                        }
                        date
                    }
                    _ => {
                        self.problem(
                            value.span(),
                            format!(
                                "{here}.{key}: expected a date without a time, such as 2026-11-28"
                            ),
                        );
                        None
                    }
                }
            }
            _ => {
                self.problem(value.span(), expected);
                None
            }
        }
    }
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
