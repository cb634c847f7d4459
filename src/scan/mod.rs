//! Tenant scan results: what Maester, ScubaGear and Prowler found in the
//! Microsoft 365 tenant, read from the files those tools write. Domain
//! code: no terminal, no file system (the command line reads the bytes).
//!
//! A scan is evidence about configuration, never about the management
//! system: it never answers an item, never names an owner, and never counts
//! for clauses 4–10. Every result is normalised to passed, failed or
//! neither:
//!
//! | tool | passed | failed | neither (not judged) |
//! |---|---|---|---|
//! | Maester | `Passed` | `Failed` | `Skipped`, `NotRun`, `Error`, `Investigate` |
//! | ScubaGear | `Pass` | `Fail` | `Warning`, `N/A`, `Manual`, `Error`, `Omitted` |
//! | Prowler | `PASS` | `FAIL` (not muted) | `MANUAL`, a muted finding |
//!
//! `Error` means the tool could not run the check and `Investigate` that it
//! could not decide: neither is evidence either way, so neither passes nor
//! fails. ScubaGear's `Warning` is a "should" it found unmet; gapwalk counts
//! only what the tools call a failure. Any other word counts as neither,
//! with a warning. A check that appears several times (Prowler writes one
//! finding per resource, Maester repeats parameterised tests) fails if any
//! of its results fails, else passes if any passes.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

pub use crate::catalog::ScanTool;
use crate::text::{is_invisible, line_col};

mod title;
use title::clean_id;
pub use title::clean_title;
mod csv;
mod import;
mod maester;
mod observe;
mod prowler;
mod scubagear;

pub use import::{ImportError, Imported, Recorded, current_tenant, record_scan};
pub use observe::{ItemObservation, Observations, observe};

/// The largest result file read (a large tenant's Prowler output is tens of
/// megabytes).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Longer check titles are cut, with a warning naming the check.
pub const MAX_TITLE_CHARS: usize = 300;

/// Longer check ids are not ids: the check is left out with a warning.
pub const MAX_ID_CHARS: usize = 200;

/// A check's result, normalised (see the module comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    Passed,
    Failed,
    /// Skipped, not run, not applicable, manual, a warning, an error, to
    /// investigate: not evidence either way.
    Neither,
}

/// One check of a scan, all its results combined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    /// The tool's check id, as the tool writes it.
    pub id: String,
    /// The tool's title: plain text (HTML and control characters removed,
    /// cut at [`MAX_TITLE_CHARS`]).
    pub title: String,
    pub outcome: Outcome,
    /// The tool's own word for the result that decided the outcome.
    pub status: String,
}

/// One scan result file, read and normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanResult {
    pub tool: ScanTool,
    pub tool_version: Option<String>,
    /// The Microsoft Entra tenant id the tool scanned.
    pub tenant: Option<String>,
    /// When the scan ran.
    pub ran: DateTime<Utc>,
    /// One entry per check id, in the order the file first names them.
    pub checks: Vec<CheckResult>,
    /// What the reader noticed but could work around: each names the
    /// check (cut titles, unknown result words, checks without an id).
    pub warnings: Vec<String>,
}

impl ScanResult {
    pub fn count(&self, outcome: Outcome) -> usize {
        self.checks.iter().filter(|c| c.outcome == outcome).count()
    }
}

/// A result file that cannot be read. `Display` gives `file:line:col:
/// message` where the position is known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScanError {
    #[error("{file}:{line}:{column}: {message}")]
    At {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: {message}")]
    File { file: String, message: String },
}

