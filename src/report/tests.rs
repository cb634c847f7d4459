use chrono::NaiveDate;

use super::*;
use crate::assessment::{Assessment, ItemRecord};

fn summary() -> Summary {
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
    Summary::new(
        catalog,
        &a,
        NaiveDate::from_ymd_opt(2026, 11, 28).expect("date"),
    )
}

#[test]
fn text_report_has_no_control_characters() {
    let out = report_text(&summary());
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out}");
    assert!(out.contains("Progress: 1 of"));
    assert!(out.contains("[high] Gap with no tracked action (1)"));
}

#[test]
fn markdown_escapes_untrusted_text() {
    let out = report_markdown(&summary());
    assert!(out.contains("\\<script\\>"), "{out}");
    assert!(out.contains("\\*Bob\\* \\| \\[x\\](http://e)"), "{out}");
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn json_has_the_documented_shape() {
    let v: serde_json::Value = serde_json::from_str(&report_json(&summary())).expect("json");
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
