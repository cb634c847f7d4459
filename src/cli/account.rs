//! What the spreadsheet imports (`import`, `import-risks`) print about
//! what they read: the sheet, the columns and where each went, and rows,
//! with runs of like rows folded into one line. Spreadsheet text is
//! escaped here, whatever the caller passes.

use std::path::Path;

use crate::text::{escape_line, escape_path};

/// "Read PATH, sheet "S" (header on row N; not read: "A", "B")."
pub(super) fn sheet_line(path: &Path, sheet: &str, header_row: usize, others: &[String]) -> String {
    let mut head = format!(
        "Read {}, sheet \"{}\" (header on row {header_row}",
        escape_path(path),
        escape_line(sheet)
    );
    if !others.is_empty() {
        let others: Vec<String> = others
            .iter()
            .map(|s| format!("\"{}\"", escape_line(s)))
            .collect();
        head.push_str(&format!("; not read: {}", others.join(", ")));
    }
    head.push_str(").");
    head
}

/// The columns, aligned: (column letter, its header, what it was used for).
pub(super) fn column_lines(columns: &[(&str, &str, String)]) -> Vec<String> {
    let lefts: Vec<String> = columns
        .iter()
        .map(|(column, header, _)| format!("{column} \"{}\"", escape_line(header)))
        .collect();
    let width = lefts
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .min(60);
    columns
        .iter()
        .zip(&lefts)
        .map(|((_, _, used), left)| {
            let pad = width.saturating_sub(left.chars().count());
            format!("  {left}{}  {used}", " ".repeat(pad))
        })
        .collect()
}

/// One line per row, in order, except that consecutive rows `run` picks
/// out become one line for the range: `run_line("rows 43–48", first)`
/// with what `run` said of the first of them.
pub(super) fn fold_rows<T>(
    rows: &[T],
    row: impl Fn(&T) -> usize,
    run: impl Fn(&T) -> Option<String>,
    line: impl Fn(&T) -> String,
    run_line: impl Fn(&str, &str) -> String,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize, String)> = None;
    let flush = |current: &mut Option<(usize, usize, String)>, out: &mut Vec<String>| {
        if let Some((a, b, text)) = current.take() {
            let rows = if a == b {
                format!("row {a}")
            } else {
                format!("rows {a}–{b}")
            };
            out.push(run_line(&rows, &text));
        }
    };
    for r in rows {
        let n = row(r);
        match run(r) {
            Some(text) => {
                current = match current.take() {
                    Some((a, b, t)) if b + 1 == n => Some((a, n, t)),
                    other => {
                        let mut other = other;
                        flush(&mut other, &mut out);
                        Some((n, n, text))
                    }
                };
            }
            None => {
                flush(&mut current, &mut out);
                out.push(line(r));
            }
        }
    }
    flush(&mut current, &mut out);
    out
}

/// "1 row", "3 rows".
pub(super) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_like_rows_fold_into_ranges() {
        let rows = [(2, false), (3, true), (4, true), (6, true), (7, false)];
        let lines = fold_rows(
            &rows,
            |r| r.0,
            |r| r.1.then(|| format!("at {}", r.0)),
            |r| format!("row {}: kept", r.0),
            |rows, first| format!("{rows}: empty ({first})"),
        );
        assert_eq!(
            lines,
            [
                "row 2: kept",
                "rows 3–4: empty (at 3)",
                "row 6: empty (at 6)",
                "row 7: kept"
            ]
        );
    }

    #[test]
    fn sheet_names_and_headers_are_escaped_and_aligned() {
        let line = sheet_line(
            Path::new("soa.xlsx"),
            "SoA\nInjected",
            3,
            &["About\u{1b}[2J".into()],
        );
        assert!(!line.contains('\n') && !line.contains('\u{1b}'), "{line}");
        let cols = column_lines(&[("A", "Nr", "→ id".into()), ("B", "Event", "→ title".into())]);
        assert_eq!(cols, ["  A \"Nr\"     → id", "  B \"Event\"  → title"]);
    }
}
