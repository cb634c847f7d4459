//! Platform drift: an answered item whose last review is older than a dated
//! change to its own guidance or to a Microsoft 365 capability it depends on
//! (one it relies on, or one its catalog entry lists). Microsoft changes
//! defaults, retires features and moves them between plans; the catalog
//! records each change with its date, and the room is asked to look again.
//!
//! When the room last reviewed an item is its `reviewed` date. An item
//! answered but never marked reviewed counts as reviewed on the date of the
//! workshop session it was last changed in (`session`); with neither, every
//! recorded change counts as unseen. Only changes dated up to the as-of date
//! count, and a change on the review day itself counts as seen. Marking the
//! item reviewed (`r` in the workshop) clears the finding; so does
//! re-answering it, when answering records a review date.

use chrono::NaiveDate;

use super::{Context, Finding, FindingKind};
use crate::assessment::{Assessment, ItemRecord};
use crate::catalog::{Catalog, Change, Item};

/// A change the room has not seen, and what it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnseenChange<'a> {
    /// The item's own guidance (`None`) or the capability's name.
    pub capability: Option<&'a str>,
    pub change: &'a Change,
}

impl UnseenChange<'_> {
    /// "Capability name: what changed (date)", for a message or a screen.
    pub fn describe(&self) -> String {
        let what = self.change.what.trim_end_matches('.');
        match self.capability {
            Some(name) => format!("{name}: {what} ({})", self.change.date),
            None => format!("guidance: {what} ({})", self.change.date),
        }
    }
}

/// When the room last looked at the item: its review date, else the date
/// of the session it was last changed in.
pub fn last_review(assessment: &Assessment, r: &ItemRecord) -> Option<NaiveDate> {
    r.reviewed.or_else(|| {
        let id = r.session.as_deref()?;
        assessment.sessions.iter().find(|s| s.id == id)?.date
    })
}

/// The changes to an answered item's guidance and capabilities that came
/// after its last review (see the module comment), oldest first; empty for
/// an unanswered item.
pub fn unseen_changes<'a>(
    catalog: &'a Catalog,
    assessment: &Assessment,
    as_of: NaiveDate,
    item: &'a Item,
) -> Vec<UnseenChange<'a>> {
    let r = assessment.item(&item.id);
    match r.answer {
        Some(_) => collect(catalog, item, r, last_review(assessment, r), as_of),
        None => Vec::new(),
    }
}

fn collect<'a>(
    catalog: &'a Catalog,
    item: &'a Item,
    r: &ItemRecord,
    last: Option<NaiveDate>,
    as_of: NaiveDate,
) -> Vec<UnseenChange<'a>> {
    let unseen = |c: &Change| c.date <= as_of && last.is_none_or(|l| c.date > l);
    let mut out: Vec<UnseenChange> = item
        .changes
        .iter()
        .filter(|c| unseen(c))
        .map(|change| UnseenChange {
            capability: None,
            change,
        })
        .collect();
    let listed = item.capabilities.iter().map(|c| c.as_ref());
    let ids = listed.chain(r.relies_on.iter().map(String::as_str));
    for (i, id) in ids.clone().enumerate() {
        // A capability both listed and relied on counts once.
        if ids.clone().take(i).any(|earlier| earlier == id) {
            continue;
        }
        let Some(cap) = catalog.capability(id) else {
            continue;
        };
        out.extend(
            cap.changes
                .iter()
                .filter(|c| unseen(c))
                .map(|change| UnseenChange {
                    capability: Some(cap.name.as_ref()),
                    change,
                }),
        );
    }
    out.sort_by_key(|u| u.change.date);
    out
}

/// The `platform-changed` rule.
pub(super) fn platform_changed(cx: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    r.answer?;
    let last = last_review(cx.assessment, r);
    let unseen = collect(cx.catalog, item, r, last, cx.as_of);
    if unseen.is_empty() {
        return None;
    }
    let what: Vec<String> = unseen.iter().map(UnseenChange::describe).collect();
    let when = match (r.reviewed, last) {
        (Some(d), _) => format!("was last reviewed {d}; since then"),
        (None, Some(d)) => {
            format!("was last changed in the session of {d} and never marked reviewed; since then")
        }
        (None, None) => "has no review date, and".to_string(),
    };
    Some(Finding::item(
        FindingKind::PlatformChanged,
        item,
        format!(
            "{} {when} the catalog recorded: {}. Look at it again with the room.",
            item.id,
            what.join("; ")
        ),
    ))
}

#[cfg(test)]
mod tests;
