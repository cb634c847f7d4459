//! The catalog's TOML files as they are written, before `build` checks them and resolves ids.

use super::*;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ItemsFile {
    pub(super) items: Vec<RawItem>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawItem {
    pub(super) id: Text,
    pub(super) title: Text,
    pub(super) theme: Theme,
    #[serde(default)]
    pub(super) microsoft_provides: Text,
    #[serde(default)]
    pub(super) organisation_must: Text,
    #[serde(default)]
    pub(super) questions: Texts,
    #[serde(default)]
    pub(super) evidence: Texts,
    #[serde(default)]
    pub(super) capabilities: Texts,
    #[serde(default)]
    pub(super) suggested_answer: Option<Answer>,
    #[serde(default)]
    pub(super) changes: Changes,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CapabilitiesFile {
    pub(super) capabilities: Vec<RawCapability>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCapability {
    pub(super) id: Text,
    pub(super) name: Text,
    pub(super) product: Text,
    pub(super) licences: Texts,
    #[serde(default)]
    pub(super) note: Option<Text>,
    #[serde(deserialize_with = "toml_date")]
    pub(super) verified: NaiveDate,
    #[serde(default)]
    pub(super) changes: Changes,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LicencesFile {
    pub(super) licences: Vec<RawLicence>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLicence {
    pub(super) id: Text,
    pub(super) name: Text,
    #[serde(default)]
    pub(super) includes: Texts,
    #[serde(default)]
    pub(super) note: Option<Text>,
    #[serde(deserialize_with = "toml_date")]
    pub(super) verified: NaiveDate,
    #[serde(default)]
    pub(super) changes: Changes,
}
