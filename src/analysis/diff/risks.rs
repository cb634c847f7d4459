//! The risk register in the semantic diff: risks added, removed and
//! changed field by field, matched by id.

use serde::Serialize;

use super::{FieldChange, change};
use crate::assessment::{Assessment, Place, Risk, Table, fields_of};

/// A risk's changed fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RiskDiff {
    pub id: String,
    /// Its title now.
    pub title: String,
    /// Changed fields in file order.
    pub changes: Vec<FieldChange>,
}

/// Risks new in `new`, gone from it, and changed, each in file order.
pub(super) fn risk_changes(
    old: &Assessment,
    new: &Assessment,
) -> (Vec<Risk>, Vec<Risk>, Vec<RiskDiff>) {
    let added = new
        .risks
        .iter()
        .filter(|r| old.risk(&r.id).is_none())
        .cloned()
        .collect();
    let removed = old
        .risks
        .iter()
        .filter(|r| new.risk(&r.id).is_none())
        .cloned()
        .collect();
    let changed = new
        .risks
        .iter()
        .filter(|r| old.risk(&r.id).is_some_and(|o| o != *r))
        .map(|r| {
            let place = Place::Risk(r.id.clone());
            RiskDiff {
                id: r.id.clone(),
                title: r.title.clone(),
                changes: fields_of(Table::Risk)
                    .filter_map(|d| {
                        change(
                            d.field,
                            old.field(&place, d.field),
                            new.field(&place, d.field),
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    (added, removed, changed)
}
