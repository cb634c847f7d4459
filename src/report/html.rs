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

mod charts;
use charts::chart;

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
