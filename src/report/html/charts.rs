//! Charts as inline SVG, drawn to a 680-unit-wide view box, with their numbers in text for screen readers.

use super::*;

// --- Charts: inline SVG, drawn to a 680-unit-wide view box. -----------------

pub(super) const CHART_W: f64 = 680.0;

/// The colours of the answers, as the CSS has them.
pub(super) fn answer_colour(a: Option<Answer>) -> &'static str {
    match a {
        Some(Answer::MicrosoftProvides) => "#2563eb",
        Some(Answer::Shared) => "#7c3aed",
        Some(Answer::WeManage) => "#047857",
        Some(Answer::Gap) => "#dc2626",
        Some(Answer::NotApplicable) => "#94a3b8",
        None => "#e2e8f0",
    }
}

/// Bar colours by severity: high and medium as the CSS colours their text
/// (`--high`, `--medium`); low lighter than its text, so bars stay quiet.
pub(super) fn severity_colour(s: Severity) -> &'static str {
    match s {
        Severity::High => "#b42318",
        Severity::Medium => "#b54708",
        Severity::Low => "#98a2b3",
    }
}

pub(super) fn chart(out: &mut String, c: &Chart) -> fmt::Result {
    match &c.kind {
        ChartKind::Stacked(bars) => stacked(out, c, bars),
        ChartKind::Bars(bars) if !bars.is_empty() => self::bars(out, c, bars),
        ChartKind::Load(bars) if !bars.is_empty() => load(out, c, bars),
        _ => match &c.empty {
            Some(empty) => writeln!(out, "<p class=\"note\">{}</p>", esc(empty)),
            None => Ok(()),
        },
    }
}

/// Opens a chart: its caption names it, and its `<desc>` (which screen
/// readers read, and which `aria-describedby` points at) carries every
/// number the bars show, in words.
pub(super) fn svg_open(
    out: &mut String,
    c: &Chart,
    height: f64,
    numbers: &[String],
) -> fmt::Result {
    writeln!(
        out,
        "<figure>\n<figcaption id=\"{id}\">{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {CHART_W} {height}\" role=\"img\" aria-labelledby=\"{id}\" aria-describedby=\"{id}-desc\" font-size=\"11\">\n<desc id=\"{id}-desc\">{}</desc>",
        esc(&c.caption),
        esc(&numbers.join("; ")),
        id = c.id,
    )
}

pub(super) fn svg_close(out: &mut String) -> fmt::Result {
    writeln!(out, "</svg>\n</figure>")
}

/// One 100% stacked bar per row, with a legend.
pub(super) fn stacked(out: &mut String, c: &Chart, rows: &[StackedBar]) -> fmt::Result {
    let (label_w, count_w, row_h, bar_h) = (118.0, 116.0, 26.0, 16.0);
    let bar_w = CHART_W - label_w - count_w;
    let legend_y = rows.len() as f64 * row_h + 12.0;
    let numbers: Vec<String> = rows
        .iter()
        .map(|t| {
            let parts: Vec<String> = t
                .segments
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|&(a, n)| format!("{} {n}", a.map_or("Not assessed", Answer::label)))
                .collect();
            format!("{}: {} of {}", t.label, parts.join(", "), t.total)
        })
        .collect();
    svg_open(out, c, legend_y + 22.0, &numbers)?;
    for (i, t) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        writeln!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            label_w - 8.0,
            y + bar_h - 4.0,
            esc(&t.label)
        )?;
        let total = t.total.max(1) as f64;
        let mut x = label_w;
        for &(answer, n) in &t.segments {
            if n == 0 {
                continue;
            }
            let w = bar_w * n as f64 / total;
            let label = answer.map_or("Not assessed", Answer::label);
            writeln!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{bar_h}\" fill=\"{}\"><title>{}: {n}</title></rect>",
                answer_colour(answer),
                esc(label)
            )?;
            if w >= 18.0 {
                let fill = if answer.is_none() {
                    "#475467"
                } else {
                    "#ffffff"
                };
                writeln!(
                    out,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10\" style=\"fill:{fill}\">{n}</text>",
                    x + w / 2.0,
                    y + bar_h - 4.5
                )?;
            }
            x += w;
        }
        writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" style=\"fill:#5f6b7a\">{}</text>",
            label_w + bar_w + 6.0,
            y + bar_h - 4.0,
            esc(&t.note)
        )?;
    }
    let mut x = label_w;
    for answer in Answer::ALL.iter().map(|&a| Some(a)).chain([None]) {
        let label = answer.map_or("Not assessed", Answer::label);
        writeln!(
            out,
            "<rect x=\"{x:.1}\" y=\"{legend_y:.1}\" width=\"10\" height=\"10\" fill=\"{}\" stroke=\"#cbd5e1\" stroke-width=\"0.5\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{}</text>",
            answer_colour(answer),
            x + 14.0,
            legend_y + 9.0,
            esc(label)
        )?;
        x += 14.0 + label.len() as f64 * 5.6 + 14.0;
    }
    svg_close(out)
}

