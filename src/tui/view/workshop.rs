//! The workshop screen: the item list and the selected item in full.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{ViewState, bullet_lines, hanging, highlight, paragraph_lines};
use crate::analysis::{FindingKind, due_for_review, inclusion_label, score_phrase};
use crate::assessment::{Answer, non_blank};
use crate::catalog::Theme as Group;
use crate::text::sanitize;
use crate::tui::app::App;
use crate::tui::msg::Command;
use crate::tui::theme::Theme;

/// The tag shown for an answer in the list: short enough for a projector
/// row, distinct without colour.
pub fn answer_tag(answer: Option<Answer>) -> &'static str {
    match answer {
        None => " · ",
        Some(Answer::MicrosoftProvides) => "MS ",
        Some(Answer::Shared) => "SH ",
        Some(Answer::WeManage) => "WE ",
        Some(Answer::Gap) => "GAP",
        Some(Answer::NotApplicable) => "N/A",
    }
}

pub fn render_workshop(app: &App, frame: &mut Frame, area: Rect, view: &mut ViewState) {
    let list_width = (area.width * 2 / 5).clamp(28, 64);
    let [list, detail] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Min(1)]).areas(area);
    render_list(app, frame, list, view);
    render_detail(app, frame, detail, view);
}

enum Row {
    Group(Group),
    Item(usize),
}

