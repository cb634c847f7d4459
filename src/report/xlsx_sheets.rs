//! The Statement of Applicability workbook's record sheets: document
//! control (with the scope and the version history), the evidence register
//! the SoA's evidence ids refer to, and the attendance record. Text goes
//! through `xlsx::write_text` like every other cell of the workbook.

use rust_xlsxwriter::{Color, Format, FormatAlign, Worksheet, XlsxError};

use super::soa::SoaDocument;
use super::xlsx::{
    TABLE_ROW, body, cell, date_cell, header, header_block, wrapped_lines, write_text,
};
use crate::analysis::Audience;

/// Writes text (or a blank cell for none) in a format.
fn text(sheet: &mut Worksheet, r: u32, c: u16, s: &str, format: &Format) -> Result<(), XlsxError> {
    if s.trim().is_empty() {
        sheet.write_blank(r, c, format)?;
    } else {
        write_text(sheet, r, c, s, format)?;
    }
    Ok(())
}

/// A header row of a table.
fn headings(sheet: &mut Worksheet, r: u32, names: &[&str]) -> Result<(), XlsxError> {
    let hf = header();
    for (c, name) in names.iter().enumerate() {
        sheet.write_string_with_format(r, c as u16, *name, &hf)?;
    }
    Ok(())
}

/// Grows a row to fit its wrapped text.
fn fit(sheet: &mut Worksheet, r: u32, cells: &[(&str, f64)]) -> Result<(), XlsxError> {
    let lines = cells
        .iter()
        .map(|(s, w)| wrapped_lines(s, *w))
        .max()
        .unwrap_or(1);
    if lines > 1 {
        sheet.set_row_height(r, 15.0 * lines as f64)?;
    }
    Ok(())
}

fn print_setup(sheet: &mut Worksheet) {
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
}

/// Document control, the scope statement and the version history.
pub(super) fn control_sheet(sheet: &mut Worksheet, doc: &SoaDocument) -> Result<(), XlsxError> {
    sheet.set_name("Document control")?;
    header_block(sheet, doc, "Statement of Applicability: document control")?;
    let widths = [22.0, 60.0, 24.0, 60.0];
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    let plain = body();
    let label = body().set_bold();
    let warning = body()
        .set_bold()
        .set_font_color(Color::RGB(0x9C0006))
        .set_background_color(Color::RGB(0xFFC7CE));
    let mut r = TABLE_ROW + 1;
    if let Some(notice) = doc.draft_notice() {
        sheet.merge_range(r, 0, r, 3, &cell(&notice), &warning)?;
        sheet.set_row_height(r, 30)?;
        r += 2;
    }
    headings(sheet, r, &["Document control", ""])?;
    r += 1;
    for (l, v) in doc.control_facts() {
        text(sheet, r, 0, l, &label)?;
        text(sheet, r, 1, &v, &plain)?;
        fit(sheet, r, &[(&v, widths[1])])?;
        r += 1;
    }
    r += 1;
    headings(sheet, r, &["Scope", ""])?;
    r += 1;
    let scope = doc
        .scope
        .as_deref()
        .unwrap_or("No scope statement is recorded ([assessment] scope).");
    text(sheet, r, 0, "Scope statement", &label)?;
    text(sheet, r, 1, scope, &plain)?;
    fit(sheet, r, &[(scope, widths[1])])?;
    r += 1;
    if !doc.scope_evidence.is_empty() {
        let evidence = doc.scope_evidence.join("\n");
        text(sheet, r, 0, "Scope evidence (4.3)", &label)?;
        text(sheet, r, 1, &evidence, &plain)?;
        fit(sheet, r, &[(&evidence, widths[1])])?;
        r += 1;
    }
    r += 1;
    headings(sheet, r, &["Version history", "", "", ""])?;
    r += 1;
    match &doc.history {
        Some(revisions) if !revisions.is_empty() => {
            headings(sheet, r, &["Date", "Commit", "Author", "Change"])?;
            r += 1;
            let date = body().set_num_format("yyyy-mm-dd");
            for rev in revisions {
                sheet.write_datetime_with_format(r, 0, date_cell(rev.date)?, &date)?;
                text(sheet, r, 1, &rev.commit, &plain)?;
                text(sheet, r, 2, &rev.author, &plain)?;
                text(sheet, r, 3, &rev.subject, &plain)?;
                fit(sheet, r, &[(&rev.subject, widths[3])])?;
                r += 1;
            }
        }
        _ => {
            let none = match doc.history {
                Some(_) => "No version history: the assessment file has no commits in git yet.",
                None => {
                    "No version history: the assessment file's git history was not read (it is not in a git repository, or this export does not read it)."
                }
            };
            sheet.merge_range(r, 0, r, 3, none, &plain)?;
        }
    }
    print_setup(sheet);
    Ok(())
}

