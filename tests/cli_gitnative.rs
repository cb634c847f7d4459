//! `gapwalk diff`, `fmt`, `new --from` and `resolve` on files (the git
//! side is in git_teamwork.rs).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::NaiveDate;
use gapwalk::assessment::{
    Action, Answer, Assessment, Evidence, Session, load_assessment, parse_assessment,
};
use gapwalk::catalog::Catalog;
use gapwalk::tui::app::{App, Filter};

fn gapwalk(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("gapwalk").expect("binary");
    c.current_dir(dir);
    c
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/example.toml")
}

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

fn run(cmd: &mut Command) -> (Option<i32>, String, String) {
    let out = cmd.output().expect("run");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

/// last.toml (the example) and this.toml (a workshop later) in a folder.
fn two_versions() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(example(), dir.path().join("last.toml")).expect("copy");
    std::fs::copy(example(), dir.path().join("this.toml")).expect("copy");
    let path = dir.path().join("this.toml");
    let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
    a.sessions.push(Session {
        id: "2026-12-01".into(),
        date: Some(d("2026-12-01")),
        facilitator: Some("Alex Morgan (consultant)".into()),
        attendees: vec!["Priya Shah (IT Manager)".into()],
    });
    let session = Some("2026-12-01".to_string());
    // A gap closed, with evidence.
    let r = a.item_mut("6.1.3");
    r.answer = Some(Answer::WeManage);
    r.owner = Some("Chief Operating Officer".into());
    r.session = session.clone();
    r.evidence.push(Evidence {
        what: "Statement of Applicability v1".into(),
        location: Some("SharePoint > ISMS".into()),
        date: Some(d("2026-11-30")),
    });
    // A gap opened, with a tracked action.
    let r = a.item_mut("A.8.12");
    r.answer = Some(Answer::Gap);
    r.owner = Some("Priya Shah (IT Manager)".into());
    r.session = session.clone();
    r.action = Some(Action {
        what: "Pilot DLP for customer data".into(),
        owner: Some("Priya Shah (IT Manager)".into()),
        due: Some(d("2027-03-31")),
        done: None,
    });
    // An owner changed and a review recorded.
    let r = a.item_mut("A.5.9");
    r.owner = Some("Head of IT".into());
    r.reviewed = Some(d("2026-12-01"));
    r.session = session;
    // An action done.
    if let Some(action) = a.item_mut("6.1.2").action.as_mut() {
        action.done = Some(d("2026-11-30"));
    }
    file.save(&a, catalog()).expect("save");
    dir
}

#[test]
fn diff_text_summary_first_then_items_and_findings() {
    let dir = two_versions();
    let (code, out, err) =
        run(gapwalk(dir.path()).args(["diff", "last.toml", "this.toml", "--as-of", "2026-12-01"]));
    assert_eq!(code, Some(0), "{err}");
    assert!(!out.contains('\x1b'), "no colour when not a terminal");
    insta::assert_snapshot!("diff_text", out);
}

#[test]
fn diff_markdown_and_json() {
    let dir = two_versions();
    let args = |format: &str| {
        [
            "diff",
            "last.toml",
            "this.toml",
            "--as-of",
            "2026-12-01",
            "--format",
        ]
        .into_iter()
        .map(String::from)
        .chain([format.to_string()])
        .collect::<Vec<_>>()
    };
    let (code, md, err) = run(gapwalk(dir.path()).args(args("markdown")));
    assert_eq!(code, Some(0), "{err}");
    insta::assert_snapshot!("diff_markdown", md);
    let (code, json, err) = run(gapwalk(dir.path()).args(args("json")));
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["counts"]["gaps_closed"], 1);
    assert_eq!(v["counts"]["gaps_opened"], 1);
    assert_eq!(v["counts"]["actions_done"], 1);
    insta::assert_json_snapshot!("diff_json", v);
}

