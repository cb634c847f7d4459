//! The HTML writer: renders a [`Doc`] as one self-contained file with
//! inline CSS and SVG charts, no scripts, nothing loaded from anywhere (a
//! Content-Security-Policy says so too), laid out to print on A4.

use std::fmt::{self, Write};

use super::doc::{
    Bar, Block, Cell, Chart, ChartKind, Doc, FindingLine, Inline, ItemBlock, Kpi, LoadBar,
    RecordEntry, Section, StackedBar, Table, Tone,
};
use crate::analysis::Severity;
use crate::assessment::Answer;
use crate::text::{capitalise, escape_html as esc};

const STYLE: &str = r#"
:root {
  --ink: #1f2933; --muted: #5f6b7a; --line: #d8dee6; --soft: #f4f6f9;
  --high: #b42318; --medium: #b54708; --low: #475467;
  --ms: #2563eb; --shared: #7c3aed; --ours: #047857; --gap: #dc2626; --na: #94a3b8; --none: #e2e8f0;
}
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { color: var(--ink); font: 10.5pt/1.45 "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
body { max-width: 62rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
h1 { font-size: 22pt; line-height: 1.15; margin: 0 0 6pt; }
h2 { font-size: 15pt; margin: 22pt 0 8pt; padding-bottom: 3pt; border-bottom: 2px solid var(--ink); break-after: avoid; }
h3 { font-size: 12pt; margin: 14pt 0 6pt; break-after: avoid; }
h4 { font-size: 10.5pt; margin: 0 0 3pt; break-after: avoid; }
p { margin: 0 0 6pt; }
.kicker { text-transform: uppercase; letter-spacing: .06em; font-size: 8.5pt; color: var(--muted); margin: 0 0 4pt; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2pt 12pt; margin: 8pt 0 0; font-size: 9.5pt; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
nav.toc { margin: 14pt 0 0; padding: 6pt 10pt; background: var(--soft); border-radius: 4pt; font-size: 9pt; }
nav.toc a { color: var(--ink); margin-right: 12pt; white-space: nowrap; }
.verdict { font-size: 12pt; font-weight: 600; padding: 6pt 10pt; border-left: 4pt solid var(--low); background: var(--soft); }
.verdict.high { border-color: var(--high); }
.verdict.medium { border-color: var(--medium); }
.kpis { display: grid; grid-template-columns: repeat(5, 1fr); gap: 6pt; margin: 10pt 0; }
.kpi { border: 1px solid var(--line); border-radius: 4pt; padding: 6pt 8pt; break-inside: avoid; }
.kpi b { display: block; font-size: 17pt; line-height: 1.2; }
.kpi span { font-size: 8.5pt; color: var(--muted); }
.kpi.high b { color: var(--high); } .kpi.medium b { color: var(--medium); } .kpi.low b { color: var(--low); }
figure { margin: 10pt 0 14pt; break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: 4pt; }
svg { display: block; width: 100%; height: auto; }
svg text { fill: var(--ink); }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; margin: 4pt 0 12pt; }
thead { display: table-header-group; }
th, td { text-align: left; vertical-align: top; padding: 3pt 4pt; border-bottom: 1px solid var(--line); overflow-wrap: break-word; hyphens: auto; }
th { background: var(--soft); border-bottom: 1.5px solid #98a2b3; font-weight: 600; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.muted { color: #98a2b3; }
table.fixed { table-layout: fixed; }
td.nw { white-space: nowrap; }
td .tag { white-space: normal; }
.pre { white-space: pre-line; }
.tag { display: inline-block; padding: 0 4pt; border-radius: 3pt; font-size: 8pt; font-weight: 600; white-space: nowrap; }
.ans-microsoft-provides { background: #dbeafe; color: #1e40af; }
.ans-shared { background: #ede9fe; color: #5b21b6; }
.ans-we-manage { background: #d1fae5; color: #065f46; }
.ans-gap { background: #fee2e2; color: #991b1b; }
.ans-not-applicable { background: #e2e8f0; color: #334155; }
.ans-none { background: #fff; color: var(--muted); border: 1px dashed #cbd5e1; }
td.st-implemented { background: #dcfce7; color: #166534; font-weight: 600; }
td.st-not-demonstrated { background: #ffedd5; color: #9a3412; font-weight: 600; }
td.st-partially-implemented { background: #fef3c7; color: #92400e; font-weight: 600; }
td.st-not-implemented { background: #fee2e2; color: #991b1b; font-weight: 600; }
td.st-not-yet-assessed { background: #f1f5f9; color: #475569; }
td.st-not-applicable { background: #e0f2fe; color: #075985; }
.sev-high { color: var(--high); font-weight: 600; }
.sev-medium { color: var(--medium); font-weight: 600; }
.sev-low { color: var(--low); }
.sev.tag.sev-high { background: #fee4e2; } .sev.tag.sev-medium { background: #fef0c7; } .sev.tag.sev-low { background: #eaecf0; }
.item { border-left: 3pt solid var(--line); padding: 3pt 0 3pt 9pt; margin: 0 0 10pt; break-inside: avoid; }
.item.high { border-color: var(--high); } .item.medium { border-color: var(--medium); } .item.low { border-color: #98a2b3; }
.facts { color: var(--muted); font-size: 9pt; margin-bottom: 3pt; }
ul.findings { margin: 3pt 0 4pt; padding-left: 14pt; }
ul.findings li { margin: 1pt 0; }
.guidance { background: var(--soft); border-radius: 3pt; padding: 4pt 8pt; font-size: 9pt; margin-top: 4pt; }
.guidance p { margin: 0 0 3pt; }
.guidance ul { margin: 0; padding-left: 14pt; }
.idlist { font-size: 9pt; columns: 2; column-gap: 18pt; padding-left: 14pt; }
.note { color: var(--muted); font-size: 9pt; }
dl.record { font-size: 9pt; margin: 0; }
dl.record dt { margin-top: 6pt; break-after: avoid; }
dl.record dd { margin: 1pt 0 0 14pt; }
dl.record .label { color: var(--muted); }
footer { margin-top: 24pt; padding-top: 6pt; border-top: 1px solid var(--line); color: var(--muted); font-size: 8.5pt; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  html { font-size: 9.5pt; }
  body { max-width: none; padding: 0; }
  nav.toc { display: none; }
  a { color: inherit; text-decoration: none; }
  #reliance, #evidence, #appendix { break-before: page; }
  #reliance > h2, #evidence > h2, #appendix > h2 { margin-top: 0; }
  #annex-a { break-inside: avoid; }
  .kpis { grid-template-columns: repeat(5, 1fr); }
}
"#;

/// The document as a self-contained HTML page.
pub(crate) fn html(doc: &Doc) -> String {
    let mut out = String::new();
    write_doc(&mut out, doc).map_or_else(|_| String::new(), |()| out)
}

fn write_doc(out: &mut String, doc: &Doc) -> fmt::Result {
    let subject = esc(&doc.subject);
    let date = doc.date.map_or_else(String::new, |d| format!(" ({d})"));
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"gapwalk\">\n\
         <title>{}: {subject}{date}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&doc.kind)
    )?;
    let kicker = match &doc.subtitle {
        Some(s) => format!("{} · {}", inline(s), esc(&doc.kind)),
        None => esc(&doc.kind),
    };
    writeln!(
        out,
        "<header>\n<p class=\"kicker\">{kicker}</p>\n<h1>{subject}</h1>\n<dl class=\"meta\">"
    )?;
    for f in &doc.meta {
        writeln!(
            out,
            "<dt>{}</dt><dd>{}</dd>",
            esc(&f.label),
            inline(&f.value)
        )?;
    }
    writeln!(out, "</dl>\n</header>")?;
    let nav: String = doc
        .sections
        .iter()
        .filter_map(|s| {
            s.nav
                .map(|label| format!("<a href=\"#{}\">{}</a>", s.id, esc(label)))
        })
        .collect();
    if !nav.is_empty() {
        writeln!(out, "<nav class=\"toc\">{nav}</nav>")?;
    }
    writeln!(out, "<main>")?;
    for s in &doc.sections {
        section(out, s)?;
    }
    writeln!(out, "</main>")?;
    if let Some(footer) = &doc.footer {
        writeln!(out, "<footer>{}</footer>", inline(footer))?;
    }
    writeln!(out, "</body>\n</html>")
}

fn section(out: &mut String, s: &Section) -> fmt::Result {
    writeln!(out, "<section id=\"{}\">\n<h2>{}</h2>", s.id, esc(&s.title))?;
    // A table's caption: the heading it sits under.
    let mut heading = s.title.clone();
    for b in &s.blocks {
        match b {
            Block::Heading(text, _) => heading = text.text(),
            Block::Table(t) => {
                table(out, t, &heading)?;
                continue;
            }
            _ => {}
        }
        block(out, b)?;
    }
    writeln!(out, "</section>")
}

fn block(out: &mut String, b: &Block) -> fmt::Result {
    match b {
        Block::Para(text) => writeln!(out, "<p>{}</p>", inline(text)),
        Block::Note(text) => writeln!(out, "<p class=\"note\">{}</p>", inline(text)),
        Block::Verdict(text, severity) => {
            let class = match severity {
                Some(Severity::High) => "high",
                Some(Severity::Medium) => "medium",
                _ => "low",
            };
            writeln!(out, "<p class=\"verdict {class}\">{}</p>", inline(text))
        }
        Block::Heading(text, tone) => match tone_class(*tone) {
            Some(class) => writeln!(out, "<h3 class=\"{class}\">{}</h3>", inline(text)),
            None => writeln!(out, "<h3>{}</h3>", inline(text)),
        },
        Block::List(items) => {
            writeln!(out, "<ul>")?;
            for i in items {
                writeln!(out, "<li>{}</li>", inline(i))?;
            }
            writeln!(out, "</ul>")
        }
        Block::Marked(items) => {
            writeln!(out, "<ul>")?;
            for (_, i) in items {
                writeln!(out, "<li>{}</li>", inline(i))?;
            }
            writeln!(out, "</ul>")
        }
        Block::Facts(facts) | Block::FactTable(_, facts) => {
            writeln!(out, "<dl class=\"meta\">")?;
            for f in facts {
                writeln!(
                    out,
                    "<dt>{}</dt><dd>{}</dd>",
                    esc(&f.label),
                    inline(&f.value)
                )?;
            }
            writeln!(out, "</dl>")
        }
        Block::Kpis(kpis) => self::kpis(out, kpis),
        Block::Table(t) => table(out, t, ""),
        Block::Chart(c) => chart(out, c),
        Block::Item(item) => item_block(out, item),
        Block::Findings(lines) => {
            writeln!(out, "<ul class=\"findings\">")?;
            for f in lines {
                finding_li(out, f)?;
            }
            writeln!(out, "</ul>")
        }
        Block::Record(entries) => record(out, entries),
        Block::Ids(ids) => {
            writeln!(out, "<ul class=\"idlist\">")?;
            for (id, title) in ids {
                writeln!(out, "<li><b>{}</b> {}</li>", esc(id), esc(title))?;
            }
            writeln!(out, "</ul>")
        }
        // The diff and the log are not written as HTML.
        Block::Changes(_) | Block::Commits(_) => Ok(()),
    }
}

/// The CSS class that colours a tone, if any.
fn tone_class(tone: Tone) -> Option<String> {
    match tone {
        Tone::Severity(s) => Some(format!("sev-{}", s.as_str())),
        Tone::Muted => Some("muted".to_string()),
        _ => None,
    }
}

/// Spans as HTML: escaped, with their emphasis and colour.
fn inline(i: &Inline) -> String {
    i.0.iter()
        .map(|span| {
            let text = esc(&span.text);
            match span.tone {
                Tone::Strong => format!("<b>{text}</b>"),
                Tone::Code => format!("<code>{text}</code>"),
                Tone::Answer(a) => format!(
                    "<span class=\"tag ans-{}\">{text}</span>",
                    a.map_or("none", Answer::as_str)
                ),
                Tone::Status(s) => format!("<span class=\"st-{}\">{text}</span>", s.as_str()),
                Tone::Severity(s) => format!("<span class=\"sev-{}\">{text}</span>", s.as_str()),
                Tone::Muted => format!("<span class=\"note\">{text}</span>"),
                Tone::Plain | Tone::Added | Tone::Removed | Tone::Mark => text,
            }
        })
        .collect()
}

fn kpis(out: &mut String, kpis: &[Kpi]) -> fmt::Result {
    writeln!(out, "<div class=\"kpis\">")?;
    for k in kpis {
        writeln!(
            out,
            "<div class=\"kpi {}\"><b>{}</b><span>{}</span></div>",
            k.tone.map_or("", Severity::as_str),
            esc(&k.figure),
            esc(&k.label)
        )?;
    }
    writeln!(out, "</div>")
}

fn table(out: &mut String, t: &Table, caption: &str) -> fmt::Result {
    let numeric: Vec<bool> = (0..t.headers.len()).map(|i| t.numeric(i)).collect();
    match &t.widths {
        Some(widths) => {
            writeln!(out, "<table class=\"fixed\">")?;
            write!(out, "<colgroup>")?;
            for w in widths {
                write!(out, "<col style=\"width:{w}%\">")?;
            }
            writeln!(out, "</colgroup>")?;
        }
        None => writeln!(out, "<table>")?,
    }
    if !caption.is_empty() {
        writeln!(out, "<caption>{}</caption>", esc(caption))?;
    }
    write!(out, "<thead><tr>")?;
    for (h, n) in t.headers.iter().zip(&numeric) {
        let class = if *n { " class=\"num\"" } else { "" };
        write!(out, "<th scope=\"col\"{class}>{}</th>", esc(h))?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")?;
    for row in &t.rows {
        write!(out, "<tr>")?;
        for cell in row {
            td(out, cell)?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>\n</table>")
}

fn td(out: &mut String, c: &Cell) -> fmt::Result {
    let mut classes = Vec::new();
    if c.numeric {
        classes.push("num".to_string());
    }
    if c.nowrap {
        classes.push("nw".to_string());
    }
    let text = c
        .lines
        .iter()
        .map(|l| inline(&l.trimmed()))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("<br>");
    let body = match c.tone {
        Tone::Strong => format!("<strong>{text}</strong>"),
        Tone::Muted => {
            classes.push("muted".to_string());
            text
        }
        Tone::Answer(a) => format!(
            "<span class=\"tag ans-{}\">{text}</span>",
            a.map_or("none", Answer::as_str)
        ),
        Tone::Status(s) => {
            classes.push(format!("st-{}", s.as_str()));
            text
        }
        Tone::Severity(s) => format!("<span class=\"sev-{}\">{text}</span>", s.as_str()),
        Tone::Plain | Tone::Code | Tone::Added | Tone::Removed | Tone::Mark => text,
    };
    if classes.is_empty() {
        write!(out, "<td>{body}</td>")
    } else {
        write!(out, "<td class=\"{}\">{body}</td>", classes.join(" "))
    }
}

fn finding_li(out: &mut String, f: &FindingLine) -> fmt::Result {
    let tag = format!(
        "<span class=\"sev tag sev-{}\">{}</span>",
        f.severity.as_str(),
        capitalise(f.severity.as_str())
    );
    match &f.title {
        Some(title) => writeln!(
            out,
            "<li>{tag} <b>{}</b>: {}</li>",
            esc(title),
            esc(&f.message)
        ),
        None => writeln!(out, "<li>{tag} {}</li>", esc(&f.message)),
    }
}

fn item_block(out: &mut String, item: &ItemBlock) -> fmt::Result {
    writeln!(
        out,
        "<div class=\"item {}\">\n<h4>{}</h4>",
        item.severity.map_or("", Severity::as_str),
        esc(&item.heading)
    )?;
    let facts: Vec<String> = item.facts.iter().map(inline).collect();
    writeln!(out, "<div class=\"facts\">{}</div>", facts.join(" · "))?;
    writeln!(out, "<ul class=\"findings\">")?;
    for f in &item.findings {
        finding_li(out, f)?;
    }
    writeln!(out, "</ul>")?;
    for (label, text) in &item.paragraphs {
        writeln!(
            out,
            "<p><b>{}:</b> <span class=\"pre\">{}</span></p>",
            esc(label),
            esc(text.trim())
        )?;
    }
    if !item.guidance.is_empty() {
        writeln!(out, "<div class=\"guidance\">")?;
        for g in &item.guidance {
            if g.list {
                writeln!(out, "<p><b>{}:</b></p>\n<ul>", esc(&g.label))?;
                for line in &g.lines {
                    writeln!(out, "<li>{}</li>", esc(line))?;
                }
                writeln!(out, "</ul>")?;
            } else {
                writeln!(
                    out,
                    "<p><b>{}:</b> {}</p>",
                    esc(&g.label),
                    esc(g.lines.join(" ").trim())
                )?;
            }
        }
        writeln!(out, "</div>")?;
    }
    writeln!(out, "</div>")
}

fn record(out: &mut String, entries: &[RecordEntry]) -> fmt::Result {
    writeln!(out, "<dl class=\"record\">")?;
    for e in entries {
        writeln!(out, "<dt><b>{}</b> {}</dt>", esc(&e.id), esc(&e.title))?;
        for (label, text) in &e.entries {
            writeln!(
                out,
                "<dd><span class=\"label\">{}:</span> <span class=\"pre\">{}</span></dd>",
                esc(label),
                esc(text)
            )?;
        }
    }
    writeln!(out, "</dl>")
}

// --- Charts: inline SVG, drawn to a 680-unit-wide view box. -----------------

const CHART_W: f64 = 680.0;

/// The colours of the answers, as the CSS has them.
fn answer_colour(a: Option<Answer>) -> &'static str {
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
fn severity_colour(s: Severity) -> &'static str {
    match s {
        Severity::High => "#b42318",
        Severity::Medium => "#b54708",
        Severity::Low => "#98a2b3",
    }
}

fn chart(out: &mut String, c: &Chart) -> fmt::Result {
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
fn svg_open(out: &mut String, c: &Chart, height: f64, numbers: &[String]) -> fmt::Result {
    writeln!(
        out,
        "<figure>\n<figcaption id=\"{id}\">{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {CHART_W} {height}\" role=\"img\" aria-labelledby=\"{id}\" aria-describedby=\"{id}-desc\" font-size=\"11\">\n<desc id=\"{id}-desc\">{}</desc>",
        esc(&c.caption),
        esc(&numbers.join("; ")),
        id = c.id,
    )
}

fn svg_close(out: &mut String) -> fmt::Result {
    writeln!(out, "</svg>\n</figure>")
}

/// One 100% stacked bar per row, with a legend.
fn stacked(out: &mut String, c: &Chart, rows: &[StackedBar]) -> fmt::Result {
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
fn bars(out: &mut String, c: &Chart, rows: &[Bar]) -> fmt::Result {
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
fn load(out: &mut String, c: &Chart, all: &[LoadBar]) -> fmt::Result {
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
