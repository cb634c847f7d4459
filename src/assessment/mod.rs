//! The assessment file: the model, loading with line and column for every
//! problem, atomic, format-preserving saving, the canonical layout, and the
//! three-way merge of two people's changes.

mod canonical;
mod disk;
mod field;
mod file;
mod load;
mod merge;
mod model;
mod patch;

pub use canonical::{CANONICAL_ITEM_KEYS, canonical_text};
pub use disk::Layout;
pub use field::{
    Conflict, Field, FieldValue, Place, PlaceKind, Resolution, describe_value, resolve_conflict,
};
pub(crate) use file::rewrite_locked;
pub use file::{
    AssessmentFile, SaveError, Saved, create_assessment, create_assessment_like, decode_text,
    leftover_aside, load_assessment, read_assessment,
};
pub use load::{LoadError, Problem, parse_assessment, parse_model};
pub use merge::{Merge, merge};
pub use model::{
    Action, Answer, Assessment, DEFAULT_REVIEW_INTERVAL_MONTHS, Evidence, FORMAT, InclusionReason,
    ItemRecord, Session, non_blank,
};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_canonical;
#[cfg(test)]
mod tests_file;
#[cfg(test)]
mod tests_merge;
