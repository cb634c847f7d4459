use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use super::tell;
use crate::assessment::{Assessment, load_assessment, merge};
use crate::catalog::Catalog;

/// `gapwalk merge BASE OURS THEIRS [NAME]`, git's merge driver.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The common ancestor (%O); empty if there is none.
    base: std::path::PathBuf,
    /// Our version (%A); the merge is written here.
    ours: std::path::PathBuf,
    /// Their version (%B).
    theirs: std::path::PathBuf,
    /// The file's name in the repository, for messages (%P).
    name: Option<String>,
}

impl Args {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        run(&self.base, &self.ours, &self.theirs, self.name.as_deref())
    }
}

/// `gapwalk merge BASE OURS THEIRS [NAME]`, git's merge driver (`%O %A %B
/// %P`): merges field by field into OURS. Exit 0 merged cleanly, 1
/// conflicts recorded in the file, 2 nothing written (a side is not a valid
/// assessment, or the write failed).
fn run(base: &Path, ours: &Path, theirs: &Path, name: Option<&str>) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    let name = name.map_or_else(|| ours.display().to_string(), str::to_string);
    let base_a = load_base(base, catalog).with_context(|| {
        format!("cannot merge {name}: the common ancestor is not a valid assessment")
    })?;
    let (mut file, ours_a) = load_assessment(ours, catalog).with_context(|| {
        format!("cannot merge {name}: our version is not a valid assessment; it is left as it is")
    })?;
    let (_, theirs_a) = load_assessment(theirs, catalog).with_context(|| {
        format!(
            "cannot merge {name}: their version is not a valid assessment; ours is left as it is"
        )
    })?;
    if file.read_only() {
        anyhow::bail!(
            "cannot merge {name}: our version is read-only (it has no write permission); it is left as it is"
        );
    }
    let merged = merge(&base_a, &ours_a, &theirs_a);
    // Under the file's lock; the file keeps its line ending.
    file.save(&merged.assessment, catalog)
        .with_context(|| format!("cannot write the merge of {name}"))?;
    if merged.conflicts.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let n = merged.conflicts.len();
    tell(format!(
        "gapwalk merge: {name}: {n} conflict{} recorded in the file's [[conflicts]] (ours is in place):",
        if n == 1 { "" } else { "s" }
    ));
    for c in &merged.conflicts {
        tell(format!("  {}", c.describe()));
    }
    tell(format!(
        "Resolve them in the workshop (they are high findings in the summary) or with `gapwalk resolve {name}`, then `git add {name}`."
    ));
    Ok(ExitCode::from(super::EXIT_FAILED))
}

/// The common ancestor; git gives an empty file when there is none.
fn load_base(path: &Path, catalog: &Catalog) -> anyhow::Result<Assessment> {
    let text = super::diff::read(path)?;
    super::diff::parse_side(&text, &path.display().to_string(), catalog)
}
