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

    /// `[[scans]]`: what `gapwalk import-scan` recorded.
    fn scan_list(&mut self, item: &Node<'_>, a: &mut Assessment) {
        let tables = self.tables(
            item,
            &"`scans`",
            &"[[scans]] tables (written by `gapwalk import-scan`)",
        );
        for t in tables {
            if let Some(scan) = self.scan(t, a) {
                a.scans.push(scan);
            }
        }
    }

    fn scan(&mut self, t: &DeTable<'_>, a: &Assessment) -> Option<ScanRecord> {
        let here = "[[scans]]";
        self.unknown_keys(t, SCAN_KEYS, &here);
        let before = self.problems.len();
        let header = t.get("id").or(t.get("tool")).map(|i| i.span());
        let required = |reader: &mut Self, key: &str| {
            if !t.contains_key(key) {
                reader.problem(
                    header.clone(),
                    format!("{here}: missing `{key}` (import-scan writes it; re-import the result rather than editing it)"),
                );
            }
        };
        for key in ["id", "tool", "ran", "file", "sha256", "imported"] {
            required(self, key);
        }
        let id = self.opt_string(t, "id", &"scans").unwrap_or_default();
        if let Some(id_item) = t.get("id") {
            if id.trim().is_empty() {
                self.problem(Some(id_item.span()), format!("{here}: `id` is empty"));
            } else if a.scans.iter().any(|s| s.id == id) {
                self.problem(
                    Some(id_item.span()),
                    format!("{here}: the id \"{id}\" is used twice"),
                );
            }
        }
        let tool = match t.get("tool") {
            Some(item) => {
                let name = self.string(item, &"scans.tool");
                match name.as_deref().map(str::parse::<ScanTool>) {
                    Some(Ok(tool)) => Some(tool),
                    Some(Err(())) => {
                        self.problem(
                            Some(item.span()),
                            format!(
                                "scans.tool: unknown tool \"{}\": expected maester, scubagear or prowler",
                                name.unwrap_or_default()
                            ),
                        );
                        None
                    }
                    None => None,
                }
            }
            None => None,
        };
        let ran = t
            .get("ran")
            .and_then(|item| self.datetime(item, &"scans.ran"));
        let sha256 = self.opt_string(t, "sha256", &"scans").unwrap_or_default();
        if let Some(item) = t.get("sha256") {
            let hex = sha256.len() == 64
                && sha256
                    .chars()
                    .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c));
            if !hex {
                self.problem(
                    Some(item.span()),
                    "scans.sha256: expected the file's SHA-256 as 64 lower-case hex digits",
                );
            } else if a.scans.iter().any(|s| s.sha256 == sha256) {
                self.problem(
                    Some(item.span()),
                    format!(
                        "{here}: the same result (sha256 {}) is recorded twice",
                        &sha256[..12]
                    ),
                );
            }
        }
        let not_judged = match t.get("not_judged") {
            Some(item) => self.count(item, &"scans.not_judged"),
            None => Some(0),
        };
        let failed = match t.get("failed") {
            Some(item) => self.failed_checks(item),
            None => Vec::new(),
        };
        let scan = ScanRecord {
            id,
            tool: tool?,
            version: self.opt_string(t, "version", &"scans"),
            tenant: self.opt_string(t, "tenant", &"scans"),
            ran: ran?,
            file: self.opt_string(t, "file", &"scans").unwrap_or_default(),
            sha256,
            imported: self.opt_date(t, "imported", &"scans")?,
            not_judged: not_judged?,
            passed: self.opt_strings(t, "passed", &"scans"),
            failed,
            unmapped: self.opt_strings(t, "unmapped", &"scans"),
        };
        (self.problems.len() == before).then_some(scan)
    }

    fn failed_checks(&mut self, item: &Node<'_>) -> Vec<FailedCheck> {
        let what = "scans.failed";
        let tables = self.tables(item, &what, &"a list of { id, title } tables");
        let mut out = Vec::new();
        for t in tables {
            self.unknown_keys(t, FAILED_CHECK_KEYS, &what);
            let id = self.opt_string(t, "id", &what).unwrap_or_default();
            if id.is_empty() {
                self.problem(None, format!("{what}: every failing check needs an `id`"));
            }
            out.push(FailedCheck {
                id,
                title: self.opt_string(t, "title", &what).unwrap_or_default(),
            });
        }
        out
    }

    /// An item's observations, each naming a `[[scans]]` entry.
    fn observations(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Vec<Observation> {
        let tables = self.tables(
            item,
            what,
            &"a list of { scan, passed, failed, not_judged, failing } tables",
        );
        let mut out = Vec::new();
        for t in tables {
            self.unknown_keys(t, OBSERVATION_KEYS, what);
            let scan = match t.get("scan") {
                Some(item) => {
                    let id = self.string(item, &format_args!("{what}.scan"));
                    if let Some(id) = &id
                        && !self.scan_ids.contains(id)
                    {
                        self.problem(
                            Some(item.span()),
                            format!("{what}.scan: no [[scans]] entry has the id \"{id}\""),
                        );
                    }
                    id.unwrap_or_default()
                }
                None => {
                    self.problem(
                        Some(item.span()),
                        format!("{what}: every observation names its `scan`"),
                    );
                    String::new()
                }
            };
            let n = |reader: &mut Self, key: &str| match t.get(key) {
                Some(item) => reader
                    .count(item, &format_args!("{what}.{key}"))
                    .unwrap_or_default(),
                None => 0,
            };
            let (passed, failed, not_judged) =
                (n(self, "passed"), n(self, "failed"), n(self, "not_judged"));
            let failing = self.opt_strings(t, "failing", what);
            if failing.len() != failed as usize {
                self.problem(
                    t.get("failing").or(t.get("failed")).map(|i| i.span()),
                    format!(
                        "{what}: `failed` is {failed} but `failing` names {} checks",
                        failing.len()
                    ),
                );
            }
            out.push(Observation {
                scan,
                passed,
                failed,
                not_judged,
                failing,
            });
        }
        out
    }

    /// A count: a whole number from 0.
    fn count(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Option<u32> {
        match integer(item).and_then(|n| u32::try_from(n).ok()) {
            Some(n) => Some(n),
            None => {
                self.problem(
                    Some(item.span()),
                    format!("{what}: expected a whole number from 0"),
                );
                None
            }
        }
    }

    fn opt_strings(&mut self, t: &DeTable<'_>, key: &str, here: &dyn fmt::Display) -> Vec<String> {
        match t.get(key) {
            Some(item) => self
                .strings(item, &format_args!("{here}.{key}"))
                .into_iter()
                .map(|(s, _)| s)
                .collect(),
            None => Vec::new(),
        }
    }

    /// A date and time with an offset (`2026-05-04T17:15:48Z`), in UTC.
    fn datetime(
        &mut self,
        item: &Node<'_>,
        what: &dyn fmt::Display,
    ) -> Option<chrono::DateTime<chrono::Utc>> {
        let parsed = match item.get_ref() {
            DeValue::Datetime(dt) if dt.offset.is_some() && dt.time.is_some() => {
                chrono::DateTime::parse_from_rfc3339(&dt.to_string()).ok()
            }
            _ => None,
        };
        match parsed {
            Some(t) => Some(t.with_timezone(&chrono::Utc)),
            None => {
                self.problem(
                    Some(item.span()),
                    format!(
                        "{what}: expected a date and time with an offset, such as 2026-05-04T17:15:48Z (without quotes)"
                    ),
                );
                None
            }
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

    fn meta(&mut self, t: &DeTable<'_>, span: Option<Range<usize>>, a: &mut Assessment) {
        self.unknown_keys(t, &keys_of(schema::Table::Assessment), &"[assessment]");
        for d in fields_of(schema::Table::Assessment) {
            if d.kind == Kind::RequiredText && !t.contains_key(d.key) {
                self.problem(span.clone(), format!("[assessment]: missing `{}`", d.key));
            }
            if let (Some(value), Access::Assessment { set, .. }) =
                (self.field(t, d, &"assessment"), d.access)
            {
                set(a, Some(value));
            }
        }
        if let Some(item) = t.get(SOA_KEY) {
            self.soa_control(item, a);
        }
    }

    /// Annex A control ids (`critical`), each once.
    fn critical(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (value, span) in self.strings(item, what) {
            match self.catalog.item(&value) {
                Some(i) if i.kind == crate::catalog::ItemKind::Control => {
                    if out.contains(&value) {
                        self.problem(span, format!("{what}: \"{value}\" is listed twice"));
                    } else {
                        out.push(value);
                    }
                }
                Some(_) => self.problem(
                    span,
                    format!(
                        "{what}: \"{value}\" is a clause; clauses 4–10 are mandatory and always treated as critical: list Annex A controls such as \"A.5.24\""
                    ),
                ),
                None => self.problem(
                    span,
                    format!(
                        "{what}: unknown control \"{value}\": expected an Annex A control such as \"A.5.24\""
                    ),
                ),
            }
        }
        out
    }

    /// `[assessment.soa]`: the SoA's document control.
    fn soa_control(&mut self, item: &Node<'_>, a: &mut Assessment) {
        let keys = keys_of(schema::Table::Soa);
        let Some(t) = item.get_ref().as_table() else {
            self.problem(
                Some(item.span()),
                format!(
                    "`assessment.soa`: expected a table ([assessment.soa] with {})",
                    keys.join(", ")
                ),
            );
            return;
        };
        self.unknown_keys(t, &keys, &"[assessment.soa]");
        for d in fields_of(schema::Table::Soa) {
            if let (Some(value), Access::Assessment { set, .. }) =
                (self.field(t, d, &"assessment.soa"), d.access)
            {
                set(a, Some(value));
            }
        }
    }

    /// The field `d` of table `t`, if the table has it and its value is
    /// valid (else the problem is recorded). `here` names the table in
    /// messages: "items.\"A.5.1\"" gives "items.\"A.5.1\".owner".
    fn field(
        &mut self,
        t: &DeTable<'_>,
        d: &FieldDef,
        here: &dyn fmt::Display,
    ) -> Option<FieldValue> {
        let item = t.get(d.key)?;
        self.value(d.kind, item, &format_args!("{here}.{}", d.key))
    }

    fn licences(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Vec<String> {
        let mut out = Vec::new();
        for (value, span) in self.strings(item, what) {
            if self.catalog.licence(&value).is_some() {
                out.push(value);
            } else {
                self.problem(
                    span,
                    format!(
                        "unknown licence \"{value}\": expected a licence id such as m365-e3 or m365-business-premium (`gapwalk catalog` lists them)"
                    ),
                );
            }
        }
        out
    }

    fn interval(&mut self, item: &Node<'_>) -> Option<u32> {
        match integer(item) {
            Some(n @ 1..=120) => Some(n as u32),
            _ => {
                self.problem(
                    Some(item.span()),
                    "`review_interval_months`: expected a whole number of months from 1 to 120",
                );
                None
            }
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

    /// The items of `[items]`.
    fn items(&mut self, t: &DeTable<'_>, a: &mut Assessment) {
        for (key, item) in t.iter() {
            let key_span = Some(key.span());
            let key: &str = key.get_ref();
            if self.catalog.item(key).is_none() {
                let hint = if self.catalog.item(&format!("A.{key}")).is_some() {
                    format!(" (Annex A controls are written \"A.{key}\")")
                } else {
                    String::new()
                };
                self.problem(
                    key_span,
                    format!(
                        "unknown item \"{key}\": expected a clause such as \"6.1.3\" or an Annex A control such as \"A.8.24\" of {}{hint}",
                        self.catalog.id()
                    ),
                );
                continue;
            };
            let Some(fields) = item.get_ref().as_table() else {
                self.problem(
                    Some(item.span()),
                    format!("{}: expected a table", ItemPath(key)),
                );
                continue;
            };
            let record = self.item(key, fields);
            if !record.is_empty() {
                a.items.insert(key.to_string(), record);
            }
        }
    }

    fn item(&mut self, id: &str, t: &DeTable<'_>) -> ItemRecord {
        let here = ItemPath(id);
        self.unknown_keys(t, &keys_of(schema::Table::Item), &here);
        let mut r = ItemRecord::default();
        for d in fields_of(schema::Table::Item) {
            if let (Some(value), Access::Item { set, .. }) = (self.field(t, d, &here), d.access) {
                set(&mut r, Some(value));
            }
        }
        r
    }

    fn answer(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Option<Answer> {
        match item.get_ref().as_str() {
            Some(s) => match s.parse::<Answer>() {
                Ok(answer) => Some(answer),
                Err(()) => {
                    self.problem(
                        Some(item.span()),
                        format!(
                            "{what}: unknown answer \"{s}\": expected one of microsoft-provides, shared, we-manage, gap, not-applicable"
                        ),
                    );
                    None
                }
            },
            None => {
                self.problem(Some(item.span()), format!("{what}: expected a string"));
                None
            }
        }
    }

    fn capabilities(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Vec<String> {
        let mut out = Vec::new();
        for (value, span) in self.strings(item, what) {
            if self.catalog.capability(&value).is_some() {
                out.push(value);
            } else {
                self.problem(
                    span,
                    format!(
                        "{what}: unknown capability \"{value}\" (`gapwalk catalog` lists them)"
                    ),
                );
            }
        }
        out
    }

    fn reasons(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Vec<InclusionReason> {
        let mut out = Vec::new();
        for (value, span) in self.strings(item, what) {
            match value.parse::<InclusionReason>() {
                Ok(reason) if out.contains(&reason) => {
                    self.problem(span, format!("{what}: \"{value}\" is listed twice"))
                }
                Ok(reason) => out.push(reason),
                Err(()) => self.problem(
                    span,
                    format!(
                        "{what}: unknown reason \"{value}\": expected any of risk-assessment, regulatory, contractual, best-practice"
                    ),
                ),
            }
        }
        out
    }

    fn session_ref(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Option<String> {
        let id = self.string(item, what)?;
        if self.session_ids.contains(&id) {
            Some(id)
        } else {
            self.problem(
                Some(item.span()),
                format!("{what}: no [[sessions]] entry has the id \"{id}\""),
            );
            None
        }
    }

    fn evidence_list(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Vec<Evidence> {
        self.tables(
            item,
            what,
            &format_args!("[[{what}]] tables with what, where and date"),
        )
        .into_iter()
        .map(|table| self.evidence(table, what))
        .collect()
    }

    fn action(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Option<Action> {
        let Some(table) = item.get_ref().as_table() else {
            self.problem(Some(item.span()), format!("{what}: expected a table"));
            return None;
        };
        self.unknown_keys(table, &keys_of(schema::Table::Action), what);
        let mut action = Action::default();
        for d in fields_of(schema::Table::Action) {
            if let (Some(value), Access::Action { set, .. }) =
                (self.field(table, d, what), d.access)
            {
                set(&mut action, Some(value));
            }
        }
        Some(action)
    }

    /// `[[conflicts]]`: what a merge could not decide.
    fn conflicts(&mut self, item: &Node<'_>, a: &mut Assessment) {
        let tables = self.tables(
            item,
            &"`conflicts`",
            &"[[conflicts]] tables with item, field, ours and theirs",
        );
        for t in tables {
            if let Some(c) = self.conflict(t) {
                a.conflicts.push(c);
            }
        }
    }

    fn conflict(&mut self, t: &DeTable<'_>) -> Option<Conflict> {
        let here = "[[conflicts]]";
        self.unknown_keys(t, CONFLICT_KEYS, &here);
        let header = t.get("field").map(|i| i.span());
        let named: Vec<(&str, &Node<'_>)> = ["item", "session", "risk"]
            .into_iter()
            .filter_map(|k| Some((k, t.get(k)?)))
            .collect();
        let place = match named[..] {
            [] => Place::Assessment,
            [("item", item)] => {
                let id = self.string(item, &"conflicts.item")?;
                if self.catalog.item(&id).is_none() {
                    self.problem(
                        Some(item.span()),
                        format!(
                            "conflicts.item: unknown item \"{id}\": expected a clause such as \"6.1.3\" or an Annex A control such as \"A.8.24\""
                        ),
                    );
                    return None;
                }
                Place::Item(id)
            }
            [("session", session)] => {
                Place::Session(self.session_ref(session, &"conflicts.session")?)
            }
            [(_, risk)] => Place::Risk(self.risk_ref(risk, &"conflicts.risk")?),
            [_, (_, second), ..] => {
                self.problem(
                    Some(second.span()),
                    format!("{here}: name one of `item`, `session` or `risk`, not several"),
                );
                return None;
            }
        };
        let Some(field_item) = t.get("field") else {
            self.problem(
                named.first().map(|(_, i)| i.span()),
                format!("{here}: missing `field`, the field the two sides disagree on"),
            );
            return None;
        };
        let name = self.string(field_item, &"conflicts.field")?;
        let Some(field) = Field::parse(place.kind(), &name) else {
            let names: Vec<&str> = Field::of(place.kind()).map(|f| f.as_str()).collect();
            let whose = match place.kind() {
                PlaceKind::Assessment => "[assessment]",
                PlaceKind::Session => "a session",
                PlaceKind::Item => "an item",
                PlaceKind::Risk => "a risk",
            };
            self.problem(
                Some(field_item.span()),
                format!(
                    "conflicts.field: \"{name}\" is not a field of {whose}: expected one of {}",
                    names.join(", ")
                ),
            );
            return None;
        };
        let ours = match t.get("ours") {
            Some(item) => Some(self.value(field.def().kind, item, &"conflicts.ours")?),
            None => None,
        };
        let theirs = match t.get("theirs") {
            Some(item) => Some(self.value(field.def().kind, item, &"conflicts.theirs")?),
            None => None,
        };
        if ours.is_none() && theirs.is_none() {
            self.problem(
                header,
                format!(
                    "{here}: neither `ours` nor `theirs` is given; a conflict needs at least one of them"
                ),
            );
            return None;
        }
        Some(Conflict {
            place,
            field,
            ours,
            theirs,
        })
    }

    /// A value of a field of this kind, checked; `None` (with the
    /// problem recorded) when it is not valid.
    fn value(
        &mut self,
        kind: Kind,
        item: &Node<'_>,
        what: &dyn fmt::Display,
    ) -> Option<FieldValue> {
        let before = self.problems.len();
        let value = match kind {
            Kind::Text | Kind::RequiredText => self.string(item, what).map(FieldValue::Text),
            Kind::Date => self.date(item, what).map(FieldValue::Date),
            Kind::Months => self.interval(item).map(FieldValue::Number),
            Kind::Answer => self.answer(item, what).map(FieldValue::Answer),
            Kind::Licences => Some(FieldValue::Texts(self.licences(item, what))),
            Kind::Controls => Some(FieldValue::Texts(self.critical(item, what))),
            Kind::Capabilities => Some(FieldValue::Texts(self.capabilities(item, what))),
            Kind::Names => Some(FieldValue::Texts(
                self.strings(item, what)
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect(),
            )),
            Kind::Reasons => Some(FieldValue::Reasons(self.reasons(item, what))),
            Kind::SessionRef => self.session_ref(item, what).map(FieldValue::Text),
            Kind::EvidenceList => Some(FieldValue::Evidence(self.evidence_list(item, what))),
            Kind::Observations => Some(FieldValue::Observations(self.observations(item, what))),
            Kind::Action => self.action(item, what).map(FieldValue::Action),
            Kind::Scale => Some(FieldValue::Texts(self.scale(item, what))),
            Kind::Level => self.level(item, what).map(FieldValue::Number),
            Kind::Treatment => self.treatment(item, what).map(FieldValue::Treatment),
            Kind::RiskControls => Some(FieldValue::Texts(self.risk_controls(item, what))),
        };
        (self.problems.len() == before).then_some(value).flatten()
    }

    fn evidence(&mut self, t: &DeTable<'_>, what: &dyn fmt::Display) -> Evidence {
        self.unknown_keys(t, EVIDENCE_KEYS, what);
        Evidence {
            what: self.opt_string(t, "what", what).unwrap_or_default(),
            location: self.opt_string(t, "where", what),
            date: self.opt_date(t, "date", what),
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

mod risks;

#[cfg(test)]
mod tests;