fn render_list(app: &App, frame: &mut Frame, area: Rect, view: &mut ViewState) {
    let block = Block::bordered()
        .border_style(app.theme.border)
        .title(Span::styled(" Items ", app.theme.heading));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let items = app.catalog.items();
    let mut rows = Vec::new();
    let mut group = None;
    for pos in app.visible() {
        if group != Some(items[pos].theme) {
            group = Some(items[pos].theme);
            rows.push(Row::Group(items[pos].theme));
        }
        rows.push(Row::Item(pos));
    }
    let height = inner.height as usize;
    view.page = height.saturating_sub(1).max(1);
    let selected_row = rows
        .iter()
        .position(|r| matches!(r, Row::Item(p) if *p == app.selected))
        .unwrap_or(0);
    // Keep the selection in view, with its group heading when it fits.
    let mut offset = view.list_offset.min(rows.len().saturating_sub(1));
    if selected_row < offset + 1 {
        offset = selected_row.saturating_sub(1);
    }
    if selected_row >= offset + height {
        offset = selected_row + 1 - height;
    }
    view.list_offset = offset;
    view.list_area = inner;
    view.list_rows.clear();

    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(vec![
                Line::styled("No item matches the filter.", app.theme.hint),
                Line::styled(
                    format!(
                        "Press {} to show every item.",
                        app.workshop_key(Command::ClearFilter)
                    ),
                    app.theme.hint,
                ),
            ]),
            inner,
        );
        return;
    }

    let width = inner.width as usize;
    let progress = &app.analysis.summary.themes;
    let mut lines = Vec::new();
    for row in rows.iter().skip(offset).take(height) {
        match row {
            Row::Group(g) => {
                view.list_rows.push(None);
                let p = progress
                    .iter()
                    .find(|t| t.theme == *g)
                    .map(|t| t.progress)
                    .unwrap_or_default();
                let count = format!(" {}/{}", p.answered, p.total);
                let label = fit(g.label(), width.saturating_sub(count.len()));
                lines.push(Line::from(vec![
                    Span::styled(label, app.theme.group),
                    Span::styled(count, app.theme.dim),
                ]));
            }
            Row::Item(pos) => {
                view.list_rows.push(Some(*pos));
                lines.push(item_row(app, *pos, width));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn item_row(app: &App, pos: usize, width: usize) -> Line<'static> {
    let t = &app.theme;
    let item = &app.catalog.items()[pos];
    let answer = app.answer_at(pos);
    let marker = match app.analysis.worst(pos) {
        Some(s) => Span::styled("!", t.severity(s)),
        None => Span::raw(" "),
    };
    let id = format!("{:<7}", item.id);
    let title_width = width.saturating_sub(4 + id.chars().count() + 2);
    let title = fit(&sanitize(&item.title), title_width);
    let mut spans = vec![
        Span::styled(answer_tag(answer), t.answer(answer)),
        Span::raw(" "),
        Span::styled(id, t.dim),
        Span::styled(title, t.text),
        Span::raw(" "),
        marker,
    ];
    if pos == app.selected {
        highlight(&mut spans, width, t.selected);
    }
    Line::from(spans)
}

/// Cuts text to a width, with an ellipsis when it does not fit, padded.
fn fit(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n <= width {
        format!("{text:<width$}")
    } else if width == 0 {
        String::new()
    } else {
        let mut s: String = text.chars().take(width - 1).collect();
        s.push('…');
        s
    }
}

fn render_detail(app: &App, frame: &mut Frame, area: Rect, view: &mut ViewState) {
    let t = &app.theme;
    let item = &app.catalog.items()[app.selected];
    let block = Block::bordered()
        .border_style(t.border_focus)
        .title(Span::styled(format!(" {} ", item.id), t.heading));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    view.detail_area = inner;
    let width = inner.width as usize;
    let lines = detail_lines(app, width);
    let max_scroll = lines.len().saturating_sub(inner.height as usize);
    let scroll = (app.detail_scroll as usize).min(max_scroll) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// The selected item: the recorded answer first, then the guidance.
pub fn detail_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let item = &app.catalog.items()[app.selected];
    let r = app.assessment.item(&item.id);
    let mut out: Vec<Line<'static>> = Vec::new();

    out.extend(paragraph_lines(
        &format!("{}  {}", item.id, item.title),
        width,
        "",
        t.title,
    ));
    let mut sub = vec![Span::styled(item.theme.label().to_string(), t.dim)];
    if let Some(s) = item.suggested_answer {
        sub.push(Span::styled("  ·  usually: ", t.dim));
        sub.push(Span::styled(s.label().to_string(), t.hint));
    }
    out.push(Line::from(sub));
    out.push(Line::raw(""));

    let label = |s: &str| Span::styled(format!("{s:<10}"), t.heading);
    let value = |s: String, style: Style| Span::styled(s, style);
    let none = || Span::styled("—".to_string(), t.dim);
    out.push(Line::from(vec![
        label("Answer"),
        match r.answer {
            Some(a) => value(a.label().to_string(), t.answer(Some(a))),
            None => Span::styled("not answered yet".to_string(), t.dim),
        },
    ]));
    out.push(Line::from(vec![
        label("Owner"),
        r.owner().map_or_else(none, |o| value(sanitize(o), t.text)),
    ]));
    let interval = app.assessment.review_interval();
    out.push(Line::from(vec![
        label("Reviewed"),
        match r.reviewed {
            Some(d) => {
                let due = due_for_review(d, interval);
                let style = if app.today > due { t.warning } else { t.text };
                value(format!("{d} (next due {due})"), style)
            }
            None => none(),
        },
    ]));
    out.extend(changed_since_review(app, item, width));
    let key = |c: Command| app.workshop_key(c);
    match non_blank(r.reliance.as_deref()) {
        Some(reliance) => push_labelled(&mut out, "Reliance", reliance, width, t),
        // "Microsoft provides" without a recorded assurance is the finding
        // this tool exists for: say what is missing where it is missing.
        None if matches!(r.answer, Some(Answer::MicrosoftProvides | Answer::Shared)) => {
            let text = format!(
                "— which Microsoft assurance? ({} records it)",
                key(Command::EditReliance)
            );
            push_labelled(
                &mut out,
                "Reliance",
                &text,
                width,
                &Theme {
                    text: t.warning,
                    ..t.clone()
                },
            );
        }
        None => {}
    }
    if r.answer == Some(Answer::NotApplicable) && non_blank(r.justification.as_deref()).is_none() {
        let text = format!(
            "— why is it excluded? ({} records it)",
            key(Command::EditJustification)
        );
        push_labelled(
            &mut out,
            "Justified",
            &text,
            width,
            &Theme {
                text: t.warning,
                ..t.clone()
            },
        );
    }
    if !r.included_because.is_empty() {
        // "Risk assessment" names the risks that cite the control, as the
        // SoA does.
        let cited: Vec<String> = app
            .assessment
            .risks_citing(&item.id)
            .map(|r| r.id.clone())
            .collect();
        let reasons: Vec<String> = r
            .included_because
            .iter()
            .map(|&reason| inclusion_label(reason, &cited))
            .collect();
        push_labelled(&mut out, "Included", &reasons.join(", "), width, t);
    }
    if let Some(j) = non_blank(r.justification.as_deref()) {
        push_labelled(&mut out, "Justified", j, width, t);
    }
    // The risks of the register this control treats (K shows them all).
    let scale = app.assessment.risk_scale();
    let treats: Vec<String> = app
        .assessment
        .risks_citing(&item.id)
        .map(|risk| {
            format!(
                "{} {} ({})",
                risk.id,
                risk.title.trim(),
                score_phrase(&scale, risk)
            )
        })
        .collect();
    if !treats.is_empty() {
        out.push(Line::from(label("Treats")));
        out.extend(bullet_lines(&treats, width, t.text));
    }
    if !r.relies_on.is_empty() {
        out.push(Line::from(label("Relies on")));
        let licensed = app
            .catalog
            .expand_licences(app.assessment.licences.iter().map(String::as_str));
        for c in &r.relies_on {
            out.extend(capability_line(app, c, &licensed, width, t));
        }
    }
    if r.evidence.is_empty() {
        out.push(Line::from(vec![label("Evidence"), none()]));
    } else {
        out.push(Line::from(label("Evidence")));
        for e in &r.evidence {
            let mut text = sanitize(&e.what);
            if let Some(w) = non_blank(e.location.as_deref()) {
                text.push_str(&format!(" — {}", sanitize(w)));
            }
            if let Some(d) = e.date {
                text.push_str(&format!(" ({d})"));
            }
            out.extend(bullet_lines(&[text], width, t.text));
        }
    }
    match &r.action {
        None => out.push(Line::from(vec![label("Action"), none()])),
        Some(a) => {
            let mut text = sanitize(&a.what);
            if let Some(o) = non_blank(a.owner.as_deref()) {
                text.push_str(&format!(" — {}", sanitize(o)));
            }
            if let Some(d) = a.due {
                text.push_str(&format!(", due {d}"));
            }
            let style = match a.done {
                Some(d) => {
                    text.push_str(&format!(", done {d}"));
                    t.ok
                }
                None if a.due.is_some_and(|d| d < app.today) => t.error,
                None => t.text,
            };
            push_labelled(
                &mut out,
                "Action",
                &text,
                width,
                &Theme {
                    text: style,
                    ..t.clone()
                },
            );
        }
    }
    if let Some(f) = non_blank(r.follow_up.as_deref()) {
        push_labelled(
            &mut out,
            "Follow-up",
            f,
            width,
            &Theme {
                text: t.warning,
                ..t.clone()
            },
        );
    }
    out.extend(observed_lines(app, item, width));
    let findings: Vec<_> = app.analysis.by_item[app.selected]
        .iter()
        .filter(|f| f.kind != FindingKind::Unanswered)
        .collect();
    if !findings.is_empty() {
        out.push(Line::raw(""));
        out.push(Line::styled("FINDINGS", t.heading));
        for f in findings {
            out.extend(hanging(
                &f.message,
                width,
                "  ! ",
                "    ",
                t.severity(f.severity),
            ));
        }
    }
    let place = crate::assessment::Place::Item(item.id.to_string());
    let conflicts: Vec<String> = app
        .assessment
        .conflicts_at(&place)
        .map(|(_, c)| {
            format!(
                "{}: ours {}, theirs {}",
                c.field.label(),
                crate::assessment::describe_value(c.ours.as_ref()),
                crate::assessment::describe_value(c.theirs.as_ref())
            )
        })
        .collect();
    if !conflicts.is_empty() {
        out.push(Line::raw(""));
        out.push(Line::styled(
            format!(
                "MERGE CONFLICTS ({} settles them)",
                key(Command::ResolveConflicts)
            ),
            t.heading,
        ));
        for c in conflicts {
            out.extend(hanging(&c, width, "  ≠ ", "    ", t.high));
        }
    }
    if let Some(notes) = non_blank(r.notes.as_deref()) {
        out.push(Line::raw(""));
        out.push(Line::styled("NOTES", t.heading));
        out.extend(paragraph_lines(notes, width, "  ", t.text));
    }

    out.push(Line::raw(""));
    out.push(Line::styled("MICROSOFT PROVIDES", t.heading));
    out.extend(paragraph_lines(
        &item.microsoft_provides,
        width,
        "  ",
        t.text,
    ));
    out.push(Line::styled("THE ORGANISATION MUST", t.heading));
    out.extend(paragraph_lines(
        &item.organisation_must,
        width,
        "  ",
        t.text,
    ));
    out.push(Line::styled("ASK THE ROOM", t.heading));
    out.extend(bullet_lines(&item.questions, width, t.text));
    out.push(Line::styled("EVIDENCE AUDITORS EXPECT", t.heading));
    out.extend(bullet_lines(&item.evidence, width, t.text));
    if !item.capabilities.is_empty() {
        out.push(Line::styled("MICROSOFT 365 CAPABILITIES", t.heading));
        let licensed = app
            .catalog
            .expand_licences(app.assessment.licences.iter().map(String::as_str));
        for c in item.capabilities.iter() {
            out.extend(capability_line(app, c, &licensed, width, t));
        }
    }
    out
}

/// "Observed in the tenant": per tool, the latest scan's result for the
/// item, its failing checks with their titles (plain text, sanitised) and
/// the checks that passed in the scan before. Nothing for a clause, or
/// before any scan is imported.
fn observed_lines(app: &App, item: &crate::catalog::Item, width: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let observed = crate::analysis::observed(&app.assessment, item, app.today);
    if observed.is_empty() {
        return Vec::new();
    }
    let mut out = vec![
        Line::raw(""),
        Line::styled("OBSERVED IN THE TENANT", t.heading),
    ];
    for o in &observed {
        let n = o.observation;
        let mut head = format!(
            "{} {}: {} passed, {} failed",
            o.scan.tool.label(),
            o.scan.ran.date_naive(),
            n.passed,
            n.failed
        );
        if n.not_judged > 0 {
            head.push_str(&format!(", {} not judged", n.not_judged));
        }
        let style = if n.failed > 0 { t.high } else { t.ok };
        out.extend(hanging(&head, width, "  ", "    ", style));
        let drifted = o.drifted();
        for (id, title) in o.failing() {
            let mut text = sanitize(id);
            if !title.is_empty() {
                text.push_str(&format!(" {}", sanitize(title)));
            }
            if drifted.contains(&id) {
                text.push_str(" (passed in the scan before)");
            }
            out.extend(hanging(&text, width, "    ✗ ", "      ", t.text));
        }
    }
    out.extend(hanging(
        "A scan shows configuration, not that the control is run or owned.",
        width,
        "  ",
        "  ",
        t.dim,
    ));
    out
}

/// What the catalog recorded after the room last reviewed the item (the
/// platform-changed finding), and the key that marks it reviewed.
fn changed_since_review(
    app: &App,
    item: &crate::catalog::Item,
    width: usize,
) -> Vec<Line<'static>> {
    let unseen = crate::analysis::unseen_changes(app.catalog, &app.assessment, app.today, item);
    if unseen.is_empty() {
        return Vec::new();
    }
    let what: Vec<String> = unseen.iter().map(|u| u.describe()).collect();
    let key = app.workshop_key(Command::MarkReviewed);
    let text = format!(
        "Changed since the room last reviewed this: {}.{}",
        what.join("; "),
        if key.is_empty() {
            String::new()
        } else {
            format!(" ({key} marks it reviewed)")
        }
    );
    hanging(&text, width, "", "  ", app.theme.warning)
}

fn push_labelled(out: &mut Vec<Line<'static>>, label: &str, text: &str, width: usize, t: &Theme) {
    let lines = paragraph_lines(text, width.saturating_sub(10), "", t.text);
    for (i, l) in lines.into_iter().enumerate() {
        let head = if i == 0 {
            Span::styled(format!("{label:<10}"), t.heading)
        } else {
            Span::raw(" ".repeat(10))
        };
        let mut spans = vec![head];
        spans.extend(l.spans);
        out.push(Line::from(spans));
    }
}

fn capability_line(
    app: &App,
    id: &str,
    licensed: &std::collections::HashSet<&str>,
    width: usize,
    t: &Theme,
) -> Vec<Line<'static>> {
    let Some(c) = app.catalog.capability(id) else {
        return vec![Line::styled(format!("  ? {}", sanitize(id)), t.dim)];
    };
    if app.catalog.is_licensed(id, licensed) {
        vec![Line::from(vec![
            Span::styled("  ✓ ", t.licensed),
            Span::styled(c.name.clone(), t.text),
        ])]
    } else {
        let needs = super::bringing_licences(app.catalog, id);
        let why = match needs.as_slice() {
            [] => "not in the tenant's licences".to_string(),
            [one] => format!("not in the tenant's licences: needs {one}"),
            [one, two, ..] => format!("not in the tenant's licences: needs {one} or {two}"),
        };
        let mut lines = vec![Line::from(vec![
            Span::styled("  ✗ ", t.unlicensed),
            Span::styled(c.name.clone(), t.text),
        ])];
        lines.extend(hanging(&why, width, "    ", "    ", t.unlicensed));
        lines
    }
}
