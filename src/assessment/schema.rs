//! The assessment file's fields, declared once. Every walk over a record —
//! loading, patching the TOML document, the canonical key order, the
//! three-way merge, the semantic diff, merge-conflict records and the
//! workshop's text inputs — iterates [`FIELDS`]; adding a field to the
//! model means one entry here (plus its tests).
//!
//! The tables that are not made of fields (the file's top level, evidence
//! entries, `[[conflicts]]`) have their key orders here too.

use chrono::NaiveDate;

use super::model::{
    Action, Assessment, Field, FieldValue, InclusionReason, ItemRecord, Place, PlaceKind, Session,
};
use super::risk::Risk;

mod fields;
mod risks;

use fields::BASE_FIELDS;

/// A `[[scans]]` table's keys, in canonical order.
pub(crate) const SCAN_KEYS: &[&str] = &[
    "id",
    "tool",
    "version",
    "tenant",
    "ran",
    "file",
    "sha256",
    "imported",
    "not_judged",
    "passed",
    "failed",
    "unmapped",
];
/// A failing check's keys in a scan's `failed` list.
pub(crate) const FAILED_CHECK_KEYS: &[&str] = &["id", "title"];
/// An item's observation's keys.
pub(crate) const OBSERVATION_KEYS: &[&str] = &["scan", "passed", "failed", "not_judged", "failing"];

/// The top-level keys, in canonical order.
pub(crate) const ROOT_KEYS: &[&str] = &[
    "format",
    "catalog",
    "assessment",
    "sessions",
    "risks",
    "scans",
    "items",
    "conflicts",
];
/// The key of `[assessment.soa]` in `[assessment]`, after its fields.
pub(crate) const SOA_KEY: &str = "soa";
/// A session's id comes before its fields.
pub(crate) const SESSION_ID_KEY: &str = "id";
/// So does a risk's.
pub(crate) const RISK_ID_KEY: &str = "id";
/// An evidence entry's keys (evidence merges and diffs as whole entries).
pub(crate) const EVIDENCE_KEYS: &[&str] = &["what", "where", "date"];
pub(crate) const CONFLICT_KEYS: &[&str] = &["item", "session", "risk", "field", "ours", "theirs"];

/// The table a field's key is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// `[assessment]`
    Assessment,
    /// `[assessment.soa]`: the Statement of Applicability's document
    /// control, a table of its own inside `[assessment]`.
    Soa,
    /// One `[[sessions]]` entry.
    Session,
    /// `[items."ID"]`
    Item,
    /// `[items."ID".action]`: the action's parts are fields of the item
    /// (in conflicts and diffs) written in the action's own table.
    Action,
    /// One `[[risks]]` entry.
    Risk,
}

impl Table {
    /// Where a conflict about a field of this table is recorded.
    pub fn place_kind(self) -> PlaceKind {
        match self {
            Table::Assessment | Table::Soa => PlaceKind::Assessment,
            Table::Session => PlaceKind::Session,
            Table::Item | Table::Action => PlaceKind::Item,
            Table::Risk => PlaceKind::Risk,
        }
    }
}

/// What a field's value is, which decides how it is read (and checked),
/// written, and described.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string; free text may span lines.
    Text,
    /// A string that must be there (`[assessment]`'s organisation, the
    /// action's what).
    RequiredText,
    /// A date without a time.
    Date,
    /// The review interval: whole months, 1 to 120.
    Months,
    Answer,
    /// Licence ids from the catalog.
    Licences,
    /// Annex A control ids from the catalog, each at most once.
    Controls,
    /// Capability ids from the catalog.
    Capabilities,
    /// Names (attendees).
    Names,
    /// Reasons for including a control, each at most once.
    Reasons,
    /// The id of a `[[sessions]]` entry.
    SessionRef,
    /// `[[…evidence]]` tables.
    EvidenceList,
    /// An item's scan observations: an array of inline tables, each naming
    /// a `[[scans]]` entry.
    Observations,
    /// The action's table, whose parts are fields of [`Table::Action`].
    Action,
    /// The names of the risk scale's levels, lowest first: 2 to 10 of
    /// them, each once.
    Scale,
    /// A level of the risk scale: a whole number from 1 to its length.
    Level,
    /// How a risk is treated: reduce, accept, avoid or share.
    Treatment,
    /// Annex A control ids a risk is treated by, each at most once.
    RiskControls,
}

