//! Assessments in real git repositories: gapwalk as git's merge and diff
//! driver, `gapwalk log`, `gapwalk diff REV:PATH`, and saves that git sees
//! as one-line changes.

use gapwalk::tui::effect::Effect;
use gapwalk::tui::msg::{Command as TuiCommand, Msg};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use gapwalk::analysis::{FindingKind, findings};
use gapwalk::assessment::{
    Action, Answer, Assessment, Evidence, Field, FieldValue, InclusionReason, Place, Session,
    load_assessment,
};
use gapwalk::catalog::Catalog;

const BIN: &str = env!("CARGO_BIN_EXE_gapwalk");
const FILE: &str = "assessments/contoso.toml";

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

/// A temporary repository with gapwalk set up as the merge and diff
/// driver for assessments/*.toml, isolated from the user's git config.
struct Repo {
    dir: tempfile::TempDir,
    /// Minutes past 08:00 of the next command's clock, so that commits
    /// have distinct, increasing dates.
    clock: std::cell::Cell<u32>,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("tempdir"),
            clock: std::cell::Cell::new(0),
        };
        repo.ok(&["init", "-q"]);
        repo.ok(&["symbolic-ref", "HEAD", "refs/heads/main"]);
        repo.ok(&["config", "user.name", "Alex Morgan"]);
        repo.ok(&["config", "user.email", "alex@example.com"]);
        repo.ok(&["config", "commit.gpgsign", "false"]);
        repo.ok(&["config", "merge.gapwalk.name", "gapwalk assessment merge"]);
        repo.ok(&[
            "config",
            "merge.gapwalk.driver",
            &format!("'{BIN}' merge %O %A %B %P"),
        ]);
        repo.ok(&[
            "config",
            "diff.gapwalk.command",
            &format!("'{BIN}' diff --git-driver"),
        ]);
        repo.write(
            ".gitattributes",
            "assessments/*.toml merge=gapwalk diff=gapwalk\n",
        );
        repo
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn command(&self, program: &str) -> Command {
        let minute = self.clock.get();
        self.clock.set(minute + 1);
        let date = format!("2026-11-28T{:02}:{:02}:00", 8 + minute / 60, minute % 60);
        let mut c = Command::new(program);
        c.current_dir(self.dir.path())
            .env("HOME", self.dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env("NO_COLOR", "1");
        c
    }

    fn git(&self, args: &[&str]) -> Output {
        self.command("git").args(args).output().expect("git runs")
    }

    /// Runs git and insists that it succeeds; returns its standard output.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.git(args);
        assert!(
            out.status.success(),
            "git {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn gapwalk(&self, args: &[&str]) -> Output {
        self.command(BIN).args(args).output().expect("gapwalk runs")
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).expect("read")
    }

    fn commit_all(&self, message: &str) {
        self.ok(&["add", "-A"]);
        self.ok(&["commit", "-q", "-m", message]);
    }

    /// Changes the assessment through the library's save path, as the
    /// workshop does.
    fn edit(&self, change: impl FnOnce(&mut Assessment)) {
        let (mut file, mut a) = load_assessment(&self.path(FILE), catalog()).expect("load");
        change(&mut a);
        file.save(&a, catalog()).expect("save");
    }
}

const BASE: &str = r#"# gapwalk assessment: edit with `gapwalk contoso.toml` or by hand; `gapwalk validate` checks it.
format = 1
catalog = "iso27001-2022"

[assessment]
organisation = "Contoso Ltd"
licences = ["m365-e3"]

[items."A.5.1"]
answer = "we-manage"
owner = "Head of IT"

[items."A.8.13"]
answer = "gap"
"#;

/// Starts a workshop session and answers an item in it, as `W` and one
/// answer key do in the workshop.
fn breakout(facilitator: &str, answers: &[(&str, Answer, &str)]) -> impl FnOnce(&mut Assessment) {
    move |a: &mut Assessment| {
        let id = a.next_session_id(d("2026-12-01"));
        a.sessions.push(Session {
            id: id.clone(),
            date: Some(d("2026-12-01")),
            facilitator: Some(facilitator.to_string()),
            attendees: vec!["Head of IT".into()],
        });
        for &(item, answer, owner) in answers {
            let r = a.item_mut(item);
            r.answer = Some(answer);
            r.owner = Some(owner.to_string());
            r.session = Some(id.clone());
        }
    }
}