/// Where a problem is: a position, or the file as a whole.
#[derive(Debug)]
pub(crate) struct Problem {
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl Problem {
    pub fn file(message: impl Into<String>) -> Self {
        Problem {
            at: None,
            message: message.into(),
        }
    }

    pub fn at(line: usize, column: usize, message: impl Into<String>) -> Self {
        Problem {
            at: Some((line, column)),
            message: message.into(),
        }
    }

    /// A JSON syntax or shape error, at serde_json's position.
    pub fn json(e: &serde_json::Error, what: &str) -> Self {
        let message = strip_position(&e.to_string());
        let message = match e.classify() {
            serde_json::error::Category::Eof => {
                format!("{what} ends too early (a truncated file?): {message}")
            }
            _ => format!("{what}: {message}"),
        };
        if e.line() == 0 {
            Problem::file(message)
        } else {
            Problem::at(e.line(), e.column(), message)
        }
    }

    /// A problem about a field: at the first place the key is written, if
    /// it is written at all.
    pub fn key(text: &str, key: &str, message: impl Into<String>) -> Self {
        let quoted = format!("\"{key}\"");
        match text.find(&quoted) {
            Some(offset) => {
                let (line, column) = line_col(text, offset);
                Problem::at(line, column, message)
            }
            None => Problem::file(message),
        }
    }

    fn into_error(self, file: &str) -> ScanError {
        let file = file.to_string();
        match self.at {
            Some((line, column)) => ScanError::At {
                file,
                line,
                column,
                message: self.message,
            },
            None => ScanError::File {
                file,
                message: self.message,
            },
        }
    }
}

/// serde_json ends its messages with " at line L column C"; the position
/// goes in front instead.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Reads a result file's bytes. `name` is how messages name the file;
/// `tool` overrides recognising the format from the content.
pub fn parse_scan(
    name: &str,
    bytes: &[u8],
    tool: Option<ScanTool>,
) -> Result<ScanResult, ScanError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Problem::file(format!(
            "{} bytes is more than a scan result file can be ({} MB at most)",
            bytes.len(),
            MAX_FILE_BYTES / 1024 / 1024
        ))
        .into_error(name));
    }
    let text = decode(bytes).map_err(|p| p.into_error(name))?;
    read(&text, tool).map_err(|p| p.into_error(name))
}

/// What the content looks like.
enum Shape {
    Object,
    Array,
    Delimited,
}

fn read(text: &str, tool: Option<ScanTool>) -> Result<ScanResult, Problem> {
    let shape = match text.trim_start().chars().next() {
        None => {
            return Err(Problem::file(
                "the file is empty: expected a Maester, ScubaGear or Prowler result",
            ));
        }
        Some('{') => Shape::Object,
        Some('[') => Shape::Array,
        Some(_) => Shape::Delimited,
    };
    let raw = match (shape, tool) {
        (Shape::Array, None | Some(ScanTool::Prowler)) => prowler::read_ocsf(text)?,
        (Shape::Delimited, None | Some(ScanTool::Prowler)) => prowler::read_csv(text)?,
        (Shape::Object, tool) => read_object(text, tool)?,
        (_, Some(t)) => {
            return Err(Problem::file(format!(
                "this is not a {} result: {} writes a JSON object",
                t.label(),
                t.label()
            )));
        }
    };
    raw.finish()
}

/// A JSON object: Maester's test results or ScubaGear's ScubaResults, told
/// apart by their keys in one pass over the file.
fn read_object(text: &str, tool: Option<ScanTool>) -> Result<RawScan, Problem> {
    let envelope: Envelope = serde_json::from_str(text).map_err(|e| {
        let what = tool.map_or("the result", |t| match t {
            ScanTool::Maester => "Maester's test results",
            ScanTool::Scubagear => "ScubaGear's results",
            ScanTool::Prowler => "Prowler's results",
        });
        Problem::json(&e, what)
    })?;
    let looks_maester = envelope.tests.is_some() || envelope.executed_at.is_some();
    let looks_scuba = envelope.meta_data.is_some() || envelope.results.is_some();
    let (maester, scuba) = envelope.split();
    match tool {
        Some(ScanTool::Maester) => maester::read(text, maester),
        Some(ScanTool::Scubagear) => scubagear::read(text, scuba),
        Some(ScanTool::Prowler) => Err(Problem::file(
            "this is not a Prowler result: Prowler writes its OCSF JSON as a list of findings ([ … ]) or a ;-separated CSV",
        )),
        None if looks_maester && !looks_scuba => maester::read(text, maester),
        None if looks_scuba && !looks_maester => scubagear::read(text, scuba),
        None => Err(Problem::file(
            "not a result gapwalk recognises: expected Maester's test-results.json (ExecutedAt, Tests), ScubaGear's ScubaResults*.json (MetaData, Results) or Prowler's OCSF JSON or CSV (--tool maester|scubagear|prowler says which)",
        )),
    }
}

