//! What git shows: saves change only the lines edited, git diff and gapwalk diff read versions from git, and conflict values survive a real merge.

use super::*;

#[test]
fn saving_changes_only_the_lines_of_the_fields_edited() {
    let repo = Repo::new();
    let example = include_str!("../../assessments/example.toml");
    repo.write(FILE, example);
    repo.commit_all("Example");

    repo.edit(|a| {
        let r = a.item_mut("A.5.9");
        r.answer = Some(Answer::WeManage);
        r.owner = Some("Head of IT".into());
        r.reviewed = Some(d("2026-12-01"));
        r.relies_on = vec!["intune-device-inventory".into(), "windows-autopilot".into()];
        r.reliance = Some("Microsoft's SOC 2 report".into());
        r.included_because = vec![InclusionReason::Contractual];
        r.justification = Some("Customer contracts ask for an asset register".into());
        r.notes = Some("Two lines\nof notes\n".into());
        r.follow_up = Some("Ask finance for the leasing list".into());
        r.session = Some("2026-11-03".into());
        r.evidence[0].date = Some(d("2026-12-01"));
        r.evidence.push(Evidence {
            what: "Autopilot enrolment report".into(),
            location: Some("Intune".into()),
            date: Some(d("2026-12-01")),
        });
        r.action = Some(Action {
            what: "Tag leased laptops".into(),
            owner: Some("Office Manager".into()),
            due: Some(d("2027-01-31")),
            done: None,
        });
    });

    let diff = repo.ok(&["diff", "--no-ext-diff", "-U0", "--", FILE]);
    let removed: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with('-') && !l.starts_with("---"))
        .collect();
    let added: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .collect();
    assert_eq!(
        removed,
        [
            "-answer = \"shared\"",
            "-owner = \"Priya Shah (IT Manager)\"",
            "-reviewed = 2026-11-17",
            "-relies_on = [\"intune-device-inventory\"]",
            "-session = \"2026-11-17\"",
            "-date = 2026-11-01",
        ],
        "{diff}"
    );
    assert_eq!(
        added,
        [
            "+answer = \"we-manage\"",
            "+owner = \"Head of IT\"",
            "+reviewed = 2026-12-01",
            "+relies_on = [\"intune-device-inventory\", \"windows-autopilot\"]",
            "+reliance = \"Microsoft's SOC 2 report\"",
            "+included_because = [\"contractual\"]",
            "+justification = \"Customer contracts ask for an asset register\"",
            "+notes = \"\"\"",
            "+Two lines",
            "+of notes",
            "+\"\"\"",
            "+follow_up = \"Ask finance for the leasing list\"",
            "+session = \"2026-11-03\"",
            "+date = 2026-12-01",
            "+",
            "+[[items.\"A.5.9\".evidence]]",
            "+what = \"Autopilot enrolment report\"",
            "+where = \"Intune\"",
            "+date = 2026-12-01",
            "+",
            "+[items.\"A.5.9\".action]",
            "+what = \"Tag leased laptops\"",
            "+owner = \"Office Manager\"",
            "+due = 2027-01-31",
        ],
        "{diff}"
    );
    let numstat = repo.ok(&["diff", "--numstat", "--", FILE]);
    assert_eq!(numstat.trim(), format!("24\t6\t{FILE}"));
    // Every hunk is inside A.5.9.
    let text = repo.read(FILE);
    let start = text.find("[items.\"A.5.9\"]").expect("item");
    let end = text.find("[items.\"A.5.12\"]").expect("next item");
    let lines = |upto: usize| text[..upto].lines().count();
    for hunk in diff.lines().filter(|l| l.starts_with("@@")) {
        let new_start: usize = hunk
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.trim_start_matches('+').split(',').next())
            .and_then(|s| s.parse().ok())
            .expect("hunk header");
        assert!(
            new_start > lines(start) && new_start <= lines(end),
            "{hunk} outside A.5.9"
        );
    }
    assert!(repo.gapwalk(&["fmt", "--check", FILE]).status.success());
}

