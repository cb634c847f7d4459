//! Maester's test results (`test-results.json`, written by
//! `Invoke-Maester`): `ExecutedAt`, `TenantId`, `CurrentVersion` and
//! `Tests[]` with `Id`, `Title` and `Result`.

use serde::Deserialize;

use super::{Outcome, Problem, RawCheck, RawScan, ScanTool, outcome, parse_time};

/// Maester's result words.
const WORDS: &[(&str, Outcome)] = &[
    ("Passed", Outcome::Passed),
    ("Failed", Outcome::Failed),
    ("Skipped", Outcome::Neither),
    ("NotRun", Outcome::Neither),
    ("Error", Outcome::Neither),
    ("Investigate", Outcome::Neither),
];

/// Maester's top-level fields.
pub(crate) struct Top {
    pub executed_at: Option<String>,
    pub tenant_id: Option<String>,
    pub current_version: Option<String>,
    pub tests: Option<Vec<Test>>,
}

#[derive(Deserialize)]
pub(crate) struct Test {
    #[serde(rename = "Id")]
    id: Option<String>,
    #[serde(rename = "Title")]
    title: Option<String>,
    /// "Id: Title", in files that have no Title.
    #[serde(rename = "Name")]
    name: Option<String>,
    #[serde(rename = "Result")]
    result: Option<String>,
}

pub(crate) fn read(text: &str, top: Top) -> Result<RawScan, Problem> {
    let no_time = Problem::key(
        text,
        "ExecutedAt",
        "the Maester result has no timestamp: `ExecutedAt` (when Invoke-Maester ran, such as 2025-11-27T21:29:02+11:00) is missing or empty",
    );
    let mut scan = RawScan::new(ScanTool::Maester, no_time);
    if let Some(at) = top.executed_at.as_deref().filter(|s| !s.trim().is_empty()) {
        scan.ran = Some(parse_time(at).ok_or_else(|| {
            Problem::key(
                text,
                "ExecutedAt",
                format!("`ExecutedAt` is \"{at}\": expected a date and time with an offset, such as 2025-11-27T21:29:02+11:00"),
            )
        })?);
    }
    scan.tenant = top.tenant_id;
    scan.tool_version = top.current_version;
    let Some(tests) = top.tests else {
        return Err(Problem::file(
            "the Maester result has no `Tests` list: is this Maester's test-results.json?",
        ));
    };
    for (n, t) in tests.into_iter().enumerate() {
        let (outcome, status) = outcome(&mut scan, WORDS, t.result.as_deref(), t.id.as_deref());
        let title = t.title.or_else(|| {
            // Older files: the title only in Name, after "Id: ".
            let name = t.name?;
            let id = t.id.as_deref().unwrap_or_default();
            Some(
                name.strip_prefix(id)
                    .and_then(|r| r.strip_prefix(':'))
                    .map_or(name.clone(), |r| r.trim().to_string()),
            )
        });
        scan.results.push(RawCheck {
            id: t.id,
            title,
            outcome,
            status,
            place: format!("test {} of Tests", n + 1),
        });
    }
    Ok(scan)
}
