use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;

use super::say;
use crate::assessment::{Resolution, load_assessment, resolve_conflict};
use crate::catalog::Catalog;

/// `gapwalk resolve FILE [--ours|--theirs] [N…]`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The assessment file.
    file: std::path::PathBuf,
    /// Keep what is in place.
    #[arg(long, conflicts_with = "theirs")]
    ours: bool,
    /// Take the other side's value.
    #[arg(long)]
    theirs: bool,
    /// The conflicts to settle, as listed (default: all).
    #[arg(value_name = "N")]
    numbers: Vec<usize>,
}

impl Args {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let resolution = match (self.ours, self.theirs) {
            (true, _) => Some(Resolution::KeepOurs),
            (_, true) => Some(Resolution::TakeTheirs),
            _ => None,
        };
        run(&self.file, resolution, &self.numbers)
    }
}

/// `gapwalk resolve FILE [--ours | --theirs] [N…]`: lists the merge
/// conflicts recorded in the file, or settles the numbered ones (all
/// without numbers) by keeping ours or taking theirs.
fn run(path: &Path, resolution: Option<Resolution>, numbers: &[usize]) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    let (mut file, mut a) = load_assessment(path, catalog)?;
    let Some(resolution) = resolution else {
        if a.conflicts.is_empty() {
            say(format!("{}: no merge conflicts", path.display()))?;
        } else {
            for (i, c) in a.conflicts.iter().enumerate() {
                say(format!("{:>3}. {}", i + 1, c.describe()))?;
            }
            say(format!(
                "Settle them with `gapwalk resolve {} --ours` (keep what is in place) or `--theirs` (take the other side), followed by the numbers (none: all).",
                path.display()
            ))?;
        }
        return Ok(ExitCode::SUCCESS);
    };
    let total = a.conflicts.len();
    let mut chosen: Vec<usize> = if numbers.is_empty() {
        (1..=total).collect()
    } else {
        numbers.to_vec()
    };
    if let Some(bad) = chosen.iter().find(|&&n| n == 0 || n > total) {
        bail!(
            "{}: there is no conflict {bad}; the file records {total} (`gapwalk resolve {}` lists them)",
            path.display(),
            path.display()
        );
    }
    chosen.sort_unstable();
    chosen.dedup();
    // From the last, so the numbers of the others stay valid.
    let mut settled = Vec::new();
    for &n in chosen.iter().rev() {
        match resolve_conflict(&mut a, n - 1, resolution) {
            Some(c) => settled.push(c),
            None => bail!(
                "{}: conflict {n} cannot be settled that way (its session is gone); edit the file",
                path.display()
            ),
        }
    }
    super::refuse_read_only(&file, path, "its conflicts are not settled")?;
    // Under the file's lock; a workshop's change made meanwhile is merged.
    let saved = file.save_merging(&a, catalog)?;
    let how = match resolution {
        Resolution::KeepOurs => "kept ours",
        Resolution::TakeTheirs => "took theirs",
    };
    for c in settled.iter().rev() {
        say(format!("{how}: {}", c.describe()))?;
    }
    super::say_merged(path, &saved)?;
    let remaining = saved
        .merged
        .as_ref()
        .map_or(a.conflicts.len(), |m| m.assessment.conflicts.len());
    if remaining > 0 {
        say(format!("{remaining} conflict(s) remain"))?;
    }
    Ok(ExitCode::SUCCESS)
}
