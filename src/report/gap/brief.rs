//! The gap report's short form for a terminal or a CI log: the headline
//! figures, the findings by kind, the parking lot and the owner load.

use super::GapReport;
use crate::analysis::{Severity, risks_by_score, score_phrase};
use crate::catalog::ItemKind;
use crate::report::doc::{Block, Doc, Fact, Inline, Section, Tone};

/// The gap report as plain text.
pub(crate) fn gap_report_text(r: &GapReport) -> String {
    crate::report::plain::plain(&brief(r), false)
}

fn brief(r: &GapReport) -> Doc {
    let s = &r.summary;
    let mut figures = Section::new("figures", "");
    figures.push(Block::Verdict(Inline::from(r.verdict()), s.worst()));
    if let Some(c) = r.consequence() {
        figures.push(Block::Para(Inline::from(c)));
    }
    let (ready, total) = r.readiness(None);
    let (cready, ctotal) = r.readiness(Some(ItemKind::Clause));
    let (aready, atotal) = r.readiness(Some(ItemKind::Control));
    figures.push(Block::Facts(vec![
        Fact::new(
            "Audit-ready",
            format!(
                "{ready} of {total} items: {cready} of {ctotal} clauses, {aready} of {atotal} Annex A controls"
            ),
        ),
        Fact::new(
            "Progress",
            format!(
                "{} of {} items answered ({}%)",
                s.progress.answered,
                s.progress.total,
                s.progress.percent()
            ),
        ),
        Fact::new(
            "Findings",
            format!(
                "{} high, {} medium, {} low",
                s.count(Severity::High),
                s.count(Severity::Medium),
                s.count(Severity::Low)
            ),
        ),
    ]));
    let mut answers = Section::new("answers", "Answers by theme");
    answers.push(Block::Table(r.answers_table()));

    let mut findings = Section::new("findings", "Findings");
    for severity in Severity::ALL {
        for (kind, n) in s.by_kind() {
            if kind.severity() != severity {
                continue;
            }
            let of_kind = s.findings.iter().filter(|f| f.kind == kind);
            findings.push(Block::Heading(
                Inline::from(format!("[{severity}] {} ({n})", kind.title())),
                Tone::Severity(severity),
            ));
            findings.push(Block::List(
                of_kind.map(|f| Inline::from(f.message.as_str())).collect(),
            ));
        }
    }
    if s.findings.is_empty() {
        findings.push(Block::Para(Inline::from("No findings.")));
    }

    let mut sections = vec![figures, answers, findings];
    if let Some(register) = register(r) {
        sections.push(register);
    }
    if !s.not_assessed.is_empty() {
        let mut coverage = Section::new(
            "coverage",
            format!("Not yet assessed ({}, not findings)", s.not_assessed.len()),
        );
        // Dozens of these early on: the ids say enough.
        coverage.push(Block::Ids(
            s.not_assessed
                .iter()
                .map(|id| (id.clone(), String::new()))
                .collect(),
        ));
        sections.push(coverage);
    }
    if !s.follow_ups.is_empty() {
        let mut parking = Section::new(
            "parking-lot",
            format!("Parking lot ({} to follow up)", s.follow_ups.len()),
        );
        parking.push(Block::List(
            s.follow_ups
                .iter()
                .map(|f| Inline::from(format!("{}: {}", f.item, f.question)))
                .collect(),
        ));
        sections.push(parking);
    }
    let mut owners = Section::new("owners", "Owner load");
    if s.owners.is_empty() {
        owners.push(Block::Para(Inline::from("Nobody owns anything yet.")));
    } else {
        owners.push(Block::Table(r.owners_table()));
    }
    sections.push(owners);
    Doc {
        kind: "Gap assessment".to_string(),
        subject: s.organisation.clone(),
        title: Inline::from(format!("Gap assessment: {}", s.organisation)),
        banner: vec![
            Inline::new()
                .strong("gapwalk report:")
                .plain(format!(" {}", s.organisation)),
        ],
        meta: super::document::header(r),
        sections,
        ..Doc::default()
    }
}

/// The risk register in a line per risk, highest score first (the full
/// table is in the Markdown and HTML report).
fn register(r: &GapReport) -> Option<Section> {
    let a = r.assessment;
    if a.risks.is_empty() {
        return None;
    }
    let scale = a.risk_scale();
    let mut sec = Section::new("risks", format!("Risk register ({})", a.risks.len()));
    sec.push(Block::List(
        risks_by_score(a)
            .into_iter()
            .map(|risk| {
                let score = score_phrase(&scale, risk);
                let treatment = risk
                    .treatment
                    .map_or("treatment not decided", |t| t.as_str());
                let controls = if risk.controls.is_empty() {
                    "no control named".to_string()
                } else {
                    format!("treated by {}", risk.controls.join(", "))
                };
                Inline::new().strong(risk.id.clone()).plain(format!(
                    " {} ({score}): {treatment}, {controls}",
                    risk.title.trim()
                ))
            })
            .collect(),
    ));
    Some(sec)
}
