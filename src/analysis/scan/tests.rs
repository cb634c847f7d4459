//! The two scan findings and scan evidence, table by table, with fixed
//! dates and scan results built in the test.

use chrono::{DateTime, NaiveDate, Utc};

use crate::analysis::{FindingKind, Severity, findings};
use crate::assessment::{Answer, Assessment, Evidence, Observation, ScanRecord};
use crate::catalog::{Catalog, CheckRegistry, ScanTool};
use crate::scan::{CheckResult, Imported, Outcome, ScanResult, record_scan};

const TENANT: &str = "aaaaaaaa-0000-0000-0000-000000000001";

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

fn at(s: &str) -> DateTime<Utc> {
    format!("{s}T10:00:00Z").parse().expect("test time")
}

fn result(ran: &str, tenant: &str, checks: &[(&str, Outcome)]) -> ScanResult {
    ScanResult {
        tool: ScanTool::Scubagear,
        tool_version: Some("1.8.0".into()),
        tenant: Some(tenant.into()),
        ran: at(ran),
        checks: checks
            .iter()
            .map(|&(id, outcome)| CheckResult {
                id: id.into(),
                title: format!("Title of {id}"),
                outcome,
                status: String::new(),
            })
            .collect(),
        warnings: Vec::new(),
    }
}

/// Records a result as if read from a file whose contents are `sha`.
fn import(a: &mut Assessment, r: &ScanResult, sha: &str) -> Imported {
    let sha = crate::scan::sha256_hex(sha.as_bytes());
    record_scan(
        a,
        Catalog::builtin(),
        CheckRegistry::builtin(),
        r,
        "ScubaResults_test.json",
        &sha,
        r.ran.date_naive(),
        false,
    )
    .expect("recorded")
}

/// A.8.5 (secure authentication) answered, owned and evidenced.
fn answered(answer: Answer) -> Assessment {
    let mut a = Assessment::new("iso27001-2022", "Contoso");
    let r = a.item_mut("A.8.5");
    r.answer = Some(answer);
    r.owner = Some("IT Manager".into());
    r.reviewed = Some(d("2026-06-01"));
    r.evidence.push(Evidence {
        what: "MFA policy export".into(),
        location: None,
        date: Some(d("2026-06-01")),
    });
    a
}

/// The findings of one kind on one item, as of a date.
fn of_kind(a: &Assessment, kind: FindingKind, item: &str, as_of: &str) -> Vec<String> {
    findings(Catalog::builtin(), a, d(as_of))
        .into_iter()
        .filter(|f| f.kind == kind && f.item.as_deref() == Some(item))
        .map(|f| f.message)
        .collect()
}

const MFA: &str = "MS.AAD.3.1v1";
const LEGACY: &str = "MS.AAD.1.1v1";

#[test]
fn a_failing_mapped_check_contradicts_an_answer_that_says_it_is_handled() {
    for (answer, expected) in [
        (Answer::MicrosoftProvides, true),
        (Answer::Shared, true),
        (Answer::WeManage, true),
        (Answer::Gap, false),
        (Answer::NotApplicable, false),
    ] {
        let mut a = answered(answer);
        import(
            &mut a,
            &result(
                "2026-11-01",
                TENANT,
                &[(MFA, Outcome::Failed), (LEGACY, Outcome::Passed)],
            ),
            "one",
        );
        let found = of_kind(&a, FindingKind::ContradictedByScan, "A.8.5", "2026-11-02");
        assert_eq!(found.len(), usize::from(expected), "{answer:?}: {found:?}");
        if expected {
            assert!(
                found[0].contains("the latest ScubaGear scan (2026-11-01) fails 1 check mapped to it: MS.AAD.3.1v1 (Title of MS.AAD.3.1v1)"),
                "{}",
                found[0]
            );
        }
    }
    // Unanswered: nothing to contradict.
    let mut a = Assessment::new("iso27001-2022", "Contoso");
    import(
        &mut a,
        &result("2026-11-01", TENANT, &[(MFA, Outcome::Failed)]),
        "one",
    );
    assert!(of_kind(&a, FindingKind::ContradictedByScan, "A.8.5", "2026-11-02").is_empty());
    assert_eq!(FindingKind::ContradictedByScan.severity(), Severity::High);
}

#[test]
fn results_that_are_neither_pass_nor_fail_contradict_nothing() {
    // Skipped, NotRun, Warning, N/A, MANUAL, Error, Investigate all read
    // as neither.
    let mut a = answered(Answer::Shared);
    import(
        &mut a,
        &result("2026-11-01", TENANT, &[(MFA, Outcome::Neither)]),
        "one",
    );
    assert!(of_kind(&a, FindingKind::ContradictedByScan, "A.8.5", "2026-11-02").is_empty());
    let o = &a.item("A.8.5").observed;
    assert_eq!((o[0].passed, o[0].failed, o[0].not_judged), (0, 0, 1));
}

