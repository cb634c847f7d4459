//! `gapwalk schema report|diff|log|catalog|catalog-changes`: the JSON
//! Schema (2020-12) of a JSON output, generated from the types that write
//! it.

use std::process::ExitCode;

use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::report::formats::JsonShape;

/// Print the JSON Schema (2020-12) of a JSON output: report, diff, log,
/// catalog or catalog-changes.
///
/// Each JSON output names its shape and version in its `format` field
/// ("gapwalk.report/1"); the schema's `$id` carries the same.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which output.
    #[arg(value_enum)]
    pub shape: JsonShape,
}

impl ValueEnum for JsonShape {
    fn value_variants<'a>() -> &'a [Self] {
        &JsonShape::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

pub fn run(args: SchemaArgs) -> anyhow::Result<ExitCode> {
    super::print(&args.shape.schema_json())?;
    Ok(ExitCode::SUCCESS)
}