#[test]
fn diff_of_the_same_file_says_so_and_bad_input_is_an_error() {
    let dir = two_versions();
    let (code, out, _) = run(gapwalk(dir.path()).args(["diff", "last.toml", "last.toml"]));
    assert_eq!(code, Some(0));
    assert!(out.contains("no change to any item"), "{out}");
    assert!(
        out.contains("The two versions record the same assessment."),
        "{out}"
    );

    let (code, _, err) = run(gapwalk(dir.path()).args(["diff", "last.toml", "missing.toml"]));
    assert_eq!(code, Some(2));
    assert!(err.contains("missing.toml: no such file"), "{err}");

    std::fs::write(dir.path().join("bad.toml"), "format = 1\ncatalog = 7\n").expect("write");
    let (code, _, err) = run(gapwalk(dir.path()).args(["diff", "last.toml", "bad.toml"]));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("bad.toml:2:11: `catalog`: expected a string"),
        "{err}"
    );

    let (code, _, err) = run(gapwalk(dir.path()).args(["diff", "last.toml"]));
    assert_eq!(code, Some(2));
    assert!(err.contains("needs two versions"), "{err}");
}

#[test]
fn colour_goes_only_where_asked() {
    let dir = two_versions();
    let (_, last) = load_assessment(&dir.path().join("last.toml"), catalog()).expect("load");
    let (_, this) = load_assessment(&dir.path().join("this.toml"), catalog()).expect("load");
    let diff = gapwalk::analysis::diff(catalog(), &last, &this, d("2026-12-01"));
    let coloured = gapwalk::report::diff_text(&diff, "a", "b", true);
    assert!(
        coloured.contains("\x1b[31mgap\x1b[0m → \x1b[32mwe-manage\x1b[0m"),
        "{coloured}"
    );
    let plain = gapwalk::report::diff_text(&diff, "a", "b", false);
    assert!(!plain.contains('\x1b'));
}

#[test]
fn diff_never_passes_escape_sequences_from_the_file_to_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(example(), dir.path().join("a.toml")).expect("copy");
    let text = std::fs::read_to_string(example())
        .expect("read")
        .replace("Tailspin Analytics Ltd", "Evil\\u001b]0;owned\\u0007 Ltd");
    std::fs::write(dir.path().join("b.toml"), text).expect("write");
    for format in ["text", "markdown", "json"] {
        let (code, out, _) =
            run(gapwalk(dir.path()).args(["diff", "a.toml", "b.toml", "--format", format]));
        assert_eq!(code, Some(0));
        assert!(
            !out.contains('\x1b') && !out.contains('\x07'),
            "{format}: {out:?}"
        );
    }
}

const MESSY: &str = r#"catalog = "iso27001-2022"
format = 1

[items."A.5.2"]
owner = "IT"
answer = "we-manage"

[assessment]
organisation = "Contoso"

[items."A.5.1"]
answer = "gap"   # nobody owns the policy set
"#;

#[test]
fn fmt_check_fails_until_fmt_rewrites_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.toml"), MESSY).expect("write");
    let (code, out, _) = run(gapwalk(dir.path()).args(["fmt", "--check", "a.toml"]));
    assert_eq!(code, Some(1));
    assert_eq!(
        out,
        "a.toml:1: not in canonical layout (`gapwalk fmt a.toml` rewrites it)\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.toml")).expect("read"),
        MESSY,
        "--check writes nothing"
    );

    let (code, out, _) = run(gapwalk(dir.path()).args(["fmt", "a.toml"]));
    assert_eq!((code, out.as_str()), (Some(0), "a.toml: formatted\n"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.toml")).expect("read"),
        "format = 1\ncatalog = \"iso27001-2022\"\n\n[assessment]\norganisation = \"Contoso\"\n\n[items.\"A.5.1\"]\nanswer = \"gap\"   # nobody owns the policy set\n\n[items.\"A.5.2\"]\nanswer = \"we-manage\"\nowner = \"IT\"\n"
    );
    let (code, _, _) = run(gapwalk(dir.path()).args(["fmt", "--check", "a.toml"]));
    assert_eq!(code, Some(0));

    std::fs::write(dir.path().join("bad.toml"), "format = 1\n").expect("write");
    let (code, _, err) = run(gapwalk(dir.path()).args(["fmt", "bad.toml"]));
    assert_eq!(code, Some(2));
    assert!(err.contains("bad.toml:1:1: missing `catalog"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("bad.toml")).expect("read"),
        "format = 1\n"
    );
}

