//! The command line: one file per subcommand. Exit codes: 0 success; 1 the
//! check failed (invalid file for `validate`, findings for `report
//! --fail-on`); 2 the job could not be done (usage, unreadable or invalid
//! input, refused write).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod catalog;
mod diff;
mod fmt;
mod git;
mod import;
mod log;
mod merge;
mod new;
mod oscal;
mod plan;
mod report;
mod resolve;
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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open an assessment in the workshop UI.
    Open {
        file: PathBuf,
        /// Theme: dark, light, high-contrast, or a theme file.
        #[arg(long, value_name = "NAME|PATH")]
        theme: Option<String>,
    },
    /// Print the built-in catalog: items, Microsoft 365 capabilities, licences.
    Catalog {
        #[arg(long, value_enum, default_value_t = CatalogFormat::Text)]
        format: CatalogFormat,
        /// List only what changed in the catalog after this date (text or json).
        #[arg(long, value_name = "YYYY-MM-DD")]
        changes_since: Option<chrono::NaiveDate>,
    },
    /// Check assessment files; print every problem as path:line:col: message.
    Validate {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Create a new assessment file (never overwrites one); with --from,
    /// the next review cycle.
    New {
        file: PathBuf,
        /// Start from this assessment: organisation, scope, licences,
        /// interval, answers, owners, reliance, justifications, evidence and
        /// open actions carried over; review dates, notes, follow-ups,
        /// sessions and done actions left behind, so every answered item is
        /// due for review again.
        #[arg(long, value_name = "LAST.toml")]
        from: Option<PathBuf>,
        /// The organisation assessed (with --from: a new name).
        #[arg(long, required_unless_present = "from")]
        organisation: Option<String>,
        /// What the ISMS covers.
        #[arg(long)]
        scope: Option<String>,
        /// A Microsoft 365 licence the tenant has (repeatable); `gapwalk catalog` lists the ids.
        #[arg(long = "licence", value_name = "ID")]
        licences: Vec<String>,
    },
    /// The gap report: governance findings, charts, the clauses 4–10
    /// picture, the reliance register and every item.
    Report {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// The date findings are computed for (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<chrono::NaiveDate>,
        /// Exit 1 if a finding of this severity or worse exists.
        #[arg(long, value_enum, value_name = "SEVERITY")]
        fail_on: Option<FailOn>,
        /// Write to this file (atomically) instead of standard output.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// The Statement of Applicability: every Annex A control, applicable
    /// or not and why, and how far it is implemented. Warns (on standard
    /// error) about what an auditor would send back.
    Soa {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = SoaFormat::Markdown)]
        format: SoaFormat,
        /// `public` leaves out owners, evidence locations and notes.
        #[arg(long, value_enum, default_value_t = AudienceArg::Internal)]
        audience: AudienceArg,
        /// The document version (default: the as-of date, marked as a draft
        /// while any control is undecided).
        #[arg(long, value_name = "TEXT")]
        version_label: Option<String>,
        /// The date the SoA is made for (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<chrono::NaiveDate>,
        /// Write to this file (atomically) instead of standard output.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// What changed between two versions of an assessment, item by item.
    ///
    /// Answers, owners, evidence, actions, reviews, gaps opened and closed,
    /// findings opened and resolved, summary first. Each side is a file or
    /// REV:PATH, read from git (HEAD~1:assessments/example.toml).
    Diff {
        /// OLD NEW; with --git-driver, the 7 arguments git passes.
        #[arg(value_name = "OLD NEW", num_args = 1..=7)]
        sides: Vec<String>,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// The date both sides' findings are computed for (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<chrono::NaiveDate>,
        /// Run as git's external diff (diff.gapwalk.command): PATH OLD-FILE
        /// OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE.
        #[arg(long)]
        git_driver: bool,
    },
    /// Merge two people's changes field by field (git's merge driver).
    ///
    /// Configured as `gapwalk merge %O %A %B %P`. The result is written to
    /// OURS. Where both changed a field differently, ours stays and a
    /// [[conflicts]] entry in the file records theirs (exit 1).
    Merge {
        /// The common ancestor (%O); empty if there is none.
        base: PathBuf,
        /// Our version (%A); the merge is written here.
        ours: PathBuf,
        /// Their version (%B).
        theirs: PathBuf,
        /// The file's name in the repository, for messages (%P).
        name: Option<String>,
    },
    /// List the merge conflicts recorded in a file, or settle them.
    Resolve {
        /// The assessment file.
        file: PathBuf,
        /// Keep what is in place.
        #[arg(long, conflicts_with = "theirs")]
        ours: bool,
        /// Take the other side's value.
        #[arg(long)]
        theirs: bool,
        /// The conflicts to settle, as listed (default: all).
        #[arg(value_name = "N")]
        numbers: Vec<usize>,
    },
    /// Rewrite assessment files in canonical layout, keeping comments.
    ///
    /// Items in catalog order, fields in the order of the file format,
    /// standard tables, one blank line between them.
    Fmt {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Change nothing; exit 1 if a file is not in canonical layout.
        #[arg(long)]
        check: bool,
    },
    /// The commits that changed an assessment file, with what each changed.
    ///
    /// Newest first, following renames, merges included (against their
    /// first parent); findings as of each commit's date.
    Log {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = LogFormat::Text)]
        format: LogFormat,
    },
    /// The remediation plan: every open action and every untracked gap,
    /// overdue first, then by due date.
    Plan {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = PlanFormat::Markdown)]
        format: PlanFormat,
        /// The date overdue is computed for (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<chrono::NaiveDate>,
        /// Write to this file (atomically) instead of standard output.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    Oscal(oscal::OscalArgs),
    Schema(schema::SchemaArgs),
    Import(import::ImportArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CatalogFormat {
    Text,
    Json,
    Toml,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Text,
    Markdown,
    Html,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LogFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SoaFormat {
    Csv,
    Markdown,
    Xlsx,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PlanFormat {
    Csv,
    Markdown,
    Ics,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AudienceArg {
    Internal,
    Public,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FailOn {
    High,
    Medium,
    Low,
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
        Some(Command::Catalog {
            format,
            changes_since,
        }) => catalog::run(format, changes_since),
        Some(Command::Validate { files }) => validate::run(&files),
        Some(Command::New {
            file,
            from,
            organisation,
            scope,
            licences,
        }) => new::run(&file, from.as_deref(), organisation, scope, licences),
        Some(Command::Diff {
            sides,
            format,
            as_of,
            git_driver,
        }) => diff::run(&sides, format, as_of, git_driver),
        Some(Command::Merge {
            base,
            ours,
            theirs,
            name,
        }) => merge::run(&base, &ours, &theirs, name.as_deref()),
        Some(Command::Resolve {
            file,
            ours,
            theirs,
            numbers,
        }) => resolve::run(
            &file,
            match (ours, theirs) {
                (true, _) => Some(crate::assessment::Resolution::KeepOurs),
                (_, true) => Some(crate::assessment::Resolution::TakeTheirs),
                _ => None,
            },
            &numbers,
        ),
        Some(Command::Fmt { files, check }) => fmt::run(&files, check),
        Some(Command::Log { file, format }) => log::run(&file, format),
        Some(Command::Report {
            file,
            format,
            as_of,
            fail_on,
            output,
        }) => report::run(&file, format, as_of, fail_on, output.as_deref()),
        Some(Command::Soa {
            file,
            format,
            audience,
            version_label,
            as_of,
            output,
        }) => soa::run(
            &file,
            format,
            audience,
            version_label,
            as_of,
            output.as_deref(),
        ),
        Some(Command::Plan {
            file,
            format,
            as_of,
            output,
        }) => plan::run(&file, format, as_of, output.as_deref()),
        Some(Command::Oscal(args)) => oscal::run(args),
        Some(Command::Schema(args)) => schema::run(args),
        Some(Command::Import(args)) => import::run(args),
        Some(Command::Open { file, theme }) => crate::open::run(Some(file), theme.or(cli.theme)),
        None => crate::open::run(cli.file, cli.theme),
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
