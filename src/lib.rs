//! gapwalk: ISO/IEC 27001:2022 gap-assessment workshops on Microsoft 365.
//!
//! The domain (`catalog`, `assessment`, `analysis`, `report`) has no
//! terminal code; the command line (`cli`) and the workshop UI are thin
//! layers over it.

pub mod analysis;
pub mod assessment;
pub mod catalog;
pub mod cli;
pub mod config;
mod git;
pub mod import;
pub mod oscal;
pub mod report;
pub mod scan;
pub mod text;
pub mod tui;
