//! The gap report as one self-contained HTML file: inline CSS and SVG, no
//! scripts, nothing loaded from anywhere (a Content-Security-Policy says
//! so too), laid out to print on A4.

use std::fmt::Write;

use super::gap::{Cell, GapReport, Table, Tone, capitalise, plural};
use super::soa::licence_text;
use crate::analysis::{Finding, Severity};
use crate::assessment::{Answer, non_blank};
use crate::catalog::{Item, ItemKind};
use crate::text::escape_html as esc;

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
  #reliance, #appendix { break-before: page; }
  #reliance > h2, #appendix > h2 { margin-top: 0; }
  #annex-a { break-inside: avoid; }
  .kpis { grid-template-columns: repeat(5, 1fr); }
}
"#;

/// The gap report as a self-contained HTML document.
pub fn gap_report_html(r: &GapReport) -> String {
    let s = &r.summary;
    let a = r.assessment;
    let mut out = String::new();
    let org = esc(&s.organisation);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"gapwalk\">\n\
         <title>Gap assessment: {org} ({})</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        s.as_of
    );

    // Header.
    let _ = writeln!(
        out,
        "<header>\n<p class=\"kicker\">ISO/IEC 27001:2022 on Microsoft 365 · Gap assessment</p>\n<h1>{org}</h1>\n<dl class=\"meta\">"
    );
    if let Some(scope) = &s.scope {
        let _ = writeln!(out, "<dt>Scope</dt><dd>{}</dd>", esc(scope));
    }
    let _ = writeln!(out, "<dt>As of</dt><dd>{}</dd>", s.as_of);
    let _ = writeln!(
        out,
        "<dt>Licences</dt><dd>{}</dd>",
        esc(&licence_text(&r.licences))
    );
    let _ = writeln!(
        out,
        "<dt>Review interval</dt><dd>{} months</dd>\n</dl>\n</header>",
        a.review_interval()
    );
    let _ = writeln!(
        out,
        "<nav class=\"toc\"><a href=\"#summary\">Executive summary</a><a href=\"#clauses\">Clauses 4–10</a><a href=\"#annex-a\">Annex A</a><a href=\"#findings\">Findings</a><a href=\"#reliance\">Reliance register</a><a href=\"#record\">Workshop record</a><a href=\"#appendix\">Every item</a></nav>"
    );

    // Executive summary.
    let (ready, total) = r.readiness(None);
    let (cready, ctotal) = r.readiness(Some(ItemKind::Clause));
    let (aready, atotal) = r.readiness(Some(ItemKind::Control));
    let verdict_class = match s.worst() {
        Some(Severity::High) => "high",
        Some(Severity::Medium) => "medium",
        _ => "low",
    };
    let _ = writeln!(
        out,
        "<section id=\"summary\">\n<h2>Executive summary</h2>\n<p class=\"verdict {verdict_class}\">{}</p>",
        esc(&r.verdict())
    );
    let _ = writeln!(out, "<div class=\"kpis\">");
    let kpi = |out: &mut String, class: &str, value: String, label: String| {
        let _ = writeln!(
            out,
            "<div class=\"kpi {class}\"><b>{value}</b><span>{label}</span></div>"
        );
    };
    kpi(
        &mut out,
        "",
        format!("{ready} / {total}"),
        format!("items audit-ready: {cready} of {ctotal} clauses, {aready} of {atotal} controls"),
    );
    kpi(
        &mut out,
        "",
        format!("{}%", s.progress.percent()),
        format!(
            "assessed ({} of {} items)",
            s.progress.answered, s.progress.total
        ),
    );
    for sev in Severity::ALL {
        let n = s.count(sev);
        kpi(
            &mut out,
            sev.as_str(),
            n.to_string(),
            format!("{} finding{}", sev.as_str(), plural(n)),
        );
    }
    let _ = writeln!(out, "</div>");
    let _ = writeln!(
        out,
        "<p class=\"note\">An item is audit-ready when it is answered and has no finding: owned, evidenced, reviewed within {} months, and for \"Microsoft provides\" backed by a recorded Microsoft assurance.</p>",
        a.review_interval()
    );
    answers_chart(&mut out, r);
    kinds_chart(&mut out, r);
    owners_chart(&mut out, r);
    let _ = writeln!(out, "</section>");

    // Clauses 4–10.
    let _ = writeln!(
        out,
        "<section id=\"clauses\">\n<h2>Management system: clauses 4–10</h2>\n<p>Clauses 4–10 are mandatory and always the organisation's own; this is where audits stall. {cready} of {ctotal} are audit-ready.</p>"
    );
    table(&mut out, &r.clauses_table());
    let _ = writeln!(out, "</section>");

    // Annex A.
    let _ = writeln!(
        out,
        "<section id=\"annex-a\">\n<h2>Annex A controls</h2>\n<p>Implementation status as in the Statement of Applicability (<code>gapwalk soa</code>). {aready} of {atotal} controls are audit-ready.</p>"
    );
    table(&mut out, &r.annex_a_table());
    let _ = writeln!(out, "</section>");

    // Findings.
    let _ = writeln!(
        out,
        "<section id=\"findings\">\n<h2>Findings by severity</h2>\n<p class=\"note\">Each item appears once, under its most severe finding, with gapwalk's guidance for it.</p>"
    );
    for (severity, items) in r.items_by_severity() {
        let _ = writeln!(
            out,
            "<h3 class=\"sev-{}\">{} severity · {} item{}</h3>",
            severity.as_str(),
            capitalise(severity.as_str()),
            items.len(),
            plural(items.len())
        );
        for item in items {
            item_block(&mut out, r, item, severity);
        }
    }
    let general = r.general_findings();
    if !general.is_empty() {
        let _ = writeln!(
            out,
            "<h3>Across the assessment</h3>\n<ul class=\"findings\">"
        );
        for f in general {
            finding_li(&mut out, f);
        }
        let _ = writeln!(out, "</ul>");
    }
    let unassessed = r.unassessed();
    if !unassessed.is_empty() {
        let _ = writeln!(
            out,
            "<h3 class=\"sev-low\">Not yet assessed · {} item{}</h3>\n<ul class=\"idlist\">",
            unassessed.len(),
            plural(unassessed.len())
        );
        for i in unassessed {
            let _ = writeln!(out, "<li><b>{}</b> {}</li>", esc(&i.id), esc(&i.title));
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "</section>");

    // Reliance register.
    let _ = writeln!(
        out,
        "<section id=\"reliance\">\n<h2>Reliance register</h2>\n<p>Every item answered “Microsoft provides” or “Shared”, by Microsoft 365 service and licence, with the Microsoft assurance relied on and who reviews it: the input to the supplier reviews of A.5.19–A.5.23.</p>"
    );
    let groups = r.reliance_register();
    if groups.is_empty() {
        let _ = writeln!(
            out,
            "<p>No item is answered “Microsoft provides” or “Shared”.</p>"
        );
    }
    for g in &groups {
        let class = match g.licensed {
            Some(false) => " class=\"sev-high\"",
            _ => "",
        };
        let _ = writeln!(
            out,
            "<h3>{} <span{class}>· {}</span></h3>",
            esc(&g.service),
            esc(&g.licence)
        );
        table(&mut out, &r.reliance_table(g));
    }
    let _ = writeln!(out, "</section>");

    if let (Some(scans), Some(observed)) = (r.scans_table(), r.observed_table()) {
        let _ = writeln!(
            out,
            "<section id=\"observed\">\n<h2>Observed in the tenant</h2>\n<p>Results of the tenant scanners imported with <code>gapwalk import-scan</code>: evidence about how the tenant is configured, beside what the room answered. A scan never answers an item and never counts for clauses 4–10; a failing check on a control the room says is handled is a contradiction to discuss.</p>"
        );
        table(&mut out, &scans);
        if observed.rows.is_empty() {
            let _ = writeln!(out, "<p>No scan check maps to an Annex A control.</p>");
        } else {
            table(&mut out, &observed);
        }
        let _ = writeln!(out, "</section>");
    }

    let record = r.workshop_record();
    if !record.is_empty() {
        let _ = writeln!(
            out,
            "<section id=\"record\">\n<h2>Workshop record</h2>\n<p>Justifications, notes and open questions, as the room recorded them.</p>\n<dl class=\"record\">"
        );
        for (item, entries) in record {
            let _ = writeln!(
                out,
                "<dt><b>{}</b> {}</dt>",
                esc(&item.id),
                esc(&item.title)
            );
            for (label, text) in entries {
                let _ = writeln!(
                    out,
                    "<dd><span class=\"label\">{label}:</span> <span class=\"pre\">{}</span></dd>",
                    esc(text)
                );
            }
        }
        let _ = writeln!(out, "</dl>\n</section>");
    }

    let _ = writeln!(
        out,
        "<section id=\"appendix\">\n<h2>Appendix: every item</h2>"
    );
    table(&mut out, &r.appendix_table());
    let _ = writeln!(out, "</section>");

    let _ = writeln!(
        out,
        "<footer>Generated by gapwalk from the assessment of {org} as of {}. Guidance is gapwalk's own wording, not the text of ISO/IEC 27001.</footer>\n</body>\n</html>",
        s.as_of
    );
    out
}

