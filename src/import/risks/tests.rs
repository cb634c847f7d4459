use chrono::NaiveDate;

use super::cells::{self, NotAControl};
use super::header::{Field, assign, field_of, find_register};
use super::*;
use crate::import::read_csv;

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn header_words_people_use() {
    let f = |h: &str| field_of(h).map(|(f, _)| f);
    assert_eq!(f("Nr"), Some(Field::Id));
    assert_eq!(f("Risk ID"), Some(Field::Id));
    assert_eq!(f("#"), Some(Field::Id));
    assert_eq!(f("Event"), Some(Field::Title));
    assert_eq!(f("Risk"), Some(Field::Title));
    assert_eq!(f("Threat"), Some(Field::Title));
    assert_eq!(f("Description"), Some(Field::Description));
    assert_eq!(f("Risk owner name"), Some(Field::Owner));
    assert_eq!(f("Probability"), Some(Field::Likelihood));
    assert_eq!(f("Likelihood (1-3)"), Some(Field::Likelihood));
    assert_eq!(f("Impact "), Some(Field::Impact));
    assert_eq!(f("Risk score"), Some(Field::Score));
    assert_eq!(
        f("Treatment decision (Accept, Reduce)"),
        Some(Field::Treatment)
    );
    assert_eq!(f("Treatment"), Some(Field::Treatment));
    assert_eq!(f("Risk Treatment Plan in 2023"), None);
    assert_eq!(f("Applicable SoA controls/measures"), Some(Field::Controls));
    assert_eq!(f("Residual likelihood"), Some(Field::ResidualLikelihood));
    assert_eq!(f("Residual risk score"), Some(Field::ResidualScore));
    assert_eq!(f("Date of risk owner approval"), Some(Field::AcceptedOn));
    assert_eq!(f("Accepted by"), Some(Field::AcceptedBy));
    assert_eq!(f("Last reviewed"), Some(Field::Reviewed));
    assert_eq!(f("CIA*"), None);
    assert_eq!(f("Source of risk"), None);
}

#[test]
fn a_repeated_rating_is_the_residual_one_and_a_lone_description_the_title() {
    let chosen = assign(&row(&[
        "Nr",
        "Description",
        "Probability",
        "Impact",
        "Score",
        "Probability",
        "Impact",
        "Score",
    ]));
    assert_eq!(
        chosen,
        vec![
            Some(Field::Id),
            Some(Field::Title),
            Some(Field::Likelihood),
            Some(Field::Impact),
            Some(Field::Score),
            Some(Field::ResidualLikelihood),
            Some(Field::ResidualImpact),
            Some(Field::ResidualScore),
        ]
    );
    let chosen = assign(&row(&["Risk", "Description", "Impact", "Likelihood"]));
    assert_eq!(chosen[0], Some(Field::Title));
    assert_eq!(chosen[1], Some(Field::Description));
}

#[test]
fn the_register_is_found_below_a_title_block_and_not_in_an_asset_list() {
    let t = read_csv(
        "x",
        b"Risks and controls 2026\nVersion 0.1\n,,With current controls\nNr,Event,Probability,Impact,Treatment decision\n1,Phishing,High,High,Reduce\n",
    );
    let h = find_register(&t).expect("a register");
    assert_eq!(h.row, 3);
    let assets = read_csv(
        "assets",
        b"nr.,Name,Description,Owner\n1,Laptop,Staff laptops,IT\n",
    );
    assert_eq!(find_register(&assets), None);
    // Two rating columns are not enough without a title.
    let legend = read_csv(
        "legend",
        b"Category,Probability / year,Impact,Score\nHigh,>30%,big,3\n",
    );
    assert_eq!(find_register(&legend), None);
}

#[test]
fn numbers_become_ids_the_file_writes() {
    assert_eq!(cells::risk_id("1", 2), "R-01");
    assert_eq!(cells::risk_id("R7", 2), "R-07");
    assert_eq!(cells::risk_id("r-012", 2), "R-012");
    assert_eq!(cells::risk_id("3", 3), "R-003");
    assert_eq!(cells::risk_id("RISK-A", 2), "RISK-A");
    assert_eq!(cells::id_width(["R-001", "R-02", "other"]), 3);
    assert_eq!(cells::id_width([]), 2);
}

