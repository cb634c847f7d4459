//! `gapwalk import-risks REGISTER ASSESSMENT [--replace] [--sheet NAME]
//! [--dry-run]`: a risk register from a spreadsheet into `[[risks]]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;

use super::say;
use crate::assessment::load_assessment;
use crate::catalog::Catalog;
use crate::import::risks::{IdFrom, Outcome, RiskAccount, RiskImport, import_risks};
use crate::text::{escape_line, escape_path};

/// Add the risks of a risk register in a spreadsheet (CSV or a workbook:
/// XLSX, XLSM, XLS, ODS) to an assessment's [[risks]].
///
/// Finds the sheet and its header row by the column names (id or number,
/// risk or event, owner, probability or likelihood, impact, score,
/// treatment decision, controls, residual rating, acceptance, review).
/// Levels are read as words or numbers of the assessment's risk scale;
/// scores are checked, not stored; control ids may leave out "A.". Prints
/// which column went where, each risk added or skipped and why, and every
/// value it could not read. A risk whose id the file has is kept unless
/// --replace. On any error the file is left as it was.
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
        if file.read_only() && !self.dry_run {
            bail!(
                "{} is read-only (it has no write permission): no risk is imported",
                escape_path(&self.file)
            );
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
        if let Some(m) = &saved.merged {
            say(format!(
                "{path} was changed meanwhile (a workshop?): its changes were merged in"
            ))?;
            for c in &m.conflicts {
                say(format!("  new conflict: {}", c.describe()))?;
            }
        }
        say(format!(
            "`gapwalk report {path}` shows the register and the findings about it."
        ))?;
        Ok(ExitCode::SUCCESS)
    }
}

fn print_account(register: &Path, r: &RiskAccount) -> anyhow::Result<()> {
    let mut head = format!(
        "Read {}, sheet \"{}\" (header on row {}",
        escape_path(register),
        escape_line(&r.sheet),
        r.header_row
    );
    if !r.other_sheets.is_empty() {
        let others: Vec<String> = r
            .other_sheets
            .iter()
            .map(|s| format!("\"{}\"", escape_line(s)))
            .collect();
        head.push_str(&format!("; not read: {}", others.join(", ")));
    }
    head.push_str(").");
    say(head)?;
    say("Columns:")?;
    let lefts: Vec<String> = r
        .columns
        .iter()
        .map(|c| format!("{} \"{}\"", c.column, escape_line(&c.header)))
        .collect();
    let width = lefts
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .min(60);
    for (c, left) in r.columns.iter().zip(&lefts) {
        let pad = width.saturating_sub(left.chars().count());
        let mut used = c.field.map_or("not used".to_string(), |f| format!("→ {f}"));
        if r.owner_accepts && c.field == Some(crate::import::risks::Field::AcceptedOn) {
            used.push_str(" (by the risk owner)");
        }
        say(format!("  {left}{}  {used}", " ".repeat(pad)))?;
    }
    say("Rows:")?;
    let mut blank_run: Option<(usize, usize, String)> = None;
    let mut lines = Vec::new();
    let flush = |run: &mut Option<(usize, usize, String)>, lines: &mut Vec<String>| {
        if let Some((a, b, text)) = run.take() {
            let rows = if a == b {
                format!("row {a}")
            } else {
                format!("rows {a}–{b}")
            };
            lines.push(format!(
                "{rows}: skipped: no id and no title (\"{}\" …)",
                escape_line(&text)
            ));
        }
    };
    for row in &r.rows {
        if let Outcome::NoIdOrTitle { text } = &row.outcome {
            blank_run = match blank_run.take() {
                Some((a, b, t)) if b + 1 == row.row => Some((a, row.row, t)),
                other => {
                    let mut other = other;
                    flush(&mut other, &mut lines);
                    Some((row.row, row.row, text.clone()))
                }
            };
            continue;
        }
        flush(&mut blank_run, &mut lines);
        lines.push(format!("row {}: {}", row.row, outcome_text(&row.outcome)));
    }
    flush(&mut blank_run, &mut lines);
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

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
