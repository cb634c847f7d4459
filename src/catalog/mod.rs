//! The built-in catalog: ISO/IEC 27001:2022 items, the Microsoft 365
//! capabilities that help with them and the licences that include those
//! capabilities. Pure data; no terminal code.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::assessment::Answer;

/// The id written in an assessment's `catalog = "..."`.
pub const ISO27001_2022: &str = "iso27001-2022";

const ITEM_FILES: &[(&str, &str)] = &[
    (
        "clauses.toml",
        include_str!("data/iso27001-2022/clauses.toml"),
    ),
    (
        "a5-organizational-1.toml",
        include_str!("data/iso27001-2022/a5-organizational-1.toml"),
    ),
    (
        "a5-organizational-2.toml",
        include_str!("data/iso27001-2022/a5-organizational-2.toml"),
    ),
    (
        "a6-people.toml",
        include_str!("data/iso27001-2022/a6-people.toml"),
    ),
    (
        "a7-physical.toml",
        include_str!("data/iso27001-2022/a7-physical.toml"),
    ),
    (
        "a8-technological.toml",
        include_str!("data/iso27001-2022/a8-technological.toml"),
    ),
];
const CAPABILITIES: &str = include_str!("data/capabilities.toml");
const LICENCES: &str = include_str!("data/licences.toml");

/// Whether an item is a management-system requirement (clauses 4–10) or an
/// Annex A control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    Clause,
    Control,
}

/// The groups a workshop walks through: the management system (clauses
/// 4–10) and the four Annex A themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    ManagementSystem,
    Organizational,
    People,
    Physical,
    Technological,
}

impl Theme {
    pub const ALL: [Theme; 5] = [
        Theme::ManagementSystem,
        Theme::Organizational,
        Theme::People,
        Theme::Physical,
        Theme::Technological,
    ];

    /// The heading a facilitator reads.
    pub fn title(self) -> &'static str {
        match self {
            Theme::ManagementSystem => "Clauses 4–10: management system",
            Theme::Organizational => "A.5 Organizational controls",
            Theme::People => "A.6 People controls",
            Theme::Physical => "A.7 Physical controls",
            Theme::Technological => "A.8 Technological controls",
        }
    }

    /// A short label for tables and charts.
    pub fn label(self) -> &'static str {
        match self {
            Theme::ManagementSystem => "Clauses 4–10",
            Theme::Organizational => "Organizational",
            Theme::People => "People",
            Theme::Physical => "Physical",
            Theme::Technological => "Technological",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::ManagementSystem => "management-system",
            Theme::Organizational => "organizational",
            Theme::People => "people",
            Theme::Physical => "physical",
            Theme::Technological => "technological",
        }
    }
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One item to assess, with guidance written in our own words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub id: String,
    pub kind: ItemKind,
    pub theme: Theme,
    pub title: String,
    pub microsoft_provides: String,
    pub organisation_must: String,
    pub questions: Vec<String>,
    pub evidence: Vec<String>,
    pub capabilities: Vec<String>,
    pub suggested_answer: Option<Answer>,
}

