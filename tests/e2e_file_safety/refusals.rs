//! A file that turns invalid, is read-only, refuses a save or fills the disk; a change caught at save time; CRLF; subcommands beside a workshop.

use super::*;

fn wait_until_file_holds(path: &Path, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = std::fs::read_to_string(path).unwrap_or_default();
        if now.contains(text) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{} never held {text:?}:\n{now}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

const BROKEN_PREFIX: &str = "<<<<<<< HEAD\n";

/// A `git pull` leaves conflict markers while the workshop is open: the
/// indicator says NOT SAVED with where, nothing is written over the file,
/// what is shown goes to a side file, quitting asks, and once the file is
/// valid again the workshop's changes are merged into it.
#[test]
fn a_file_that_turns_invalid_while_open_loses_nothing() {
    let dir = example();
    let path = dir.path().join("workshop.toml");
    let mut w = Workshop::open(dir.path(), "workshop.toml", &[]);
    w.wait_for("4.2 Understanding the needs");
    let good = std::fs::read_to_string(&path).expect("read");
    let broken = format!("{BROKEN_PREFIX}{good}=======\n>>>>>>> origin/main\n");
    std::fs::write(&path, &broken).expect("their broken write");
    w.wait_for("NOT SAVED · invalid at workshop.toml:1:");
    w.wait_for("what you see is kept in workshop.unsaved.toml");
    w.send("4");
    let aside = dir.path().join("workshop.unsaved.toml");
    wait_until_file_holds(&aside, "[items.\"4.2\"]\nanswer = \"gap\"");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), broken);
    // Quitting asks first.
    w.send("q");
    w.wait_for("Press q again to quit");
    assert!(w.running());
    // The file is repaired (with a change of the other side's own).
    let repaired = good.replace(
        "owner = \"Managing Director\"",
        "owner = \"Board of Directors\"",
    );
    std::fs::write(&path, &repaired).expect("repair");
    w.wait_for("Another program changed the file: merged its changes.");
    w.wait_for(" Saved ");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("[items.\"4.2\"]\nanswer = \"gap\""), "{text}");
    assert!(text.contains("owner = \"Board of Directors\""), "{text}");
    assert!(!aside.exists(), "the side file is merged in and removed");
    w.quit();
}

/// A signed-off assessment (no write permission, even for root) opens
/// read-only, says so, and an editing key explains why nothing changes.
#[test]
fn a_read_only_file_opens_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = example();
    let path = dir.path().join("workshop.toml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = std::fs::read(&path).expect("read");
    let mut w = Workshop::open(dir.path(), "workshop.toml", &[]);
    w.wait_for("READ-ONLY");
    w.send("4");
    w.wait_for("is read-only (it has no write permission), so nothing changes");
    w.send("o");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!w.contents().contains("Owner · "), "no form opens");
    w.quit();
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

/// A save the file system refuses (here: an immutable file, which stops
/// root too) shows NOT SAVED, the quit guard asks, and the change is
/// written as soon as it can be, without another key.
#[cfg(target_os = "linux")]
#[test]
fn a_refused_save_shows_not_saved_asks_before_quitting_and_writes_once_possible() {
    let dir = example();
    let path = dir.path().join("workshop.toml");
    let chattr = |flag: &str| {
        std::process::Command::new("chattr")
            .args([flag, path.to_str().expect("utf-8")])
            .status()
            .is_ok_and(|s| s.success())
    };
    let mut w = Workshop::open(dir.path(), "workshop.toml", &[]);
    w.wait_for("4.2 Understanding the needs");
    if !chattr("+i") {
        eprintln!("skipped: chattr +i is not available here");
        return;
    }
    w.send("4");
    w.wait_for("NOT SAVED");
    w.send("q");
    w.wait_for("Press q again to quit without it");
    assert!(w.running());
    assert!(chattr("-i"));
    w.wait_for(" Saved ");
    wait_until_file_holds(&path, "[items.\"4.2\"]\nanswer = \"gap\"");
    w.quit();
}

/// A full disk (a small tmpfs; Linux, as root): NOT SAVED, the file as it
/// was, no temporary file, and written once there is room again.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_shows_not_saved_and_writes_once_there_is_room() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(disk) = common::SmallDisk::mount(dir.path(), "256k") else {
        return;
    };
    let mount = disk.path().to_path_buf();
    let path = mount.join("workshop.toml");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/example.toml"),
        &path,
    )
    .expect("copy");
    let before = std::fs::read(&path).expect("read");
    let mut w = Workshop::open(&mount, "workshop.toml", &[]);
    w.wait_for("4.2 Understanding the needs");
    let filler = disk.fill();
    w.send("4");
    w.wait_for("NOT SAVED");
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert_eq!(
        leftovers(&mount, &["workshop.toml", "filler"]),
        Vec::<String>::new()
    );
    w.send("q");
    w.wait_for("Press q again to quit without it");
    std::fs::remove_file(&filler).expect("make room");
    w.wait_for(" Saved ");
    wait_until_file_holds(&path, "[items.\"4.2\"]\nanswer = \"gap\"");
    w.quit();
}

