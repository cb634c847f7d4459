//! OSCAL 1.1.2 JSON: the catalog, the profile that selects it, the system
//! security plan (who does what, with Microsoft 365 as the leveraged
//! service), the assessment results (gapwalk's findings, severity kept)
//! and the plan of action and milestones. Pure: a function of the catalog,
//! the assessment and the as-of date, with no terminal and no clock.
//!
//! Deterministic by construction: every UUID is a version-5 UUID derived
//! from the organisation and the element it names ([`Ids`]), so the same
//! file (and as-of date) gives the same bytes. The five documents form a
//! set: they point at each other through back-matter resources whose links
//! name the files as `gapwalk oscal` writes them side by side
//! ([`Model::file_name`]), and every UUID one of them references is defined
//! in one of them.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use crate::assessment::{Assessment, non_blank};
use crate::catalog::Catalog;
use crate::text::{json_escape_invisible, sanitize_data, sanitize_data_multiline};

mod catalog;
mod parties;
mod poam;
mod results;
mod risks;
mod ssp;
mod types;

pub use catalog::control_id;

/// The OSCAL models gapwalk writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Model {
    Catalog,
    Profile,
    Ssp,
    AssessmentResults,
    Poam,
}

impl Model {
    pub const ALL: [Model; 5] = [
        Model::Catalog,
        Model::Profile,
        Model::Ssp,
        Model::AssessmentResults,
        Model::Poam,
    ];

    /// The name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Model::Catalog => "catalog",
            Model::Profile => "profile",
            Model::Ssp => "ssp",
            Model::AssessmentResults => "assessment-results",
            Model::Poam => "poam",
        }
    }

    /// The file name the other documents of the set link to: write the
    /// set into one folder under these names and every link resolves.
    pub fn file_name(self) -> &'static str {
        match self {
            Model::Catalog => "catalog.json",
            Model::Profile => "profile.json",
            Model::Ssp => "ssp.json",
            Model::AssessmentResults => "assessment-results.json",
            Model::Poam => "poam.json",
        }
    }

    /// The media type OSCAL registers for the model's JSON.
    fn media_type(self) -> &'static str {
        match self {
            Model::Catalog => "application/oscal.catalog+json",
            Model::Profile => "application/oscal.profile+json",
            Model::Ssp => "application/oscal.ssp+json",
            Model::AssessmentResults => "application/oscal.ar+json",
            Model::Poam => "application/oscal.poam+json",
        }
    }

    /// What the document is, for titles and the link to it.
    fn title(self) -> &'static str {
        match self {
            Model::Catalog => "catalog",
            Model::Profile => "profile",
            Model::Ssp => "system security plan",
            Model::AssessmentResults => "assessment results",
            Model::Poam => "plan of action and milestones",
        }
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Model {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Model::ALL.into_iter().find(|m| m.as_str() == s).ok_or(())
    }
}

/// One OSCAL document as JSON (pretty-printed, with a final newline).
/// Text from the assessment is data: control characters are removed, and
/// the invisible ones written as `\uXXXX` escapes.
pub fn oscal_json(
    model: Model,
    catalog: &Catalog,
    assessment: &Assessment,
    as_of: NaiveDate,
) -> String {
    let cx = Context::new(catalog, assessment, as_of);
    let json = match model {
        Model::Catalog => to_json(&Document::Catalog(catalog::catalog(&cx))),
        Model::Profile => to_json(&Document::Profile(catalog::profile(&cx))),
        Model::Ssp => to_json(&Document::SystemSecurityPlan(ssp::ssp(&cx))),
        Model::AssessmentResults => to_json(&Document::AssessmentResults(
            results::assessment_results(&cx),
        )),
        Model::Poam => to_json(&Document::PlanOfActionAndMilestones(poam::poam(&cx))),
    };
    let mut json = json_escape_invisible(json);
    json.push('\n');
    json
}

/// The root object: one key naming the model.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
enum Document {
    Catalog(catalog::CatalogDoc),
    Profile(catalog::ProfileDoc),
    SystemSecurityPlan(ssp::SspDoc),
    AssessmentResults(results::ResultsDoc),
    PlanOfActionAndMilestones(poam::PoamDoc),
}

fn to_json(doc: &Document) -> String {
    // Plain structs of strings, numbers and UUIDs: serialisation cannot
    // fail, and a failure would be a bug, not the user's doing.
    serde_json::to_string_pretty(doc).unwrap_or_else(|e| panic!("OSCAL serialisation: {e}"))
}

