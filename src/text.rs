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

/// Characters that change how the text around them is shown without
/// showing themselves: bidirectional embeddings, overrides, isolates and
/// marks (which can make `A.5.1` read as another id, or a name as another
/// name), zero-width spaces and joiners, invisible operators, the byte
/// order mark, line and paragraph separators, and tag characters.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

/// Whether a character must never reach a terminal as it is: control
/// characters (C0, DEL and C1, so every escape sequence) and the invisible
/// ones of [`is_invisible`].
fn is_unsafe(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// A character shown as its escape, `\u{1b}`.
fn push_escaped(out: &mut String, c: char) {
    use std::fmt::Write;
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

fn escape_where(s: &str, escape: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(&escape) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if escape(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The sanitiser for everything gapwalk prints as a message (errors,
/// warnings, paths, what `validate`, `fmt`, `resolve`, `merge` and the git
/// drivers say): control, C1, bidirectional and zero-width characters are
/// shown escaped (`\u{1b}`), so nothing from a file or a file name can
/// move the cursor, set the title, write the clipboard or reorder what is
/// shown. Line breaks and tabs stay (messages have several lines); see
/// [`escape_line`] for a value quoted inside one line.
pub fn escape_terminal(s: &str) -> std::borrow::Cow<'_, str> {
    escape_where(s, |c| c != '\n' && c != '\t' && is_unsafe(c))
}

/// Like [`escape_terminal`], with line breaks and tabs escaped too: for a
/// key, value or path quoted in a one-line message, so that it cannot
/// start a line of its own.
pub fn escape_line(s: &str) -> std::borrow::Cow<'_, str> {
    escape_where(s, is_unsafe)
}

/// A path for a message, through [`escape_line`].
pub fn escape_path(path: &std::path::Path) -> String {
    escape_line(&path.display().to_string()).into_owned()
}

/// Makes text from an assessment file safe to show (in the workshop and
/// the text, Markdown, HTML, CSV, XLSX and calendar exports): control
/// characters (and so every terminal escape sequence) are removed, the
/// invisible characters of [`is_invisible`] are shown escaped (`\u{202e}`,
/// so names and ids cannot be spoofed). Newlines and tabs become spaces.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\t' | '\r' => out.push(' '),
            c if is_invisible(c) => push_escaped(&mut out, c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Like [`sanitize`], but keeps line breaks, for multi-line text.
pub fn sanitize_multiline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push(' '),
            '\n' => out.push('\n'),
            c if is_invisible(c) => push_escaped(&mut out, c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Text for a JSON string: control characters removed (newlines and tabs
/// become spaces), everything else kept as it is; [`json_escape_invisible`]
/// then writes the invisible characters as `\uXXXX` escapes.
pub fn sanitize_data(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\t' | '\r' => ' ',
            c => c,
        })
        .filter(|c| !c.is_control())
        .collect()
}

/// Like [`sanitize_data`], but keeps line breaks, for multi-line text.
pub fn sanitize_data_multiline(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|&c| c == '\n' || !c.is_control())
        .collect()
}

/// Writes the invisible characters of [`is_invisible`] in serialised JSON
/// as `\uXXXX` escapes (serde_json writes them as they are): the data
/// keeps them, and no viewer shows them unannounced. They can only occur
/// inside strings, where the escape means the same character.
pub fn json_escape_invisible(json: String) -> String {
    use std::fmt::Write;
    if !json.chars().any(is_invisible) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_invisible(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{:04x}", u);
            }
        } else {
            out.push(c);
        }
    }
    out
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

/// The characters that make a spreadsheet read a cell as a formula, with
/// the full-width forms that spreadsheets in East Asian locales read the
/// same way.
const FORMULA_STARTS: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
];

/// Whether a spreadsheet would run this text as a formula: it starts with
/// `=`, `+`, `-`, `@` (or their full-width forms), tab or carriage return,
/// even after leading spaces.
pub fn looks_like_formula(s: &str) -> bool {
    s.starts_with(FORMULA_STARTS) || s.trim_start().starts_with(FORMULA_STARTS)
}

/// Text for a CSV cell: control characters other than line breaks are
/// dropped (see [`sanitize_multiline`]), and text that a spreadsheet would
/// run as a formula ([`looks_like_formula`]) gets a `'` in front, the only
/// guard a CSV file can carry.
pub fn csv_text(s: &str) -> String {
    let clean = sanitize_multiline(s);
    if looks_like_formula(s) || looks_like_formula(&clean) {
        format!("'{clean}")
    } else {
        clean
    }
}

/// Text for an XLSX cell, as it is (control characters other than line
/// breaks dropped, see [`sanitize_multiline`]), and whether it looks like
/// a formula. A cell written as a string never runs as a formula; the
/// workbook marks such cells with Excel's quote-prefix style so that
/// editing one does not turn it into a formula either.
pub fn xlsx_text(s: &str) -> (String, bool) {
    let clean = sanitize_multiline(s);
    let formula = looks_like_formula(s) || looks_like_formula(&clean);
    (clean, formula)
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
    fn csv_text_neutralises_formulas() {
        for bad in [
            "=1+1",
            "+1",
            "-1",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "  =HYPERLINK()",
            "\u{ff1d}1+1",
            "\u{ff0b}1",
            "\u{ff0d}1",
            "\u{ff20}SUM(A1)",
            "\u{3000}\u{ff1d}1",
        ] {
            assert!(csv_text(bad).starts_with('\''), "{bad:?}");
            let (text, formula) = xlsx_text(bad);
            assert!(formula && !text.starts_with('\''), "{bad:?}: {text:?}");
        }
        assert_eq!(csv_text("a=b\nc\u{7}"), "a=b\nc");
        assert_eq!(csv_text("Policy v2"), "Policy v2");
        assert_eq!(xlsx_text("Policy v2"), ("Policy v2".to_string(), false));
    }

    #[test]
    fn messages_show_control_bidi_and_zero_width_characters_escaped() {
        assert_eq!(
            escape_terminal("a\u{1b}]52;c;eA==\u{7}b\nc\td"),
            "a\\u{1b}]52;c;eA==\\u{7}b\nc\td"
        );
        assert_eq!(escape_terminal("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(
            escape_terminal("A.5.1\u{202e}1.5.A \u{200b}x\u{2066}"),
            "A.5.1\\u{202e}1.5.A \\u{200b}x\\u{2066}"
        );
        assert_eq!(escape_line("two\nlines\r\t"), "two\\u{a}lines\\u{d}\\u{9}");
        assert!(matches!(
            escape_terminal("plain — ok"),
            std::borrow::Cow::Borrowed(_)
        ));
        for c in [
            '\u{0}',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{9f}',
            '\u{202a}',
            '\u{2069}',
            '\u{feff}',
            '\u{e0041}',
        ] {
            let shown = escape_line(&c.to_string()).into_owned();
            assert!(
                shown.starts_with("\\u{") && shown.is_ascii(),
                "{c:?} → {shown}"
            );
        }
    }

    #[test]
    fn exports_escape_invisible_characters_and_json_keeps_them_escaped() {
        assert_eq!(
            sanitize("id\u{202e}txt.exe\u{200d}"),
            "id\\u{202e}txt.exe\\u{200d}"
        );
        assert_eq!(sanitize_multiline("a\u{2067}\nb"), "a\\u{2067}\nb");
        assert_eq!(escape_markdown("x\u{202e}"), "x\\\\u{202e}");
        assert_eq!(escape_html("<\u{200b}>"), "&lt;\\u{200b}&gt;");
        assert_eq!(sanitize_data("a\u{1b}b\u{202e}c"), "ab\u{202e}c");
        let json = serde_json::to_string(&sanitize_data("x\u{202e}y\u{e0041}")).expect("json");
        let escaped = json_escape_invisible(json);
        assert_eq!(escaped, "\"x\\u202ey\\udb40\\udc41\"");
        let back: String = serde_json::from_str(&escaped).expect("valid json");
        assert_eq!(back, "x\u{202e}y\u{e0041}");
    }
}
