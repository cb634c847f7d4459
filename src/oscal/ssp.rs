//! The system security plan: the organisation and its tenant as the
//! system, Microsoft 365 as the leveraged service, and for every item an
//! implemented requirement whose by-components say who does what.
//!
//! - `microsoft-provides`: Microsoft 365 provides it (`export.provided`);
//!   the organisation inherits it (`inherited`, with the reliance recorded)
//!   and its owner oversees the supplier.
//! - `shared`: Microsoft provides its part and names the organisation's
//!   responsibility (`export.responsibilities`); the organisation inherits
//!   the one and satisfies the other (`satisfied`, with the evidence).
//! - `we-manage`: on the organisation's component alone.
//! - `gap`: `planned`, with the action.
//! - `not-applicable`: with its justification.

use serde::Serialize;
use uuid::Uuid;

use super::parties::{ACTION_OWNER, OWNER, PROVIDER};
use super::types::{
    BackMatter, ImplementationStatus, Link, Metadata, Prop, Resource, ResourceLink, ResponsibleRole,
};
use super::{Context, Model, catalog::control_id, line, line_or, prose};
use crate::analysis::{ImplementationStatus as Status, ItemStatus};
use crate::assessment::{Answer, Evidence, ItemRecord, non_blank};
use crate::catalog::{Item, ItemKind};

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct SspDoc {
    uuid: Uuid,
    metadata: Metadata,
    import_profile: Href,
    system_characteristics: SystemCharacteristics,
    system_implementation: SystemImplementation,
    control_implementation: ControlImplementation,
    back_matter: BackMatter,
}

