//! The text writer: renders a [`Doc`] for a terminal or a CI log, with
//! ANSI colours only when asked (a terminal that wants them). Every piece
//! of text is sanitised: no control character, and so no escape sequence
//! from the assessment, reaches the terminal.

use std::fmt::{self, Write};

use super::doc::{
    Block, Cell, Change, ChangeGroup, Changes, Commit, Doc, Fact, FindingLine, Inline, Span, Table,
    Tone,
};
use crate::analysis::Severity;
use crate::text::{sanitize, wrap};

/// ANSI colours, or none.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Paint {
    pub on: bool,
}

impl Paint {
    fn wrap(self, code: &str, s: &str) -> String {
        if self.on && !s.is_empty() {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    /// Text (already sanitised) in a tone.
    fn tone(self, tone: Tone, s: &str) -> String {
        match tone {
            Tone::Strong => self.wrap("1", s),
            Tone::Removed | Tone::Severity(Severity::High) => self.wrap("31", s),
            Tone::Added => self.wrap("32", s),
            Tone::Muted => self.wrap("2", s),
            Tone::Mark | Tone::Severity(Severity::Medium) => self.wrap("33", s),
            _ => s.to_string(),
        }
    }

    fn span(self, span: &Span) -> String {
        self.tone(span.tone, &sanitize(&span.text))
    }

    fn inline(self, i: &Inline) -> String {
        i.0.iter().map(|s| self.span(s)).collect()
    }
}

/// The document as text; `colour` adds ANSI colours.
pub(crate) fn plain(doc: &Doc, colour: bool) -> String {
    let mut out = String::new();
    write_doc(&mut out, doc, Paint { on: colour }).map_or_else(|_| String::new(), |()| out)
}

fn write_doc(out: &mut String, doc: &Doc, p: Paint) -> fmt::Result {
    if doc.banner.is_empty() {
        writeln!(
            out,
            "{}",
            p.tone(Tone::Strong, &sanitize(&doc.title.text()))
        )?;
        if let Some(s) = &doc.subtitle {
            writeln!(out, "{}", p.inline(s))?;
        }
    }
    for line in &doc.banner {
        writeln!(out, "{}", p.inline(line))?;
    }
    let width = label_width(&doc.meta);
    for f in &doc.meta {
        writeln!(
            out,
            "{:<width$}{}",
            format!("{}:", sanitize(&f.label)),
            p.inline(&f.value)
        )?;
    }
    for (i, s) in doc.sections.iter().enumerate() {
        // A log's one untitled section follows its banner directly.
        let first_commits =
            i == 0 && s.title.is_empty() && matches!(s.blocks.first(), Some(Block::Commits(_)));
        if !first_commits {
            writeln!(out)?;
        }
        if !s.title.is_empty() {
            writeln!(out, "{}", p.tone(Tone::Strong, &sanitize(&s.title)))?;
        }
        for b in &s.blocks {
            block(out, b, p)?;
        }
    }
    if let Some(footer) = &doc.footer {
        writeln!(out, "\n{}", p.inline(footer))?;
    }
    Ok(())
}

/// The width that aligns the values of labelled lines: the longest label,
/// a colon or a space, and a space.
fn label_width(facts: &[Fact]) -> usize {
    facts
        .iter()
        .map(|f| sanitize(&f.label).chars().count())
        .max()
        .unwrap_or(0)
        + 2
}

fn block(out: &mut String, b: &Block, p: Paint) -> fmt::Result {
    match b {
        Block::Para(text) | Block::Note(text) => writeln!(out, "  {}", p.inline(text)),
        Block::Verdict(text, _) => {
            writeln!(out, "  {}", p.tone(Tone::Strong, &sanitize(&text.text())))
        }
        Block::Heading(text, tone) => {
            writeln!(out, "\n{}", p.tone(*tone, &sanitize(&text.text())))
        }
        Block::List(items) => {
            for i in items {
                writeln!(out, "  - {}", p.inline(i))?;
            }
            Ok(())
        }
        Block::Marked(items) => {
            for (mark, i) in items {
                writeln!(out, "  {} {}", p.span(mark), p.inline(i))?;
            }
            Ok(())
        }
        Block::Facts(facts) => {
            let width = label_width(facts);
            for f in facts {
                writeln!(
                    out,
                    "  {:<width$}{}",
                    format!("{}:", sanitize(&f.label)),
                    p.inline(&f.value)
                )?;
            }
            Ok(())
        }
        Block::FactTable(_, facts) => {
            let width = label_width(facts);
            for f in facts {
                let label = format!("{:<width$}", sanitize(&f.label));
                writeln!(
                    out,
                    "  {}{}",
                    p.tone(Tone::Strong, &label),
                    p.inline(&f.value)
                )?;
            }
            Ok(())
        }
        Block::Kpis(kpis) => {
            for k in kpis {
                writeln!(
                    out,
                    "  {} {}",
                    p.tone(
                        k.tone.map_or(Tone::Strong, Tone::Severity),
                        &sanitize(&k.figure)
                    ),
                    sanitize(&k.label)
                )?;
            }
            Ok(())
        }
        Block::Table(t) => table(out, t, p),
        Block::Chart(c) => {
            writeln!(out, "\n{}", p.tone(Tone::Strong, &sanitize(&c.caption)))?;
            match &c.empty {
                Some(empty) if c.table.rows.is_empty() => writeln!(out, "  {}", sanitize(empty)),
                _ => table(out, &c.table, p),
            }
        }
        Block::Item(item) => {
            writeln!(
                out,
                "\n  {}",
                p.tone(Tone::Strong, &sanitize(&item.heading))
            )?;
            let facts: Vec<String> = item.facts.iter().map(|f| p.inline(f)).collect();
            writeln!(out, "    {}", facts.join(" · "))?;
            for f in &item.findings {
                writeln!(out, "    {}", finding(f, p))?;
            }
            for (label, text) in &item.paragraphs {
                writeln!(out, "    {}: {}", sanitize(label), sanitize(text.trim()))?;
            }
            Ok(())
        }
        Block::Findings(lines) => {
            for f in lines {
                writeln!(out, "  {}", finding(f, p))?;
            }
            Ok(())
        }
        Block::Record(entries) => {
            for e in entries {
                writeln!(out, "  {} {}", sanitize(&e.id), sanitize(&e.title))?;
                for (label, text) in &e.entries {
                    writeln!(out, "    {}: {}", sanitize(label), sanitize(text.trim()))?;
                }
            }
            Ok(())
        }
        Block::Ids(ids) => {
            let list: Vec<String> = ids.iter().map(|(id, _)| sanitize(id)).collect();
            for line in wrap(&list.join(" "), 76) {
                writeln!(out, "  {line}")?;
            }
            Ok(())
        }
        Block::Changes(c) => changes(out, c, p),
        Block::Commits(commits) => {
            for (i, c) in commits.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                commit(out, c, p)?;
            }
            Ok(())
        }
    }
}

fn finding(f: &FindingLine, p: Paint) -> String {
    let mut s = String::new();
    if let Some(mark) = &f.mark {
        s.push_str(&p.span(mark));
        s.push(' ');
    }
    s.push_str(&format!("[{}] ", f.severity));
    if let Some(title) = &f.title {
        s.push_str(&format!("{}: ", sanitize(title)));
    }
    s.push_str(&sanitize(&f.message));
    s
}

fn cell_text(c: &Cell) -> String {
    c.lines
        .iter()
        .map(|l| sanitize(&l.text()).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Columns aligned with spaces; numbers right-aligned.
fn table(out: &mut String, t: &Table, p: Paint) -> fmt::Result {
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    let headers: Vec<String> = t.headers.iter().map(|h| sanitize(h)).collect();
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .chain([&headers[i]])
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, &w))| {
                if t.numeric(i) {
                    format!("{c:>w$}")
                } else {
                    format!("{c:<w$}")
                }
            })
            .collect();
        parts.join("  ").trim_end().to_string()
    };
    writeln!(out, "  {}", p.tone(Tone::Strong, &line(&headers)))?;
    for r in &rows {
        writeln!(out, "  {}", line(r))?;
    }
    Ok(())
}