#[test]
fn parallel_breakouts_on_different_items_merge_cleanly() {
    let repo = Repo::new();
    repo.write(FILE, BASE);
    repo.commit_all("Start");

    repo.ok(&["checkout", "-q", "-b", "technological"]);
    repo.edit(breakout(
        "Alex Morgan",
        &[("A.8.1", Answer::Shared, "Head of IT")],
    ));
    repo.commit_all("Breakout: Technological");

    repo.ok(&["checkout", "-q", "main"]);
    repo.ok(&["checkout", "-q", "-b", "people"]);
    repo.edit(breakout(
        "Sam Lee",
        &[
            ("A.6.1", Answer::WeManage, "HR Manager"),
            ("A.7.1", Answer::MicrosoftProvides, "Office Manager"),
        ],
    ));
    repo.commit_all("Breakout: People and Physical");

    repo.ok(&["checkout", "-q", "technological"]);
    let out = repo.git(&["merge", "--no-edit", "people"]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        repo.read(FILE),
        r#"# gapwalk assessment: edit with `gapwalk contoso.toml` or by hand; `gapwalk validate` checks it.
format = 1
catalog = "iso27001-2022"

[assessment]
organisation = "Contoso Ltd"
licences = ["m365-e3"]

[[sessions]]
id = "2026-12-01"
date = 2026-12-01
facilitator = "Alex Morgan"
attendees = ["Head of IT"]

[[sessions]]
id = "2026-12-01-2"
date = 2026-12-01
facilitator = "Sam Lee"
attendees = ["Head of IT"]

[items."A.5.1"]
answer = "we-manage"
owner = "Head of IT"

[items."A.6.1"]
answer = "we-manage"
owner = "HR Manager"
session = "2026-12-01-2"

[items."A.7.1"]
answer = "microsoft-provides"
owner = "Office Manager"
session = "2026-12-01-2"

[items."A.8.1"]
answer = "shared"
owner = "Head of IT"
session = "2026-12-01"

[items."A.8.13"]
answer = "gap"
"#
    );
    let validate = repo.gapwalk(&["validate", FILE]);
    assert!(validate.status.success());
    let check = repo.gapwalk(&["fmt", "--check", FILE]);
    assert!(check.status.success(), "the merge is in canonical layout");

    // The history shows each breakout and the merge, newest first.
    let log = repo.gapwalk(&["log", FILE, "--format", "json"]);
    assert!(
        log.status.success(),
        "{}",
        String::from_utf8_lossy(&log.stderr)
    );
    let entries: serde_json::Value =
        serde_json::from_slice::<serde_json::Value>(&log.stdout).expect("json")["commits"].clone();
    let subjects: Vec<&str> = entries
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|e| e["subject"].as_str())
        .collect();
    assert_eq!(
        subjects,
        [
            "Merge branch 'people' into technological",
            "Breakout: People and Physical",
            "Breakout: Technological",
            "Start"
        ]
    );
    assert_eq!(entries[0]["diff"]["counts"]["answered"], 2, "{entries:#}");
    assert_eq!(entries[3]["diff"]["gaps_opened"][0], "A.8.13");
    let text = repo.gapwalk(&["log", FILE]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Breakout: People and Physical\n    2 answered, 2 owners named"),
        "{text}"
    );
    // Each entry also says what changed, item by item.
    let items = entries[0]["diff"]["items"].as_array().expect("items");
    assert!(
        items
            .iter()
            .any(|i| i.as_str().is_some_and(|i| i.contains(": answered "))),
        "{entries:#}"
    );
    assert!(text.contains(": answered "), "{text}");
}

