//! The Markdown writer: renders a [`Doc`] for a git repository, a wiki or a
//! pull request. Every piece of text from the assessment is escaped, so a
//! value cannot become a link, an HTML tag or a table cell boundary.

use std::fmt::{self, Write};

use super::doc::{
    Block, Cell, Change, ChangeGroup, Changes, Chart, Commit, Doc, Fact, FindingLine, Inline,
    ItemBlock, Kpi, RecordEntry, Section, Table, Tone,
};
use crate::analysis::Severity;
use crate::assessment::Answer;
use crate::text::{capitalise, escape_markdown, sanitize};

/// The document as Markdown.
pub(crate) fn markdown(doc: &Doc) -> String {
    let mut out = String::new();
    write_doc(&mut out, doc).map_or_else(|_| String::new(), |()| finish(out))
}

/// One line break at the end, however the last block ended.
fn finish(mut out: String) -> String {
    let end = out.trim_end_matches('\n').len();
    out.truncate(end);
    out.push('\n');
    out
}

fn write_doc(out: &mut String, doc: &Doc) -> fmt::Result {
    writeln!(out, "# {}\n", inline(&doc.title))?;
    if let Some(subtitle) = &doc.subtitle {
        writeln!(out, "{}\n", inline(subtitle))?;
    }
    if !doc.meta.is_empty() {
        if doc.meta_table {
            fact_table(out, "", &doc.meta)?;
        } else {
            facts(out, &doc.meta)?;
        }
    }
    for section in &doc.sections {
        write_section(out, section)?;
    }
    if let Some(footer) = &doc.footer {
        writeln!(out, "---\n\n*{}*", inline(footer))?;
    }
    Ok(())
}

fn write_section(out: &mut String, s: &Section) -> fmt::Result {
    if !s.title.is_empty() {
        writeln!(out, "## {}\n", escape_markdown(&s.title))?;
    }
    for block in &s.blocks {
        write_block(out, block)?;
    }
    Ok(())
}

fn write_block(out: &mut String, block: &Block) -> fmt::Result {
    match block {
        Block::Para(text) | Block::Note(text) => writeln!(out, "{}\n", inline(text)),
        Block::Verdict(text, _) => writeln!(out, "**{}**\n", inline(text)),
        Block::Heading(text, _) => writeln!(out, "### {}\n", inline(text)),
        Block::List(items) => {
            for i in items {
                writeln!(out, "- {}", inline(i))?;
            }
            writeln!(out)
        }
        Block::Marked(items) => {
            for (_, i) in items {
                writeln!(out, "- {}", inline(i))?;
            }
            writeln!(out)
        }
        Block::Facts(list) => facts(out, list),
        Block::FactTable(header, list) => fact_table(out, header, list),
        Block::Kpis(kpis) => self::kpis(out, kpis),
        Block::Table(t) => table(out, t),
        Block::Chart(c) => chart(out, c),
        Block::Item(item) => item_block(out, item),
        Block::Findings(lines) => {
            for f in lines {
                finding_line(out, f)?;
            }
            writeln!(out)
        }
        Block::Record(entries) => record(out, entries),
        Block::Ids(ids) => {
            let list: Vec<String> = ids
                .iter()
                .map(|(id, title)| format!("{} {}", cell_text(id), cell_text(title)))
                .collect();
            writeln!(out, "{}\n", list.join(" · "))
        }
        Block::Changes(c) => changes(out, c),
        Block::Commits(commits) => self::commits(out, commits),
    }
}

/// Spans as Markdown: escaped, with their emphasis.
pub(crate) fn inline(i: &Inline) -> String {
    i.0.iter()
        .map(|span| match span.tone {
            Tone::Strong => format!("**{}**", escape_markdown(&span.text)),
            // Nothing can be escaped inside a code span: backticks become
            // quotes.
            Tone::Code => format!("`{}`", sanitize(&span.text).replace('`', "'")),
            _ => escape_markdown(&span.text),
        })
        .collect()
}

/// Untrusted text as one table cell (line breaks become spaces).
fn cell_text(s: &str) -> String {
    escape_markdown(s.trim())
}

fn facts(out: &mut String, list: &[Fact]) -> fmt::Result {
    for f in list {
        writeln!(
            out,
            "- **{}:** {}",
            escape_markdown(&f.label),
            inline(&f.value)
        )?;
    }
    writeln!(out)
}

fn fact_table(out: &mut String, header: &str, list: &[Fact]) -> fmt::Result {
    let header = escape_markdown(header);
    if header.is_empty() {
        writeln!(out, "| | |\n|---|---|")?;
    } else {
        writeln!(out, "| {header} | |\n|---|---|")?;
    }
    for f in list {
        writeln!(
            out,
            "| **{}** | {} |",
            escape_markdown(&capitalise(&f.label)),
            inline(&f.value)
        )?;
    }
    writeln!(out)
}

fn kpis(out: &mut String, kpis: &[Kpi]) -> fmt::Result {
    for k in kpis {
        writeln!(
            out,
            "- **{}** {}",
            escape_markdown(&k.figure),
            escape_markdown(&k.label)
        )?;
    }
    writeln!(out)
}