/// Version-5 UUIDs in a namespace of the organisation's: the same element
/// of the same organisation always gets the same UUID, in every document
/// of the set and on every run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ids {
    namespace: Uuid,
}

impl Ids {
    /// gapwalk's own namespace, itself derived from a URL gapwalk owns by
    /// convention (`.invalid` never resolves).
    fn root() -> Uuid {
        Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://gapwalk.invalid/oscal")
    }

    pub fn new(organisation: &str) -> Ids {
        Ids {
            namespace: Uuid::new_v5(&Self::root(), organisation.trim().as_bytes()),
        }
    }

    /// The UUID of an element, named by a path such as
    /// `ssp/requirement/A.5.1`.
    pub fn uuid(&self, element: &str) -> Uuid {
        Uuid::new_v5(&self.namespace, element.as_bytes())
    }

    /// The back-matter resource through which a document links to another
    /// document of the set.
    pub fn document_resource(&self, model: Model) -> types::Resource {
        types::Resource {
            uuid: self.uuid(&format!("resource/{}", model.as_str())),
            title: format!("The {} of this document set", model.title()),
            description: None,
            props: Vec::new(),
            rlinks: vec![types::ResourceLink {
                href: model.file_name().to_string(),
                media_type: Some(model.media_type()),
            }],
        }
    }

    /// A fragment reference (`#uuid`) to that resource.
    pub fn document_href(&self, model: Model) -> String {
        format!("#{}", self.document_resource(model).uuid)
    }
}

/// What every model is built from.
pub(crate) struct Context<'a> {
    pub catalog: &'a Catalog,
    pub assessment: &'a Assessment,
    pub as_of: NaiveDate,
    pub ids: Ids,
    pub parties: parties::Parties,
    /// Findings and each item's status, as every gapwalk document has them.
    pub summary: crate::analysis::Summary,
}

impl<'a> Context<'a> {
    fn new(catalog: &'a Catalog, assessment: &'a Assessment, as_of: NaiveDate) -> Self {
        let ids = Ids::new(&assessment.organisation);
        let parties = parties::Parties::new(catalog, assessment, &ids);
        Context {
            catalog,
            assessment,
            as_of,
            ids,
            parties,
            summary: crate::analysis::Summary::new(catalog, assessment, as_of),
        }
    }

    /// The organisation's name as one line (never empty).
    pub fn organisation(&self) -> String {
        line_or(&self.assessment.organisation, "The organisation")
    }

    /// The metadata every document carries.
    pub fn metadata(&self, model: Model, version: NaiveDate, title: String) -> types::Metadata {
        types::Metadata {
            title,
            last_modified: date_time(version),
            version: version.to_string(),
            oscal_version: types::OSCAL_VERSION,
            props: Vec::new(),
            roles: parties::roles(model),
            parties: self.parties.for_model(model),
            responsible_parties: self.parties.responsible_parties(model),
            remarks: Some(format!(
                "Written by gapwalk {} from the workshop's assessment file.",
                env!("CARGO_PKG_VERSION")
            )),
        }
    }

    /// The UUID of a document: a new version of a document (another date)
    /// gets a new one; the elements inside keep theirs.
    pub fn document_uuid(&self, model: Model, version: NaiveDate) -> Uuid {
        self.ids.uuid(&format!("{}/{version}", model.as_str()))
    }
}

/// A date as an OSCAL date-time: midnight UTC.
pub(crate) fn date_time(d: NaiveDate) -> String {
    format!("{d}T00:00:00Z")
}

/// Text for an OSCAL one-line string (names, property values): control
/// characters removed, runs of white space (line breaks included) made one
/// space, no space at either end. `None` when nothing is left.
pub(crate) fn line(s: &str) -> Option<String> {
    let clean = sanitize_data(s);
    let words: Vec<&str> = clean.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// [`line`], or the fallback when the text is blank.
pub(crate) fn line_or(s: &str, fallback: &str) -> String {
    line(s).unwrap_or_else(|| fallback.to_string())
}

/// Text for OSCAL prose (descriptions, remarks): line breaks kept, other
/// control characters removed, trimmed. `None` when blank.
pub(crate) fn prose(s: Option<&str>) -> Option<String> {
    non_blank(s).map(|s| sanitize_data_multiline(s).trim().to_string())
}

#[cfg(test)]
mod tests;