/// The top-level keys of both JSON-object formats; everything else (such
/// as ScubaGear's large `Raw` export) is skipped without being kept.
#[derive(serde::Deserialize)]
struct Envelope {
    #[serde(rename = "ExecutedAt")]
    executed_at: Option<String>,
    #[serde(rename = "TenantId")]
    tenant_id: Option<String>,
    #[serde(rename = "CurrentVersion")]
    current_version: Option<String>,
    #[serde(rename = "Tests")]
    tests: Option<Vec<maester::Test>>,
    #[serde(rename = "MetaData")]
    meta_data: Option<scubagear::MetaData>,
    #[serde(rename = "Results")]
    results: Option<std::collections::BTreeMap<String, Vec<scubagear::Group>>>,
}

impl Envelope {
    fn split(self) -> (maester::Top, scubagear::Top) {
        (
            maester::Top {
                executed_at: self.executed_at,
                tenant_id: self.tenant_id,
                current_version: self.current_version,
                tests: self.tests,
            },
            scubagear::Top {
                meta_data: self.meta_data,
                results: self.results,
            },
        )
    }
}

/// Text from bytes: UTF-8 with or without a byte order mark, or UTF-16
/// with one (Windows PowerShell's `Out-File` writes that).
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, Problem> {
    let utf16 = |be: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| {
                let pair = [c[0], c.get(1).copied().unwrap_or(0)];
                if be {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                }
            })
            .collect();
        String::from_utf16(&units)
            .map(Cow::Owned)
            .map_err(|_| Problem::file("the file starts as UTF-16 but is not valid UTF-16"))
    };
    match bytes {
        [0xff, 0xfe, ..] => utf16(false),
        [0xfe, 0xff, ..] => utf16(true),
        _ => {
            let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
            std::str::from_utf8(body).map(Cow::Borrowed).map_err(|e| {
                let good = &body[..e.valid_up_to()];
                // Valid up to there, so this cannot fail; the position is
                // what matters.
                let before = std::str::from_utf8(good).unwrap_or_default();
                let (line, column) = line_col(before, before.len());
                Problem::at(
                    line,
                    column,
                    "not UTF-8 text: scan results are UTF-8 (or UTF-16 with a byte order mark)",
                )
            })
        }
    }
}

/// A scan as read, before its checks are combined per id.
pub(crate) struct RawScan {
    pub tool: ScanTool,
    pub tool_version: Option<String>,
    pub tenant: Option<String>,
    pub ran: Option<DateTime<Utc>>,
    /// The problem to report when `ran` is missing.
    pub no_time: Problem,
    pub results: Vec<RawCheck>,
    pub warnings: Vec<String>,
}

/// One result line as the tool wrote it.
pub(crate) struct RawCheck {
    pub id: Option<String>,
    pub title: Option<String>,
    pub outcome: Outcome,
    pub status: String,
    /// Where it is, for warnings ("test 12", "row 40").
    pub place: String,
}

