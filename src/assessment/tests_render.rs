//! Re-rendering only the changed items gives exactly the text of
//! rendering the whole document, whatever the edits and the file's layout.

use chrono::NaiveDate;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

use super::file::AssessmentFile;
use super::model::{Action, Answer, Assessment, Evidence, ItemRecord};
use crate::catalog::Catalog;

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

fn record() -> impl Strategy<Value = ItemRecord> {
    let date = (2020i32..2030, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("valid"));
    (
        option::of(prop::sample::select(Answer::ALL.to_vec())),
        option::of("[a-zA-Z \n\"#é]{0,12}"),
        vec(("[a-z ]{1,8}", option::of(date.clone())), 0..3),
        option::of(("[a-z ]{0,8}", option::of(date))),
    )
        .prop_map(|(answer, owner, evidence, action)| ItemRecord {
            answer,
            owner,
            evidence: evidence
                .into_iter()
                .map(|(what, date)| Evidence {
                    what,
                    location: None,
                    date,
                })
                .collect(),
            action: action.map(|(what, due)| Action {
                what,
                due,
                ..Action::default()
            }),
            ..ItemRecord::default()
        })
}

/// Edits: (an item among the first 40, its new record; empty removes it).
fn edits() -> impl Strategy<Value = Vec<(usize, ItemRecord)>> {
    vec(
        (
            0usize..40,
            prop_oneof![1 => Just(ItemRecord::default()), 4 => record()],
        ),
        1..25,
    )
}

/// Files laid out as gapwalk writes them, by hand (comments, an item's
/// tables out of the usual order), and in a layout that cannot be
/// re-rendered item by item (an item's tables split up).
const LAYOUTS: [&str; 3] = [
    include_str!("../../assessments/example.toml"),
    r#"format = 1
catalog = "iso27001-2022"

[assessment]
organisation = "Hand"

# the first clause
[items."4.2"]   # trailing
answer = "gap"

[items."4.2".action]
what = "x"

[[items."4.2".evidence]]
what = "e"

[items."5.1"]
owner = "CISO"
"#,
    r#"format = 1
catalog = "iso27001-2022"

[assessment]
organisation = "Split"

[items."4.3"]
answer = "gap"

[items."5.1"]
answer = "shared"

[items."4.3".action]
what = "later"
"#,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_changed_items_rendered_alone_give_the_whole_documents_text(
        layout in 0..LAYOUTS.len(),
        edits in edits(),
    ) {
        let catalog = catalog();
        let (mut file, mut a): (AssessmentFile, Assessment) =
            AssessmentFile::from_text(LAYOUTS[layout], catalog).expect("valid");
        for (n, record) in edits {
            let id = catalog.items()[n].id.to_string();
            if record.is_empty() {
                a.items.remove(&id);
            } else {
                a.items.insert(id, record);
            }
            let text = file.render(&a, catalog);
            prop_assert_eq!(&text, &file.full_text());
            // And the text means what the model says.
            let (again, _) = super::parse_assessment(&text, catalog).expect("valid");
            prop_assert_eq!(&again, &a);
        }
    }
}
