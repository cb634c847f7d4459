//! The SoA workbook is always made: a cell longer than Excel holds is cut
//! visibly with a warning naming the control and the column, and a long
//! organisation name is cut in the page header instead of dropping it.

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};

#[test]
fn over_long_cells_and_names_are_cut_visibly_and_the_workbook_is_made() {
    let dir = tempfile::tempdir().expect("tempdir");
    let organisation = format!("Contoso & {}", "Sons ".repeat(60));
    let notes = "n".repeat(40_000);
    let text = format!(
        "format = 1\ncatalog = \"iso27001-2022\"\n\n[assessment]\norganisation = \"{organisation}\"\n\n[items.\"A.5.1\"]\nanswer = \"we-manage\"\nowner = \"CISO\"\nnotes = \"{notes}\"\n"
    );
    let file = dir.path().join("long.toml");
    std::fs::write(&file, text).expect("write");
    let out_path = dir.path().join("soa.xlsx");
    let out = Command::cargo_bin("gapwalk")
        .expect("binary")
        .args(["soa", "--format", "xlsx", "--as-of", "2026-11-28", "-o"])
        .arg(&out_path)
        .arg(&file)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("A.5.1: the Notes cell holds 40000 characters"),
        "{stderr}"
    );
    assert!(!stderr.contains("Header string exceeds"), "{stderr}");
    let mut book: Xlsx<_> = open_workbook(&out_path).expect("open");
    let range = book
        .worksheet_range("Statement of Applicability")
        .expect("sheet");
    let cut = range
        .used_cells()
        .find_map(|(_, _, c)| match c {
            Data::String(s) if s.starts_with("nnnn") => Some(s.clone()),
            _ => None,
        })
        .expect("the notes cell");
    assert!(cut.chars().count() <= 32_767);
    assert!(cut.ends_with("… (truncated, see the assessment file)"));
    // The page header is there, within Excel's 255 characters.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out_path).expect("open")).expect("zip");
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").expect("sheet"),
        &mut sheet,
    )
    .expect("read");
    let header = sheet
        .split("<oddHeader>")
        .nth(1)
        .and_then(|s| s.split("</oddHeader>").next())
        .expect("a page header");
    let header = header.replace("&amp;", "&");
    assert!(header.chars().count() <= 255, "{}", header.chars().count());
    assert!(header.starts_with("&LContoso && Sons"), "{header}");
    assert!(
        header.ends_with("…&RStatement of Applicability"),
        "{header}"
    );
}