/// A cell's lines, separated by `<br>`, emphasised as a whole where its
/// tone says so (strong, high severity, a gap).
fn cell(c: &Cell) -> String {
    let text = c
        .lines
        .iter()
        .map(|l| inline(&l.trimmed()).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("<br>");
    let strong = matches!(
        c.tone,
        Tone::Strong | Tone::Severity(Severity::High) | Tone::Answer(Some(Answer::Gap))
    );
    if strong && !text.is_empty() {
        format!("**{text}**")
    } else {
        text
    }
}

/// A Markdown table: numeric columns right-aligned.
pub(crate) fn table(out: &mut String, t: &Table) -> fmt::Result {
    let headers: Vec<String> = t.headers.iter().map(|h| escape_markdown(h)).collect();
    writeln!(out, "| {} |", headers.join(" | "))?;
    let align: String = (0..t.headers.len())
        .map(|i| if t.numeric(i) { "---:|" } else { "---|" })
        .collect();
    writeln!(out, "|{align}")?;
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(cell).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    writeln!(out)
}

fn chart(out: &mut String, c: &Chart) -> fmt::Result {
    writeln!(out, "### {}\n", escape_markdown(&c.caption))?;
    match &c.empty {
        Some(empty) if c.table.rows.is_empty() => writeln!(out, "{}\n", escape_markdown(empty)),
        _ => table(out, &c.table),
    }
}

fn finding_line(out: &mut String, f: &FindingLine) -> fmt::Result {
    let severity = capitalise(f.severity.as_str());
    match &f.title {
        Some(title) => writeln!(
            out,
            "- **{severity}** · {}: {}",
            escape_markdown(title),
            escape_markdown(&f.message)
        ),
        None => writeln!(out, "- **{severity}** {}", escape_markdown(&f.message)),
    }
}

fn item_block(out: &mut String, item: &ItemBlock) -> fmt::Result {
    writeln!(out, "#### {}\n", escape_markdown(&item.heading))?;
    let facts: Vec<String> = item.facts.iter().map(inline).collect();
    writeln!(out, "*{}*\n", facts.join(" · "))?;
    for f in &item.findings {
        finding_line(out, f)?;
    }
    writeln!(out)?;
    for (label, text) in &item.paragraphs {
        writeln!(out, "**{label}:** {}\n", cell_text(text))?;
    }
    for g in &item.guidance {
        let lines: Vec<String> = g.lines.iter().map(|l| cell_text(l)).collect();
        writeln!(out, "> **{}:** {}\n", g.label, lines.join("; "))?;
    }
    Ok(())
}

fn record(out: &mut String, entries: &[RecordEntry]) -> fmt::Result {
    for e in entries {
        writeln!(out, "- **{}** {}", cell_text(&e.id), cell_text(&e.title))?;
        for (label, text) in &e.entries {
            writeln!(out, "  - *{label}:* {}", cell_text(text))?;
        }
    }
    writeln!(out)
}

/// A diff's changes as a table: the thing changed (on its first row), the
/// field, before and after.
fn changes(out: &mut String, c: &Changes) -> fmt::Result {
    let headed = c.groups.iter().any(|g| g.head.is_some());
    let mut headers: Vec<&str> = Vec::new();
    if headed {
        headers.push(&c.head);
    }
    headers.extend(["Field", "Before", "After"]);
    writeln!(out, "| {} |", headers.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(headers.len()))?;
    for g in &c.groups {
        for (i, change) in g.changes.iter().enumerate() {
            let head = if headed {
                format!("| {} ", if i == 0 { group_head(g) } else { String::new() })
            } else {
                String::new()
            };
            let (field, before, after) = match change {
                Change::Field { label, old, new } => (
                    label.clone(),
                    old.as_deref().map(escape_markdown).unwrap_or_default(),
                    new.as_deref().map(escape_markdown).unwrap_or_default(),
                ),
                Change::Added(label, text) | Change::Whole(Tone::Added, label, text) => (
                    format!("{label} added"),
                    String::new(),
                    escape_markdown(text),
                ),
                Change::Removed(label, text) | Change::Whole(_, label, text) => (
                    format!("{label} removed"),
                    escape_markdown(text),
                    String::new(),
                ),
            };
            writeln!(out, "{head}| {field} | {before} | {after} |")?;
        }
    }
    writeln!(out)
}

fn group_head(g: &ChangeGroup) -> String {
    let Some(h) = &g.head else {
        return String::new();
    };
    let mut s = inline(&h.id);
    if let Some(title) = &h.title {
        s.push(' ');
        s.push_str(&escape_markdown(title));
    }
    if let Some((note, _)) = &h.note {
        s.push_str(&format!(" ({})", escape_markdown(note)));
    }
    s
}

fn commits(out: &mut String, commits: &[Commit]) -> fmt::Result {
    let mut t = Table::new([
        "Commit",
        "Date",
        "Author",
        "Subject",
        "Changes",
        super::doc::GAPS_OPENED,
        super::doc::GAPS_CLOSED,
        "Answered",
    ]);
    for c in commits {
        let mut changes = Inline::new();
        if let Some(renamed) = &c.renamed {
            changes.0.extend(renamed.0.iter().cloned());
            changes.add(Tone::Plain, "; ");
        }
        changes.add(Tone::Plain, c.summary.clone());
        t.rows.push(vec![
            Cell::inline(Inline::new().push(Tone::Code, c.short.clone())),
            Cell::text(c.date.to_string()),
            Cell::text(c.author.clone()),
            Cell::text(c.subject.clone()),
            Cell::inline(changes),
            Cell::text(c.gaps_opened.join(", ")),
            Cell::text(c.gaps_closed.join(", ")),
            Cell::text(c.answered.clone()).numeric(),
        ]);
    }
    table(out, &t)
}
