//! Turns the catalog's TOML data (src/catalog/data) into Rust statics, so the
//! binary never parses its own catalog at start-up. The TOML stays the one
//! place the catalog is written; a mistake in it fails the build here, with
//! the file and the TOML error.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use toml::value::Datetime;

// The rules for dated facts, shared with the library.
#[path = "src/catalog/rules.rs"]
mod rules;

const DATA: &str = "src/catalog/data";
const ITEM_FILES: &[&str] = &[
    "iso27001-2022/clauses.toml",
    "iso27001-2022/a5-organizational-1.toml",
    "iso27001-2022/a5-organizational-2.toml",
    "iso27001-2022/a6-people.toml",
    "iso27001-2022/a7-physical.toml",
    "iso27001-2022/a8-technological.toml",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemsFile {
    items: Vec<Item>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    id: String,
    title: String,
    theme: String,
    #[serde(default)]
    microsoft_provides: String,
    #[serde(default)]
    organisation_must: String,
    #[serde(default)]
    questions: Vec<String>,
    #[serde(default)]
    evidence: Vec<String>,
    #[serde(default)]
    capabilities: Vec<String>,
    #[serde(default)]
    suggested_answer: Option<String>,
    #[serde(default)]
    changes: Vec<Change>,
}

/// A dated change to an item's guidance, a capability or a licence.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Change {
    date: Datetime,
    what: String,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CapabilitiesFile {
    capabilities: Vec<Capability>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Capability {
    id: String,
    name: String,
    product: String,
    licences: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    verified: Datetime,
    #[serde(default)]
    changes: Vec<Change>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LicencesFile {
    licences: Vec<Licence>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Licence {
    id: String,
    name: String,
    #[serde(default)]
    includes: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    verified: Datetime,
    #[serde(default)]
    changes: Vec<Change>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecksFile {
    checks: Vec<CheckMapping>,
}

/// One topic of the check registry: the tools' check ids that test the
/// configuration of some capabilities.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckMapping {
    id: String,
    what: String,
    capabilities: Vec<String>,
    #[serde(default)]
    maester: Vec<String>,
    #[serde(default)]
    scubagear: Vec<String>,
    #[serde(default)]
    prowler: Vec<String>,
}

fn read<T: for<'de> Deserialize<'de>>(file: &str) -> T {
    let path = Path::new(DATA).join(file);
    println!("cargo::rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A list as a borrowed `Texts`.
fn strings(v: &[String]) -> String {
    let parts: Vec<String> = v.iter().map(|s| format!("B({s:?})")).collect();
    format!("B(&[{}])", parts.join(", "))
}

fn option(v: &Option<String>) -> String {
    match v {
        Some(s) if !s.trim().is_empty() => format!("Some(B({s:?}))"),
        _ => "None".to_string(),
    }
}

/// A checked date as a call of the catalog's const `date`; a bad one fails
/// the build with the file, the entry and what is wrong.
fn date(value: &Datetime, file: &str, entry: &str, what: &str) -> String {
    match rules::plain_date(value, what) {
        Ok((y, m, d)) => format!("date({y}, {m}, {d})"),
        Err(e) => panic!("{DATA}/{file}: {entry}: {e}"),
    }
}

/// Checked dated changes as a borrowed `Changes`.
fn changes(v: &[Change], file: &str, entry: &str, needs_url: bool) -> String {
    let parts: Vec<String> = v
        .iter()
        .map(|c| {
            if let Err(e) = rules::check_change(&c.what, &c.source, needs_url) {
                panic!("{DATA}/{file}: {entry}: {e}");
            }
            format!(
                "Change {{ date: {}, what: B({:?}), source: B({:?}) }}",
                date(&c.date, file, entry, "`date` of a change"),
                c.what.trim(),
                c.source.trim()
            )
        })
        .collect();
    format!("B(&[{}])", parts.join(", "))
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/catalog/rules.rs");
    let themes: BTreeMap<&str, &str> = [
        ("management-system", "ManagementSystem"),
        ("organizational", "Organizational"),
        ("people", "People"),
        ("physical", "Physical"),
        ("technological", "Technological"),
    ]
    .into();
    let answers: BTreeMap<&str, &str> = [
        ("microsoft-provides", "MicrosoftProvides"),
        ("shared", "Shared"),
        ("we-manage", "WeManage"),
        ("gap", "Gap"),
        ("not-applicable", "NotApplicable"),
    ]
    .into();

    let mut out = String::from("// Generated by build.rs from src/catalog/data: do not edit.\n\n");
    out.push_str("use std::borrow::Cow::Borrowed as B;\n\n");
    out.push_str("static BUILTIN_ITEMS: &[RawItem] = &[\n");
    for file in ITEM_FILES {
        let items: ItemsFile = read(file);
        for i in items.items {
            let theme = themes
                .get(i.theme.as_str())
                .unwrap_or_else(|| panic!("{file}: {}: unknown theme {}", i.id, i.theme));
            let answer = match &i.suggested_answer {
                None => "None".to_string(),
                Some(a) => format!(
                    "Some(Answer::{})",
                    answers
                        .get(a.as_str())
                        .unwrap_or_else(|| panic!("{file}: {}: unknown answer {a}", i.id))
                ),
            };
            let _ = writeln!(
                out,
                "    RawItem {{ id: B({:?}), title: B({:?}), theme: Theme::{theme}, microsoft_provides: B({:?}), organisation_must: B({:?}), questions: {}, evidence: {}, capabilities: {}, suggested_answer: {answer}, changes: {} }},",
                i.id,
                i.title,
                i.microsoft_provides,
                i.organisation_must,
                strings(&i.questions),
                strings(&i.evidence),
                strings(&i.capabilities),
                changes(&i.changes, file, &format!("item {}", i.id), false),
            );
        }
    }
    out.push_str("];\n\nstatic BUILTIN_CAPABILITIES: &[RawCapability] = &[\n");
    let caps: CapabilitiesFile = read("capabilities.toml");
    let capability_ids: Vec<String> = caps.capabilities.iter().map(|c| c.id.clone()).collect();
    for c in caps.capabilities {
        let entry = format!("capability {}", c.id);
        let _ = writeln!(
            out,
            "    RawCapability {{ id: B({:?}), name: B({:?}), product: B({:?}), licences: {}, note: {}, verified: {}, changes: {} }},",
            c.id,
            c.name,
            c.product,
            strings(&c.licences),
            option(&c.note),
            date(&c.verified, "capabilities.toml", &entry, "`verified`"),
            changes(&c.changes, "capabilities.toml", &entry, true),
        );
    }
    out.push_str("];\n\nstatic BUILTIN_LICENCES: &[RawLicence] = &[\n");
    let licences: LicencesFile = read("licences.toml");
    for l in licences.licences {
        let entry = format!("licence {}", l.id);
        let _ = writeln!(
            out,
            "    RawLicence {{ id: B({:?}), name: B({:?}), includes: {}, note: {}, verified: {}, changes: {} }},",
            l.id,
            l.name,
            strings(&l.includes),
            option(&l.note),
            date(&l.verified, "licences.toml", &entry, "`verified`"),
            changes(&l.changes, "licences.toml", &entry, true),
        );
    }
    out.push_str("];\n");
    write_out("catalog_data.rs", &out);
    write_out("checks_data.rs", &checks(&capability_ids));
}

fn write_out(name: &str, text: &str) {
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(name);
    std::fs::write(&dest, text).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}

/// The check registry (checks.toml), checked against the capabilities by
/// the rules the library applies too, as a borrowed `BUILTIN_CHECKS`.
fn checks(capability_ids: &[String]) -> String {
    let file: ChecksFile = read("checks.toml");
    let entries: Vec<rules::CheckEntry> = file
        .checks
        .iter()
        .map(|c| rules::CheckEntry {
            id: &c.id,
            what: &c.what,
            capabilities: c.capabilities.iter().map(String::as_str).collect(),
            patterns: [&c.maester, &c.scubagear, &c.prowler]
                .map(|v| v.iter().map(String::as_str).collect()),
        })
        .collect();
    if let Err(e) = rules::check_registry(&entries, |id| capability_ids.iter().any(|c| c == id)) {
        panic!("{DATA}/checks.toml: {e}");
    }
    let mut out = String::from(
        "// Generated by build.rs from src/catalog/data/checks.toml: do not edit.\n\n",
    );
    out.push_str("use std::borrow::Cow::Borrowed as B;\n\n");
    out.push_str("static BUILTIN_CHECKS: &[RawCheckMapping] = &[\n");
    for c in &file.checks {
        let _ = writeln!(
            out,
            "    RawCheckMapping {{ id: B({:?}), what: B({:?}), capabilities: {}, maester: {}, scubagear: {}, prowler: {} }},",
            c.id,
            c.what.trim(),
            strings(&c.capabilities),
            strings(&c.maester),
            strings(&c.scubagear),
            strings(&c.prowler),
        );
    }
    out.push_str("];\n");
    out
}
