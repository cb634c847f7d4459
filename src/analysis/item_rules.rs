//! The rules about one item: each a pure function of the item's record, the catalog entry and the context, returning its finding if the rule fires. `item_findings` runs them in order.

use super::*;

pub(super) fn unanswered(_: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    r.answer.is_none().then(|| {
        Finding::item(
            FindingKind::Unanswered,
            item,
            format!("{} {} has not been assessed yet.", item.id, item.title),
        )
    })
}

pub(super) fn untracked_gap(_: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let tracked = r.action.as_ref().is_some_and(|a| a.is_tracked());
    (r.answer == Some(Answer::Gap) && !tracked).then(|| {
        Finding::item(
            FindingKind::UntrackedGap,
            item,
            format!(
                "{} is a gap and no action with an owner and a due date will close it.",
                item.id
            ),
        )
    })
}

/// Whether a gap on this item weighs as much as a missing requirement: a
/// clause 4–10 (mandatory) or a control the room called critical.
pub(super) fn is_mandatory_or_critical(cx: &Context, item: &Item) -> bool {
    item.kind == ItemKind::Clause || cx.assessment.is_critical(&item.id)
}

pub(super) fn tracked_gap(cx: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let action = r.action.as_ref().filter(|a| a.is_tracked())?;
    if r.answer != Some(Answer::Gap) {
        return None;
    }
    let message = match action.done {
        // Until the action is done, a gap on a clause or a critical
        // control is `critical-gap`.
        None if is_mandatory_or_critical(cx, item) => return None,
        None => format!(
            "{} is a gap; {} is to close it by {}.",
            item.id,
            action.owner.as_deref().unwrap_or_default().trim(),
            action.due.map_or_else(String::new, |d| d.to_string())
        ),
        Some(done) => format!(
            "{} is still answered as a gap, though its action was done {done}: assess it again.",
            item.id
        ),
    };
    Some(Finding::item(FindingKind::TrackedGap, item, message))
}

/// A gap on a mandatory clause or a critical control stays high while its
/// action is planned but not done: a plan is not a fix.
pub(super) fn critical_gap(cx: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let action = r.action.as_ref().filter(|a| a.is_tracked())?;
    if r.answer != Some(Answer::Gap) || action.done.is_some() || !is_mandatory_or_critical(cx, item)
    {
        return None;
    }
    let what = if item.kind == ItemKind::Clause {
        "a mandatory clause"
    } else {
        "a control the room called critical"
    };
    Some(Finding::item(
        FindingKind::CriticalGap,
        item,
        format!(
            "{} is a gap on {what}; {} plans to close it by {}, but until that is done the requirement is not met.",
            item.id,
            action.owner.as_deref().unwrap_or_default().trim(),
            action.due.map_or_else(String::new, |d| d.to_string())
        ),
    ))
}

/// `shared` means Microsoft does part of the work: what assures that part
/// is worth recording (a low finding; for `microsoft-provides` it is
/// required, see [`microsoft_handles_that`]).
pub(super) fn shared_without_reliance(_: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    (r.answer == Some(Answer::Shared) && non_blank(r.reliance.as_deref()).is_none()).then(|| {
        Finding::item(
            FindingKind::SharedWithoutReliance,
            item,
            format!(
                "{} is answered \"Shared\" but no Microsoft assurance is recorded for Microsoft's part.",
                item.id
            ),
        )
    })
}

pub(super) fn microsoft_handles_that(_: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    if r.answer != Some(Answer::MicrosoftProvides) {
        return None;
    }
    let missing = match (non_blank(r.reliance.as_deref()), r.owner()) {
        (Some(_), Some(_)) => return None,
        (None, Some(_)) => "no reliance on a Microsoft assurance is recorded",
        (Some(_), None) => "nobody owns the oversight of Microsoft as a supplier",
        (None, None) => "no reliance is recorded and nobody owns the oversight",
    };
    Some(Finding::item(
        FindingKind::MicrosoftHandlesThat,
        item,
        format!("{} is left to Microsoft but {missing}.", item.id),
    ))
}

