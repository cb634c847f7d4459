//! What the file records of tenant scans: each imported result, its failing checks, and an item's observations.

use super::*;

/// One imported tenant scan result (`[[scans]]`): evidence about how the
/// tenant is configured, never an answer. What identifies it is the
/// SHA-256 of the file it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ScanRecord {
    /// Unique in the file: the tool and when it ran
    /// ("scubagear-2026-05-04T17:15:48Z"); items' observations name it.
    pub id: String,
    pub tool: ScanTool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The Microsoft Entra tenant id the tool scanned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    /// When the tool ran.
    pub ran: DateTime<Utc>,
    /// The result file's name (without its folder).
    pub file: String,
    /// The SHA-256 of the result file, lower-case hex.
    pub sha256: String,
    /// When it was imported.
    pub imported: NaiveDate,
    /// Checks neither passed nor failed (skipped, not applicable, manual…).
    pub not_judged: u32,
    /// The checks that passed, by id.
    pub passed: Vec<String>,
    /// The checks that failed, with the tool's title.
    pub failed: Vec<FailedCheck>,
    /// The checks gapwalk maps to no capability.
    pub unmapped: Vec<String>,
}

/// A failing check of a scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FailedCheck {
    pub id: String,
    pub title: String,
}

/// The compact summary of one scan for one item: its mapped checks that
/// passed, failed or were not judged, and which failed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
pub struct Observation {
    /// The id of the `[[scans]]` entry.
    pub scan: String,
    pub passed: u32,
    pub failed: u32,
    pub not_judged: u32,
    /// The failing check ids, as many as `failed`.
    pub failing: Vec<String>,
}
