//! The catalog's facts: verified and sourced, dated changes, the build rules, the licensing statements this round checked, and suggested answers that agree with their guidance.

use super::*;

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
