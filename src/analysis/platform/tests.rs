use chrono::NaiveDate;

use super::*;
use crate::analysis::{Severity, findings};
use crate::assessment::{Answer, Session};

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

/// A catalog with one item listing `listed`, an unlisted capability
/// `other`, and dated changes on the item (2026-03-01), `listed`
/// (2026-06-15) and `other` (2026-09-01).
fn catalog() -> Catalog {
    let licences = "[[licences]]\nid = \"base\"\nname = \"Base\"\nverified = 2026-12-03\n";
    let caps = r#"
[[capabilities]]
id = "listed"
name = "Listed capability"
product = "P"
licences = ["base"]
verified = 2026-12-03
changes = [{ date = 2026-06-15, what = "Moved to a higher plan.", source = "https://learn.microsoft.com/listed" }]

[[capabilities]]
id = "other"
name = "Other capability"
product = "P"
licences = ["base"]
verified = 2026-12-03
changes = [{ date = 2026-09-01, what = "Retired", source = "https://learn.microsoft.com/other" }]

[[capabilities]]
id = "quiet"
name = "Quiet capability"
product = "P"
licences = ["base"]
verified = 2026-12-03
"#;
    let items = r#"
[[items]]
id = "A.5.1"
title = "Policies"
theme = "organizational"
capabilities = ["listed", "quiet"]
changes = [{ date = 2026-03-01, what = "Usual answer changed", source = "catalog review" }]

[[items]]
id = "A.5.2"
title = "Roles"
theme = "organizational"
capabilities = ["quiet"]
"#;
    Catalog::from_toml("t", &[("items.toml", items)], caps, licences).expect("test catalog")
}

fn answered(reviewed: Option<&str>) -> Assessment {
    let mut a = Assessment::new("t", "Contoso");
    let r = a.item_mut("A.5.1");
    r.answer = Some(Answer::WeManage);
    r.owner = Some("CISO".into());
    r.reviewed = reviewed.map(d);
    a
}

fn kinds(c: &Catalog, a: &Assessment, as_of: &str) -> Vec<String> {
    findings(c, a, d(as_of))
        .into_iter()
        .filter(|f| f.kind == FindingKind::PlatformChanged)
        .map(|f| f.message)
        .collect()
}

#[test]
fn reviewed_the_day_before_on_or_after_a_change() {
    let c = catalog();
    // The listed capability changed on 2026-06-15; the item's own change
    // (2026-03-01) is older than every review here.
    let before = kinds(&c, &answered(Some("2026-06-14")), "2026-07-01");
    assert_eq!(before.len(), 1, "{before:?}");
    assert!(
        before[0].contains("A.5.1 was last reviewed 2026-06-14")
            && before[0].contains("Listed capability: Moved to a higher plan (2026-06-15)"),
        "{}",
        before[0]
    );
    assert!(!before[0].contains("Usual answer changed"), "{}", before[0]);
    assert_eq!(
        kinds(&c, &answered(Some("2026-06-15")), "2026-07-01"),
        Vec::<String>::new()
    );
    assert_eq!(
        kinds(&c, &answered(Some("2026-06-16")), "2026-07-01"),
        Vec::<String>::new()
    );
}

#[test]
fn the_finding_is_medium_and_names_the_item() {
    let c = catalog();
    let f = findings(&c, &answered(Some("2026-01-01")), d("2026-07-01"))
        .into_iter()
        .find(|f| f.kind == FindingKind::PlatformChanged)
        .expect("platform-changed");
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(f.item.as_deref(), Some("A.5.1"));
    // Both unseen changes, oldest first: the item's guidance, then the capability.
    let guidance = f
        .message
        .find("guidance: Usual answer changed (2026-03-01)");
    let capability = f.message.find("Listed capability");
    assert!(guidance.is_some() && guidance < capability, "{}", f.message);
}

#[test]
fn a_change_after_the_as_of_date_has_not_happened_yet() {
    let c = catalog();
    assert_eq!(
        kinds(&c, &answered(Some("2026-06-14")), "2026-06-14"),
        Vec::<String>::new()
    );
    assert_eq!(
        kinds(&c, &answered(Some("2026-06-14")), "2026-06-15").len(),
        1
    );
}