#[derive(Serialize)]
pub(crate) struct Href {
    pub href: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct SystemCharacteristics {
    system_ids: Vec<SystemId>,
    system_name: String,
    description: String,
    system_information: SystemInformation,
    status: State,
    authorization_boundary: Described,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct SystemId {
    pub identifier_type: &'static str,
    pub id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct SystemInformation {
    information_types: Vec<InformationType>,
}

#[derive(Serialize)]
struct InformationType {
    uuid: Uuid,
    title: &'static str,
    description: &'static str,
}

#[derive(Serialize)]
struct State {
    state: &'static str,
}

#[derive(Serialize)]
struct Described {
    description: String,
}

#[derive(Serialize)]
struct SystemImplementation {
    users: Vec<User>,
    components: Vec<Component>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct User {
    uuid: Uuid,
    title: &'static str,
    description: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Component {
    uuid: Uuid,
    #[serde(rename = "type")]
    kind: &'static str,
    title: String,
    description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    props: Vec<Prop>,
    status: State,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    responsible_roles: Vec<ResponsibleRole>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ControlImplementation {
    description: &'static str,
    implemented_requirements: Vec<Requirement>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Requirement {
    uuid: Uuid,
    control_id: String,
    props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    responsible_roles: Vec<ResponsibleRole>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    by_components: Vec<ByComponent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ByComponent {
    component_uuid: Uuid,
    uuid: Uuid,
    description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    links: Vec<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    implementation_status: Option<ImplementationStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    export: Option<Export>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    inherited: Vec<Inherited>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    satisfied: Vec<Satisfied>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    responsible_roles: Vec<ResponsibleRole>,
}

#[derive(Serialize)]
struct Export {
    provided: Vec<Provided>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    responsibilities: Vec<Responsibility>,
}

#[derive(Serialize)]
struct Provided {
    uuid: Uuid,
    description: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Responsibility {
    uuid: Uuid,
    provided_uuid: Uuid,
    description: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Inherited {
    uuid: Uuid,
    provided_uuid: Uuid,
    description: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Satisfied {
    uuid: Uuid,
    responsibility_uuid: Uuid,
    description: String,
}

/// The UUIDs of the system's two components, which the assessment results
/// name as subjects too.
pub(crate) fn organisation_component(cx: &Context) -> Uuid {
    cx.ids.uuid("component/this-system")
}

pub(crate) fn microsoft_component(cx: &Context) -> Uuid {
    cx.ids.uuid("component/microsoft-365")
}

/// The system's identifier, shared by the SSP and the POA&M.
pub(crate) fn system_id(cx: &Context) -> SystemId {
    SystemId {
        identifier_type: "https://ietf.org/rfc/rfc4122",
        id: cx.ids.uuid("system").to_string(),
    }
}

/// The implemented requirement of an item, which findings point at.
pub(crate) fn requirement_uuid(cx: &Context, item_id: &str) -> Uuid {
    cx.ids.uuid(&format!("ssp/requirement/{item_id}"))
}

pub(crate) fn ssp(cx: &Context) -> SspDoc {
    let date = cx.as_of;
    let org = cx.organisation();
    let scope = prose(cx.assessment.scope.as_deref());
    let mut evidence = Vec::new();
    let implemented_requirements = cx
        .catalog
        .items()
        .iter()
        .map(|item| requirement(cx, item, &mut evidence))
        .collect();
    let mut resources = vec![cx.ids.document_resource(Model::Profile)];
    resources.extend(evidence);
    SspDoc {
        uuid: cx.document_uuid(Model::Ssp, date),
        metadata: cx.metadata(
            Model::Ssp,
            date,
            format!("{org}: ISO/IEC 27001:2022 on Microsoft 365, who does what"),
        ),
        import_profile: Href {
            href: cx.ids.document_href(Model::Profile),
        },
        system_characteristics: SystemCharacteristics {
            system_ids: vec![system_id(cx)],
            system_name: format!("{org}: Microsoft 365 tenant and ISMS"),
            description: scope.clone().unwrap_or_else(|| {
                format!("{org}'s Microsoft 365 tenant and the management system around it.")
            }),
            system_information: SystemInformation {
                information_types: vec![InformationType {
                    uuid: cx.ids.uuid("ssp/information-type/tenant"),
                    title: "Information held in the Microsoft 365 tenant",
                    description: "The organisation's mail, files, chats, identities and the records of its management system, as far as they are kept in the tenant.",
                }],
            },
            status: State {
                state: "operational",
            },
            authorization_boundary: Described {
                description: scope
                    .unwrap_or_else(|| "No scope is recorded in the assessment.".to_string()),
            },
        },
        system_implementation: SystemImplementation {
            users: vec![User {
                uuid: cx.ids.uuid("ssp/user/staff"),
                title: "Staff",
                description: "The people who use the tenant.",
            }],
            components: components(cx, &org),
        },
        control_implementation: ControlImplementation {
            description: "Who does the work for each ISO/IEC 27001:2022 requirement and Annex A control, as the room decided in the gapwalk workshop: Microsoft provides, shared, we manage, gap or not applicable.",
            implemented_requirements,
        },
        back_matter: BackMatter { resources },
    }
}

fn components(cx: &Context, org: &str) -> Vec<Component> {
    let licences = cx.assessment.licences.iter().map(|l| Prop {
        remarks: cx.catalog.licence(l).map(|l| l.name.to_string()),
        ..Prop::gapwalk("licence", line_or(l, "unknown"))
    });
    vec![
        Component {
            uuid: organisation_component(cx),
            kind: "this-system",
            title: format!("{org}: management system and tenant configuration"),
            description: "What the organisation does itself: its management system, the tenant's configuration, identities and data, and its oversight of Microsoft as a supplier.".to_string(),
            props: Vec::new(),
            status: State { state: "operational" },
            responsible_roles: Vec::new(),
        },
        Component {
            uuid: microsoft_component(cx),
            kind: "system",
            title: "Microsoft 365 (leveraged service)".to_string(),
            description: "The cloud service Microsoft provides and operates. What it provides for each item is inherited; the tenant's licences decide which capabilities are there.".to_string(),
            props: std::iter::once(Prop::oscal("implementation-point", "external"))
                .chain(licences)
                .collect(),
            status: State { state: "operational" },
            responsible_roles: vec![ResponsibleRole {
                role_id: PROVIDER,
                party_uuids: vec![cx.parties.microsoft()],
            }],
        },
    ]
}

fn requirement(cx: &Context, item: &Item, evidence: &mut Vec<Resource>) -> Requirement {
    let r = cx.assessment.item(&item.id);
    let key = |what: &str| cx.ids.uuid(&format!("ssp/{what}/{}", item.id));
    let mut props = vec![Prop::gapwalk(
        "answer",
        r.answer.map_or("unanswered", Answer::as_str),
    )];
    if let Some(s) = cx.summary.status(&item.id) {
        props.push(Prop::gapwalk("implementation-status", s.status.as_str()));
    }
    if item.kind == ItemKind::Control {
        props.extend(
            r.included_because
                .iter()
                .map(|reason| Prop::gapwalk("included-because", reason.as_str())),
        );
    }
    let owner = cx.parties.responsible(OWNER, r.owner());
    let by_components = match r.answer {
        None => Vec::new(),
        Some(answer) => {
            let links = evidence_links(cx, &item.id, &r.evidence, evidence);
            by_components(cx, item, r, answer, links, &key)
        }
    };
    Requirement {
        uuid: requirement_uuid(cx, &item.id),
        control_id: control_id(&item.id),
        props,
        responsible_roles: owner,
        by_components,
        remarks: r
            .answer
            .is_none()
            .then(|| "Not yet assessed in the workshop.".to_string()),
    }
}

fn by_components(
    cx: &Context,
    item: &Item,
    r: &ItemRecord,
    answer: Answer,
    links: Vec<Link>,
    key: &dyn Fn(&str) -> Uuid,
) -> Vec<ByComponent> {
    let org = organisation_component(cx);
    let owner = cx.parties.responsible(OWNER, r.owner());
    let status = |state: Option<&ItemStatus>| Some(status_of(state, r));
    let ours = |description: String| ByComponent {
        component_uuid: org,
        uuid: key("by-component/organisation"),
        description,
        props: Vec::new(),
        links: links.clone(),
        implementation_status: None,
        export: None,
        inherited: Vec::new(),
        satisfied: Vec::new(),
        responsible_roles: owner.clone(),
    };
    let provided = key("provided");
    let responsibility = key("responsibility");
    let microsoft = |with_responsibility: bool| ByComponent {
        component_uuid: microsoft_component(cx),
        uuid: key("by-component/microsoft-365"),
        description: prose(Some(&item.microsoft_provides))
            .unwrap_or_else(|| "What Microsoft 365 provides for this item.".to_string()),
        props: r
            .relies_on
            .iter()
            .map(|c| Prop {
                remarks: cx.catalog.capability(c).map(|cap| cap.name.to_string()),
                ..Prop::gapwalk("relies-on", line_or(c, "unknown"))
            })
            .collect(),
        links: Vec::new(),
        implementation_status: Some(ImplementationStatus {
            state: "implemented",
            remarks: None,
        }),
        export: Some(Export {
            provided: vec![Provided {
                uuid: provided,
                description: prose(Some(&item.microsoft_provides))
                    .unwrap_or_else(|| "What Microsoft 365 provides for this item.".to_string()),
            }],
            responsibilities: if with_responsibility {
                vec![Responsibility {
                    uuid: responsibility,
                    provided_uuid: provided,
                    description: prose(Some(&item.organisation_must)).unwrap_or_else(|| {
                        "The organisation configures and runs the capability.".to_string()
                    }),
                }]
            } else {
                Vec::new()
            },
        }),
        inherited: Vec::new(),
        satisfied: Vec::new(),
        responsible_roles: vec![ResponsibleRole {
            role_id: PROVIDER,
            party_uuids: vec![cx.parties.microsoft()],
        }],
    };
    let reliance = prose(r.reliance.as_deref());
    let inherited = |fallback: &str| Inherited {
        uuid: key("inherited"),
        provided_uuid: provided,
        description: reliance
            .clone()
            .map_or_else(|| fallback.to_string(), |rel| format!("Relied on: {rel}")),
    };
    match answer {
        Answer::MicrosoftProvides => vec![
            microsoft(false),
            ByComponent {
                implementation_status: status(cx.summary.status(&item.id)),
                inherited: vec![inherited(
                    "Inherited from Microsoft 365. No reliance on a Microsoft assurance is recorded.",
                )],
                ..ours(
                    "Inherited from Microsoft 365; the organisation oversees Microsoft as a supplier."
                        .to_string(),
                )
            },
        ],
        Answer::Shared => vec![
            microsoft(true),
            ByComponent {
                implementation_status: status(cx.summary.status(&item.id)),
                inherited: vec![inherited("What Microsoft 365 provides for this item.")],
                satisfied: vec![Satisfied {
                    uuid: key("satisfied"),
                    responsibility_uuid: responsibility,
                    description: evidence_summary(&r.evidence),
                }],
                ..ours(
                    "Shared: Microsoft 365 provides the capability; the organisation configures and runs it."
                        .to_string(),
                )
            },
        ],
        Answer::WeManage => vec![ByComponent {
            implementation_status: status(cx.summary.status(&item.id)),
            ..ours(format!(
                "The organisation does this itself. {}",
                evidence_summary(&r.evidence)
            ))
        }],
        Answer::Gap => {
            let action = r.action.as_ref().filter(|a| a.done.is_none());
            let mut roles = owner.clone();
            roles.extend(cx.parties.responsible(
                ACTION_OWNER,
                action.and_then(|a| non_blank(a.owner.as_deref())),
            ));
            vec![ByComponent {
                implementation_status: Some(ImplementationStatus {
                    state: "planned",
                    remarks: Some(action_text(r)),
                }),
                responsible_roles: roles,
                ..ours("Nobody does this today: a gap.".to_string())
            }]
        }
        Answer::NotApplicable => vec![ByComponent {
            implementation_status: Some(ImplementationStatus {
                state: "not-applicable",
                remarks: None,
            }),
            ..ours(prose(r.justification.as_deref()).map_or_else(
                || "Excluded as not applicable; no justification is recorded.".to_string(),
                |j| format!("Not applicable: {j}"),
            ))
        }],
    }
}

/// `partial` (an open action) with the action, else `implemented`; with
/// what keeps it from being implemented as gapwalk counts it (no owner,
/// no evidence within the review interval, a high finding), as every
/// gapwalk document says it.
fn status_of(status: Option<&ItemStatus>, r: &ItemRecord) -> ImplementationStatus {
    match status {
        Some(s) if s.status == Status::PartiallyImplemented => ImplementationStatus {
            state: "partial",
            remarks: Some(format!("{}. {}", s.label(), action_text(r))),
        },
        Some(s) if s.status == Status::NotDemonstrated => ImplementationStatus {
            state: "implemented",
            remarks: Some(format!("{}.", s.label())),
        },
        _ => ImplementationStatus {
            state: "implemented",
            remarks: None,
        },
    }
}

/// The open action in words: what, who, by when.
fn action_text(r: &ItemRecord) -> String {
    let Some(a) = r.action.as_ref().filter(|a| a.done.is_none()) else {
        return "No action is recorded.".to_string();
    };
    let mut out = format!(
        "Action: {}",
        prose(Some(&a.what)).unwrap_or_else(|| "not described".to_string())
    );
    if let Some(o) = non_blank(a.owner.as_deref()).and_then(line) {
        out.push_str(&format!("; owner: {o}"));
    }
    if let Some(d) = a.due {
        out.push_str(&format!("; due {d}"));
    }
    out.push('.');
    out
}

fn evidence_summary(evidence: &[Evidence]) -> String {
    if evidence.is_empty() {
        return "No evidence is recorded.".to_string();
    }
    let list: Vec<String> = evidence.iter().map(evidence_words).collect();
    format!("Evidence: {}.", list.join("; "))
}

fn evidence_words(e: &Evidence) -> String {
    let mut out = line_or(&e.what, "unnamed evidence");
    if let Some(w) = e.location.as_deref().and_then(line) {
        out.push_str(&format!(", kept at {w}"));
    }
    if let Some(d) = e.date {
        out.push_str(&format!(" ({d})"));
    }
    out
}

/// One back-matter resource per evidence entry, and the links to them.
fn evidence_links(
    cx: &Context,
    item_id: &str,
    entries: &[Evidence],
    resources: &mut Vec<Resource>,
) -> Vec<Link> {
    entries
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let uuid = cx.ids.uuid(&format!("evidence/{item_id}/{}", n + 1));
            let what = line_or(&e.what, "Unnamed evidence");
            let location = e.location.as_deref().and_then(line);
            let mut props = Vec::new();
            if let Some(d) = e.date {
                props.push(Prop::gapwalk("evidence-date", d.to_string()));
            }
            if let Some(w) = &location {
                props.push(Prop::gapwalk("kept-at", w.clone()));
            }
            resources.push(Resource {
                uuid,
                title: what.clone(),
                description: Some(format!("Evidence for {item_id}: {}", evidence_words(e))),
                props,
                rlinks: location
                    .filter(|w| w.starts_with("https://") || w.starts_with("http://"))
                    .filter(|w| !w.contains(char::is_whitespace))
                    .map(|href| ResourceLink {
                        href,
                        media_type: None,
                    })
                    .into_iter()
                    .collect(),
            });
            Link {
                href: format!("#{uuid}"),
                rel: Some("evidence"),
                text: Some(what),
            }
        })
        .collect()
}
