//! The gap report's content, computed once and rendered as Markdown
//! (`gap_md.rs`) or HTML (`html.rs`). Tables are built here as plain text
//! cells; each renderer escapes them for its medium.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::licence_names;
use crate::analysis::{Finding, FindingKind, ImplementationStatus, Severity, SoaRow, Summary};
use crate::assessment::{Answer, Assessment, ItemRecord};
use crate::catalog::{Catalog, Item, ItemKind, Theme};

/// How a cell is shown: colour in HTML, emphasis in Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    Plain,
    Strong,
    Muted,
    Answer(Option<Answer>),
    Status(ImplementationStatus),
    Severity(Severity),
}

/// A table cell: lines of untrusted text and how to show them.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub lines: Vec<String>,
    pub tone: Tone,
    pub numeric: bool,
    /// Short lines (dates) that must not break.
    pub nowrap: bool,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Self {
        Cell {
            lines: vec![s.into()],
            tone: Tone::Plain,
            numeric: false,
            nowrap: false,
        }
    }
    pub fn lines(lines: Vec<String>) -> Self {
        Cell {
            lines,
            tone: Tone::Plain,
            numeric: false,
            nowrap: false,
        }
    }
    pub fn num(n: usize) -> Self {
        Cell {
            lines: vec![n.to_string()],
            tone: Tone::Plain,
            numeric: true,
            nowrap: true,
        }
    }
    pub fn nowrap(mut self) -> Self {
        self.nowrap = true;
        self
    }
    pub fn tone(mut self, tone: Tone) -> Self {
        self.tone = tone;
        self
    }
    fn opt(s: Option<&str>) -> Self {
        Cell::lines(s.map(|s| vec![s.to_string()]).unwrap_or_default())
    }
    fn date(d: Option<NaiveDate>) -> Self {
        let mut c = Cell::lines(d.map(|d| vec![d.to_string()]).unwrap_or_default());
        c.nowrap = true;
        c
    }
}

/// A table: header cells and rows.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
    /// Widths in percent for the HTML (one per column), if set.
    pub widths: Option<Vec<u8>>,
}

impl Table {
    fn new(headers: Vec<&'static str>) -> Self {
        Table {
            headers,
            rows: Vec::new(),
            widths: None,
        }
    }
}

/// One item answered `microsoft-provides` or `shared`, once per Microsoft
/// 365 capability it relies on.
#[derive(Debug, Clone)]
pub(crate) struct RelianceEntry<'a> {
    pub item: &'a Item,
    pub record: &'a ItemRecord,
    /// Capability names, in the order the item lists them.
    pub capabilities: Vec<String>,
}

/// The reliance entries of one Microsoft 365 service and licence.
#[derive(Debug, Clone)]
pub(crate) struct RelianceGroup<'a> {
    pub service: String,
    pub licence: String,
    /// Whether the tenant's licences cover it (`None`: no capability named).
    pub licensed: Option<bool>,
    pub entries: Vec<RelianceEntry<'a>>,
}

/// Everything the gap report shows.
pub struct GapReport<'a> {
    pub(crate) catalog: &'a Catalog,
    pub(crate) assessment: &'a Assessment,
    pub summary: Summary,
    pub(crate) soa: Vec<SoaRow>,
    pub(crate) licences: Vec<String>,
    by_item: HashMap<String, Vec<Finding>>,
}

impl<'a> GapReport<'a> {
    pub fn new(catalog: &'a Catalog, assessment: &'a Assessment, as_of: NaiveDate) -> Self {
        let summary = Summary::new(catalog, assessment, as_of);
        let mut by_item: HashMap<String, Vec<Finding>> = HashMap::new();
        for f in &summary.findings {
            if let Some(id) = &f.item {
                by_item.entry(id.clone()).or_default().push(f.clone());
            }
        }
        GapReport {
            catalog,
            assessment,
            soa: crate::analysis::soa_rows(catalog, assessment),
            licences: licence_names(catalog, &assessment.licences),
            summary,
            by_item,
        }
    }

    pub(crate) fn findings_of(&self, id: &str) -> &[Finding] {
        self.by_item.get(id).map_or(&[], Vec::as_slice)
    }

    /// Audit-ready items (answered, with no finding) of all items of a
    /// kind (or of all items).
    pub(crate) fn readiness(&self, kind: Option<ItemKind>) -> (usize, usize) {
        let items = self
            .catalog
            .items()
            .iter()
            .filter(|i| kind.is_none_or(|k| i.kind == k));
        let (mut ready, mut total) = (0, 0);
        for item in items {
            total += 1;
            if self.assessment.item(&item.id).answer.is_some()
                && self.findings_of(&item.id).is_empty()
            {
                ready += 1;
            }
        }
        (ready, total)
    }

