use chrono::NaiveDate;

use super::*;
use crate::assessment::{Answer, Assessment, ItemRecord};
use crate::text::wrap;

fn hostile() -> Assessment {
    let catalog = Catalog::builtin();
    let mut a = Assessment::new(catalog.id(), "Evil <script>alert(1)</script> \u{1b}[2J Ltd");
    a.items.insert(
        "A.5.1".into(),
        ItemRecord {
            answer: Some(Answer::Gap),
            owner: Some("*Bob* | [x](http://e)\u{7}".into()),
            ..ItemRecord::default()
        },
    );
    a
}

#[test]
fn text_report_has_no_control_characters() {
    let date = NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    let out = gap_report_text(&GapReport::new(Catalog::builtin(), &hostile(), date));
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out}");
    assert!(out.contains("Progress:    1 of"), "{out}");
    assert!(out.contains("[high] Gap with no tracked action (1)"));
}

#[test]
fn markdown_escapes_untrusted_text() {
    let date = NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    let out = gap_report_markdown(&GapReport::new(Catalog::builtin(), &hostile(), date));
    assert!(out.contains("\\<script\\>"), "{out}");
    assert!(out.contains("\\*Bob\\* \\| \\[x\\](http://e)"), "{out}");
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn json_has_the_documented_shape() {
    let date = NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    let v: serde_json::Value = serde_json::from_str(&report_json(&GapReport::new(
        Catalog::builtin(),
        &hostile(),
        date,
    )))
    .expect("json");
    assert_eq!(v["as_of"], "2026-11-28");
    assert_eq!(v["progress"]["answered"], 1);
    assert!(v["progress"]["total"].as_u64().is_some_and(|n| n > 100));
    let f = &v["findings"][0];
    assert!(f["kind"].is_string() && f["severity"].is_string() && f["message"].is_string());
    assert!(v["findings"].as_array().is_some_and(|f| {
        f.iter()
            .any(|f| f["kind"] == "untracked-gap" && f["item"] == "A.5.1")
    }));
}

#[test]
fn catalog_json_expands_licences() {
    let v: serde_json::Value =
        serde_json::from_str(&catalog_json(Catalog::builtin())).expect("json");
    let items = v["items"].as_array().expect("items");
    assert_eq!(items.len(), Catalog::builtin().items().len());
    for key in ["id", "kind", "theme", "title", "capabilities"] {
        assert!(!items[0][key].is_null(), "{key}");
    }
    let ca = v["capabilities"]
        .as_array()
        .expect("caps")
        .iter()
        .find(|c| c["id"] == "entra-conditional-access")
        .expect("CA");
    let licences: Vec<&str> = ca["licences"]
        .as_array()
        .expect("l")
        .iter()
        .filter_map(|l| l.as_str())
        .collect();
    assert!(
        licences.contains(&"m365-e5") && licences.contains(&"entra-id-p1"),
        "{licences:?}"
    );
    assert!(v["licences"][0]["id"].is_string() && v["licences"][0]["name"].is_string());
}

#[test]
fn catalog_toml_parses_back() {
    let out = catalog_toml(Catalog::builtin());
    let v: toml::Table = toml::from_str(&out).expect("toml");
    assert_eq!(
        v["items"].as_array().map(Vec::len),
        Some(Catalog::builtin().items().len())
    );
}

#[test]
fn wrap_breaks_on_words() {
    assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
    assert_eq!(wrap("", 5), Vec::<String>::new());
}

mod exports {
    use std::path::Path;

    use chrono::NaiveDate;

    use crate::assessment::{Action, Answer, Assessment, ItemRecord};
    use crate::catalog::Catalog;
    use crate::report::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    fn action(owner: Option<&str>, due: Option<&str>, done: Option<&str>) -> Option<Action> {
        Some(Action {
            what: "Fix it".into(),
            owner: owner.map(str::to_string),
            due: due.map(d),
            done: done.map(d),
        })
    }

    fn record(answer: Answer, action: Option<Action>) -> ItemRecord {
        ItemRecord {
            answer: Some(answer),
            action,
            ..ItemRecord::default()
        }
    }

    #[test]
    fn plan_is_overdue_first_then_by_due_date_then_undated() {
        let catalog = Catalog::builtin();
        let mut a = Assessment::new(catalog.id(), "X");
        let items = [
            (
                "A.5.1",
                record(Answer::Gap, action(Some("A"), Some("2027-03-01"), None)),
            ),
            ("A.5.2", record(Answer::Gap, None)),
            (
                "A.5.3",
                record(Answer::Shared, action(Some("B"), Some("2026-10-01"), None)),
            ),
            (
                "A.5.4",
                record(Answer::Shared, action(Some("C"), Some("2027-01-01"), None)),
            ),
            (
                "A.5.5",
                record(
                    Answer::Shared,
                    action(Some("D"), Some("2026-01-01"), Some("2026-01-01")),
                ),
            ),
            (
                "5.1",
                record(Answer::Gap, action(None, Some("2026-11-01"), None)),
            ),
            ("A.5.6", record(Answer::WeManage, None)),
            ("A.5.7", record(Answer::Gap, action(Some("E"), None, None))),
        ];
        for (id, r) in items {
            a.items.insert(id.into(), r);
        }
        let plan = plan_entries(catalog, &a, d("2026-11-28"));
        let got: Vec<(&str, PlanStatus)> =
            plan.iter().map(|e| (e.item.as_str(), e.status)).collect();
        assert_eq!(
            got,
            [
                ("A.5.3", PlanStatus::Overdue),
                ("5.1", PlanStatus::Overdue),
                ("A.5.4", PlanStatus::Open),
                ("A.5.1", PlanStatus::Open),
                // Every high finding is in the plan: these are unowned.
                ("A.5.2", PlanStatus::NeedsAction),
                ("A.5.5", PlanStatus::NeedsAction),
                ("A.5.6", PlanStatus::NeedsAction),
                ("A.5.7", PlanStatus::UntrackedGap),
                ("", PlanStatus::FinishAssessing),
            ]
        );
        assert_eq!(plan[0].days_overdue, Some(58));
    }

    #[test]
    fn every_kind_exports_in_each_of_its_formats_and_only_those() {
        let catalog = Catalog::builtin();
        let a = Assessment::new(catalog.id(), "X");
        let options = ExportOptions::new(d("2026-11-28"));
        for kind in ExportKind::ALL {
            for format in [
                ExportFormat::Text,
                ExportFormat::Markdown,
                ExportFormat::Html,
                ExportFormat::Json,
                ExportFormat::Csv,
                ExportFormat::Xlsx,
                ExportFormat::Ics,
            ] {
                let result = export(kind, format, catalog, &a, &options);
                if kind.formats().contains(&format) {
                    let bytes = result.expect("supported");
                    assert!(!bytes.is_empty(), "{kind} {format}");
                    if format == ExportFormat::Xlsx {
                        assert!(bytes.starts_with(b"PK"), "a zip file");
                    }
                } else {
                    assert!(
                        matches!(result, Err(ExportError::Unsupported { .. })),
                        "{kind} {format}"
                    );
                }
            }
        }
        assert_eq!(
            default_file_name(ExportKind::Soa, ExportFormat::Xlsx, d("2026-11-28")),
            "statement-of-applicability-2026-11-28.xlsx"
        );
    }

    #[test]
    fn exports_are_reproducible() {
        let catalog = Catalog::builtin();
        let a = Assessment::new(catalog.id(), "X");
        let options = ExportOptions::new(d("2026-11-28"));
        for kind in ExportKind::ALL {
            for &format in kind.formats() {
                let one = export(kind, format, catalog, &a, &options).expect("one");
                let two = export(kind, format, catalog, &a, &options).expect("two");
                assert!(one == two, "{kind} {format} differs between runs");
            }
        }
    }

    #[test]
    fn write_export_refuses_the_assessment_and_writes_atomically() {
        let dir = tempfile::tempdir().expect("tempdir");
        let assessment = dir.path().join("a.toml");
        std::fs::write(&assessment, "keep me").expect("write");
        let err = write_export(&assessment, b"export", &assessment).expect_err("refused");
        assert!(matches!(err, ExportError::WouldOverwriteAssessment { .. }));
        let dotted = dir.path().join(".").join("a.toml");
        assert!(write_export(&dotted, b"export", &assessment).is_err());
        assert_eq!(
            std::fs::read_to_string(&assessment).expect("read"),
            "keep me"
        );

        let out = dir.path().join("out.csv");
        write_export(&out, b"one", &assessment).expect("write");
        write_export(&out, b"two", &assessment).expect("overwrite");
        assert_eq!(std::fs::read_to_string(&out).expect("read"), "two");
        let missing = Path::new("/nonexistent-gapwalk-dir/x.csv");
        assert!(matches!(
            write_export(missing, b"x", &assessment),
            Err(ExportError::Io { .. })
        ));
    }

    #[test]
    fn soa_version_defaults_to_a_draft_while_controls_are_undecided() {
        let catalog = Catalog::builtin();
        let mut a = Assessment::new(catalog.id(), "X");
        let doc = SoaDocument::new(catalog, &a, d("2026-11-28"), Audience::Internal, None);
        assert_eq!(doc.version, "Draft of 2026-11-28 (93 controls undecided)");
        for item in catalog.items() {
            a.item_mut(&item.id).answer = Some(Answer::WeManage);
        }
        let doc = SoaDocument::new(catalog, &a, d("2026-11-28"), Audience::Public, None);
        assert_eq!(doc.version, "2026-11-28");
        let doc = SoaDocument::new(
            catalog,
            &a,
            d("2026-11-28"),
            Audience::Public,
            Some(" 2.0 "),
        );
        assert_eq!(doc.version, "2.0");
        assert!(doc.columns().iter().all(|c| !c.internal()));
    }

    #[test]
    fn reliance_register_groups_by_service_and_licence() {
        let catalog = Catalog::builtin();
        let mut a = Assessment::new(catalog.id(), "X");
        a.licences = vec!["m365-business-premium".into()];
        a.items.insert(
            "A.8.2".into(),
            ItemRecord {
                answer: Some(Answer::Shared),
                relies_on: vec!["entra-pim".into(), "entra-conditional-access".into()],
                ..ItemRecord::default()
            },
        );
        a.items.insert(
            "A.7.11".into(),
            ItemRecord {
                answer: Some(Answer::MicrosoftProvides),
                reliance: Some("SOC 2".into()),
                ..ItemRecord::default()
            },
        );
        a.items
            .insert("A.8.1".into(), record(Answer::WeManage, None));
        let report = GapReport::new(catalog, &a, d("2026-11-28"));
        let groups: Vec<(String, String, Option<bool>, Vec<String>)> = report
            .reliance_register()
            .iter()
            .map(|g| {
                (
                    g.service.clone(),
                    g.licence.clone(),
                    g.licensed,
                    g.entries.iter().map(|e| e.item.id.to_string()).collect(),
                )
            })
            .collect();
        assert_eq!(
            groups,
            [
                (
                    "Microsoft Entra ID".to_string(),
                    "Microsoft 365 Business Premium".to_string(),
                    Some(true),
                    vec!["A.8.2".to_string()]
                ),
                (
                    "Microsoft Entra ID".to_string(),
                    "Not in the tenant's licences".to_string(),
                    Some(false),
                    vec!["A.8.2".to_string()]
                ),
                (
                    "Microsoft 365 as a service".to_string(),
                    "No capability recorded".to_string(),
                    None,
                    vec!["A.7.11".to_string()]
                ),
            ]
        );
    }
}

#[test]
fn text_report_lists_unanswered_ids_compactly_and_the_parking_lot() {
    let catalog = Catalog::builtin();
    let mut a = Assessment::new(catalog.id(), "Contoso");
    a.item_mut("A.5.1").follow_up = Some("Ask legal".into());
    let out = gap_report_text(&GapReport::new(
        catalog,
        &a,
        NaiveDate::from_ymd_opt(2026, 11, 28).expect("date"),
    ));
    assert!(
        out.contains("Not yet assessed (123, not findings)\n  4.1 4.2 4.3 4.4 5.1"),
        "{out}"
    );
    assert!(!out.contains("has not been assessed yet"), "{out}");
    assert!(
        out.contains("Parking lot (1 to follow up)\n  - A.5.1: Ask legal"),
        "{out}"
    );
}

#[test]
fn reliance_reviews_name_who_reviewed_only_where_the_file_says() {
    use crate::assessment::Session;
    use crate::report::doc::Table;
    let catalog = Catalog::builtin();
    let date = NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    let reviewed = NaiveDate::from_ymd_opt(2026, 11, 17).expect("date");
    let mut a = Assessment::new(catalog.id(), "X");
    a.sessions.push(Session {
        id: "2026-11-17".into(),
        date: Some(reviewed),
        ..Session::default()
    });
    let relied = |session: Option<&str>| ItemRecord {
        answer: Some(Answer::MicrosoftProvides),
        owner: Some("CISO".into()),
        reliance: Some("SOC 2".into()),
        reviewed: Some(reviewed),
        session: session.map(str::to_string),
        ..ItemRecord::default()
    };
    a.items.insert("A.7.11".into(), relied(Some("2026-11-17")));
    a.items.insert("A.7.12".into(), relied(None));
    a.items.insert(
        "A.7.13".into(),
        ItemRecord {
            answer: Some(Answer::MicrosoftProvides),
            owner: Some("CISO".into()),
            ..ItemRecord::default()
        },
    );
    let report = GapReport::new(catalog, &a, date);
    let tables: Vec<Table> = report
        .reliance_register()
        .iter()
        .map(|g| report.reliance_table(g))
        .collect();
    let row = |id: &str| -> Vec<String> {
        tables
            .iter()
            .flat_map(|t| t.rows.iter())
            .find(|r| r[0].lines[0].text().starts_with(id))
            .map(|r| {
                r.iter()
                    .map(|c| {
                        c.lines
                            .iter()
                            .map(|l| l.text())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect()
            })
            .unwrap_or_else(|| panic!("{id}"))
    };
    assert_eq!(
        row("A.7.11")[5..],
        ["The room, session 2026-11-17", "2026-11-17"]
    );
    assert_eq!(
        row("A.7.12")[5..],
        ["Review recorded; reviewer not named", "2026-11-17"]
    );
    // The owner oversees; nobody is said to have reviewed what is not there.
    assert_eq!(
        row("A.7.13")[4..],
        ["CISO", "Nothing relied on is recorded", ""]
    );
}