fn change(c: &Change, p: Paint) -> String {
    match c {
        Change::Field { label, old, new } => {
            let label = p.tone(Tone::Muted, &format!("{}:", sanitize(label)));
            match (old, new) {
                (None, Some(new)) => {
                    format!("{label} {} {}", p.tone(Tone::Added, "+"), sanitize(new))
                }
                (Some(old), None) => {
                    format!("{label} {} {}", p.tone(Tone::Removed, "-"), sanitize(old))
                }
                (old, new) => format!(
                    "{label} {} → {}",
                    p.tone(Tone::Removed, &sanitize(old.as_deref().unwrap_or("(none)"))),
                    p.tone(Tone::Added, &sanitize(new.as_deref().unwrap_or("(none)")))
                ),
            }
        }
        Change::Added(label, text) => {
            format!(
                "{} {} {}",
                p.tone(Tone::Added, "+"),
                sanitize(label),
                sanitize(text)
            )
        }
        Change::Removed(label, text) => format!(
            "{} {} {}",
            p.tone(Tone::Removed, "-"),
            sanitize(label),
            sanitize(text)
        ),
        Change::Whole(tone, _, text) => {
            let mark = if *tone == Tone::Added { "+" } else { "-" };
            format!("{} {}", p.tone(*tone, mark), sanitize(text))
        }
    }
}

