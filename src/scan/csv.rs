//! A small reader for delimited text (Prowler writes `;`-separated CSV):
//! fields may be quoted with `"`, a quote inside one is doubled, and a
//! quoted field may span lines. Every field knows its line and column, so
//! a problem can be reported where it is.

use super::Problem;

/// One field and where it starts (1-based line and column in characters).
pub(crate) struct Field {
    pub text: String,
    pub line: usize,
    pub column: usize,
}

/// The records of `text`, each a list of fields. Lines that are empty are
/// skipped; a line ending in CR LF reads like one ending in LF.
pub(crate) fn records(text: &str, delimiter: char) -> Result<Vec<Vec<Field>>, Problem> {
    let mut out = Vec::new();
    let mut record: Vec<Field> = Vec::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut column) = (1usize, 1usize);
    loop {
        // At the start of a field.
        let (start_line, start_column) = (line, column);
        let mut field = String::new();
        let mut end_of_record = false;
        if chars.peek() == Some(&'"') {
            chars.next();
            column += 1;
            loop {
                match chars.next() {
                    None => {
                        return Err(Problem::at(
                            start_line,
                            start_column,
                            "a quoted field is never closed (a truncated file?): expected a closing \"",
                        ));
                    }
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        column += 2;
                        field.push('"');
                    }
                    Some('"') => {
                        column += 1;
                        break;
                    }
                    Some('\n') => {
                        line += 1;
                        column = 1;
                        field.push('\n');
                    }
                    Some(c) => {
                        column += 1;
                        field.push(c);
                    }
                }
            }
            // After the closing quote: a delimiter, the end of the line or
            // of the file.
            match chars.next() {
                None => end_of_record = true,
                Some(c) if c == delimiter => column += 1,
                Some('\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                    end_of_record = true;
                }
                Some('\n') => end_of_record = true,
                Some(c) => {
                    return Err(Problem::at(
                        line,
                        column,
                        format!(
                            "{c:?} after a quoted field: expected {delimiter:?} or the end of the line"
                        ),
                    ));
                }
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        end_of_record = true;
                        break;
                    }
                    Some(c) if c == delimiter => {
                        column += 1;
                        break;
                    }
                    Some('\r') if chars.peek() == Some(&'\n') => {
                        chars.next();
                        end_of_record = true;
                        break;
                    }
                    Some('\n') => {
                        end_of_record = true;
                        break;
                    }
                    Some(c) => {
                        column += 1;
                        field.push(c);
                    }
                }
            }
        }
        record.push(Field {
            text: field,
            line: start_line,
            column: start_column,
        });
        if end_of_record {
            let blank = record.len() == 1 && record[0].text.is_empty();
            if !blank {
                out.push(std::mem::take(&mut record));
            } else {
                record.clear();
            }
            if chars.peek().is_none() {
                break;
            }
            line += 1;
            column = 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(r: &[Vec<Field>]) -> Vec<Vec<&str>> {
        r.iter()
            .map(|f| f.iter().map(|x| x.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn quoted_fields_doubled_quotes_and_line_breaks() {
        let r = records("A;B;C\r\n1;\"x;\"\"y\"\"\nz\";3\n\n4;;\n", ';').expect("valid");
        assert_eq!(
            texts(&r),
            vec![
                vec!["A", "B", "C"],
                vec!["1", "x;\"y\"\nz", "3"],
                vec!["4", "", ""]
            ]
        );
        assert_eq!((r[1][2].line, r[1][2].column), (3, 4));
        assert_eq!((r[2][0].line, r[2][0].column), (5, 1));
    }

    #[test]
    fn an_unclosed_quote_or_text_after_one_is_an_error_with_its_place() {
        let e = records("A;B\n1;\"open\n", ';').err().expect("error");
        assert_eq!(e.at, Some((2, 3)));
        assert!(e.message.contains("never closed"), "{}", e.message);
        let e = records("A;B\n\"x\"y;2\n", ';').err().expect("error");
        assert_eq!(e.at, Some((2, 4)));
    }
}
