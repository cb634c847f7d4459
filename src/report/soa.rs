//! The Statement of Applicability (ISO/IEC 27001 clause 6.1.3 d) as a
//! controlled document: document control, scope, version history, the
//! status counts and one row per Annex A control. One column list serves
//! CSV, Markdown and the XLSX workbook (`xlsx.rs`).

use chrono::NaiveDate;
use serde::Serialize;

use super::csv::Csv;
use super::doc::{Block, Cell, Doc, Fact, Inline, Section, Table, Tone};
use super::licence_names;
use super::records::{Attendance, EvidenceEntry, attendance, evidence_register};
use crate::analysis::{
    Applicability, Audience, ImplementationStatus, Severity, SoaRow, SoaWarning, Summary,
    inclusion_label, responsibility_label, soa_lint_rows, soa_rows,
};
use crate::assessment::{Answer, Assessment, SoaControl, non_blank};
use crate::catalog::Catalog;
use crate::text::sanitize;

/// One version of the assessment file, from its git history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    pub date: NaiveDate,
    pub commit: String,
    pub author: String,
    pub subject: String,
}

/// Where the SoA stands as a controlled document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SoaState {
    /// Controls are still undecided.
    Draft,
    /// Every control decided, not approved yet.
    Unapproved,
    /// Every control decided, and an approver and approval date recorded.
    Approved,
}

/// A Statement of Applicability ready to be written in any format.
#[derive(Debug, Clone)]
pub struct SoaDocument {
    pub organisation: String,
    pub scope: Option<String>,
    /// The evidence of the scope statement (clause 4.3), if recorded.
    pub scope_evidence: Vec<String>,
    /// Licence names.
    pub licences: Vec<String>,
    pub as_of: NaiveDate,
    /// The version as the document shows it ("Draft 1.2 of …").
    pub version: String,
    pub state: SoaState,
    pub undecided: usize,
    /// Document control from the file.
    pub control: SoaControl,
    /// The file's git history, newest first; `None` when it was not read.
    pub history: Option<Vec<Revision>>,
    pub audience: Audience,
    pub rows: Vec<SoaRow>,
    pub warnings: Vec<SoaWarning>,
    pub attendance: Vec<Attendance>,
    pub evidence: Vec<EvidenceEntry>,
}

impl SoaDocument {
    /// Derives the SoA. The version is the label given, else the file's
    /// `[assessment.soa] version`, else the as-of date; it says "Draft"
    /// while any control is undecided, whatever the label.
    pub fn new(
        catalog: &Catalog,
        a: &Assessment,
        as_of: NaiveDate,
        audience: Audience,
        version_label: Option<&str>,
    ) -> Self {
        let summary = Summary::new(catalog, a, as_of);
        let rows = soa_rows(catalog, a, &summary);
        let undecided = rows
            .iter()
            .filter(|r| r.applicability == Applicability::Undecided)
            .count();
        let control = a.soa().clone();
        let label = version_label
            .or(control.version.as_deref())
            .map(str::trim)
            .filter(|v| !v.is_empty());
        let approved =
            non_blank(control.approver.as_deref()).is_some() && control.approved.is_some();
        let state = match (undecided, approved) {
            (0, true) => SoaState::Approved,
            (0, false) => SoaState::Unapproved,
            _ => SoaState::Draft,
        };
        let version = match (state, label) {
            (SoaState::Draft, Some(v)) => {
                format!("Draft {v} of {as_of} ({undecided} controls undecided)")
            }
            (SoaState::Draft, None) => format!("Draft of {as_of} ({undecided} controls undecided)"),
            (_, Some(v)) => v.to_string(),
            (_, None) => as_of.to_string(),
        };
        let scope_evidence = a
            .item("4.3")
            .evidence
            .iter()
            .map(|e| match e.date {
                Some(d) => format!("{} ({d})", e.what.trim()),
                None => e.what.trim().to_string(),
            })
            .collect();
        let warnings = soa_lint_rows(a, as_of, &rows);
        SoaDocument {
            organisation: a.organisation.clone(),
            scope: a.scope.clone(),
            scope_evidence,
            licences: licence_names(catalog, &a.licences),
            as_of,
            version,
            state,
            undecided,
            control,
            history: None,
            audience,
            rows,
            warnings,
            attendance: attendance(catalog, a).0,
            evidence: evidence_register(catalog, a, as_of),
        }
    }

