//! Which items a save changes, found in one walk in catalog order, and copying only those.

use super::*;

/// What differs between two states of an assessment.
#[derive(Debug, Clone)]
pub(super) struct Changes<'c> {
    /// The items, in catalog order.
    pub(super) items: Vec<&'c str>,
    /// Anything besides items: `[assessment]`, sessions, risks, scans,
    /// conflicts.
    pub(super) others: bool,
}

impl<'c> Changes<'c> {
    pub(super) fn between(catalog: &'c Catalog, old: &Assessment, new: &Assessment) -> Changes<'c> {
        // Every part named, so that a part added to the model cannot be
        // left out here (a save would then not see it change).
        let Assessment {
            catalog: catalog_id,
            // `[assessment]`: walked through the field table.
            id: _,
            organisation: _,
            scope: _,
            licences: _,
            review_interval_months: _,
            governance: _,
            sessions,
            risks,
            scans,
            items: _,
            conflicts,
        } = new;
        let meta = Field::of(PlaceKind::Assessment)
            .any(|f| old.field(&Place::Assessment, f) != new.field(&Place::Assessment, f));
        Changes {
            items: changed_items(catalog, old, new),
            others: meta
                || old.catalog != *catalog_id
                || old.sessions != *sessions
                || old.risks != *risks
                || old.scans != *scans
                || old.conflicts != *conflicts,
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.items.is_empty() && !self.others
    }
}

/// The items that differ between two states, in catalog order. The loader
/// only admits catalog items, so none is missed.
pub(super) fn changed_items<'c>(
    catalog: &'c Catalog,
    old: &Assessment,
    new: &Assessment,
) -> Vec<&'c str> {
    catalog
        .items()
        .iter()
        .map(|item| item.id.as_ref())
        .filter(|&id| old.item(id) != new.item(id))
        .collect()
}

/// Makes `target` equal to `source`, copying only the items that changed
/// (a full copy of a large assessment on every keystroke is most of a
/// save's cost).
pub(super) fn update(target: &mut Assessment, source: &Assessment, changed: &[&str]) {
    // Destructured, so that a new field cannot be forgotten here.
    let Assessment {
        catalog,
        id,
        organisation,
        scope,
        licences,
        review_interval_months,
        governance,
        sessions,
        risks,
        scans,
        items,
        conflicts,
    } = source;
    target.catalog.clone_from(catalog);
    target.id.clone_from(id);
    target.organisation.clone_from(organisation);
    target.scope.clone_from(scope);
    target.licences.clone_from(licences);
    target.review_interval_months = *review_interval_months;
    target.governance.clone_from(governance);
    target.sessions.clone_from(sessions);
    target.risks.clone_from(risks);
    target.scans.clone_from(scans);
    target.conflicts.clone_from(conflicts);
    for &id in changed {
        match items.get(id) {
            Some(record) => {
                target.items.insert(id.to_string(), record.clone());
            }
            None => {
                target.items.remove(id);
            }
        }
    }
    debug_assert!(target == source, "update missed a change");
}
