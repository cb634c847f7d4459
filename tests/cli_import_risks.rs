//! `gapwalk import-risks`: registers we make ourselves in two shapes (a
//! plain CSV with numeric levels; a workbook laid out like the ICT
//! Institute's, the register on the third of six sheets below a title
//! block), the account it prints, and the file left byte-identical on
//! every error.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::str::contains;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn gapwalk() -> Command {
    Command::cargo_bin("gapwalk").expect("binary")
}

/// A copy of the example (risks) in a new folder.
fn example(dir: &Path) -> PathBuf {
    let path = dir.join("assessment.toml");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/example.toml"),
        &path,
    )
    .expect("copy the example");
    path
}

fn run(args: &[&Path], extra: &[&str]) -> (bool, String, String) {
    let out = gapwalk()
        .arg("import-risks")
        .args(args)
        .args(extra)
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The `[[risks]]` table with this id, as written in the file.
fn risk_table(file: &str, id: &str) -> String {
    let start = file
        .find(&format!("id = \"{id}\"\n"))
        .unwrap_or_else(|| panic!("{id} not in\n{file}"));
    let end = file[start..].find("\n\n").map_or(file.len(), |e| start + e);
    file[start..end].to_string()
}

const PLAIN: &str = "ID,Risk,Owner,Likelihood,Impact,Treatment,Controls\n\
R-03,A lost laptop after all,Office Manager,3,3,reduce,8.1\n\
R-10,Supplier mailbox compromised,Finance Director,2,3,mitigate,\"5.19, 5.20; A.9.1\"\n\
,Guest Wi-Fi reaches the printers,,1,2,accept,\n\
R-12,\"Title with \x1b]0;owned\x07 an escape\",\x1b[31mRed\x1b[0m,9,1,reduce,\n";

fn plain_csv(dir: &Path) -> PathBuf {
    let path = dir.join("register.csv");
    std::fs::write(&path, PLAIN).expect("write");
    path
}

#[test]
fn a_plain_csv_register_adds_new_risks_and_keeps_the_existing_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = example(dir.path());
    let before = std::fs::read_to_string(&file).expect("read");
    let (ok, out, err) = run(&[&plain_csv(dir.path()), &file], &[]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("header on row 1"), "{out}");
    assert!(
        out.contains("column 4 \"Likelihood\"  → likelihood"),
        "{out}"
    );
    assert!(
        out.contains("row 2: skipped: R-03 exists; --replace to overwrite"),
        "{out}"
    );
    assert!(
        out.contains("row 3: R-10 added: Supplier mailbox compromised"),
        "{out}"
    );
    assert!(
        out.contains("row 4: R-13 (no id in the sheet) added"),
        "{out}"
    );
    assert!(
        out.contains(
            "row 3 R-10: controls \"A.9.1\": not an ISO/IEC 27001:2022 Annex A control; skipped"
        ),
        "{out}"
    );
    assert!(
        out.contains("row 5 R-12: likelihood \"9\": not a level"),
        "{out}"
    );
    assert!(
        out.contains("3 risks added, 0 replaced, 1 skipped"),
        "{out}"
    );
    // Nothing from a cell reaches the terminal as a control sequence.
    assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
    let after = std::fs::read_to_string(&file).expect("read");
    assert!(!after.contains('\x1b') && !after.contains('\x07'));
    // The file's own text is kept; the new risks come after R-03.
    assert!(after.starts_with(&before[..before.find("# --- Clauses 4–10").expect("c")]));
    assert_eq!(risk_table(&after, "R-03"), risk_table(&before, "R-03"));
    assert_eq!(
        risk_table(&after, "R-10"),
        "id = \"R-10\"\ntitle = \"Supplier mailbox compromised\"\nowner = \"Finance Director\"\nlikelihood = 2\nimpact = 3\ntreatment = \"reduce\"\ncontrols = [\"A.5.19\", \"A.5.20\"]"
    );
    assert!(risk_table(&after, "R-12").contains("owner = \"[31mRed[0m\""));
    assert!(risk_table(&after, "R-12").contains("impact = 1\n"));
    assert!(!risk_table(&after, "R-12").contains("likelihood"));
    gapwalk().arg("validate").arg(&file).assert().success();
}

