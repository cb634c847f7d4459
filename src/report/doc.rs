//! The document model: every report (gap report, Statement of
//! Applicability, plan, diff, log) is built once as a [`Doc`] of sections
//! and blocks, and the writers in `markdown.rs`, `html.rs` and `plain.rs`
//! render it. The wording lives where the document is built; a writer only
//! decides how a block looks in its medium and escapes the text for it.
//!
//! Text in a document is as written in the assessment: untrusted. Every
//! writer escapes or sanitises it.

use chrono::NaiveDate;

use crate::analysis::{ImplementationStatus, Severity};
use crate::assessment::Answer;

/// How a piece of text or a table cell is shown: emphasis in Markdown,
/// colour in HTML, ANSI colour in a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    Plain,
    Strong,
    Code,
    Muted,
    Answer(Option<Answer>),
    Status(ImplementationStatus),
    Severity(Severity),
    /// Something added (a diff's `+`).
    Added,
    /// Something removed (a diff's `-`).
    Removed,
    /// Something to look at (a commit hash, a conflict mark).
    Mark,
}

/// A run of text with one tone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    pub text: String,
    pub tone: Tone,
}

/// A line of text made of spans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Inline(pub Vec<Span>);

impl Inline {
    pub fn new() -> Self {
        Inline(Vec::new())
    }

    /// Appends text in a tone.
    pub fn push(mut self, tone: Tone, text: impl Into<String>) -> Self {
        self.add(tone, text);
        self
    }

    pub fn add(&mut self, tone: Tone, text: impl Into<String>) {
        let text = text.into();
        if !text.is_empty() {
            self.0.push(Span { text, tone });
        }
    }

    pub fn plain(self, text: impl Into<String>) -> Self {
        self.push(Tone::Plain, text)
    }

    pub fn strong(self, text: impl Into<String>) -> Self {
        self.push(Tone::Strong, text)
    }

    /// The text without tones.
    pub fn text(&self) -> String {
        self.0.iter().map(|s| s.text.as_str()).collect()
    }

    /// Without white space at the start and the end.
    pub fn trimmed(&self) -> Inline {
        let mut spans = self.0.clone();
        if let Some(first) = spans.first_mut() {
            first.text = first.text.trim_start().to_string();
        }
        if let Some(last) = spans.last_mut() {
            last.text = last.text.trim_end().to_string();
        }
        spans.retain(|s| !s.text.is_empty());
        Inline(spans)
    }
}

impl From<&str> for Inline {
    fn from(s: &str) -> Self {
        Inline::new().plain(s)
    }
}

impl From<String> for Inline {
    fn from(s: String) -> Self {
        Inline::new().plain(s)
    }
}

/// A label and its value.
#[derive(Debug, Clone)]
pub(crate) struct Fact {
    pub label: String,
    pub value: Inline,
}

impl Fact {
    pub fn new(label: impl Into<String>, value: impl Into<Inline>) -> Self {
        Fact {
            label: label.into(),
            value: value.into(),
        }
    }
}

/// A whole document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Doc {
    /// What the document is ("Gap assessment").
    pub kind: String,
    /// What it is about (the organisation).
    pub subject: String,
    /// The full title, as Markdown and text show it.
    pub title: Inline,
    /// A line under the title (the standard).
    pub subtitle: Option<Inline>,
    /// What a terminal shows instead of the title and subtitle: the
    /// command and what it read ("gapwalk diff: a.toml → b.toml").
    pub banner: Vec<Inline>,
    /// The date the document is made for (in the HTML page title).
    pub date: Option<NaiveDate>,
    /// The header facts (scope, as-of date…).
    pub meta: Vec<Fact>,
    /// Markdown shows the header facts as a table rather than a list.
    pub meta_table: bool,
    pub sections: Vec<Section>,
    pub footer: Option<Inline>,
}

/// A section: a heading and its blocks.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    /// The HTML anchor.
    pub id: &'static str,
    pub title: String,
    /// The label in the HTML table of contents, if listed there.
    pub nav: Option<&'static str>,
    pub blocks: Vec<Block>,
}

impl Section {
    pub fn new(id: &'static str, title: impl Into<String>) -> Self {
        Section {
            id,
            title: title.into(),
            nav: None,
            blocks: Vec::new(),
        }
    }

    pub fn nav(mut self, label: &'static str) -> Self {
        self.nav = Some(label);
        self
    }

    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }
}

