//! The OSCAL 1.1.2 JSON shapes gapwalk writes, shared by the models: the
//! parts of `metadata`, properties, links, responsible roles and the back
//! matter. Field order follows the OSCAL model documentation; empty lists
//! are left out (OSCAL arrays hold at least one entry).

use serde::Serialize;
use uuid::Uuid;

/// The OSCAL version every document declares.
pub(crate) const OSCAL_VERSION: &str = "1.1.2";

/// The namespace of gapwalk's own property names (OSCAL asks for one on
/// every name it does not define itself).
pub(crate) const NS: &str = "https://gapwalk.invalid/ns/oscal";

/// An empty JSON object (`include-all`), which a unit struct would write
/// as `null`.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Empty {}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Metadata {
    pub title: String,
    pub last_modified: String,
    pub version: String,
    pub oscal_version: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Party>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub responsible_parties: Vec<ResponsibleParty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// A name and value. Names OSCAL defines have no `ns`; gapwalk's carry
/// [`NS`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Prop {
    pub name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ns: Option<&'static str>,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

impl Prop {
    /// A property OSCAL defines (`label`, `sort-id`, `method`, …).
    pub fn oscal(name: &'static str, value: impl Into<String>) -> Prop {
        Prop {
            name,
            ns: None,
            value: value.into(),
            remarks: None,
        }
    }

    /// One of gapwalk's properties.
    pub fn gapwalk(name: &'static str, value: impl Into<String>) -> Prop {
        Prop {
            name,
            ns: Some(NS),
            value: value.into(),
            remarks: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Link {
    pub href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rel: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Role {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Party {
    pub uuid: Uuid,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub member_of_organizations: Vec<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct ResponsibleParty {
    pub role_id: &'static str,
    pub party_uuids: Vec<Uuid>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct ResponsibleRole {
    pub role_id: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub party_uuids: Vec<Uuid>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct BackMatter {
    pub resources: Vec<Resource>,
}

/// Something a document points at: another document of the set, a piece
/// of evidence.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Resource {
    pub uuid: Uuid,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rlinks: Vec<ResourceLink>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct ResourceLink {
    pub href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type: Option<&'static str>,
}

/// `implementation-status` of a by-component, and of a finding's target.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ImplementationStatus {
    pub state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// `reviewed-controls` / `related-controls`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct ReviewedControls {
    pub description: String,
    pub control_selections: Vec<ControlSelection>,
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct ControlSelection {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_all: Option<Empty>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub include_controls: Vec<ControlId>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct ControlId {
    pub control_id: String,
}
