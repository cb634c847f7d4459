use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::*;

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

#[test]
fn annex_a_has_93_controls_in_four_themes() {
    let count = |theme| {
        catalog()
            .items()
            .iter()
            .filter(|i| i.theme == theme)
            .count()
    };
    let controls = catalog()
        .items()
        .iter()
        .filter(|i| i.kind == ItemKind::Control)
        .count();
    assert_eq!(controls, 93);
    assert_eq!(count(Theme::Organizational), 37);
    assert_eq!(count(Theme::People), 8);
    assert_eq!(count(Theme::Physical), 14);
    assert_eq!(count(Theme::Technological), 34);
}

#[test]
fn controls_are_numbered_without_holes() {
    for (theme, prefix, n) in [
        (Theme::Organizational, "A.5.", 37),
        (Theme::People, "A.6.", 8),
        (Theme::Physical, "A.7.", 14),
        (Theme::Technological, "A.8.", 34),
    ] {
        let ids: Vec<&str> = catalog()
            .items()
            .iter()
            .filter(|i| i.theme == theme)
            .map(|i| i.id.as_ref())
            .collect();
        let expected: Vec<String> = (1..=n).map(|k| format!("{prefix}{k}")).collect();
        assert_eq!(ids, expected, "{theme}");
    }
}

#[test]
fn clauses_cover_4_to_10_down_to_the_sub_clauses() {
    let ids: Vec<&str> = catalog()
        .items()
        .iter()
        .filter(|i| i.kind == ItemKind::Clause)
        .map(|i| i.id.as_ref())
        .collect();
    assert_eq!(
        ids,
        [
            "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1.1", "6.1.2", "6.1.3", "6.2",
            "6.3", "7.1", "7.2", "7.3", "7.4", "7.5.1", "7.5.2", "7.5.3", "8.1", "8.2", "8.3",
            "9.1", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.1", "10.2"
        ]
    );
    assert!(
        catalog()
            .items()
            .iter()
            .filter(|i| i.kind == ItemKind::Clause)
            .all(|i| i.theme == Theme::ManagementSystem)
    );
}

#[test]
fn ids_are_unique_and_well_formed() {
    let mut seen = HashSet::new();
    for item in catalog().items() {
        assert!(seen.insert(&item.id), "duplicate {}", item.id);
        let (numbers, is_control) = match item.id.strip_prefix("A.") {
            Some(rest) => (rest, true),
            None => (item.id.as_ref(), false),
        };
        assert_eq!(is_control, item.kind == ItemKind::Control, "{}", item.id);
        let parts: Vec<&str> = numbers.split('.').collect();
        assert!((2..=3).contains(&parts.len()), "{}", item.id);
        assert!(
            parts.iter().all(|p| !p.is_empty()
                && !p.starts_with('0')
                && p.bytes().all(|b| b.is_ascii_digit())),
            "{}",
            item.id
        );
        assert!(!item.title.trim().is_empty(), "{}", item.id);
    }
}

#[test]
fn every_referenced_capability_and_licence_exists() {
    let c = catalog();
    for item in c.items() {
        for cap in item.capabilities.iter() {
            assert!(c.capability(cap).is_some(), "{} -> {cap}", item.id);
        }
    }
    for cap in c.capabilities() {
        assert!(!cap.licences.is_empty(), "{} has no licence", cap.id);
        for l in &cap.licences {
            assert!(c.licence(l).is_some(), "{} -> {l}", cap.id);
        }
    }
    for l in c.licences() {
        for inc in l.includes.iter() {
            assert!(c.licence(inc).is_some(), "{} -> {inc}", l.id);
        }
    }
}

#[test]
fn the_licence_ids_consultants_use_exist() {
    for id in [
        "m365-business-basic",
        "m365-business-standard",
        "m365-business-premium",
        "m365-e3",
        "m365-e5",
        "o365-e1",
        "o365-e3",
        "o365-e5",
        "entra-id-p1",
        "entra-id-p2",
        "m365-e5-security",
        "m365-e5-compliance",
    ] {
        assert!(catalog().licence(id).is_some(), "{id}");
    }
}

#[test]
fn licence_inclusion_is_expanded_transitively() {
    let c = catalog();
    let e5 = c.expand_licences(["m365-e5"]);
    assert!(e5.contains("entra-id-p2"));
    assert!(e5.contains("entra-id-p1"), "through P2");
    assert!(e5.contains("m365-e3"));
    let e3 = c.expand_licences(["m365-e3"]);
    assert!(!e3.contains("entra-id-p2"));
    // A capability lists every licence that reaches it, suites included.
    let ca = c
        .capability("entra-conditional-access")
        .expect("registered");
    for l in [
        "entra-id-p1",
        "entra-id-p2",
        "m365-e3",
        "m365-e5",
        "m365-business-premium",
    ] {
        assert!(ca.licences.iter().any(|x| x == l), "{l}");
    }
    assert!(!ca.licences.iter().any(|x| x == "o365-e1"));
}

