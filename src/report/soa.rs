//! The Statement of Applicability as CSV and Markdown (the XLSX workbook is
//! in `xlsx.rs`). One column list serves every format.

use chrono::NaiveDate;

use super::csv::Csv;
use super::doc::{Block, Cell, Doc, Fact, Inline, Section, Table, Tone};
use super::licence_names;
use crate::analysis::{
    Applicability, Audience, ImplementationStatus, SoaRow, SoaWarning, soa_lint, soa_rows,
};
use crate::assessment::{Answer, Assessment};
use crate::catalog::Catalog;
use crate::text::sanitize;

/// A Statement of Applicability ready to be written in any format.
#[derive(Debug, Clone)]
pub struct SoaDocument {
    pub organisation: String,
    pub scope: Option<String>,
    /// Licence names.
    pub licences: Vec<String>,
    pub as_of: NaiveDate,
    pub version: String,
    pub audience: Audience,
    pub rows: Vec<SoaRow>,
    pub warnings: Vec<SoaWarning>,
}

impl SoaDocument {
    /// Derives the SoA. Without a version label the document version is
    /// the as-of date, marked as a draft while any control is undecided.
    pub fn new(
        catalog: &Catalog,
        a: &Assessment,
        as_of: NaiveDate,
        audience: Audience,
        version_label: Option<&str>,
    ) -> Self {
        let rows = soa_rows(catalog, a);
        let undecided = rows
            .iter()
            .filter(|r| r.applicability == Applicability::Undecided)
            .count();
        let version = match version_label.map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => v.to_string(),
            None if undecided > 0 => format!("Draft of {as_of} ({undecided} controls undecided)"),
            None => as_of.to_string(),
        };
        SoaDocument {
            organisation: a.organisation.clone(),
            scope: a.scope.clone(),
            licences: licence_names(catalog, &a.licences),
            as_of,
            version,
            audience,
            rows,
            warnings: soa_lint(catalog, a, as_of),
        }
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

    /// The header block as label and value pairs.
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
            ("Audience", self.audience.label().to_string()),
        ]
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
    pub const ALL: [SoaColumn; 15] = [
        SoaColumn::Control,
        SoaColumn::Title,
        SoaColumn::Theme,
        SoaColumn::Applicable,
        SoaColumn::IncludedBecause,
        SoaColumn::Justification,
        SoaColumn::Status,
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
            SoaColumn::Status => 21.0,
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
                .map(|r| r.label().to_string())
                .collect(),
            SoaColumn::Justification => row.justification.iter().cloned().collect(),
            SoaColumn::Status => one(row.status.label()),
            SoaColumn::Responsibility => row
                .responsibility
                .map(|a| vec![a.label().to_string()])
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
                .map(|e| match e.date {
                    Some(d) => format!("{} ({d})", e.what.trim()),
                    None => e.what.trim().to_string(),
                })
                .collect(),
            SoaColumn::EvidenceLocation => row
                .evidence
                .iter()
                .map(|e| e.location.as_deref().unwrap_or("").trim().to_string())
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

/// The Statement of Applicability as a document.
fn document(doc: &SoaDocument) -> Doc {
    let mut summary = Section::new("summary", "Summary");
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
    summary.push(Block::Table(counts));
    summary.push(Block::Para(Inline::from(format!(
        "{} applicable, {} excluded, {} not yet decided.",
        doc.count_applicable(Applicability::Included),
        doc.count_applicable(Applicability::Excluded),
        doc.count_applicable(Applicability::Undecided)
    ))));

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
        meta: doc
            .header()
            .into_iter()
            .map(|(label, value)| Fact::new(label, value))
            .collect(),
        meta_table: true,
        sections: vec![summary, controls],
        ..Doc::default()
    }
}

/// The Statement of Applicability as Markdown.
pub fn soa_markdown(doc: &SoaDocument) -> String {
    super::markdown::markdown(&document(doc))
}
