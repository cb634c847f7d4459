//! `gapwalk import SOA NEW.toml --organisation NAME [--sheet NAME]
//! [--licence ID]…`: a new assessment from an existing spreadsheet SoA.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

use super::account::{column_lines, count, fold_rows, sheet_line};
use super::say;
use crate::assessment::{Answer, Assessment, Session, create_assessment};
use crate::catalog::Catalog;
use crate::import::{ImportReport, Imported, SkipReason, import_soa};
use crate::text::escape_line;

/// The arguments; what the command does is said on its variant in `cli`
/// (clap shows that text).
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The spreadsheet SoA.
    #[arg(value_name = "SOA")]
    pub soa: PathBuf,
    /// The assessment file to create.
    #[arg(value_name = "NEW.toml")]
    pub new: PathBuf,
    /// The organisation assessed.
    #[arg(long)]
    pub organisation: String,
    /// The sheet to read (default: the one that looks most like an SoA).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// A Microsoft 365 licence the tenant has (repeatable); `gapwalk catalog` lists the ids.
    #[arg(long = "licence", value_name = "ID")]
    pub licences: Vec<String>,
}

pub fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    if args.new.exists() {
        bail!(
            "{} already exists; not overwriting it",
            crate::text::escape_path(&args.new)
        );
    }
    let organisation = args.organisation.trim();
    if organisation.is_empty() {
        bail!("--organisation must name the organisation assessed");
    }
    super::new::check_licences(catalog, &args.licences)?;
    let mut a = Assessment::new(catalog.id(), organisation);
    a.licences = args.licences.clone();
    a.id = Some(Assessment::new_id(
        organisation,
        std::time::SystemTime::now(),
    ));
    let today = super::today();
    let session = a.next_session_id(today);
    let imported = import_soa(&args.soa, args.sheet.as_deref(), &session, catalog)?;
    let source = args
        .soa
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    a.sessions.push(Session {
        id: session.clone(),
        date: Some(today),
        facilitator: Some(format!(
            "gapwalk import of {source} (sheet \"{}\")",
            imported.report.sheet
        )),
        attendees: Vec::new(),
    });
    a.items = imported.items.iter().cloned().collect();
    print_account(&args.soa, &imported)?;
    create_assessment(&args.new, &a, catalog)?;
    say(format!(
        "Created {} for {}: {} items imported in session {session}, none marked reviewed. Walk them with the room (`gapwalk {}`): every answer came from the spreadsheet, not from the room.",
        args.new.display(),
        a.organisation,
        imported.items.len(),
        args.new.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn print_account(path: &std::path::Path, imported: &Imported) -> anyhow::Result<()> {
    let r: &ImportReport = &imported.report;
    say(sheet_line(path, &r.sheet, r.header_row, &r.other_sheets))?;
    say("Columns:")?;
    let columns: Vec<(&str, &str, String)> = r
        .columns
        .iter()
        .map(|c| {
            let used = c
                .role
                .map_or("not used".to_string(), |role| format!("→ {role}"));
            (c.column.as_str(), c.header.as_str(), used)
        })
        .collect();
    for l in column_lines(&columns) {
        say(l)?;
    }
    let answers = imported.answers();
    let answered: usize = answers.values().sum();
    let words: Vec<String> = Answer::ALL
        .iter()
        .filter_map(|a| {
            answers
                .get(a)
                .map(|n| format!("{n} {}", a.label().to_lowercase()))
        })
        .collect();
    let mut line = format!("{} items found: {answered} with an answer", r.found);
    if !words.is_empty() {
        line.push_str(&format!(" ({})", words.join(", ")));
    }
    let carried = imported.items.len() - answered;
    line.push_str(&format!(
        ", {carried} with other details only, {} with nothing filled in.",
        r.found - imported.items.len()
    ));
    say(line)?;
    if !r.skipped.is_empty() {
        say(format!(
            "Skipped {}:",
            count(r.skipped.len(), "row", "rows")
        ))?;
        for l in skipped_lines(r) {
            say(format!("  {l}"))?;
        }
    }
    if !r.unmapped.is_empty() {
        say(format!(
            "Could not map {} (the original words are in the item's notes):",
            count(r.unmapped.len(), "value", "values")
        ))?;
        for u in &r.unmapped {
            let header = r
                .columns
                .iter()
                .find(|c| c.role == Some(u.role))
                .map_or(u.role.label(), |c| c.header.as_str());
            say(format!(
                "  row {} {}: \"{}\" says \"{}\": {}",
                u.row,
                u.item,
                escape_line(header),
                escape_line(&u.value),
                u.why
            ))?;
        }
    }
    for n in &r.notices {
        say(format!("Check: {}", escape_line(n)))?;
    }
    Ok(())
}

/// The skipped rows, empty ones as ranges.
fn skipped_lines(r: &ImportReport) -> Vec<String> {
    fold_rows(
        &r.skipped,
        |s| s.row,
        |s| (s.reason == SkipReason::Empty).then(String::new),
        |s| match &s.reason {
            SkipReason::NoId(text) => {
                format!("row {}: no control id (\"{}\")", s.row, escape_line(text))
            }
            SkipReason::UnknownId(id) => format!(
                "row {}: unknown id \"{}\" (not an ISO/IEC 27001:2022 item)",
                s.row,
                escape_line(id)
            ),
            SkipReason::Duplicate { id, first_row } => {
                format!("row {}: {id} again (imported from row {first_row})", s.row)
            }
            SkipReason::Empty => String::new(),
        },
        |rows, _| format!("{rows}: empty"),
    )
}