#[test]
fn inclusion_cycles_are_rejected() {
    let licences = r#"
[[licences]]
id = "a"
name = "A"
includes = ["b"]
verified = 2026-12-03
[[licences]]
id = "b"
name = "B"
includes = ["a"]
verified = 2026-12-03
"#;
    let caps = "capabilities = []";
    let err = Catalog::from_toml("t", &[], caps, licences).expect_err("cycle");
    assert!(err.to_string().contains("includes itself"), "{err}");
}

#[test]
fn unknown_references_are_rejected() {
    let licences = "[[licences]]\nid = \"a\"\nname = \"A\"\nverified = 2026-12-03\n";
    let caps = "[[capabilities]]\nid = \"c\"\nname = \"C\"\nproduct = \"P\"\nlicences = [\"zz\"]\nverified = 2026-12-03\n";
    let err = Catalog::from_toml("t", &[], caps, licences).expect_err("unknown licence");
    assert!(err.to_string().contains("unknown licence zz"), "{err}");
    let caps = "[[capabilities]]\nid = \"c\"\nname = \"C\"\nproduct = \"P\"\nlicences = [\"a\"]\nverified = 2026-12-03\n";
    let items = "[[items]]\nid = \"1.1\"\ntitle = \"T\"\ntheme = \"management-system\"\ncapabilities = [\"nope\"]\n";
    let err =
        Catalog::from_toml("t", &[("x.toml", items)], caps, licences).expect_err("unknown cap");
    assert!(err.to_string().contains("unknown capability nope"), "{err}");
}

// --- content (issue: catalog content) ---------------------------------

fn placeholder(s: &str) -> bool {
    let l = s.to_lowercase();
    s.trim().len() < 3
        || l.contains("todo")
        || l.contains("tbd")
        || l.contains("lorem")
        || s.contains("...")
}

#[test]
fn every_item_has_every_field_filled() {
    for item in catalog().items() {
        for (field, text) in [
            ("microsoft_provides", &item.microsoft_provides),
            ("organisation_must", &item.organisation_must),
        ] {
            assert!(!placeholder(text), "{} {field}: {text:?}", item.id);
        }
        assert!(
            (2..=4).contains(&item.questions.len()),
            "{} questions",
            item.id
        );
        assert!(
            (2..=4).contains(&item.evidence.len()),
            "{} evidence",
            item.id
        );
        for q in item.questions.iter().chain(item.evidence.iter()) {
            assert!(!placeholder(q), "{}: {q:?}", item.id);
        }
        assert!(
            item.suggested_answer.is_some(),
            "{} suggested answer",
            item.id
        );
    }
}

#[test]
fn clauses_never_suggest_leaving_the_management_system_to_microsoft() {
    for item in catalog()
        .items()
        .iter()
        .filter(|i| i.kind == ItemKind::Clause)
    {
        assert!(
            !matches!(
                item.suggested_answer,
                Some(Answer::MicrosoftProvides | Answer::NotApplicable)
            ),
            "{}",
            item.id
        );
    }
}

#[test]
fn every_capability_is_used_by_some_item() {
    let used: HashSet<&str> = catalog()
        .items()
        .iter()
        .flat_map(|i| i.capabilities.iter().map(|c| c.as_ref()))
        .collect();
    for cap in catalog().capabilities() {
        assert!(
            used.contains(cap.id.as_ref()),
            "{} is never referenced",
            cap.id
        );
    }
    assert!(catalog().capabilities().len() >= 50);
}

#[test]
fn no_two_items_share_guidance_text() {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for item in catalog().items() {
        for text in [&item.microsoft_provides, &item.organisation_must] {
            if let Some(other) = seen.insert(text.as_ref(), item.id.as_ref()) {
                panic!("{} repeats the text of {other}: {text}", item.id);
            }
        }
    }
}

#[test]
fn clauses_4_1_and_4_2_ask_about_climate_change() {
    for id in ["4.1", "4.2"] {
        let item = catalog().item(id).expect("in catalog");
        assert!(
            item.questions
                .iter()
                .any(|q| q.to_lowercase().contains("climate")),
            "{id} must ask the 2024 climate question"
        );
    }
}

#[test]
fn capabilities_and_licences_are_named() {
    for c in catalog().capabilities() {
        assert!(
            !c.name.trim().is_empty() && !c.product.trim().is_empty(),
            "{}",
            c.id
        );
    }
    for l in catalog().licences() {
        assert!(!l.name.trim().is_empty(), "{}", l.id);
    }
}

// --- catalog truth and platform drift (issue: catalog truth) ------------

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

/// The date the catalog was first written: no fact can have been checked
/// before it.
const FIRST_WRITTEN: &str = "2026-11-28";

mod facts;
