//! The gap report's risk register: every risk, highest score first, with
//! its treatment and the controls that treat it (and how those stand).
//! Shown once a risk is recorded, or when a control is included because
//! of the risk assessment and there is no register to cite.

use super::tables::answer_cell;
use super::{GapReport, plural};
use crate::analysis::{Severity, risks_by_score};
use crate::assessment::{Answer, Risk, RiskScale, non_blank};
use crate::catalog::ItemKind;
use crate::report::doc::{Block, Cell, Inline, Section, Table, Tone};

pub(super) fn risks(r: &GapReport) -> Option<Section> {
    let a = r.assessment;
    let for_risk: Vec<&str> = r
        .catalog
        .items()
        .iter()
        .filter(|i| i.kind == ItemKind::Control && a.item(&i.id).included_for_risk())
        .map(|i| i.id.as_ref())
        .collect();
    if a.risks.is_empty() && for_risk.is_empty() {
        return None;
    }
    let scale = a.risk_scale();
    let mut sec = Section::new("risks", "Risk register").nav("Risks");
    sec.push(Block::Para(Inline::from(format!(
        "The risks the organisation assessed, highest score first. A score is likelihood × impact on the assessment's scale ({}); above {} it is high. The Statement of Applicability cites these risks for the controls included because of the risk assessment.",
        scale.legend(),
        scale.high_above()
    ))));
    if a.risks.is_empty() {
        sec.push(Block::Para(Inline::from(format!(
            "No risk is recorded, yet {} control{} {} included because of the risk assessment ({}): without a register the Statement of Applicability cannot justify them.",
            for_risk.len(),
            plural(for_risk.len()),
            if for_risk.len() == 1 { "is" } else { "are" },
            for_risk.join(", ")
        ))));
        return Some(sec);
    }
    let mut t = Table::new([
        "Risk",
        "Owner",
        "Likelihood × impact",
        "Score",
        "Treatment",
        "Controls",
        "Residual",
        "Accepted",
    ])
    .widths(vec![22, 12, 12, 6, 8, 20, 10, 10]);
    for risk in risks_by_score(a) {
        t.rows.push(row(r, &scale, risk));
    }
    sec.push(Block::Table(t));
    Some(sec)
}

fn row(r: &GapReport, scale: &RiskScale, risk: &Risk) -> Vec<Cell> {
    let score = match risk.score() {
        Some(s) if scale.is_high(s) => Cell::num(s as usize).tone(Tone::Severity(Severity::High)),
        Some(s) => Cell::num(s as usize),
        None => Cell::empty(),
    };
    let controls: Vec<String> = risk
        .controls
        .iter()
        .map(|id| {
            let answer = answer_cell(r.assessment.item(id).answer);
            format!(
                "{id} ({})",
                answer.lines.first().map(Inline::text).unwrap_or_default()
            )
        })
        .collect();
    let weak = risk.controls.iter().any(|id| {
        r.assessment
            .item(id)
            .answer
            .is_some_and(Answer::leaves_untreated)
    });
    let controls = if controls.is_empty() {
        Cell::text("None named")
    } else {
        Cell::lines(controls)
    };
    let controls = if weak {
        controls.tone(Tone::Severity(Severity::High))
    } else {
        controls
    };
    let residual = match risk.residual_score() {
        Some(s) => Cell::text(format!(
            "{s}: {}",
            scale.rating(risk.residual_likelihood, risk.residual_impact)
        )),
        None => Cell::empty(),
    };
    let accepted = match (non_blank(risk.accepted_by.as_deref()), risk.accepted_on) {
        (Some(by), Some(on)) => Cell::lines(vec![by.trim().to_string(), on.to_string()]),
        _ if risk.needs_acceptance() => {
            Cell::text("Not recorded").tone(Tone::Severity(Severity::Medium))
        }
        (Some(by), None) => Cell::text(by.trim()),
        (None, _) => Cell::empty(),
    };
    let title = risk.title.trim();
    vec![
        Cell::inline(
            Inline::new()
                .strong(risk.id.clone())
                .plain(format!(" {title}")),
        ),
        Cell::opt(risk.owner().map(str::trim)),
        Cell::text(crate::text::capitalise(
            &scale.rating(risk.likelihood, risk.impact),
        )),
        score,
        Cell::text(risk.treatment.map_or("Not decided", |t| t.label())),
        controls,
        residual,
        accepted,
    ]
}
