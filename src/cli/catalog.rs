//! `gapwalk catalog`: the built-in catalog as a handout, JSON or TOML, or
//! with `--changes-since DATE` what changed in it after that date, so a
//! consultant can prepare the walk that re-confirms those items.

use std::fmt::Write as _;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::CatalogFormat;
use crate::catalog::{Catalog, CatalogChange, ChangeSubject};
use crate::report::{catalog_json, catalog_text, catalog_toml, changes_json};

pub fn run(format: CatalogFormat, changes_since: Option<NaiveDate>) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    let out = match (changes_since, format) {
        (None, CatalogFormat::Text) => catalog_text(catalog),
        (None, CatalogFormat::Json) => catalog_json(catalog),
        (None, CatalogFormat::Toml) => catalog_toml(catalog),
        (Some(since), CatalogFormat::Text) => changes_text(since, &catalog.changes_since(since)),
        (Some(since), CatalogFormat::Json) => changes_json(since, &catalog.changes_since(since)),
        (Some(_), CatalogFormat::Toml) => anyhow::bail!(
            "--changes-since lists changes as text or json, not toml (use --format text or --format json)"
        ),
    };
    super::print(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn subject(s: ChangeSubject) -> &'static str {
    match s {
        ChangeSubject::Item => "guidance",
        ChangeSubject::Capability => "capability",
        ChangeSubject::Licence => "licence",
    }
}

/// The changes as a list a consultant reads before the re-confirmation walk.
pub(crate) fn changes_text(since: NaiveDate, changes: &[CatalogChange]) -> String {
    let mut out = String::new();
    let title = format!("gapwalk catalog: what changed after {since}");
    let _ = writeln!(out, "{title}\n{}", "=".repeat(title.chars().count()));
    if changes.is_empty() {
        let _ = writeln!(out, "\nNothing changed in the catalog after {since}.");
        return out;
    }
    let mut items: Vec<&str> = changes
        .iter()
        .flat_map(|c| c.items.iter().copied())
        .collect();
    let order = |id: &str| Catalog::builtin().position(id).unwrap_or(usize::MAX);
    items.sort_by_key(|id| order(id));
    items.dedup();
    let _ = writeln!(
        out,
        "\n{} changes; items to look at again with the room ({}):",
        changes.len(),
        items.len()
    );
    for line in crate::report::wrap(&items.join(", "), 72) {
        let _ = writeln!(out, "  {line}");
    }
    for c in changes {
        let _ = match c.subject {
            ChangeSubject::Item => writeln!(out, "\n{}  {}  {} (guidance)", c.date, c.id, c.name),
            s => writeln!(out, "\n{}  {} [{}] ({})", c.date, c.name, c.id, subject(s)),
        };
        for line in crate::report::wrap(c.what, 72) {
            let _ = writeln!(out, "    {line}");
        }
        let _ = writeln!(out, "    Source: {}", c.source);
        match c.subject {
            ChangeSubject::Capability if !c.items.is_empty() => {
                let listed = format!("Items that list it: {}", c.items.join(", "));
                for line in crate::report::wrap(&listed, 72) {
                    let _ = writeln!(out, "    {line}");
                }
            }
            ChangeSubject::Licence => {
                let _ = writeln!(out, "    Check whether the tenant holds this licence.");
            }
            _ => {}
        }
    }
    let _ = writeln!(out);
    let how = "In an assessment, `gapwalk report FILE` lists each answered item reviewed before one of these changes as platform-changed; marking the item reviewed (r in the workshop) clears it.";
    for line in crate::report::wrap(how, 76) {
        let _ = writeln!(out, "{line}");
    }
    out
}