#[test]
fn replace_overwrites_a_risk_with_the_same_id_and_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = example(dir.path());
    let csv = plain_csv(dir.path());
    let before = std::fs::read(&file).expect("read");
    let (ok, out, _) = run(&[&csv, &file], &["--replace", "--dry-run"]);
    assert!(ok, "{out}");
    assert!(out.contains("Dry run"), "{out}");
    assert_eq!(std::fs::read(&file).expect("read"), before);
    let (ok, out, err) = run(&[&csv, &file], &["--replace"]);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("row 2: R-03 replaced: A lost laptop after all"),
        "{out}"
    );
    let after = std::fs::read_to_string(&file).expect("read");
    let r03 = risk_table(&after, "R-03");
    assert!(r03.contains("title = \"A lost laptop after all\""), "{r03}");
    assert!(r03.contains("likelihood = 3\nimpact = 3\n"), "{r03}");
    assert!(r03.contains("controls = [\"A.8.1\"]"), "{r03}");
    // What the sheet has no column for stays.
    assert!(
        r03.contains("description = \"Devices are encrypted"),
        "{r03}"
    );
    gapwalk().arg("validate").arg(&file).assert().success();
    // Again: nothing new (the row without an id is the risk with its
    // title), the file is not written.
    let now = std::fs::read(&file).expect("read");
    let (ok, out, _) = run(&[&csv, &file], &["--replace"]);
    assert!(ok);
    assert!(
        out.contains("row 4: R-13 (no id in the sheet; same title) unchanged"),
        "{out}"
    );
    assert!(
        out.contains("0 risks added, 0 replaced, 4 unchanged"),
        "{out}"
    );
    assert!(out.contains("Nothing new"), "{out}");
    assert_eq!(std::fs::read(&file).expect("read"), now);
}