    /// With the file's version history.
    pub fn with_history(mut self, history: Option<Vec<Revision>>) -> Self {
        self.history = history;
        self
    }

    /// The columns for this audience, in order.
    pub fn columns(&self) -> Vec<SoaColumn> {
        SoaColumn::ALL
            .into_iter()
            .filter(|c| self.audience == Audience::Internal || !c.internal())
            .collect()
    }

    /// Controls per implementation status.
    pub fn count(&self, status: ImplementationStatus) -> usize {
        self.rows.iter().filter(|r| r.status == status).count()
    }

    /// Controls per applicability.
    pub fn count_applicable(&self, applicability: Applicability) -> usize {
        self.rows
            .iter()
            .filter(|r| r.applicability == applicability)
            .count()
    }

    /// Included controls per responsibility (these add up to the included
    /// controls: a gap is "nobody yet").
    pub fn count_responsibility(&self, answer: Answer) -> usize {
        self.rows
            .iter()
            .filter(|r| r.responsibility == Some(answer))
            .count()
    }

    /// Where the document stands, in words.
    pub fn state_text(&self) -> String {
        let public = self.audience == Audience::Public;
        let approver = non_blank(self.control.approver.as_deref()).map(str::trim);
        let approval = match (approver, self.control.approved) {
            (Some(_), Some(d)) if public => format!("approved on {d}"),
            (Some(who), Some(d)) => format!("approved by {who} on {d}"),
            (Some(_), None) if public => "not approved yet".to_string(),
            (Some(who), None) => format!("not approved yet (approver: {who})"),
            (None, Some(d)) => format!("approval dated {d} but no approver recorded"),
            (None, None) => "not approved".to_string(),
        };
        match self.state {
            SoaState::Draft => format!("Draft: {} controls undecided; {approval}", self.undecided),
            SoaState::Unapproved => format!("Every control decided; {approval}"),
            SoaState::Approved => format!("Approved: {approval}"),
        }
    }

