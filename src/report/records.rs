//! The record of the room and of the evidence, shared by the gap report
//! and the Statement of Applicability's workbook: who was in each session
//! and what it covered, and every piece of evidence with a stable id.

use chrono::NaiveDate;
use serde::Serialize;

use super::doc::{Cell, Table, Tone};
use crate::analysis::{Severity, due_for_review, evidence_id};
use crate::assessment::Assessment;
use crate::catalog::Catalog;

/// One workshop session as the attendance record shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Attendance {
    pub session: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facilitator: Option<String>,
    pub attendees: Vec<String>,
    /// The items last changed in the session, in catalog order.
    pub items: Vec<String>,
}

/// Every session, then (as a session without an id) the answered items no
/// session recorded.
pub fn attendance(catalog: &Catalog, a: &Assessment) -> (Vec<Attendance>, Vec<String>) {
    let sessions = a
        .sessions
        .iter()
        .map(|s| Attendance {
            session: s.id.clone(),
            date: s.date,
            facilitator: s.facilitator.clone(),
            attendees: s.attendees.clone(),
            items: catalog
                .items()
                .iter()
                .filter(|i| a.item(&i.id).session.as_deref() == Some(s.id.as_str()))
                .map(|i| i.id.to_string())
                .collect(),
        })
        .collect();
    let outside = catalog
        .items()
        .iter()
        .filter(|i| {
            let r = a.item(&i.id);
            r.answer.is_some() && r.session.is_none()
        })
        .map(|i| i.id.to_string())
        .collect();
    (sessions, outside)
}

pub(crate) fn attendance_table(sessions: &[Attendance]) -> Table {
    let mut t = Table::new([
        "Session",
        "Date",
        "Facilitator",
        "Attendees",
        "Items covered",
    ])
    .widths(vec![11, 10, 18, 31, 30]);
    for s in sessions {
        let covered = if s.items.is_empty() {
            "None".to_string()
        } else {
            format!("{}: {}", s.items.len(), s.items.join(" "))
        };
        t.rows.push(vec![
            Cell::text(s.session.clone()).nowrap(),
            Cell::date(s.date),
            match &s.facilitator {
                Some(f) => Cell::text(f.clone()),
                None => Cell::text("Not recorded").tone(Tone::Muted),
            },
            if s.attendees.is_empty() {
                Cell::text("Not recorded").tone(Tone::Muted)
            } else {
                Cell::lines(s.attendees.clone())
            },
            Cell::text(covered),
        ]);
    }
    t
}

/// One evidence entry in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct EvidenceEntry {
    /// Stable while the item's evidence keeps its order: `A.5.1-E1`.
    pub id: String,
    pub item: String,
    pub what: String,
    #[serde(rename = "where", skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// Days old on the as-of date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_days: Option<i64>,
    /// Older than the review interval.
    pub stale: bool,
}

/// Every evidence entry, in catalog order.
pub fn evidence_register(
    catalog: &Catalog,
    a: &Assessment,
    as_of: NaiveDate,
) -> Vec<EvidenceEntry> {
    let interval = a.review_interval();
    catalog
        .items()
        .iter()
        .flat_map(|item| {
            a.item(&item.id)
                .evidence
                .iter()
                .enumerate()
                .map(move |(i, e)| EvidenceEntry {
                    id: evidence_id(&item.id, i),
                    item: item.id.to_string(),
                    what: e.what.trim().to_string(),
                    location: e
                        .location
                        .as_deref()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                    date: e.date,
                    age_days: e.date.map(|d| (as_of - d).num_days()),
                    stale: e.date.is_some_and(|d| as_of > due_for_review(d, interval)),
                })
        })
        .collect()
}

/// An age in words: days up to two months, then months.
pub(crate) fn age_text(days: i64) -> String {
    match days {
        ..0 => format!("{} days ahead", -days),
        0..=60 => format!("{days} day{}", if days == 1 { "" } else { "s" }),
        _ => format!("{} months", days * 12 / 365),
    }
}

/// The register as a table; `locations` false leaves out where the
/// evidence is kept (for a public audience).
pub(crate) fn evidence_table(entries: &[EvidenceEntry], locations: bool) -> Table {
    let mut headers = vec!["Id", "Item", "What"];
    if locations {
        headers.push("Where");
    }
    headers.extend(["Date", "Age"]);
    let widths = if locations {
        vec![11, 8, 37, 24, 10, 10]
    } else {
        vec![12, 9, 55, 12, 12]
    };
    let mut t = Table::new(headers).widths(widths);
    for e in entries {
        let mut row = vec![
            Cell::text(e.id.clone()).nowrap(),
            Cell::text(e.item.clone()).nowrap(),
            Cell::text(e.what.clone()),
        ];
        if locations {
            row.push(Cell::opt(e.location.as_deref()));
        }
        row.push(match e.date {
            Some(d) => Cell::date(Some(d)),
            None => Cell::text("Undated").tone(Tone::Severity(Severity::Medium)),
        });
        row.push(match e.age_days {
            Some(days) if e.stale => Cell::text(format!("{}, out of date", age_text(days)))
                .tone(Tone::Severity(Severity::Medium)),
            Some(days) => Cell::text(age_text(days)),
            None => Cell::empty(),
        });
        t.rows.push(row);
    }
    t
}
