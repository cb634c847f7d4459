//! Merge conflicts: how they read, and how one is settled.

use std::fmt;

use serde::{Serialize, Serializer};

use super::model::{Assessment, Conflict, Field, FieldValue, Place};

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Assessment => f.write_str("[assessment]"),
            Place::Session(id) => write!(f, "session {id}"),
            Place::Item(id) => f.write_str(id),
            Place::Risk(id) => write!(f, "risk {id}"),
        }
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

impl schemars::JsonSchema for Field {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Field".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = super::schema::FIELDS
            .iter()
            .map(|d| d.field.as_str())
            .collect();
        schemars::json_schema!({
            "description": "A field of the assessment file, by name (action parts as action.what, action.owner, action.due, action.done).",
            "type": "string",
            "enum": names,
        })
    }
}

impl schemars::JsonSchema for Conflict {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Conflict".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let field = g.subschema_for::<Field>();
        let value = g.subschema_for::<Option<FieldValue>>();
        schemars::json_schema!({
            "description": "A field two people changed differently: where (an item, a session, a risk, or none of them for [assessment]), the field, and both sides' values (absent: that side removed it).",
            "type": "object",
            "properties": {
                "item": { "type": "string" },
                "session": { "type": "string" },
                "risk": { "type": "string" },
                "field": field,
                "ours": value,
                "theirs": value,
            },
            "required": ["field"],
            "additionalProperties": false,
        })
    }
}

impl Serialize for Conflict {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        match &self.place {
            Place::Assessment => {}
            Place::Session(id) => m.serialize_entry("session", id)?,
            Place::Item(id) => m.serialize_entry("item", id)?,
            Place::Risk(id) => m.serialize_entry("risk", id)?,
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
        FieldValue::Treatment(t) => t.as_str().to_string(),
        FieldValue::Texts(v) => format!("[{}]", crate::text::sanitize(&v.join(", "))),
        FieldValue::Reasons(v) => format!(
            "[{}]",
            v.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
        ),
        FieldValue::Observations(v) => v
            .iter()
            .map(|o| {
                let mut s = format!("{} passed, {} failed", o.passed, o.failed);
                if o.not_judged > 0 {
                    s.push_str(&format!(", {} not judged", o.not_judged));
                }
                if !o.failing.is_empty() {
                    let shown: Vec<&str> = o.failing.iter().take(3).map(String::as_str).collect();
                    let more = if o.failing.len() > 3 { ", …" } else { "" };
                    s.push_str(&format!(" ({}{more})", shown.join(", ")));
                }
                format!("{s} in {}", crate::text::sanitize(&o.scan))
            })
            .collect::<Vec<_>>()
            .join("; "),
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
