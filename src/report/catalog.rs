//! The built-in catalog as a workshop handout (text), JSON and TOML.

use std::fmt::{self, Write};

use serde::Serialize;

use crate::catalog::{Catalog, Text};
use crate::text::wrap;

/// The catalog as a printable workshop handout.
pub fn catalog_text(catalog: &Catalog) -> String {
    let mut out = String::new();
    handout(&mut out, catalog).map_or_else(|_| String::new(), |()| out)
}

fn handout(out: &mut String, catalog: &Catalog) -> fmt::Result {
    writeln!(
        out,
        "ISO/IEC 27001:2022 on Microsoft 365: the gapwalk catalog"
    )?;
    writeln!(out, "{}", "=".repeat(56))?;
    let mut theme = None;
    for item in catalog.items() {
        if theme != Some(item.theme) {
            theme = Some(item.theme);
            writeln!(
                out,
                "\n\n{}\n{}",
                item.theme.title(),
                "-".repeat(item.theme.title().chars().count())
            )?;
        }
        writeln!(out, "\n{}  {}", item.id, item.title)?;
        if let Some(a) = item.suggested_answer {
            writeln!(out, "    Usual answer: {}", a.label())?;
        }
        para(out, "Microsoft provides", &item.microsoft_provides)?;
        para(out, "The organisation must", &item.organisation_must)?;
        list(out, "Ask the room", &item.questions)?;
        list(out, "Evidence auditors expect", &item.evidence)?;
        if !item.capabilities.is_empty() {
            let names: Vec<String> = item
                .capabilities
                .iter()
                .filter_map(|c| catalog.capability(c))
                .map(|c| c.name.to_string())
                .collect();
            para(out, "Microsoft 365 capabilities", &names.join("; "))?;
        }
    }
    writeln!(
        out,
        "\n\nMicrosoft 365 capabilities and the licences that include them\n{}",
        "-".repeat(61)
    )?;
    for c in catalog.capabilities() {
        writeln!(out, "\n{} ({})  [{}]", c.name, c.product, c.id)?;
        para(out, "Licences", &c.licences.join(", "))?;
        if let Some(note) = &c.note {
            para(out, "Note", note)?;
        }
    }
    writeln!(out, "\n\nLicences\n--------")?;
    for l in catalog.licences() {
        write!(out, "\n{}  {}", l.id, l.name)?;
        if !l.includes.is_empty() {
            write!(out, " (includes {})", l.includes.join(", "))?;
        }
        writeln!(out)?;
        if let Some(note) = &l.note {
            para(out, "Note", note)?;
        }
    }
    Ok(())
}

fn para(out: &mut String, heading: &str, text: &str) -> fmt::Result {
    writeln!(out, "    {heading}:")?;
    for line in wrap(text, 72) {
        writeln!(out, "      {line}")?;
    }
    Ok(())
}

fn list(out: &mut String, heading: &str, entries: &[Text]) -> fmt::Result {
    writeln!(out, "    {heading}:")?;
    for e in entries {
        for (i, line) in wrap(e, 70).into_iter().enumerate() {
            let bullet = if i == 0 { "- " } else { "  " };
            writeln!(out, "      {bullet}{line}")?;
        }
    }
    Ok(())
}

/// The catalog's data as the exports serialise it.
#[derive(Serialize, schemars::JsonSchema)]
#[schemars(rename = "GapwalkCatalog")]
struct Data<'a> {
    /// The shape and its version: `gapwalk.catalog/1`.
    #[schemars(extend("const" = super::formats::CATALOG))]
    format: &'static str,
    id: &'a str,
    items: &'a [crate::catalog::Item],
    capabilities: &'a [crate::catalog::Capability],
    licences: &'a [crate::catalog::Licence],
}

impl<'a> Data<'a> {
    fn of(catalog: &'a Catalog) -> Self {
        Data {
            format: super::formats::CATALOG,
            id: catalog.id(),
            items: catalog.items(),
            capabilities: catalog.capabilities(),
            licences: catalog.licences(),
        }
    }
}

/// The catalog as JSON: items, capabilities (with every licence that
/// includes them) and licences.
pub fn catalog_json(catalog: &Catalog) -> String {
    let mut out = serde_json::to_string_pretty(&Data::of(catalog)).unwrap_or_default();
    out.push('\n');
    out
}

/// The catalog as TOML, in the shape of the built-in data files.
pub fn catalog_toml(catalog: &Catalog) -> String {
    toml::to_string(&Data::of(catalog)).unwrap_or_default()
}

/// The JSON Schema of [`catalog_json`]'s output.
pub fn catalog_schema() -> schemars::Schema {
    crate::report::formats::output_schema::<Data<'static>>()
}

/// What `gapwalk catalog --changes-since DATE --format json` writes.
#[derive(Serialize, schemars::JsonSchema)]
#[schemars(rename = "GapwalkCatalogChanges")]
pub struct ChangesJson<'a> {
    /// The shape and its version: `gapwalk.catalog-changes/1`.
    #[schemars(extend("const" = super::formats::CATALOG_CHANGES))]
    format: &'static str,
    since: chrono::NaiveDate,
    changes: &'a [crate::catalog::CatalogChange<'a>],
}

/// The changes as JSON: `{"format", "since", "changes": [{"date",
/// "subject", "id", "name", "what", "source", "items"}]}`.
pub fn changes_json(since: chrono::NaiveDate, changes: &[crate::catalog::CatalogChange]) -> String {
    let mut out = serde_json::to_string_pretty(&ChangesJson {
        format: super::formats::CATALOG_CHANGES,
        since,
        changes,
    })
    .unwrap_or_default();
    out.push('\n');
    out
}

/// The JSON Schema of [`changes_json`]'s output.
pub fn changes_schema() -> schemars::Schema {
    crate::report::formats::output_schema::<ChangesJson<'static>>()
}
