//! Tenant scans in the assessment results: what an imported Maester,
//! ScubaGear or Prowler result says about an item becomes an observation
//! with the TEST method, beside the room's (INTERVIEW, EXAMINE). A scan is
//! evidence about configuration, never an answer: its observations carry
//! no answer, and findings about a scan point to them. The scans shown
//! are the ones the findings are judged on: per tool, the latest that ran
//! by the as-of date.

use chrono::SecondsFormat;

use super::*;
use crate::analysis::observed;
use crate::assessment::{Observation as ScanObservation, ScanRecord};

fn uuid(cx: &Context, scan: &str, item: &str) -> Uuid {
    cx.ids.uuid(&format!("scan-observation/{scan}/{item}"))
}

/// What the latest scans up to the as-of date observed, item by item in
/// catalog order: the scans the findings are judged on.
pub(super) fn scan_observations(cx: &Context) -> Vec<Observation> {
    cx.catalog
        .items()
        .iter()
        .flat_map(|item| {
            observed(cx.assessment, item, cx.as_of)
                .into_iter()
                .map(move |o| observation(cx, item, o.scan, o.observation))
        })
        .collect()
}

/// The scan observations a finding about scans rests on.
pub(super) fn scan_observation_refs(
    cx: &Context,
    kind: FindingKind,
    item: &str,
) -> Vec<ObservationRef> {
    if !matches!(
        kind,
        FindingKind::ContradictedByScan | FindingKind::ScanDrift
    ) {
        return Vec::new();
    }
    let Some(item) = cx.catalog.item(item) else {
        return Vec::new();
    };
    observed(cx.assessment, item, cx.as_of)
        .into_iter()
        .map(|o| ObservationRef {
            observation_uuid: uuid(cx, &o.scan.id, &item.id),
        })
        .collect()
}

fn observation(cx: &Context, item: &Item, scan: &ScanRecord, o: &ScanObservation) -> Observation {
    let tool = scan.tool.label();
    let ran = scan.ran.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut description = format!("The checks gapwalk maps to {} in the {tool} scan", item.id);
    if let Some(v) = scan.version.as_deref().and_then(line) {
        description.push_str(&format!(" (version {v})"));
    }
    if let Some(t) = scan.tenant.as_deref().and_then(line) {
        description.push_str(&format!(" of tenant {t}"));
    }
    description.push_str(&format!(
        ", run {}: {} passed, {} failed, {} not judged.",
        scan.ran.date_naive(),
        o.passed,
        o.failed,
        o.not_judged
    ));
    let failing: Vec<String> = o.failing.iter().filter_map(|c| line(c)).collect();
    if !failing.is_empty() {
        description.push_str(&format!(" Failing: {}.", failing.join(", ")));
    }
    description
        .push_str(" A scan shows how the tenant is configured; it is not the room's answer.");
    Observation {
        uuid: uuid(cx, &scan.id, &item.id),
        title: format!(
            "{} {}: {tool} scan of {}",
            item.id,
            line_or(&item.title, ""),
            scan.ran.date_naive()
        ),
        description,
        props: vec![
            Prop::gapwalk("scan-tool", scan.tool.as_str()),
            Prop::gapwalk("scan-id", line_or(&scan.id, "scan")),
        ],
        methods: vec!["TEST"],
        types: vec!["control-objective"],
        origins: vec![Origin {
            actors: vec![Actor {
                kind: "party",
                actor_uuid: cx.parties.organisation(),
                role_id: None,
            }],
        }],
        subjects: vec![Subject {
            subject_uuid: organisation_component(cx),
            kind: "component",
            title: cx.organisation(),
        }],
        relevant_evidence: vec![RelevantEvidence {
            href: None,
            description: format!(
                "{tool} result {} (SHA-256 {}), imported {}",
                line_or(&scan.file, "file"),
                line_or(&scan.sha256, ""),
                scan.imported
            ),
        }],
        collected: ran,
    }
}
