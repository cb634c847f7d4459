use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;
use chrono::NaiveDate;

use super::choice::one_of;
use crate::analysis::diff;
use crate::assessment::{Assessment, Layout, LoadError, decode_text, parse_model};
use crate::catalog::Catalog;
use crate::git;
use crate::report::ExportFormat;
use crate::report::{diff_json, diff_markdown, diff_text};

const FORMATS: &[ExportFormat] = &[
    ExportFormat::Text,
    ExportFormat::Markdown,
    ExportFormat::Json,
];

/// `gapwalk diff OLD NEW`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// OLD NEW; with --git-driver, the 7 arguments git passes.
    #[arg(value_name = "OLD NEW", num_args = 1..=7)]
    sides: Vec<String>,
    #[arg(long, value_parser = one_of(FORMATS), default_value = "text")]
    format: ExportFormat,
    /// The date both sides' findings are computed for (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<NaiveDate>,
    /// Run as git's external diff (diff.gapwalk.command): PATH OLD-FILE
    /// OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE.
    #[arg(long)]
    git_driver: bool,
}

impl Args {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        run(&self.sides, self.format, self.as_of, self.git_driver)
    }
}

/// `gapwalk diff OLD NEW`, each a path or `REV:PATH`.
fn run(
    sides: &[String],
    format: ExportFormat,
    as_of: Option<NaiveDate>,
    git_driver: bool,
) -> anyhow::Result<ExitCode> {
    if git_driver {
        return driver(sides, format, as_of);
    }
    let [old, new] = sides else {
        bail!("gapwalk diff needs two versions: OLD NEW (each a file or REV:PATH)");
    };
    let catalog = Catalog::builtin();
    let old_a = load_side(old, catalog)?;
    let new_a = load_side(new, catalog)?;
    let d = diff(catalog, &old_a, &new_a, as_of.unwrap_or_else(super::today));
    super::print(&render(&d, old, new, format, colour(false)))?;
    Ok(ExitCode::SUCCESS)
}

fn render(
    d: &crate::analysis::AssessmentDiff,
    old: &str,
    new: &str,
    format: ExportFormat,
    colour: bool,
) -> String {
    match format {
        ExportFormat::Markdown => diff_markdown(d, old, new),
        ExportFormat::Json => diff_json(d, old, new),
        // Text; the command line admits no other format.
        _ => diff_text(d, old, new, colour),
    }
}

/// Colour only for a terminal (or git's pager, for the diff driver), and
/// never with NO_COLOR.
pub(crate) fn colour(git_driver: bool) -> bool {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    std::io::stdout().is_terminal()
        || (git_driver && std::env::var("GIT_PAGER_IN_USE").is_ok_and(|v| v == "true" || v == "1"))
}

/// A path on disk, or `REV:PATH` read from git. An empty file (such as
/// /dev/null) is an empty assessment.
pub(crate) fn load_side(side: &str, catalog: &Catalog) -> anyhow::Result<Assessment> {
    let path = Path::new(side);
    let text = if path.exists() {
        read(path)?
    } else {
        match side.split_once(':') {
            Some((rev, file)) if !rev.is_empty() && !file.is_empty() => git::show(rev, file)?,
            _ => {
                return Err(LoadError::Io {
                    path: path.to_path_buf(),
                    error: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "no such file (a version in git is written REV:PATH, such as HEAD~1:assessments/example.toml)",
                    ),
                }
                .into());
            }
        }
    };
    parse_side(&text, side, catalog)
}

/// A file's text, CR LF and a byte order mark read as any other file.
pub(crate) fn read(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).map_err(|error| LoadError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    Ok(decode_text(path, bytes)?)
}

pub(crate) fn parse_side(text: &str, label: &str, catalog: &Catalog) -> anyhow::Result<Assessment> {
    let (_, text) = Layout::decode(text);
    if text.trim().is_empty() {
        return Ok(Assessment::new(catalog.id(), ""));
    }
    parse_model(&text, catalog).map_err(|problems| {
        LoadError::Invalid {
            path: label.into(),
            problems,
        }
        .into()
    })
}

/// `git diff` calls `gapwalk diff --git-driver PATH OLD-FILE OLD-HEX
/// OLD-MODE NEW-FILE NEW-HEX NEW-MODE` (one argument, PATH, for an
/// unmerged path). A side that is not a valid assessment gets git's own
/// line diff instead, so `git diff` never stops at this file.
fn driver(
    args: &[String],
    format: ExportFormat,
    as_of: Option<NaiveDate>,
) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    match args {
        [path] => {
            super::say(format!("* Unmerged path {path}"))?;
            Ok(ExitCode::SUCCESS)
        }
        [
            path,
            old_file,
            _old_hex,
            _old_mode,
            new_file,
            _new_hex,
            _new_mode,
        ] => {
            let old_label = format!("a/{path}");
            let new_label = format!("b/{path}");
            let sides = (
                read(Path::new(old_file)).and_then(|t| parse_side(&t, &old_label, catalog)),
                read(Path::new(new_file)).and_then(|t| parse_side(&t, &new_label, catalog)),
            );
            match sides {
                (Ok(old), Ok(new)) => {
                    let d = diff(catalog, &old, &new, as_of.unwrap_or_else(super::today));
                    super::print(&render(&d, &old_label, &new_label, format, colour(true)))?;
                }
                (old, new) => {
                    let why = [old.err(), new.err()]
                        .into_iter()
                        .flatten()
                        .map(|e| super::error_text(&e))
                        .collect::<Vec<_>>()
                        .join("\n");
                    super::say(format!(
                        "gapwalk diff: {path} is not a valid assessment on both sides, so here is the line diff.\n{why}"
                    ))?;
                    // git diff --no-index exits 1 when the files differ.
                    let out = git::run([
                        "diff",
                        "--no-index",
                        "--no-ext-diff",
                        "--",
                        old_file.as_str(),
                        new_file.as_str(),
                    ])?;
                    // The file's own lines: shown through the sanitiser too.
                    super::print(&crate::text::escape_terminal(&String::from_utf8_lossy(
                        &out.stdout,
                    )))?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        _ => bail!(
            "--git-driver expects the 7 arguments git gives an external diff (PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE), got {}",
            args.len()
        ),
    }
}
