//! The Statement of Applicability as an Excel workbook a consultant can
//! hand over as it is: a compact header block, a frozen header row,
//! filters, column widths, wrapped text, coloured status cells, A4
//! landscape printing, a sheet with the summary counts, and the sheets in
//! `xlsx_sheets.rs` (document control, evidence register, attendance).

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use super::soa::{SoaColumn, SoaDocument};
use crate::analysis::{Applicability, ImplementationStatus, responsibility_label};
use crate::assessment::Answer;
use crate::catalog::Theme;
use crate::text::{sanitize, xlsx_text};

/// Rows above the table: title, scope, licences and version.
pub(super) const TABLE_ROW: u32 = 3;

pub(super) fn status_format(status: ImplementationStatus) -> Format {
    let (bg, fg) = match status {
        ImplementationStatus::Implemented => (0xC6EFCE, 0x006100),
        ImplementationStatus::NotDemonstrated => (0xFCE4D6, 0x833C0B),
        ImplementationStatus::PartiallyImplemented => (0xFFEB9C, 0x9C5700),
        ImplementationStatus::NotImplemented => (0xFFC7CE, 0x9C0006),
        ImplementationStatus::NotYetAssessed => (0xEDEDED, 0x595959),
        ImplementationStatus::NotApplicable => (0xDDEBF7, 0x1F4E78),
    };
    body()
        .set_background_color(Color::RGB(bg))
        .set_font_color(Color::RGB(fg))
        .set_bold()
}

pub(super) fn body() -> Format {
    Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border_bottom(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xD8DEE6))
}

pub(super) fn header() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(0x1F2933))
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0x1F2933))
}

/// The most characters an Excel cell holds.
const MAX_CELL: usize = 32_767;
/// What ends a cell that had to be cut to [`MAX_CELL`].
const TRUNCATED: &str = "… (truncated, see the assessment file)";
/// The most characters of an Excel page header or footer.
const MAX_PAGE_TEXT: usize = 255;

/// `s` cut to at most `max` characters, ending in `end` if it was cut.
fn cut(s: &str, max: usize, end: &str) -> Option<String> {
    if s.chars().count() <= max {
        return None;
    }
    let keep = max.saturating_sub(end.chars().count());
    let mut out: String = s.chars().take(keep).collect();
    out.push_str(end);
    Some(out)
}

/// Text for a cell as it is (control characters dropped), cut to what a
/// cell holds, and whether it looks like a formula.
fn cell_text(s: &str) -> (String, bool) {
    let (text, formula) = xlsx_text(s);
    (cut(&text, MAX_CELL, TRUNCATED).unwrap_or(text), formula)
}

/// Text for a document property.
pub(super) fn cell(s: &str) -> String {
    cell_text(s).0
}

/// Writes text into a cell as a string, which Excel never runs as a
/// formula; text that looks like one gets the quote-prefix style too, so
/// that editing the cell does not turn it into a formula. Text longer than
/// a cell holds is cut (see [`soa_xlsx_warnings`]), so the workbook is
/// always made.
pub(super) fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    let (text, formula) = cell_text(s);
    if formula {
        sheet.write_string_with_format(row, col, text, &format.clone().set_quote_prefix())?;
    } else {
        sheet.write_string_with_format(row, col, text, format)?;
    }
    Ok(())
}

/// `&` starts a code in Excel's page headers and footers.
fn page_text(s: &str) -> String {
    sanitize(s).replace('&', "&&")
}

/// A page header or footer, `before` + `s` + `after` (codes written as
/// they are, `s` as text), with `s` cut so that the whole stays within
/// what Excel accepts (longer ones are dropped whole).
fn page_line(before: &str, s: &str, after: &str) -> String {
    let room = MAX_PAGE_TEXT - before.chars().count() - after.chars().count();
    let mut text = page_text(s);
    if text.chars().count() > room {
        let mut kept: String = sanitize(s).chars().take(room).collect();
        loop {
            text = format!("{}…", kept.replace('&', "&&"));
            if text.chars().count() <= room || kept.is_empty() {
                break;
            }
            kept.pop();
        }
    }
    format!("{before}{text}{after}")
}

/// What a person should know about the workbook before handing it on:
/// the cells that are longer than a cell holds, cut in the workbook, by
/// control and column.
pub fn soa_xlsx_warnings(doc: &SoaDocument) -> Vec<String> {
    let mut out = Vec::new();
    for row in &doc.rows {
        for col in doc.columns() {
            let n = xlsx_text(&col.text(row)).0.chars().count();
            if n > MAX_CELL {
                out.push(format!(
                    "{}: the {} cell holds {n} characters, more than a workbook cell can ({MAX_CELL}); it is cut in the workbook and ends \"{TRUNCATED}\"",
                    row.id,
                    col.header()
                ));
            }
        }
    }
    out
}

