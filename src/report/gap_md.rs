//! The full gap report as Markdown, for a git repository or a wiki.

use std::fmt::Write;

use super::gap::{GapReport, Table, Tone, capitalise, plural};
use super::soa::licence_text;
use super::{md_cell, md_multi};
use crate::analysis::{Finding, Severity};
use crate::assessment::{Answer, non_blank};
use crate::catalog::{Item, ItemKind};
use crate::text::escape_markdown;

pub(crate) fn table(out: &mut String, t: &Table) {
    let _ = writeln!(out, "| {} |", t.headers.join(" | "));
    let numeric: Vec<bool> = (0..t.headers.len())
        .map(|i| !t.rows.is_empty() && t.rows.iter().all(|r| r.get(i).is_some_and(|c| c.numeric)))
        .collect();
    let _ = writeln!(
        out,
        "|{}",
        numeric
            .iter()
            .map(|&n| if n { "---:|" } else { "---|" })
            .collect::<String>()
    );
    for row in &t.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                let text = md_multi(&c.lines);
                let strong = matches!(c.tone, Tone::Strong | Tone::Severity(Severity::High))
                    || matches!(c.tone, Tone::Answer(Some(Answer::Gap)));
                if strong && !text.is_empty() {
                    format!("**{text}**")
                } else {
                    text
                }
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    let _ = writeln!(out);
}

