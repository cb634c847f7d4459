//! The assessment file: the model, loading with line and column for every
//! problem, atomic, format-preserving saving, the canonical layout, and the
//! three-way merge of two people's changes.

mod canonical;
mod field;
mod load;
mod merge;
mod model;
mod save;

pub use canonical::{CANONICAL_ITEM_KEYS, canonical_text};
pub use field::{
    Conflict, Field, FieldValue, Place, PlaceKind, Resolution, describe_value, resolve_conflict,
};
pub use load::{LoadError, Problem, parse_assessment, parse_model};
pub use merge::{Merge, merge};
pub use model::{
    Action, Answer, Assessment, DEFAULT_REVIEW_INTERVAL_MONTHS, Evidence, FORMAT, Governance,
    InclusionReason, ItemRecord, Session, SoaControl, non_blank,
};
pub(crate) use save::write_atomically;
pub use save::{AssessmentFile, SaveError, create_assessment, load_assessment, read_assessment};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_canonical;
#[cfg(test)]
mod tests_merge;