pub(super) fn header_block(
    sheet: &mut Worksheet,
    doc: &SoaDocument,
    title: &str,
) -> Result<(), XlsxError> {
    let title_format = Format::new().set_bold().set_font_size(14);
    let meta = Format::new().set_font_color(Color::RGB(0x404B59));
    write_text(
        sheet,
        0,
        0,
        &format!("{title}: {}", doc.organisation.trim()),
        &title_format,
    )?;
    sheet.set_row_height(0, 21)?;
    let h = doc.header();
    let value = |label: &str| {
        h.iter()
            .find(|(l, _)| *l == label)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    write_text(
        sheet,
        1,
        0,
        &format!(
            "ISO/IEC 27001:2022, clause 6.1.3 d) · Scope: {}",
            value("Scope")
        ),
        &meta,
    )?;
    write_text(
        sheet,
        2,
        0,
        &format!(
            "Microsoft 365 licences: {} · As of: {} · Document version: {} · {} · Audience: {}",
            value("Microsoft 365 licences"),
            value("As of"),
            value("Document version"),
            value("Status"),
            value("Audience")
        ),
        &meta,
    )?;
    Ok(())
}

/// How many lines text takes in a column of this width (in characters),
/// wrapped at spaces: an estimate for the row height.
pub(super) fn wrapped_lines(text: &str, width: f64) -> usize {
    let width = (width - 1.0).max(1.0) as usize;
    text.split('\n')
        .map(|line| crate::text::wrap(line, width).len().max(1))
        .sum()
}

pub(super) fn date_cell(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        d.month() as u8,
        d.day() as u8,
    )
}

/// The Statement of Applicability as an XLSX workbook.
pub fn soa_xlsx(doc: &SoaDocument) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(cell(&format!(
                "Statement of Applicability: {}",
                doc.organisation.trim()
            )))
            .set_subject("ISO/IEC 27001:2022 Statement of Applicability")
            .set_company(cell(doc.organisation.trim()))
            .set_comment(cell(&format!("Document version: {}", doc.version)))
            .set_creation_datetime(&date_cell(doc.as_of)?),
    );

    let columns = doc.columns();
    let last_col = (columns.len() - 1) as u16;
    let last_row = TABLE_ROW + doc.rows.len() as u32;
    let sheet = workbook.add_worksheet();
    sheet.set_name("Statement of Applicability")?;
    header_block(sheet, doc, "Statement of Applicability")?;
    let hf = header();
    for (c, col) in columns.iter().enumerate() {
        let c = c as u16;
        sheet.set_column_width(c, col.width())?;
        sheet.write_string_with_format(TABLE_ROW, c, col.header(), &hf)?;
    }
    sheet.set_row_height(TABLE_ROW, 30)?;
    let text = body();
    let bold = body().set_bold();
    let date = body().set_num_format("yyyy-mm-dd");
    let excluded = body().set_font_color(Color::RGB(0x595959));
    for (i, row) in doc.rows.iter().enumerate() {
        let r = TABLE_ROW + 1 + i as u32;
        // Spreadsheets do not grow rows for wrapped text on their own.
        let lines = columns
            .iter()
            .map(|c| wrapped_lines(&c.text(row), c.width()))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            sheet.set_row_height(r, 15.0 * lines as f64)?;
        }
        for (c, col) in columns.iter().enumerate() {
            let c = c as u16;
            match col {
                SoaColumn::Status => {
                    write_text(sheet, r, c, &row.status_label, &status_format(row.status))?;
                }
                SoaColumn::LastReviewed => match row.reviewed {
                    Some(d) => {
                        sheet.write_datetime_with_format(r, c, date_cell(d)?, &date)?;
                    }
                    None => {
                        sheet.write_blank(r, c, &text)?;
                    }
                },
                SoaColumn::Control => {
                    write_text(sheet, r, c, &col.text(row), &bold)?;
                }
                _ => {
                    let format = if row.applicability == Applicability::Excluded {
                        &excluded
                    } else {
                        &text
                    };
                    let value = col.text(row);
                    if value.is_empty() {
                        sheet.write_blank(r, c, format)?;
                    } else {
                        write_text(sheet, r, c, &value, format)?;
                    }
                }
            }
        }
    }
    sheet.set_freeze_panes(TABLE_ROW + 1, 1)?;
    sheet.autofilter(TABLE_ROW, 0, last_row, last_col)?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(TABLE_ROW, TABLE_ROW)?;
    sheet.set_header(page_line(
        "&L",
        doc.organisation.trim(),
        "&RStatement of Applicability",
    ));
    sheet.set_footer(page_line(
        &format!("&LAs of {} · ", doc.as_of),
        &doc.version,
        "&RPage &P of &N",
    ));

    summary_sheet(workbook.add_worksheet(), doc)?;
    super::xlsx_sheets::control_sheet(workbook.add_worksheet(), doc)?;
    super::xlsx_sheets::evidence_sheet(workbook.add_worksheet(), doc)?;
    if doc.audience == crate::analysis::Audience::Internal {
        super::xlsx_sheets::attendance_sheet(workbook.add_worksheet(), doc)?;
    }
    workbook.save_to_buffer()
}