pub(super) fn not_the_platforms_job(_: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let answer = r.answer?;
    (item.kind == ItemKind::Clause
        && matches!(answer, Answer::MicrosoftProvides | Answer::NotApplicable))
    .then(|| {
        Finding::item(
            FindingKind::NotThePlatformsJob,
            item,
            format!(
                "Clause {} is answered \"{}\", but the management system is always the organisation's own.",
                item.id,
                answer.label()
            ),
        )
    })
}

pub(super) fn unowned(_: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let answered = r.answer.is_some_and(|a| a != Answer::NotApplicable);
    (answered && r.owner().is_none()).then(|| {
        Finding::item(
            FindingKind::Unowned,
            item,
            format!("Nobody is accountable for {} {}.", item.id, item.title),
        )
    })
}

pub(super) fn no_evidence(_: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let ours = matches!(r.answer, Some(Answer::Shared | Answer::WeManage));
    (ours && r.evidence.is_empty()).then(|| {
        Finding::item(
            FindingKind::NoEvidence,
            item,
            format!(
                "{} is answered \"{}\" but nothing shows that it operates.",
                item.id,
                r.answer.map_or("", Answer::label)
            ),
        )
    })
}

pub(super) fn stale(cx: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let interval = cx.assessment.review_interval();
    let overdue = |d: Option<NaiveDate>| d.filter(|&d| cx.as_of > due_for_review(d, interval));
    // A passing scan keeps the evidence of a shared or we-manage control
    // fresh (see analysis::scan).
    let newest = r
        .newest_evidence()
        .max(scan_evidence_date(cx.assessment, item, r, cx.as_of));
    let what = match (overdue(r.reviewed), overdue(newest)) {
        (Some(d), _) => format!("last reviewed {d}"),
        (None, Some(d)) => format!("newest evidence is from {d}"),
        (None, None) => return None,
    };
    Some(Finding::item(
        FindingKind::Stale,
        item,
        format!(
            "{} is due for review: {what}, more than {interval} months ago.",
            item.id
        ),
    ))
}

pub(super) fn unlicensed_reliance(cx: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let missing: Vec<&str> = r
        .relies_on
        .iter()
        .filter(|c| !cx.catalog.is_licensed(c, &cx.licensed))
        .map(|c| {
            cx.catalog
                .capability(c)
                .map_or(c.as_str(), |c| c.name.as_ref())
        })
        .collect();
    (!missing.is_empty()).then(|| {
        Finding::item(
            FindingKind::UnlicensedReliance,
            item,
            format!(
                "{} relies on {}, which none of the tenant's licences include.",
                item.id,
                missing.join(", ")
            ),
        )
    })
}

pub(super) fn overdue_action(cx: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let action = r.action.as_ref()?;
    let due = action.due?;
    (action.done.is_none() && due < cx.as_of).then(|| {
        let owner = non_blank(action.owner.as_deref()).unwrap_or("nobody");
        Finding::item(
            FindingKind::OverdueAction,
            item,
            format!(
                "The action on {} (owner: {owner}) was due {due} and is not done.",
                item.id
            ),
        )
    })
}

pub(super) fn unjustified_exclusion(_: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let excluded = r.answer == Some(Answer::NotApplicable) && item.kind == ItemKind::Control;
    (excluded && non_blank(r.justification.as_deref()).is_none()).then(|| {
        Finding::item(
            FindingKind::UnjustifiedExclusion,
            item,
            format!(
                "{} is excluded as not applicable with no justification for the Statement of Applicability.",
                item.id
            ),
        )
    })
}

/// Evidence dated after the as-of date cannot show that a control has
/// operated (and keeps the item looking current): most often a typo.
pub(super) fn future_evidence(cx: &Context, item: &Item, r: &ItemRecord) -> Option<Finding> {
    let ahead: Vec<String> = r
        .evidence
        .iter()
        .filter_map(|e| e.date.filter(|&d| d > cx.as_of))
        .map(|d| d.to_string())
        .collect();
    (!ahead.is_empty()).then(|| {
        Finding::item(
            FindingKind::FutureEvidence,
            item,
            format!(
                "{} has evidence dated {}, after {}: evidence records what has already happened (a typo?).",
                item.id,
                ahead.join(", "),
                cx.as_of
            ),
        )
    })
}
