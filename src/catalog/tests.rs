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

#[test]
fn every_capability_and_licence_is_verified_and_licensed() {
    let c = catalog();
    for cap in c.capabilities() {
        assert!(
            cap.verified >= d(FIRST_WRITTEN),
            "{}: verified {}",
            cap.id,
            cap.verified
        );
        assert!(!cap.licences.is_empty(), "{} has no licence", cap.id);
    }
    for l in c.licences() {
        assert!(
            l.verified >= d(FIRST_WRITTEN),
            "{}: verified {}",
            l.id,
            l.verified
        );
    }
}

#[test]
fn a_fact_checked_in_this_round_names_its_source_or_says_unverified() {
    // An entry verified after the catalog was first written was rechecked
    // against Microsoft's documentation: its note must say where, or say
    // plainly what could not be confirmed.
    let c = catalog();
    let notes = c
        .capabilities()
        .iter()
        .map(|x| (&x.id, x.verified, &x.note))
        .chain(c.licences().iter().map(|x| (&x.id, x.verified, &x.note)));
    for (id, verified, note) in notes.filter(|(_, v, _)| *v > d(FIRST_WRITTEN)) {
        let note = note.as_deref().unwrap_or_default();
        assert!(
            note.contains("https://learn.microsoft.com/")
                || note.contains("Microsoft's")
                || note.contains("unverified"),
            "{id} (verified {verified}) names no source: {note}"
        );
    }
}

#[test]
fn every_change_is_dated_and_sourced() {
    let c = catalog();
    let mut count = 0;
    let microsoft = c
        .capabilities()
        .iter()
        .flat_map(|x| x.changes.iter().map(move |ch| (&x.id, x.verified, ch)))
        .chain(
            c.licences()
                .iter()
                .flat_map(|x| x.changes.iter().map(move |ch| (&x.id, x.verified, ch))),
        );
    for (id, verified, ch) in microsoft {
        count += 1;
        assert!(ch.source.starts_with("https://"), "{id}: {ch:?}");
        assert!(!ch.what.trim().is_empty(), "{id}: {ch:?}");
        // A change recorded in the past was seen when the entry was checked.
        assert!(
            ch.date <= verified || ch.date > d("2026-12-31"),
            "{id}: {ch:?}"
        );
    }
    for item in c.items() {
        for ch in item.changes.iter() {
            count += 1;
            assert!(
                !ch.source.trim().is_empty() && !ch.what.trim().is_empty(),
                "{}: {ch:?}",
                item.id
            );
        }
    }
    assert!(count >= 20, "the real changes are recorded ({count})");
    // The ones the review found, with their real dates.
    let ediscovery = c
        .capability("purview-ediscovery-standard")
        .expect("registered");
    assert!(
        ediscovery
            .changes
            .iter()
            .any(|ch| ch.date == d("2025-05-26"))
    );
    assert!(
        c.capability("security-copilot")
            .is_some_and(|s| !s.changes.is_empty())
    );
}

#[test]
fn the_build_rules_reject_bad_dates_and_unsourced_changes() {
    use toml::value::Datetime;
    let date = |s: &str| s.parse::<Datetime>().expect("toml datetime");
    assert_eq!(
        rules::plain_date(&date("2026-12-03"), "x"),
        Ok((2026, 12, 3))
    );
    assert_eq!(
        rules::plain_date(&date("2024-02-29"), "x"),
        Ok((2024, 2, 29))
    );
    for bad in ["2026-12-03T10:00:00", "2026-12-03T10:00:00Z", "1999-12-31"] {
        let err = rules::plain_date(&date(bad), "`verified`").expect_err(bad);
        assert!(err.contains("`verified`"), "{err}");
    }
    // The TOML parser already refuses 2026-02-30; the rule holds without it.
    let feb30 = Datetime {
        date: Some(toml::value::Date {
            year: 2026,
            month: 2,
            day: 30,
        }),
        time: None,
        offset: None,
    };
    assert!(rules::plain_date(&feb30, "x").is_err());
    assert!(rules::check_change("Renamed", "https://learn.microsoft.com/x", true).is_ok());
    assert!(rules::check_change("Renamed", "ISO/IEC 27001 clause 9.3", false).is_ok());
    let no_source = rules::check_change("Renamed", "  ", false).expect_err("no source");
    assert!(no_source.contains("no `source`"), "{no_source}");
    let not_a_url = rules::check_change("Renamed", "a blog", true).expect_err("not https");
    assert!(not_a_url.contains("https://"), "{not_a_url}");
    assert!(rules::check_change(" ", "https://x", true).is_err());
}

