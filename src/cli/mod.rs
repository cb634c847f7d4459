//! The command line: one file per subcommand. Exit codes: 0 success; 1 the
//! check failed (invalid file for `validate`, findings for `report
//! --fail-on`); 2 the job could not be done (usage, unreadable or invalid
//! input, refused write).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod account;
mod catalog;
mod choice;
mod diff;
mod export;
mod fmt;
mod import;
mod import_risks;
mod log;
mod merge;
mod new;
mod open;
mod oscal;
mod plan;
mod report;
mod resolve;
mod scan;
mod schema;
mod soa;
mod validate;

/// ISO/IEC 27001:2022 gap-assessment workshops on Microsoft 365.
#[derive(Debug, Parser)]
#[command(name = "gapwalk", version, about, long_about = None)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Assessment file to open in the workshop UI (without one: the start
    /// screen, listing ./assessments/ and recent files).
    pub file: Option<PathBuf>,
    /// Theme: dark, light, high-contrast, or a theme file.
    #[arg(long, value_name = "NAME|PATH")]
    pub theme: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands; each file of `cli` owns its arguments and what it does.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open an assessment in the workshop UI.
    Open(open::Args),
    /// Print the built-in catalog: items, Microsoft 365 capabilities, licences.
    Catalog(catalog::Args),
    /// Check assessment files; print every problem as path:line:col: message.
    Validate(validate::Args),
    /// Create a new assessment file (never overwrites one); with --from,
    /// the next review cycle.
    New(new::Args),
    /// The gap report: governance findings, charts, the clauses 4–10
    /// picture, the reliance register and every item.
    Report(report::Args),
    /// The Statement of Applicability: every Annex A control, applicable
    /// or not and why, and how far it is implemented. Warns (on standard
    /// error) about what an auditor would send back.
    Soa(soa::Args),
    /// What changed between two versions of an assessment, item by item.
    ///
    /// Answers, owners, evidence, actions, reviews, gaps opened and closed,
    /// findings opened and resolved, summary first. Each side is a file or
    /// REV:PATH, read from git (HEAD~1:assessments/example.toml).
    Diff(diff::Args),
    /// Merge two people's changes field by field (git's merge driver).
    ///
    /// Configured as `gapwalk merge %O %A %B %P`. The result is written to
    /// OURS. Where both changed a field differently, ours stays and a
    /// [[conflicts]] entry in the file records theirs (exit 1).
    Merge(merge::Args),
    /// List the merge conflicts recorded in a file, or settle them.
    Resolve(resolve::Args),
    /// Rewrite assessment files in canonical layout, keeping comments.
    ///
    /// Items in catalog order, fields in the order of the file format,
    /// standard tables, one blank line between them.
    Fmt(fmt::Args),
    /// The commits that changed an assessment file, with what each changed.
    ///
    /// Newest first, following renames, merges included (against their
    /// first parent); findings as of each commit's date.
    Log(log::Args),
    /// Record tenant scan results (Maester, ScubaGear, Prowler) as dated
    /// evidence: what the tenant's configuration shows, beside what the
    /// room said.
    ///
    /// The format is recognised from the content (--tool says which). Each
    /// result becomes a [[scans]] entry (tool, version, tenant, when it
    /// ran, file name, SHA-256) and a compact summary on every Annex A
    /// control its checks map to. Importing the same result again changes
    /// nothing. A result from another tenant than the earlier scans is
    /// refused unless --new-tenant.
    ImportScan(scan::Args),
    /// The remediation plan: every high finding with its action (or the
    /// need for one), overdue first, then by priority and due date.
    Plan(plan::Args),
    /// Write an OSCAL 1.1.2 JSON document: the catalog, the profile, the
    /// system security plan, the assessment results or the POA&M.
    ///
    /// The five documents form a set that links by file name: write them
    /// into one folder as catalog.json, profile.json, ssp.json,
    /// assessment-results.json and poam.json.
    Oscal(oscal::OscalArgs),
    /// Print the JSON Schema (2020-12) of a JSON output: report, diff, log,
    /// catalog or catalog-changes.
    Schema(schema::SchemaArgs),
    /// Start a new assessment from an existing Statement of Applicability
    /// (CSV or a workbook: XLSX, XLSM, XLS, ODS); never overwrites a file.
    ///
    /// Finds the sheet, the header row and the columns by the names people
    /// use; maps status words conservatively (never to "Microsoft
    /// provides"); carries justifications, reasons for inclusion, owners and
    /// evidence text; leaves every item unreviewed for the room to confirm.
    /// Prints what it used and what it skipped.
    Import(import::ImportArgs),
    /// Add the risks of a register in a spreadsheet (CSV or a workbook:
    /// XLSX, XLSM, XLS, ODS) to an assessment's [[risks]].
    ///
    /// Finds the sheet and its header row by the column names (id or
    /// number, risk or event, owner, probability or likelihood, impact,
    /// score, treatment decision, controls, residual rating, acceptance,
    /// review). Levels are read as words or numbers of the assessment's
    /// risk scale; scores are checked, not stored; control ids may leave out
    /// "A.". Prints which column went where, each risk added or skipped and
    /// why, and every value it could not read. A risk whose id the file has
    /// is kept unless --replace. On any error the file is left as it was.
    ImportRisks(import_risks::Args),
}

