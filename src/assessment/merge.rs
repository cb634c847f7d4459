//! The three-way merge of two people's changes to one assessment: field by
//! field, item by item. Where both sides changed a field differently ours
//! stays in place and a [`Conflict`] records theirs, so the file stays
//! valid and nothing is lost.

use std::collections::HashSet;

use super::model::{
    Action, Assessment, Conflict, Evidence, Field, FieldValue, ItemRecord, Place, PlaceKind,
    ScanRecord, Session,
};
use super::schema::{self, Access, MergeRule, fields_of};

mod risks;

/// What a merge produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    /// The merged assessment. Its `conflicts` hold the conflicts both sides
    /// carried in (less those either side resolved) and the new ones.
    pub assessment: Assessment,
    /// The conflicts this merge found (also in `assessment.conflicts`).
    pub conflicts: Vec<Conflict>,
}

/// Merges `ours` and `theirs`, two descendants of `base`.
///
/// - Every field of `[assessment]`, of each session (matched by id) and of
///   each item merges on its own: a field changed on one side only takes
///   that side's value.
/// - Lists that are sets (licences, attendees, `relies_on`,
///   `included_because`) take both sides' additions and removals.
/// - Evidence takes both sides' new entries when at least one side only
///   added entries (or both only removed some); otherwise it is a conflict.
/// - The action merges part by part (what, owner, due, done); one side
///   removing it while the other changed it is a conflict.
/// - Two new sessions with the same id (two facilitators starting a
///   session the same day) are two sessions: theirs is renamed
///   ("2026-11-28-2") and its items follow.
/// - An item's `session` (who changed it last) never conflicts: it follows
///   the side that changed the item's content, ours when both did.
/// - Risks (`[[risks]]`) are matched by id and merged field by field, like
///   sessions: two sides adding different risks merge cleanly, the same
///   risk changed differently is a conflict about that risk, and a risk
///   one side removed stays if the other changed it.
/// - Imported scans (`[[scans]]`) are joined: one result imported on both
///   sides is kept once (by its SHA-256), and an item's observations keep,
///   per tool, the one of the scan that ran last. Neither ever conflicts.
/// - Where both sides changed a field differently, ours stays in place and
///   a [`Conflict`] records both values.
pub fn merge(base: &Assessment, ours: &Assessment, theirs: &Assessment) -> Merge {
    let mut theirs = rename_clashing_sessions(base, ours, theirs);
    rename_clashing_scans(ours, &mut theirs);
    let theirs = &theirs;
    let mut out = ours.clone();
    let mut conflicts = Vec::new();

    for field in Field::of(PlaceKind::Assessment) {
        merge_field(
            base,
            ours,
            theirs,
            &Place::Assessment,
            field,
            &mut out,
            &mut conflicts,
        );
    }
    out.sessions = merge_sessions(base, ours, theirs, &mut conflicts);
    out.risks = risks::merge_risks(base, ours, theirs, &mut conflicts);
    out.scans = merge_scans(base, ours, theirs);

    let mut ids: Vec<&String> = base
        .items
        .keys()
        .chain(ours.items.keys())
        .chain(theirs.items.keys())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let (b, o, t) = (base.item(id), ours.item(id), theirs.item(id));
        let merged = merge_item(id, b, o, t, &mut conflicts);
        if merged.is_empty() {
            out.items.remove(id);
        } else {
            out.items.insert(id.clone(), merged);
        }
    }

    // Conflicts carried in: one side settling a conflict settles it.
    let mut carried = merge_set(&base.conflicts, &ours.conflicts, &theirs.conflicts);
    carried.retain(|c| {
        !conflicts
            .iter()
            .any(|n| n.place == c.place && n.field == c.field)
    });
    carried.extend(conflicts.iter().cloned());
    out.conflicts = carried;
    keep_referenced_sessions(&mut out, [ours, theirs, base]);
    risks::keep_referenced_risks(&mut out, [ours, theirs, base]);
    keep_latest_observations(&mut out);
    Merge {
        assessment: out,
        conflicts,
    }
}

/// Ours if both agree or only ours changed, theirs if only theirs changed,
/// `None` if both changed differently.
fn three_way<T: PartialEq + Clone>(base: &T, ours: &T, theirs: &T) -> Option<T> {
    if ours == theirs || theirs == base {
        Some(ours.clone())
    } else if ours == base {
        Some(theirs.clone())
    } else {
        None
    }
}

/// Merges one field of `[assessment]` or a session into `out` (which
/// starts as ours).
fn merge_field(
    base: &Assessment,
    ours: &Assessment,
    theirs: &Assessment,
    place: &Place,
    field: Field,
    out: &mut Assessment,
    conflicts: &mut Vec<Conflict>,
) {
    let (b, o, t) = (
        base.field(place, field),
        ours.field(place, field),
        theirs.field(place, field),
    );
    match merge_value(field.def().merge, &b, &o, &t) {
        Some(value) => {
            if value != o {
                out.set_field(place, field, value);
            }
        }
        None => conflicts.push(Conflict {
            place: place.clone(),
            field,
            ours: o,
            theirs: t,
        }),
    }
}