/// A group under its head; the whole thing added or removed in one line.
fn changes(out: &mut String, c: &Changes, p: Paint) -> fmt::Result {
    for g in &c.groups {
        group(out, g, p)?;
    }
    Ok(())
}

fn group(out: &mut String, g: &ChangeGroup, p: Paint) -> fmt::Result {
    if g.changes.iter().all(|c| matches!(c, Change::Whole(..))) {
        for c in &g.changes {
            writeln!(out, "  {}", change(c, p))?;
        }
        return Ok(());
    }
    let indent = match &g.head {
        Some(h) => {
            let mut head = p.inline(&h.id);
            if let Some(title) = &h.title {
                head.push_str(&format!("  {}", sanitize(title)));
            }
            if let Some((note, tone)) = &h.note {
                head.push_str(&format!("  {}", p.tone(*tone, &sanitize(note))));
            }
            writeln!(out, "  {head}")?;
            "      "
        }
        None => "    ",
    };
    for c in &g.changes {
        writeln!(out, "{indent}{}", change(c, p))?;
    }
    Ok(())
}

fn commit(out: &mut String, c: &Commit, p: Paint) -> fmt::Result {
    writeln!(
        out,
        "{} {} {}  {}",
        p.tone(Tone::Mark, &c.short),
        c.date,
        sanitize(&c.author),
        p.tone(Tone::Strong, &sanitize(&c.subject))
    )?;
    if let Some(renamed) = &c.renamed {
        writeln!(out, "    {}", p.inline(renamed))?;
    }
    if c.unreadable {
        return writeln!(out, "    {}", p.tone(Tone::Removed, &sanitize(&c.summary)));
    }
    writeln!(out, "    {}", sanitize(&c.summary))?;
    for (label, ids, tone) in [
        (super::doc::GAPS_OPENED, &c.gaps_opened, Tone::Removed),
        (super::doc::GAPS_CLOSED, &c.gaps_closed, Tone::Added),
    ] {
        if !ids.is_empty() {
            writeln!(
                out,
                "    {} {}",
                p.tone(tone, &format!("{}:", label.to_lowercase())),
                ids.join(", ")
            )?;
        }
    }
    writeln!(out, "    {}", p.tone(Tone::Muted, &c.answered))
}
