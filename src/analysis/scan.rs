//! What the tenant scans say against what the room said. A scan is
//! evidence about configuration, never about the management system: it
//! never answers an item, never names an owner, and never counts for
//! clauses 4–10 (the check registry maps checks to Annex A items only, and
//! these rules look at controls only).
//!
//! - `contradicted-by-scan` (high): an Annex A control answered
//!   `microsoft-provides`, `shared` or `we-manage` whose mapped checks fail
//!   in the latest scan of a tool; the finding names the checks.
//! - `scan-drift` (medium): a check mapped to a control (not excluded as
//!   not applicable) that passed in the previous scan of the same tool and
//!   tenant fails in the latest one.
//! - A passing scan (mapped checks, none failing) is dated evidence for the
//!   technical part of a `shared` or `we-manage` control: its date counts
//!   as the newest evidence for `stale`. It does not clear `no-evidence`
//!   (the room still shows how the control is run), and it never touches
//!   `unowned`, `microsoft-handles-that` or a clause.
//!
//! Only scans that ran up to the as-of date count, so `--as-of` and
//! `gapwalk log` judge the past by what was known then.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Context, Finding, FindingKind};
use crate::assessment::{Answer, Assessment, ItemRecord, Observation, ScanRecord};
use crate::catalog::{Item, ItemKind, ScanTool};

/// One control's latest result from one tool, for reports (the gap
/// report's "Observed in the tenant" and its JSON `observed` array).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ObservedItem {
    pub item: String,
    pub tool: ScanTool,
    /// When the scan ran (UTC date).
    pub date: NaiveDate,
    /// The `[[scans]]` entry.
    pub scan: String,
    pub passed: u32,
    pub failed: u32,
    pub not_judged: u32,
    /// The failing check ids.
    pub failing: Vec<String>,
    /// Of those, the ones that passed in the previous scan of the tool.
    pub drifted: Vec<String>,
}

/// The [`ObservedItem`]s of one item, one per tool.
pub fn observed_items(a: &Assessment, item: &Item, as_of: NaiveDate) -> Vec<ObservedItem> {
    if a.item(&item.id).observed.is_empty() {
        return Vec::new();
    }
    observed(a, item, as_of)
        .iter()
        .map(|o| ObservedItem {
            item: item.id.to_string(),
            tool: o.scan.tool,
            date: o.scan.ran.date_naive(),
            scan: o.scan.id.clone(),
            passed: o.observation.passed,
            failed: o.observation.failed,
            not_judged: o.observation.not_judged,
            failing: o.observation.failing.clone(),
            drifted: o.drifted().into_iter().map(str::to_string).collect(),
        })
        .collect()
}

/// The latest observation of one tool for one item, with its scan and the
/// scan before it.
#[derive(Debug, Clone, Copy)]
pub struct Observed<'a> {
    pub scan: &'a ScanRecord,
    pub observation: &'a Observation,
    /// The previous scan of the same tool and tenant, if any.
    pub previous: Option<&'a ScanRecord>,
}

impl<'a> Observed<'a> {
    /// The failing checks with the scan's titles for them.
    pub fn failing(&self) -> Vec<(&'a str, &'a str)> {
        self.observation
            .failing
            .iter()
            .map(|id| {
                let title = self
                    .scan
                    .failed
                    .iter()
                    .find(|f| f.id == *id)
                    .map_or("", |f| f.title.as_str());
                (id.as_str(), title)
            })
            .collect()
    }

    /// The failing checks that passed in the previous scan.
    pub fn drifted(&self) -> Vec<&'a str> {
        let Some(previous) = self.previous else {
            return Vec::new();
        };
        self.observation
            .failing
            .iter()
            .filter(|id| previous.passed.contains(id))
            .map(String::as_str)
            .collect()
    }

    /// Checks mapped, none failing.
    pub fn passes(&self) -> bool {
        self.observation.failed == 0 && self.observation.passed > 0
    }
}