fn summary_sheet(sheet: &mut Worksheet, doc: &SoaDocument) -> Result<(), XlsxError> {
    sheet.set_name("Summary")?;
    header_block(sheet, doc, "Statement of Applicability summary")?;
    sheet.set_column_width(0, 30)?;
    for c in 1..=8 {
        sheet.set_column_width(c, 14)?;
    }
    let hf = header();
    let text = body();
    let bold = body().set_bold();
    let number = body().set_align(FormatAlign::Right);
    let mut r = TABLE_ROW + 1;

    // Implementation status.
    sheet.write_string_with_format(r, 0, "Implementation status", &hf)?;
    sheet.write_string_with_format(r, 1, "Controls", &hf)?;
    r += 1;
    for status in ImplementationStatus::ALL {
        sheet.write_string_with_format(r, 0, status.label(), &status_format(status))?;
        sheet.write_number_with_format(r, 1, doc.count(status) as f64, &number)?;
        r += 1;
    }
    sheet.write_string_with_format(r, 0, "All Annex A controls", &bold)?;
    sheet.write_number_with_format(r, 1, doc.rows.len() as f64, &number.clone().set_bold())?;
    r += 2;

    // Applicability.
    sheet.write_string_with_format(r, 0, "Applicable", &hf)?;
    sheet.write_string_with_format(r, 1, "Controls", &hf)?;
    r += 1;
    for a in [
        Applicability::Included,
        Applicability::Excluded,
        Applicability::Undecided,
    ] {
        sheet.write_string_with_format(r, 0, a.label(), &text)?;
        sheet.write_number_with_format(r, 1, doc.count_applicable(a) as f64, &number)?;
        r += 1;
    }
    r += 1;

    // Responsibility of the included controls.
    sheet.write_string_with_format(r, 0, "Responsibility (included controls)", &hf)?;
    sheet.write_string_with_format(r, 1, "Controls", &hf)?;
    r += 1;
    for a in [
        Answer::MicrosoftProvides,
        Answer::Shared,
        Answer::WeManage,
        Answer::Gap,
    ] {
        sheet.write_string_with_format(r, 0, responsibility_label(a), &text)?;
        sheet.write_number_with_format(r, 1, doc.count_responsibility(a) as f64, &number)?;
        r += 1;
    }
    sheet.write_string_with_format(r, 0, "Included", &bold)?;
    sheet.write_number_with_format(
        r,
        1,
        doc.count_applicable(Applicability::Included) as f64,
        &number.clone().set_bold(),
    )?;
    r += 2;

    // Theme by status.
    let last = ImplementationStatus::ALL.len() as u16 + 1;
    sheet.write_string_with_format(r, 0, "Theme", &hf)?;
    for (c, status) in ImplementationStatus::ALL.iter().enumerate() {
        sheet.write_string_with_format(r, 1 + c as u16, status.label(), &hf)?;
    }
    sheet.write_string_with_format(r, last, "Controls", &hf)?;
    sheet.set_row_height(r, 30)?;
    r += 1;
    for theme in [
        Theme::Organizational,
        Theme::People,
        Theme::Physical,
        Theme::Technological,
    ] {
        let rows: Vec<_> = doc.rows.iter().filter(|row| row.theme == theme).collect();
        sheet.write_string_with_format(r, 0, theme.title(), &text)?;
        for (c, status) in ImplementationStatus::ALL.iter().enumerate() {
            let n = rows.iter().filter(|row| row.status == *status).count();
            let format = if n > 0 {
                status_format(*status).set_align(FormatAlign::Right)
            } else {
                number.clone()
            };
            sheet.write_number_with_format(r, 1 + c as u16, n as f64, &format)?;
        }
        sheet.write_number_with_format(r, last, rows.len() as f64, &number)?;
        r += 1;
    }
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 1);
    Ok(())
}