impl Kind {
    /// Lists whose empty value is written as no key at all.
    pub fn is_list(self) -> bool {
        matches!(
            self,
            Kind::Licences
                | Kind::Controls
                | Kind::Capabilities
                | Kind::Names
                | Kind::Reasons
                | Kind::EvidenceList
                | Kind::Observations
                | Kind::Scale
                | Kind::RiskControls
        )
    }
}

/// How the three-way merge treats a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeRule {
    /// One side's change is taken; both changing it differently is a
    /// conflict.
    Value,
    /// A set: both sides' additions and removals are taken.
    Set,
    /// Entries both sides added are kept from both; a conflict only when
    /// both changed or removed entries differently.
    Entries,
    /// Merged part by part (the fields of [`Table::Action`]); one side
    /// removing it while the other changed it is a conflict.
    Parts,
    /// Who changed the item last: never a conflict, it follows the side
    /// that changed the item's content (ours when both did).
    Trail,
    /// Tenant observations: never a conflict; per tool, the observation of
    /// the scan that ran last wins, whichever side imported it.
    Latest,
}

/// How the workshop edits a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Not in the workshop, or by a command of its own (an answer key, a
    /// form, a picker, a session).
    Other,
    /// A one-line text input: its title, and the field's name in a
    /// sentence ("Owner saved").
    Line {
        title: &'static str,
        name: &'static str,
    },
    /// A multi-line text input.
    Lines {
        title: &'static str,
        name: &'static str,
    },
}

impl Edit {
    /// The title and name of a text input, if the field is edited in one.
    pub fn text_input(self) -> Option<(&'static str, &'static str, bool)> {
        match self {
            Edit::Line { title, name } => Some((title, name, false)),
            Edit::Lines { title, name } => Some((title, name, true)),
            Edit::Other => None,
        }
    }
}

/// Reading and writing a field in the model.
#[derive(Clone, Copy)]
pub enum Access {
    Assessment {
        get: fn(&Assessment) -> Option<FieldValue>,
        set: fn(&mut Assessment, Option<FieldValue>) -> bool,
    },
    Session {
        get: fn(&Session) -> Option<FieldValue>,
        set: fn(&mut Session, Option<FieldValue>) -> bool,
    },
    Item {
        get: fn(&ItemRecord) -> Option<FieldValue>,
        set: fn(&mut ItemRecord, Option<FieldValue>) -> bool,
    },
    /// A part of an item's action.
    Action {
        get: fn(&Action) -> Option<FieldValue>,
        set: fn(&mut Action, Option<FieldValue>) -> bool,
    },
    Risk {
        get: fn(&Risk) -> Option<FieldValue>,
        set: fn(&mut Risk, Option<FieldValue>) -> bool,
    },
}

impl std::fmt::Debug for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Access::Assessment { .. } => "Access::Assessment",
            Access::Session { .. } => "Access::Session",
            Access::Item { .. } => "Access::Item",
            Access::Action { .. } => "Access::Action",
            Access::Risk { .. } => "Access::Risk",
        })
    }
}

/// One field of the file.
#[derive(Debug, Clone, Copy)]
pub struct FieldDef {
    pub field: Field,
    /// Its key in its table.
    pub key: &'static str,
    /// Its name in a `[[conflicts]]` table's `field` ("action.what").
    pub name: &'static str,
    /// The words a person reads.
    pub label: &'static str,
    pub table: Table,
    pub kind: Kind,
    pub merge: MergeRule,
    pub edit: Edit,
    /// Carried into the next review cycle (`gapwalk new --from`); review
    /// dates, notes, follow-ups and who changed an item are not, so every
    /// answered item is due for review again.
    pub next_cycle: bool,
    pub access: Access,
}

