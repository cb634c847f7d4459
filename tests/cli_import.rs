//! `gapwalk import`: spreadsheets we make ourselves in the shapes found in
//! the wild, each imported into a new assessment (golden files), and the
//! errors.

mod oscal_support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::str::contains;
use rust_xlsxwriter::{Format, Workbook};

fn gapwalk() -> Command {
    Command::cargo_bin("gapwalk").expect("binary")
}

/// Imports a spreadsheet; returns the account printed and the file
/// written, with today's date and the folder made stable.
fn import(dir: &Path, soa: &Path, extra: &[&str]) -> (String, String) {
    let new = dir.join("new.toml");
    let out = gapwalk()
        .arg("import")
        .arg(soa)
        .arg(&new)
        .args(["--organisation", "Northwind Traders"])
        .args(extra)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    gapwalk().arg("validate").arg(&new).assert().success();
    let today = chrono::Local::now().date_naive().to_string();
    let stable = |s: String| {
        s.replace(&today, "TODAY")
            .replace(&dir.display().to_string(), "DIR")
    };
    // The assessment id is new on every import.
    let file: String = std::fs::read_to_string(&new)
        .expect("written")
        .lines()
        .map(|l| match l.strip_prefix("id = \"") {
            Some(v) if v.len() == 37 => "id = \"ID\"\n".to_string(),
            _ => format!("{l}\n"),
        })
        .collect();
    assert!(!file.contains("microsoft-provides"), "{file}");
    (stable(stdout), stable(file))
}

fn save(workbook: &mut Workbook, path: &PathBuf) {
    workbook.save(path).expect("save the workbook");
}

/// A classic SoA template: Control, Control name, Applicable,
/// Justification, Implemented, Owner on the first row.
#[test]
fn a_classic_soa_template() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("classic.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Statement of Applicability").expect("name");
    let rows: [[&str; 6]; 7] = [
        [
            "Control",
            "Control name",
            "Applicable",
            "Justification",
            "Implemented",
            "Owner",
        ],
        [
            "A.5.1",
            "Policies for information security",
            "Yes",
            "Best practice",
            "Yes",
            "CISO",
        ],
        [
            "A.5.2",
            "Information security roles and responsibilities",
            "Yes",
            "Required by our largest customer",
            "No",
            "COO",
        ],
        [
            "A.5.3",
            "Segregation of duties",
            "Y",
            "Risk assessment, regulatory",
            "Partially",
            "CISO",
        ],
        [
            "A.7.4",
            "Physical security monitoring",
            "No",
            "No premises: all staff work remotely",
            "",
            "",
        ],
        [
            "A.8.13",
            "Information backup",
            "Yes",
            "",
            "Provided by Microsoft",
            "IT",
        ],
        ["A.8.99", "Not a control", "Yes", "", "Yes", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text).expect("write");
        }
    }
    save(&mut wb, &path);
    let (account, file) = import(dir.path(), &path, &["--licence", "m365-e3"]);
    insta::assert_snapshot!("classic_account", account);
    insta::assert_snapshot!("classic_file", file);
}

/// A GRC tool's CSV export: ref_id, name, compliance_result, observations.
#[test]
fn a_grc_tools_csv_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("export.csv");
    std::fs::write(
        &path,
        "ref_id,name,description,compliance_result,observations\n\
         A.5.1,Policies for information security,Our own summary,compliant,\"Policy set v3, approved 2026-05-01\"\n\
         A.5.7,Threat intelligence,,non_compliant,No threat feed yet\n\
         A.5.9,Inventory of information and other associated assets,,partially_compliant,Intune covers laptops only\n\
         A.7.5,Protecting against physical and environmental threats,,not_applicable,\n\
         A.8.1,User endpoint devices,,not_assessed,\n\
         A.5.1,Policies for information security,duplicate row,compliant,\n\
         6.1.2,Information security risk assessment,,compliant,Risk method adopted in March\n",
    )
    .expect("write");
    let (account, file) = import(dir.path(), &path, &[]);
    insta::assert_snapshot!("grc_csv_account", account);
    insta::assert_snapshot!("grc_csv_file", file);
}