impl Command {
    fn run(self, theme: Option<String>) -> anyhow::Result<ExitCode> {
        match self {
            Command::Open(a) => open::Args {
                theme: a.theme.or(theme),
                ..a
            }
            .run(),
            Command::Catalog(a) => a.run(),
            Command::Validate(a) => a.run(),
            Command::New(a) => a.run(),
            Command::Report(a) => a.run(),
            Command::Soa(a) => a.run(),
            Command::Diff(a) => a.run(),
            Command::Merge(a) => a.run(),
            Command::Resolve(a) => a.run(),
            Command::Fmt(a) => a.run(),
            Command::Log(a) => a.run(),
            Command::Plan(a) => a.run(),
            Command::Oscal(a) => oscal::run(a),
            Command::Schema(a) => schema::run(a),
            Command::Import(a) => import::run(a),
            Command::ImportScan(a) => a.run(),
            Command::ImportRisks(a) => a.run(),
        }
    }
}

/// The check a command made failed (exit 1), as opposed to an error (exit 2).
pub const EXIT_FAILED: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                e.exit();
            }
            // A file name on the command line can hold escape sequences:
            // clap's message quotes it, so it goes through the sanitiser
            // (as plain text, without clap's colours).
            eprint!("{}", crate::text::escape_terminal(&e.render().to_string()));
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let result = match cli.command {
        Some(command) => command.run(cli.theme),
        None => open::run(cli.file, cli.theme),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            tell(format!("gapwalk: {}", error_text(&e)));
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// An error and its causes, `outer: inner`, each said once: a cause whose
/// text the message already holds (an OS error quoted by its context) is
/// not repeated.
pub(crate) fn error_text(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.is_empty() {
            out = text;
        } else if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
    }
    out
}

/// Prints a message line to standard output through the sanitiser
/// ([`crate::text::escape_terminal`]): file names, keys and values in it
/// cannot reach the terminal as control sequences.
pub(crate) fn say(line: impl AsRef<str>) -> anyhow::Result<()> {
    let mut s = crate::text::escape_terminal(line.as_ref()).into_owned();
    s.push('\n');
    print(&s)
}

/// Refuses to change a file with no write permission: "PATH is read-only
/// (it has no write permission): {nothing}" ("no scan is recorded").
pub(crate) fn refuse_read_only(
    file: &crate::assessment::AssessmentFile,
    path: &std::path::Path,
    nothing: &str,
) -> anyhow::Result<()> {
    if file.read_only() {
        anyhow::bail!(
            "{} is read-only (it has no write permission): {nothing}",
            crate::text::escape_path(path)
        );
    }
    Ok(())
}

/// Says what a save merged in: another program's changes made meanwhile,
/// and the conflicts that merge recorded.
pub(crate) fn say_merged(
    path: &std::path::Path,
    saved: &crate::assessment::Saved,
) -> anyhow::Result<()> {
    if let Some(m) = &saved.merged {
        say(format!(
            "{} was changed meanwhile (a workshop?): its changes were merged in",
            crate::text::escape_path(path)
        ))?;
        for c in &m.conflicts {
            say(format!("  new conflict: {}", c.describe()))?;
        }
    }
    Ok(())
}

/// Prints a message line to standard error through the sanitiser.
pub(crate) fn tell(line: impl AsRef<str>) {
    eprintln!("{}", crate::text::escape_terminal(line.as_ref()));
}

/// Today in the user's time zone.
pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Fails early (before any warning is printed) when `-o` names the
/// assessment file itself; `write_export` checks again when it writes.
pub(crate) fn check_output(
    output: Option<&std::path::Path>,
    assessment: &std::path::Path,
) -> anyhow::Result<()> {
    match output {
        Some(path) if crate::report::is_same_file(path, assessment) => {
            Err(crate::report::ExportError::WouldOverwriteAssessment {
                path: path.to_path_buf(),
            }
            .into())
        }
        _ => Ok(()),
    }
}

/// Prints an export's warnings to standard error.
pub(crate) fn warn(warnings: &[String]) {
    for w in warnings {
        tell(format!("gapwalk: warning: {w}"));
    }
}

/// Writes an export to `-o PATH` (atomically, never over the assessment)
/// or to standard output. A binary format is not sent to a terminal.
pub(crate) fn emit(
    bytes: &[u8],
    format: crate::report::ExportFormat,
    output: Option<&std::path::Path>,
    assessment: &std::path::Path,
) -> anyhow::Result<()> {
    use std::io::{IsTerminal, Write};
    match output {
        Some(path) => {
            crate::report::write_export(path, bytes, assessment)?;
            tell(format!("gapwalk: wrote {}", path.display()));
            Ok(())
        }
        None => {
            let mut out = std::io::stdout().lock();
            if !format.is_text() && out.is_terminal() {
                anyhow::bail!(
                    "{} is a binary format: write it to a file with -o PATH",
                    format.label()
                );
            }
            match out.write_all(bytes).and_then(|()| out.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => Ok(r?),
            }
        }
    }
}

/// Writes to stdout; a closed pipe (`gapwalk catalog | head`) is not an error.
pub(crate) fn print(s: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}
