//! Any assessment the model can hold survives save → load unchanged, and no
//! input makes the loader panic.

use chrono::NaiveDate;
use gapwalk::assessment::{
    Action, Answer, Assessment, Evidence, InclusionReason, ItemRecord, Resolution, Session,
    canonical_text, create_assessment, load_assessment, merge, parse_assessment, resolve_conflict,
};
use gapwalk::catalog::Catalog;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

fn text() -> impl Strategy<Value = String> {
    // Any printable text, including quotes, backslashes, newlines and
    // non-ASCII; control characters other than newline and tab too.
    prop_oneof![
        "[ -~]{0,20}",
        "[a-zA-Z0-9 \"'\\\\\n\t#=\\[\\]{}é€😀\u{7}\u{1b}]{0,30}",
    ]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1990i32..2100, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("valid by construction"))
}

fn answer() -> impl Strategy<Value = Answer> {
    prop::sample::select(Answer::ALL.to_vec())
}

fn reasons() -> impl Strategy<Value = Vec<InclusionReason>> {
    prop::sample::subsequence(
        InclusionReason::ALL.to_vec(),
        0..=InclusionReason::ALL.len(),
    )
    .prop_shuffle()
}

fn ids(from: Vec<String>) -> impl Strategy<Value = Vec<String>> {
    prop::sample::subsequence(from.clone(), 0..=3.min(from.len()))
}

fn record() -> impl Strategy<Value = ItemRecord> {
    let caps: Vec<String> = catalog()
        .capabilities()
        .iter()
        .map(|c| c.id.to_string())
        .collect();
    (
        option::of(answer()),
        option::of(text()),
        option::of(date()),
        ids(caps),
        (
            reasons(),
            option::of(text()),
            option::of(text()),
            option::of(text()),
            option::of(text()),
        ),
        vec((text(), option::of(text()), option::of(date())), 0..3),
        option::of((
            text(),
            option::of(text()),
            option::of(date()),
            option::of(date()),
        )),
    )
        .prop_map(
            |(
                answer,
                owner,
                reviewed,
                relies_on,
                (included_because, reliance, justification, notes, follow_up),
                evidence,
                action,
            )| {
                ItemRecord {
                    answer,
                    owner,
                    reviewed,
                    relies_on,
                    reliance,
                    included_because,
                    justification,
                    notes,
                    follow_up,
                    session: None,
                    // Observations name [[scans]] entries: tested apart.
                    observed: Vec::new(),
                    evidence: evidence
                        .into_iter()
                        .map(|(what, location, date)| Evidence {
                            what,
                            location,
                            date,
                        })
                        .collect(),
                    action: action.map(|(what, owner, due, done)| Action {
                        what,
                        owner,
                        due,
                        done,
                    }),
                }
            },
        )
}

