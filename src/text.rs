//! Making untrusted text from an assessment file safe for where it goes.

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Removes control characters (and so every terminal escape sequence) from
/// text that will reach a terminal. Newlines and tabs become spaces.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\t' | '\r' => ' ',
            c => c,
        })
        .filter(|c| !c.is_control())
        .collect()
}

/// Like [`sanitize`], but keeps line breaks, for multi-line text.
pub fn sanitize_multiline(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|&c| c == '\n' || !c.is_control())
        .collect()
}

/// Escapes text for Markdown, so that a value cannot become a link, an
/// HTML tag or a table cell boundary. Control characters are dropped.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in sanitize(s).chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values. Control
/// characters are dropped; line breaks are kept (a `white-space: pre-line`
/// style shows them).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in sanitize_multiline(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Makes text safe for a spreadsheet cell (CSV or XLSX): control
/// characters other than line breaks are dropped, and text that a
/// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
/// tab or carriage return, even after leading spaces) gets a `'` in front.
pub fn spreadsheet_text(s: &str) -> String {
    let starts_formula = s.starts_with(FORMULA_STARTS);
    let clean = sanitize_multiline(s);
    if starts_formula || clean.trim_start().starts_with(FORMULA_STARTS) {
        format!("'{clean}")
    } else {
        clean
    }
}

/// Greedy word wrap at `width` characters; words longer than the width
/// stand on a line of their own.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The text with its first letter in upper case.
pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The text with its first letter in lower case.
pub(crate) fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_strips_escape_sequences_and_controls() {
        assert_eq!(sanitize("a\u{1b}[31mred\u{7}\n b"), "a[31mred  b");
        assert_eq!(sanitize("\u{9b}2J"), "2J");
    }

    #[test]
    fn multiline_keeps_newlines_only() {
        assert_eq!(sanitize_multiline("a\nb\u{1b}\r"), "a\nb");
    }

    #[test]
    fn markdown_escapes_what_would_render() {
        assert_eq!(escape_markdown("<b>|[x](y)"), "\\<b\\>\\|\\[x\\](y)");
    }

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(
            escape_html("<script>alert(\"x\" & 'y')</script>\u{1b}"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
    }

    #[test]
    fn spreadsheet_text_neutralises_formulas() {
        for bad in [
            "=1+1",
            "+1",
            "-1",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "  =HYPERLINK()",
        ] {
            assert!(spreadsheet_text(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(spreadsheet_text("a=b\nc\u{7}"), "a=b\nc");
        assert_eq!(spreadsheet_text("Policy v2"), "Policy v2");
    }
}