#[test]
fn a_catalog_from_toml_keeps_the_same_rules() {
    let licences = "[[licences]]\nid = \"a\"\nname = \"A\"\nverified = 2026-12-03\n";
    let cap = |extra: &str| {
        format!(
            "[[capabilities]]\nid = \"c\"\nname = \"C\"\nproduct = \"P\"\nlicences = [\"a\"]\n{extra}\n"
        )
    };
    let missing = Catalog::from_toml("t", &[], &cap(""), licences).expect_err("no verified");
    assert!(missing.to_string().contains("verified"), "{missing}");
    let string_date = Catalog::from_toml("t", &[], &cap("verified = \"2026-12-03\""), licences)
        .expect_err("a string is not a date");
    assert!(
        string_date.to_string().contains("capabilities.toml"),
        "{string_date}"
    );
    let unsourced = cap(
        "verified = 2026-12-03\nchanges = [{ date = 2026-01-01, what = \"Moved\", source = \"\" }]",
    );
    let err = Catalog::from_toml("t", &[], &unsourced, licences).expect_err("no source");
    assert!(
        err.to_string()
            .contains("capability c: the change \"Moved\" has no `source`"),
        "{err}"
    );
    let ok = cap(
        "verified = 2026-12-03\nchanges = [{ date = 2026-01-01, what = \"Moved\", source = \"https://learn.microsoft.com/x\" }]",
    );
    let catalog = Catalog::from_toml("t", &[], &ok, licences).expect("valid");
    let c = catalog.capability("c").expect("c");
    assert_eq!(
        (c.verified, c.changes[0].date),
        (d("2026-12-03"), d("2026-01-01"))
    );
}

#[test]
fn the_defender_portal_is_not_only_for_e5_tenants() {
    let c = catalog();
    let has = |licence: &str, cap: &str| c.is_licensed(cap, &c.expand_licences([licence]));
    for tenant in ["m365-business-premium", "m365-e3", "m365-e5", "o365-e5"] {
        assert!(
            has(tenant, "defender-xdr"),
            "{tenant} has the Defender portal"
        );
    }
    for tenant in ["m365-business-premium", "m365-e3"] {
        assert!(
            !has(tenant, "defender-advanced-hunting"),
            "{tenant}: no advanced hunting"
        );
    }
    assert!(has("m365-e5", "defender-advanced-hunting"));
    assert!(has(
        "defender-suite-business-premium",
        "defender-advanced-hunting"
    ));
    // Threat analytics: Defender for Business and Plan 2, not Plan 1.
    assert!(has("m365-business-premium", "defender-threat-analytics"));
    assert!(!has("m365-e3", "defender-threat-analytics"));
    assert!(!has("o365-e1", "defender-xdr"));
}

#[test]
fn teams_chat_dlp_and_endpoint_dlp_are_licensed_apart() {
    let c = catalog();
    let has = |licence: &str, cap: &str| c.is_licensed(cap, &c.expand_licences([licence]));
    assert!(has("o365-e5", "purview-teams-dlp"));
    assert!(!has("o365-e5", "purview-endpoint-dlp"));
    assert!(has("m365-e5", "purview-teams-dlp") && has("m365-e5", "purview-endpoint-dlp"));
    assert!(
        !has("m365-e3", "purview-teams-dlp") && !has("m365-business-premium", "purview-teams-dlp")
    );
}

