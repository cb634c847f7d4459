//! The summary screen: governance findings and the charts beside them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{ViewState, hanging, highlight};
use crate::analysis::Severity;
use crate::assessment::{Answer, non_blank};
use crate::text::sanitize;
use crate::tui::app::App;
use crate::tui::view::workshop::answer_tag;

pub fn render_summary(app: &App, frame: &mut Frame, area: Rect, view: &mut ViewState) {
    let charts_width = (area.width * 2 / 5).clamp(30, 70);
    let [findings, charts] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(charts_width)]).areas(area);
    render_findings(app, frame, findings, view);
    render_charts(app, frame, charts);
}

fn render_findings(app: &App, frame: &mut Frame, area: Rect, view: &mut ViewState) {
    let t = &app.theme;
    let s = &app.analysis.summary;
    let title = format!(
        " Findings: {} high · {} medium · {} low ",
        s.count(Severity::High),
        s.count(Severity::Medium),
        s.count(Severity::Low)
    );
    let block = Block::bordered()
        .border_style(t.border_focus)
        .title(Span::styled(title, t.heading));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    view.list_area = Rect::default();
    view.list_rows.clear();
    view.detail_area = Rect::default();
    let height = inner.height as usize;
    view.page = height.saturating_sub(1).max(1);
    if s.findings.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "No findings: every item is answered, owned, evidenced and current.",
                t.ok,
            )),
            inner,
        );
        return;
    }
    let selected = app.summary_selected.min(s.findings.len() - 1);
    let offset = super::keep_in_view(view.summary_offset, selected, height);
    view.summary_offset = offset;
    let width = inner.width as usize;
    let lines: Vec<Line> = s
        .findings
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, f)| {
            let sev = format!("{:<7}", f.severity.as_str().to_uppercase());
            let kind = format!("{:<24}", f.kind.as_str());
            let used = sev.len() + kind.len();
            let msg: String = sanitize(&f.message)
                .chars()
                .take(width.saturating_sub(used))
                .collect();
            let mut spans = vec![
                Span::styled(sev, t.severity(f.severity)),
                Span::styled(kind, t.dim),
                Span::styled(msg, t.text),
            ];
            if i == selected {
                highlight(&mut spans, width, t.selected);
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_charts(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let s = &app.analysis.summary;
    let block = Block::bordered().border_style(t.border);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let label_w = 15usize;
    let bar_w = width.saturating_sub(label_w + 8).max(4);
    let mut lines: Vec<Line> = Vec::new();

    // The same audit-ready rule as the SoA and the gap report.
    let (ready, total) = s.readiness(None);
    let (clauses, ctotal) = s.readiness(Some(crate::catalog::ItemKind::Clause));
    let (controls, atotal) = s.readiness(Some(crate::catalog::ItemKind::Control));
    lines.push(Line::styled(
        format!("AUDIT-READY {ready}/{total}"),
        t.heading,
    ));
    lines.push(Line::styled(
        format!("  clauses {clauses}/{ctotal}, Annex A {controls}/{atotal}"),
        t.text,
    ));
    lines.push(Line::raw(""));
    lines.push(Line::styled("ANSWERS BY THEME", t.heading));
    for theme in &s.themes {
        let total = theme.progress.total.max(1);
        let mut spans = vec![Span::styled(
            format!("{:<label_w$}", theme.theme.label()),
            t.text,
        )];
        let mut used = 0;
        for answer in Answer::ALL {
            let n = theme.answers.get(&answer).copied().unwrap_or(0);
            let cells = (n * bar_w).div_ceil(total).min(bar_w - used);
            if cells > 0 {
                spans.push(Span::styled(
                    bar_glyph(answer).repeat(cells),
                    t.answer(Some(answer)),
                ));
                used += cells;
            }
        }
        spans.push(Span::styled("·".repeat(bar_w - used), t.unanswered));
        spans.push(Span::styled(
            format!(
                " {:>3}/{:<3}",
                theme.progress.answered, theme.progress.total
            ),
            t.dim,
        ));
        lines.push(Line::from(spans));
    }
    let mut legend = vec![Span::raw(" ".repeat(2))];
    for answer in Answer::ALL {
        legend.push(Span::styled(bar_glyph(answer), t.answer(Some(answer))));
        legend.push(Span::styled(
            format!("{} ", answer_tag(Some(answer)).trim()),
            t.dim,
        ));
    }
    lines.push(Line::from(legend));
    lines.push(Line::raw(""));

    lines.push(Line::styled("FINDINGS BY SEVERITY", t.heading));
    let most = Severity::ALL
        .iter()
        .map(|&sv| s.count(sv))
        .max()
        .unwrap_or(0)
        .max(1);
    for sv in Severity::ALL {
        let n = s.count(sv);
        let cells = (n * bar_w).div_ceil(most);
        lines.push(Line::from(vec![
            Span::styled(format!("{:<label_w$}", sv.as_str()), t.text),
            Span::styled("█".repeat(cells), t.severity(sv)),
            Span::styled(format!(" {n}"), t.dim),
        ]));
    }
    lines.push(Line::raw(""));
    lines.extend(observed_summary(app, width));

    lines.push(Line::styled("OWNER LOAD (items owned)", t.heading));
    let top = s.owners.iter().map(|o| o.items).max().unwrap_or(0).max(1);
    if s.owners.is_empty() {
        lines.push(Line::styled("  nobody owns anything yet", t.hint));
    }
    for o in s.owners.iter().take(8) {
        let name: String = sanitize(&o.owner).chars().take(label_w - 1).collect();
        let cells = (o.items * bar_w).div_ceil(top);
        lines.push(Line::from(vec![
            Span::styled(format!("{name:<label_w$}"), t.text),
            Span::styled("█".repeat(cells), t.heading),
            Span::styled(format!(" {}", o.items), t.dim),
        ]));
    }

    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("SESSIONS ({})", app.assessment.sessions.len()),
        t.heading,
    ));
    if app.assessment.sessions.is_empty() {
        lines.push(Line::styled(
            format!(
                "  none recorded: {} starts one",
                app.workshop_key(crate::tui::msg::Command::StartSession)
            ),
            t.hint,
        ));
    }
    for session in &app.assessment.sessions {
        let covered: Vec<&str> = app
            .catalog
            .items()
            .iter()
            .filter(|i| app.assessment.item(&i.id).session.as_deref() == Some(session.id.as_str()))
            .map(|i| i.id.as_ref())
            .collect();
        let who = session
            .facilitator
            .as_deref()
            .map_or_else(String::new, |f| format!(", {}", sanitize(f)));
        let head = format!(
            "{}{who}: {} item{}",
            session.id,
            covered.len(),
            if covered.len() == 1 { "" } else { "s" }
        );
        lines.extend(hanging(&head, width, "  ", "    ", t.text));
        if !covered.is_empty() {
            lines.extend(hanging(&covered.join(" "), width, "    ", "    ", t.dim));
        }
    }

    let follow_ups: Vec<(String, String)> = app
        .catalog
        .items()
        .iter()
        .filter_map(|i| {
            non_blank(app.assessment.item(&i.id).follow_up.as_deref())
                .map(|f| (i.id.to_string(), f.to_string()))
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("PARKING LOT ({})", follow_ups.len()),
        t.heading,
    ));
    if follow_ups.is_empty() {
        lines.push(Line::styled("  nothing to follow up", t.hint));
    }
    for (id, question) in follow_ups {
        lines.extend(hanging(
            &format!("{id}: {question}"),
            width,
            "  ? ",
            "    ",
            t.warning,
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The latest scan of each tool and how many items they contradict or
/// show drift on; nothing before a scan is imported.
fn observed_summary(app: &App, width: usize) -> Vec<Line<'static>> {
    use crate::analysis::FindingKind;
    let t = &app.theme;
    let scans = &app.assessment.scans;
    if scans.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::styled("OBSERVED IN THE TENANT", t.heading)];
    let mut latest: Vec<&crate::assessment::ScanRecord> = Vec::new();
    for s in scans {
        match latest.iter_mut().find(|l| l.tool == s.tool) {
            Some(l) if l.ran < s.ran => *l = s,
            Some(_) => {}
            None => latest.push(s),
        }
    }
    latest.sort_by_key(|s| s.tool);
    for s in latest {
        let text = format!(
            "{} {}: {} passed, {} failed",
            s.tool.label(),
            s.ran.date_naive(),
            s.passed.len(),
            s.failed.len()
        );
        lines.extend(hanging(&text, width, "  ", "    ", t.text));
    }
    let count = |kind| {
        app.analysis
            .summary
            .findings
            .iter()
            .filter(|f| f.kind == kind)
            .count()
    };
    let text = format!(
        "{} contradicted by a scan · {} with drift since the previous scan",
        count(FindingKind::ContradictedByScan),
        count(FindingKind::ScanDrift)
    );
    lines.extend(hanging(&text, width, "  ", "    ", t.warning));
    lines.push(Line::raw(""));
    lines
}

/// Distinct fill per answer so the bars read without colour too.
fn bar_glyph(answer: Answer) -> &'static str {
    match answer {
        Answer::MicrosoftProvides => "▒",
        Answer::Shared => "▓",
        Answer::WeManage => "█",
        Answer::Gap => "X",
        Answer::NotApplicable => "░",
    }
}
