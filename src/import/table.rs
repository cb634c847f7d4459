//! Spreadsheets as tables of text: every sheet of a workbook (XLSX, XLSM,
//! XLS, ODS, through calamine) or a CSV file (comma, semicolon or tab,
//! UTF-8 or Windows-1252), each cell as the text a person sees. Formulas
//! are never evaluated: a workbook's cells give their saved values.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use chrono::{Days, NaiveDate};

use super::ImportError;

/// One sheet: its name and its rows, numbered as the spreadsheet numbers
/// them (`first_row` is the number of `rows[0]`; columns start at
/// `first_column`, 0 for A).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: String,
    pub first_row: usize,
    pub first_column: usize,
    pub rows: Vec<Vec<String>>,
    /// Columns are named by letter (A, B, …) in a workbook, by number in
    /// a CSV file.
    pub lettered: bool,
}

impl Table {
    /// The spreadsheet's name for a column of this table.
    pub fn column_name(&self, index: usize) -> String {
        let n = self.first_column + index;
        if !self.lettered {
            return format!("column {}", n + 1);
        }
        let mut name = String::new();
        let mut n = n + 1;
        while n > 0 {
            let rem = (n - 1) % 26;
            name.insert(0, char::from(b'A' + rem as u8));
            n = (n - 1) / 26;
        }
        format!("column {name}")
    }

    /// The spreadsheet's number of a row of this table.
    pub fn row_number(&self, index: usize) -> usize {
        self.first_row + index
    }

    pub fn cell(&self, row: usize, column: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(column))
            .map_or("", String::as_str)
    }
}

/// Reads every sheet of a spreadsheet: CSV (and TXT/TSV) by its name,
/// anything else as a workbook.
pub fn read_tables(path: &Path) -> Result<Vec<Table>, ImportError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv" | "tsv" | "txt") => {
            let bytes = std::fs::read(path).map_err(|error| ImportError::Io {
                path: path.to_path_buf(),
                error,
            })?;
            let name = path
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            Ok(vec![read_csv(&name, &bytes)])
        }
        _ => read_workbook(path),
    }
}

fn read_workbook(path: &Path) -> Result<Vec<Table>, ImportError> {
    if let Err(error) = std::fs::metadata(path) {
        return Err(ImportError::Io {
            path: path.to_path_buf(),
            error,
        });
    }
    let unreadable = |message: String| ImportError::Unreadable {
        path: path.to_path_buf(),
        message,
    };
    let mut workbook = open_workbook_auto(path).map_err(|e| unreadable(e.to_string()))?;
    let mut out = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| unreadable(format!("sheet \"{name}\": {e}")))?;
        let (first_row, first_column) = range
            .start()
            .map_or((0, 0), |(r, c)| (r as usize, c as usize));
        let rows = range
            .rows()
            .map(|row| row.iter().map(cell_text).collect())
            .collect();
        out.push(Table {
            name,
            first_row: first_row + 1,
            first_column,
            rows,
            lettered: true,
        });
    }
    Ok(out)
}

/// A cell's value as text: numbers as written (`5.1`, `12`), dates as
/// `YYYY-MM-DD`, errors and empty cells as nothing.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => {
            excel_date(d.as_f64()).map_or_else(|| d.to_string(), |d| d.to_string())
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

/// An Excel serial date (days since 1899-12-30) as a date.
pub(super) fn excel_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(serial.trunc() as u64))
}

/// A CSV file as one table. The delimiter is the one of `,`, `;` and tab
/// that splits the first lines most often; text that is not UTF-8 is read
/// as Windows-1252 (what spreadsheets on Windows write).
pub fn read_csv(name: &str, bytes: &[u8]) -> Table {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let sample: String = text.lines().take(20).collect::<Vec<_>>().join("\n");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| sample.bytes().filter(|&b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let rows = reader
        .records()
        // A record the reader cannot split (an unterminated quote) ends
        // the table where it starts; what came before is kept.
        .map_while(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    Table {
        name: name.to_string(),
        first_row: 1,
        first_column: 0,
        rows,
        lettered: false,
    }
}

/// A Windows-1252 byte as a character (0x80–0x9F are its printable extras;
/// the rest is Latin-1).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        b => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_delimiters_quotes_bom_and_windows_1252() {
        let t = read_csv(
            "x",
            "\u{feff}Control;Owner\nA.5.1;\"Smith; J\"\n".as_bytes(),
        );
        assert_eq!(
            t.rows,
            vec![vec!["Control", "Owner"], vec!["A.5.1", "Smith; J"]]
        );
        let t = read_csv("x", b"ref_id\tname\nA.5.1\tCaf\xe9 \x93policy\x94\n");
        assert_eq!(t.rows[1], vec!["A.5.1", "Café “policy”"]);
    }

    #[test]
    fn column_names_are_letters_in_a_workbook() {
        let t = Table {
            name: String::new(),
            first_row: 1,
            first_column: 0,
            rows: Vec::new(),
            lettered: true,
        };
        assert_eq!(t.column_name(0), "column A");
        assert_eq!(t.column_name(25), "column Z");
        assert_eq!(t.column_name(26), "column AA");
    }

    #[test]
    fn excel_dates() {
        assert_eq!(excel_date(45_000.0), NaiveDate::from_ymd_opt(2023, 3, 15));
        assert_eq!(excel_date(-1.0), None);
    }
}
