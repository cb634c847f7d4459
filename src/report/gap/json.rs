//! The gap report as JSON, for CI and other tools. Control characters are
//! stripped from the assessment's text (a tool may print it to a
//! terminal).

use serde::Serialize;

use crate::analysis::{Severity, Summary};
use crate::assessment::Answer;
use crate::text::sanitize;

#[derive(Serialize)]
struct JsonReport<'a> {
    organisation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
    licences: &'a [String],
    as_of: String,
    progress: JsonProgress<'a>,
    answers: Vec<JsonCount>,
    counts: JsonCounts,
    findings: Vec<crate::analysis::Finding>,
    owners: Vec<crate::analysis::OwnerLoad>,
    follow_ups: Vec<crate::analysis::FollowUp>,
}

#[derive(Serialize)]
struct JsonProgress<'a> {
    answered: usize,
    total: usize,
    themes: Vec<JsonTheme<'a>>,
}

#[derive(Serialize)]
struct JsonTheme<'a> {
    theme: &'a str,
    answered: usize,
    total: usize,
}

#[derive(Serialize)]
struct JsonCount {
    answer: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct JsonCounts {
    high: usize,
    medium: usize,
    low: usize,
    by_kind: Vec<(&'static str, usize)>,
}

/// The gap report as JSON.
pub fn report_json(s: &Summary) -> String {
    let report = JsonReport {
        organisation: sanitize(&s.organisation),
        scope: s.scope.as_deref().map(sanitize),
        licences: &s.licences,
        as_of: s.as_of.to_string(),
        progress: JsonProgress {
            answered: s.progress.answered,
            total: s.progress.total,
            themes: s
                .themes
                .iter()
                .map(|t| JsonTheme {
                    theme: t.theme.as_str(),
                    answered: t.progress.answered,
                    total: t.progress.total,
                })
                .collect(),
        },
        answers: Answer::ALL
            .iter()
            .map(|&a| JsonCount {
                answer: a.as_str(),
                count: s.answers.get(&a).copied().unwrap_or(0),
            })
            .collect(),
        counts: JsonCounts {
            high: s.count(Severity::High),
            medium: s.count(Severity::Medium),
            low: s.count(Severity::Low),
            by_kind: s
                .by_kind()
                .into_iter()
                .map(|(k, n)| (k.as_str(), n))
                .collect(),
        },
        findings: s
            .findings
            .iter()
            .map(|f| crate::analysis::Finding {
                message: sanitize(&f.message),
                owner: f.owner.as_deref().map(sanitize),
                ..f.clone()
            })
            .collect(),
        owners: s
            .owners
            .iter()
            .map(|o| crate::analysis::OwnerLoad {
                owner: sanitize(&o.owner),
                ..o.clone()
            })
            .collect(),
        follow_ups: s
            .follow_ups
            .iter()
            .map(|f| crate::analysis::FollowUp {
                item: f.item.clone(),
                question: sanitize(&f.question),
            })
            .collect(),
    };
    // Serialising plain data structures cannot fail.
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
    out.push('\n');
    out
}
