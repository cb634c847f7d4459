//! The gap report's content, computed once: the queries here, its tables
//! in `tables.rs`, the executive summary's reasoning in `summary.rs`, the
//! document in `document.rs` (rendered as Markdown or HTML), its short form
//! for a terminal in `brief.rs`, and its JSON in `json.rs`.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::licence_names;
use super::records::{Attendance, EvidenceEntry, attendance, evidence_register};
use crate::analysis::{Finding, ItemStatus, Severity, SoaRow, SoaWarning, Summary};
use crate::assessment::{Answer, Assessment, ItemRecord};
use crate::catalog::{Catalog, Item, ItemKind};

mod brief;
mod document;
mod json;
mod observed;
mod risks;
mod summary;
mod tables;

pub(crate) use brief::gap_report_text;
pub use document::{gap_report_html, gap_report_markdown};
pub use json::{report_json, report_schema};

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
    /// The SoA rows, its lint (for the appendix) and the evidence
    /// register, made when a format first asks for them: the short text
    /// report needs none of them.
    soa: OnceCell<Vec<SoaRow>>,
    lint: OnceCell<Vec<SoaWarning>>,
    evidence: OnceCell<Vec<EvidenceEntry>>,
    pub(crate) licences: Vec<String>,
    pub(crate) sessions: Vec<Attendance>,
    /// Answered items no session recorded.
    pub(crate) outside_sessions: Vec<String>,
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
        let (sessions, outside_sessions) = attendance(catalog, assessment);
        GapReport {
            catalog,
            assessment,
            soa: OnceCell::new(),
            lint: OnceCell::new(),
            evidence: OnceCell::new(),
            licences: licence_names(catalog, &assessment.licences),
            sessions,
            outside_sessions,
            summary,
            by_item,
        }
    }

    /// The Statement of Applicability's rows.
    pub(crate) fn soa(&self) -> &[SoaRow] {
        self.soa
            .get_or_init(|| crate::analysis::soa_rows(self.catalog, self.assessment, &self.summary))
    }

    /// The SoA lint, for the appendix.
    pub(crate) fn lint(&self) -> &[SoaWarning] {
        self.lint.get_or_init(|| {
            crate::analysis::soa_lint_rows(self.assessment, self.summary.as_of, self.soa())
        })
    }

    /// The evidence register.
    pub(crate) fn evidence(&self) -> &[EvidenceEntry] {
        self.evidence
            .get_or_init(|| evidence_register(self.catalog, self.assessment, self.summary.as_of))
    }

    pub(crate) fn findings_of(&self, id: &str) -> &[Finding] {
        self.by_item.get(id).map_or(&[], Vec::as_slice)
    }

    /// Where an item stands (the status every document uses).
    pub(crate) fn status(&self, id: &str) -> Option<&ItemStatus> {
        self.catalog
            .position(id)
            .and_then(|pos| self.summary.statuses.get(pos))
    }

    /// Audit-ready items of a kind (or of all items), and how many there
    /// are: the one definition the SoA's "Implemented" uses too.
    pub(crate) fn readiness(&self, kind: Option<ItemKind>) -> (usize, usize) {
        self.summary.readiness(kind)
    }

    /// Items not yet assessed, of a kind (or of all).
    pub(crate) fn not_assessed(&self, kind: Option<ItemKind>) -> Vec<&'a Item> {
        self.catalog
            .items()
            .iter()
            .filter(|i| kind.is_none_or(|k| i.kind == k))
            .filter(|i| self.assessment.item(&i.id).answer.is_none())
            .collect()
    }

    /// Items with findings, each under its most severe finding, in catalog
    /// order.
    pub(crate) fn items_by_severity(&self) -> Vec<(Severity, Vec<&'a Item>)> {
        let mut groups: BTreeMap<Severity, Vec<&Item>> = BTreeMap::new();
        for item in self.catalog.items() {
            if let Some(worst) = self.findings_of(&item.id).iter().map(|f| f.severity).min() {
                groups.entry(worst).or_default().push(item);
            }
        }
        groups.into_iter().collect()
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
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
