//! Synthetic catalogs and assessments for the benchmarks.

use std::fmt::Write;

use gapwalk::assessment::Answer;
use gapwalk::catalog::Catalog;

const THEMES: [&str; 4] = ["organizational", "people", "physical", "technological"];

/// A catalog of `n` controls (NIST SP 800-53 scale at 1,000) with a small
/// registry, and a fully answered assessment of it.
pub fn synthetic(n: usize) -> (Catalog, String) {
    let licences = "[[licences]]\nid = \"base\"\nname = \"Base\"\nverified = 2026-11-28\n[[licences]]\nid = \"top\"\nname = \"Top\"\nincludes = [\"base\"]\nverified = 2026-11-28\n";
    let mut caps = String::new();
    for c in 0..20 {
        let lic = if c % 2 == 0 { "base" } else { "top" };
        let _ = writeln!(
            caps,
            "[[capabilities]]\nid = \"cap-{c}\"\nname = \"Capability {c}\"\nproduct = \"P\"\nlicences = [\"{lic}\"]\nverified = 2026-11-28"
        );
        // A few dated changes, so that the platform-changed rule has work.
        if c % 5 == 0 {
            let _ = writeln!(
                caps,
                "changes = [{{ date = 2026-06-01, what = \"Capability {c} moved plans\", source = \"https://example.com/{c}\" }}]"
            );
        }
    }
    let mut items = String::new();
    for i in 0..n {
        let _ = writeln!(
            items,
            "[[items]]\nid = \"A.{}.{}\"\ntitle = \"Control {i}\"\ntheme = \"{}\"\nmicrosoft_provides = \"Microsoft text for control {i}.\"\norganisation_must = \"Organisation text for control {i}.\"\nquestions = [\"Who owns {i}?\", \"When was {i} reviewed?\"]\nevidence = [\"Record {i}\", \"Minutes {i}\"]\ncapabilities = [\"cap-{}\"]\nsuggested_answer = \"shared\"",
            5 + i % 4,
            i / 4 + 1,
            THEMES[i % 4],
            i % 20
        );
    }
    let catalog = Catalog::from_toml("synthetic", &[("items.toml", &items)], &caps, licences)
        .expect("synthetic catalog");

    let mut file = String::from(
        "format = 1\ncatalog = \"synthetic\"\n\n[assessment]\norganisation = \"Bench Ltd\"\nlicences = [\"base\"]\n",
    );
    for (i, item) in catalog.items().iter().enumerate() {
        let answer = Answer::ALL[i % 5];
        let _ = write!(
            file,
            "\n[items.\"{}\"]\nanswer = \"{answer}\"\nowner = \"Owner {}\"\nreviewed = 2026-0{}-15\nrelies_on = [\"cap-{}\"]\nreliance = \"SOC 2\"\njustification = \"Because\"\nnotes = \"\"\"\nLine one of notes for {i}\nLine two\n\"\"\"\n\n[[items.\"{}\".evidence]]\nwhat = \"Evidence {i}\"\nwhere = \"SharePoint\"\ndate = 2026-01-01\n\n[items.\"{}\".action]\nwhat = \"Action {i}\"\nowner = \"Owner {}\"\ndue = 2027-01-31\n",
            item.id,
            i % 37,
            1 + i % 9,
            i % 20,
            item.id,
            item.id,
            i % 11
        );
    }
    (catalog, file)
}
