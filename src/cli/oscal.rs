//! `gapwalk oscal FILE --model MODEL [--as-of DATE] [-o PATH]`: one
//! document of the OSCAL 1.1.2 set.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::assessment::read_assessment;
use crate::catalog::Catalog;
use crate::oscal::{Model, oscal_json};
use crate::report::ExportFormat;

/// Write an OSCAL 1.1.2 JSON document: the catalog, the profile, the
/// system security plan, the assessment results or the POA&M.
///
/// The five documents form a set that links by file name: write them into
/// one folder as catalog.json, profile.json, ssp.json,
/// assessment-results.json and poam.json.
#[derive(Debug, clap::Args)]
pub struct OscalArgs {
    /// The assessment file.
    pub file: PathBuf,
    /// Which OSCAL model to write.
    #[arg(long, value_enum)]
    pub model: Model,
    /// The date findings and overdue actions are judged on (default:
    /// today); the assessment results and the POA&M carry it as their
    /// version.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

impl ValueEnum for Model {
    fn value_variants<'a>() -> &'a [Self] {
        &Model::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

pub fn run(args: OscalArgs) -> anyhow::Result<ExitCode> {
    super::check_output(args.output.as_deref(), &args.file)?;
    let catalog = Catalog::builtin();
    let assessment = read_assessment(&args.file, catalog)?;
    let as_of = args.as_of.unwrap_or_else(super::today);
    let json = oscal_json(args.model, catalog, &assessment, as_of);
    super::emit(
        json.as_bytes(),
        ExportFormat::Json,
        args.output.as_deref(),
        &args.file,
    )?;
    Ok(ExitCode::SUCCESS)
}
