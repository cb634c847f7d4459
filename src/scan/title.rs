//! Check ids and titles as the tools write them, made plain: HTML tags and entities, Markdown and terminal escapes removed.

use super::*;

/// An id, version or tenant: control and invisible characters removed,
/// surrounding space trimmed.
pub(super) fn clean_id(s: &str) -> String {
    s.chars()
        .filter(|&c| !c.is_control() && !is_invisible(c))
        .collect::<String>()
        .trim()
        .to_string()
}

/// A check title as one line of plain text: HTML tags and terminal escape
/// sequences removed, character references decoded, control and invisible
/// characters dropped, spaces collapsed, and cut at [`MAX_TITLE_CHARS`]
/// (with the original length, in characters, when it was cut).
pub fn clean_title(raw: &str) -> (String, Option<usize>) {
    let mut plain = String::with_capacity(raw.len().min(4 * MAX_TITLE_CHARS));
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) =>
            {
                // A tag: skipped to its end (an unclosed one to the end).
                for t in chars.by_ref() {
                    if t == '>' {
                        break;
                    }
                }
                plain.push(' ');
            }
            '\u{1b}' => skip_escape(&mut chars),
            '&' => plain.push_str(&entity(&mut chars)),
            c if c.is_control() => plain.push(' '),
            c if is_invisible(c) => {}
            c => plain.push(c),
        }
    }
    let mut out = String::with_capacity(plain.len());
    for word in plain.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let count = out.chars().count();
    if count <= MAX_TITLE_CHARS {
        return (out, None);
    }
    let mut cut: String = out.chars().take(MAX_TITLE_CHARS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    (cut, Some(count))
}

/// Skips the rest of a terminal escape sequence after ESC: CSI (`[` …
/// final byte), OSC (`]` … BEL or ESC `\`), or one character.
pub(super) fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars>) {
    match chars.next() {
        Some('[') => {
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
            }
        }
        Some(']') => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' || (c == '\u{1b}' && chars.next_if_eq(&'\\').is_some()) {
                    break;
                }
            }
        }
        _ => {}
    }
}

/// A character reference after `&` (`&amp;`, `&#39;`, `&#x2014;`); text
/// that is not one stays as it was.
pub(super) fn entity(chars: &mut std::iter::Peekable<std::str::Chars>) -> String {
    let mut name = String::new();
    let mut probe = chars.clone();
    while let Some(&c) = probe.peek() {
        if c == ';' || name.len() > 10 || !(c.is_ascii_alphanumeric() || c == '#') {
            break;
        }
        name.push(c);
        probe.next();
    }
    if probe.peek() != Some(&';') {
        return "&".to_string();
    }
    let decoded = match name.as_str() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        n => n
            .strip_prefix("#x")
            .or_else(|| n.strip_prefix("#X"))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| n.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32)
            .filter(|c| !c.is_control() && !is_invisible(*c)),
    };
    match decoded {
        Some(c) => {
            probe.next();
            *chars = probe;
            c.to_string()
        }
        None => "&".to_string(),
    }
}
