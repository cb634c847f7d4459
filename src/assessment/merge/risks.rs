//! The risk register in a three-way merge: risks are matched by id and
//! merged field by field. Two branches that add different risks merge
//! cleanly; the same risk changed differently on both keeps ours and
//! records theirs as a conflict about that risk.

use super::super::model::{Assessment, Conflict, Place};
use super::super::risk::Risk;
use super::super::schema::{self, Access, fields_of};
use super::{merge_value, three_way};

/// The merged register: ours in its order, then theirs' new risks. A risk
/// one side removed and the other left alone goes; one the other side
/// changed stays.
pub(super) fn merge_risks(
    base: &Assessment,
    ours: &Assessment,
    theirs: &Assessment,
    conflicts: &mut Vec<Conflict>,
) -> Vec<Risk> {
    if ours.risks == base.risks {
        return theirs.risks.clone();
    }
    if theirs.risks == base.risks {
        return ours.risks.clone();
    }
    let mut out = Vec::with_capacity(ours.risks.len());
    for o in &ours.risks {
        match (base.risk(&o.id), theirs.risk(&o.id)) {
            // Theirs removed it and ours left it alone.
            (Some(b), None) if b == o => continue,
            (b, Some(t)) => out.push(merge_risk(b, o, t, conflicts)),
            // New on our side, or changed by us and removed by them.
            (_, None) => out.push(o.clone()),
        }
    }
    for t in &theirs.risks {
        if ours.risk(&t.id).is_some() || base.risk(&t.id).is_some_and(|b| b == t) {
            continue;
        }
        out.push(t.clone());
    }
    out
}

/// One risk both sides have (both may have added it: then the base is a
/// risk with that id and nothing else).
fn merge_risk(b: Option<&Risk>, o: &Risk, t: &Risk, conflicts: &mut Vec<Conflict>) -> Risk {
    let empty = Risk {
        id: o.id.clone(),
        ..Risk::default()
    };
    let b = b.unwrap_or(&empty);
    if let Some(r) = three_way(b, o, t) {
        return r;
    }
    let mut r = o.clone();
    for d in fields_of(schema::Table::Risk) {
        let Access::Risk { get, set } = d.access else {
            continue;
        };
        let (bv, ov, tv) = (get(b), get(o), get(t));
        match merge_value(d.merge, &bv, &ov, &tv) {
            Some(v) => {
                set(&mut r, v);
            }
            None => conflicts.push(Conflict {
                place: Place::Risk(o.id.clone()),
                field: d.field,
                ours: ov,
                theirs: tv,
            }),
        }
    }
    r
}

/// A risk a conflict still names stays, whichever side removed it (the
/// file would not load otherwise).
pub(super) fn keep_referenced_risks(out: &mut Assessment, sources: [&Assessment; 3]) {
    let named: Vec<String> = out
        .conflicts
        .iter()
        .filter_map(|c| match &c.place {
            Place::Risk(id) => Some(id.clone()),
            _ => None,
        })
        .collect();
    for id in named {
        if out.risk(&id).is_some() {
            continue;
        }
        if let Some(r) = sources.iter().find_map(|a| a.risk(&id)) {
            out.risks.push(r.clone());
        }
    }
}
