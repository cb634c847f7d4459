//! The assessment file: the model, loading with line and column for every
//! problem, and atomic, format-preserving saving.

mod load;
mod model;
mod save;

pub use load::{LoadError, Problem, parse_assessment};
pub use model::{
    Action, Answer, Assessment, DEFAULT_REVIEW_INTERVAL_MONTHS, Evidence, FORMAT, InclusionReason,
    ItemRecord, Session, non_blank,
};
pub use save::{AssessmentFile, SaveError, create_assessment, load_assessment};

#[cfg(test)]
mod tests;
