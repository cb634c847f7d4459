//! CSV as RFC 4180 describes it: CRLF line ends, fields with commas,
//! semicolons (the separator spreadsheets use in locales with a decimal
//! comma), quotes or line breaks in double quotes, quotes doubled. The file starts
//! with a UTF-8 byte order mark so that spreadsheets read it as UTF-8.

use crate::text::csv_text;

/// A CSV document being written.
pub(crate) struct Csv {
    out: String,
}

impl Csv {
    pub(crate) fn new() -> Self {
        Csv {
            out: String::from('\u{feff}'),
        }
    }

    /// Appends a record. Every cell is made spreadsheet-safe (control
    /// characters dropped, formulas neutralised).
    pub(crate) fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            let cell = csv_text(cell.as_ref());
            if cell.contains([',', ';', '"', '\n', '\r']) {
                self.out.push('"');
                self.out.push_str(&cell.replace('"', "\"\""));
                self.out.push('"');
            } else {
                self.out.push_str(&cell);
            }
        }
        self.out.push_str("\r\n");
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_follows_rfc_4180() {
        let mut csv = Csv::new();
        csv.row(["a", "b,c", "say \"hi\"", "two\nlines"]);
        csv.row(["=cmd|' /C calc'!A0", "@x", "plain"]);
        csv.row(["a;b", "\u{ff1d}1+1", "x"]);
        assert_eq!(
            csv.finish(),
            "\u{feff}a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n'=cmd|' /C calc'!A0,'@x,plain\r\n\"a;b\",'\u{ff1d}1+1,x\r\n"
        );
    }
}