/// One block of a section.
#[derive(Debug, Clone)]
pub(crate) enum Block {
    Para(Inline),
    /// A paragraph in a quieter voice (explanations, method notes).
    Note(Inline),
    /// The one sentence to read first, coloured by the worst severity.
    Verdict(Inline, Option<Severity>),
    /// A sub-heading, coloured by its tone.
    Heading(Inline, Tone),
    /// A bulleted list.
    List(Vec<Inline>),
    /// Labelled values.
    Facts(Vec<Fact>),
    /// Labelled values under a header: a table in Markdown, aligned lines
    /// in a terminal.
    FactTable(String, Vec<Fact>),
    /// Key figures (boxes in HTML, a list elsewhere).
    Kpis(Vec<Kpi>),
    Table(Table),
    Chart(Chart),
    Item(Box<ItemBlock>),
    /// Findings, one line each.
    Findings(Vec<FindingLine>),
    /// Lines with a mark a terminal shows in front (`✓`, `≠`).
    Marked(Vec<(Span, Inline)>),
    /// Per item, labelled texts (the workshop record).
    Record(Vec<RecordEntry>),
    /// Items named by id and title, compactly.
    Ids(Vec<(String, String)>),
    /// What changed, grouped (the diff).
    Changes(Changes),
    /// Commits and what each changed (the log).
    Commits(Vec<Commit>),
}

/// A key figure.
#[derive(Debug, Clone)]
pub(crate) struct Kpi {
    /// The figure itself ("21 / 123", "29%").
    pub figure: String,
    /// What it counts.
    pub label: String,
    pub tone: Option<Severity>,
}

/// How a table cell is shown: lines of untrusted text and a tone.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub lines: Vec<Inline>,
    pub tone: Tone,
    pub numeric: bool,
    /// Short lines (dates) that must not break.
    pub nowrap: bool,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Self {
        Cell::lines(vec![s.into()])
    }

    pub fn lines(lines: Vec<String>) -> Self {
        Cell {
            lines: lines.into_iter().map(Inline::from).collect(),
            tone: Tone::Plain,
            numeric: false,
            nowrap: false,
        }
    }

    /// One line of spans.
    pub fn inline(line: Inline) -> Self {
        Cell {
            lines: vec![line],
            tone: Tone::Plain,
            numeric: false,
            nowrap: false,
        }
    }

    pub fn num(n: usize) -> Self {
        Cell {
            lines: vec![Inline::from(n.to_string())],
            tone: Tone::Plain,
            numeric: true,
            nowrap: true,
        }
    }

    pub fn empty() -> Self {
        Cell::lines(Vec::new())
    }

    pub fn opt(s: Option<&str>) -> Self {
        Cell::lines(s.map(|s| vec![s.to_string()]).unwrap_or_default())
    }

    pub fn date(d: Option<NaiveDate>) -> Self {
        Cell::lines(d.map(|d| vec![d.to_string()]).unwrap_or_default()).nowrap()
    }

    pub fn nowrap(mut self) -> Self {
        self.nowrap = true;
        self
    }

    pub fn tone(mut self, tone: Tone) -> Self {
        self.tone = tone;
        self
    }

    /// Aligned like a number.
    pub fn numeric(mut self) -> Self {
        self.numeric = true;
        self
    }
}

/// A table: header cells and rows.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Widths in percent for the HTML (one per column), if set.
    pub widths: Option<Vec<u8>>,
}

impl Table {
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Self {
        Table {
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
            widths: None,
        }
    }

    pub fn widths(mut self, widths: Vec<u8>) -> Self {
        self.widths = Some(widths);
        self
    }

    /// Whether every row holds a number in this column (right-aligned).
    pub fn numeric(&self, column: usize) -> bool {
        !self.rows.is_empty()
            && self
                .rows
                .iter()
                .all(|r| r.get(column).is_some_and(|c| c.numeric))
    }
}

/// A chart and the table it is drawn from: HTML draws the chart, the other
/// writers show the table.
#[derive(Debug, Clone)]
pub(crate) struct Chart {
    pub id: &'static str,
    pub caption: String,
    pub kind: ChartKind,
    pub table: Table,
    /// What to say when there is nothing to draw.
    pub empty: Option<String>,
    /// Legend labels the chart needs beyond the answers' own (owner load:
    /// the whole bar, the highlighted part).
    pub legend: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) enum ChartKind {
    /// One 100% stacked bar per row: segments by answer, then the rest.
    Stacked(Vec<StackedBar>),
    /// One bar per row.
    Bars(Vec<Bar>),
    /// Bars with a highlighted part and a note (owner load).
    Load(Vec<LoadBar>),
}