/// Every field, in canonical order within each table: the order saving
/// writes new keys in, `gapwalk fmt` sorts keys in, and diffs list
/// changes in. The risk register's fields (and `[assessment]
/// risk_scale`, which comes after the other `[assessment]` fields) are
/// declared in `schema/risks.rs`.
pub const FIELDS: &[FieldDef] =
    &join::<{ BASE_FIELDS.len() + risks::RISK_FIELDS.len() }>(BASE_FIELDS, risks::RISK_FIELDS);

/// Two tables of fields as one.
const fn join<const N: usize>(a: &[FieldDef], b: &[FieldDef]) -> [FieldDef; N] {
    let mut out = [a[0]; N];
    let mut i = 0;
    while i < a.len() {
        out[i] = a[i];
        i += 1;
    }
    let mut j = 0;
    while j < b.len() {
        out[a.len() + j] = b[j];
        j += 1;
    }
    out
}

// The fields outside the risk register: `schema/fields.rs`.

/// The fields written in one table, in canonical order.
pub fn fields_of(table: Table) -> impl Iterator<Item = &'static FieldDef> + Clone {
    FIELDS.iter().filter(move |d| d.table == table)
}

/// The keys of one table, in canonical order (a session's id first).
pub fn keys_of(table: Table) -> Vec<&'static str> {
    let id = match table {
        Table::Session => Some(SESSION_ID_KEY),
        Table::Risk => Some(RISK_ID_KEY),
        _ => None,
    };
    let soa = (table == Table::Assessment).then_some(SOA_KEY);
    id.into_iter()
        .chain(fields_of(table).map(|d| d.key))
        .chain(soa)
        .collect()
}

impl Field {
    /// Its entry in [`FIELDS`].
    pub fn def(self) -> &'static FieldDef {
        // Every field has its entry (a test checks it); a missing one would
        // be a programming error caught by that test.
        FIELDS
            .iter()
            .find(|d| d.field == self)
            .unwrap_or(&FIELDS[0])
    }

    /// Its spelling in the file (in a `[[conflicts]]` table's `field`).
    pub fn as_str(self) -> &'static str {
        self.def().name
    }

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        self.def().label
    }

    /// The fields a conflict about this kind of place can name, in file
    /// order (an item's include the action's parts, after the action).
    pub fn of(kind: PlaceKind) -> impl Iterator<Item = Field> + Clone {
        FIELDS
            .iter()
            .filter(move |d| d.table.place_kind() == kind)
            .map(|d| d.field)
    }

    /// The field of that kind of place spelt `name`.
    pub fn parse(kind: PlaceKind, name: &str) -> Option<Field> {
        FIELDS
            .iter()
            .find(|d| d.table.place_kind() == kind && d.name == name)
            .map(|d| d.field)
    }

    /// Reads the field of an item; empty lists and absent values are
    /// `None`. `None` too for a field that is not an item's.
    pub fn get_item(self, r: &ItemRecord) -> Option<FieldValue> {
        match self.def().access {
            Access::Item { get, .. } => get(r),
            Access::Action { get, .. } => r.action.as_ref().and_then(get),
            _ => None,
        }
    }

    /// Sets (or with `None` removes) the field of an item. Returns false,
    /// changing nothing, when the value is not of the field's type or the
    /// field is not an item's. Setting a part of the action creates the
    /// action if there is none.
    pub fn set_item(self, r: &mut ItemRecord, value: Option<FieldValue>) -> bool {
        match self.def().access {
            Access::Item { set, .. } => set(r, value),
            Access::Action { set, .. } => {
                let mut action = r.action.clone().unwrap_or_default();
                let ok = set(&mut action, value);
                if ok {
                    r.action = Some(action);
                }
                ok
            }
            _ => false,
        }
    }
}

impl Assessment {
    /// Reads one field; empty lists and absent values are `None`.
    pub fn field(&self, place: &Place, field: Field) -> Option<FieldValue> {
        match (place, field.def().access) {
            (Place::Assessment, Access::Assessment { get, .. }) => get(self),
            (Place::Session(id), Access::Session { get, .. }) => {
                get(self.sessions.iter().find(|s| &s.id == id)?)
            }
            (Place::Item(id), Access::Item { .. } | Access::Action { .. }) => {
                field.get_item(self.item(id))
            }
            (Place::Risk(id), Access::Risk { get, .. }) => get(self.risk(id)?),
            _ => None,
        }
    }

