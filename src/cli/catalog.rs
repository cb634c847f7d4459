//! `gapwalk catalog`: the built-in catalog as a handout, JSON or TOML, or
//! with `--changes-since DATE` what changed in it after that date, so a
//! consultant can prepare the walk that re-confirms those items.

use std::fmt::Write as _;
use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;

use crate::catalog::{Catalog, CatalogChange, ChangeSubject, CheckRegistry, ScanTool};
use crate::report::{catalog_json, catalog_text, catalog_toml, changes_json};

/// `gapwalk catalog`: the built-in catalog.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t = CatalogFormat::Text)]
    format: CatalogFormat,
    /// List only what changed in the catalog after this date (text or json).
    #[arg(long, value_name = "YYYY-MM-DD")]
    changes_since: Option<NaiveDate>,
}

/// How the catalog is printed: a handout, or data.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CatalogFormat {
    Text,
    Json,
    Toml,
}

impl Args {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        run(self.format, self.changes_since)
    }
}

fn run(format: CatalogFormat, changes_since: Option<NaiveDate>) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    let checks = CheckRegistry::builtin();
    let out = match (changes_since, format) {
        (None, CatalogFormat::Text) => catalog_text(catalog) + &checks_text(catalog, checks),
        (None, CatalogFormat::Json) => with_checks_json(&catalog_json(catalog), catalog, checks),
        (None, CatalogFormat::Toml) => catalog_toml(catalog) + &checks_toml(checks),
        (Some(since), CatalogFormat::Text) => changes_text(since, &catalog.changes_since(since)),
        (Some(since), CatalogFormat::Json) => changes_json(since, &catalog.changes_since(since)),
        (Some(_), CatalogFormat::Toml) => anyhow::bail!(
            "--changes-since lists changes as text or json, not toml (use --format text or --format json)"
        ),
    };
    super::print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The check registry as a handout section: per topic what its checks look
/// at, the capabilities they test, the controls those lead to and each
/// tool's check ids.
pub(crate) fn checks_text(catalog: &Catalog, registry: &CheckRegistry) -> String {
    let mut out = String::new();
    let title = "Checks from tenant scanners (Maester, ScubaGear, Prowler)";
    let _ = writeln!(out, "\n\n{title}\n{}", "-".repeat(title.chars().count()));
    let intro = "`gapwalk import-scan` maps each check of a result to a topic below (an id ending in * is a prefix), the topic to the capabilities it tests, and those to the Annex A controls that list them. A scan is evidence about configuration: it never answers an item and never counts for clauses 4–10. Checks no topic names are listed as unmapped.";
    for line in crate::report::wrap(intro, 76) {
        let _ = writeln!(out, "{line}");
    }
    for (i, m) in registry.mappings().iter().enumerate() {
        let _ = writeln!(out, "\n{}", m.id);
        for line in crate::report::wrap(&m.what, 72) {
            let _ = writeln!(out, "    {line}");
        }
        let names: Vec<&str> = m
            .capabilities
            .iter()
            .map(|c| {
                catalog
                    .capability(c)
                    .map_or(c.as_ref(), |c| c.name.as_ref())
            })
            .collect();
        let controls: Vec<&str> = registry
            .items(i)
            .iter()
            .filter_map(|&p| catalog.items().get(p))
            .map(|item| item.id.as_ref())
            .collect();
        let mut rows = vec![
            format!("Capabilities: {}", names.join("; ")),
            format!("Controls: {}", controls.join(", ")),
        ];
        for tool in [ScanTool::Scubagear, ScanTool::Maester, ScanTool::Prowler] {
            let patterns = m.patterns(tool);
            if !patterns.is_empty() {
                let ids: Vec<&str> = patterns.iter().map(|p| p.as_ref()).collect();
                rows.push(format!("{}: {}", tool.label(), ids.join(", ")));
            }
        }
        for row in rows {
            for (n, line) in crate::report::wrap(&row, 72).into_iter().enumerate() {
                let indent = if n == 0 { "    " } else { "        " };
                let _ = writeln!(out, "{indent}{line}");
            }
        }
    }
    out
}

/// The catalog's JSON with the registry added as `checks`: one entry per
/// topic with its id, what, capabilities, the controls they lead to and
/// each tool's check ids.
fn with_checks_json(catalog_json: &str, catalog: &Catalog, registry: &CheckRegistry) -> String {
    #[derive(Serialize)]
    struct Topic<'a> {
        #[serde(flatten)]
        mapping: &'a crate::catalog::CheckMapping,
        controls: Vec<&'a str>,
    }
    let topics: Vec<Topic> = registry
        .mappings()
        .iter()
        .enumerate()
        .map(|(i, mapping)| Topic {
            mapping,
            controls: registry
                .items(i)
                .iter()
                .filter_map(|&p| catalog.items().get(p))
                .map(|item| item.id.as_ref())
                .collect(),
        })
        .collect();
    // Added as the last key of the catalog's object, which stays byte
    // for byte what it was.
    let body = catalog_json.trim_end();
    let Some(open) = body.strip_suffix('}') else {
        return catalog_json.to_string();
    };
    let list = serde_json::to_string_pretty(&topics).unwrap_or_default();
    format!(
        "{},\n  \"checks\": {}\n}}\n",
        open.trim_end(),
        list.replace('\n', "\n  ")
    )
}

/// The registry as TOML, in the shape of checks.toml.
fn checks_toml(registry: &CheckRegistry) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        checks: &'a [crate::catalog::CheckMapping],
    }
    let body = toml::to_string(&Out {
        checks: registry.mappings(),
    })
    .unwrap_or_default();
    format!("\n{body}")
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
