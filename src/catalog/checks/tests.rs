use super::*;

fn registry() -> &'static CheckRegistry {
    CheckRegistry::builtin()
}

fn topic(tool: ScanTool, check: &str) -> Option<&'static str> {
    let r = registry();
    r.lookup(tool, check).map(|i| r.mapping(i).id.as_ref())
}

#[test]
fn ids_and_prefixes_find_their_topic() {
    assert_eq!(
        topic(ScanTool::Scubagear, "MS.AAD.3.1v1"),
        Some("multifactor-authentication")
    );
    // A longer prefix wins over a shorter one.
    assert_eq!(
        topic(ScanTool::Scubagear, "MS.AAD.3.7v1"),
        Some("managed-devices-for-access")
    );
    // An exact id wins over a prefix.
    assert_eq!(
        topic(ScanTool::Maester, "CISA.MS.AAD.3.8"),
        Some("managed-devices-for-access")
    );
    assert_eq!(
        topic(ScanTool::Maester, "CISA.MS.AAD.3.2"),
        Some("multifactor-authentication")
    );
    assert_eq!(
        topic(
            ScanTool::Prowler,
            "entra_conditional_access_policy_block_elevated_insider_risk"
        ),
        Some("insider-risk-access")
    );
    assert_eq!(
        topic(
            ScanTool::Prowler,
            "entra_conditional_access_policy_anything_new"
        ),
        Some("conditional-access-coverage")
    );
    // `MS.EXO.1.*` is not a prefix of MS.EXO.13.1v1.
    assert_eq!(
        topic(ScanTool::Scubagear, "MS.EXO.13.1v1"),
        Some("mailbox-auditing")
    );
    assert_eq!(
        topic(ScanTool::Scubagear, "MS.EXO.1.1v2"),
        Some("automatic-forwarding")
    );
}

#[test]
fn patterns_belong_to_their_tool_and_unknown_checks_are_unmapped() {
    // A ScubaGear id is not a Maester test id, nor the other way round.
    assert_eq!(topic(ScanTool::Maester, "MS.AAD.3.1v1"), None);
    assert_eq!(topic(ScanTool::Scubagear, "CISA.MS.AAD.3.1"), None);
    assert_eq!(topic(ScanTool::Maester, "CTSO.001"), None);
    assert_eq!(topic(ScanTool::Prowler, "aks_cluster_rbac_enabled"), None);
    assert_eq!(topic(ScanTool::Maester, ""), None);
}

#[test]
fn every_topic_reaches_an_annex_a_item_and_never_a_clause() {
    let c = Catalog::builtin();
    let r = registry();
    for (i, m) in r.mappings().iter().enumerate() {
        let items = r.items(i);
        assert!(!items.is_empty(), "{} reaches no item", m.id);
        for &p in items {
            let item = &c.items()[p];
            assert_eq!(item.kind, ItemKind::Control, "{} reaches {}", m.id, item.id);
            assert!(
                item.capabilities
                    .iter()
                    .any(|cap| m.capabilities.contains(cap)),
                "{} reaches {} which lists none of its capabilities",
                m.id,
                item.id
            );
        }
    }
}

#[test]
fn every_scubagear_product_and_maester_family_has_topics() {
    for (tool, check) in [
        (ScanTool::Scubagear, "MS.AAD.8.3v1"),
        (ScanTool::Scubagear, "MS.DEFENDER.6.3v1"),
        (ScanTool::Scubagear, "MS.EXO.17.3v1"),
        (ScanTool::Scubagear, "MS.POWERPLATFORM.4.1v1"),
        (ScanTool::Scubagear, "MS.SHAREPOINT.4.2v1"),
        (ScanTool::Scubagear, "MS.TEAMS.8.2v1"),
        (ScanTool::Maester, "EIDSCA.AM01"),
        (ScanTool::Maester, "EIDSCA.AP04"),
        (ScanTool::Maester, "ORCA.120.2"),
        (ScanTool::Maester, "CIS.M365.8.5.3"),
        (ScanTool::Maester, "MT.1024.16"),
        (ScanTool::Prowler, "teams_meeting_recording_disabled"),
    ] {
        assert!(topic(tool, check).is_some(), "{tool} {check} is unmapped");
    }
}

const LICENCES: &str = "[[licences]]\nid = \"base\"\nname = \"Base\"\nverified = 2026-12-03\n";
const CAPS: &str = "[[capabilities]]\nid = \"cap\"\nname = \"Cap\"\nproduct = \"P\"\nlicences = [\"base\"]\nverified = 2026-12-03\n";
const ITEMS: &str = "[[items]]\nid = \"A.5.1\"\ntitle = \"Policies\"\ntheme = \"organizational\"\ncapabilities = [\"cap\"]\n\n[[items]]\nid = \"5.1\"\ntitle = \"Leadership\"\ntheme = \"management-system\"\ncapabilities = [\"cap\"]\n";

fn small_catalog() -> Catalog {
    Catalog::from_toml("t", &[("items.toml", ITEMS)], CAPS, LICENCES).expect("test catalog")
}

#[test]
fn a_registry_from_toml_keeps_the_rules() {
    let c = small_catalog();
    let good = "[[checks]]\nid = \"a\"\nwhat = \"Something\"\ncapabilities = [\"cap\"]\nmaester = [\"X.*\", \"X.1\"]\n";
    let r = CheckRegistry::from_toml(good, &c).expect("valid registry");
    assert_eq!(r.lookup(ScanTool::Maester, "X.9"), Some(0));
    // The clause lists the capability too, but only the control is reached.
    assert_eq!(r.items(0), &[0]);
    for (bad, expected) in [
        (
            good.replace("[\"cap\"]", "[\"nope\"]"),
            "unknown capability nope",
        ),
        (good.replace("Something", " "), "has no `what`"),
        (good.replace("\"X.1\"", "\"X.*\""), "is in both a and a"),
        (good.replace("\"X.1\"", "\"X *\""), "printable ASCII"),
        (good.replace("\"X.1\"", "\"*\""), "is empty"),
        (good.replace("\"X.1\"", "\"X*1\""), "only at the end"),
        (good.replace("id = \"a\"", "id = \"A b\""), "not kebab-case"),
        (
            good.replace("maester = [\"X.*\", \"X.1\"]", ""),
            "has no check ids",
        ),
        (
            good.replace("capabilities = [\"cap\"]", "capabilities = []"),
            "names no capability",
        ),
        (format!("{good}\n{good}"), "used twice"),
        (good.replace("what =", "whut ="), "unknown field"),
    ] {
        let e = CheckRegistry::from_toml(&bad, &c)
            .expect_err(expected)
            .to_string();
        assert!(e.contains(expected), "{expected}: {e}");
    }
}