#[test]
fn control_lists_in_the_shapes_people_write() {
    let catalog = Catalog::builtin();
    let ids = |t: &str| cells::controls(catalog, t);
    assert_eq!(ids("5.5, 5.31, 8.10").0, vec!["A.5.5", "A.5.31", "A.8.10"]);
    assert_eq!(ids("A.5.5; A.8.10").0, vec!["A.5.5", "A.8.10"]);
    assert_eq!(ids("A.5.5\nA.8.10\n").0, vec!["A.5.5", "A.8.10"]);
    assert_eq!(ids("5.1 5.2").0, vec!["A.5.1", "A.5.2"]);
    assert_eq!(ids("5.5, 5.5").0, vec!["A.5.5"]);
    assert_eq!(
        ids("5.5, 9.9, 4.1, firewall"),
        (
            vec!["A.5.5".to_string()],
            vec![
                NotAControl::Unknown("9.9".into()),
                NotAControl::Clause("4.1".into()),
                NotAControl::NotAnId("firewall".into()),
            ]
        )
    );
    assert_eq!(ids("n/a"), (vec![], vec![]));
    assert!(cells::no_controls("n/a"));
    assert!(!cells::no_controls("9.9"));
}

#[test]
fn treatment_words() {
    use crate::assessment::Treatment::*;
    for (w, t) in [
        ("Reduce", Reduce),
        ("mitigate", Reduce),
        ("Treat", Reduce),
        ("ACCEPT", Accept),
        ("tolerate", Accept),
        ("Avoid", Avoid),
        ("terminate", Avoid),
        ("Share", Share),
        ("transfer", Share),
    ] {
        assert_eq!(cells::treatment(w), Some(t), "{w}");
    }
    assert_eq!(cells::treatment("ignore"), None);
}

#[test]
fn dates_iso_serial_and_unambiguous_day_month() {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
    assert_eq!(cells::date("2023-01-08"), Ok(d(2023, 1, 8)));
    assert_eq!(cells::date("44927"), Ok(d(2023, 1, 1)));
    assert_eq!(cells::date("31/01/2023"), Ok(d(2023, 1, 31)));
    assert_eq!(cells::date("01/31/2023"), Ok(d(2023, 1, 31)));
    assert!(cells::date("03/04/2023").is_err());
    assert!(cells::date("soon").is_err());
    assert!(cells::date("7").is_err());
}

fn import(csv: &str, a: &Assessment, replace: bool) -> RiskImport {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("register.csv");
    std::fs::write(&path, csv).expect("write");
    import_risks(&path, None, a, Catalog::builtin(), replace).expect("imports")
}

fn existing() -> Assessment {
    Assessment {
        risks: vec![Risk {
            id: "R-01".into(),
            title: "Old title".into(),
            owner: Some("CISO".into()),
            description: Some("Kept".into()),
            ..Risk::default()
        }],
        ..Assessment::default()
    }
}

const REGISTER: &str = "ID,Risk,Owner,Likelihood,Impact,Score,Treatment,Controls\n\
    R-01,Phishing,IT,3,2,6,reduce,\"5.15, 8.5\"\n\
    ,Lost laptop,,Medium,low,2,accept,n/a\n\
    3,Ransomware,,4,high,7,mitigate,9.9\n\
    ,,,,,,,\n\
    ,,,,,9,,\n";