    /// A verdict a steering committee reads first.
    pub(crate) fn verdict(&self) -> String {
        let s = &self.summary;
        let (high, medium) = (s.count(Severity::High), s.count(Severity::Medium));
        if high > 0 {
            format!(
                "Not ready for a certification audit: {high} high-severity finding{} to close first.",
                plural(high)
            )
        } else if medium > 0 {
            format!(
                "No high-severity findings; {medium} medium-severity finding{} remain{}.",
                plural(medium),
                if medium == 1 { "s" } else { "" }
            )
        } else if s.progress.answered < s.progress.total {
            "No high- or medium-severity findings, but not every item is assessed yet.".to_string()
        } else {
            "No high- or medium-severity findings.".to_string()
        }
    }

    /// Items with findings, each under its most severe finding, in catalog
    /// order; items whose only finding is "not yet assessed" are left to
    /// [`Self::unassessed`].
    pub(crate) fn items_by_severity(&self) -> Vec<(Severity, Vec<&'a Item>)> {
        let mut groups: BTreeMap<Severity, Vec<&Item>> = BTreeMap::new();
        for item in self.catalog.items() {
            let f = self.findings_of(&item.id);
            if f.is_empty() || self.only_unanswered(&item.id) {
                continue;
            }
            if let Some(worst) = f.iter().map(|f| f.severity).min() {
                groups.entry(worst).or_default().push(item);
            }
        }
        groups.into_iter().collect()
    }

    fn only_unanswered(&self, id: &str) -> bool {
        self.findings_of(id)
            .iter()
            .all(|f| f.kind == FindingKind::Unanswered)
    }