fn assessment() -> impl Strategy<Value = Assessment> {
    let items: Vec<String> = catalog().items().iter().map(|i| i.id.to_string()).collect();
    let licences: Vec<String> = catalog()
        .licences()
        .iter()
        .map(|l| l.id.to_string())
        .collect();
    (
        text(),
        option::of(text()),
        ids(licences),
        option::of(1u32..=120),
        vec((prop::sample::select(items), record()), 0..6),
        vec((date(), option::of(text()), vec(text(), 0..3)), 0..3),
    )
        .prop_map(
            |(organisation, scope, licences, interval, records, sessions)| {
                let mut a = Assessment::new(catalog().id(), &organisation);
                a.scope = scope;
                a.licences = licences;
                a.review_interval_months = interval;
                for (date, facilitator, attendees) in sessions {
                    let id = a.next_session_id(date);
                    a.sessions.push(Session {
                        id,
                        date: Some(date),
                        facilitator,
                        attendees,
                    });
                }
                for (n, (id, mut r)) in records.into_iter().enumerate() {
                    r.session = a.sessions.get(n % 4).map(|s| s.id.clone());
                    if !r.is_empty() {
                        a.items.insert(id, r);
                    }
                }
                a
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn save_then_load_gives_the_same_assessment(a in assessment(), b in assessment()) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.toml");
        // Created from one assessment, then saved as another: the merge
        // into an existing document must also be exact.
        let mut file = create_assessment(&path, &a, catalog()).expect("create");
        let (_, loaded) = load_assessment(&path, catalog()).expect("load a");
        prop_assert_eq!(&loaded, &a);
        file.save(&b, catalog()).expect("save b");
        let (_, loaded) = load_assessment(&path, catalog()).expect("load b");
        prop_assert_eq!(&loaded, &b);
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_loader(bytes in vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_assessment(&text, catalog());
    }

    #[test]
    fn arbitrary_toml_never_panics_the_loader(
        keys in vec(prop::sample::select(vec![
            "format", "catalog", "[assessment]", "organisation", "licences", "[items.\"A.5.1\"]",
            "answer", "owner", "reviewed", "[[items.\"A.5.1\".evidence]]", "date", "[items.\"A.5.1\".action]",
            "due", "review_interval_months", "relies_on", "[items.\"4.1\"]",
        ]), 0..20),
        values in vec(prop::sample::select(vec![
            "1", "\"gap\"", "2026-01-01", "[\"m365-e3\"]", "{ a = 1 }", "-5", "1e9", "true",
            "\"iso27001-2022\"", "2026-02-29", "[1, 2]", "1979-05-27T07:32:00Z", "\"\"",
        ]), 0..20),
    ) {
        let mut text = String::new();
        for (k, v) in keys.iter().zip(values.iter().cycle()) {
            if k.starts_with('[') {
                text.push_str(k);
            } else {
                text.push_str(&format!("{k} = {v}"));
            }
            text.push('\n');
        }
        let _ = parse_assessment(&text, catalog());
    }
}

/// An assessment as the file holds it after `create_assessment`.
fn written(a: &Assessment, dir: &std::path::Path, name: &str) -> (std::path::PathBuf, String) {
    let path = dir.join(name);
    create_assessment(&path, a, catalog()).expect("create");
    let text = std::fs::read_to_string(&path).expect("read");
    (path, text)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_merge_of_anything_saves_and_loads_back_and_resolves(
        base in assessment(),
        ours in assessment(),
        theirs in assessment(),
        take_theirs in vec(any::<bool>(), 0..64),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, _) = written(&ours, dir.path(), "ours.toml");
        let (mut file, loaded) = load_assessment(&path, catalog()).expect("load ours");
        prop_assert_eq!(&loaded, &ours);
        let merged = merge(&base, &ours, &theirs);
        prop_assert_eq!(merged.assessment.conflicts.len(), merged.conflicts.len());
        file.save(&merged.assessment, catalog()).expect("save the merge");
        let (mut file, loaded) = load_assessment(&path, catalog()).expect("the merge loads");
        prop_assert_eq!(&loaded, &merged.assessment);

        // A second merge carries the first one's conflicts and still loads.
        let again = merge(&theirs, &loaded, &base);
        file.save(&again.assessment, catalog()).expect("save the second merge");
        let (mut file, loaded) = load_assessment(&path, catalog()).expect("the second merge loads");
        prop_assert_eq!(&loaded, &again.assessment);

        // Every conflict settles, either way, into a valid file without
        // conflicts; taking theirs puts their value in place.
        let mut a = loaded;
        let mut n = 0;
        while !a.conflicts.is_empty() {
            let theirs_wins = take_theirs.get(n).copied().unwrap_or(n % 2 == 0);
            n += 1;
            let c = a.conflicts[0].clone();
            let resolution = if theirs_wins { Resolution::TakeTheirs } else { Resolution::KeepOurs };
            let settled = resolve_conflict(&mut a, 0, resolution).expect("settles");
            prop_assert_eq!(&settled, &c);
            if theirs_wins {
                prop_assert_eq!(a.field(&c.place, c.field), c.theirs.clone());
            }
        }
        file.save(&a, catalog()).expect("save the resolution");
        let (_, loaded) = load_assessment(&path, catalog()).expect("the resolution loads");
        prop_assert_eq!(&loaded, &a);
    }

    #[test]
    fn a_merge_with_one_side_unchanged_is_the_other_side(base in assessment(), other in assessment()) {
        let m = merge(&base, &base, &other);
        prop_assert!(m.conflicts.is_empty());
        prop_assert_eq!(&m.assessment, &other);
        let m = merge(&base, &other, &base);
        prop_assert!(m.conflicts.is_empty());
        prop_assert_eq!(&m.assessment, &other);
        let m = merge(&base, &other, &other);
        prop_assert!(m.conflicts.is_empty());
        prop_assert_eq!(&m.assessment, &other);
    }

    #[test]
    fn canonical_layout_is_stable_and_saving_keeps_it(a in assessment(), b in assessment()) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, text) = written(&a, dir.path(), "a.toml");
        // What gapwalk writes is already canonical…
        prop_assert_eq!(canonical_text(&text, catalog()).expect("canonical"), text.clone());
        // …and stays so when it saves changes into it.
        let (mut file, _) = load_assessment(&path, catalog()).expect("load");
        file.save(&b, catalog()).expect("save");
        let text = std::fs::read_to_string(&path).expect("read");
        let canonical = canonical_text(&text, catalog()).expect("canonical");
        prop_assert_eq!(&canonical, &text);
        prop_assert_eq!(canonical_text(&canonical, catalog()).expect("again"), canonical);
    }
}
