use chrono::NaiveDate;
use serde_json::Value;

use super::*;
use crate::assessment::{Action, Answer, Assessment, Evidence};
use crate::catalog::Catalog;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).expect("date")
}

fn doc(model: Model, a: &Assessment) -> Value {
    serde_json::from_str(&oscal_json(model, Catalog::builtin(), a, as_of())).expect("JSON")
}

/// An OSCAL token: a letter or `_`, then letters, digits, `.`, `-`, `_`.
fn is_token(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

#[test]
fn control_ids_are_unique_oscal_tokens() {
    assert_eq!(control_id("6.1.3"), "clause-6.1.3");
    assert_eq!(control_id("A.5.1"), "a.5.1");
    let ids: Vec<String> = Catalog::builtin()
        .items()
        .iter()
        .map(|i| control_id(&i.id))
        .collect();
    assert_eq!(ids.len(), 123);
    for id in &ids {
        assert!(is_token(id), "{id} is not a token");
    }
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
}

#[test]
fn uuids_are_version_5_and_depend_on_organisation_and_element() {
    let a = Ids::new("Contoso");
    let u = a.uuid("ssp/requirement/A.5.1");
    assert_eq!(u.get_version_num(), 5);
    assert_eq!(u, Ids::new("Contoso").uuid("ssp/requirement/A.5.1"));
    assert_eq!(u, Ids::new("  Contoso ").uuid("ssp/requirement/A.5.1"));
    assert_ne!(u, Ids::new("Fabrikam").uuid("ssp/requirement/A.5.1"));
    assert_ne!(u, a.uuid("ssp/requirement/A.5.2"));
}

fn requirement<'a>(ssp: &'a Value, item: &str) -> &'a Value {
    ssp["system-security-plan"]["control-implementation"]["implemented-requirements"]
        .as_array()
        .and_then(|r| {
            r.iter()
                .find(|r| r["control-id"] == control_id(item).as_str())
        })
        .expect("requirement")
}

fn answered<'a>(
    id: &str,
    answer: Answer,
    a: &'a mut Assessment,
) -> &'a mut crate::assessment::ItemRecord {
    let r = a.item_mut(id);
    r.answer = Some(answer);
    r.owner = Some("Head of IT".to_string());
    r
}