#[test]
fn the_example_is_canonical() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, out, _) = run(gapwalk(dir).args(["fmt", "--check", "assessments/example.toml"]));
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn new_from_last_year_carries_the_decisions_and_makes_everything_due() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(example(), dir.path().join("2026.toml")).expect("copy");
    let (mut file, mut a) =
        load_assessment(&dir.path().join("2026.toml"), catalog()).expect("load");
    if let Some(action) = a.item_mut("6.1.2").action.as_mut() {
        action.done = Some(d("2026-11-30"));
    }
    file.save(&a, catalog()).expect("save");
    let (code, out, err) =
        run(gapwalk(dir.path()).args(["new", "2027.toml", "--from", "2026.toml"]));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "Created 2027.toml for Tailspin Analytics Ltd from 2026.toml: 36 answers, 31 owners, 22 evidence entries and 3 open actions carried over.\n\
         Every answered item is due for review again: open it with `gapwalk 2027.toml` and filter \"due for review\" (f); `gapwalk diff 2026.toml 2027.toml` shows what changed.\n"
    );
    let (_, last) = load_assessment(&dir.path().join("2026.toml"), catalog()).expect("load");
    let (_, next) = load_assessment(&dir.path().join("2027.toml"), catalog()).expect("load");
    assert_eq!(next.organisation, last.organisation);
    assert_eq!(next.scope, last.scope);
    assert_eq!(next.licences, last.licences);
    assert_eq!(next.review_interval_months, last.review_interval_months);
    assert!(next.sessions.is_empty());
    for (id, r) in &last.items {
        let n = next.item(id);
        assert_eq!(n.answer, r.answer, "{id}");
        assert_eq!(n.owner, r.owner, "{id}");
        assert_eq!(n.evidence, r.evidence, "{id}");
        assert_eq!(n.reliance, r.reliance, "{id}");
        assert_eq!(n.justification, r.justification, "{id}");
        assert_eq!(n.reviewed, None, "{id}");
        assert_eq!(n.session, None, "{id}");
        assert_eq!(
            n.action,
            r.action.clone().filter(|a| a.done.is_none()),
            "{id}"
        );
    }

    // In the workshop, the "due for review" filter lists every answered item.
    let app = App::new(catalog(), next.clone(), "2027.toml", d("2027-11-01"));
    let due: Vec<&str> = (0..catalog().items().len())
        .filter(|&pos| app.passes(pos, Some(&Filter::DueForReview)))
        .map(|pos| catalog().items()[pos].id.as_ref())
        .collect();
    let mut answered: Vec<&str> = catalog()
        .items()
        .iter()
        .filter(|i| next.item(&i.id).answer.is_some())
        .map(|i| i.id.as_ref())
        .collect();
    answered.sort_by_key(|id| catalog().position(id));
    assert_eq!(due, answered);

    // The diff shows what the new cycle left behind.
    let (code, out, _) = run(gapwalk(dir.path()).args([
        "diff",
        "2026.toml",
        "2027.toml",
        "--as-of",
        "2027-11-01",
        "--format",
        "json",
    ]));
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["sessions_removed"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["counts"]["answered"], 0);
    assert_eq!(v["counts"]["actions_removed"], 1, "the done action");

    // It never overwrites.
    let before = std::fs::read_to_string(dir.path().join("2027.toml")).expect("read");
    let (code, _, err) = run(gapwalk(dir.path()).args(["new", "2027.toml", "--from", "2026.toml"]));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("2027.toml already exists; not overwriting it"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("2027.toml")).expect("read"),
        before
    );

    // Without --from the organisation is still required.
    let (code, _, err) = run(gapwalk(dir.path()).args(["new", "x.toml"]));
    assert_eq!(code, Some(2));
    assert!(err.contains("--organisation"), "{err}");
}

