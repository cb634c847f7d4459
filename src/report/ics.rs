//! iCalendar (RFC 5545) output: CRLF line ends, content lines folded at 75
//! octets, TEXT values escaped.

use chrono::{Days, NaiveDate};

use crate::text::sanitize_multiline;

pub(crate) struct Calendar {
    out: String,
    stamp: String,
    sequence: i64,
}

impl Calendar {
    /// A calendar whose events are stamped with the as-of date (so the same
    /// input gives the same file). An export made on a later as-of date
    /// carries a higher SEQUENCE and a later LAST-MODIFIED, so a calendar
    /// that imported an earlier one updates its events rather than keeping
    /// them.
    pub(crate) fn new(as_of: NaiveDate) -> Self {
        let epoch = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN);
        let mut cal = Calendar {
            out: String::new(),
            stamp: format!("{}T000000Z", as_of.format("%Y%m%d")),
            sequence: (as_of - epoch).num_days().max(0),
        };
        cal.line("BEGIN:VCALENDAR");
        cal.line("VERSION:2.0");
        cal.line("PRODID:-//gapwalk//remediation plan//EN");
        cal.line("CALSCALE:GREGORIAN");
        cal.line("METHOD:PUBLISH");
        cal
    }

    /// Adds an all-day event. `key` identifies the event across exports,
    /// so a calendar that imports a newer plan updates it.
    pub(crate) fn all_day_event(
        &mut self,
        key: &str,
        date: NaiveDate,
        summary: &str,
        description: &str,
    ) {
        let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
        self.line("BEGIN:VEVENT");
        self.line(&format!("UID:{:016x}@gapwalk.invalid", fnv1a(key)));
        self.line(&format!("DTSTAMP:{}", self.stamp));
        self.line(&format!("LAST-MODIFIED:{}", self.stamp));
        self.line(&format!("SEQUENCE:{}", self.sequence));
        self.line(&format!("DTSTART;VALUE=DATE:{}", date.format("%Y%m%d")));
        self.line(&format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")));
        self.line(&format!("SUMMARY:{}", escape_text(summary)));
        self.line(&format!("DESCRIPTION:{}", escape_text(description)));
        self.line("TRANSP:TRANSPARENT");
        self.line("END:VEVENT");
    }

    pub(crate) fn finish(mut self) -> String {
        self.line("END:VCALENDAR");
        self.out
    }

    fn line(&mut self, line: &str) {
        fold(line, &mut self.out);
    }
}

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks.
/// Other control characters are dropped.
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in sanitize_multiline(s).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so that no line is longer than 75
/// octets (continuation lines start with a space), never splitting a
/// UTF-8 character, and ended with CRLF.
pub(crate) fn fold(line: &str, out: &mut String) {
    let mut len = 0;
    for c in line.chars() {
        if len + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// A stable 64-bit FNV-1a hash (std's hasher may change between Rust
/// versions; a calendar UID must not).
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "é".repeat(60));
        fold(&line, &mut out);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{line}\r\n"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("a,b;c\\d\ne\u{7}"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn every_line_ends_in_crlf() {
        let mut cal = Calendar::new(NaiveDate::from_ymd_opt(2026, 11, 28).expect("date"));
        cal.all_day_event(
            "k",
            NaiveDate::from_ymd_opt(2027, 1, 31).expect("date"),
            "s",
            "d",
        );
        let out = cal.finish();
        assert!(out.ends_with("END:VCALENDAR\r\n"));
        assert!(!out.replace("\r\n", "").contains('\n'));
        assert!(out.contains("DTSTART;VALUE=DATE:20270131\r\nDTEND;VALUE=DATE:20270201\r\n"));
        assert!(out.contains("DTSTAMP:20261128T000000Z\r\n"));
        assert!(out.contains("LAST-MODIFIED:20261128T000000Z\r\n"));
    }

    #[test]
    fn a_later_export_has_a_higher_sequence() {
        let sequence = |d: NaiveDate| {
            let mut cal = Calendar::new(d);
            cal.all_day_event("k", d, "s", "d");
            let out = cal.finish();
            out.lines()
                .find_map(|l| l.strip_prefix("SEQUENCE:"))
                .and_then(|n| n.trim().parse::<i64>().ok())
                .expect("a SEQUENCE")
        };
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert!(sequence(day(2026, 11, 29)) > sequence(day(2026, 11, 28)));
        assert!(sequence(day(2027, 1, 1)) > sequence(day(2026, 12, 31)));
    }
}
