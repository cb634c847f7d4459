//! `gapwalk import-scan FILE RESULT… [--tool …] [--new-tenant]`: records
//! Maester, ScubaGear or Prowler results in an assessment as dated
//! evidence about the tenant's configuration.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use chrono::NaiveDate;

use super::{say, tell};
use crate::analysis::{FindingKind, findings};
use crate::assessment::load_assessment;
use crate::catalog::{Catalog, CheckRegistry, ScanTool};
use crate::scan::{
    Imported, MAX_FILE_BYTES, Outcome, ScanResult, parse_scan, record_scan, sha256_hex,
};

/// One result file, read.
struct Input {
    name: String,
    file_name: String,
    sha256: String,
    scan: ScanResult,
}

/// `gapwalk import-scan FILE RESULT… [--tool …] [--new-tenant]`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The assessment file.
    file: std::path::PathBuf,
    /// Result files: Maester's test-results.json, ScubaGear's
    /// ScubaResults*.json, Prowler's OCSF JSON or CSV.
    #[arg(required = true, value_name = "RESULT")]
    results: Vec<std::path::PathBuf>,
    /// The tool that wrote the results (default: recognised from the content).
    #[arg(long, value_enum)]
    tool: Option<ToolArg>,
    /// Accept results from another tenant than the earlier scans; the
    /// items then show only the new tenant's results.
    #[arg(long)]
    new_tenant: bool,
    /// The date recorded as the import date, and findings are judged on (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<NaiveDate>,
}

/// The tools, as the command line names them.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ToolArg {
    Maester,
    Scubagear,
    Prowler,
}

impl From<ToolArg> for ScanTool {
    fn from(t: ToolArg) -> Self {
        match t {
            ToolArg::Maester => ScanTool::Maester,
            ToolArg::Scubagear => ScanTool::Scubagear,
            ToolArg::Prowler => ScanTool::Prowler,
        }
    }
}

impl Args {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        run(
            &self.file,
            &self.results,
            self.tool.map(Into::into),
            self.new_tenant,
            self.as_of,
        )
    }
}

fn run(
    path: &Path,
    results: &[std::path::PathBuf],
    tool: Option<ScanTool>,
    new_tenant: bool,
    as_of: Option<NaiveDate>,
) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    let registry = CheckRegistry::builtin();
    // Every result is read before anything is recorded: one bad file and
    // the assessment is left as it is.
    let mut inputs = Vec::with_capacity(results.len());
    for result in results {
        inputs.push(read(result, tool)?);
    }
    let (mut file, mut a) = load_assessment(path, catalog)?;
    super::refuse_read_only(&file, path, "no scan is recorded")?;
    let before = findings(catalog, &a, as_of.unwrap_or_else(super::today));
    let imported = as_of.unwrap_or_else(super::today);
    let mut recorded = 0;
    for input in &inputs {
        for w in &input.scan.warnings {
            tell(format!("gapwalk: warning: {}: {w}", input.name));
        }
        let outcome = record_scan(
            &mut a,
            catalog,
            registry,
            &input.scan,
            &input.file_name,
            &input.sha256,
            imported,
            new_tenant,
        )
        .with_context(|| format!("{}: not recorded, nothing was written", input.name))?;
        report(input, &outcome)?;
        recorded += usize::from(matches!(outcome, Imported::Recorded(_)));
    }
    if recorded == 0 {
        say(format!(
            "{}: nothing new to record; the file is unchanged",
            path.display()
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    // Under the file's lock; a workshop's change made meanwhile is merged.
    let saved = file.save_merging(&a, catalog)?;
    let after_model = saved.merged.as_ref().map_or(&a, |m| &m.assessment);
    let after = findings(catalog, after_model, imported);
    let count =
        |list: &[crate::analysis::Finding], kind| list.iter().filter(|f| f.kind == kind).count();
    say(format!(
        "Recorded {recorded} scan{} in {}: {} contradicted by a scan (high), {} with drift since the previous scan (medium){}.",
        if recorded == 1 { "" } else { "s" },
        path.display(),
        items(count(&after, FindingKind::ContradictedByScan)),
        items(count(&after, FindingKind::ScanDrift)),
        match count(&after, FindingKind::ContradictedByScan) as isize
            - count(&before, FindingKind::ContradictedByScan) as isize
        {
            0 => String::new(),
            n => format!(" ({n:+} contradicted)"),
        }
    ))?;
    super::say_merged(path, &saved)?;
    say(format!(
        "`gapwalk report {}` lists them; in the workshop, filter \"contradicted by a scan\".",
        path.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn items(n: usize) -> String {
    format!("{n} item{}", if n == 1 { "" } else { "s" })
}

fn read(result: &Path, tool: Option<ScanTool>) -> anyhow::Result<Input> {
    let name = result.display().to_string();
    let meta = std::fs::metadata(result).with_context(|| name.clone())?;
    if meta.len() > MAX_FILE_BYTES {
        bail!(
            "{name}: {} bytes is more than a scan result file can be ({} MB at most)",
            meta.len(),
            MAX_FILE_BYTES / 1024 / 1024
        );
    }
    let bytes = std::fs::read(result).with_context(|| name.clone())?;
    let scan = parse_scan(&name, &bytes, tool)?;
    let file_name = result
        .file_name()
        .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
    Ok(Input {
        name,
        file_name,
        sha256: sha256_hex(&bytes),
        scan,
    })
}

/// What one result said, for the consultant.
fn report(input: &Input, outcome: &Imported) -> anyhow::Result<()> {
    let s = &input.scan;
    let version = s
        .tool_version
        .as_deref()
        .map_or_else(String::new, |v| format!(" {v}"));
    let tenant = s.tenant.as_deref().unwrap_or("(no tenant id)");
    say(format!(
        "{}: {}{version}, tenant {tenant}, ran {}",
        input.name,
        s.tool.label(),
        s.ran.format("%Y-%m-%d %H:%M UTC")
    ))?;
    let r = match outcome {
        Imported::AlreadyThere { id } => {
            return say(format!("  already recorded as {id}: nothing changed"));
        }
        Imported::Recorded(r) => r,
    };
    say(format!(
        "  {} checks: {} passed, {} failed, {} neither (skipped, not applicable, manual, warning, error)",
        s.checks.len(),
        s.count(Outcome::Passed),
        s.count(Outcome::Failed),
        s.count(Outcome::Neither)
    ))?;
    let failing: Vec<&str> = r
        .observations
        .items
        .iter()
        .filter(|o| o.failed > 0)
        .map(|o| o.item.as_str())
        .collect();
    say(format!(
        "  {} map to {} Annex A controls; failing checks touch {}{}",
        r.observations.mapped,
        r.observations.items.len(),
        items(failing.len()),
        if failing.is_empty() {
            String::new()
        } else {
            format!(": {}", failing.join(", "))
        }
    ))?;
    if !r.latest {
        say(
            "  an earlier scan than the one the items show: kept on record, the items are unchanged",
        )?;
    }
    if let Some(previous) = &r.previous {
        match r.drifted.len() {
            0 => say(format!("  no check that passed in {previous} fails now"))?,
            n => say(format!(
                "  {n} check{} passed in {previous} and fail{} now: {}",
                if n == 1 { "" } else { "s" },
                if n == 1 { "s" } else { "" },
                r.drifted.join(", ")
            ))?,
        }
    }
    if !r.observations.unmapped.is_empty() {
        say(format!(
            "  {} unmapped (they concern no catalog capability, and are recorded as such): {}",
            r.observations.unmapped.len(),
            r.observations.unmapped.join(", ")
        ))?;
    }
    say(format!("  recorded as {}", r.id))
}