#[test]
fn unanswered_items_and_items_without_changes_have_no_finding() {
    let c = catalog();
    let mut a = Assessment::new("t", "Contoso");
    a.item_mut("A.5.1").reviewed = Some(d("2026-01-01"));
    assert_eq!(
        kinds(&c, &a, "2026-12-01"),
        Vec::<String>::new(),
        "not answered"
    );
    let r = a.item_mut("A.5.2");
    r.answer = Some(Answer::Shared);
    r.reviewed = Some(d("2026-01-01"));
    assert_eq!(
        kinds(&c, &a, "2026-12-01"),
        Vec::<String>::new(),
        "nothing changed"
    );
}

#[test]
fn a_capability_the_item_relies_on_counts_and_counts_once() {
    let c = catalog();
    let mut a = answered(Some("2026-07-01"));
    assert_eq!(kinds(&c, &a, "2026-12-01"), Vec::<String>::new());
    a.item_mut("A.5.1").relies_on = vec!["other".into(), "listed".into(), "other".into()];
    let found = kinds(&c, &a, "2026-12-01");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].matches("Other capability").count(),
        1,
        "{}",
        found[0]
    );
    assert!(
        !found[0].contains("Listed capability"),
        "seen on 2026-07-01: {}",
        found[0]
    );
    // An unknown capability (reported by validate) is skipped, not a panic.
    a.item_mut("A.5.1").relies_on.push("gone".into());
    assert_eq!(kinds(&c, &a, "2026-12-01").len(), 1);
}

#[test]
fn never_reviewed_falls_back_to_the_session_date_then_to_every_change() {
    let c = catalog();
    let mut a = answered(None);
    a.sessions.push(Session {
        id: "2026-07-01".into(),
        date: Some(d("2026-07-01")),
        facilitator: None,
        attendees: Vec::new(),
    });
    a.item_mut("A.5.1").session = Some("2026-07-01".into());
    assert_eq!(
        kinds(&c, &a, "2026-08-01"),
        Vec::<String>::new(),
        "answered in the session"
    );
    // No review and no session: nothing shows the room saw any change.
    a.item_mut("A.5.1").session = None;
    let found = kinds(&c, &a, "2026-08-01");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("A.5.1 has no review date, and the catalog recorded: "),
        "{}",
        found[0]
    );
    assert!(
        found[0].contains("2026-03-01") && found[0].contains("2026-06-15"),
        "{}",
        found[0]
    );
    // A session id that is not in the file counts as no session.
    a.item_mut("A.5.1").session = Some("2026-01-01".into());
    assert_eq!(kinds(&c, &a, "2026-08-01").len(), 1);
}

#[test]
fn marking_reviewed_clears_it() {
    let c = catalog();
    let mut a = answered(Some("2026-01-01"));
    assert_eq!(kinds(&c, &a, "2026-12-01").len(), 1);
    a.item_mut("A.5.1").reviewed = Some(d("2026-12-01"));
    assert_eq!(kinds(&c, &a, "2026-12-01"), Vec::<String>::new());
}

#[test]
fn unseen_changes_list_what_the_workshop_shows() {
    let c = catalog();
    let a = answered(Some("2026-06-14"));
    let item = c.item("A.5.1").expect("item");
    let unseen = unseen_changes(&c, &a, d("2026-12-01"), item);
    let described: Vec<String> = unseen.iter().map(UnseenChange::describe).collect();
    assert_eq!(
        described,
        ["Listed capability: Moved to a higher plan (2026-06-15)"]
    );
    assert_eq!(last_review(&a, a.item("A.5.1")), Some(d("2026-06-14")));
}

#[test]
fn the_built_in_catalog_flags_an_item_reviewed_before_a_real_change() {
    // eDiscovery (Standard) lost its classic experience on 2025-05-26, and
    // A.5.28 lists it.
    let c = Catalog::builtin();
    let mut a = Assessment::new(c.id(), "Contoso");
    let r = a.item_mut("A.5.28");
    r.answer = Some(Answer::Shared);
    r.reviewed = Some(d("2025-01-15"));
    let f: Vec<_> = findings(c, &a, d("2025-06-01"))
        .into_iter()
        .filter(|f| f.kind == FindingKind::PlatformChanged)
        .collect();
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("(2025-05-26)"), "{}", f[0].message);
}