/// A field's merged value by its rule, for a field whose rule needs only
/// its three values (a value, a set; anything else merges as a value).
/// `None` when the two sides conflict.
pub(super) fn merge_value(
    rule: MergeRule,
    b: &Option<FieldValue>,
    o: &Option<FieldValue>,
    t: &Option<FieldValue>,
) -> Option<Option<FieldValue>> {
    match rule {
        MergeRule::Set => Some(merge_set_value(b, o, t)),
        _ => three_way(b, o, t),
    }
}

/// [`merge_set`] of a list field's values (`None`: the empty list).
fn merge_set_value(
    b: &Option<FieldValue>,
    o: &Option<FieldValue>,
    t: &Option<FieldValue>,
) -> Option<FieldValue> {
    fn list<T: Clone>(v: &Option<FieldValue>, of: fn(&FieldValue) -> Option<&Vec<T>>) -> Vec<T> {
        v.as_ref().and_then(of).cloned().unwrap_or_default()
    }
    fn texts(v: &FieldValue) -> Option<&Vec<String>> {
        match v {
            FieldValue::Texts(v) => Some(v),
            _ => None,
        }
    }
    fn reasons(v: &FieldValue) -> Option<&Vec<super::model::InclusionReason>> {
        match v {
            FieldValue::Reasons(v) => Some(v),
            _ => None,
        }
    }
    let any = o.as_ref().or(t.as_ref()).or(b.as_ref())?;
    let merged = match any {
        FieldValue::Reasons(_) => FieldValue::Reasons(merge_set(
            &list(b, reasons),
            &list(o, reasons),
            &list(t, reasons),
        )),
        _ => FieldValue::Texts(merge_set(&list(b, texts), &list(o, texts), &list(t, texts))),
    };
    match &merged {
        FieldValue::Texts(v) if v.is_empty() => None,
        FieldValue::Reasons(v) if v.is_empty() => None,
        _ => Some(merged),
    }
}