/// Every evidence entry, with the id the SoA cites; without locations for
/// a public audience.
pub(super) fn evidence_sheet(sheet: &mut Worksheet, doc: &SoaDocument) -> Result<(), XlsxError> {
    sheet.set_name("Evidence register")?;
    header_block(sheet, doc, "Evidence register")?;
    let internal = doc.audience == Audience::Internal;
    let mut columns: Vec<(&str, f64)> =
        vec![("Id", 12.0), ("Control or clause", 10.0), ("What", 50.0)];
    if internal {
        columns.push(("Where", 34.0));
    }
    columns.extend([("Date", 12.0), ("Age (days)", 11.0), ("Out of date", 12.0)]);
    for (c, (_, w)) in columns.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
    headings(sheet, TABLE_ROW, &names)?;
    sheet.set_row_height(TABLE_ROW, 30)?;
    let plain = body();
    let bold = body().set_bold();
    let date = body().set_num_format("yyyy-mm-dd");
    let number = body().set_align(FormatAlign::Right);
    let stale = body()
        .set_bold()
        .set_font_color(Color::RGB(0x9C5700))
        .set_background_color(Color::RGB(0xFFEB9C));
    for (r, e) in (TABLE_ROW + 1..).zip(&doc.evidence) {
        let mut c = 0u16;
        text(sheet, r, c, &e.id, &bold)?;
        c += 1;
        text(sheet, r, c, &e.item, &plain)?;
        c += 1;
        text(sheet, r, c, &e.what, &plain)?;
        c += 1;
        if internal {
            text(sheet, r, c, e.location.as_deref().unwrap_or(""), &plain)?;
            c += 1;
        }
        match e.date {
            Some(d) => sheet.write_datetime_with_format(r, c, date_cell(d)?, &date)?,
            None => sheet.write_string_with_format(r, c, "Undated", &stale)?,
        };
        c += 1;
        match e.age_days {
            Some(days) => sheet.write_number_with_format(r, c, days as f64, &number)?,
            None => sheet.write_blank(r, c, &plain)?,
        };
        c += 1;
        if e.stale {
            sheet.write_string_with_format(r, c, "Yes", &stale)?;
        } else {
            sheet.write_blank(r, c, &plain)?;
        }
        fit(sheet, r, &[(&e.what, 50.0)])?;
    }
    let last_col = (columns.len() - 1) as u16;
    sheet.set_freeze_panes(TABLE_ROW + 1, 1)?;
    sheet.autofilter(
        TABLE_ROW,
        0,
        TABLE_ROW + doc.evidence.len() as u32,
        last_col,
    )?;
    sheet.set_repeat_rows(TABLE_ROW, TABLE_ROW)?;
    print_setup(sheet);
    Ok(())
}

/// Who was in the room: each session, its facilitator and attendees, and
/// the items changed in it.
pub(super) fn attendance_sheet(sheet: &mut Worksheet, doc: &SoaDocument) -> Result<(), XlsxError> {
    sheet.set_name("Attendance")?;
    header_block(sheet, doc, "Attendance record")?;
    let widths = [14.0, 12.0, 28.0, 40.0, 60.0];
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    headings(
        sheet,
        TABLE_ROW,
        &[
            "Session",
            "Date",
            "Facilitator",
            "Attendees",
            "Items covered",
        ],
    )?;
    let plain = body();
    let date = body().set_num_format("yyyy-mm-dd");
    if doc.attendance.is_empty() {
        sheet.merge_range(
            TABLE_ROW + 1,
            0,
            TABLE_ROW + 1,
            4,
            "No workshop session is recorded: the file does not say who was in the room.",
            &plain,
        )?;
    }
    for (r, s) in (TABLE_ROW + 1..).zip(&doc.attendance) {
        text(sheet, r, 0, &s.session, &plain)?;
        match s.date {
            Some(d) => sheet.write_datetime_with_format(r, 1, date_cell(d)?, &date)?,
            None => sheet.write_blank(r, 1, &plain)?,
        };
        text(
            sheet,
            r,
            2,
            s.facilitator.as_deref().unwrap_or("Not recorded"),
            &plain,
        )?;
        let attendees = if s.attendees.is_empty() {
            "Not recorded".to_string()
        } else {
            s.attendees.join("\n")
        };
        text(sheet, r, 3, &attendees, &plain)?;
        let items = format!("{}: {}", s.items.len(), s.items.join(" "));
        text(sheet, r, 4, &items, &plain)?;
        fit(sheet, r, &[(&attendees, widths[3]), (&items, widths[4])])?;
    }
    sheet.set_freeze_panes(TABLE_ROW + 1, 0)?;
    print_setup(sheet);
    Ok(())
}