impl RawScan {
    pub fn new(tool: ScanTool, no_time: Problem) -> Self {
        RawScan {
            tool,
            tool_version: None,
            tenant: None,
            ran: None,
            no_time,
            results: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Combines the results per check id and checks what must be there.
    fn finish(self) -> Result<ScanResult, Problem> {
        let ran = self.ran.ok_or(self.no_time)?;
        let mut warnings = self.warnings;
        let mut checks: Vec<CheckResult> = Vec::new();
        let mut index: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
        for r in self.results {
            let id = r.id.as_deref().map(clean_id).unwrap_or_default();
            if id.is_empty() {
                warnings.push(format!("{} has no check id and is left out", r.place));
                continue;
            }
            if id.chars().count() > MAX_ID_CHARS {
                warnings.push(format!(
                    "{} has a check id of {} characters (more than {MAX_ID_CHARS}) and is left out",
                    r.place,
                    id.chars().count()
                ));
                continue;
            }
            let (title, cut) = clean_title(r.title.as_deref().unwrap_or_default());
            if let Some(chars) = cut {
                warnings.push(format!(
                    "check {id}: its title of {chars} characters is cut to {MAX_TITLE_CHARS}"
                ));
            }
            match index.get(&id) {
                Some(&i) => {
                    let c = &mut checks[i];
                    if combine(c.outcome, r.outcome) != c.outcome {
                        c.outcome = r.outcome;
                        c.status = r.status;
                    }
                    if c.title.is_empty() {
                        c.title = title;
                    }
                }
                None => {
                    index.insert(id.clone(), checks.len());
                    checks.push(CheckResult {
                        id,
                        title,
                        outcome: r.outcome,
                        status: r.status,
                    });
                }
            }
        }
        if checks.is_empty() {
            return Err(Problem::file(format!(
                "the {} result has no checks with an id",
                self.tool.label()
            )));
        }
        Ok(ScanResult {
            tool: self.tool,
            tool_version: self
                .tool_version
                .map(|v| clean_id(&v))
                .filter(|v| !v.is_empty()),
            tenant: self.tenant.map(|t| clean_id(&t)).filter(|t| !t.is_empty()),
            ran,
            checks,
            warnings,
        })
    }
}

/// A tool's result word as an outcome, by the tool's table of words; an
/// unknown word counts as neither, and the scan says so in a warning.
pub(crate) fn outcome(
    scan: &mut RawScan,
    words: &[(&str, Outcome)],
    word: Option<&str>,
    id: Option<&str>,
) -> (Outcome, String) {
    let word = clean_id(word.unwrap_or_default());
    match words.iter().find(|(w, _)| *w == word) {
        Some(&(_, o)) => (o, word),
        None => {
            let known: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
            scan.warnings.push(format!(
                "check {}: result \"{word}\" is not one {} writes ({}); counted as neither passed nor failed",
                clean_id(id.unwrap_or("(no id)")),
                scan.tool.label(),
                known.join(", ")
            ));
            (Outcome::Neither, word)
        }
    }
}

/// Two results of one check: a failure wins, then a pass.
fn combine(a: Outcome, b: Outcome) -> Outcome {
    match (a, b) {
        (Outcome::Failed, _) | (_, Outcome::Failed) => Outcome::Failed,
        (Outcome::Passed, _) | (_, Outcome::Passed) => Outcome::Passed,
        _ => Outcome::Neither,
    }
}

/// A date and time as the tools write them: RFC 3339 with an offset or
/// `Z`; without one (Prowler's CSV) it is taken as UTC.
pub(crate) fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, format) {
            return Some(t.and_utc());
        }
    }
    None
}

/// Seconds (or, for values too large to be seconds, milliseconds) since
/// 1970 as a time.
pub(crate) fn epoch(n: i64) -> Option<DateTime<Utc>> {
    if n.abs() > 100_000_000_000 {
        DateTime::from_timestamp_millis(n)
    } else {
        DateTime::from_timestamp(n, 0)
    }
}

/// The SHA-256 of a file's bytes, as lower-case hex: what identifies an
/// imported result, so importing it again changes nothing.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    use std::fmt::Write;
    let digest = sha2::Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests;