#[test]
fn a_register_is_read_on_the_assessment_scale_and_existing_ids_kept() {
    let a = existing();
    let got = import(REGISTER, &a, false);
    let r = &got.account;
    assert_eq!(r.header_row, 1);
    assert_eq!(
        r.rows.iter().map(|r| r.outcome.clone()).collect::<Vec<_>>(),
        vec![
            Outcome::Exists {
                id: "R-01".into(),
                from: IdFrom::Sheet
            },
            // After the highest id in use, the sheet's included.
            Outcome::Added {
                id: "R-04".into(),
                from: IdFrom::Assigned,
                title: "Lost laptop".into()
            },
            Outcome::Added {
                id: "R-03".into(),
                from: IdFrom::Number("3".into()),
                title: "Ransomware".into()
            },
            Outcome::NoIdOrTitle { text: "9".into() },
        ]
    );
    assert_eq!(
        r.counts(),
        Counts {
            added: 2,
            skipped: 2,
            ..Counts::default()
        }
    );
    assert_eq!(got.risks[0], a.risks[0], "R-01 is untouched");
    let laptop = &got.risks[1];
    assert_eq!((laptop.likelihood, laptop.impact), (Some(2), Some(1)));
    assert_eq!(laptop.treatment, Some(Treatment::Accept));
    assert!(laptop.controls.is_empty());
    let ransomware = &got.risks[2];
    assert_eq!(ransomware.likelihood, None, "4 is off a three-level scale");
    assert_eq!(ransomware.impact, Some(3));
    assert_eq!(ransomware.treatment, Some(Treatment::Reduce));
    let unread: Vec<(Field, &str)> = r
        .unread
        .iter()
        .map(|u| (u.field, u.value.as_str()))
        .collect();
    assert_eq!(
        unread,
        vec![(Field::Likelihood, "4"), (Field::Controls, "9.9")]
    );
    // The score of a row whose likelihood cannot be read is not judged;
    // none of the added rows' scores is off.
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn replace_takes_the_rows_values_and_keeps_what_it_leaves_blank() {
    let got = import(REGISTER, &existing(), true);
    assert_eq!(
        got.account.counts(),
        Counts {
            added: 2,
            replaced: 1,
            skipped: 1,
            ..Counts::default()
        }
    );
    let r = &got.risks[0];
    assert_eq!(r.title, "Phishing");
    assert_eq!(r.owner.as_deref(), Some("IT"));
    assert_eq!(r.controls, vec!["A.5.15", "A.8.5"]);
    assert_eq!(r.description.as_deref(), Some("Kept"));
}

#[test]
fn a_score_that_is_not_likelihood_times_impact_is_a_note() {
    let got = import(
        "ID,Risk,Likelihood,Impact,Score\n1,Phishing,High,High,6\n",
        &Assessment::default(),
        false,
    );
    assert_eq!(got.account.notes.len(), 1, "{:?}", got.account.notes);
    assert!(got.account.notes[0].contains("score 6 is not High × High = 9"));
    assert_eq!(got.risks[0].score(), Some(9));
}

#[test]
fn repeated_ids_untitled_rows_and_half_a_residual_rating_are_reported() {
    let got = import(
        "ID,Risk,Likelihood,Impact,Residual likelihood,Residual impact\n\
         1,Phishing,1,1,1,\n1,Again,1,1,,\n2,,1,1,,\n",
        &Assessment::default(),
        false,
    );
    let outcomes: Vec<Outcome> = got.account.rows.iter().map(|r| r.outcome.clone()).collect();
    assert_eq!(
        outcomes[1..],
        [
            Outcome::Repeated {
                id: "R-01".into(),
                first_row: 2
            },
            Outcome::NoTitle { id: "R-02".into() },
        ]
    );
    assert_eq!(got.risks.len(), 1);
    assert_eq!(got.risks[0].residual_likelihood, None);
    assert_eq!(got.account.unread[0].field, Field::ResidualLikelihood);
}

#[test]
fn a_risk_reached_twice_by_title_or_id_is_taken_from_its_first_row() {
    // ",Phishing" finds R-01 by title: with --replace it must not apply
    // R-01 a second time. Two id-less rows of one new title are one risk.
    let got = import(
        "ID,Risk,Likelihood,Impact\n\
         R-01,Phishing,3,3\n,Phishing,1,1\n,Tailgating,2,2\n,tailgating,1,1\n",
        &Assessment::default(),
        true,
    );
    let outcomes: Vec<Outcome> = got.account.rows.iter().map(|r| r.outcome.clone()).collect();
    assert_eq!(
        outcomes[1],
        Outcome::Repeated {
            id: "R-01".into(),
            first_row: 2
        }
    );
    assert_eq!(
        outcomes[3],
        Outcome::Repeated {
            id: "R-02".into(),
            first_row: 4
        }
    );
    assert_eq!(got.risks.len(), 2);
    assert_eq!(got.risks[0].likelihood, Some(3), "the first row's values");
    assert_eq!(got.risks[1].title, "Tailgating");
}

#[test]
fn no_register_is_an_error_that_shows_the_headers_seen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("soa.csv");
    std::fs::write(&path, "Control,Applicable\nA.5.1,Yes\n").expect("write");
    let e = import_risks(
        &path,
        None,
        &Assessment::default(),
        Catalog::builtin(),
        false,
    )
    .expect_err("not a register");
    let text = e.to_string();
    assert!(text.contains("no risk register found"), "{text}");
    assert!(text.contains("\"Control\", \"Applicable\""), "{text}");
}
