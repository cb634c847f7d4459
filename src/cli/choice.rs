//! Command-line values that are the domain's own types: a format, an
//! audience, a severity is parsed straight into `report::ExportFormat`,
//! `analysis::Audience` or `analysis::Severity` by the names those types
//! give themselves, so the command line has no copies of them to convert.

use clap::builder::{PossibleValuesParser, TypedValueParser};

use crate::analysis::{Audience, Severity};
use crate::report::ExportFormat;

/// A domain type with a name for each of its values.
pub(crate) trait Named: Copy + Send + Sync + 'static {
    fn name(self) -> &'static str;
}

impl Named for ExportFormat {
    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl Named for Audience {
    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl Named for Severity {
    fn name(self) -> &'static str {
        self.as_str()
    }
}

/// Parses one of `allowed` by its name; `--help` lists them.
pub(crate) fn one_of<T: Named>(allowed: &'static [T]) -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(allowed.iter().map(|v| v.name())).map(move |name| {
        allowed
            .iter()
            .copied()
            .find(|v| v.name() == name)
            // The possible values parser admits only these names.
            .unwrap_or(allowed[0])
    })
}

pub(crate) const AUDIENCES: &[Audience] = &Audience::ALL;
pub(crate) const SEVERITIES: &[Severity] = &Severity::ALL;
