//! `gapwalk import-risks REGISTER ASSESSMENT [--replace] [--sheet NAME]
//! [--dry-run]`: a risk register from a spreadsheet into `[[risks]]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::account::{column_lines, count, fold_rows, sheet_line};
use super::say;
use crate::assessment::load_assessment;
use crate::catalog::Catalog;
use crate::import::risks::{IdFrom, Outcome, RiskAccount, RiskImport, import_risks};
use crate::text::{escape_line, escape_path};

/// The arguments; what the command does is said on its variant in `cli`
/// (clap shows that text).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The spreadsheet with the risk register.
    #[arg(value_name = "REGISTER")]
    register: PathBuf,
    /// The assessment file to add the risks to.
    #[arg(value_name = "ASSESSMENT")]
    file: PathBuf,
    /// Update a risk whose id the file has: every value the row gives
    /// replaces the file's; what the row leaves blank, or that cannot be
    /// read, stays.
    #[arg(long)]
    replace: bool,
    /// The sheet to read (default: the one that looks most like a risk register).
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// Print what would be imported; write nothing.
    #[arg(long)]
    dry_run: bool,
}

impl Args {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let catalog = Catalog::builtin();
        let (mut file, mut a) = load_assessment(&self.file, catalog)?;
        if !self.dry_run {
            super::refuse_read_only(&file, &self.file, "no risk is imported")?;
        }
        let RiskImport { risks, account } = import_risks(
            &self.register,
            self.sheet.as_deref(),
            &a,
            catalog,
            self.replace,
        )?;
        print_account(&self.register, &account)?;
        let c = account.counts();
        let path = escape_path(&self.file);
        let mut summary = format!(
            "{} added, {} replaced",
            count(c.added, "risk", "risks"),
            c.replaced
        );
        if c.unchanged > 0 {
            summary.push_str(&format!(", {} unchanged", c.unchanged));
        }
        summary.push_str(&format!(", {} skipped", c.skipped));
        if self.dry_run {
            say(format!("{summary}. Dry run: {path} is unchanged."))?;
            return Ok(ExitCode::SUCCESS);
        }
        if risks == a.risks {
            say(format!("{summary}. Nothing new: {path} is unchanged."))?;
            return Ok(ExitCode::SUCCESS);
        }
        a.risks = risks;
        // Under the file's lock; a workshop's change made meanwhile is merged.
        let saved = file.save_merging(&a, catalog)?;
        say(format!("{summary}. Saved {path}."))?;
        super::say_merged(&self.file, &saved)?;
        say(format!(
            "`gapwalk report {path}` shows the register and the findings about it."
        ))?;
        Ok(ExitCode::SUCCESS)
    }
}

fn print_account(register: &Path, r: &RiskAccount) -> anyhow::Result<()> {
    say(sheet_line(
        register,
        &r.sheet,
        r.header_row,
        &r.other_sheets,
    ))?;
    say("Columns:")?;
    let columns: Vec<(&str, &str, String)> = r
        .columns
        .iter()
        .map(|c| {
            let mut used = c.field.map_or("not used".to_string(), |f| format!("→ {f}"));
            if r.owner_accepts && c.field == Some(crate::import::risks::Field::AcceptedOn) {
                used.push_str(" (by the risk owner)");
            }
            (c.column.as_str(), c.header.as_str(), used)
        })
        .collect();
    for l in column_lines(&columns) {
        say(l)?;
    }
    say("Rows:")?;
    let lines = fold_rows(
        &r.rows,
        |row| row.row,
        |row| match &row.outcome {
            Outcome::NoIdOrTitle { text } => Some(text.clone()),
            _ => None,
        },
        |row| format!("row {}: {}", row.row, outcome_text(&row.outcome)),
        |rows, text| {
            format!(
                "{rows}: skipped: no id and no title (\"{}\" …)",
                escape_line(text)
            )
        },
    );
    for l in lines {
        say(format!("  {l}"))?;
    }
    if !r.unread.is_empty() {
        say(format!(
            "Could not read {} (left as they were):",
            count(r.unread.len(), "value", "values")
        ))?;
        for u in &r.unread {
            say(format!(
                "  row {} {}: {} \"{}\": {}",
                u.row,
                escape_line(&u.risk),
                u.field.label(),
                escape_line(&u.value),
                u.why
            ))?;
        }
    }
    for n in &r.notes {
        say(format!("Check: {}", escape_line(n)))?;
    }
    Ok(())
}

fn outcome_text(o: &Outcome) -> String {
    let named = |id: &str, from: &IdFrom| match from {
        IdFrom::Sheet => escape_line(id).into_owned(),
        IdFrom::Number(n) => format!("{} (sheet: \"{}\")", escape_line(id), escape_line(n)),
        IdFrom::Title => format!("{} (no id in the sheet; same title)", escape_line(id)),
        IdFrom::Assigned => format!("{} (no id in the sheet)", escape_line(id)),
    };
    match o {
        Outcome::Added { id, from, title } => {
            format!("{} added: {}", named(id, from), escape_line(title))
        }
        Outcome::Replaced { id, from, title } => {
            format!("{} replaced: {}", named(id, from), escape_line(title))
        }
        Outcome::Unchanged { id, from } => format!("{} unchanged", named(id, from)),
        Outcome::Exists { id, from } => format!(
            "skipped: {} exists; --replace to overwrite",
            named(id, from)
        ),
        Outcome::Repeated { id, first_row } => format!(
            "skipped: {} again (taken from row {first_row})",
            escape_line(id)
        ),
        Outcome::NoTitle { id } => format!(
            "skipped: {} has no title (what could go wrong)",
            escape_line(id)
        ),
        Outcome::NoIdOrTitle { text } => {
            format!("skipped: no id and no title (\"{}\")", escape_line(text))
        }
    }
}
