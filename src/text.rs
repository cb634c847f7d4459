//! Making untrusted text from an assessment file safe for where it goes.

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
}