#[test]
fn security_copilot_comes_with_e5_and_e7_or_paid_capacity() {
    let c = catalog();
    let has = |licence: &str| c.is_licensed("security-copilot", &c.expand_licences([licence]));
    assert!(has("m365-e5") && has("m365-e7") && has("azure-subscription"));
    assert!(!has("m365-e3") && !has("m365-business-premium"));
    let note = c
        .capability("security-copilot")
        .and_then(|s| s.note.as_deref())
        .unwrap_or_default();
    assert!(
        note.contains("unverified") && note.contains("not evidence"),
        "{note}"
    );
}

#[test]
fn entra_permissions_management_is_not_in_the_catalog() {
    // Retired in 2025: recommending it would send a consultant after a
    // product that can no longer be bought.
    for cap in catalog().capabilities() {
        assert!(!cap.name.contains("Permissions Management"), "{}", cap.id);
    }
}

/// Why an item's usual answer contradicts its own guidance, if it does.
fn contradiction(item: &Item) -> Option<&'static str> {
    let mp = item.microsoft_provides.as_ref();
    let om = item.organisation_must.as_ref();
    let suggested = item.suggested_answer?;
    if mp.trim_start().starts_with("Nothing")
        && matches!(suggested, Answer::MicrosoftProvides | Answer::Shared)
    {
        return Some("says Microsoft provides nothing, yet suggests Microsoft does the work");
    }
    // Phrases that keep part of the work with the organisation.
    const KEPT: [&str; 8] = [
        "the office",
        "still yours",
        "stays yours",
        "stay yours",
        "remains yours",
        "your own",
        "stays the organisation's",
        "remain the organisation's",
    ];
    if suggested == Answer::MicrosoftProvides && KEPT.iter().any(|k| om.contains(k)) {
        return Some("suggests Microsoft provides while the organisation keeps part of it");
    }
    // Things nearly every Microsoft 365 tenant has: an item that names them
    // cannot usually be excluded.
    const EVERY_TENANT: [&str; 7] = [
        "app registration",
        "Power Platform",
        "PowerShell",
        "Power Automate",
        "Power App",
        "flows",
        "scripts",
    ];
    let text = format!("{mp} {om} {}", item.questions.join(" "));
    if suggested == Answer::NotApplicable && EVERY_TENANT.iter().any(|k| text.contains(k)) {
        return Some("suggests not applicable while naming what nearly every tenant has");
    }
    None
}

#[test]
fn no_suggested_answer_contradicts_its_own_guidance() {
    let found: Vec<String> = catalog()
        .items()
        .iter()
        .filter_map(|i| contradiction(i).map(|why| format!("{} {why}", i.id)))
        .collect();
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_contradiction_check_catches_each_kind() {
    let base = catalog().item("A.8.25").expect("in catalog").clone();
    let with = |mp: &str, om: &str, answer: Answer| Item {
        microsoft_provides: mp.to_string().into(),
        organisation_must: om.to_string().into(),
        suggested_answer: Some(answer),
        ..base.clone()
    };
    let nothing = with("Nothing: it is yours.", "Do it.", Answer::MicrosoftProvides);
    assert!(contradiction(&nothing).is_some());
    let kept = with(
        "Microsoft runs it.",
        "The UPS is still yours.",
        Answer::MicrosoftProvides,
    );
    assert!(contradiction(&kept).is_some());
    let excluded = with(
        "Nothing.",
        "Review app registrations.",
        Answer::NotApplicable,
    );
    assert!(contradiction(&excluded).is_some());
    let fine = with(
        "Microsoft runs it.",
        "Review the report yearly.",
        Answer::MicrosoftProvides,
    );
    assert_eq!(
        contradiction(&Item {
            questions: vec![].into(),
            ..fine
        }),
        None
    );
}
