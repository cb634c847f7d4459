//! The gap report's tables, as plain cells each writer escapes.

use super::{GapReport, RelianceGroup, plural};
use crate::analysis::{
    Finding, ImplementationStatus, RelianceReview, Severity, evidence_id, reliance_review,
};
use crate::assessment::{Answer, ItemRecord, non_blank};
use crate::catalog::{ItemKind, Theme};
use crate::report::doc::{Cell, Table, Tone};
use crate::text::capitalise;

impl GapReport<'_> {
    /// Answers per theme.
    pub(crate) fn answers_table(&self) -> Table {
        let mut headers = vec!["Theme", "Answered"];
        headers.extend(Answer::ALL.iter().map(|a| a.label()));
        let mut t = Table::new(headers);
        for th in &self.summary.themes {
            let mut row = vec![
                Cell::text(th.theme.label()).tone(Tone::Strong),
                Cell::text(format!("{} of {}", th.progress.answered, th.progress.total)),
            ];
            row.extend(
                Answer::ALL
                    .iter()
                    .map(|a| Cell::num(th.answers.get(a).copied().unwrap_or(0))),
            );
            t.rows.push(row);
        }
        t
    }

    pub(crate) fn kinds_table(&self) -> Table {
        let mut t = Table::new(["Finding", "Severity", "Count"]);
        for (kind, n) in self.summary.by_kind() {
            t.rows.push(vec![
                Cell::text(kind.title()),
                Cell::text(capitalise(kind.severity().as_str()))
                    .tone(Tone::Severity(kind.severity())),
                Cell::num(n),
            ]);
        }
        t
    }

    pub(crate) fn owners_table(&self) -> Table {
        let mut t = Table::new(["Owner", "Items", "Gaps", "Open actions"]);
        for o in &self.summary.owners {
            t.rows.push(vec![
                Cell::text(o.owner.clone()),
                Cell::num(o.items),
                Cell::num(o.gaps),
                Cell::num(o.open_actions),
            ]);
        }
        t
    }

    /// Coverage per theme: assessed and not yet assessed.
    pub(crate) fn coverage_table(&self) -> Table {
        let mut t = Table::new(["Theme", "Assessed", "Not yet assessed", "Items"]);
        for th in &self.summary.themes {
            t.rows.push(vec![
                Cell::text(th.theme.label()).tone(Tone::Strong),
                Cell::num(th.progress.answered),
                Cell::num(th.progress.total - th.progress.answered),
                Cell::num(th.progress.total),
            ]);
        }
        t
    }

    /// The status cell of an item.
    fn status_cell(&self, id: &str) -> Cell {
        match self.status(id) {
            Some(s) => Cell::text(s.label()).tone(Tone::Status(s.status)),
            None => Cell::empty(),
        }
    }

    /// Clauses 4–10, one row each.
    pub(crate) fn clauses_table(&self) -> Table {
        let mut t = Table::new([
            "Clause",
            "Title",
            "Answer",
            "Status",
            "Owner",
            "Last reviewed",
            "Evidence",
            "Findings",
        ])
        .widths(vec![7, 18, 12, 18, 12, 10, 10, 13]);
        for item in self
            .catalog
            .items()
            .iter()
            .filter(|i| i.kind == ItemKind::Clause)
        {
            let r = self.assessment.item(&item.id);
            t.rows.push(vec![
                Cell::text(item.id.clone()).tone(Tone::Strong).nowrap(),
                Cell::text(item.title.clone()),
                answer_cell(r.answer),
                self.status_cell(&item.id),
                Cell::opt(r.owner()),
                Cell::date(r.reviewed),
                evidence_cell(r),
                self.findings_cell(&item.id),
            ]);
        }
        t
    }

    /// Annex A: implementation status per theme, as the SoA counts it.
    pub(crate) fn annex_a_table(&self) -> Table {
        let mut headers = vec!["Theme"];
        headers.extend(ImplementationStatus::ALL.iter().map(|s| s.label()));
        headers.push("Controls");
        let mut t = Table::new(headers);
        let mut themes: Vec<Theme> = Vec::new();
        for r in self.soa() {
            if !themes.contains(&r.theme) {
                themes.push(r.theme);
            }
        }
        let count = |theme: Option<Theme>, status: Option<ImplementationStatus>| {
            self.soa()
                .iter()
                .filter(|r| theme.is_none_or(|t| r.theme == t))
                .filter(|r| status.is_none_or(|s| r.status == s))
                .count()
        };
        for theme in themes.into_iter().map(Some).chain([None]) {
            let label = theme.map_or("All Annex A controls", Theme::label);
            let mut row = vec![Cell::text(label).tone(Tone::Strong)];
            for s in ImplementationStatus::ALL {
                let n = count(theme, Some(s));
                let tone = if n > 0 { Tone::Status(s) } else { Tone::Muted };
                row.push(Cell::num(n).tone(tone));
            }
            row.push(Cell::num(count(theme, None)));
            t.rows.push(row);
        }
        t
    }

    /// Every item, one row each.
    pub(crate) fn appendix_table(&self) -> Table {
        let mut t = Table::new([
            "Item",
            "Answer",
            "Status",
            "Owner",
            "Last reviewed",
            "Evidence",
            "Action",
            "Findings",
        ])
        .widths(vec![17, 11, 16, 11, 9, 14, 11, 11]);
        for item in self.catalog.items() {
            let r = self.assessment.item(&item.id);
            let action = r.action.as_ref().map(|a| {
                let mut lines = vec![a.what.trim().to_string()];
                let mut who = Vec::new();
                if let Some(o) = non_blank(a.owner.as_deref()) {
                    who.push(o.trim().to_string());
                }
                if let Some(d) = a.due {
                    who.push(format!("due {d}"));
                }
                if let Some(d) = a.done {
                    who.push(format!("done {d}"));
                }
                if !who.is_empty() {
                    lines.push(who.join(", "));
                }
                lines
            });
            t.rows.push(vec![
                Cell::text(format!("{} {}", item.id, item.title)),
                answer_cell(r.answer),
                self.status_cell(&item.id),
                Cell::opt(r.owner()),
                Cell::date(r.reviewed),
                evidence_list(&item.id, r),
                Cell::lines(action.unwrap_or_default()),
                self.findings_cell(&item.id),
            ]);
        }
        t
    }

    fn findings_cell(&self, id: &str) -> Cell {
        let f: &[Finding] = self.findings_of(id);
        let worst = f.iter().map(|f| f.severity).min();
        let kinds: Vec<String> = f.iter().map(|f| f.kind.title().to_string()).collect();
        Cell::lines(kinds).tone(worst.map_or(Tone::Plain, Tone::Severity))
    }

    /// One reliance group: what is relied on, and only the reviews that
    /// were recorded.
    pub(crate) fn reliance_table(&self, group: &RelianceGroup) -> Table {
        let mut t = Table::new([
            "Item",
            "Answer",
            "Capability",
            "Assurance relied on",
            "Oversight owner",
            "Reviewed by",
            "Last reviewed",
        ])
        .widths(vec![17, 12, 14, 22, 12, 13, 10]);
        for e in &group.entries {
            let assurance = match non_blank(e.record.reliance.as_deref()) {
                Some(r) => Cell::text(r),
                // Required for "Microsoft provides" (a high finding without
                // it); worth recording for "Shared" (a low one).
                None if e.record.answer == Some(Answer::MicrosoftProvides) => {
                    Cell::text("None recorded").tone(Tone::Severity(Severity::High))
                }
                None => Cell::text("None recorded").tone(Tone::Severity(Severity::Low)),
            };
            let owner = match e.record.owner() {
                Some(o) => Cell::text(o),
                None => Cell::text("Nobody").tone(Tone::Severity(Severity::High)),
            };
            let review = reliance_review(self.assessment, &e.item.id);
            let (by, when) = match &review {
                None if non_blank(e.record.reliance.as_deref()).is_none() => (
                    Cell::text("Nothing relied on is recorded").tone(Tone::Muted),
                    Cell::empty(),
                ),
                None => (
                    Cell::text("No review recorded").tone(Tone::Muted),
                    Cell::empty(),
                ),
                Some(rr) => (
                    Cell::text(self.reviewer(e.record, rr)),
                    Cell::date(Some(rr.date())),
                ),
            };
            t.rows.push(vec![
                Cell::text(format!("{} {}", e.item.id, e.item.title)),
                answer_cell(e.record.answer),
                Cell::text(e.capabilities.join("; ")),
                assurance,
                owner,
                by,
                when,
            ]);
        }
        t
    }

    /// Who reviewed a reliance, as far as the file says.
    fn reviewer(&self, r: &ItemRecord, review: &RelianceReview) -> String {
        match review {
            RelianceReview::Item { date } => {
                let session = r
                    .session
                    .as_deref()
                    .and_then(|id| self.assessment.sessions.iter().find(|s| s.id == id))
                    .filter(|s| s.date == Some(*date));
                match session {
                    Some(s) => format!("The room, session {}", s.id),
                    None => "Review recorded; reviewer not named".to_string(),
                }
            }
            RelianceReview::Evidence { id, .. } => format!("Evidence {id}"),
            RelianceReview::SupplierReview { id, .. } => {
                let item = id.split("-E").next().unwrap_or_default();
                match self.assessment.item(item).owner() {
                    Some(o) => format!("Supplier review {id}, owned by {}", o.trim()),
                    None => format!("Supplier review {id}"),
                }
            }
        }
    }
}

pub(super) fn answer_cell(answer: Option<Answer>) -> Cell {
    Cell::text(answer.map_or("Not assessed", Answer::label)).tone(Tone::Answer(answer))
}

fn evidence_cell(r: &ItemRecord) -> Cell {
    match (r.evidence.len(), r.newest_evidence()) {
        (0, _) => Cell::text("None"),
        (n, Some(d)) => Cell::lines(vec![
            format!("{n} item{}, newest", plural(n)),
            d.to_string(),
        ])
        .nowrap(),
        (n, None) => Cell::text(format!("{n} item{}, undated", plural(n))),
    }
}

/// Every piece of evidence: its id, what it is and its date.
fn evidence_list(id: &str, r: &ItemRecord) -> Cell {
    if r.evidence.is_empty() {
        return Cell::text("None");
    }
    Cell::lines(
        r.evidence
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let eid = evidence_id(id, i);
                match e.date {
                    Some(d) => format!("{eid}: {} ({d})", e.what.trim()),
                    None => format!("{eid}: {}", e.what.trim()),
                }
            })
            .collect(),
    )
}
