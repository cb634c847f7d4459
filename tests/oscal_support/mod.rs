//! Checks an OSCAL document set: the NIST schema (when the shared copy is
//! there), and that every reference resolves within the set.

// Each test crate uses part of it.
#![allow(dead_code)]

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use serde_json::Value;

/// The shared folder beside the repository (`../shared`), or where
/// `GAPWALK_SHARED` points; `None` (with a message) when it is absent, as
/// in a fresh clone.
pub fn outside_file(relative: &str) -> Option<PathBuf> {
    let base = std::env::var_os("GAPWALK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let path = base.join("outside").join(relative);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!(
            "skipping: {} is absent (the shared folder is not beside this clone; set GAPWALK_SHARED to use one elsewhere)",
            path.display()
        );
        None
    }
}

/// The NIST OSCAL 1.1.2 complete schema, compiled; `None` when the shared
/// copy is absent.
pub fn oscal_schema() -> Option<jsonschema::Validator> {
    let path = outside_file("oscal/oscal_complete_schema-1-1-2.json")?;
    let text = std::fs::read_to_string(&path).expect("read the schema");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    Some(
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .should_validate_formats(true)
            .build(&schema)
            .expect("the schema compiles"),
    )
}

/// Every schema error of a document, as `path: message`.
pub fn schema_errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// What one document defines and references.
#[derive(Default)]
struct Walk {
    uuids: Vec<String>,
    parties: BTreeSet<String>,
    roles: BTreeSet<String>,
    /// (field, value, where)
    refs: Vec<(String, String, String)>,
    control_ids: BTreeSet<String>,
    part_ids: BTreeSet<String>,
}

const UUID_REFS: [&str; 13] = [
    "component-uuid",
    "provided-uuid",
    "responsibility-uuid",
    "party-uuid",
    "party-uuids",
    "member-of-organizations",
    "observation-uuid",
    "finding-uuid",
    "risk-uuid",
    "subject-uuid",
    "actor-uuid",
    "implementation-statement-uuid",
    "task-uuid",
];

fn walk(v: &Value, path: &str, parent: &str, w: &mut Walk) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let here = format!("{path}/{k}");
                match (k.as_str(), child) {
                    ("uuid", Value::String(s)) => {
                        w.uuids.push(s.clone());
                        if parent == "parties" {
                            w.parties.insert(s.clone());
                        }
                    }
                    ("id", Value::String(s)) if parent == "roles" => {
                        w.roles.insert(s.clone());
                    }
                    ("id", Value::String(s)) if parent == "controls" => {
                        w.control_ids.insert(s.clone());
                    }
                    ("id", Value::String(s)) if parent == "parts" => {
                        w.part_ids.insert(s.clone());
                    }
                    (
                        "role-id" | "control-id" | "target-id" | "href" | "role-ids",
                        Value::String(s),
                    ) => w.refs.push((k.clone(), s.clone(), here.clone())),
                    (name, Value::String(s)) if UUID_REFS.contains(&name) => {
                        w.refs.push((k.clone(), s.clone(), here.clone()))
                    }
                    (name, Value::Array(list)) if UUID_REFS.contains(&name) => {
                        for s in list.iter().filter_map(Value::as_str) {
                            w.refs.push((k.clone(), s.to_string(), here.clone()));
                        }
                    }
                    _ => {}
                }
                walk(child, &here, k, w);
            }
        }
        Value::Array(list) => {
            for (n, child) in list.iter().enumerate() {
                walk(child, &format!("{path}/{n}"), parent, w);
            }
        }
        _ => {}
    }
}

/// Every problem with the references of a document set (file name →
/// document): a UUID defined twice in one document; a UUID reference that
/// no document of the set defines; a party, role or back-matter fragment
/// that the referring document itself does not define; a control or
/// statement id the catalog does not have; a link to a file outside the
/// set.
pub fn reference_problems(set: &[(&str, Value)]) -> Vec<String> {
    let mut walks: HashMap<&str, Walk> = HashMap::new();
    for (name, doc) in set {
        let mut w = Walk::default();
        walk(doc, "", "", &mut w);
        walks.insert(name, w);
    }
    let all_uuids: BTreeSet<&String> = walks.values().flat_map(|w| &w.uuids).collect();
    let controls: BTreeSet<&String> = walks.values().flat_map(|w| &w.control_ids).collect();
    let parts: BTreeSet<&String> = walks.values().flat_map(|w| &w.part_ids).collect();
    let files: BTreeSet<&str> = set.iter().map(|(n, _)| *n).collect();
    let mut out = Vec::new();
    for (name, w) in &walks {
        let mut seen = BTreeSet::new();
        for u in &w.uuids {
            if !seen.insert(u) {
                out.push(format!("{name}: uuid {u} is defined twice"));
            }
        }
        let own: BTreeSet<&String> = w.uuids.iter().collect();
        for (field, value, at) in &w.refs {
            let problem = match field.as_str() {
                "party-uuid" | "party-uuids" | "member-of-organizations" | "actor-uuid"
                    if !w.parties.contains(value) =>
                {
                    Some("names no party of this document")
                }
                "role-id" | "role-ids" if !w.roles.contains(value) => {
                    Some("names no role of this document")
                }
                "control-id" if !controls.contains(value) => Some("names no catalog control"),
                "target-id" if !parts.contains(value) => Some("names no catalog statement"),
                "href" => match value.strip_prefix('#') {
                    Some(fragment) if !own.contains(&fragment.to_string()) => {
                        Some("points at no resource of this document")
                    }
                    Some(_) => None,
                    None if value.contains("://") => None,
                    None if !files.contains(value.as_str()) => {
                        Some("links to a file outside the set")
                    }
                    None => None,
                },
                f if UUID_REFS.contains(&f) && !all_uuids.contains(value) => {
                    Some("is defined in no document of the set")
                }
                _ => None,
            };
            if let Some(p) = problem {
                out.push(format!("{name}{at}: {value} {p}"));
            }
        }
    }
    out.sort();
    out
}