    /// The header block as label and value pairs (for the workbook's rows
    /// above the table).
    pub fn header(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Organisation", sanitize(&self.organisation)),
            (
                "Scope",
                self.scope
                    .as_deref()
                    .map_or_else(|| "Not recorded".to_string(), sanitize),
            ),
            ("Microsoft 365 licences", licence_text(&self.licences)),
            ("As of", self.as_of.to_string()),
            ("Document version", sanitize(&self.version)),
            ("Status", sanitize(&self.state_text())),
            ("Audience", self.audience.label().to_string()),
        ]
    }

    /// The document-control block: what an auditor checks first.
    pub fn control_facts(&self) -> Vec<(&'static str, String)> {
        let or_not = |v: Option<&str>| {
            non_blank(v).map_or_else(|| "Not recorded".to_string(), |v| sanitize(v.trim()))
        };
        let date =
            |d: Option<NaiveDate>| d.map_or_else(|| "Not recorded".to_string(), |d| d.to_string());
        // People's names stay out of the public SoA, as owners do.
        let person = |v: Option<&str>| match self.audience {
            Audience::Internal => or_not(v),
            Audience::Public if non_blank(v).is_some() => {
                "Recorded (not shown publicly)".to_string()
            }
            Audience::Public => "Not recorded".to_string(),
        };
        vec![
            ("Document version", sanitize(&self.version)),
            ("Status", sanitize(&self.state_text())),
            ("SoA owner", person(self.control.owner.as_deref())),
            ("Approver", person(self.control.approver.as_deref())),
            ("Approval date", date(self.control.approved)),
            (
                "Classification",
                or_not(self.control.classification.as_deref()),
            ),
            ("Next review", date(self.control.next_review)),
            ("Audience", self.audience.label().to_string()),
        ]
    }

    /// What a reader must know when this copy is not an approved SoA.
    pub fn draft_notice(&self) -> Option<String> {
        match self.state {
            SoaState::Approved => None,
            SoaState::Draft => Some(format!(
                "DRAFT, not approved: {} of {} Annex A controls are neither included nor excluded yet. Do not rely on this as the organisation's Statement of Applicability.",
                self.undecided,
                self.rows.len()
            )),
            SoaState::Unapproved => Some(
                "Not approved: every control is decided, but no approval is recorded ([assessment.soa] approver and approved).".to_string(),
            ),
        }
    }

    /// The version history as a table, or why there is none.
    pub(crate) fn history_block(&self) -> Block {
        match &self.history {
            Some(revisions) if !revisions.is_empty() => {
                let mut t = Table::new(["Date", "Commit", "Author", "Change"]);
                for r in revisions {
                    t.rows.push(vec![
                        Cell::date(Some(r.date)),
                        Cell::inline(Inline::new().push(Tone::Code, r.commit.clone())),
                        Cell::text(r.author.clone()),
                        Cell::text(r.subject.clone()),
                    ]);
                }
                Block::Table(t)
            }
            Some(_) => Block::Note(Inline::from(
                "No version history: the assessment file has no commits in git yet.",
            )),
            None => Block::Note(Inline::from(
                "No version history: the assessment file's git history was not read (it is not in a git repository, or this export does not read it).",
            )),
        }
    }
}

pub(crate) fn licence_text(names: &[String]) -> String {
    if names.is_empty() {
        "None recorded".to_string()
    } else {
        names.join(", ")
    }
}

/// A column of the Statement of Applicability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoaColumn {
    Control,
    Title,
    Theme,
    Applicable,
    IncludedBecause,
    Justification,
    Status,
    HowImplemented,
    Responsibility,
    Owner,
    Reliance,
    Capabilities,
    Evidence,
    EvidenceLocation,
    LastReviewed,
    Notes,
}

impl SoaColumn {
    pub const ALL: [SoaColumn; 16] = [
        SoaColumn::Control,
        SoaColumn::Title,
        SoaColumn::Theme,
        SoaColumn::Applicable,
        SoaColumn::IncludedBecause,
        SoaColumn::Justification,
        SoaColumn::Status,
        SoaColumn::HowImplemented,
        SoaColumn::Responsibility,
        SoaColumn::Owner,
        SoaColumn::Reliance,
        SoaColumn::Capabilities,
        SoaColumn::Evidence,
        SoaColumn::EvidenceLocation,
        SoaColumn::LastReviewed,
        SoaColumn::Notes,
    ];