/// A workbook laid out like the ICT Institute's assets-and-risks
/// template, with our own content: six sheets, the register on the third
/// under a title block and a row of group headers, levels as words,
/// controls without "A.", the rating repeated after treatment, the risk
/// owner's approval date, and a legend below the register.
fn ict_shaped(dir: &Path) -> PathBuf {
    let path = dir.join("assets-risks.xlsx");
    let mut wb = Workbook::new();
    for name in ["About", "Assets"] {
        let ws = wb.add_worksheet();
        ws.set_name(name).expect("name");
        ws.write(0, 1, "Something else entirely").expect("write");
    }
    let assets = wb.worksheet_from_name("Assets").expect("assets");
    for (c, h) in ["nr.", "Name", "Description", "Owner"].iter().enumerate() {
        assets.write(2, c as u16, *h).expect("write");
    }
    assets.write(3, 0, 1).expect("write");
    assets.write(3, 1, "Laptops").expect("write");
    let ws = wb.add_worksheet();
    ws.set_name("Risks and controls").expect("name");
    ws.write(0, 1, "Risks and controls 2026").expect("write");
    ws.write(1, 1, "Version: 0.3").expect("write");
    ws.write(4, 6, "With current controls").expect("write");
    ws.write(4, 13, "After additional controls").expect("write");
    let header = [
        "Nr",
        "Event",
        "CIA*",
        "Source of risk",
        "Applicable SoA controls/measures",
        "Additional measures taken",
        "Probability",
        "Impact",
        "Risk score",
        "Treatment decision (Accept, Reduce)",
        "Risk Treatment Plan",
        "Risk owner name",
        "Date of risk owner approval",
        "Probability",
        "Impact ",
        "Risk score",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write(5, c as u16, *h).expect("write");
    }
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let approved = ExcelDateTime::from_ymd(2026, 10, 1).expect("date");
    // Nr, event, controls, probability, impact, score, decision, and
    // the rating after treatment.
    let rows: [[&str; 10]; 3] = [
        [
            "1",
            "Shared mailbox password reused",
            "5.15, 5.17, 8.5",
            "Medium",
            "High",
            "6",
            "Reduce",
            "Low",
            "High",
            "3",
        ],
        [
            "2",
            "Backups never restored",
            "8.13, 99.1",
            "High",
            "High",
            "6",
            "Reduce",
            "Medium",
            "Medium",
            "4",
        ],
        [
            "7",
            "Office burglary",
            "n/a",
            "low",
            "medium",
            "2",
            "Accept",
            "Low",
            "Medium",
            "2",
        ],
    ];
    let number = |t: &str| t.parse::<f64>().expect("a number");
    for (i, r) in rows.iter().enumerate() {
        let row = 6 + i as u32;
        ws.write(row, 0, number(r[0])).expect("write");
        ws.write(row, 1, r[1]).expect("write");
        ws.write(row, 2, "CIA").expect("write");
        ws.write(row, 3, "Risk session").expect("write");
        ws.write(row, 4, r[2]).expect("write");
        ws.write(row, 5, "…").expect("write");
        ws.write(row, 6, r[3]).expect("write");
        ws.write(row, 7, r[4]).expect("write");
        ws.write(row, 8, number(r[5])).expect("write");
        ws.write(row, 9, r[6]).expect("write");
        ws.write(row, 11, "Dana Wells").expect("write");
        ws.write_datetime_with_format(row, 12, &approved, &date)
            .expect("write");
        ws.write(row, 13, r[7]).expect("write");
        ws.write(row, 14, r[8]).expect("write");
        ws.write(row, 15, number(r[9])).expect("write");
    }
    // The legend below, as the template has it.
    ws.write(12, 8, "Category").expect("write");
    ws.write(12, 9, "Probability / year").expect("write");
    ws.write(13, 8, "High").expect("write");
    ws.write(13, 9, ">30%").expect("write");
    for name in [
        "Mapping risks to SoA",
        "Organisation",
        "Legend and explanation",
    ] {
        let ws = wb.add_worksheet();
        ws.set_name(name).expect("name");
        ws.write(1, 8, "Category").expect("write");
        ws.write(1, 9, "Probability / year").expect("write");
        ws.write(1, 10, "Impact").expect("write");
        ws.write(1, 11, "Score").expect("write");
    }
    wb.save(&path).expect("save");
    path
}

#[test]
fn a_workbook_shaped_like_the_ict_institutes_is_read_from_its_third_sheet() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = example(dir.path());
    let xlsx = ict_shaped(dir.path());
    let (ok, out, err) = run(&[&xlsx, &file], &[]);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains(
            "sheet \"Risks and controls\" (header on row 6; not read: \"About\", \"Assets\""
        ),
        "{out}"
    );
    for line in [
        "column A \"Nr\"",
        "→ id",
        "column N \"Probability\"",
        "→ residual likelihood",
        "column M \"Date of risk owner approval\"",
        "→ accepted on (by the risk owner)",
        "column K \"Risk Treatment Plan\"",
        "row 7: skipped: R-01 (sheet: \"1\") exists; --replace to overwrite",
        "row 8: skipped: R-02 (sheet: \"2\") exists",
        "row 9: R-07 (sheet: \"7\") added: Office burglary",
        "rows 13–14: skipped: no id and no title (\"Category\" …)",
        "Check: row 9 R-07: the sheet's score 2 is not Low × Medium = 2",
    ] {
        if line.starts_with("Check") {
            assert!(!out.contains(line), "a right score is no note: {out}");
        } else {
            assert!(out.contains(line), "{line}\n{out}");
        }
    }
    let after = std::fs::read_to_string(&file).expect("read");
    assert_eq!(
        risk_table(&after, "R-07"),
        "id = \"R-07\"\ntitle = \"Office burglary\"\nowner = \"Dana Wells\"\nlikelihood = 1\nimpact = 2\ntreatment = \"accept\"\nresidual_likelihood = 1\nresidual_impact = 2\naccepted_by = \"Dana Wells\"\naccepted_on = 2026-10-01"
    );
    // With --replace the first two rows overwrite; a score
    // that is not likelihood × impact is noted, the unknown control
    // skipped.
    let (ok, out, err) = run(&[&xlsx, &file], &["--replace"]);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("2 risks replaced") || out.contains("2 replaced"),
        "{out}"
    );
    assert!(
        out.contains("Check: row 8 R-02: the sheet's score 6 is not High × High = 9"),
        "{out}"
    );
    assert!(
        out.contains(
            "row 8 R-02: controls \"99.1\": not an ISO/IEC 27001:2022 Annex A control; skipped"
        ),
        "{out}"
    );
    let after = std::fs::read_to_string(&file).expect("read");
    let r01 = risk_table(&after, "R-01");
    assert!(
        r01.contains("controls = [\"A.5.15\", \"A.5.17\", \"A.8.5\"]"),
        "{r01}"
    );
    assert!(r01.contains("likelihood = 2\nimpact = 3\n"), "{r01}");
    assert!(risk_table(&after, "R-02").contains("controls = [\"A.8.13\"]"));
    gapwalk().arg("validate").arg(&file).assert().success();
    gapwalk().arg("report").arg(&file).assert().success();
}

