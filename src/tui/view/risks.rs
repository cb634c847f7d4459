//! The risk register screen: the risks with their score and treatment on
//! the left, the selected one on the right with the controls that treat it
//! (and how those stand) and what is wrong with it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{ViewState, cut, hanging, highlight, paragraph_lines};
use crate::analysis::FindingKind;
use crate::assessment::{Answer, Risk, RiskScale, non_blank};
use crate::text::sanitize;
use crate::tui::app::App;
use crate::tui::keys::Layer;
use crate::tui::msg::Command;

pub fn render_risks(app: &App, frame: &mut Frame, area: Rect, view: &mut ViewState) {
    view.list_area = Rect::default();
    view.list_rows.clear();
    view.detail_area = Rect::default();
    let list_width = (area.width / 2).clamp(30, 72);
    let [list, detail] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Min(1)]).areas(area);
    render_list(app, frame, list, view);
    render_detail(app, frame, detail);
}

/// The score ("6 high"), with its style (high in the high style).
fn score_span(app: &App, scale: &RiskScale, score: Option<u32>) -> Span<'static> {
    match score {
        Some(s) if scale.is_high(s) => Span::styled(format!("{s:>2} high"), app.theme.high),
        Some(s) => Span::styled(format!("{s:>2}     "), app.theme.text),
        None => Span::styled(" ·     ", app.theme.unanswered),
    }
}

