//! Who is named in the documents: the organisation, Microsoft, and every
//! person or role the assessment names (owners, action owners, the
//! facilitators and attendees of sessions), with the roles they hold.

use uuid::Uuid;

use super::types::{Party, ResponsibleParty, ResponsibleRole, Role};
use super::{Ids, Model, line};
use crate::assessment::{Assessment, non_blank};
use crate::catalog::Catalog;

pub(crate) const OWNER: &str = "owner";
pub(crate) const ACTION_OWNER: &str = "action-owner";
pub(crate) const PROVIDER: &str = "provider";
pub(crate) const FACILITATOR: &str = "facilitator";
pub(crate) const ATTENDEE: &str = "attendee";
pub(crate) const PREPARED_FOR: &str = "prepared-for";

/// The roles the assessment documents use (the catalog and profile name
/// nobody).
pub(crate) fn roles(model: Model) -> Vec<Role> {
    if matches!(model, Model::Catalog | Model::Profile) {
        return Vec::new();
    }
    vec![
        Role {
            id: PREPARED_FOR,
            title: "Prepared for",
            description: "The organisation the document describes.",
        },
        Role {
            id: OWNER,
            title: "Owner",
            description: "Accountable for an item, as named in the workshop.",
        },
        Role {
            id: ACTION_OWNER,
            title: "Action owner",
            description: "Responsible for a remediation action.",
        },
        Role {
            id: PROVIDER,
            title: "Service provider",
            description: "Microsoft, which provides and operates Microsoft 365.",
        },
        Role {
            id: FACILITATOR,
            title: "Workshop facilitator",
            description: "Ran a workshop session of the gap assessment.",
        },
        Role {
            id: ATTENDEE,
            title: "Workshop attendee",
            description: "Was in the room at a workshop session.",
        },
    ]
}

/// A person (or a role named as a person: "Head of IT") and what the
/// assessment names them as.
struct Person {
    key: String,
    name: String,
    roles: Vec<&'static str>,
}

pub(crate) struct Parties {
    organisation: Uuid,
    organisation_name: String,
    microsoft: Uuid,
    people: Vec<Person>,
    ids_namespace: Ids,
}

/// Names are the same person when they differ only in case and spacing
/// (as the owner-load count in the summary treats them).
fn key(name: &str) -> Option<String> {
    line(name).map(|n| n.to_lowercase())
}

impl Parties {
    pub fn new(catalog: &Catalog, a: &Assessment, ids: &Ids) -> Parties {
        let mut p = Parties {
            organisation: ids.uuid("party/organisation"),
            organisation_name: line(&a.organisation)
                .unwrap_or_else(|| "The organisation".to_string()),
            microsoft: ids.uuid("party/microsoft"),
            people: Vec::new(),
            ids_namespace: *ids,
        };
        for item in catalog.items() {
            let r = a.item(&item.id);
            if let Some(o) = r.owner() {
                p.add(o, OWNER);
            }
            if let Some(o) = r
                .action
                .as_ref()
                .and_then(|act| non_blank(act.owner.as_deref()))
            {
                p.add(o, ACTION_OWNER);
            }
        }
        for s in &a.sessions {
            if let Some(f) = non_blank(s.facilitator.as_deref()) {
                p.add(f, FACILITATOR);
            }
            for name in &s.attendees {
                p.add(name, ATTENDEE);
            }
        }
        p
    }

    fn add(&mut self, name: &str, role: &'static str) {
        let Some(k) = key(name) else { return };
        match self.people.iter_mut().find(|p| p.key == k) {
            Some(p) => {
                if !p.roles.contains(&role) {
                    p.roles.push(role);
                }
            }
            None => self.people.push(Person {
                name: line(name).unwrap_or_default(),
                key: k,
                roles: vec![role],
            }),
        }
    }

    pub fn organisation(&self) -> Uuid {
        self.organisation
    }

    pub fn microsoft(&self) -> Uuid {
        self.microsoft
    }

    /// The party of a person the assessment names.
    pub fn person(&self, name: &str) -> Option<Uuid> {
        let k = key(name)?;
        self.people
            .iter()
            .any(|p| p.key == k)
            .then(|| self.ids_namespace.uuid(&format!("party/person/{k}")))
    }

    /// `responsible-roles` naming a person in a role (none for a blank
    /// name).
    pub fn responsible(&self, role: &'static str, name: Option<&str>) -> Vec<ResponsibleRole> {
        name.and_then(|n| self.person(n))
            .map(|uuid| ResponsibleRole {
                role_id: role,
                party_uuids: vec![uuid],
            })
            .into_iter()
            .collect()
    }

    pub fn for_model(&self, model: Model) -> Vec<Party> {
        if matches!(model, Model::Catalog | Model::Profile) {
            return Vec::new();
        }
        let mut out = vec![
            Party {
                uuid: self.organisation,
                kind: "organization",
                name: self.organisation_name.clone(),
                member_of_organizations: Vec::new(),
                remarks: Some("The organisation assessed.".to_string()),
            },
            Party {
                uuid: self.microsoft,
                kind: "organization",
                name: "Microsoft".to_string(),
                member_of_organizations: Vec::new(),
                remarks: Some("The provider of Microsoft 365.".to_string()),
            },
        ];
        out.extend(self.people.iter().map(|p| Party {
            uuid: self.ids_namespace.uuid(&format!("party/person/{}", p.key)),
            kind: "person",
            name: p.name.clone(),
            member_of_organizations: vec![self.organisation],
            remarks: Some(format!(
                "Named in the assessment as {}.",
                p.roles
                    .iter()
                    .map(|r| role_words(r))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }));
        out
    }

    /// The metadata's responsible parties: whom the document is for, and
    /// the provider.
    pub fn responsible_parties(&self, model: Model) -> Vec<ResponsibleParty> {
        if matches!(model, Model::Catalog | Model::Profile) {
            return Vec::new();
        }
        vec![
            ResponsibleParty {
                role_id: PREPARED_FOR,
                party_uuids: vec![self.organisation],
            },
            ResponsibleParty {
                role_id: PROVIDER,
                party_uuids: vec![self.microsoft],
            },
        ]
    }
}

fn role_words(role: &str) -> &'static str {
    match role {
        OWNER => "an item owner",
        ACTION_OWNER => "an action owner",
        FACILITATOR => "a workshop facilitator",
        _ => "a workshop attendee",
    }
}
