//! The JSON outputs' shapes: each carries a `format` field naming its shape
//! and version, and `gapwalk schema` prints a JSON Schema (2020-12)
//! generated from the types that write it. The version changes only when
//! a field is removed, renamed or changes meaning; adding a field keeps it.

/// `gapwalk report --format json`.
pub const REPORT: &str = "gapwalk.report/1";
/// `gapwalk diff --format json`.
pub const DIFF: &str = "gapwalk.diff/1";
/// `gapwalk log --format json`.
pub const LOG: &str = "gapwalk.log/1";
/// `gapwalk catalog --format json`.
pub const CATALOG: &str = "gapwalk.catalog/1";
/// `gapwalk catalog --changes-since DATE --format json`.
pub const CATALOG_CHANGES: &str = "gapwalk.catalog-changes/1";

/// The schema of an output type as gapwalk writes it (a field left out
/// when empty is not required).
pub(crate) fn output_schema<T: schemars::JsonSchema>() -> schemars::Schema {
    schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>()
}

/// The JSON outputs that have a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonShape {
    Report,
    Diff,
    Log,
    Catalog,
    CatalogChanges,
}

impl JsonShape {
    pub const ALL: [JsonShape; 5] = [
        JsonShape::Report,
        JsonShape::Diff,
        JsonShape::Log,
        JsonShape::Catalog,
        JsonShape::CatalogChanges,
    ];

    /// The name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            JsonShape::Report => "report",
            JsonShape::Diff => "diff",
            JsonShape::Log => "log",
            JsonShape::Catalog => "catalog",
            JsonShape::CatalogChanges => "catalog-changes",
        }
    }

    /// The value of the output's `format` field.
    pub fn format(self) -> &'static str {
        match self {
            JsonShape::Report => REPORT,
            JsonShape::Diff => DIFF,
            JsonShape::Log => LOG,
            JsonShape::Catalog => CATALOG,
            JsonShape::CatalogChanges => CATALOG_CHANGES,
        }
    }

    /// The JSON Schema, generated from the types that write the output.
    pub fn schema(self) -> schemars::Schema {
        let mut schema = match self {
            JsonShape::Report => super::gap::report_schema(),
            JsonShape::Diff => super::diff::diff_schema(),
            JsonShape::Log => super::diff::history_schema(),
            JsonShape::Catalog => super::catalog::catalog_schema(),
            JsonShape::CatalogChanges => super::catalog::changes_schema(),
        };
        schema.insert(
            "$id".to_string(),
            format!("https://gapwalk.invalid/schema/{}.json", self.format()).into(),
        );
        schema
    }

    /// The schema as pretty-printed JSON with a final newline.
    pub fn schema_json(self) -> String {
        let mut out = serde_json::to_string_pretty(&self.schema()).unwrap_or_default();
        out.push('\n');
        out
    }
}