fn assert_untouched(args: &[&Path], file: &Path, extra: &[&str], says: &str) {
    let before = std::fs::read(file).expect("read");
    let out = gapwalk()
        .arg("import-risks")
        .args(args)
        .args(extra)
        .assert()
        .code(2)
        .stderr(contains(says));
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    assert_eq!(std::fs::read(file).expect("read"), before, "{says}");
}

#[test]
fn on_every_error_the_file_is_left_byte_identical() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = example(dir.path());
    let soa = dir.path().join("soa.csv");
    std::fs::write(&soa, "Control,\x1b[2JApplicable\nA.5.1,Yes\n").expect("write");
    assert_untouched(&[&soa, &file], &file, &[], "no risk register found");
    let broken = dir.path().join("broken.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not really").expect("write");
    assert_untouched(
        &[&broken, &file],
        &file,
        &[],
        "not a spreadsheet gapwalk can read",
    );
    let missing = dir.path().join("missing.xlsx");
    assert_untouched(&[&missing, &file], &file, &[], "missing.xlsx");
    let xlsx = ict_shaped(dir.path());
    assert_untouched(
        &[&xlsx, &file],
        &file,
        &["--sheet", "Nope"],
        "no sheet named \"Nope\"",
    );
    assert_untouched(
        &[&xlsx, &file],
        &file,
        &["--sheet", "Assets"],
        "no risk register found",
    );
    // An invalid assessment is not written to.
    let invalid = dir.path().join("invalid.toml");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&invalid, text.replace("likelihood = 3", "likelihood = 7")).expect("write");
    assert_untouched(&[&xlsx, &invalid], &invalid, &[], "likelihood");
}

#[cfg(unix)]
#[test]
fn a_read_only_assessment_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = example(dir.path());
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let csv = plain_csv(dir.path());
    assert_untouched(&[&csv, &file], &file, &[], "read-only");
}

/// The ICT Institute's own workbook, where the shared folder has it.
#[test]
fn the_shared_ict_workbook_reads_if_present() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/outside/soa-templates/ict-institute-assets-risks-iso27001.xlsx");
    if !path.exists() {
        eprintln!("skipped: {} is not here", path.display());
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = example(dir.path());
    let (ok, out, err) = run(&[&path, &file], &["--dry-run"]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("sheet \"Risks and controls\""), "{out}");
    assert!(out.contains("→ residual likelihood"), "{out}");
    assert!(out.contains("R-01 (sheet: \"1\") exists"), "{out}");
    assert!(!out.contains("Could not read"), "{out}");
}

#[test]
fn help_says_how_the_register_is_found() {
    for (command, says) in [
        ("import-risks", "Finds the sheet and its header row"),
        ("import", "maps status words conservatively"),
    ] {
        Command::cargo_bin("gapwalk")
            .expect("binary")
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicates::str::contains(says));
    }
}
