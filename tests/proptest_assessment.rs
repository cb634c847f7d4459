//! Any assessment the model can hold survives save → load unchanged, and no
//! input makes the loader panic.

use chrono::NaiveDate;
use gapwalk::assessment::{
    Action, Answer, Assessment, Evidence, InclusionReason, ItemRecord, Session, create_assessment,
    load_assessment, parse_assessment,
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
        .map(|c| c.id.clone())
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
    let items: Vec<String> = catalog().items().iter().map(|i| i.id.clone()).collect();
    let licences: Vec<String> = catalog().licences().iter().map(|l| l.id.clone()).collect();
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