/// What the latest scans (that ran up to `as_of`) observed for an Annex A
/// item, one entry per tool; nothing for a clause.
pub fn observed<'a>(a: &'a Assessment, item: &Item, as_of: NaiveDate) -> Vec<Observed<'a>> {
    if item.kind != ItemKind::Control {
        return Vec::new();
    }
    a.latest_observations(&item.id)
        .into_iter()
        .filter(|(scan, _)| scan.ran.date_naive() <= as_of)
        .map(|(scan, observation)| Observed {
            scan,
            observation,
            previous: a.previous_scan(scan),
        })
        .collect()
}

/// The date of the latest passing scan of a `shared` or `we-manage`
/// control, which counts as dated evidence for its technical part.
pub fn scan_evidence_date(
    a: &Assessment,
    item: &Item,
    r: &ItemRecord,
    as_of: NaiveDate,
) -> Option<NaiveDate> {
    if !matches!(r.answer, Some(Answer::Shared | Answer::WeManage)) || r.observed.is_empty() {
        return None;
    }
    observed(a, item, as_of)
        .iter()
        .filter(|o| o.passes())
        .map(|o| o.scan.ran.date_naive())
        .max()
}

/// How many failing checks a finding quotes with their titles.
const TITLED: usize = 3;

/// A title cut for a sentence.
fn short(title: &str) -> String {
    let title = title.trim();
    if title.chars().count() > 70 {
        format!("{}…", title.chars().take(69).collect::<String>().trim_end())
    } else {
        title.to_string()
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The `contradicted-by-scan` rule.
pub(super) fn contradicted_by_scan(cx: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let answer = r.answer?;
    if r.observed.is_empty()
        || !matches!(
            answer,
            Answer::MicrosoftProvides | Answer::Shared | Answer::WeManage
        )
    {
        return None;
    }
    let parts: Vec<String> = observed(cx.assessment, item, cx.as_of)
        .iter()
        .filter(|o| !o.observation.failing.is_empty())
        .map(|o| {
            let failing = o.failing();
            // Titles for the first few; every check is named.
            let mut checks: Vec<String> = failing
                .iter()
                .take(TITLED)
                .map(|(id, title)| match title.is_empty() {
                    true => id.to_string(),
                    false => format!("{id} ({})", short(title)),
                })
                .collect();
            if failing.len() > TITLED {
                let rest: Vec<&str> = failing[TITLED..].iter().map(|(id, _)| *id).collect();
                checks.push(format!("and {}", rest.join(", ")));
            }
            format!(
                "the latest {} scan ({}) fails {} mapped to it: {}",
                o.scan.tool.label(),
                o.scan.ran.date_naive(),
                plural(failing.len(), "check", "checks"),
                checks.join("; ")
            )
        })
        .collect();
    (!parts.is_empty()).then(|| {
        Finding::item(
            FindingKind::ContradictedByScan,
            item,
            format!(
                "{} is answered \"{}\", but {}. Look at it with the room.",
                item.id,
                answer.label(),
                parts.join("; and ")
            ),
        )
    })
}

/// The `scan-drift` rule.
pub(super) fn scan_drift(cx: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    if r.observed.is_empty() || r.answer == Some(Answer::NotApplicable) {
        return None;
    }
    let parts: Vec<String> = observed(cx.assessment, item, cx.as_of)
        .iter()
        .filter_map(|o| {
            let drifted = o.drifted();
            let previous = o.previous?;
            (!drifted.is_empty()).then(|| {
                format!(
                    "{} passed in the {} scan of {} and {} in the scan of {}",
                    drifted.join(", "),
                    o.scan.tool.label(),
                    previous.ran.date_naive(),
                    if drifted.len() == 1 { "fails" } else { "fail" },
                    o.scan.ran.date_naive()
                )
            })
        })
        .collect();
    (!parts.is_empty()).then(|| {
        Finding::item(
            FindingKind::ScanDrift,
            item,
            format!(
                "{}: {}. The configuration changed since the previous scan.",
                item.id,
                parts.join("; ")
            ),
        )
    })
}

#[cfg(test)]
mod tests;