fn table(out: &mut String, t: &Table) {
    let numeric: Vec<bool> = (0..t.headers.len())
        .map(|i| !t.rows.is_empty() && t.rows.iter().all(|r| r.get(i).is_some_and(|c| c.numeric)))
        .collect();
    let _ = writeln!(
        out,
        "{}",
        if t.widths.is_some() {
            "<table class=\"fixed\">"
        } else {
            "<table>"
        }
    );
    if let Some(widths) = &t.widths {
        let _ = write!(out, "<colgroup>");
        for w in widths {
            let _ = write!(out, "<col style=\"width:{w}%\">");
        }
        let _ = writeln!(out, "</colgroup>");
    }
    let _ = write!(out, "<thead><tr>");
    for (h, n) in t.headers.iter().zip(&numeric) {
        let class = if *n { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", esc(h));
    }
    let _ = writeln!(out, "</tr></thead>\n<tbody>");
    for row in &t.rows {
        let _ = write!(out, "<tr>");
        for cell in row {
            td(out, cell);
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</tbody>\n</table>");
}

fn td(out: &mut String, c: &Cell) {
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
        .map(|l| esc(l.trim()))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("<br>");
    let body = match c.tone {
        Tone::Plain => text,
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
    };
    if classes.is_empty() {
        let _ = write!(out, "<td>{body}</td>");
    } else {
        let _ = write!(out, "<td class=\"{}\">{body}</td>", classes.join(" "));
    }
}

fn finding_li(out: &mut String, f: &Finding) {
    let _ = writeln!(
        out,
        "<li><span class=\"sev tag sev-{}\">{}</span> <b>{}</b>: {}</li>",
        f.severity.as_str(),
        capitalise(f.severity.as_str()),
        esc(f.kind.title()),
        esc(&f.message)
    );
}

fn item_block(out: &mut String, r: &GapReport, item: &Item, severity: Severity) {
    let rec = r.assessment.item(&item.id);
    let _ = writeln!(
        out,
        "<div class=\"item {}\">\n<h4>{} {}</h4>",
        severity.as_str(),
        esc(&item.id),
        esc(&item.title)
    );
    let answer = rec.answer;
    let mut facts = vec![format!(
        "<span class=\"tag ans-{}\">{}</span>",
        answer.map_or("none", Answer::as_str),
        answer.map_or("Not assessed", Answer::label)
    )];
    facts.push(format!(
        "Owner: {}",
        rec.owner()
            .map_or_else(|| "<span class=\"sev-high\">nobody</span>".to_string(), esc)
    ));
    if let Some(d) = rec.reviewed {
        facts.push(format!("Last reviewed {d}"));
    }
    let _ = writeln!(out, "<div class=\"facts\">{}</div>", facts.join(" · "));
    let _ = writeln!(out, "<ul class=\"findings\">");
    for f in r.findings_of(&item.id) {
        finding_li(out, f);
    }
    let _ = writeln!(out, "</ul>");
    if let Some(action) = &rec.action {
        let mut who = Vec::new();
        if let Some(o) = non_blank(action.owner.as_deref()) {
            who.push(esc(o.trim()));
        }
        if let Some(d) = action.due {
            who.push(format!("due {d}"));
        }
        if let Some(d) = action.done {
            who.push(format!("done {d}"));
        }
        let _ = writeln!(
            out,
            "<p><b>Action:</b> {}{}</p>",
            esc(action.what.trim()),
            if who.is_empty() {
                String::new()
            } else {
                format!(" ({})", who.join(", "))
            }
        );
    }
    if let Some(notes) = non_blank(rec.notes.as_deref()) {
        let _ = writeln!(
            out,
            "<p><b>Notes:</b> <span class=\"pre\">{}</span></p>",
            esc(notes.trim())
        );
    }
    if !item.organisation_must.trim().is_empty() || !item.evidence.is_empty() {
        let _ = writeln!(out, "<div class=\"guidance\">");
        if !item.organisation_must.trim().is_empty() {
            let _ = writeln!(
                out,
                "<p><b>What the organisation must do:</b> {}</p>",
                esc(item.organisation_must.trim())
            );
        }
        if !item.evidence.is_empty() {
            let _ = writeln!(out, "<p><b>Evidence auditors expect:</b></p>\n<ul>");
            for e in item.evidence.iter() {
                let _ = writeln!(out, "<li>{}</li>", esc(e));
            }
            let _ = writeln!(out, "</ul>");
        }
        let _ = writeln!(out, "</div>");
    }
    let _ = writeln!(out, "</div>");
}

// --- Charts: inline SVG, drawn to a 680-unit-wide view box. -----------------

const CHART_W: f64 = 680.0;

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

fn severity_colour(s: Severity) -> &'static str {
    match s {
        Severity::High => "#b42318",
        Severity::Medium => "#dc6803",
        Severity::Low => "#98a2b3",
    }
}

fn svg_open(out: &mut String, id: &str, title: &str, height: f64) {
    let _ = writeln!(
        out,
        "<figure>\n<figcaption id=\"{id}\">{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {CHART_W} {height}\" role=\"img\" aria-labelledby=\"{id}\" font-size=\"11\">",
        esc(title)
    );
}

fn svg_close(out: &mut String) {
    let _ = writeln!(out, "</svg>\n</figure>");
}

/// Answers by theme: one 100% stacked bar per theme.
fn answers_chart(out: &mut String, r: &GapReport) {
    let themes = &r.summary.themes;
    let (label_w, count_w, row_h, bar_h) = (118.0, 116.0, 26.0, 16.0);
    let bar_w = CHART_W - label_w - count_w;
    let legend_y = themes.len() as f64 * row_h + 12.0;
    svg_open(out, "chart-answers", "Answers by theme", legend_y + 22.0);
    for (i, t) in themes.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            label_w - 8.0,
            y + bar_h - 4.0,
            esc(t.theme.label())
        );
        let total = t.progress.total.max(1) as f64;
        let mut x = label_w;
        let segments = Answer::ALL
            .iter()
            .map(|&a| (Some(a), t.answers.get(&a).copied().unwrap_or(0)))
            .chain([(None, t.progress.total - t.progress.answered)]);
        for (answer, n) in segments {
            if n == 0 {
                continue;
            }
            let w = bar_w * n as f64 / total;
            let label = answer.map_or("Not assessed", Answer::label);
            let _ = writeln!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{bar_h}\" fill=\"{}\"><title>{}: {n}</title></rect>",
                answer_colour(answer),
                esc(label)
            );
            if w >= 18.0 {
                let fill = if answer.is_none() {
                    "#475467"
                } else {
                    "#ffffff"
                };
                let _ = writeln!(
                    out,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10\" style=\"fill:{fill}\">{n}</text>",
                    x + w / 2.0,
                    y + bar_h - 4.5
                );
            }
            x += w;
        }
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" style=\"fill:#5f6b7a\">{} of {} answered</text>",
            label_w + bar_w + 6.0,
            y + bar_h - 4.0,
            t.progress.answered,
            t.progress.total
        );
    }
    let mut x = label_w;
    for answer in Answer::ALL.iter().map(|&a| Some(a)).chain([None]) {
        let label = answer.map_or("Not assessed", Answer::label);
        let _ = writeln!(
            out,
            "<rect x=\"{x:.1}\" y=\"{legend_y:.1}\" width=\"10\" height=\"10\" fill=\"{}\" stroke=\"#cbd5e1\" stroke-width=\"0.5\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{}</text>",
            answer_colour(answer),
            x + 14.0,
            legend_y + 9.0,
            esc(label)
        );
        x += 14.0 + label.len() as f64 * 5.6 + 14.0;
    }
    svg_close(out);
}