    pub fn header(self) -> &'static str {
        match self {
            SoaColumn::Control => "Control",
            SoaColumn::Title => "Title",
            SoaColumn::Theme => "Theme",
            SoaColumn::Applicable => "Applicable",
            SoaColumn::IncludedBecause => "Included because",
            SoaColumn::Justification => "Justification (inclusion or exclusion)",
            SoaColumn::Status => "Implementation status",
            SoaColumn::HowImplemented => "How implemented",
            SoaColumn::Responsibility => "Responsibility",
            SoaColumn::Owner => "Owner",
            SoaColumn::Reliance => "Reliance on Microsoft",
            SoaColumn::Capabilities => "Microsoft 365 capabilities",
            SoaColumn::Evidence => "Evidence",
            SoaColumn::EvidenceLocation => "Evidence location",
            SoaColumn::LastReviewed => "Last reviewed",
            SoaColumn::Notes => "Notes",
        }
    }

    /// Left out of the public SoA.
    pub fn internal(self) -> bool {
        matches!(
            self,
            SoaColumn::Owner | SoaColumn::EvidenceLocation | SoaColumn::Notes
        )
    }

    /// A sensible spreadsheet column width, in characters.
    pub fn width(self) -> f64 {
        match self {
            SoaColumn::Control => 9.0,
            SoaColumn::Title => 36.0,
            SoaColumn::Theme => 15.0,
            SoaColumn::Applicable => 11.0,
            SoaColumn::IncludedBecause => 18.0,
            SoaColumn::Justification => 44.0,
            SoaColumn::Status => 30.0,
            SoaColumn::HowImplemented => 50.0,
            SoaColumn::Responsibility => 18.0,
            SoaColumn::Owner => 22.0,
            SoaColumn::Reliance => 40.0,
            SoaColumn::Capabilities => 30.0,
            SoaColumn::Evidence => 44.0,
            SoaColumn::EvidenceLocation => 30.0,
            SoaColumn::LastReviewed => 13.0,
            SoaColumn::Notes => 40.0,
        }
    }

    /// The cell's lines, as plain (unescaped) text from the row.
    pub fn lines(self, row: &SoaRow) -> Vec<String> {
        let one = |s: &str| vec![s.to_string()];
        match self {
            SoaColumn::Control => one(&row.id),
            SoaColumn::Title => one(&row.title),
            SoaColumn::Theme => one(row.theme.label()),
            SoaColumn::Applicable => one(row.applicability.label()),
            SoaColumn::IncludedBecause => row
                .included_because
                .iter()
                .map(|r| inclusion_label(*r, &row.risks))
                .collect(),
            SoaColumn::Justification => row.justification.iter().cloned().collect(),
            SoaColumn::Status => one(&row.status_label),
            SoaColumn::HowImplemented => row.how.clone(),
            SoaColumn::Responsibility => row
                .responsibility
                .map(|a| vec![responsibility_label(a).to_string()])
                .unwrap_or_default(),
            SoaColumn::Owner => row.owner.iter().cloned().collect(),
            SoaColumn::Reliance => match (&row.reliance, row.responsibility) {
                (Some(r), _) => one(r),
                (None, Some(Answer::MicrosoftProvides)) => one("None recorded"),
                _ => Vec::new(),
            },
            SoaColumn::Capabilities => row.capabilities.clone(),
            SoaColumn::Evidence => row
                .evidence
                .iter()
                .map(|(id, e)| match e.date {
                    Some(d) => format!("{id}: {} ({d})", e.what.trim()),
                    None => format!("{id}: {}", e.what.trim()),
                })
                .collect(),
            SoaColumn::EvidenceLocation => row
                .evidence
                .iter()
                .map(|(id, e)| format!("{id}: {}", e.location.as_deref().unwrap_or("").trim()))
                .collect(),
            SoaColumn::LastReviewed => row
                .reviewed
                .map(|d| vec![d.to_string()])
                .unwrap_or_default(),
            SoaColumn::Notes => row.notes.iter().map(|n| n.trim().to_string()).collect(),
        }
    }

    /// The cell as one text, lines joined by line breaks.
    pub fn text(self, row: &SoaRow) -> String {
        self.lines(row).join("\n")
    }
}

/// The Statement of Applicability as CSV: one header row, one row per
/// Annex A control. (The header block is in the Markdown and XLSX forms;
/// CSV stays one table so that tools can read it.)
pub fn soa_csv(doc: &SoaDocument) -> String {
    let columns = doc.columns();
    let mut csv = Csv::new();
    csv.row(columns.iter().map(|c| c.header()));
    for row in &doc.rows {
        csv.row(columns.iter().map(|c| c.text(row)));
    }
    csv.finish()
}