    /// Sets (or with `None` removes) one field. Returns false, changing
    /// nothing, when the value is not of the field's type, the field is not
    /// one of that place, or the session or risk does not exist.
    pub fn set_field(&mut self, place: &Place, field: Field, value: Option<FieldValue>) -> bool {
        match (place, field.def().access) {
            (Place::Assessment, Access::Assessment { set, .. }) => set(self, value),
            (Place::Session(id), Access::Session { set, .. }) => {
                let Some(s) = self.sessions.iter_mut().find(|s| &s.id == id) else {
                    return false;
                };
                set(s, value)
            }
            (Place::Item(id), Access::Item { .. } | Access::Action { .. }) => {
                let mut r = self.item(id).clone();
                if !field.set_item(&mut r, value) {
                    return false;
                }
                if r.is_empty() {
                    self.items.remove(id);
                } else {
                    self.items.insert(id.clone(), r);
                }
                true
            }
            (Place::Risk(id), Access::Risk { set, .. }) => {
                let Some(r) = self.risks.iter_mut().find(|r| &r.id == id) else {
                    return false;
                };
                set(r, value)
            }
            _ => false,
        }
    }
}

impl Assessment {
    /// The start of the next review cycle: the tenant's context and what
    /// the room decided (answers, owners, reliance, justifications,
    /// evidence, open actions, the risk register) carried over as they
    /// were; review dates, notes, follow-ups, sessions, done actions,
    /// merge conflicts and the dates risks were accepted and reviewed left
    /// behind, so every answered item and every risk is due for review
    /// again (and an accepted risk for its owner's acceptance).
    pub fn next_cycle(&self) -> Assessment {
        let items = self
            .items
            .iter()
            .map(|(id, r)| {
                let mut record = ItemRecord::default();
                // The action's parts come with the action.
                let carried = fields_of(Table::Item).filter(|d| d.next_cycle);
                for d in carried {
                    d.field.set_item(&mut record, d.field.get_item(r));
                }
                // Done actions are history.
                record.action = record.action.filter(|a| a.done.is_none());
                (id.clone(), record)
            })
            .filter(|(_, r)| !r.is_empty())
            .collect();
        let risks = self
            .risks
            .iter()
            .map(|r| {
                let mut next = Risk {
                    id: r.id.clone(),
                    ..Risk::default()
                };
                for d in fields_of(Table::Risk).filter(|d| d.next_cycle) {
                    if let Access::Risk { get, set } = d.access {
                        set(&mut next, get(r));
                    }
                }
                next
            })
            .collect();
        let mut next = Assessment {
            catalog: self.catalog.clone(),
            // A new cycle scans the tenant again: no scans, sessions.
            items,
            risks,
            ..Assessment::default()
        };
        let carried = FIELDS
            .iter()
            .filter(|d| d.next_cycle && d.table.place_kind() == PlaceKind::Assessment);
        for d in carried {
            if let Access::Assessment { get, set } = d.access {
                set(&mut next, get(self));
            }
        }
        next
    }
}

fn texts(v: &[String]) -> Option<FieldValue> {
    (!v.is_empty()).then(|| FieldValue::Texts(v.to_vec()))
}

fn put_text(slot: &mut Option<String>, v: Option<FieldValue>) -> bool {
    match v {
        Some(FieldValue::Text(s)) => *slot = Some(s),
        None => *slot = None,
        _ => return false,
    }
    true
}

fn put_date(slot: &mut Option<NaiveDate>, v: Option<FieldValue>) -> bool {
    match v {
        Some(FieldValue::Date(d)) => *slot = Some(d),
        None => *slot = None,
        _ => return false,
    }
    true
}

fn put_texts(slot: &mut Vec<String>, v: Option<FieldValue>) -> bool {
    match v {
        Some(FieldValue::Texts(v)) => *slot = v,
        None => slot.clear(),
        _ => return false,
    }
    true
}

fn put_reasons(slot: &mut Vec<InclusionReason>, v: Option<FieldValue>) -> bool {
    match v {
        Some(FieldValue::Reasons(v)) => *slot = v,
        None => slot.clear(),
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests;