/// The gap report as Markdown: the same sections as the HTML report, with
/// tables where the HTML has charts.
pub fn gap_report_markdown(r: &GapReport) -> String {
    let s = &r.summary;
    let a = r.assessment;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Gap assessment: {}\n",
        escape_markdown(&s.organisation)
    );
    let _ = writeln!(out, "ISO/IEC 27001:2022 on Microsoft 365\n");
    if let Some(scope) = &s.scope {
        let _ = writeln!(out, "- **Scope:** {}", escape_markdown(scope));
    }
    let _ = writeln!(out, "- **As of:** {}", s.as_of);
    let _ = writeln!(
        out,
        "- **Licences:** {}",
        escape_markdown(&licence_text(&r.licences))
    );
    let _ = writeln!(
        out,
        "- **Review interval:** {} months\n",
        a.review_interval()
    );

    let _ = writeln!(out, "## Executive summary\n");
    let _ = writeln!(out, "**{}**\n", r.verdict());
    let (ready, total) = r.readiness(None);
    let (cready, ctotal) = r.readiness(Some(ItemKind::Clause));
    let (aready, atotal) = r.readiness(Some(ItemKind::Control));
    let _ = writeln!(
        out,
        "- **Audit-ready:** {ready} of {total} items (answered, with no finding): {cready} of {ctotal} clauses, {aready} of {atotal} Annex A controls"
    );
    let _ = writeln!(
        out,
        "- **Assessed:** {} of {} items ({}%)",
        s.progress.answered,
        s.progress.total,
        s.progress.percent()
    );
    let _ = writeln!(
        out,
        "- **Findings:** {} high, {} medium, {} low\n",
        s.count(Severity::High),
        s.count(Severity::Medium),
        s.count(Severity::Low)
    );

    let _ = writeln!(out, "## Answers by theme\n");
    table(&mut out, &r.answers_table());
    let _ = writeln!(out, "## Findings by kind\n");
    if s.findings.is_empty() {
        let _ = writeln!(out, "No findings.\n");
    } else {
        table(&mut out, &r.kinds_table());
    }
    let _ = writeln!(out, "## Owner load\n");
    if s.owners.is_empty() {
        let _ = writeln!(out, "Nobody owns anything yet.\n");
    } else {
        table(&mut out, &r.owners_table());
    }

    let _ = writeln!(out, "## Management system: clauses 4–10\n");
    let _ = writeln!(
        out,
        "Clauses 4–10 are mandatory and always the organisation's own: {cready} of {ctotal} are audit-ready.\n"
    );
    table(&mut out, &r.clauses_table());

    let _ = writeln!(out, "## Annex A controls\n");
    let _ = writeln!(
        out,
        "Implementation status as in the Statement of Applicability: {aready} of {atotal} controls are audit-ready.\n"
    );
    table(&mut out, &r.annex_a_table());

    let _ = writeln!(out, "## Findings by severity\n");
    let _ = writeln!(
        out,
        "Each item appears once, under its most severe finding, with gapwalk's guidance for it.\n"
    );
    for (severity, items) in r.items_by_severity() {
        let _ = writeln!(
            out,
            "### {} severity ({} item{})\n",
            capitalise(severity.as_str()),
            items.len(),
            plural(items.len())
        );
        for item in items {
            item_block(&mut out, r, item);
        }
    }
    let general = r.general_findings();
    if !general.is_empty() {
        let _ = writeln!(out, "### Across the assessment\n");
        for f in general {
            finding_line(&mut out, f);
        }
        let _ = writeln!(out);
    }
    let unassessed = r.unassessed();
    if !unassessed.is_empty() {
        let _ = writeln!(
            out,
            "### Not yet assessed ({} item{})\n",
            unassessed.len(),
            plural(unassessed.len())
        );
        let list: Vec<String> = unassessed
            .iter()
            .map(|i| format!("{} {}", md_cell(&i.id), md_cell(&i.title)))
            .collect();
        let _ = writeln!(out, "{}\n", list.join(" · "));
    }

    let _ = writeln!(out, "## Reliance register\n");
    let _ = writeln!(
        out,
        "Every item answered \"Microsoft provides\" or \"Shared\", by Microsoft 365 service and licence, with the Microsoft assurance relied on and who reviews it: the input to the supplier reviews of A.5.19–A.5.23.\n"
    );
    let groups = r.reliance_register();
    if groups.is_empty() {
        let _ = writeln!(
            out,
            "No item is answered \"Microsoft provides\" or \"Shared\".\n"
        );
    }
    for g in &groups {
        let _ = writeln!(
            out,
            "### {} — {}\n",
            md_cell(&g.service),
            md_cell(&g.licence)
        );
        table(&mut out, &r.reliance_table(g));
    }

    if let (Some(scans), Some(observed)) = (r.scans_table(), r.observed_table()) {
        let _ = writeln!(out, "## Observed in the tenant\n");
        let _ = writeln!(
            out,
            "Results of the tenant scanners imported with `gapwalk import-scan`: evidence about how the tenant is configured, beside what the room answered. A scan never answers an item and never counts for clauses 4–10; a failing check on a control the room says is handled is a contradiction to discuss.\n"
        );
        table(&mut out, &scans);
        if observed.rows.is_empty() {
            let _ = writeln!(out, "No scan check maps to an Annex A control.\n");
        } else {
            table(&mut out, &observed);
        }
    }

    let record = r.workshop_record();
    if !record.is_empty() {
        let _ = writeln!(out, "## Workshop record\n");
        let _ = writeln!(
            out,
            "Justifications, notes and open questions, as the room recorded them.\n"
        );
        for (item, entries) in record {
            let _ = writeln!(out, "- **{}** {}", md_cell(&item.id), md_cell(&item.title));
            for (label, text) in entries {
                let _ = writeln!(out, "  - *{label}:* {}", md_cell(text));
            }
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(out, "## Appendix: every item\n");
    table(&mut out, &r.appendix_table());
    out
}

fn finding_line(out: &mut String, f: &Finding) {
    let _ = writeln!(
        out,
        "- **{}** · {}: {}",
        capitalise(f.severity.as_str()),
        f.kind.title(),
        escape_markdown(&f.message)
    );
}

fn item_block(out: &mut String, r: &GapReport, item: &Item) {
    let rec = r.assessment.item(&item.id);
    let _ = writeln!(out, "#### {} {}\n", md_cell(&item.id), md_cell(&item.title));
    let mut facts = vec![format!(
        "Answer: {}",
        rec.answer.map_or("Not assessed", Answer::label)
    )];
    facts.push(format!(
        "Owner: {}",
        rec.owner().map_or_else(|| "nobody".to_string(), md_cell)
    ));
    if let Some(d) = rec.reviewed {
        facts.push(format!("Last reviewed: {d}"));
    }
    let _ = writeln!(out, "*{}*\n", facts.join(" · "));
    for f in r.findings_of(&item.id) {
        finding_line(out, f);
    }
    let _ = writeln!(out);
    if let Some(action) = &rec.action {
        let mut who = Vec::new();
        if let Some(o) = non_blank(action.owner.as_deref()) {
            who.push(md_cell(o));
        }
        if let Some(d) = action.due {
            who.push(format!("due {d}"));
        }
        if let Some(d) = action.done {
            who.push(format!("done {d}"));
        }
        let _ = writeln!(
            out,
            "**Action:** {}{}\n",
            md_cell(&action.what),
            if who.is_empty() {
                String::new()
            } else {
                format!(" ({})", who.join(", "))
            }
        );
    }
    if let Some(notes) = non_blank(rec.notes.as_deref()) {
        let _ = writeln!(out, "**Notes:** {}\n", md_cell(notes));
    }
    if !item.organisation_must.trim().is_empty() {
        let _ = writeln!(
            out,
            "> **What the organisation must do:** {}\n",
            md_cell(&item.organisation_must)
        );
    }
    if !item.evidence.is_empty() {
        let list: Vec<String> = item.evidence.iter().map(|e| md_cell(e)).collect();
        let _ = writeln!(out, "> **Evidence auditors expect:** {}\n", list.join("; "));
    }
}
