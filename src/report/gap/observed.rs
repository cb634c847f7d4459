//! The gap report's "Observed in the tenant": the tenant scans recorded
//! (`gapwalk import-scan`) and, per control and tool, the latest result
//! beside the room's answer. Only when a scan is recorded.

use super::GapReport;
use super::tables::answer_cell;
use crate::analysis::Severity;
use crate::report::doc::{Block, Cell, Inline, Section, Table, Tone};

/// The section, or `None` before any scan is imported.
pub(super) fn observed(r: &GapReport) -> Option<Section> {
    if r.assessment.scans.is_empty() {
        return None;
    }
    let mut sec = Section::new("observed", "Observed in the tenant").nav("Observed");
    sec.push(Block::Para(Inline::from(
        "Results of the tenant scanners imported with gapwalk import-scan: evidence about how the tenant is configured, beside what the room answered. A scan never answers an item and never counts for clauses 4–10; a failing check on a control the room says is handled is a contradiction to discuss.",
    )));
    sec.push(Block::Table(scans_table(r)));
    let observed = observed_table(r);
    if observed.rows.is_empty() {
        sec.push(Block::Para(Inline::from(
            "No check of these scans maps to an Annex A control.",
        )));
    } else {
        sec.push(Block::Table(observed));
    }
    Some(sec)
}

/// The scans recorded, newest first: tool, when it ran, the tenant and
/// file, and its counts.
fn scans_table(r: &GapReport) -> Table {
    let mut t = Table::new([
        "Scan",
        "Ran",
        "Tenant",
        "File",
        "Passed",
        "Failed",
        "Not judged",
        "Unmapped",
    ])
    .widths(vec![14, 14, 20, 20, 8, 8, 8, 8]);
    let mut scans: Vec<_> = r.assessment.scans.iter().collect();
    scans.sort_by_key(|s| std::cmp::Reverse(s.ran));
    for s in scans {
        let version = s
            .version
            .as_deref()
            .map_or_else(String::new, |v| format!(" {v}"));
        t.rows.push(vec![
            Cell::text(format!("{}{version}", s.tool.label())),
            Cell::text(s.ran.format("%Y-%m-%d %H:%M UTC").to_string()).nowrap(),
            Cell::opt(s.tenant.as_deref()),
            Cell::text(s.file.as_str()),
            Cell::num(s.passed.len()),
            Cell::num(s.failed.len()),
            Cell::num(s.not_judged as usize),
            Cell::num(s.unmapped.len()),
        ]);
    }
    t
}

/// Per control and tool, the latest scan's result: passed, failed, the
/// failing checks with their titles, and those that passed in the scan
/// before (drift).
fn observed_table(r: &GapReport) -> Table {
    let mut t = Table::new([
        "Control",
        "Answer",
        "Scan",
        "Passed",
        "Failed",
        "Failing checks",
        "Drift since the previous scan",
    ])
    .widths(vec![18, 10, 12, 7, 7, 32, 14]);
    for o in &r.summary.observed {
        let Some(item) = r.catalog.item(&o.item) else {
            continue;
        };
        let scan = r.assessment.scan(&o.scan);
        let failing: Vec<String> = o
            .failing
            .iter()
            .map(|id| {
                let title = scan
                    .and_then(|s| s.failed.iter().find(|f| f.id == *id))
                    .map_or("", |f| f.title.as_str());
                if title.is_empty() {
                    id.clone()
                } else {
                    format!("{id}: {title}")
                }
            })
            .collect();
        let failed = Cell::num(o.failed as usize);
        let failed = if o.failed > 0 {
            failed.tone(Tone::Severity(Severity::High))
        } else {
            failed
        };
        t.rows.push(vec![
            Cell::text(format!("{} {}", item.id, item.title)),
            answer_cell(r.assessment.item(&o.item).answer),
            Cell::text(format!("{} {}", o.tool.label(), o.date)).nowrap(),
            Cell::num(o.passed as usize),
            failed,
            Cell::lines(failing),
            Cell::lines(o.drifted.clone()).tone(Tone::Severity(Severity::Medium)),
        ]);
    }
    t
}