#[test]
fn by_components_say_who_does_what_for_each_answer() {
    let mut a = Assessment::new("iso27001-2022", "Contoso");
    answered("A.7.1", Answer::MicrosoftProvides, &mut a).reliance =
        Some("Microsoft's ISO/IEC 27001 certificate".to_string());
    answered("A.5.15", Answer::Shared, &mut a).evidence = vec![Evidence {
        what: "Access review export".to_string(),
        location: None,
        date: None,
    }];
    answered("A.5.1", Answer::WeManage, &mut a);
    answered("A.8.13", Answer::Gap, &mut a).action = Some(Action {
        what: "Buy a backup service".to_string(),
        owner: Some("CFO".to_string()),
        due: NaiveDate::from_ymd_opt(2027, 3, 1),
        done: None,
    });
    answered("A.7.4", Answer::NotApplicable, &mut a).justification =
        Some("No premises of our own.".to_string());
    let ssp = doc(Model::Ssp, &a);
    let components = &ssp["system-security-plan"]["system-implementation"]["components"];
    let this_system = components[0]["uuid"].clone();
    let microsoft = components[1]["uuid"].clone();

    // Microsoft provides: Microsoft's provided part, inherited with the reliance.
    let ms = &requirement(&ssp, "A.7.1")["by-components"];
    assert_eq!(ms[0]["component-uuid"], microsoft);
    assert_eq!(ms[1]["component-uuid"], this_system);
    let provided = &ms[0]["export"]["provided"][0]["uuid"];
    assert_eq!(&ms[1]["inherited"][0]["provided-uuid"], provided);
    assert!(
        ms[1]["inherited"][0]["description"]
            .as_str()
            .is_some_and(|d| d.contains("ISO/IEC 27001 certificate"))
    );
    assert!(ms[0]["export"].get("responsibilities").is_none());

    // Shared: Microsoft's part plus the organisation's responsibility, satisfied.
    let shared = &requirement(&ssp, "A.5.15")["by-components"];
    let responsibility = &shared[0]["export"]["responsibilities"][0];
    assert_eq!(
        responsibility["provided-uuid"],
        shared[0]["export"]["provided"][0]["uuid"]
    );
    assert_eq!(
        shared[1]["satisfied"][0]["responsibility-uuid"],
        responsibility["uuid"]
    );
    assert!(
        shared[1]["satisfied"][0]["description"]
            .as_str()
            .is_some_and(|d| d.contains("Access review export"))
    );

    // We manage: the organisation alone.
    let ours = &requirement(&ssp, "A.5.1")["by-components"];
    assert_eq!(ours.as_array().map(Vec::len), Some(1));
    assert_eq!(ours[0]["component-uuid"], this_system);
    assert_eq!(ours[0]["implementation-status"]["state"], "implemented");

    // Gap: planned, with the action and its owner.
    let gap = &requirement(&ssp, "A.8.13")["by-components"][0];
    assert_eq!(gap["implementation-status"]["state"], "planned");
    assert!(
        gap["implementation-status"]["remarks"]
            .as_str()
            .is_some_and(|r| r.contains("Buy a backup service") && r.contains("CFO"))
    );
    assert_eq!(gap["responsible-roles"][1]["role-id"], "action-owner");

    // Not applicable: with its justification.
    let na = &requirement(&ssp, "A.7.4")["by-components"][0];
    assert_eq!(na["implementation-status"]["state"], "not-applicable");
    assert!(
        na["description"]
            .as_str()
            .is_some_and(|d| d.contains("No premises"))
    );

    // Unanswered: no by-components.
    assert!(requirement(&ssp, "A.5.2").get("by-components").is_none());
    // The owner as a responsible role naming a party.
    assert_eq!(
        requirement(&ssp, "A.5.1")["responsible-roles"][0]["role-id"],
        "owner"
    );
}

#[test]
fn findings_keep_their_severity() {
    let mut a = Assessment::new("iso27001-2022", "Contoso");
    a.item_mut("A.8.13").answer = Some(Answer::Gap);
    let ar = doc(Model::AssessmentResults, &a);
    let findings = ar["assessment-results"]["results"][0]["findings"]
        .as_array()
        .expect("findings");
    let untracked = findings
        .iter()
        .find(|f| {
            f["props"]
                .as_array()
                .is_some_and(|p| p.iter().any(|p| p["value"] == "untracked-gap"))
        })
        .expect("the untracked gap");
    let severity = untracked["props"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == "severity"))
        .expect("severity");
    assert_eq!(severity["value"], "high");
    assert_eq!(untracked["target"]["target-id"], "a.8.13_smt");
    // One finding per gapwalk finding (items not assessed are coverage,
    // not findings).
    let expected = crate::analysis::findings(Catalog::builtin(), &a, as_of()).len();
    assert_eq!(findings.len(), expected);
}

#[test]
fn hostile_text_becomes_clean_oscal_strings() {
    let mut a = Assessment::new("iso27001-2022", "Evil\u{1b}]0;pwned\u{7}\nCorp\u{202e} ");
    answered("A.5.1", Answer::WeManage, &mut a).owner = Some("  Bob\t\u{1b}[31m  ".to_string());
    let json = oscal_json(Model::Ssp, Catalog::builtin(), &a, as_of());
    assert!(!json.contains('\u{1b}') && !json.contains('\u{7}') && !json.contains('\u{202e}'));
    assert!(
        json.contains("\\u202e"),
        "invisible characters stay visible as escapes"
    );
    let ssp: Value = serde_json::from_str(&json).expect("JSON");
    let parties = ssp["system-security-plan"]["metadata"]["parties"]
        .as_array()
        .expect("parties");
    for p in parties {
        let name = p["name"].as_str().expect("name");
        assert_eq!(name, name.trim());
        assert!(!name.contains('\n') && !name.contains('\t'), "{name:?}");
    }
    assert_eq!(parties[2]["name"], "Bob [31m");
}