#[derive(Debug, Clone)]
pub(crate) struct StackedBar {
    pub label: String,
    /// Counts per answer (`None`: not assessed), in legend order.
    pub segments: Vec<(Option<Answer>, usize)>,
    pub total: usize,
    pub note: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Bar {
    pub label: String,
    pub value: usize,
    pub severity: Severity,
    /// The hover text, before the value.
    pub title: String,
}

#[derive(Debug, Clone)]
pub(crate) struct LoadBar {
    pub label: String,
    pub value: usize,
    /// The part of the bar drawn highlighted (gaps).
    pub part: usize,
    /// The figure beside the bar, in bold, and the rest of its note.
    pub figure: String,
    pub note: String,
}

/// An item with what was found about it and gapwalk's guidance.
#[derive(Debug, Clone)]
pub(crate) struct ItemBlock {
    pub heading: String,
    /// The severity the item is shown under (its border in HTML).
    pub severity: Option<Severity>,
    /// Short facts in one line (the answer is a tag in HTML).
    pub facts: Vec<Inline>,
    pub findings: Vec<FindingLine>,
    /// Labelled paragraphs (action, notes).
    pub paragraphs: Vec<(String, String)>,
    /// gapwalk's guidance.
    pub guidance: Vec<Guidance>,
}

/// A labelled piece of guidance: one text, or a list.
#[derive(Debug, Clone)]
pub(crate) struct Guidance {
    pub label: String,
    pub lines: Vec<String>,
    pub list: bool,
}

/// A finding in one line: its severity, its kind's title and its message.
#[derive(Debug, Clone)]
pub(crate) struct FindingLine {
    pub severity: Severity,
    pub title: Option<String>,
    pub message: String,
    /// What a terminal shows in front (`✓` resolved, `!` opened).
    pub mark: Option<Span>,
}

/// One item in the workshop record.
#[derive(Debug, Clone)]
pub(crate) struct RecordEntry {
    pub id: String,
    pub title: String,
    pub entries: Vec<(String, String)>,
}

/// A diff's changes: groups, one per thing changed.
#[derive(Debug, Clone)]
pub(crate) struct Changes {
    /// The heading of the column that names the thing ("Item").
    pub head: String,
    pub groups: Vec<ChangeGroup>,
}

/// The changes to one thing (an item, a session), as a diff shows them.
#[derive(Debug, Clone)]
pub(crate) struct ChangeGroup {
    /// The thing changed, if the changes need one named.
    pub head: Option<Head>,
    pub changes: Vec<Change>,
}

/// What a group of changes is about.
#[derive(Debug, Clone)]
pub(crate) struct Head {
    /// Its id, in bold where a title follows.
    pub id: Inline,
    pub title: Option<String>,
    /// A remark and its tone ("gap opened").
    pub note: Option<(String, Tone)>,
}

/// One change: a field from a value to another (either may be absent), a
/// part added or removed, or the whole thing added or removed (`Whole`
/// with `Tone::Added` or `Tone::Removed`).
#[derive(Debug, Clone)]
pub(crate) enum Change {
    Field {
        label: String,
        old: Option<String>,
        new: Option<String>,
    },
    Added(String, String),
    Removed(String, String),
    Whole(Tone, String, String),
}

/// Column headings of the log, and the labels of its lines.
pub(crate) const GAPS_OPENED: &str = "Gaps opened";
pub(crate) const GAPS_CLOSED: &str = "Gaps closed";

/// One commit in the log.
#[derive(Debug, Clone)]
pub(crate) struct Commit {
    pub short: String,
    pub date: NaiveDate,
    pub author: String,
    pub subject: String,
    /// "renamed from `a` to `b`", if the commit renamed the file.
    pub renamed: Option<Inline>,
    /// The change's summary, or why it could not be read.
    pub summary: String,
    pub unreadable: bool,
    pub gaps_opened: Vec<String>,
    pub gaps_closed: Vec<String>,
    /// "36 of 123 items answered".
    pub answered: String,
}
