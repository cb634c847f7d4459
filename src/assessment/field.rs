//! The fields of an assessment one by one: what a diff compares, a merge
//! merges and a merge conflict names.

use std::fmt;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::model::{Action, Answer, Assessment, Evidence, InclusionReason, ItemRecord};

/// Where a field lives: `[assessment]`, one `[[sessions]]` entry (by id) or
/// one item (by catalog id).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    Assessment,
    Session(String),
    Item(String),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Assessment => f.write_str("[assessment]"),
            Place::Session(id) => write!(f, "session {id}"),
            Place::Item(id) => f.write_str(id),
        }
    }
}

/// Which kind of table a field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Assessment,
    Session,
    Item,
}

impl Place {
    pub fn kind(&self) -> PlaceKind {
        match self {
            Place::Assessment => PlaceKind::Assessment,
            Place::Session(_) => PlaceKind::Session,
            Place::Item(_) => PlaceKind::Item,
        }
    }
}

/// One field of the file. The action's parts are fields of their own, so
/// that one side changing the due date and the other the owner merge
/// without a conflict; `Action` is the action as a whole (added or
/// removed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    // [assessment]
    Organisation,
    Scope,
    Licences,
    ReviewIntervalMonths,
    Critical,
    // [assessment.soa]
    SoaOwner,
    SoaApprover,
    SoaApproved,
    SoaVersion,
    SoaClassification,
    SoaNextReview,
    // [[sessions]]
    SessionDate,
    Facilitator,
    Attendees,
    // [items."…"]
    Answer,
    Owner,
    Reviewed,
    ReliesOn,
    Reliance,
    IncludedBecause,
    Justification,
    Notes,
    FollowUp,
    Session,
    Evidence,
    Action,
    ActionWhat,
    ActionOwner,
    ActionDue,
    ActionDone,
}

impl Field {
    pub const ASSESSMENT: [Field; 11] = [
        Field::Organisation,
        Field::Scope,
        Field::Licences,
        Field::ReviewIntervalMonths,
        Field::Critical,
        Field::SoaOwner,
        Field::SoaApprover,
        Field::SoaApproved,
        Field::SoaVersion,
        Field::SoaClassification,
        Field::SoaNextReview,
    ];
    pub const SESSION: [Field; 3] = [Field::SessionDate, Field::Facilitator, Field::Attendees];
    /// An item's fields in file order; `Action` stands for the whole
    /// action and its parts follow it.
    pub const ITEM: [Field; 16] = [
        Field::Answer,
        Field::Owner,
        Field::Reviewed,
        Field::ReliesOn,
        Field::Reliance,
        Field::IncludedBecause,
        Field::Justification,
        Field::Notes,
        Field::FollowUp,
        Field::Session,
        Field::Evidence,
        Field::Action,
        Field::ActionWhat,
        Field::ActionOwner,
        Field::ActionDue,
        Field::ActionDone,
    ];