/// The status counts, the responsibilities of the included controls and
/// the applicability, as tables.
pub(crate) fn count_tables(doc: &SoaDocument) -> [Table; 2] {
    let mut counts = Table::new(["Implementation status", "Controls"]);
    for status in ImplementationStatus::ALL {
        counts.rows.push(vec![
            Cell::text(status.label()),
            Cell::num(doc.count(status)),
        ]);
    }
    counts.rows.push(vec![
        Cell::text("All Annex A controls").tone(Tone::Strong),
        Cell::num(doc.rows.len()).tone(Tone::Strong),
    ]);
    let mut resp = Table::new(["Responsibility (included controls)", "Controls"]);
    for a in [
        Answer::MicrosoftProvides,
        Answer::Shared,
        Answer::WeManage,
        Answer::Gap,
    ] {
        resp.rows.push(vec![
            Cell::text(responsibility_label(a)),
            Cell::num(doc.count_responsibility(a)),
        ]);
    }
    resp.rows.push(vec![
        Cell::text("Included").tone(Tone::Strong),
        Cell::num(doc.count_applicable(Applicability::Included)).tone(Tone::Strong),
    ]);
    [counts, resp]
}

/// The Statement of Applicability as a document.
fn document(doc: &SoaDocument) -> Doc {
    let mut control = Section::new("control", "Document control");
    if let Some(notice) = doc.draft_notice() {
        control.push(Block::Verdict(
            Inline::from(notice),
            Some(if doc.state == SoaState::Draft {
                Severity::High
            } else {
                Severity::Medium
            }),
        ));
    }
    control.push(Block::FactTable(
        String::new(),
        doc.control_facts()
            .into_iter()
            .map(|(l, v)| Fact::new(l, v))
            .collect(),
    ));

    let mut scope = Section::new("scope", "Scope");
    scope.push(Block::Para(Inline::from(doc.scope.as_deref().map_or_else(
        || "No scope statement is recorded ([assessment] scope).".to_string(),
        |s| {
            format!(
                "The information security management system covers: {}",
                s.trim()
            )
        },
    ))));
    if !doc.scope_evidence.is_empty() {
        scope.push(Block::Para(Inline::from(format!(
            "Scope evidence (clause 4.3): {}.",
            doc.scope_evidence.join("; ")
        ))));
    }

    let mut history = Section::new("history", "Version history");
    history.push(doc.history_block());

    let mut summary = Section::new("summary", "Summary");
    let [counts, resp] = count_tables(doc);
    summary.push(Block::Table(counts));
    summary.push(Block::Para(Inline::from(format!(
        "{} applicable, {} excluded, {} not yet decided. Implemented means answered, owned, evidenced within the review interval (for “Microsoft provides”: a recorded reliance, reviewed) and free of high findings; the status says what is missing otherwise.",
        doc.count_applicable(Applicability::Included),
        doc.count_applicable(Applicability::Excluded),
        doc.count_applicable(Applicability::Undecided)
    ))));
    summary.push(Block::Table(resp));

    let columns = doc.columns();
    let mut controls = Section::new("controls", "Controls");
    let mut table = Table::new(columns.iter().map(|c| c.header()));
    for row in &doc.rows {
        table.rows.push(
            columns
                .iter()
                .map(|c| match c {
                    SoaColumn::Control => Cell::text(c.text(row)).tone(Tone::Strong),
                    _ => Cell::lines(c.lines(row)),
                })
                .collect(),
        );
    }
    controls.push(Block::Table(table));
    Doc {
        kind: "Statement of Applicability".to_string(),
        subject: doc.organisation.clone(),
        title: Inline::from(format!("Statement of Applicability: {}", doc.organisation)),
        subtitle: Some(Inline::from("ISO/IEC 27001:2022, clause 6.1.3 d)")),
        date: Some(doc.as_of),
        meta: vec![
            Fact::new("Organisation", sanitize(&doc.organisation)),
            Fact::new("Microsoft 365 licences", licence_text(&doc.licences)),
            Fact::new("As of", doc.as_of.to_string()),
        ],
        meta_table: true,
        sections: vec![control, scope, history, summary, controls],
        ..Doc::default()
    }
}

/// The Statement of Applicability as Markdown.
pub fn soa_markdown(doc: &SoaDocument) -> String {
    super::markdown::markdown(&document(doc))
}