/// A messy workbook: a sheet of notes first, merged title rows above the
/// header, ids with titles in one cell, section headings, blank rows, a
/// duplicate and an id of the 2013 edition.
#[test]
fn a_messy_workbook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("messy.xlsx");
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("Read me").expect("name");
    notes
        .write_string(
            0,
            0,
            "This workbook is our SoA. Do not edit the grey cells.",
        )
        .expect("write");
    let ws = wb.add_worksheet();
    ws.set_name("Controls").expect("name");
    let bold = Format::new().set_bold();
    ws.merge_range(
        0,
        0,
        0,
        4,
        "Northwind Traders: Statement of Applicability",
        &bold,
    )
    .expect("merge");
    ws.merge_range(1, 0, 1, 4, "Version 3, approved by the board", &bold)
        .expect("merge");
    let rows: [[&str; 5]; 11] = [
        ["", "", "", "", ""],
        ["Ref", "Included?", "Reason", "Status", "Responsible"],
        ["A.5 Organizational controls", "", "", "", ""],
        [
            "A 5.1 Policies for information security",
            "yes",
            "Contractual, risk analysis",
            "Implemented",
            "Dana",
        ],
        [
            "5.2 Information security roles and responsibilities",
            "yes",
            "",
            "In progress",
            "Dana",
        ],
        ["", "", "", "", ""],
        [
            "5.23 Information security for use of cloud services",
            "yes",
            "Regulatory",
            "Done",
            "Sam",
        ],
        [
            "A.5.1 Policies for information security",
            "yes",
            "",
            "Done",
            "",
        ],
        [
            "A.9.1.1 Access control policy",
            "yes",
            "",
            "Implemented",
            "",
        ],
        ["8.7 Protection against malware", "?", "", "", "Sam"],
        ["", "", "", "", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                ws.write_string(r as u32 + 2, c as u16, *text)
                    .expect("write");
            }
        }
    }
    ws.write_string(14, 0, "Last reviewed by the ISMS board")
        .expect("write");
    save(&mut wb, &path);
    let (account, file) = import(dir.path(), &path, &[]);
    insta::assert_snapshot!("messy_account", account);
    insta::assert_snapshot!("messy_file", file);
}

/// The ICT Institute template's shape as a client fills it in: a title
/// block above the header, a "(Yes/No)" sub-header row, ids without "A.",
/// the table on the second of three sheets.
#[test]
fn an_ict_institute_style_soa_as_clients_fill_it_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("soa.xlsx");
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("About").expect("name");
    let ws = wb.add_worksheet();
    ws.set_name("ISO 27001 SoA").expect("name");
    ws.write_string(0, 0, "Statement of Applicability")
        .expect("write");
    ws.write_string(1, 0, "Organisation:").expect("write");
    ws.write_string(1, 1, "Northwind Traders").expect("write");
    ws.write_string(2, 0, "Version:").expect("write");
    ws.write_string(3, 0, "Approval status:").expect("write");
    let header = [
        "Nr.",
        "Chapter",
        "Topic",
        "Control",
        "Applicable to our organisation",
        "Justification for inclusion",
        "Motivation for non-applicability",
        "Implemented in our organisation",
        "How and where implemented",
        "Control owner",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(5, c as u16, *h).expect("write");
    }
    ws.write_string(6, 4, "(Yes/No)").expect("write");
    ws.write_string(6, 7, "(Yes/No)").expect("write");
    let rows: [[&str; 10]; 5] = [
        [
            "5.1",
            "Organizational controls",
            "Policies for information security",
            "(our summary)",
            "Yes",
            "Risk Analysis",
            "",
            "Yes",
            "Policy set on the intranet",
            "Head of IT",
        ],
        [
            "5.2",
            "Organizational controls",
            "Information security roles and responsibilities",
            "(our summary)",
            "Yes",
            "Regulatory compliance, Contractual compliance",
            "",
            "No",
            "",
            "HR Manager",
        ],
        [
            "5.3",
            "Organizational controls",
            "Segregation of duties",
            "(our summary)",
            "?",
            "",
            "",
            "?",
            "",
            "",
        ],
        [
            "7.4",
            "Physical controls",
            "Physical security monitoring",
            "(our summary)",
            "No",
            "",
            "No office of our own",
            "",
            "",
            "",
        ],
        [
            "8.34",
            "Technological controls",
            "Protection of information systems during audit testing",
            "(our summary)",
            "Yes",
            "Best practice",
            "",
            "Yes",
            "Auditor accounts in PIM, removed after each audit",
            "Head of IT",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                ws.write_string(r as u32 + 7, c as u16, *text)
                    .expect("write");
            }
        }
    }
    wb.add_worksheet().set_name("Explanation").expect("name");
    save(&mut wb, &path);
    let (account, file) = import(dir.path(), &path, &[]);
    insta::assert_snapshot!("ict_style_account", account);
    insta::assert_snapshot!("ict_style_file", file);
}