/// One bar per row, coloured by severity.
pub(super) fn bars(out: &mut String, c: &Chart, rows: &[Bar]) -> fmt::Result {
    let (label_w, count_w, row_h, bar_h) = (290.0, 40.0, 22.0, 14.0);
    let bar_w = CHART_W - label_w - count_w;
    let max = rows.iter().map(|b| b.value).max().unwrap_or(1).max(1) as f64;
    let numbers: Vec<String> = rows
        .iter()
        .map(|b| format!("{}: {}", b.label, b.value))
        .collect();
    svg_open(out, c, rows.len() as f64 * row_h + 6.0, &numbers)?;
    for (i, b) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let w = (bar_w * b.value as f64 / max).max(2.0);
        writeln!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{bar_h}\" fill=\"{}\"><title>{}: {}</title></rect><text x=\"{:.1}\" y=\"{:.1}\" font-weight=\"600\">{}</text>",
            label_w - 8.0,
            y + bar_h - 3.0,
            esc(&b.label),
            severity_colour(b.severity),
            esc(&b.title),
            b.value,
            label_w + w + 5.0,
            y + bar_h - 3.0,
            b.value
        )?;
    }
    svg_close(out)
}

/// Bars with a highlighted part (owner load: items owned, gaps among them),
/// the ten longest.
pub(super) fn load(out: &mut String, c: &Chart, all: &[LoadBar]) -> fmt::Result {
    let rows: Vec<&LoadBar> = all.iter().take(10).collect();
    let (label_w, count_w, row_h, bar_h) = (200.0, 200.0, 22.0, 14.0);
    let bar_w = CHART_W - label_w - count_w;
    let max = rows.iter().map(|o| o.value).max().unwrap_or(1).max(1) as f64;
    let numbers: Vec<String> = rows
        .iter()
        .map(|o| {
            // What the figure and note beside the bar say.
            format!("{}: {}{}", o.label, o.figure, o.note)
        })
        .collect();
    svg_open(out, c, rows.len() as f64 * row_h + 28.0, &numbers)?;
    for (i, o) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let w = bar_w * o.value as f64 / max;
        let part_w = bar_w * o.part as f64 / max;
        let mut name = crate::text::sanitize(&o.label);
        if name.chars().count() > 32 {
            name = name.chars().take(31).collect::<String>() + "…";
        }
        writeln!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\"><title>{}</title>{}</text>",
            label_w - 8.0,
            y + bar_h - 3.0,
            esc(&o.label),
            esc(&name)
        )?;
        if o.value > 0 {
            writeln!(
                out,
                "<rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{bar_h}\" fill=\"#475467\"/>"
            )?;
        }
        if o.part > 0 {
            writeln!(
                out,
                "<rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{part_w:.1}\" height=\"{bar_h}\" fill=\"#dc2626\"/>"
            )?;
        }
        writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\"><tspan font-weight=\"600\">{}</tspan>{}</text>",
            label_w + w + 6.0,
            y + bar_h - 3.0,
            esc(&o.figure),
            esc(&o.note)
        )?;
    }
    let ly = rows.len() as f64 * row_h + 12.0;
    let (whole, part) = (&c.legend[0], &c.legend[1]);
    writeln!(
        out,
        "<rect x=\"{label_w}\" y=\"{ly:.1}\" width=\"10\" height=\"10\" fill=\"#475467\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{}</text><rect x=\"{:.1}\" y=\"{ly:.1}\" width=\"10\" height=\"10\" fill=\"#dc2626\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{}</text>",
        label_w + 14.0,
        ly + 9.0,
        esc(whole),
        label_w + 100.0,
        label_w + 114.0,
        ly + 9.0,
        esc(part)
    )?;
    svg_close(out)
}