    /// Its spelling in the file (in a `[[conflicts]]` table's `field`).
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Organisation => "organisation",
            Field::Scope => "scope",
            Field::Licences => "licences",
            Field::ReviewIntervalMonths => "review_interval_months",
            Field::Critical => "critical",
            Field::SoaOwner => "soa.owner",
            Field::SoaApprover => "soa.approver",
            Field::SoaApproved => "soa.approved",
            Field::SoaVersion => "soa.version",
            Field::SoaClassification => "soa.classification",
            Field::SoaNextReview => "soa.next_review",
            Field::SessionDate => "date",
            Field::Facilitator => "facilitator",
            Field::Attendees => "attendees",
            Field::Answer => "answer",
            Field::Owner => "owner",
            Field::Reviewed => "reviewed",
            Field::ReliesOn => "relies_on",
            Field::Reliance => "reliance",
            Field::IncludedBecause => "included_because",
            Field::Justification => "justification",
            Field::Notes => "notes",
            Field::FollowUp => "follow_up",
            Field::Session => "session",
            Field::Evidence => "evidence",
            Field::Action => "action",
            Field::ActionWhat => "action.what",
            Field::ActionOwner => "action.owner",
            Field::ActionDue => "action.due",
            Field::ActionDone => "action.done",
        }
    }

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Field::Organisation => "organisation",
            Field::Scope => "scope",
            Field::Licences => "licences",
            Field::ReviewIntervalMonths => "review interval",
            Field::Critical => "critical controls",
            Field::SoaOwner => "SoA owner",
            Field::SoaApprover => "SoA approver",
            Field::SoaApproved => "SoA approved",
            Field::SoaVersion => "SoA version",
            Field::SoaClassification => "SoA classification",
            Field::SoaNextReview => "SoA next review",
            Field::SessionDate => "date",
            Field::Facilitator => "facilitator",
            Field::Attendees => "attendees",
            Field::Answer => "answer",
            Field::Owner => "owner",
            Field::Reviewed => "reviewed",
            Field::ReliesOn => "relies on",
            Field::Reliance => "reliance",
            Field::IncludedBecause => "included because",
            Field::Justification => "justification",
            Field::Notes => "notes",
            Field::FollowUp => "follow-up",
            Field::Session => "session",
            Field::Evidence => "evidence",
            Field::Action => "action",
            Field::ActionWhat => "action",
            Field::ActionOwner => "action owner",
            Field::ActionDue => "action due",
            Field::ActionDone => "action done",
        }
    }

    /// The fields of one kind of table.
    pub fn of(kind: PlaceKind) -> &'static [Field] {
        match kind {
            PlaceKind::Assessment => &Field::ASSESSMENT,
            PlaceKind::Session => &Field::SESSION,
            PlaceKind::Item => &Field::ITEM,
        }
    }

    /// The field of that kind of table spelt `name`.
    pub fn parse(kind: PlaceKind, name: &str) -> Option<Field> {
        Field::of(kind).iter().copied().find(|f| f.as_str() == name)
    }

    /// Reads the field of an item; empty lists and absent values are `None`.
    pub fn get_item(self, r: &ItemRecord) -> Option<FieldValue> {
        let action = r.action.as_ref();
        match self {
            Field::Answer => r.answer.map(FieldValue::Answer),
            Field::Owner => r.owner.clone().map(FieldValue::Text),
            Field::Reviewed => r.reviewed.map(FieldValue::Date),
            Field::ReliesOn => texts(&r.relies_on),
            Field::Reliance => r.reliance.clone().map(FieldValue::Text),
            Field::IncludedBecause => (!r.included_because.is_empty())
                .then(|| FieldValue::Reasons(r.included_because.clone())),
            Field::Justification => r.justification.clone().map(FieldValue::Text),
            Field::Notes => r.notes.clone().map(FieldValue::Text),
            Field::FollowUp => r.follow_up.clone().map(FieldValue::Text),
            Field::Session => r.session.clone().map(FieldValue::Text),
            Field::Evidence => {
                (!r.evidence.is_empty()).then(|| FieldValue::Evidence(r.evidence.clone()))
            }
            Field::Action => action.cloned().map(FieldValue::Action),
            Field::ActionWhat => action.map(|a| FieldValue::Text(a.what.clone())),
            Field::ActionOwner => action.and_then(|a| a.owner.clone()).map(FieldValue::Text),
            Field::ActionDue => action.and_then(|a| a.due).map(FieldValue::Date),
            Field::ActionDone => action.and_then(|a| a.done).map(FieldValue::Date),
            _ => None,
        }
    }

    /// Sets (or with `None` removes) the field of an item. Returns false,
    /// changing nothing, when the value is not of the field's type or the
    /// field is not an item's. Setting a part of the action creates the
    /// action if there is none.
    pub fn set_item(self, r: &mut ItemRecord, value: Option<FieldValue>) -> bool {
        use FieldValue as V;
        match (self, value) {
            (Field::Answer, None) => r.answer = None,
            (Field::Answer, Some(V::Answer(a))) => r.answer = Some(a),
            (Field::Owner, v @ (None | Some(V::Text(_)))) => r.owner = text(v),
            (Field::Reviewed, v @ (None | Some(V::Date(_)))) => r.reviewed = date(v),
            (Field::ReliesOn, None) => r.relies_on.clear(),
            (Field::ReliesOn, Some(V::Texts(v))) => r.relies_on = v,
            (Field::Reliance, v @ (None | Some(V::Text(_)))) => r.reliance = text(v),
            (Field::IncludedBecause, None) => r.included_because.clear(),
            (Field::IncludedBecause, Some(V::Reasons(v))) => r.included_because = v,
            (Field::Justification, v @ (None | Some(V::Text(_)))) => r.justification = text(v),
            (Field::Notes, v @ (None | Some(V::Text(_)))) => r.notes = text(v),
            (Field::FollowUp, v @ (None | Some(V::Text(_)))) => r.follow_up = text(v),
            (Field::Session, v @ (None | Some(V::Text(_)))) => r.session = text(v),
            (Field::Evidence, None) => r.evidence.clear(),
            (Field::Evidence, Some(V::Evidence(v))) => r.evidence = v,
            (Field::Action, None) => r.action = None,
            (Field::Action, Some(V::Action(a))) => r.action = Some(a),
            (Field::ActionWhat, v @ (None | Some(V::Text(_)))) => {
                r.action.get_or_insert_with(Action::default).what = text(v).unwrap_or_default()
            }
            (Field::ActionOwner, v @ (None | Some(V::Text(_)))) => {
                r.action.get_or_insert_with(Action::default).owner = text(v)
            }
            (Field::ActionDue, v @ (None | Some(V::Date(_)))) => {
                r.action.get_or_insert_with(Action::default).due = date(v)
            }
            (Field::ActionDone, v @ (None | Some(V::Date(_)))) => {
                r.action.get_or_insert_with(Action::default).done = date(v)
            }
            _ => return false,
        }
        true
    }
}