/// A set's three-way merge: ours in its order, less what theirs removed,
/// plus what theirs added.
fn merge_set<T: PartialEq + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    if ours == base {
        return theirs.to_vec();
    }
    if theirs == base {
        return ours.to_vec();
    }
    let mut out: Vec<T> = ours
        .iter()
        // Not one theirs removed.
        .filter(|x| !base.contains(x) || theirs.contains(x))
        .cloned()
        .collect();
    for x in theirs {
        if !base.contains(x) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

/// Theirs' sessions that have the id of a different new session of ours
/// get a fresh id, and theirs' items and conflicts follow.
fn rename_clashing_sessions(
    base: &Assessment,
    ours: &Assessment,
    theirs: &Assessment,
) -> Assessment {
    let mut theirs = theirs.clone();
    let taken = |a: &Assessment, id: &str| a.sessions.iter().any(|s| s.id == id);
    let clashes: Vec<String> = theirs
        .sessions
        .iter()
        .filter(|t| !taken(base, &t.id))
        .filter(|t| ours.sessions.iter().any(|o| o.id == t.id && o != *t))
        .map(|t| t.id.clone())
        .collect();
    for old in clashes {
        let Some(new) = (2..)
            .map(|n| format!("{old}-{n}"))
            .find(|id| !taken(base, id) && !taken(ours, id) && !taken(&theirs, id))
        else {
            continue;
        };
        for s in &mut theirs.sessions {
            if s.id == old {
                s.id = new.clone();
            }
        }
        for r in theirs.items.values_mut() {
            if r.session.as_deref() == Some(old.as_str()) {
                r.session = Some(new.clone());
            }
        }
        for c in &mut theirs.conflicts {
            if c.place == Place::Session(old.clone()) {
                c.place = Place::Session(new.clone());
            }
            for v in [&mut c.ours, &mut c.theirs].into_iter().flatten() {
                if c.field == Field::Session && *v == FieldValue::Text(old.clone()) {
                    *v = FieldValue::Text(new.clone());
                }
            }
        }
    }
    theirs
}

/// Sessions by id: ours in their order, theirs' new ones inserted by date.
/// A session one side removed and the other left alone goes; one the other
/// side changed stays.
fn merge_sessions(
    base: &Assessment,
    ours: &Assessment,
    theirs: &Assessment,
    conflicts: &mut Vec<Conflict>,
) -> Vec<Session> {
    if ours.sessions == base.sessions {
        return theirs.sessions.clone();
    }
    if theirs.sessions == base.sessions {
        return ours.sessions.clone();
    }
    let find = |a: &Assessment, id: &str| a.sessions.iter().find(|s| s.id == id).cloned();
    let mut scratch = ours.clone();
    let mut out: Vec<Session> = Vec::new();
    for o in &ours.sessions {
        match (find(base, &o.id), find(theirs, &o.id)) {
            // Theirs removed it: gone unless ours changed it.
            (Some(b), None) if b == *o => continue,
            (Some(_), Some(_)) => {
                let place = Place::Session(o.id.clone());
                for field in Field::of(PlaceKind::Session) {
                    merge_field(base, ours, theirs, &place, field, &mut scratch, conflicts);
                }
            }
            _ => {}
        }
        if let Some(s) = find(&scratch, &o.id) {
            out.push(s);
        }
    }
    for t in &theirs.sessions {
        if find(ours, &t.id).is_some() {
            continue;
        }
        // Ours removed it: gone unless theirs changed it.
        if find(base, &t.id).is_some_and(|b| b == *t) {
            continue;
        }
        let at = out
            .iter()
            .position(|s| matches!((s.date, t.date), (Some(a), Some(b)) if a > b))
            .unwrap_or(out.len());
        out.insert(at, t.clone());
    }
    out
}

/// A session still named by an item or a conflict stays, whichever side
/// removed it.
fn keep_referenced_sessions(out: &mut Assessment, sources: [&Assessment; 3]) {
    let mut named: HashSet<String> = out
        .items
        .values()
        .filter_map(|r| r.session.clone())
        .collect();
    for c in &out.conflicts {
        if let Place::Session(id) = &c.place {
            named.insert(id.clone());
        }
        if c.field == Field::Session {
            for v in [&c.ours, &c.theirs].into_iter().flatten() {
                if let FieldValue::Text(id) = v {
                    named.insert(id.clone());
                }
            }
        }
    }
    for id in named {
        if out.sessions.iter().any(|s| s.id == id) {
            continue;
        }
        if let Some(s) = sources
            .iter()
            .find_map(|a| a.sessions.iter().find(|s| s.id == id))
        {
            out.sessions.push(s.clone());
        }
    }
}

fn merge_item(
    id: &str,
    b: &ItemRecord,
    o: &ItemRecord,
    t: &ItemRecord,
    conflicts: &mut Vec<Conflict>,
) -> ItemRecord {
    if let Some(r) = three_way(b, o, t) {
        return r;
    }
    let place = Place::Item(id.to_string());
    let mut r = o.clone();
    let conflict = |field: Field, conflicts: &mut Vec<Conflict>| {
        conflicts.push(Conflict {
            place: place.clone(),
            field,
            ours: field.get_item(o),
            theirs: field.get_item(t),
        })
    };
    for d in fields_of(schema::Table::Item) {
        let field = d.field;
        let (bv, ov, tv) = (field.get_item(b), field.get_item(o), field.get_item(t));
        let merged = match d.merge {
            MergeRule::Value | MergeRule::Set => merge_value(d.merge, &bv, &ov, &tv),
            MergeRule::Entries => merge_evidence(&b.evidence, &o.evidence, &t.evidence)
                .map(|v| (!v.is_empty()).then_some(FieldValue::Evidence(v))),
            MergeRule::Parts => {
                let (action, failed) =
                    merge_action(b.action.as_ref(), o.action.as_ref(), t.action.as_ref());
                for field in failed {
                    conflict(field, conflicts);
                }
                Some(action.map(FieldValue::Action))
            }
            // After the content, which it follows.
            MergeRule::Trail => continue,
            MergeRule::Latest => {
                // Both sides' observations, each scan once: what one side replaced
                // by a later import goes unless the other side kept it.
                let joined = merge_set(&b.observed, &o.observed, &t.observed);
                Some((!joined.is_empty()).then_some(FieldValue::Observations(joined)))
            }
        };
        match merged {
            Some(v) => {
                field.set_item(&mut r, v);
            }
            None => conflict(field, conflicts),
        }
    }
    for d in fields_of(schema::Table::Item).filter(|d| d.merge == MergeRule::Trail) {
        let field = d.field;
        let (bv, ov, tv) = (field.get_item(b), field.get_item(o), field.get_item(t));
        let merged = three_way(&bv, &ov, &tv).unwrap_or_else(|| {
            let content = |r: &ItemRecord| {
                let mut r = r.clone();
                field.set_item(&mut r, None);
                r
            };
            if content(o) == content(b) { tv } else { ov }
        });
        field.set_item(&mut r, merged);
    }
    r
}

/// Scans by SHA-256: ours in their order, then theirs' new ones. A scan
/// one side removed and the other kept goes (only a hand edit removes
/// one). Theirs' scan whose id ours uses for another result is renamed
/// ("…-2"); the items' observations of it are renamed by
/// [`rename_clashing_scans`] before the items merge.
fn merge_scans(base: &Assessment, ours: &Assessment, theirs: &Assessment) -> Vec<ScanRecord> {
    let has = |a: &Assessment, s: &ScanRecord| a.scans.iter().any(|x| x.sha256 == s.sha256);
    let mut out: Vec<ScanRecord> = ours
        .scans
        .iter()
        .filter(|s| has(theirs, s) || !has(base, s))
        .cloned()
        .collect();
    for s in &theirs.scans {
        if !has(ours, s) && !has(base, s) {
            out.push(s.clone());
        }
    }
    out
}

/// Theirs' scans whose id ours gives to a different result get a fresh
/// id, and theirs' observations follow.
fn rename_clashing_scans(ours: &Assessment, theirs: &mut Assessment) {
    let clashes: Vec<String> = theirs
        .scans
        .iter()
        .filter(|t| {
            ours.scans
                .iter()
                .any(|o| o.id == t.id && o.sha256 != t.sha256)
        })
        .map(|t| t.id.clone())
        .collect();
    for old in clashes {
        let taken = |id: &str| {
            ours.scans.iter().any(|s| s.id == id) || theirs.scans.iter().any(|s| s.id == id)
        };
        let Some(new) = (2..).map(|n| format!("{old}-{n}")).find(|id| !taken(id)) else {
            continue;
        };
        for s in &mut theirs.scans {
            if s.id == old {
                s.id = new.clone();
            }
        }
        for r in theirs.items.values_mut() {
            for o in &mut r.observed {
                if o.scan == old {
                    o.scan = new.clone();
                }
            }
        }
    }
}

/// Per item, per tool, only the observation of the scan that ran last.
fn keep_latest_observations(out: &mut Assessment) {
    let scans = &out.scans;
    let ran = |id: &str| scans.iter().find(|s| s.id == id).map(|s| (s.tool, s.ran));
    for r in out.items.values_mut() {
        if r.observed.len() < 2 {
            continue;
        }
        let all = std::mem::take(&mut r.observed);
        for o in &all {
            let Some((tool, when)) = ran(&o.scan) else {
                continue;
            };
            let later = all
                .iter()
                .any(|x| ran(&x.scan).is_some_and(|(t, w)| t == tool && w > when));
            if !later {
                r.observed.push(o.clone());
            }
        }
    }
}

/// Evidence: ours' or theirs' entries when only one side changed them;
/// both sides' new entries when at least one side only added (or both
/// only removed); `None` (a conflict) otherwise.
fn merge_evidence(b: &[Evidence], o: &[Evidence], t: &[Evidence]) -> Option<Vec<Evidence>> {
    if let Some(v) = three_way(&b, &o, &t) {
        return Some(v.to_vec());
    }
    let with_added = |kept: &[Evidence], added: Vec<&Evidence>| {
        let mut out = kept.to_vec();
        for e in added {
            if !out.contains(e) {
                out.push(e.clone());
            }
        }
        out
    };
    if let Some(added) = additions(b, t) {
        return Some(with_added(o, added));
    }
    if let Some(added) = additions(b, o) {
        return Some(with_added(t, added));
    }
    if additions(o, b).is_some() && additions(t, b).is_some() {
        return Some(
            b.iter()
                .filter(|e| o.contains(e) && t.contains(e))
                .cloned()
                .collect(),
        );
    }
    None
}

/// The entries `x` adds to `base`, if `x` keeps every entry of `base` in
/// order (it only added).
fn additions<'a>(base: &[Evidence], x: &'a [Evidence]) -> Option<Vec<&'a Evidence>> {
    let mut added = Vec::new();
    let mut rest = base.iter().peekable();
    for e in x {
        if rest.peek() == Some(&e) {
            rest.next();
        } else {
            added.push(e);
        }
    }
    rest.peek().is_none().then_some(added)
}

/// The action part by part: the merged action (ours where a part is in
/// conflict) and the parts in conflict (or the whole action, when one side
/// removed it and the other changed it).
fn merge_action(
    b: Option<&Action>,
    o: Option<&Action>,
    t: Option<&Action>,
) -> (Option<Action>, Vec<Field>) {
    if let Some(a) = three_way(&b, &o, &t) {
        return (a.cloned(), Vec::new());
    }
    let (Some(o), Some(t)) = (o, t) else {
        return (o.cloned(), vec![Field::Action]);
    };
    let empty = Action::default();
    let b = b.unwrap_or(&empty);
    let mut out = o.clone();
    let mut failed = Vec::new();
    for d in fields_of(schema::Table::Action) {
        let Access::Action { get, set } = d.access else {
            continue;
        };
        match three_way(&get(b), &get(o), &get(t)) {
            Some(v) => {
                set(&mut out, v);
            }
            None => failed.push(d.field),
        }
    }
    (Some(out), failed)
}