    /// Items not yet assessed, with no other finding.
    pub(crate) fn unassessed(&self) -> Vec<&'a Item> {
        self.catalog
            .items()
            .iter()
            .filter(|i| !self.findings_of(&i.id).is_empty() && self.only_unanswered(&i.id))
            .collect()
    }

    /// Findings about the assessment as a whole (key-person risk).
    pub(crate) fn general_findings(&self) -> Vec<&Finding> {
        self.summary
            .findings
            .iter()
            .filter(|f| f.item.is_none())
            .collect()
    }

    /// What the room wrote down, item by item: justifications, notes and
    /// questions parked for later, as (label, text) pairs.
    pub(crate) fn workshop_record(&self) -> Vec<(&'a Item, Vec<(&'static str, &'a str)>)> {
        self.catalog
            .items()
            .iter()
            .filter_map(|i| {
                let r = self.assessment.item(&i.id);
                let entries: Vec<(&'static str, &'a str)> = [
                    ("Justification", r.justification.as_deref()),
                    ("Notes", r.notes.as_deref()),
                    ("Open question", r.follow_up.as_deref()),
                ]
                .into_iter()
                .filter_map(|(label, text)| {
                    crate::assessment::non_blank(text).map(|t| (label, t.trim()))
                })
                .collect();
                (!entries.is_empty()).then_some((i, entries))
            })
            .collect()
    }

    /// Every item answered `microsoft-provides` or `shared`, grouped by the
    /// Microsoft 365 service of each capability it relies on and by the
    /// tenant licence that covers that capability.
    pub(crate) fn reliance_register(&self) -> Vec<RelianceGroup<'a>> {
        let tenant: Vec<(&str, std::collections::HashSet<&str>)> = self
            .assessment
            .licences
            .iter()
            .map(|l| {
                (
                    self.catalog
                        .licence(l)
                        .map_or(l.as_str(), |l| l.name.as_ref()),
                    self.catalog.expand_licences([l.as_str()]),
                )
            })
            .collect();
        let mut groups: BTreeMap<(u8, String, String), RelianceGroup<'a>> = BTreeMap::new();
        for item in self.catalog.items() {
            let record = self.assessment.item(&item.id);
            if !matches!(
                record.answer,
                Some(Answer::MicrosoftProvides | Answer::Shared)
            ) {
                continue;
            }
            let mut add = |order: u8,
                           service: String,
                           licence: String,
                           licensed,
                           capability: Option<String>| {
                let entries = &mut groups
                    .entry((order, service.clone(), licence.clone()))
                    .or_insert_with(|| RelianceGroup {
                        service,
                        licence,
                        licensed,
                        entries: Vec::new(),
                    })
                    .entries;
                match entries.last_mut() {
                    Some(last) if last.item.id == item.id => {
                        last.capabilities.extend(capability);
                    }
                    _ => entries.push(RelianceEntry {
                        item,
                        record,
                        capabilities: capability.into_iter().collect(),
                    }),
                }
            };
            if record.relies_on.is_empty() {
                add(
                    1,
                    "Microsoft 365 as a service".to_string(),
                    "No capability recorded".to_string(),
                    None,
                    None,
                );
            }
            for id in &record.relies_on {
                let Some(cap) = self.catalog.capability(id) else {
                    continue;
                };
                let covering: Vec<&str> = tenant
                    .iter()
                    .filter(|(_, expanded)| {
                        cap.licences.iter().any(|l| expanded.contains(l.as_ref()))
                    })
                    .map(|(name, _)| *name)
                    .collect();
                let (licence, licensed) = if covering.is_empty() {
                    ("Not in the tenant's licences".to_string(), false)
                } else {
                    (covering.join(", "), true)
                };
                add(
                    0,
                    cap.product.to_string(),
                    licence,
                    Some(licensed),
                    Some(cap.name.to_string()),
                );
            }
        }
        groups.into_values().collect()
    }

    /// The tenant scans recorded, newest first: tool, when it ran, the
    /// tenant and file, and its counts. Empty before any import.
    pub(crate) fn scans_table(&self) -> Option<Table> {
        let scans = &self.assessment.scans;
        if scans.is_empty() {
            return None;
        }
        let mut t = Table::new(vec![
            "Scan",
            "Ran",
            "Tenant",
            "File",
            "Passed",
            "Failed",
            "Not judged",
            "Unmapped",
        ]);
        t.widths = Some(vec![14, 14, 20, 20, 8, 8, 8, 8]);
        let mut sorted: Vec<_> = scans.iter().collect();
        sorted.sort_by_key(|s| std::cmp::Reverse(s.ran));
        for s in sorted {
            let version = s
                .version
                .as_deref()
                .map_or_else(String::new, |v| format!(" {v}"));
            t.rows.push(vec![
                Cell::text(format!("{}{version}", s.tool.label())),
                Cell::text(s.ran.format("%Y-%m-%d %H:%M UTC").to_string()).nowrap(),
                Cell::opt(s.tenant.as_deref()),
                Cell::text(s.file.clone()),
                Cell::num(s.passed.len()),
                Cell::num(s.failed.len()),
                Cell::num(s.not_judged as usize),
                Cell::num(s.unmapped.len()),
            ]);
        }
        Some(t)
    }

    /// Per control and tool, the latest scan's result: passed, failed, the
    /// failing checks with their titles, and the checks that passed in the
    /// scan before. `None` before any import.
    pub(crate) fn observed_table(&self) -> Option<Table> {
        if self.assessment.scans.is_empty() {
            return None;
        }
        let mut t = Table::new(vec![
            "Control",
            "Answer",
            "Scan",
            "Passed",
            "Failed",
            "Failing checks",
            "Drift since the previous scan",
        ]);
        t.widths = Some(vec![18, 10, 12, 7, 7, 32, 14]);
        for o in &self.summary.observed {
            let Some(item) = self.catalog.item(&o.item) else {
                continue;
            };
            let scan = self.assessment.scan(&o.scan);
            let title = |id: &str| {
                scan.and_then(|s| s.failed.iter().find(|f| f.id == id))
                    .map_or_else(String::new, |f| f.title.clone())
            };
            let failing: Vec<String> = o
                .failing
                .iter()
                .map(|id| match title(id) {
                    t if t.is_empty() => id.clone(),
                    t => format!("{id}: {t}"),
                })
                .collect();
            let record = self.assessment.item(&o.item);
            let failed = Cell::num(o.failed as usize);
            let failed = if o.failed > 0 {
                failed.tone(Tone::Severity(Severity::High))
            } else {
                failed
            };
            t.rows.push(vec![
                Cell::text(format!("{} {}", item.id, item.title)),
                answer_cell(record.answer),
                Cell::text(format!("{} {}", o.tool.label(), o.date)).nowrap(),
                Cell::num(o.passed as usize),
                failed,
                Cell::lines(failing),
                Cell::lines(o.drifted.clone()).tone(Tone::Severity(Severity::Medium)),
            ]);
        }
        Some(t)
    }

    pub(crate) fn reliance_table(&self, group: &RelianceGroup) -> Table {
        let mut t = Table::new(vec![
            "Item",
            "Answer",
            "Capability",
            "Assurance relied on",
            "Reviewed by",
            "Last reviewed",
        ]);
        t.widths = Some(vec![20, 18, 17, 22, 12, 11]);
        for e in &group.entries {
            let assurance = match crate::assessment::non_blank(e.record.reliance.as_deref()) {
                Some(r) => Cell::text(r),
                // Required for "Microsoft provides" (a finding without it);
                // worth recording for "Shared".
                None if e.record.answer == Some(Answer::MicrosoftProvides) => {
                    Cell::text("None recorded").tone(Tone::Severity(Severity::High))
                }
                None => Cell::text("None recorded").tone(Tone::Muted),
            };
            let owner = match e.record.owner() {
                Some(o) => Cell::text(o),
                None => Cell::text("Nobody").tone(Tone::Severity(Severity::High)),
            };
            t.rows.push(vec![
                Cell::text(format!("{} {}", e.item.id, e.item.title)),
                answer_cell(e.record.answer),
                Cell::text(e.capabilities.join("; ")),
                assurance,
                owner,
                Cell::date(e.record.reviewed),
            ]);
        }
        t
    }

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
        let mut t = Table::new(vec!["Finding", "Severity", "Count"]);
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
        let mut t = Table::new(vec!["Owner", "Items", "Gaps", "Open actions"]);
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

    /// Clauses 4–10, one row each.
    pub(crate) fn clauses_table(&self) -> Table {
        let mut t = Table::new(vec![
            "Clause",
            "Title",
            "Answer",
            "Owner",
            "Last reviewed",
            "Evidence",
            "Findings",
        ]);
        t.widths = Some(vec![8, 22, 18, 14, 11, 11, 16]);
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
                Cell::opt(r.owner()),
                Cell::date(r.reviewed),
                evidence_cell(r),
                self.findings_cell(&item.id),
            ]);
        }
        t
    }

    /// Annex A: implementation status per theme.
    pub(crate) fn annex_a_table(&self) -> Table {
        let mut headers = vec!["Theme"];
        headers.extend(ImplementationStatus::ALL.iter().map(|s| s.label()));
        headers.push("Controls");
        let mut t = Table::new(headers);
        let mut themes: Vec<Theme> = Vec::new();
        for r in &self.soa {
            if !themes.contains(&r.theme) {
                themes.push(r.theme);
            }
        }
        let count = |theme: Option<Theme>, status: Option<ImplementationStatus>| {
            self.soa
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
        let mut t = Table::new(vec![
            "Item",
            "Answer",
            "Owner",
            "Last reviewed",
            "Evidence",
            "Action",
            "Findings",
        ]);
        t.widths = Some(vec![22, 15, 12, 10, 15, 12, 14]);
        for item in self.catalog.items() {
            let r = self.assessment.item(&item.id);
            let action = r.action.as_ref().map(|a| {
                let mut lines = vec![a.what.trim().to_string()];
                let mut who = Vec::new();
                if let Some(o) = crate::assessment::non_blank(a.owner.as_deref()) {
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
                Cell::opt(r.owner()),
                Cell::date(r.reviewed),
                evidence_list(r),
                Cell::lines(action.unwrap_or_default()),
                self.findings_cell(&item.id),
            ]);
        }
        t
    }

    fn findings_cell(&self, id: &str) -> Cell {
        // "Not yet assessed" is already in the answer column.
        let f: Vec<&Finding> = self
            .findings_of(id)
            .iter()
            .filter(|f| f.kind != FindingKind::Unanswered)
            .collect();
        let worst = f.iter().map(|f| f.severity).min();
        let kinds: Vec<String> = f.iter().map(|f| f.kind.title().to_string()).collect();
        Cell::lines(kinds).tone(worst.map_or(Tone::Plain, Tone::Severity))
    }
}

fn answer_cell(answer: Option<Answer>) -> Cell {
    Cell::text(answer.map_or("Not assessed", Answer::label)).tone(Tone::Answer(answer))
}

fn evidence_cell(r: &ItemRecord) -> Cell {
    match (r.evidence.len(), r.newest_evidence()) {
        (0, _) => Cell::text("None"),
        (n, Some(d)) => {
            let mut c = Cell::lines(vec![
                format!("{n} item{}, newest", plural(n)),
                d.to_string(),
            ]);
            c.nowrap = true;
            c
        }
        (n, None) => Cell::text(format!("{n} item{}, undated", plural(n))),
    }
}

/// Every piece of evidence: what it is and its date.
fn evidence_list(r: &ItemRecord) -> Cell {
    if r.evidence.is_empty() {
        return Cell::text("None");
    }
    Cell::lines(
        r.evidence
            .iter()
            .map(|e| match e.date {
                Some(d) => format!("{} ({d})", e.what.trim()),
                None => e.what.trim().to_string(),
            })
            .collect(),
    )
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