#[test]
fn the_shared_ict_institute_template_is_found_without_being_told() {
    let Some(path) =
        oscal_support::outside_file("soa-templates/ict-institute-soa-iso27001-2022.xlsx")
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let (account, _) = import(dir.path(), &path, &[]);
    assert!(
        account.contains("sheet \"ISO 27001 SoA\" (header on row 6"),
        "{account}"
    );
    assert!(account.contains("93 items found"), "{account}");
    assert!(account.contains("column A \"Nr.\""), "{account}");
    assert!(!account.contains("unknown id"), "{account}");
}

#[test]
fn no_id_column_is_an_error_listing_the_headers_seen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("list.csv");
    std::fs::write(&path, "Item,Who,When\nBuy laptops,IT,2026-12-01\n").expect("write");
    let new = dir.path().join("new.toml");
    gapwalk()
        .arg("import")
        .arg(&path)
        .arg(&new)
        .args(["--organisation", "N"])
        .assert()
        .code(2)
        .stderr(contains("no column of control ids found"))
        .stderr(contains("row 1: \"Item\", \"Who\", \"When\""));
    assert!(!new.exists());
}

#[test]
fn it_never_overwrites_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("soa.csv");
    std::fs::write(&path, "Control,Implemented\nA.5.1,Yes\n").expect("write");
    let new = dir.path().join("new.toml");
    std::fs::write(&new, "keep me").expect("write");
    gapwalk()
        .arg("import")
        .arg(&path)
        .arg(&new)
        .args(["--organisation", "N"])
        .assert()
        .code(2)
        .stderr(contains("already exists; not overwriting it"));
    assert_eq!(std::fs::read_to_string(&new).expect("read"), "keep me");
}

#[test]
fn a_missing_sheet_or_file_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("soa.csv");
    std::fs::write(&path, "Control,Implemented\nA.5.1,Yes\n").expect("write");
    let new = dir.path().join("new.toml");
    gapwalk()
        .arg("import")
        .arg(&path)
        .arg(&new)
        .args(["--organisation", "N", "--sheet", "SoA 2024"])
        .assert()
        .code(2)
        .stderr(contains(
            "no sheet named \"SoA 2024\"; its sheets are \"soa\"",
        ));
    gapwalk()
        .arg("import")
        .arg(dir.path().join("absent.xlsx"))
        .arg(&new)
        .args(["--organisation", "N"])
        .assert()
        .code(2)
        .stderr(contains("absent.xlsx"));
    std::fs::write(dir.path().join("fake.xlsx"), "not a workbook").expect("write");
    gapwalk()
        .arg("import")
        .arg(dir.path().join("fake.xlsx"))
        .arg(&new)
        .args(["--organisation", "N"])
        .assert()
        .code(2)
        .stderr(contains("not a spreadsheet gapwalk can read"));
    assert!(!new.exists());
}

#[test]
fn spreadsheet_text_cannot_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("evil.csv");
    std::fs::write(
        &path,
        "Control,Status\u{1b}]0;owned\u{7},Owner\nA.5.1,\u{1b}[2Jwiped,\u{202e}Mallory\n",
    )
    .expect("write");
    let new = dir.path().join("new.toml");
    let out = gapwalk()
        .arg("import")
        .arg(&path)
        .arg(&new)
        .args(["--organisation", "N"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}') && !stdout.contains('\u{202e}')
    );
    // The assessment id is new on every import.
    let file: String = std::fs::read_to_string(&new)
        .expect("written")
        .lines()
        .map(|l| match l.strip_prefix("id = \"") {
            Some(v) if v.len() == 37 => "id = \"ID\"\n".to_string(),
            _ => format!("{l}\n"),
        })
        .collect();
    assert!(!file.contains('\u{1b}'), "{file}");
    gapwalk().arg("validate").arg(&new).assert().success();
}
