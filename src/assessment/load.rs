//! Reading an assessment file, reporting every problem with its line and
//! column.

use std::collections::HashSet;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};
use toml_edit::DocumentMut;

use super::model::{
    Action, Answer, Assessment, Conflict, Evidence, FORMAT, Field, FieldValue, InclusionReason,
    ItemRecord, Place, PlaceKind, Session,
};
use super::schema::{
    self, Access, CONFLICT_KEYS, EVIDENCE_KEYS, FieldDef, Kind, ROOT_KEYS, SESSION_ID_KEY, SOA_KEY,
    fields_of, keys_of,
};
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
    let assessment = match read_by_item(text, &mut reader) {
        Some(assessment) => assessment,
        None => {
            reader = Reader::new(catalog);
            read_whole(text, &mut reader)?
        }
    };
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
    let parts = [(0, &root)];
    reader.sessions(&parts, &mut a);
    if let Some(item) = root.get("items") {
        match item.get_ref().as_table() {
            // Without `seen`, reading items always goes on to the end.
            Some(t) => _ = reader.items(t, &mut a, None),
            None => reader.problem(Some(item.span()), "`items`: expected a table of items"),
        }
    }
    reader.rest(&parts, &mut a);
    Ok(a)
}

/// Reads the file one item at a time: the text before the first item's
/// tables, then each run of one item's tables as a document of its own.
/// Each piece is parsed while it is small enough to stay in the processor's
/// cache, so reading grows linearly with the file.
///
/// The pieces stand for the whole only when each parses on its own and no
/// key is defined in two of them; otherwise (bad TOML, an item's tables
/// split up, a table defined twice) this gives up with `None` and the file
/// is read whole, which reports exactly what `toml` finds.
fn read_by_item(text: &str, reader: &mut Reader<'_>) -> Option<Assessment> {
    let starts = item_runs(text);
    let first = *starts.first()?;
    let head = parse_piece(&text[..first])?;
    if head.contains_key("items") {
        return None;
    }
    let mut a = Assessment::default();
    a.items
        .reserve(reader.catalog.items().len().min(starts.len()));
    reader.sessions(&[(0, &head)], &mut a);
    let mut seen_keys: Vec<String> = head.keys().map(|k| k.get_ref().to_string()).collect();
    let mut seen_items = HashSet::with_capacity(starts.len());
    let mut tails = Vec::new();
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    for (start, end) in starts.iter().copied().zip(ends) {
        let piece = parse_piece(&text[start..end])?;
        reader.base = start;
        let mut only_items = true;
        for (key, value) in piece.iter() {
            let key: &str = key.get_ref();
            if key == "items" {
                reader.items(value.get_ref().as_table()?, &mut a, Some(&mut seen_items))?;
            } else if key == "sessions" || seen_keys.iter().any(|k| k == key) {
                return None;
            } else {
                seen_keys.push(key.to_string());
                only_items = false;
            }
        }
        if !only_items {
            tails.push((start, piece));
        }
    }
    let mut parts = vec![(0, &head)];
    parts.extend(tails.iter().map(|(start, piece)| (*start, piece)));
    reader.rest(&parts, &mut a);
    Some(a)
}

/// A piece of the file as a TOML document, if it is valid on its own.
fn parse_piece(text: &str) -> Option<DeTable<'_>> {
    let table = DeTable::parse(text).ok()?.into_inner();
    first_overflow(&table).is_none().then_some(table)
}

/// Where each run of one item's tables begins: a line starting
/// `[items."ID"` or `[[items."ID"` for an ID other than the run before.
/// Only a guess at the file's shape ([`read_by_item`] checks it): a line
/// inside a multi-line string or array may look like a header, and then the
/// piece before it does not parse.
fn item_runs(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut current = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let id = line
            .strip_prefix("[[items.\"")
            .or_else(|| line.strip_prefix("[items.\""))
            .and_then(|rest| rest.split_once('"'))
            .map(|(id, _)| id)
            .filter(|id| !id.contains('\\'));
        if let Some(id) = id
            && current != Some(id)
        {
            starts.push(at);
            current = Some(id);
        }
        at += line.len();
    }
    starts
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
    /// Where the piece of the file being read starts: spans are relative
    /// to it.
    base: usize,
    /// Byte offsets in the file, and what is wrong there.
    problems: Vec<(usize, String)>,
}

impl<'a> Reader<'a> {
    fn new(catalog: &'a Catalog) -> Self {
        Reader {
            catalog,
            session_ids: Vec::new(),
            base: 0,
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, span: Option<Range<usize>>, message: impl Into<String>) {
        let at = span.map_or(0, |s| self.base + s.start);
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

    /// The value of a top-level key in whichever part of the file holds
    /// it; reading goes on relative to that part.
    fn top<'d>(&mut self, parts: &[(usize, &'d DeTable<'d>)], key: &str) -> Option<&'d Node<'d>> {
        let (base, value) = parts
            .iter()
            .find_map(|(base, t)| t.get(key).map(|v| (*base, v)))?;
        self.base = base;
        Some(value)
    }

    /// `[[sessions]]`, read before items and conflicts that refer to them.
    fn sessions(&mut self, parts: &[(usize, &DeTable<'_>)], a: &mut Assessment) {
        if let Some(item) = self.top(parts, "sessions") {
            self.session_list(item, a);
            self.session_ids = a.sessions.iter().map(|s| s.id.clone()).collect();
        }
    }

    /// Everything at the top level but sessions and items.
    fn rest(&mut self, parts: &[(usize, &DeTable<'_>)], a: &mut Assessment) {
        for (base, t) in parts {
            self.base = *base;
            self.unknown_keys(t, ROOT_KEYS, &"the top level");
        }
        match self.top(parts, "format") {
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
        match self.top(parts, "catalog") {
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
        match self.top(parts, "assessment") {
            None => self.problem(
                None,
                "missing the [assessment] table (organisation, scope, licences)",
            ),
            Some(item) => match item.get_ref().as_table() {
                Some(t) => self.meta(t, Some(item.span()), a),
                None => self.problem(Some(item.span()), "`assessment`: expected a table"),
            },
        }
        if let Some(item) = self.top(parts, "conflicts") {
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

    /// The items of `[items]`. Reading the file by piece, `seen` holds the
    /// items of earlier pieces, and an item seen before gives `None`.
    fn items(
        &mut self,
        t: &DeTable<'_>,
        a: &mut Assessment,
        mut seen: Option<&mut HashSet<&'a str>>,
    ) -> Option<()> {
        for (key, item) in t.iter() {
            let key_span = Some(key.span());
            let key: &str = key.get_ref();
            let Some(known) = self.catalog.item(key) else {
                if seen.is_some() {
                    // Only a whole read tells whether it is also defined twice.
                    return None;
                }
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
            if let Some(seen) = seen.as_deref_mut()
                && !seen.insert(known.id.as_ref())
            {
                return None;
            }
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
        Some(())
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
        let place = match (t.get("item"), t.get("session")) {
            (Some(_), Some(session)) => {
                self.problem(
                    Some(session.span()),
                    format!("{here}: name an `item` or a `session`, not both"),
                );
                return None;
            }
            (Some(item), None) => {
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
            (None, Some(session)) => {
                Place::Session(self.session_ref(session, &"conflicts.session")?)
            }
            (None, None) => Place::Assessment,
        };
        let Some(field_item) = t.get("field") else {
            self.problem(
                t.get("item").or(t.get("session")).map(|i| i.span()),
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
            Kind::Action => self.action(item, what).map(FieldValue::Action),
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

#[cfg(test)]
mod tests;