#[test]
fn a_scan_never_counts_for_clauses() {
    // The registry maps no check to a clause; even an observation written
    // on one by hand is ignored.
    let mut a = answered(Answer::Shared);
    import(
        &mut a,
        &result("2026-11-01", TENANT, &[(MFA, Outcome::Failed)]),
        "one",
    );
    assert!(
        a.items.keys().all(|id| Catalog::builtin()
            .item(id)
            .is_some_and(|i| i.id.starts_with("A."))),
        "{:?}",
        a.items.keys().collect::<Vec<_>>()
    );
    let scan = a.scans[0].id.clone();
    let r = a.item_mut("9.1");
    r.answer = Some(Answer::WeManage);
    r.owner = Some("CISO".into());
    r.observed.push(Observation {
        scan,
        passed: 0,
        failed: 1,
        not_judged: 0,
        failing: vec![MFA.into()],
    });
    for kind in [FindingKind::ContradictedByScan, FindingKind::ScanDrift] {
        assert!(
            of_kind(&a, kind, "9.1", "2026-11-02").is_empty(),
            "{kind:?}"
        );
    }
}

#[test]
fn a_check_that_passed_before_and_fails_now_is_drift() {
    let mut a = answered(Answer::Gap);
    import(
        &mut a,
        &result("2026-10-01", TENANT, &[(MFA, Outcome::Passed)]),
        "one",
    );
    assert!(of_kind(&a, FindingKind::ScanDrift, "A.8.5", "2026-11-02").is_empty());
    let Imported::Recorded(r) = import(
        &mut a,
        &result("2026-11-01", TENANT, &[(MFA, Outcome::Failed)]),
        "two",
    ) else {
        panic!("recorded");
    };
    assert_eq!(r.drifted, vec![MFA.to_string()]);
    let found = of_kind(&a, FindingKind::ScanDrift, "A.8.5", "2026-11-02");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("MS.AAD.3.1v1 passed in the ScubaGear scan of 2026-10-01 and fails in the scan of 2026-11-01"),
        "{}",
        found[0]
    );
    assert_eq!(FindingKind::ScanDrift.severity(), Severity::Medium);
    // Judged before the second scan ran, there was no drift yet.
    assert!(of_kind(&a, FindingKind::ScanDrift, "A.8.5", "2026-10-15").is_empty());
}

#[test]
fn no_drift_from_a_check_that_was_not_judged_or_from_another_tenant() {
    let mut a = answered(Answer::Shared);
    import(
        &mut a,
        &result("2026-10-01", TENANT, &[(MFA, Outcome::Neither)]),
        "one",
    );
    import(
        &mut a,
        &result("2026-11-01", TENANT, &[(MFA, Outcome::Failed)]),
        "two",
    );
    assert!(of_kind(&a, FindingKind::ScanDrift, "A.8.5", "2026-11-02").is_empty());

    let other = "bbbbbbbb-0000-0000-0000-000000000002";
    let mut a = answered(Answer::Shared);
    import(
        &mut a,
        &result("2026-10-01", other, &[(MFA, Outcome::Passed)]),
        "one",
    );
    let sha = crate::scan::sha256_hex(b"two");
    record_scan(
        &mut a,
        Catalog::builtin(),
        CheckRegistry::builtin(),
        &result("2026-11-01", TENANT, &[(MFA, Outcome::Failed)]),
        "new.json",
        &sha,
        d("2026-11-01"),
        true,
    )
    .expect("a new tenant with --new-tenant");
    assert!(of_kind(&a, FindingKind::ScanDrift, "A.8.5", "2026-11-02").is_empty());
    // An excluded control gets no drift finding.
    let mut a = answered(Answer::NotApplicable);
    import(
        &mut a,
        &result("2026-10-01", TENANT, &[(MFA, Outcome::Passed)]),
        "one",
    );
    import(
        &mut a,
        &result("2026-11-01", TENANT, &[(MFA, Outcome::Failed)]),
        "two",
    );
    assert!(of_kind(&a, FindingKind::ScanDrift, "A.8.5", "2026-11-02").is_empty());
}