#[test]
fn git_diff_shows_the_semantic_diff() {
    let repo = Repo::new();
    repo.write(FILE, BASE);
    // An added file: git passes /dev/null as the old side.
    repo.ok(&["add", "-A"]);
    let added = repo.ok(&["diff", "--cached"]);
    assert!(
        added.contains("gapwalk diff: a/assessments/contoso.toml → b/assessments/contoso.toml"),
        "{added}"
    );
    assert!(
        added.contains("progress  0 → 2 of 123 items answered"),
        "{added}"
    );
    repo.ok(&["commit", "-q", "-m", "Start"]);

    repo.edit(|a| {
        a.item_mut("A.8.13").answer = Some(Answer::Shared);
        a.item_mut("A.8.13").owner = Some("Head of IT".into());
    });
    let diff = repo.ok(&["diff"]);
    assert!(
        diff.contains("  answers   1 changed\n  gaps      1 closed\n  owners    1 named\n"),
        "{diff}"
    );
    assert!(
        diff.contains("A.8.13  Information backup  gap closed"),
        "{diff}"
    );
    assert!(diff.contains("answer: gap → shared"), "{diff}");
    // The colour decision itself: git's pager says colour is wanted (as it
    // does when `git diff` runs in a terminal); NO_COLOR still wins.
    let in_pager = |no_color: bool| {
        let mut c = repo.command("git");
        c.args(["diff"]).env("GIT_PAGER_IN_USE", "true");
        if !no_color {
            c.env_remove("NO_COLOR");
        }
        let out = c.output().expect("git diff");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let coloured = in_pager(false);
    assert!(
        coloured.contains('\x1b'),
        "colour in git's pager: {coloured:?}"
    );
    let plain = in_pager(true);
    assert!(!plain.contains('\x1b'), "NO_COLOR: {plain:?}");
    assert!(!diff.contains('\x1b'), "NO_COLOR: {diff:?}");

    // A side that is not a valid assessment gets the line diff.
    repo.write(FILE, &BASE.replace("\"gap\"", "\"maybe\""));
    let diff = repo.ok(&["diff"]);
    assert!(
        diff.contains("is not a valid assessment on both sides"),
        "{diff}"
    );
    assert!(
        diff.contains("-answer = \"gap\"\n+answer = \"maybe\""),
        "{diff}"
    );
}

#[test]
fn diff_reads_versions_from_git() {
    let repo = Repo::new();
    repo.write(FILE, BASE);
    repo.commit_all("Start");
    repo.edit(|a| a.item_mut("A.5.1").owner = Some("CISO".into()));
    repo.commit_all("New owner");

    let out = repo.gapwalk(&[
        "diff",
        &format!("HEAD~1:{FILE}"),
        FILE,
        "--as-of",
        "2026-11-28",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["counts"]["owners_changed"], 1);
    assert_eq!(v["items"][0]["changes"][0]["old"], "Head of IT");
    assert_eq!(v["items"][0]["changes"][0]["new"], "CISO");

    let out = repo.gapwalk(&["diff", &format!("nosuchrev:{FILE}"), FILE]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("cannot read nosuchrev:{FILE} from git")),
        "{stderr}"
    );

    let elsewhere = tempfile::tempdir().expect("tempdir");
    let out = Command::new(BIN)
        .current_dir(elsewhere.path())
        .env(
            "GIT_CEILING_DIRECTORIES",
            elsewhere.path().parent().unwrap_or(Path::new("/")),
        )
        .args(["diff", "HEAD:x.toml", "HEAD~1:x.toml"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not in a git repository"), "{stderr}");
}

#[test]
fn the_merge_conflict_value_types_survive_a_real_merge() {
    let repo = Repo::new();
    repo.write(FILE, BASE);
    repo.commit_all("Start");
    repo.ok(&["checkout", "-q", "-b", "other"]);
    repo.edit(|a| {
        a.item_mut("A.5.1").action = Some(Action {
            what: "Theirs".into(),
            due: Some(d("2027-02-01")),
            ..Action::default()
        });
        a.item_mut("A.5.1").notes = Some("their\nnotes\n".into());
    });
    repo.commit_all("Theirs");
    repo.ok(&["checkout", "-q", "main"]);
    repo.edit(|a| {
        a.item_mut("A.5.1").action = Some(Action {
            what: "Ours".into(),
            due: Some(d("2027-01-01")),
            ..Action::default()
        });
        a.item_mut("A.5.1").notes = Some("ours".into());
    });
    repo.commit_all("Ours");
    assert!(!repo.git(&["merge", "--no-edit", "other"]).status.success());
    let (_, a) = load_assessment(&repo.path(FILE), catalog()).expect("loads");
    let fields: Vec<Field> = a.conflicts.iter().map(|c| c.field).collect();
    assert_eq!(fields, [Field::Notes, Field::ActionWhat, Field::ActionDue]);
    assert_eq!(
        a.conflicts[0].theirs,
        Some(FieldValue::Text("their\nnotes\n".into()))
    );
    assert_eq!(
        a.conflicts[2].theirs,
        Some(FieldValue::Date(d("2027-02-01")))
    );
    let out = repo.gapwalk(&["resolve", FILE, "--theirs"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, a) = load_assessment(&repo.path(FILE), catalog()).expect("loads");
    assert!(a.conflicts.is_empty());
    let action = a.item("A.5.1").action.clone().expect("action");
    assert_eq!(
        (action.what.as_str(), action.due),
        ("Theirs", Some(d("2027-02-01")))
    );
}