/// A Microsoft 365 capability and the licences that include it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Capability {
    pub id: String,
    pub name: String,
    pub product: String,
    /// Every licence that includes the capability, directly or through
    /// another licence it includes, in registry order.
    pub licences: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A Microsoft 365 plan or add-on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Licence {
    pub id: String,
    pub name: String,
    /// Licences whose capabilities this one also carries (not expanded).
    pub includes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A problem in catalog data. The built-in data is checked by tests; a
/// synthetic catalog (benchmarks, tests) reports through this.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    #[error("{0}")]
    Integrity(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemsFile {
    items: Vec<RawItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: String,
    title: String,
    theme: Theme,
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
    suggested_answer: Option<Answer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CapabilitiesFile {
    capabilities: Vec<RawCapability>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCapability {
    id: String,
    name: String,
    product: String,
    licences: Vec<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LicencesFile {
    licences: Vec<RawLicence>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLicence {
    id: String,
    name: String,
    #[serde(default)]
    includes: Vec<String>,
    #[serde(default)]
    note: Option<String>,
}

/// The catalog: items in order, capabilities and licences, with indexes.
#[derive(Debug, Clone)]
pub struct Catalog {
    id: String,
    items: Vec<Item>,
    item_index: HashMap<String, usize>,
    capabilities: Vec<Capability>,
    capability_index: HashMap<String, usize>,
    licences: Vec<Licence>,
    licence_index: HashMap<String, usize>,
}

impl Catalog {
    /// The built-in ISO/IEC 27001:2022 catalog, parsed once.
    pub fn builtin() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            // The embedded data is checked by the catalog tests; failing here
            // means a broken build, never a user's doing.
            Catalog::from_toml(ISO27001_2022, ITEM_FILES, CAPABILITIES, LICENCES)
                .unwrap_or_else(|e| panic!("built-in catalog is invalid: {e}"))
        })
    }

    /// Builds a catalog from TOML sources: item files (name, text) in order,
    /// the capability registry and the licence registry.
    pub fn from_toml(
        id: &str,
        item_files: &[(&str, &str)],
        capabilities: &str,
        licences: &str,
    ) -> Result<Catalog, CatalogError> {
        let parse_err = |file: &str, e: toml::de::Error| CatalogError::Parse {
            file: file.to_string(),
            message: e.to_string(),
        };
        let licences: LicencesFile =
            toml::from_str(licences).map_err(|e| parse_err("licences.toml", e))?;
        let capabilities: CapabilitiesFile =
            toml::from_str(capabilities).map_err(|e| parse_err("capabilities.toml", e))?;
        let mut items = Vec::new();
        for (name, text) in item_files {
            let file: ItemsFile = toml::from_str(text).map_err(|e| parse_err(name, e))?;
            items.extend(file.items);
        }
        Self::build(id, items, capabilities.capabilities, licences.licences)
    }

    fn build(
        id: &str,
        raw_items: Vec<RawItem>,
        raw_capabilities: Vec<RawCapability>,
        raw_licences: Vec<RawLicence>,
    ) -> Result<Catalog, CatalogError> {
        let integrity = |m: String| Err(CatalogError::Integrity(m));

        let licences: Vec<Licence> = raw_licences
            .into_iter()
            .map(|l| Licence {
                id: l.id,
                name: l.name,
                includes: l.includes,
                note: l.note.filter(|n| !n.trim().is_empty()),
            })
            .collect();
        let licence_index = index_by_id(licences.iter().map(|l| l.id.as_str()), "licence")?;
        for l in &licences {
            for inc in &l.includes {
                if !licence_index.contains_key(inc) {
                    return integrity(format!("licence {} includes unknown licence {inc}", l.id));
                }
            }
        }

        let mut catalog = Catalog {
            id: id.to_string(),
            items: Vec::new(),
            item_index: HashMap::new(),
            capabilities: Vec::new(),
            capability_index: HashMap::new(),
            licences,
            licence_index,
        };
        // Inclusion must be acyclic for the expansion to mean anything.
        for l in &catalog.licences {
            if catalog.included_by_strict(&l.id).contains(l.id.as_str()) {
                return integrity(format!("licence {} includes itself", l.id));
            }
        }

        let mut capabilities = Vec::with_capacity(raw_capabilities.len());
        for c in raw_capabilities {
            for l in &c.licences {
                if !catalog.licence_index.contains_key(l) {
                    return integrity(format!("capability {} names unknown licence {l}", c.id));
                }
            }
            if c.licences.is_empty() {
                return integrity(format!("capability {} has no licence", c.id));
            }
            // Every licence whose expansion reaches one of the direct ones.
            let licences = catalog
                .licences
                .iter()
                .filter(|l| {
                    let reach = catalog.expand_licences([l.id.as_str()]);
                    c.licences.iter().any(|d| reach.contains(d.as_str()))
                })
                .map(|l| l.id.clone())
                .collect();
            capabilities.push(Capability {
                id: c.id,
                name: c.name,
                product: c.product,
                licences,
                note: c.note.filter(|n| !n.trim().is_empty()),
            });
        }
        catalog.capability_index =
            index_by_id(capabilities.iter().map(|c| c.id.as_str()), "capability")?;
        catalog.capabilities = capabilities;

        let mut items = Vec::with_capacity(raw_items.len());
        for r in raw_items {
            let kind = if r.id.starts_with("A.") {
                ItemKind::Control
            } else {
                ItemKind::Clause
            };
            for c in &r.capabilities {
                if !catalog.capability_index.contains_key(c) {
                    return integrity(format!("item {} names unknown capability {c}", r.id));
                }
            }
            items.push(Item {
                id: r.id,
                kind,
                theme: r.theme,
                title: r.title,
                microsoft_provides: r.microsoft_provides,
                organisation_must: r.organisation_must,
                questions: r.questions,
                evidence: r.evidence,
                capabilities: r.capabilities,
                suggested_answer: r.suggested_answer,
            });
        }
        catalog.item_index = index_by_id(items.iter().map(|i| i.id.as_str()), "item")?;
        catalog.items = items;
        Ok(catalog)
    }

    /// The catalog's id, as written in an assessment file.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// All items in catalog order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.item_index.get(id).map(|&i| &self.items[i])
    }

    /// The position of an item in catalog order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.item_index.get(id).copied()
    }

    pub fn capabilities(&self) -> &[Capability] {
        &self.capabilities
    }

    pub fn capability(&self, id: &str) -> Option<&Capability> {
        self.capability_index
            .get(id)
            .map(|&i| &self.capabilities[i])
    }

    pub fn licences(&self) -> &[Licence] {
        &self.licences
    }

    pub fn licence(&self, id: &str) -> Option<&Licence> {
        self.licence_index.get(id).map(|&i| &self.licences[i])
    }

    /// The given licences and every licence they include, transitively.
    /// Unknown ids are ignored.
    pub fn expand_licences<'a>(
        &'a self,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> HashSet<&'a str> {
        let mut seen = HashSet::new();
        let mut stack: Vec<&str> = ids
            .into_iter()
            .filter_map(|id| self.licence(id).map(|l| l.id.as_str()))
            .collect();
        while let Some(id) = stack.pop() {
            if seen.insert(id) {
                if let Some(l) = self.licence(id) {
                    stack.extend(l.includes.iter().map(String::as_str));
                }
            }
        }
        seen
    }

    fn included_by_strict(&self, id: &str) -> HashSet<&str> {
        let direct = self
            .licence(id)
            .map(|l| l.includes.iter().map(String::as_str).collect::<Vec<_>>())
            .unwrap_or_default();
        self.expand_licences(direct)
    }

    /// Whether any of the tenant's licences (expanded) includes the capability.
    pub fn is_licensed(&self, capability: &str, tenant: &HashSet<&str>) -> bool {
        self.capability(capability)
            .is_some_and(|c| c.licences.iter().any(|l| tenant.contains(l.as_str())))
    }
}

fn index_by_id<'a>(
    ids: impl Iterator<Item = &'a str>,
    what: &str,
) -> Result<HashMap<String, usize>, CatalogError> {
    let mut index = HashMap::new();
    for (i, id) in ids.enumerate() {
        if index.insert(id.to_string(), i).is_some() {
            return Err(CatalogError::Integrity(format!("duplicate {what} id {id}")));
        }
    }
    Ok(index)
}

#[cfg(test)]
mod tests;