/// Findings by kind: one bar per kind, coloured by severity.
fn kinds_chart(out: &mut String, r: &GapReport) {
    let kinds = r.summary.by_kind();
    if kinds.is_empty() {
        return;
    }
    let (label_w, count_w, row_h, bar_h) = (290.0, 40.0, 22.0, 14.0);
    let bar_w = CHART_W - label_w - count_w;
    let max = kinds.iter().map(|&(_, n)| n).max().unwrap_or(1).max(1) as f64;
    svg_open(
        out,
        "chart-kinds",
        "Findings by kind",
        kinds.len() as f64 * row_h + 6.0,
    );
    for (i, (kind, n)) in kinds.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let w = (bar_w * *n as f64 / max).max(2.0);
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{bar_h}\" fill=\"{}\"><title>{} ({}): {n}</title></rect><text x=\"{:.1}\" y=\"{:.1}\" font-weight=\"600\">{n}</text>",
            label_w - 8.0,
            y + bar_h - 3.0,
            esc(kind.title()),
            severity_colour(kind.severity()),
            esc(kind.title()),
            kind.severity(),
            label_w + w + 5.0,
            y + bar_h - 3.0
        );
    }
    svg_close(out);
}

/// Owner load: items owned per owner (gaps among them in red), top ten.
fn owners_chart(out: &mut String, r: &GapReport) {
    let owners: Vec<_> = r.summary.owners.iter().take(10).collect();
    if owners.is_empty() {
        return;
    }
    let (label_w, count_w, row_h, bar_h) = (200.0, 200.0, 22.0, 14.0);
    let bar_w = CHART_W - label_w - count_w;
    let max = owners.iter().map(|o| o.items).max().unwrap_or(1).max(1) as f64;
    let more = r.summary.owners.len().saturating_sub(owners.len());
    let title = if more > 0 {
        format!("Owner load (top ten; {more} more in the table below)")
    } else {
        "Owner load".to_string()
    };
    svg_open(
        out,
        "chart-owners",
        &title,
        owners.len() as f64 * row_h + 28.0,
    );
    for (i, o) in owners.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let w = bar_w * o.items as f64 / max;
        let gaps_w = bar_w * o.gaps as f64 / max;
        let mut name = crate::text::sanitize(&o.owner);
        if name.chars().count() > 32 {
            name = name.chars().take(31).collect::<String>() + "…";
        }
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\"><title>{}</title>{}</text>",
            label_w - 8.0,
            y + bar_h - 3.0,
            esc(&o.owner),
            esc(&name)
        );
        if o.items > 0 {
            let _ = writeln!(
                out,
                "<rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{bar_h}\" fill=\"#475467\"/>"
            );
        }
        if o.gaps > 0 {
            let _ = writeln!(
                out,
                "<rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{gaps_w:.1}\" height=\"{bar_h}\" fill=\"#dc2626\"/>"
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\"><tspan font-weight=\"600\">{}</tspan> item{} · {} gap{} · {} open action{}</text>",
            label_w + w + 6.0,
            y + bar_h - 3.0,
            o.items,
            plural(o.items),
            o.gaps,
            plural(o.gaps),
            o.open_actions,
            plural(o.open_actions)
        );
    }
    let ly = owners.len() as f64 * row_h + 12.0;
    let _ = writeln!(
        out,
        "<rect x=\"{label_w}\" y=\"{ly:.1}\" width=\"10\" height=\"10\" fill=\"#475467\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">Items owned</text><rect x=\"{:.1}\" y=\"{ly:.1}\" width=\"10\" height=\"10\" fill=\"#dc2626\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">of them gaps</text>",
        label_w + 14.0,
        ly + 9.0,
        label_w + 100.0,
        label_w + 114.0,
        ly + 9.0
    );
    svg_close(out);
}
