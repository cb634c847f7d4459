//! Recording a scan result in an assessment: one `[[scans]]` entry, and
//! on each Annex A item it says something about, the compact summary of
//! the latest scan of that tool. A pure function of the assessment and the
//! result; the command line reads, locks and writes.

use chrono::{NaiveDate, SubsecRound};

use super::{Observations, Outcome, ScanResult, observe};
use crate::assessment::{Assessment, FailedCheck, Observation, ScanRecord};
use crate::catalog::{Catalog, CheckRegistry};

/// What importing one result did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    /// The same file (by SHA-256) is already recorded: nothing changed.
    AlreadyThere {
        id: String,
    },
    Recorded(Recorded),
}

/// A result newly recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The new `[[scans]]` entry's id.
    pub id: String,
    /// What the scan says per item, and what it could not map.
    pub observations: Observations,
    /// Whether it is the latest scan of its tool for the tenant (only then
    /// do the items' summaries change: an older result is kept on record).
    pub latest: bool,
    /// The previous scan of the same tool and tenant, if any…
    pub previous: Option<String>,
    /// …and the checks that passed in it and fail now.
    pub drifted: Vec<String>,
}

/// Why a result was not recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error(
        "the result is from tenant {new}, but the earlier scans in this assessment are from tenant {earlier}: import it with --new-tenant if the organisation moved to another tenant, or into the assessment of that tenant"
    )]
    OtherTenant { earlier: String, new: String },
}

/// The tenant of the scans recorded so far: that of the last one imported.
pub fn current_tenant(a: &Assessment) -> Option<&str> {
    a.scans.iter().rev().find_map(|s| s.tenant.as_deref())
}

/// Records `scan`, read from a file named `file` whose SHA-256 is `sha256`,
/// on `imported`. A result from another tenant than the last imported one
/// is refused unless `new_tenant`; then the items keep only observations
/// of the new tenant.
#[allow(clippy::too_many_arguments)]
pub fn record_scan(
    a: &mut Assessment,
    catalog: &Catalog,
    registry: &CheckRegistry,
    scan: &ScanResult,
    file: &str,
    sha256: &str,
    imported: NaiveDate,
    new_tenant: bool,
) -> Result<Imported, ImportError> {
    if let Some(s) = a.scans.iter().find(|s| s.sha256 == sha256) {
        return Ok(Imported::AlreadyThere { id: s.id.clone() });
    }
    let switching = match (current_tenant(a), scan.tenant.as_deref()) {
        (Some(earlier), Some(new)) if earlier != new => {
            if !new_tenant {
                return Err(ImportError::OtherTenant {
                    earlier: earlier.to_string(),
                    new: new.to_string(),
                });
            }
            true
        }
        _ => false,
    };
    let ran = scan.ran.trunc_subsecs(0);
    let base = format!(
        "{}-{}",
        scan.tool.as_str(),
        ran.format("%Y-%m-%dT%H:%M:%SZ")
    );
    let taken = |id: &str| a.scans.iter().any(|s| s.id == id);
    let id = if taken(&base) {
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| !taken(id))
            .unwrap_or(base)
    } else {
        base
    };
    let ids = |outcome: Outcome| {
        scan.checks
            .iter()
            .filter(move |c| c.outcome == outcome)
            .map(|c| c.id.clone())
    };
    let observations = observe(catalog, registry, scan);
    let record = ScanRecord {
        id: id.clone(),
        tool: scan.tool,
        version: scan.tool_version.clone(),
        tenant: scan.tenant.clone(),
        ran,
        file: file.to_string(),
        sha256: sha256.to_string(),
        imported,
        not_judged: u32::try_from(scan.count(Outcome::Neither)).unwrap_or(u32::MAX),
        passed: ids(Outcome::Passed).collect(),
        failed: scan
            .checks
            .iter()
            .filter(|c| c.outcome == Outcome::Failed)
            .map(|c| FailedCheck {
                id: c.id.clone(),
                title: c.title.clone(),
            })
            .collect(),
        unmapped: observations.unmapped.clone(),
    };
    let latest = !a
        .scans
        .iter()
        .any(|s| s.tool == record.tool && s.tenant == record.tenant && s.ran > record.ran);
    let previous = a.previous_scan(&record).map(|p| p.id.clone());
    let drifted = a
        .previous_scan(&record)
        .map(|p| {
            ids(Outcome::Failed)
                .filter(|id| p.passed.contains(id))
                .collect()
        })
        .unwrap_or_default();
    if latest {
        replace_observations(a, catalog, &record, &observations, switching);
    }
    a.scans.push(record);
    Ok(Imported::Recorded(Recorded {
        id,
        observations,
        latest,
        previous,
        drifted,
    }))
}

/// Each item's observation of this tool becomes the new scan's (or goes,
/// when the new scan says nothing about the item); on a change of tenant,
/// other tenants' observations go too.
fn replace_observations(
    a: &mut Assessment,
    catalog: &Catalog,
    record: &ScanRecord,
    observations: &Observations,
    switching: bool,
) {
    let stale: Vec<String> = a
        .scans
        .iter()
        .filter(|s| s.tool == record.tool || (switching && s.tenant != record.tenant))
        .map(|s| s.id.clone())
        .collect();
    let mut new = observations.items.iter().peekable();
    for item in catalog.items() {
        let fresh = new.next_if(|o| o.item == item.id);
        let has_stale = a
            .item(&item.id)
            .observed
            .iter()
            .any(|o| stale.contains(&o.scan));
        if fresh.is_none() && !has_stale {
            continue;
        }
        let r = a.item_mut(&item.id);
        r.observed.retain(|o| !stale.contains(&o.scan));
        if let Some(o) = fresh {
            let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            r.observed.push(Observation {
                scan: record.id.clone(),
                passed: count(o.passed),
                failed: count(o.failed),
                not_judged: count(o.neither),
                failing: o.failing.clone(),
            });
        }
        if r.is_empty() {
            a.items.remove(item.id.as_ref());
        }
    }
}