#[test]
fn the_same_item_answered_differently_is_a_conflict_recorded_in_the_file() {
    let repo = Repo::new();
    repo.write(FILE, BASE);
    repo.commit_all("Start");

    repo.ok(&["checkout", "-q", "-b", "alice"]);
    repo.edit(|a| {
        a.item_mut("A.8.13").answer = Some(Answer::Shared);
        a.item_mut("A.8.13").owner = Some("Head of IT".into());
    });
    repo.commit_all("Alice: backup is shared");
    repo.ok(&["checkout", "-q", "main"]);
    repo.ok(&["checkout", "-q", "-b", "bob"]);
    repo.edit(|a| {
        a.item_mut("A.8.13").answer = Some(Answer::WeManage);
        a.item_mut("A.8.13").owner = Some("Head of IT".into());
        a.item_mut("A.5.1").reviewed = Some(d("2026-12-01"));
    });
    repo.commit_all("Bob: backup is ours");

    repo.ok(&["checkout", "-q", "alice"]);
    let out = repo.git(&["merge", "--no-edit", "bob"]);
    assert!(!out.status.success(), "git reports the conflict");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 conflict recorded") && stderr.contains("A.8.13 answer"),
        "{stderr}"
    );
    assert_eq!(
        repo.ok(&["diff", "--name-only", "--diff-filter=U"]).trim(),
        FILE
    );
    let text = repo.read(FILE);
    assert!(
        text.ends_with(
            "\n[[conflicts]]\nitem = \"A.8.13\"\nfield = \"answer\"\nours = \"shared\"\ntheirs = \"we-manage\"\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("[items.\"A.8.13\"]\nanswer = \"shared\"\n"),
        "ours in place"
    );
    assert!(text.contains("reviewed = 2026-12-01"), "the rest merged");

    // The workshop shows the conflict as a finding and settles it.
    let (mut file, a) = load_assessment(&repo.path(FILE), catalog()).expect("loads");
    let found: Vec<_> = findings(catalog(), &a, d("2026-12-01"))
        .into_iter()
        .filter(|f| f.kind == FindingKind::MergeConflict)
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].item.as_deref(), Some("A.8.13"));
    assert_eq!(a.conflicts[0].place, Place::Item("A.8.13".into()));
    assert_eq!(a.conflicts[0].field, Field::Answer);
    // Settled in the workshop as a facilitator would: select the item, m, t.
    let mut app = gapwalk::tui::app::App::new(catalog(), a, "contoso.toml", d("2026-12-01"));
    app.selected = catalog().position("A.8.13").expect("A.8.13");
    let run = |app: &mut gapwalk::tui::app::App, msg| gapwalk::tui::update::update(app, msg);
    run(&mut app, Msg::Run(TuiCommand::ResolveConflicts));
    let effects = run(
        &mut app,
        Msg::Key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::NONE)),
    );
    assert_eq!(effects, [Effect::Persist]);
    file.save(&app.assessment, catalog()).expect("save");

    let validate = repo.gapwalk(&["validate", FILE]);
    assert!(validate.status.success());
    assert_eq!(
        String::from_utf8_lossy(&validate.stdout).trim(),
        format!("{FILE}: ok (2 of 123 items answered)")
    );
    let text = repo.read(FILE);
    assert!(!text.contains("[[conflicts]]"), "{text}");
    assert!(
        text.contains("[items.\"A.8.13\"]\nanswer = \"we-manage\"\n"),
        "{text}"
    );
    repo.ok(&["add", FILE]);
    repo.ok(&["commit", "-q", "--no-edit"]);

    // The history keeps both sides and follows a rename.
    repo.ok(&["mv", FILE, "assessments/contoso-2026.toml"]);
    repo.commit_all("Rename");
    let log = repo.gapwalk(&["log", "assessments/contoso-2026.toml", "--format", "json"]);
    assert!(
        log.status.success(),
        "{}",
        String::from_utf8_lossy(&log.stderr)
    );
    let entries: serde_json::Value =
        serde_json::from_slice::<serde_json::Value>(&log.stdout).expect("json")["commits"].clone();
    let subjects: Vec<&str> = entries
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|e| e["subject"].as_str())
        .collect();
    assert_eq!(
        subjects,
        [
            "Rename",
            "Merge branch 'bob' into alice",
            "Bob: backup is ours",
            "Alice: backup is shared",
            "Start"
        ]
    );
    assert_eq!(entries[0]["renamed_from"], FILE);
    assert_eq!(entries[0]["diff"]["headline"], "no change to any item");
    assert_eq!(entries[1]["diff"]["counts"]["answers_changed"], 1);
}

#[test]
fn an_invalid_side_is_never_overwritten_and_the_merge_fails_with_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = dir.path().join("base.toml");
    let ours = dir.path().join("ours.toml");
    let theirs = dir.path().join("theirs.toml");
    std::fs::write(&base, BASE).expect("write");
    std::fs::write(&theirs, BASE.replace("\"gap\"", "\"shared\"")).expect("write");
    let broken = BASE.replace("\"gap\"", "\"maybe\"");
    std::fs::write(&ours, &broken).expect("write");
    let run = || {
        Command::new(BIN)
            .arg("merge")
            .args([&base, &ours, &theirs])
            .output()
            .expect("run")
    };
    let out = run();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("our version is not a valid assessment") && stderr.contains(":14:10:"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&ours).expect("read"), broken);

    std::fs::write(&ours, BASE).expect("write");
    std::fs::write(&theirs, &broken).expect("write");
    let out = run();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&ours).expect("read"), BASE);

    // No common ancestor (an add/add conflict): git gives an empty base.
    std::fs::write(&base, "").expect("write");
    std::fs::write(&theirs, BASE.replace("Head of IT", "CISO")).expect("write");
    let out = run();
    assert_eq!(out.status.code(), Some(1), "the owner differs");
    assert!(
        std::fs::read_to_string(&ours)
            .expect("read")
            .contains("theirs = \"CISO\"")
    );
}

#[path = "git_teamwork/diffs.rs"]
mod diffs;
