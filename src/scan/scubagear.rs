//! ScubaGear's results (`ScubaResults_*.json`, written by `Invoke-SCuBA`):
//! `MetaData` (`TenantId`, `Tool`, `ToolVersion`, `TimestampZulu`) and
//! `Results.<product>[].Controls[]` with `Control ID`, `Requirement` (HTML)
//! and `Result`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Outcome, Problem, RawCheck, RawScan, ScanTool, outcome, parse_time};

/// ScubaGear's result words (the summary also counts omitted and manual
/// controls).
const WORDS: &[(&str, Outcome)] = &[
    ("Pass", Outcome::Passed),
    ("Fail", Outcome::Failed),
    ("Warning", Outcome::Neither),
    ("N/A", Outcome::Neither),
    ("Manual", Outcome::Neither),
    ("Error", Outcome::Neither),
    ("Omitted", Outcome::Neither),
];

pub(crate) struct Top {
    pub meta_data: Option<MetaData>,
    pub results: Option<BTreeMap<String, Vec<Group>>>,
}

#[derive(Deserialize)]
pub(crate) struct MetaData {
    #[serde(rename = "TenantId")]
    tenant_id: Option<String>,
    #[serde(rename = "ToolVersion")]
    tool_version: Option<String>,
    #[serde(rename = "TimestampZulu")]
    timestamp_zulu: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Group {
    #[serde(rename = "Controls", default)]
    controls: Vec<Control>,
}

#[derive(Deserialize)]
struct Control {
    #[serde(rename = "Control ID")]
    id: Option<String>,
    #[serde(rename = "Requirement")]
    requirement: Option<String>,
    #[serde(rename = "Result")]
    result: Option<String>,
}

pub(crate) fn read(text: &str, top: Top) -> Result<RawScan, Problem> {
    let no_time = Problem::key(
        text,
        "TimestampZulu",
        "the ScubaGear result has no timestamp: `MetaData.TimestampZulu` (when Invoke-SCuBA ran, such as 2026-05-04T17:15:48.307Z) is missing or empty",
    );
    let mut scan = RawScan::new(ScanTool::Scubagear, no_time);
    let Some(meta) = top.meta_data else {
        return Err(Problem::file(
            "the ScubaGear result has no `MetaData` (tenant, tool version, time): is this a ScubaResults*.json?",
        ));
    };
    if let Some(at) = meta
        .timestamp_zulu
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        scan.ran = Some(parse_time(at).ok_or_else(|| {
            Problem::key(
                text,
                "TimestampZulu",
                format!("`TimestampZulu` is \"{at}\": expected a date and time such as 2026-05-04T17:15:48.307Z"),
            )
        })?);
    }
    scan.tenant = meta.tenant_id;
    scan.tool_version = meta.tool_version;
    let Some(results) = top.results else {
        return Err(Problem::file(
            "the ScubaGear result has no `Results`: is this a ScubaResults*.json?",
        ));
    };
    for (product, groups) in results {
        for (g, group) in groups.into_iter().enumerate() {
            for (n, c) in group.controls.into_iter().enumerate() {
                let (outcome, status) =
                    outcome(&mut scan, WORDS, c.result.as_deref(), c.id.as_deref());
                scan.results.push(RawCheck {
                    id: c.id,
                    title: c.requirement.as_deref().map(requirement),
                    outcome,
                    status,
                    place: format!(
                        "control {} of group {} of {}",
                        n + 1,
                        g + 1,
                        super::clean_id(&product)
                    ),
                });
            }
        }
    }
    Ok(scan)
}

/// The requirement's own words: ScubaGear appends a block of indicator
/// links (`<div class='policy-indicators'>…`) that is not part of it.
fn requirement(html: &str) -> String {
    match html.find("<div class='policy-indicators'") {
        Some(i) => html[..i].to_string(),
        None => html.to_string(),
    }
}
