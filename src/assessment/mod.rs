//! The assessment file. Each part depends only on the ones above it:
//!
//! - `model`: what the room decided (items, sessions, conflicts) and the
//!   names of the file's fields;
//! - `risk`: the risk register, its scale and scores;
//! - `schema`: every field declared once (key, kind, order, merge rule,
//!   how the workshop edits it) with the other tables' key orders;
//! - `conflict`: how a merge conflict reads and is settled;
//! - `load`: text to model, with line and column for every problem;
//! - `patch`: changes into the parsed TOML document, keeping its comments
//!   and layout;
//! - `merge`: the three-way merge of two people's changes;
//! - `disk`: bytes on disk (locks, line endings, atomic replacement);
//! - `file`: [`AssessmentFile`], an open file: load, create, save;
//! - `canonical`: the canonical layout (`gapwalk fmt`).

mod canonical;
mod conflict;
mod disk;
mod file;
mod load;
mod merge;
mod model;
mod patch;
mod render;
mod risk;
mod schema;

pub use canonical::canonical_text;
pub use conflict::{Resolution, describe_value, resolve_conflict};
pub use disk::Layout;
pub(crate) use file::rewrite_locked;
pub use file::{
    AssessmentFile, SaveError, Saved, create_assessment, create_assessment_like, decode_text,
    leftover_aside, load_assessment, read_assessment,
};
pub use load::{LoadError, Problem, parse_assessment, parse_model};
pub use merge::{Merge, merge};
pub use model::{
    Action, Answer, Assessment, Conflict, DEFAULT_REVIEW_INTERVAL_MONTHS, Evidence, FORMAT,
    FailedCheck, Field, FieldValue, Governance, InclusionReason, ItemRecord, Observation, Place,
    PlaceKind, ScanRecord, Session, SoaControl, non_blank,
};
pub use risk::{RISK_SCALE_LEVELS, Risk, RiskScale, Treatment};
pub use schema::{Edit, FIELDS, FieldDef, Kind, MergeRule, Table, fields_of, keys_of};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_canonical;
#[cfg(test)]
mod tests_file;
#[cfg(test)]
mod tests_merge;
#[cfg(test)]
mod tests_render;
#[cfg(test)]
mod tests_risks;
#[cfg(test)]
mod tests_scans;