/// Another program's change that arrives while keys keep coming (so the
/// idle poll never runs) is found by the save itself, merged, and saved
/// again: neither side's change is lost.
#[test]
fn a_change_caught_at_save_time_is_merged_and_saved() {
    let dir = example();
    let path = dir.path().join("workshop.toml");
    let mut w = Workshop::open(dir.path(), "workshop.toml", &[]);
    w.wait_for("4.2 Understanding the needs");
    let theirs = std::fs::read_to_string(&path).expect("read").replace(
        "owner = \"Managing Director\"",
        "owner = \"Board of Directors\"",
    );
    // Keys every 100 ms keep the workshop busy.
    w.send("j");
    std::thread::sleep(Duration::from_millis(100));
    w.send("k");
    std::fs::write(&path, &theirs).expect("their write");
    w.send("3");
    w.wait_for("Another program changed the file: merged its changes.");
    w.quit();
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("owner = \"Board of Directors\""), "{text}");
    assert!(
        text.contains("[items.\"4.2\"]\nanswer = \"we-manage\""),
        "{text}"
    );
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git");
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A Windows file (CR LF) in git: changing one answer in the workshop is
/// a one-line change in `git diff`, and every line still ends in CR LF.
#[test]
fn one_answer_on_a_crlf_file_is_a_one_line_git_diff() {
    let dir = example();
    let path = dir.path().join("workshop.toml");
    let crlf = std::fs::read_to_string(&path)
        .expect("read")
        .replace('\n', "\r\n");
    std::fs::write(&path, &crlf).expect("write");
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["config", "core.autocrlf", "false"]);
    git(dir.path(), &["add", "workshop.toml"]);
    git(dir.path(), &["commit", "-qm", "start"]);
    let mut w = Workshop::open(dir.path(), "workshop.toml", &[]);
    // 4.1 is answered "we manage"; make it "shared".
    w.send("\x1b[H2");
    w.wait_for("Answered \"Shared\": 4.1");
    w.quit();
    assert_eq!(
        git(dir.path(), &["diff", "--numstat", "--no-ext-diff"]),
        "1\t1\tworkshop.toml\n"
    );
    let after = std::fs::read_to_string(&path).expect("read");
    assert_eq!(after.matches('\n').count(), after.matches("\r\n").count());
}

/// `gapwalk fmt` and `gapwalk resolve` wait for a workshop's save that
/// holds the lock (here slowed down), then work on what it wrote; the
/// workshop's next save merges what they wrote. Nothing is lost.
#[test]
fn subcommands_wait_for_a_workshops_save_and_neither_loses_the_other() {
    let dir = example();
    let path = dir.path().join("workshop.toml");
    let with_conflict = std::fs::read_to_string(&path).expect("read")
        + "\n[[conflicts]]\nitem = \"4.1\"\nfield = \"owner\"\nours = \"Chief Operating Officer\"\ntheirs = \"CEO\"\n";
    std::fs::write(&path, &with_conflict).expect("write");
    let mut w = Workshop::open(
        dir.path(),
        "workshop.toml",
        &[("GAPWALK_TEST_PAUSE", "before-rename:1500")],
    );
    w.wait_for("4.2 Understanding the needs");
    w.send("4");
    std::thread::sleep(Duration::from_millis(300));
    // The workshop is inside its save, holding the lock.
    let started = Instant::now();
    let out = run(dir.path(), &["resolve", "workshop.toml", "--theirs"]);
    assert!(out.status.success(), "{out:?}");
    assert!(
        started.elapsed() > Duration::from_millis(600),
        "resolve waited for the lock"
    );
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("[items.\"4.2\"]\nanswer = \"gap\""), "{text}");
    assert!(!text.contains("[[conflicts]]"), "{text}");
    // The workshop's next change merges resolve's work instead of undoing it.
    w.send("j2");
    wait_until_file_holds(&path, "[items.\"4.3\"]\nanswer = \"shared\"");
    w.quit();
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("[items.\"4.2\"]\nanswer = \"gap\""), "{text}");
    assert!(!text.contains("[[conflicts]]"), "{text}");
    assert!(text.contains("owner = \"CEO\""), "{text}");
    let out = run(dir.path(), &["fmt", "workshop.toml"]);
    assert!(out.status.success(), "{out:?}");
}
