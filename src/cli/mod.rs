//! The command line: one file per subcommand. Exit codes: 0 success; 1 the
//! check failed (invalid file for `validate`, findings for `report
//! --fail-on`); 2 the job could not be done (usage, unreadable or invalid
//! input, refused write).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod catalog;
mod new;
mod report;
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
    },
    /// Check assessment files; print every problem as path:line:col: message.
    Validate {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Create a new assessment file (never overwrites one).
    New {
        file: PathBuf,
        /// The organisation assessed.
        #[arg(long)]
        organisation: String,
        /// What the ISMS covers.
        #[arg(long)]
        scope: Option<String>,
        /// A Microsoft 365 licence the tenant has (repeatable); `gapwalk catalog` lists the ids.
        #[arg(long = "licence", value_name = "ID")]
        licences: Vec<String>,
    },
    /// Print the governance findings of an assessment.
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
    },
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
    Json,
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
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Catalog { format }) => catalog::run(format),
        Some(Command::Validate { files }) => validate::run(&files),
        Some(Command::New {
            file,
            organisation,
            scope,
            licences,
        }) => new::run(&file, &organisation, scope, licences),
        Some(Command::Report {
            file,
            format,
            as_of,
            fail_on,
        }) => report::run(&file, format, as_of, fail_on),
        Some(Command::Open { file, theme }) => crate::open::run(Some(file), theme.or(cli.theme)),
        None => crate::open::run(cli.file, cli.theme),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gapwalk: {e:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// Today in the user's time zone.
pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
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
