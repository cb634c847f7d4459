//! Prowler's results for Microsoft 365 (`prowler m365 …`): the OCSF JSON
//! output (a list of detection findings: `metadata.event_code` is the check,
//! `status_code` PASS / FAIL / MANUAL, `time` when it was found) and the
//! `;`-separated CSV (`CHECK_ID`, `STATUS`, `MUTED`, `TIMESTAMP`). Prowler
//! writes one finding per check and resource.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{Outcome, Problem, RawCheck, RawScan, ScanTool, csv, epoch, outcome, parse_time};

/// Prowler's result words; a muted finding counts as neither.
const WORDS: &[(&str, Outcome)] = &[
    ("PASS", Outcome::Passed),
    ("FAIL", Outcome::Failed),
    ("MANUAL", Outcome::Neither),
];

const NO_TIME: &str =
    "the Prowler result has no timestamp: its findings carry no `time` (OCSF) or `TIMESTAMP` (CSV)";

#[derive(Deserialize)]
struct Finding {
    metadata: Option<Metadata>,
    status_code: Option<String>,
    /// "Suppressed" for a muted finding.
    status: Option<String>,
    time: Option<i64>,
    time_dt: Option<String>,
    finding_info: Option<FindingInfo>,
    cloud: Option<Cloud>,
    /// Only in ScubaGear's TestResults.json, to say which file that is.
    #[serde(rename = "PolicyId")]
    policy_id: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct Metadata {
    event_code: Option<String>,
    product: Option<Product>,
    tenant_uid: Option<String>,
}

#[derive(Deserialize)]
struct Product {
    version: Option<String>,
}

#[derive(Deserialize)]
struct FindingInfo {
    title: Option<String>,
    created_time: Option<i64>,
}

#[derive(Deserialize)]
struct Cloud {
    provider: Option<String>,
    org: Option<Uid>,
    account: Option<Uid>,
}

#[derive(Deserialize)]
struct Uid {
    uid: Option<String>,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

/// The earliest of the findings' times: when the scan started.
fn earliest(ran: &mut Option<DateTime<Utc>>, t: Option<DateTime<Utc>>) {
    if let Some(t) = t {
        *ran = Some(ran.map_or(t, |r| r.min(t)));
    }
}

/// A note for results of another Prowler provider (aws, azure, …), whose
/// checks gapwalk does not map.
fn provider_note(scan: &mut RawScan, provider: Option<&str>) {
    if let Some(p) = provider
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "m365")
    {
        scan.warnings.push(format!(
            "these are Prowler results for provider \"{}\": gapwalk maps the checks of `prowler m365`, so most of them will be unmapped",
            super::clean_id(p)
        ));
    }
}

pub(crate) fn read_ocsf(text: &str) -> Result<RawScan, Problem> {
    let findings: Vec<Finding> =
        serde_json::from_str(text).map_err(|e| Problem::json(&e, "Prowler's OCSF findings"))?;
    if findings.iter().any(|f| f.policy_id.is_some()) {
        return Err(Problem::file(
            "this looks like ScubaGear's TestResults.json, which has neither the tenant nor the time: import the ScubaResults*.json next to it",
        ));
    }
    let mut scan = RawScan::new(ScanTool::Prowler, Problem::file(NO_TIME));
    let mut ran = None;
    let mut provider = None;
    for (n, f) in findings.into_iter().enumerate() {
        let meta = f.metadata;
        let (id, version, tenant_uid) = match meta {
            Some(m) => (
                m.event_code,
                m.product.and_then(|p| p.version),
                m.tenant_uid,
            ),
            None => (None, None, None),
        };
        if scan.tool_version.is_none() {
            scan.tool_version = non_empty(version);
        }
        if let Some(cloud) = f.cloud {
            if provider.is_none() {
                provider = non_empty(cloud.provider);
            }
            if scan.tenant.is_none() {
                // Azure puts the tenant in org and a subscription in account;
                // m365 leaves org empty and puts the tenant in account.
                scan.tenant = non_empty(cloud.org.and_then(|o| o.uid))
                    .or_else(|| non_empty(tenant_uid.clone()))
                    .or_else(|| non_empty(cloud.account.and_then(|a| a.uid)));
            }
        }
        let (title, created) = match f.finding_info {
            Some(i) => (i.title, i.created_time),
            None => (None, None),
        };
        let time = f
            .time
            .or(created)
            .and_then(epoch)
            .or_else(|| f.time_dt.as_deref().and_then(parse_time));
        earliest(&mut ran, time);
        let muted = f.status.as_deref() == Some("Suppressed");
        let (mut result, status) =
            outcome(&mut scan, WORDS, f.status_code.as_deref(), id.as_deref());
        if muted {
            result = Outcome::Neither;
        }
        scan.results.push(RawCheck {
            id,
            title,
            outcome: result,
            status: if muted {
                format!("{status} (muted)")
            } else {
                status
            },
            place: format!("finding {}", n + 1),
        });
    }
    scan.ran = ran;
    provider_note(&mut scan, provider.as_deref());
    Ok(scan)
}

pub(crate) fn read_csv(text: &str) -> Result<RawScan, Problem> {
    let first_line = text.lines().next().unwrap_or_default();
    if !first_line.contains(';') {
        let message = if first_line.contains("Control ID") {
            "this looks like ScubaGear's CSV report: import the ScubaResults*.json next to it, which has the tenant and the time"
        } else {
            "not a result gapwalk recognises: expected Prowler's ;-separated CSV (with CHECK_ID and STATUS columns), Maester's or ScubaGear's JSON, or Prowler's OCSF JSON"
        };
        return Err(Problem::at(1, 1, message));
    }
    let records = csv::records(text, ';')?;
    let Some((header, rows)) = records.split_first() else {
        return Err(Problem::file("the CSV file has no header"));
    };
    let column = |name: &str| header.iter().position(|f| f.text.trim() == name);
    let (Some(check_col), Some(status_col)) = (column("CHECK_ID"), column("STATUS")) else {
        return Err(Problem::at(
            1,
            1,
            "not a Prowler CSV: the header has no CHECK_ID or no STATUS column",
        ));
    };
    let time_col = column("TIMESTAMP");
    let title_col = column("CHECK_TITLE");
    let muted_col = column("MUTED");
    let version_col = column("PROWLER_VERSION");
    let provider_col = column("PROVIDER");
    let org_col = column("ACCOUNT_ORGANIZATION_UID");
    let account_col = column("ACCOUNT_UID");
    let mut scan = RawScan::new(ScanTool::Prowler, Problem::at(1, 1, NO_TIME));
    let mut ran = None;
    let mut provider = None;
    for row in rows {
        if row.len() != header.len() {
            let (line, col) = (row[0].line, row[0].column);
            return Err(Problem::at(
                line,
                col,
                format!(
                    "this row has {} fields and the header {}: expected one value per column, separated by ;",
                    row.len(),
                    header.len()
                ),
            ));
        }
        let get = |c: Option<usize>| {
            c.map(|c| row[c].text.as_str())
                .filter(|s| !s.trim().is_empty())
        };
        if let Some(t) = get(time_col) {
            let f = &row[time_col.unwrap_or_default()];
            let time = t
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(epoch)
                .or_else(|| parse_time(t))
                .ok_or_else(|| {
                    Problem::at(
                        f.line,
                        f.column,
                        format!(
                            "TIMESTAMP \"{}\" is not a date and time such as 2025-02-14 14:27:30",
                            super::clean_id(t)
                        ),
                    )
                })?;
            earliest(&mut ran, Some(time));
        }
        if scan.tool_version.is_none() {
            scan.tool_version = get(version_col).map(str::to_string);
        }
        if provider.is_none() {
            provider = get(provider_col).map(str::to_string);
        }
        if scan.tenant.is_none() {
            scan.tenant = get(org_col)
                .or_else(|| get(account_col))
                .map(str::to_string);
        }
        let id = Some(row[check_col].text.clone());
        let muted = get(muted_col).is_some_and(|m| m.trim().eq_ignore_ascii_case("true"));
        let (mut result, status) =
            outcome(&mut scan, WORDS, Some(&row[status_col].text), id.as_deref());
        if muted {
            result = Outcome::Neither;
        }
        scan.results.push(RawCheck {
            id,
            title: get(title_col).map(str::to_string),
            outcome: result,
            status: if muted {
                format!("{status} (muted)")
            } else {
                status
            },
            place: format!("row {} (line {})", scan.results.len() + 2, row[0].line),
        });
    }
    scan.ran = ran;
    provider_note(&mut scan, provider.as_deref());
    Ok(scan)
}