fn render_list(app: &App, frame: &mut Frame, area: Rect, view: &mut ViewState) {
    let t = &app.theme;
    let a = &app.assessment;
    let scale = a.risk_scale();
    let high = a.risks.iter().filter(|r| r.is_high(&scale)).count();
    let title = format!(
        " Risk register: {} risk{} · {high} high ",
        a.risks.len(),
        if a.risks.len() == 1 { "" } else { "s" }
    );
    let block = Block::bordered()
        .border_style(t.border_focus)
        .title(Span::styled(title, t.heading));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let height = inner.height as usize;
    view.page = height.saturating_sub(2).max(1);
    if a.risks.is_empty() {
        let mut lines = paragraph_lines(
            &format!(
                "No risk is recorded yet. {} adds one: what could go wrong, how likely and how bad it is, how it is treated, and which controls treat it.",
                app.keymap.key(Layer::Risks, Command::AddRisk)
            ),
            width,
            "",
            t.text,
        );
        let uncited = uncited(app);
        if !uncited.is_empty() {
            lines.push(Line::raw(""));
            lines.extend(paragraph_lines(
                &format!(
                    "Included because of the risk assessment, yet no risk cites them: {}.",
                    uncited.join(", ")
                ),
                width,
                "",
                t.warning,
            ));
        }
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    let mut lines = vec![Line::styled(
        format!(
            "{:<8}{:<8}{:<9}{}",
            "RISK", "SCORE", "TREATED", "WHAT COULD GO WRONG"
        ),
        t.dim,
    )];
    let rows = height.saturating_sub(1);
    let selected = app.risk_selected.min(a.risks.len() - 1);
    let offset = super::keep_in_view(view.risk_offset, selected, rows);
    view.risk_offset = offset;
    for (i, risk) in a.risks.iter().enumerate().skip(offset).take(rows) {
        let worst = app.analysis.of_risk(i).iter().map(|f| f.severity).min();
        let id = format!("{:<8}", cut(&sanitize(&risk.id), 7));
        let treatment = format!("{:<9}", risk.treatment.map_or("·", |t| t.label()));
        let used = 8 + 7 + 1 + 9;
        let mut spans = vec![
            Span::styled(id, worst.map_or(t.text, |s| t.severity(s))),
            score_span(app, &scale, risk.score()),
            Span::raw(" "),
            Span::styled(treatment, t.dim),
            Span::styled(
                cut(&sanitize(risk.title.trim()), width.saturating_sub(used)),
                t.text,
            ),
        ];
        if i == selected {
            highlight(&mut spans, width, t.selected);
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The controls included because of the risk assessment that no risk cites.
fn uncited(app: &App) -> Vec<String> {
    app.analysis
        .summary
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::UnsupportedInclusion)
        .filter_map(|f| f.item.clone())
        .collect()
}

fn render_detail(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let block = Block::bordered().border_style(t.border);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(risk) = app.assessment.risks.get(app.risk_selected) else {
        let scale = app.assessment.risk_scale();
        let lines = paragraph_lines(
            &format!(
                "A risk is rated for likelihood and impact on the assessment's scale ({}); their product is its score. The Statement of Applicability cites a risk for every control it includes because of the risk assessment.",
                scale.legend()
            ),
            inner.width as usize,
            "",
            t.dim,
        );
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    };
    let lines = detail_lines(app, risk, inner.width as usize);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn detail_lines(app: &App, risk: &Risk, width: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let a = &app.assessment;
    let scale = a.risk_scale();
    let mut lines = hanging(
        &format!("{} {}", risk.id, risk.title.trim()),
        width,
        "",
        "",
        t.title,
    );
    if let Some(d) = non_blank(risk.description.as_deref()) {
        lines.extend(paragraph_lines(d, width, "", t.text));
    }
    lines.push(Line::raw(""));
    // A label, and its value wrapped under itself.
    let field = |label: &str, value: String, style| -> Vec<Line<'static>> {
        super::wrap(&sanitize(&value), width.saturating_sub(13).max(8))
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                let head = if i == 0 { label } else { "" };
                Line::from(vec![
                    Span::styled(format!("{head:<13}"), t.dim),
                    Span::styled(l, style),
                ])
            })
            .collect()
    };
    lines.extend(field(
        "Owner",
        risk.owner().unwrap_or("nobody").trim().to_string(),
        if risk.owner().is_some() {
            t.text
        } else {
            t.warning
        },
    ));
    let score_style = match risk.score() {
        Some(s) if scale.is_high(s) => t.high,
        _ => t.text,
    };
    lines.extend(field(
        "Rated",
        scale.rating_scored(risk.likelihood, risk.impact),
        score_style,
    ));
    lines.extend(field(
        "Treatment",
        risk.treatment
            .map_or("not decided", |t| t.label())
            .to_string(),
        t.text,
    ));
    if risk.has_residual() {
        lines.extend(field(
            "Residual",
            scale.rating_scored(risk.residual_likelihood, risk.residual_impact),
            t.text,
        ));
    }
    let accepted = match (non_blank(risk.accepted_by.as_deref()), risk.accepted_on) {
        (Some(by), Some(on)) => Some((format!("{} on {on}", by.trim()), t.text)),
        (by, on) if risk.needs_acceptance() || by.is_some() || on.is_some() => Some((
            format!(
                "{} on {}",
                by.map_or("nobody recorded", str::trim),
                on.map_or("no date".to_string(), |d| d.to_string())
            ),
            t.warning,
        )),
        _ => None,
    };
    if let Some((text, style)) = accepted {
        lines.extend(field("Accepted", text, style));
    }
    lines.extend(field(
        "Reviewed",
        risk.reviewed.map_or("never".to_string(), |d| d.to_string()),
        t.text,
    ));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("TREATED BY ({})", risk.controls.len()),
        t.heading,
    ));
    if risk.controls.is_empty() {
        lines.push(Line::styled(
            format!(
                "  no control yet: {} ticks them",
                app.keymap.key(Layer::Risks, Command::EditRiskControls)
            ),
            t.dim,
        ));
    }
    for id in &risk.controls {
        let answer = a.item(id).answer;
        let title = app.catalog.item(id).map_or("", |i| i.title.as_ref());
        let style = if answer.is_some_and(Answer::leaves_untreated) {
            t.error
        } else {
            t.text
        };
        let state = answer.map_or("unanswered", |a| a.label());
        lines.extend(hanging(
            &format!("{id} {title} — {state}"),
            width,
            "  ",
            "    ",
            style,
        ));
    }
    let findings = app.analysis.of_risk(app.risk_selected);
    if !findings.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("FINDINGS", t.heading));
        for f in findings {
            lines.extend(hanging(
                &format!("{} {}", f.severity.as_str().to_uppercase(), f.message),
                width,
                "  ",
                "    ",
                t.severity(f.severity),
            ));
        }
    }
    lines
}