fn text(v: Option<FieldValue>) -> Option<String> {
    match v {
        Some(FieldValue::Text(s)) => Some(s),
        _ => None,
    }
}

fn date(v: Option<FieldValue>) -> Option<NaiveDate> {
    match v {
        Some(FieldValue::Date(d)) => Some(d),
        _ => None,
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

fn texts(v: &[String]) -> Option<FieldValue> {
    (!v.is_empty()).then(|| FieldValue::Texts(v.to_vec()))
}

/// The value of one field, of the field's own type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum FieldValue {
    Text(String),
    Number(u32),
    Date(NaiveDate),
    Answer(Answer),
    Texts(Vec<String>),
    Reasons(Vec<InclusionReason>),
    Evidence(Vec<Evidence>),
    Action(Action),
}

impl Assessment {
    /// Reads one field; empty lists and absent values are `None`.
    pub fn field(&self, place: &Place, field: Field) -> Option<FieldValue> {
        match place {
            Place::Assessment => match field {
                Field::Organisation => Some(FieldValue::Text(self.organisation.clone())),
                Field::Scope => self.scope.clone().map(FieldValue::Text),
                Field::Licences => texts(&self.licences),
                Field::ReviewIntervalMonths => self.review_interval_months.map(FieldValue::Number),
                Field::Critical => texts(&self.governance.critical),
                Field::SoaOwner => self.governance.soa.owner.clone().map(FieldValue::Text),
                Field::SoaApprover => self.governance.soa.approver.clone().map(FieldValue::Text),
                Field::SoaApproved => self.governance.soa.approved.map(FieldValue::Date),
                Field::SoaVersion => self.governance.soa.version.clone().map(FieldValue::Text),
                Field::SoaClassification => self
                    .governance
                    .soa
                    .classification
                    .clone()
                    .map(FieldValue::Text),
                Field::SoaNextReview => self.governance.soa.next_review.map(FieldValue::Date),
                _ => None,
            },
            Place::Session(id) => {
                let s = self.sessions.iter().find(|s| &s.id == id)?;
                match field {
                    Field::SessionDate => s.date.map(FieldValue::Date),
                    Field::Facilitator => s.facilitator.clone().map(FieldValue::Text),
                    Field::Attendees => texts(&s.attendees),
                    _ => None,
                }
            }
            Place::Item(id) => field.get_item(self.item(id)),
        }
    }

    /// Sets (or with `None` removes) one field. Returns false, changing
    /// nothing, when the value is not of the field's type, the field is not
    /// one of that place, or the session does not exist.
    pub fn set_field(&mut self, place: &Place, field: Field, value: Option<FieldValue>) -> bool {
        use FieldValue as V;
        match place {
            Place::Assessment => match (field, value) {
                (Field::Organisation, Some(V::Text(s))) => self.organisation = s,
                (Field::Organisation, None) => self.organisation.clear(),
                (Field::Scope, Some(V::Text(s))) => self.scope = Some(s),
                (Field::Scope, None) => self.scope = None,
                (Field::Licences, Some(V::Texts(v))) => self.licences = v,
                (Field::Licences, None) => self.licences.clear(),
                (Field::ReviewIntervalMonths, Some(V::Number(n))) => {
                    self.review_interval_months = Some(n)
                }
                (Field::ReviewIntervalMonths, None) => self.review_interval_months = None,
                (Field::Critical, Some(V::Texts(v))) => self.governance.critical = v,
                (Field::Critical, None) => self.governance.critical.clear(),
                (Field::SoaOwner, v @ (None | Some(V::Text(_)))) => {
                    self.governance.soa.owner = text(v)
                }
                (Field::SoaApprover, v @ (None | Some(V::Text(_)))) => {
                    self.governance.soa.approver = text(v)
                }
                (Field::SoaApproved, v @ (None | Some(V::Date(_)))) => {
                    self.governance.soa.approved = date(v)
                }
                (Field::SoaVersion, v @ (None | Some(V::Text(_)))) => {
                    self.governance.soa.version = text(v)
                }
                (Field::SoaClassification, v @ (None | Some(V::Text(_)))) => {
                    self.governance.soa.classification = text(v)
                }
                (Field::SoaNextReview, v @ (None | Some(V::Date(_)))) => {
                    self.governance.soa.next_review = date(v)
                }
                _ => return false,
            },
            Place::Session(id) => {
                let Some(s) = self.sessions.iter_mut().find(|s| &s.id == id) else {
                    return false;
                };
                match (field, value) {
                    (Field::SessionDate, Some(V::Date(d))) => s.date = Some(d),
                    (Field::SessionDate, None) => s.date = None,
                    (Field::Facilitator, Some(V::Text(t))) => s.facilitator = Some(t),
                    (Field::Facilitator, None) => s.facilitator = None,
                    (Field::Attendees, Some(V::Texts(v))) => s.attendees = v,
                    (Field::Attendees, None) => s.attendees.clear(),
                    _ => return false,
                }
            }
            Place::Item(id) => {
                let mut r = self.item(id).clone();
                if !field.set_item(&mut r, value) {
                    return false;
                }
                if r.is_empty() {
                    self.items.remove(id);
                } else {
                    self.items.insert(id.clone(), r);
                }
            }
        }
        true
    }
}

impl Assessment {
    /// The conflicts recorded about one place, with their indexes (for
    /// [`resolve_conflict`]).
    pub fn conflicts_at<'a>(
        &'a self,
        place: &'a Place,
    ) -> impl Iterator<Item = (usize, &'a Conflict)> + 'a {
        self.conflicts
            .iter()
            .enumerate()
            .filter(move |(_, c)| c.place == *place)
    }
}

/// Both sides of a merge changed the same field differently. `ours` is
/// what the file holds; `theirs` is what the other side wanted. `None`
/// means that side removed the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub place: Place,
    pub field: Field,
    pub ours: Option<FieldValue>,
    pub theirs: Option<FieldValue>,
}

