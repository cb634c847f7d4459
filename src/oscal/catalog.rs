//! The catalog (the 123 items in gapwalk's groups, with our own guidance
//! as parts) and the profile that selects all of it.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::types::{BackMatter, Empty, Metadata, Prop};
use super::{Context, Model, line, prose};
use crate::catalog::{Catalog, Item, Theme};

/// An item's id as an OSCAL control id (a token, which may not start with
/// a digit): Annex A controls lower-cased (`A.5.1` → `a.5.1`), clauses
/// prefixed (`6.1.3` → `clause-6.1.3`). The item's own id is kept as the
/// control's `label`.
pub fn control_id(item_id: &str) -> String {
    let id: String = item_id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if id.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        id
    } else {
        format!("clause-{id}")
    }
}

/// The id of the control's statement part (what the organisation must
/// do), which findings target.
pub(crate) fn statement_id(item_id: &str) -> String {
    format!("{}_smt", control_id(item_id))
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct CatalogDoc {
    uuid: Uuid,
    metadata: Metadata,
    groups: Vec<Group>,
}

#[derive(Serialize)]
struct Group {
    id: &'static str,
    title: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    props: Vec<Prop>,
    controls: Vec<Control>,
}

#[derive(Serialize)]
struct Control {
    id: String,
    class: &'static str,
    title: String,
    props: Vec<Prop>,
    parts: Vec<Part>,
}

#[derive(Serialize)]
struct Part {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    props: Vec<Prop>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prose: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    parts: Vec<Part>,
}

/// The date the catalog's facts were last checked or changed: the
/// catalog's version, so the catalog and profile depend on the build only.
fn catalog_date(catalog: &Catalog) -> NaiveDate {
    let caps = catalog
        .capabilities()
        .iter()
        .flat_map(|c| std::iter::once(c.verified).chain(c.changes.iter().map(|ch| ch.date)));
    let licences = catalog
        .licences()
        .iter()
        .flat_map(|l| std::iter::once(l.verified).chain(l.changes.iter().map(|ch| ch.date)));
    let items = catalog
        .items()
        .iter()
        .flat_map(|i| i.changes.iter().map(|ch| ch.date));
    caps.chain(licences)
        .chain(items)
        .max()
        .unwrap_or(NaiveDate::MIN)
}

pub(crate) fn catalog(cx: &Context) -> CatalogDoc {
    let date = catalog_date(cx.catalog);
    let mut metadata = cx.metadata(
        Model::Catalog,
        date,
        "ISO/IEC 27001:2022 on Microsoft 365: the gapwalk catalog".to_string(),
    );
    metadata.props = vec![Prop::gapwalk("catalog", cx.catalog.id())];
    metadata.remarks = Some(format!(
        "The management-system requirements of clauses 4–10 and the 93 Annex A controls, with the standard's numbers and short titles. Everything else is gapwalk's own guidance for Microsoft 365, in its own words, not the text of the standard. Written by gapwalk {}.",
        env!("CARGO_PKG_VERSION")
    ));
    let groups = Theme::ALL
        .iter()
        .map(|&theme| Group {
            id: theme.as_str(),
            title: theme.title(),
            props: vec![Prop::oscal("label", theme.label())],
            controls: cx
                .catalog
                .items()
                .iter()
                .filter(|i| i.theme == theme)
                .map(|i| control(cx, i))
                .collect(),
        })
        .filter(|g| !g.controls.is_empty())
        .collect();
    CatalogDoc {
        uuid: cx.document_uuid(Model::Catalog, date),
        metadata,
        groups,
    }
}

fn control(cx: &Context, item: &Item) -> Control {
    let id = control_id(&item.id);
    let mut props = vec![
        Prop::oscal("label", item.id.to_string()),
        Prop::oscal("sort-id", sort_id(cx.catalog, item)),
    ];
    if let Some(a) = item.suggested_answer {
        props.push(Prop::gapwalk("usual-answer", a.as_str()));
    }
    for c in item.capabilities.iter() {
        props.push(Prop {
            remarks: cx.catalog.capability(c).map(|cap| cap.name.to_string()),
            ..Prop::gapwalk("capability", c.to_string())
        });
    }
    let mut parts = Vec::new();
    let mut push = |part: Option<Part>| parts.extend(part);
    push(prose(Some(&item.organisation_must)).map(|p| Part {
        id: Some(format!("{id}_smt")),
        name: "statement",
        title: Some("What the organisation must do"),
        props: Vec::new(),
        prose: Some(p),
        parts: Vec::new(),
    }));
    push(prose(Some(&item.microsoft_provides)).map(|p| Part {
        id: Some(format!("{id}_gdn")),
        name: "guidance",
        title: Some("What Microsoft provides for Microsoft 365"),
        props: Vec::new(),
        prose: Some(p),
        parts: Vec::new(),
    }));
    push(list_part(
        &id,
        "questions",
        "Questions for the room",
        "INTERVIEW",
        &item.questions,
    ));
    push(list_part(
        &id,
        "evidence",
        "Evidence an auditor expects",
        "EXAMINE",
        &item.evidence,
    ));
    Control {
        class: match item.kind {
            crate::catalog::ItemKind::Clause => "requirement",
            crate::catalog::ItemKind::Control => "control",
        },
        title: line(&item.title).unwrap_or_else(|| item.id.to_string()),
        id,
        props,
        parts,
    }
}

/// An assessment-method part listing questions or evidence, one item part
/// each.
fn list_part(
    control: &str,
    suffix: &str,
    title: &'static str,
    method: &str,
    entries: &[crate::catalog::Text],
) -> Option<Part> {
    let parts: Vec<Part> = entries
        .iter()
        .filter_map(|e| prose(Some(e)))
        .enumerate()
        .map(|(n, p)| Part {
            id: Some(format!("{control}_{suffix}.{}", n + 1)),
            name: "item",
            title: None,
            props: Vec::new(),
            prose: Some(p),
            parts: Vec::new(),
        })
        .collect();
    (!parts.is_empty()).then(|| Part {
        id: Some(format!("{control}_{suffix}")),
        name: "assessment-method",
        title: Some(title),
        props: vec![Prop::oscal("method", method)],
        prose: None,
        parts,
    })
}

/// The catalog position, zero-padded so that it sorts as the catalog does.
fn sort_id(catalog: &Catalog, item: &Item) -> String {
    format!("{:03}", catalog.position(&item.id).unwrap_or(0) + 1)
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct ProfileDoc {
    uuid: Uuid,
    metadata: Metadata,
    imports: Vec<Import>,
    merge: Merge,
    back_matter: BackMatter,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Import {
    href: String,
    include_all: Empty,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Merge {
    as_is: bool,
}

pub(crate) fn profile(cx: &Context) -> ProfileDoc {
    let date = catalog_date(cx.catalog);
    let mut metadata = cx.metadata(
        Model::Profile,
        date,
        "ISO/IEC 27001:2022 on Microsoft 365: every item of the gapwalk catalog".to_string(),
    );
    metadata.remarks = Some(
        "Selects every item: the clauses 4–10 requirements can never be excluded, and the system security plan says for each Annex A control whether it applies and why."
            .to_string(),
    );
    ProfileDoc {
        uuid: cx.document_uuid(Model::Profile, date),
        metadata,
        imports: vec![Import {
            href: cx.ids.document_href(Model::Catalog),
            include_all: Empty {},
        }],
        merge: Merge { as_is: true },
        back_matter: BackMatter {
            resources: vec![cx.ids.document_resource(Model::Catalog)],
        },
    }
}