#[test]
fn new_from_refuses_a_file_with_unresolved_conflicts_and_accepts_overrides() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(example()).expect("read")
        + "\n[[conflicts]]\nitem = \"A.5.1\"\nfield = \"owner\"\ntheirs = \"CISO\"\n";
    std::fs::write(dir.path().join("last.toml"), text).expect("write");
    let (code, _, err) = run(gapwalk(dir.path()).args(["new", "next.toml", "--from", "last.toml"]));
    assert_eq!(code, Some(2));
    assert!(err.contains("still records 1 merge conflict(s)"), "{err}");
    assert!(!dir.path().join("next.toml").exists());

    std::fs::copy(example(), dir.path().join("last.toml")).expect("copy");
    let (code, _, err) = run(gapwalk(dir.path()).args([
        "new",
        "next.toml",
        "--from",
        "last.toml",
        "--organisation",
        "Tailspin Group",
        "--licence",
        "m365-e5",
    ]));
    assert_eq!(code, Some(0), "{err}");
    let (_, next) = load_assessment(&dir.path().join("next.toml"), catalog()).expect("load");
    assert_eq!(next.organisation, "Tailspin Group");
    assert_eq!(next.licences, ["m365-e5"]);
}

#[test]
fn resolve_lists_and_settles_conflicts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "format = 1\ncatalog = \"iso27001-2022\"\n\n[assessment]\norganisation = \"C\"\n\n[items.\"A.5.1\"]\nanswer = \"gap\"\nowner = \"IT\"\n\n[[conflicts]]\nitem = \"A.5.1\"\nfield = \"answer\"\nours = \"gap\"\ntheirs = \"shared\"\n\n[[conflicts]]\nitem = \"A.5.1\"\nfield = \"owner\"\nours = \"IT\"\n";
    std::fs::write(dir.path().join("c.toml"), text).expect("write");
    let (code, out, _) = run(gapwalk(dir.path()).args(["resolve", "c.toml"]));
    assert_eq!(code, Some(0));
    assert!(out.starts_with("  1. A.5.1 answer: ours gap, theirs shared\n  2. A.5.1 owner: ours \"IT\", theirs (none)\n"), "{out}");

    let (code, _, err) = run(gapwalk(dir.path()).args(["resolve", "c.toml", "--theirs", "3"]));
    assert_eq!(code, Some(2));
    assert!(err.contains("there is no conflict 3"), "{err}");

    let (code, out, _) = run(gapwalk(dir.path()).args(["resolve", "c.toml", "--theirs", "2"]));
    assert_eq!(code, Some(0));
    assert_eq!(
        out,
        "took theirs: A.5.1 owner: ours \"IT\", theirs (none)\n1 conflict(s) remain\n"
    );
    let (code, _, _) = run(gapwalk(dir.path()).args(["resolve", "c.toml", "--ours"]));
    assert_eq!(code, Some(0));
    let text = std::fs::read_to_string(dir.path().join("c.toml")).expect("read");
    let (a, _): (Assessment, _) = parse_assessment(&text, catalog()).expect("valid");
    assert!(a.conflicts.is_empty());
    assert_eq!(a.item("A.5.1").answer, Some(Answer::Gap));
    assert_eq!(a.item("A.5.1").owner, None);
    assert!(!text.contains("conflicts"), "{text}");
}

#[test]
fn validate_and_report_show_unresolved_conflicts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(example()).expect("read")
        + "\n[[conflicts]]\nitem = \"A.5.1\"\nfield = \"answer\"\nours = \"we-manage\"\ntheirs = \"gap\"\n";
    std::fs::write(dir.path().join("c.toml"), text).expect("write");
    let (code, out, _) = run(gapwalk(dir.path()).args(["validate", "c.toml"]));
    assert_eq!(code, Some(0));
    assert_eq!(
        out,
        "c.toml: ok (36 of 123 items answered; 1 unresolved merge conflict)\n"
    );
    let (_, out, _) = run(gapwalk(dir.path()).args([
        "report",
        "c.toml",
        "--format",
        "json",
        "--as-of",
        "2026-11-28",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let conflict = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["kind"] == "merge-conflict")
        .cloned()
        .expect("a merge-conflict finding");
    assert_eq!(conflict["severity"], "high");
    assert_eq!(conflict["item"], "A.5.1");
    let (code, _, _) = run(gapwalk(dir.path()).args(["report", "c.toml", "--fail-on", "high"]));
    assert_eq!(code, Some(1));
}