impl Serialize for Conflict {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        match &self.place {
            Place::Assessment => {}
            Place::Session(id) => m.serialize_entry("session", id)?,
            Place::Item(id) => m.serialize_entry("item", id)?,
        }
        m.serialize_entry("field", &self.field)?;
        if let Some(v) = &self.ours {
            m.serialize_entry("ours", v)?;
        }
        if let Some(v) = &self.theirs {
            m.serialize_entry("theirs", v)?;
        }
        m.end()
    }
}

/// How a conflict is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Keep what the file holds (ours); the conflict record goes.
    KeepOurs,
    /// Put the other side's value in place.
    TakeTheirs,
}

/// Settles the conflict at `index` of `a.conflicts`: keeps ours or puts
/// theirs in place, and removes the record. Returns the conflict settled,
/// or `None` (nothing changed) when there is no such conflict or its value
/// cannot be applied (a session that is gone: the file would not load).
pub fn resolve_conflict(
    a: &mut Assessment,
    index: usize,
    resolution: Resolution,
) -> Option<Conflict> {
    let conflict = a.conflicts.get(index)?.clone();
    if resolution == Resolution::TakeTheirs
        && conflict.field == Field::Session
        && let Some(FieldValue::Text(id)) = &conflict.theirs
        && !a.sessions.iter().any(|s| &s.id == id)
    {
        return None;
    }
    if resolution == Resolution::TakeTheirs
        && !a.set_field(&conflict.place, conflict.field, conflict.theirs.clone())
    {
        return None;
    }
    Some(a.conflicts.remove(index))
}

impl Conflict {
    /// One line for a person: "A.5.1 answer: ours we-manage, theirs gap".
    pub fn describe(&self) -> String {
        format!(
            "{} {}: ours {}, theirs {}",
            self.place,
            self.field.label(),
            describe_value(self.ours.as_ref()),
            describe_value(self.theirs.as_ref())
        )
    }
}

/// A value in a sentence: text in quotes, lists joined, `(none)` for a
/// removed field.
pub fn describe_value(v: Option<&FieldValue>) -> String {
    let Some(v) = v else {
        return "(none)".to_string();
    };
    match v {
        FieldValue::Text(s) => {
            let s = crate::text::sanitize(s);
            let s = s.trim();
            if s.chars().count() > 60 {
                format!("\"{}…\"", s.chars().take(59).collect::<String>())
            } else {
                format!("\"{s}\"")
            }
        }
        FieldValue::Number(n) => n.to_string(),
        FieldValue::Date(d) => d.to_string(),
        FieldValue::Answer(a) => a.as_str().to_string(),
        FieldValue::Texts(v) => format!("[{}]", crate::text::sanitize(&v.join(", "))),
        FieldValue::Reasons(v) => format!(
            "[{}]",
            v.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
        ),
        FieldValue::Evidence(v) => match v.len() {
            1 => "1 evidence entry".to_string(),
            n => format!("{n} evidence entries"),
        },
        FieldValue::Action(a) => {
            let mut s = format!("\"{}\"", crate::text::sanitize(a.what.trim()));
            if let Some(o) = &a.owner {
                s.push_str(&format!(", {}", crate::text::sanitize(o)));
            }
            if let Some(d) = a.due {
                s.push_str(&format!(", due {d}"));
            }
            if let Some(d) = a.done {
                s.push_str(&format!(", done {d}"));
            }
            s
        }
    }
}
