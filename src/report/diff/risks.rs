//! The risk register in `gapwalk diff` and `gapwalk log`: risks added,
//! removed and changed.

use super::{field_change, value_text};
use crate::analysis::{AssessmentDiff, FieldChange};
use crate::assessment::{FieldValue, Risk};
use crate::report::doc::{Block, Change, ChangeGroup, Changes, Head, Inline, Section, Tone};
use crate::text::{sanitize, sanitize_data, sanitize_data_multiline};

/// The section, when a risk was added, removed or changed.
pub(super) fn risks_section(d: &AssessmentDiff) -> Option<Section> {
    if d.risks_added.is_empty() && d.risks_removed.is_empty() && d.risks_changed.is_empty() {
        return None;
    }
    let whole = |tone, r: &Risk| ChangeGroup {
        head: None,
        changes: vec![Change::Whole(tone, "risk".to_string(), risk_text(r))],
    };
    let mut groups: Vec<ChangeGroup> = d
        .risks_added
        .iter()
        .map(|r| whole(Tone::Added, r))
        .chain(d.risks_removed.iter().map(|r| whole(Tone::Removed, r)))
        .collect();
    groups.extend(d.risks_changed.iter().map(|r| ChangeGroup {
        head: Some(Head {
            id: Inline::new().strong(r.id.clone()),
            title: Some(r.title.clone()),
            note: None,
        }),
        changes: r.changes.iter().map(field_change).collect(),
    }));
    let mut s = Section::new("risks", "Risks");
    s.push(Block::Changes(Changes {
        head: "Risk".to_string(),
        groups,
    }));
    Some(s)
}

/// One risk in a line: "R-07 “Phishing” (likelihood 3, impact 2), reduce
/// by A.5.15, A.8.5, owned by Head of IT".
fn risk_text(r: &Risk) -> String {
    let mut out = format!("{} \"{}\"", sanitize(&r.id), sanitize(r.title.trim()));
    if let (Some(l), Some(i)) = (r.likelihood, r.impact) {
        out.push_str(&format!(" (likelihood {l}, impact {i})"));
    }
    if let Some(t) = r.treatment {
        out.push_str(&format!(", {}", t.as_str()));
        if !r.controls.is_empty() {
            out.push_str(&format!(" by {}", r.controls.join(", ")));
        }
    }
    if let Some(o) = r.owner() {
        out.push_str(&format!(", owned by {}", sanitize(o)));
    }
    out
}

/// What changed in the register, one line per risk, for the log: "R-07
/// added", "R-03: likelihood 2 → 3", "R-02 removed".
pub(super) fn risk_summaries(d: &AssessmentDiff) -> Vec<String> {
    let mut out: Vec<String> = d
        .risks_added
        .iter()
        .map(|r| format!("{} added: {}", r.id, risk_text(r)))
        .collect();
    out.extend(d.risks_changed.iter().map(|r| {
        let parts: Vec<String> = r.changes.iter().map(change_phrase).collect();
        format!("{}: {}", r.id, parts.join(", "))
    }));
    out.extend(d.risks_removed.iter().map(|r| format!("{} removed", r.id)));
    out
}

fn change_phrase(c: &FieldChange) -> String {
    let label = c.field.label();
    match (&c.old, &c.new) {
        (_, None) => format!("{label} removed"),
        (None, Some(new)) => format!("{label} {}", value_text(new)),
        (Some(FieldValue::Text(_)), Some(FieldValue::Text(_)))
            if c.field == crate::assessment::Field::RiskDescription =>
        {
            format!("{label} changed")
        }
        (Some(old), Some(new)) => format!("{label} {} → {}", value_text(old), value_text(new)),
    }
}

/// The register's text in the JSON diff, made safe as data.
pub(super) fn clean_risks(d: &mut AssessmentDiff, clean_value: fn(&mut FieldValue)) {
    for r in d.risks_added.iter_mut().chain(d.risks_removed.iter_mut()) {
        clean_risk(r);
    }
    for r in &mut d.risks_changed {
        r.id = sanitize_data(&r.id);
        r.title = sanitize_data(&r.title);
        for c in &mut r.changes {
            for v in [&mut c.old, &mut c.new].into_iter().flatten() {
                clean_value(v);
            }
        }
    }
}

/// A risk's text made safe as data (JSON).
pub(crate) fn clean_risk(r: &mut Risk) {
    r.id = sanitize_data(&r.id);
    r.title = sanitize_data(&r.title);
    for s in [&mut r.owner, &mut r.accepted_by].into_iter().flatten() {
        *s = sanitize_data(s);
    }
    r.description = r.description.as_deref().map(sanitize_data_multiline);
}
