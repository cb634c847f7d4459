use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};

use super::say;
use crate::assessment::{
    Assessment, Layout, create_assessment, create_assessment_like, load_assessment,
};
use crate::catalog::Catalog;

/// `gapwalk new FILE`.
#[derive(Debug, clap::Args)]
pub struct Args {
    file: std::path::PathBuf,
    /// Start from this assessment: organisation, scope, licences,
    /// interval, answers, owners, reliance, justifications, evidence and
    /// open actions carried over; review dates, notes, follow-ups,
    /// sessions and done actions left behind, so every answered item is
    /// due for review again.
    #[arg(long, value_name = "LAST.toml")]
    from: Option<std::path::PathBuf>,
    /// The organisation assessed (with --from: a new name).
    #[arg(long, required_unless_present = "from")]
    organisation: Option<String>,
    /// What the ISMS covers.
    #[arg(long)]
    scope: Option<String>,
    /// A Microsoft 365 licence the tenant has (repeatable); `gapwalk catalog` lists the ids.
    #[arg(long = "licence", value_name = "ID")]
    licences: Vec<String>,
}

impl Args {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        run(
            &self.file,
            self.from.as_deref(),
            self.organisation,
            self.scope,
            self.licences,
        )
    }
}

fn run(
    path: &Path,
    from: Option<&Path>,
    organisation: Option<String>,
    scope: Option<String>,
    licences: Vec<String>,
) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    if path.exists() {
        bail!("{} already exists; not overwriting it", path.display());
    }
    let organisation = organisation.map(|o| o.trim().to_string());
    if organisation.as_deref().is_some_and(str::is_empty) {
        bail!("--organisation must name the organisation assessed");
    }
    check_licences(catalog, &licences)?;
    let scope = scope.filter(|s| !s.trim().is_empty());
    let Some(last_path) = from else {
        let mut a = Assessment::new(catalog.id(), organisation.as_deref().unwrap_or_default());
        a.scope = scope;
        a.licences = licences;
        a.id = Some(Assessment::new_id(
            &a.organisation,
            std::time::SystemTime::now(),
        ));
        create_assessment(path, &a, catalog)?;
        say(format!(
            "Created {} for {}: {} items to assess. Open it with `gapwalk {}`.",
            path.display(),
            a.organisation,
            catalog.items().len(),
            path.display()
        ))?;
        return Ok(ExitCode::SUCCESS);
    };

    let (last_file, last) = load_assessment(last_path, catalog)
        .with_context(|| format!("cannot start the next cycle from {}", last_path.display()))?;
    if !last.conflicts.is_empty() {
        bail!(
            "{} still records {} merge conflict(s); settle them first (`gapwalk resolve {}`)",
            last_path.display(),
            last.conflicts.len(),
            last_path.display()
        );
    }
    let mut a = last.next_cycle();
    if let Some(o) = organisation {
        a.organisation = o;
    }
    if scope.is_some() {
        a.scope = scope;
    }
    if !licences.is_empty() {
        a.licences = licences;
    }
    // The next cycle is an assessment of its own: its calendar entries do
    // not update last year's.
    a.id = Some(Assessment::new_id(
        &a.organisation,
        std::time::SystemTime::now(),
    ));
    // The next cycle keeps the last one's line ending and byte order mark.
    let layout: Layout = last_file.layout();
    create_assessment_like(path, &a, catalog, layout)?;
    let answered = a.items.values().filter(|r| r.answer.is_some()).count();
    let owned = a.items.values().filter(|r| r.owner().is_some()).count();
    let evidence: usize = a.items.values().map(|r| r.evidence.len()).sum();
    let actions = a.items.values().filter(|r| r.action.is_some()).count();
    say(format!(
        "Created {} for {} from {}: {answered} answers, {owned} owners, {evidence} evidence entries and {actions} open actions carried over.",
        path.display(),
        a.organisation,
        last_path.display(),
    ))?;
    say(format!(
        "Every answered item is due for review again: open it with `gapwalk {}` and filter \"due for review\" (f); `gapwalk diff {} {}` shows what changed.",
        path.display(),
        last_path.display(),
        path.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Every `--licence` must be one of the catalog's.
pub(super) fn check_licences(catalog: &Catalog, licences: &[String]) -> anyhow::Result<()> {
    for l in licences {
        if catalog.licence(l).is_none() {
            let known: Vec<&str> = catalog.licences().iter().map(|l| l.id.as_ref()).collect();
            bail!(
                "unknown licence \"{l}\": expected one of {}",
                known.join(", ")
            );
        }
    }
    Ok(())
}
