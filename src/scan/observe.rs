//! What a scan says about each item: its checks go to the registry's
//! topics, the topics' capabilities to the Annex A items that list them.
//! Clauses 4–10 never get an observation.

use super::{Outcome, ScanResult};
use crate::catalog::{Catalog, CheckRegistry};

/// The compact summary of one scan for one item: how many of its mapped
/// checks passed, failed or were not judged, and which failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemObservation {
    pub item: String,
    pub passed: usize,
    pub failed: usize,
    /// Skipped, not run, not applicable, manual, a warning, an error.
    pub neither: usize,
    /// The failing check ids, in the order of the scan.
    pub failing: Vec<String>,
}

/// A scan laid over the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observations {
    /// Items with at least one mapped check, in catalog order.
    pub items: Vec<ItemObservation>,
    /// How many of the scan's checks map to a topic.
    pub mapped: usize,
    /// The checks no topic maps, in the order of the scan: listed, never
    /// dropped silently.
    pub unmapped: Vec<String>,
}

/// The per-item summaries of a scan. `registry` must have been built over
/// `catalog`.
pub fn observe(catalog: &Catalog, registry: &CheckRegistry, scan: &ScanResult) -> Observations {
    let mut per_item: Vec<Option<ItemObservation>> = vec![None; catalog.items().len()];
    let mut unmapped = Vec::new();
    let mut mapped = 0;
    for check in &scan.checks {
        let Some(topic) = registry.lookup(scan.tool, &check.id) else {
            unmapped.push(check.id.clone());
            continue;
        };
        mapped += 1;
        for &i in registry.items(topic) {
            let Some(item) = catalog.items().get(i) else {
                continue;
            };
            let o = per_item[i].get_or_insert_with(|| ItemObservation {
                item: item.id.to_string(),
                passed: 0,
                failed: 0,
                neither: 0,
                failing: Vec::new(),
            });
            match check.outcome {
                Outcome::Passed => o.passed += 1,
                Outcome::Failed => {
                    o.failed += 1;
                    o.failing.push(check.id.clone());
                }
                Outcome::Neither => o.neither += 1,
            }
        }
    }
    Observations {
        items: per_item.into_iter().flatten().collect(),
        mapped,
        unmapped,
    }
}