#[test]
fn a_passing_scan_keeps_shared_and_we_manage_evidence_fresh_and_nothing_else() {
    // Evidence and review from 2026-06-01; as of 2027-07-01 that is stale.
    let stale_on = |answer: Answer, outcome: Outcome| {
        let mut a = answered(answer);
        a.item_mut("A.8.5").reviewed = None;
        import(
            &mut a,
            &result("2027-05-01", TENANT, &[(MFA, outcome)]),
            "one",
        );
        of_kind(&a, FindingKind::Stale, "A.8.5", "2027-07-01")
    };
    assert!(stale_on(Answer::Shared, Outcome::Passed).is_empty());
    assert!(stale_on(Answer::WeManage, Outcome::Passed).is_empty());
    assert_eq!(stale_on(Answer::Shared, Outcome::Failed).len(), 1);
    assert_eq!(stale_on(Answer::Shared, Outcome::Neither).len(), 1);
    assert_eq!(
        stale_on(Answer::MicrosoftProvides, Outcome::Passed).len(),
        1
    );
    // A passing scan is not evidence that the control is run, names no
    // owner and does not stand in for a reliance.
    let mut a = Assessment::new("iso27001-2022", "Contoso");
    a.item_mut("A.8.5").answer = Some(Answer::Shared);
    a.item_mut("A.5.17").answer = Some(Answer::MicrosoftProvides);
    import(
        &mut a,
        &result("2027-05-01", TENANT, &[(MFA, Outcome::Passed)]),
        "one",
    );
    assert_eq!(
        of_kind(&a, FindingKind::NoEvidence, "A.8.5", "2027-05-02").len(),
        1
    );
    assert_eq!(
        of_kind(&a, FindingKind::Unowned, "A.8.5", "2027-05-02").len(),
        1
    );
    assert_eq!(
        of_kind(
            &a,
            FindingKind::MicrosoftHandlesThat,
            "A.5.17",
            "2027-05-02"
        )
        .len(),
        1
    );
    // The review date still counts on its own.
    let mut a = answered(Answer::Shared);
    import(
        &mut a,
        &result("2027-05-01", TENANT, &[(MFA, Outcome::Passed)]),
        "one",
    );
    assert_eq!(
        of_kind(&a, FindingKind::Stale, "A.8.5", "2027-07-01").len(),
        1
    );
}

#[test]
fn importing_the_same_result_twice_changes_nothing() {
    let mut a = answered(Answer::Shared);
    let r = result("2026-11-01", TENANT, &[(MFA, Outcome::Failed)]);
    import(&mut a, &r, "one");
    let before = a.clone();
    let again = import(&mut a, &r, "one");
    assert_eq!(
        again,
        Imported::AlreadyThere {
            id: "scubagear-2026-11-01T10:00:00Z".into()
        }
    );
    assert_eq!(a, before);
}

#[test]
fn another_tenant_is_refused_without_new_tenant() {
    let mut a = answered(Answer::Shared);
    import(
        &mut a,
        &result("2026-10-01", TENANT, &[(MFA, Outcome::Failed)]),
        "one",
    );
    let before = a.clone();
    let other = result(
        "2026-11-01",
        "bbbbbbbb-0000-0000-0000-000000000002",
        &[(MFA, Outcome::Passed)],
    );
    let sha = crate::scan::sha256_hex(b"two");
    let e = record_scan(
        &mut a,
        Catalog::builtin(),
        CheckRegistry::builtin(),
        &other,
        "other.json",
        &sha,
        d("2026-11-01"),
        false,
    )
    .expect_err("refused");
    assert!(e.to_string().contains("--new-tenant"), "{e}");
    assert_eq!(a, before);
    record_scan(
        &mut a,
        Catalog::builtin(),
        CheckRegistry::builtin(),
        &other,
        "other.json",
        &sha,
        d("2026-11-01"),
        true,
    )
    .expect("accepted with --new-tenant");
    // The old tenant's observations are gone; its scan stays on record.
    assert_eq!(a.scans.len(), 2);
    let observed: Vec<&str> = a
        .item("A.8.5")
        .observed
        .iter()
        .map(|o| o.scan.as_str())
        .collect();
    assert_eq!(observed, vec!["scubagear-2026-11-01T10:00:00Z"]);
    assert!(of_kind(&a, FindingKind::ContradictedByScan, "A.8.5", "2026-11-02").is_empty());
}

#[test]
fn an_older_result_is_recorded_without_replacing_the_latest() {
    let mut a = answered(Answer::Shared);
    import(
        &mut a,
        &result("2026-11-01", TENANT, &[(MFA, Outcome::Failed)]),
        "new",
    );
    let Imported::Recorded(r) = import(
        &mut a,
        &result("2026-10-01", TENANT, &[(MFA, Outcome::Passed)]),
        "old",
    ) else {
        panic!("recorded");
    };
    assert!(!r.latest);
    let observed: Vec<&str> = a
        .item("A.8.5")
        .observed
        .iter()
        .map(|o| o.scan.as_str())
        .collect();
    assert_eq!(observed, vec!["scubagear-2026-11-01T10:00:00Z"]);
    // The later one now has a previous scan: drift.
    assert_eq!(
        of_kind(&a, FindingKind::ScanDrift, "A.8.5", "2026-11-02").len(),
        1
    );
    let ids: Vec<&str> = a.scans.iter().map(|s: &ScanRecord| s.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "scubagear-2026-11-01T10:00:00Z",
            "scubagear-2026-10-01T10:00:00Z"
        ]
    );
}
