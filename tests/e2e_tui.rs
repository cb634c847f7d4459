//! The real binary in a pseudo-terminal, driven as a facilitator would:
//! answer, set an owner, quit; and killed with SIGKILL mid-session.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod pty;
use pty::Session;

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("workshop.toml");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/example.toml");
    std::fs::copy(example, &file).expect("copy example");
    (dir, file)
}

fn item_block<'a>(text: &'a str, id: &str) -> &'a str {
    let header = format!("[items.\"{id}\"]\n");
    let start = text
        .find(&header)
        .unwrap_or_else(|| panic!("{id} not in\n{text}"))
        + header.len();
    let end = text[start..].find("\n[").map_or(text.len(), |e| start + e);
    &text[start..end]
}

#[test]
fn answer_set_an_owner_quit_and_the_file_has_it() {
    let (dir, file) = workspace();
    let before = std::fs::read_to_string(&file).expect("read");
    let mut s = Session::start(dir.path(), &["workshop.toml"]);
    s.wait_for("4.2 Understanding the needs");
    s.send("4");
    s.wait_for("Answered \"Gap\": 4.2");
    s.send("o");
    s.wait_for("Owner · 4.2");
    s.send("Head of Legal\r");
    s.wait_for("Owner saved: 4.2");
    s.send("j2");
    s.wait_for("Answered \"Shared\": 4.3");
    s.send("q");
    assert!(s.wait_exit(), "clean exit");

    let after = std::fs::read_to_string(&file).expect("read");
    let block = item_block(&after, "4.2");
    assert!(block.contains("answer = \"gap\""), "{block}");
    assert!(block.contains("owner = \"Head of Legal\""), "{block}");
    assert_eq!(
        item_block(&after, "4.3"),
        item_block(&before, "4.3").replace("we-manage", "shared")
    );
    // Nothing else changed: without the new item and with 4.3 as it was,
    // the file is byte for byte what it was.
    let new_item = format!("[items.\"4.2\"]\n{block}\n");
    assert_eq!(
        after.replacen(&new_item, "", 1).replacen(
            "[items.\"4.3\"]\nanswer = \"shared\"",
            "[items.\"4.3\"]\nanswer = \"we-manage\"",
            1
        ),
        before
    );
}

#[test]
fn killed_mid_session_every_answer_shown_as_saved_is_in_the_file() {
    let (dir, file) = workspace();
    let mut s = Session::start(dir.path(), &["open", "workshop.toml"]);
    s.wait_for("4.2 Understanding the needs");
    // Answer the next unanswered items one after another, each confirmed on
    // screen before the next key.
    let mut answered = Vec::new();
    for (key, label) in [
        ("3", "We manage"),
        ("4", "Gap"),
        ("2", "Shared"),
        ("3", "We manage"),
    ] {
        let screen = s.contents();
        let id = screen
            .lines()
            .find_map(|l| {
                l.split('┌')
                    .nth(2)
                    .and_then(|t| t.split_whitespace().next())
            })
            .expect("detail title")
            .to_string();
        s.send(key);
        s.wait_for(&format!("Answered \"{label}\": {id}"));
        answered.push((id, label));
        s.send("n");
        std::thread::sleep(Duration::from_millis(50));
    }
    let pid = s.child.process_id().expect("pid");
    let status = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let _ = s.wait_exit();

    let text = std::fs::read_to_string(&file).expect("read");
    for (id, label) in answered {
        let answer = match label {
            "We manage" => "we-manage",
            "Gap" => "gap",
            _ => "shared",
        };
        assert!(
            item_block(&text, &id).contains(&format!("answer = \"{answer}\"")),
            "{id} {label} lost:\n{text}"
        );
    }
    // Temporary files after a kill inside a commit: tests/e2e_file_safety.rs
    // (this kill comes while idle, after every save has finished).
}

#[test]
fn a_bad_file_is_an_error_before_the_terminal_is_touched() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("bad.toml"), "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"X\"\n[items.\"A.5.1\"]\nanswer = \"yes\"\n").expect("write");
    let mut s = Session::start(dir.path(), &["bad.toml"]);
    s.wait_for("bad.toml:6:10: items.\"A.5.1\".answer: unknown answer \"yes\"");
    assert!(!s.wait_exit(), "non-zero exit");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("bad.toml"))
            .expect("read")
            .lines()
            .last(),
        Some("answer = \"yes\""),
        "never written"
    );
}

#[test]
fn sigterm_restores_the_terminal_and_exits() {
    let (dir, _file) = workspace();
    let mut s = Session::start(dir.path(), &["workshop.toml"]);
    s.wait_for("4.2 Understanding the needs");
    let pid = s.child.process_id().expect("pid");
    std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    let _ = s.wait_exit();
    // Leaving the alternate screen brings back the (empty) main screen.
    assert!(!s.screen.lock().expect("screen").screen().alternate_screen());
}

#[test]
fn no_argument_opens_the_start_screen_with_the_example_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("assessments")).expect("mkdir");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/example.toml"),
        dir.path().join("assessments/example.toml"),
    )
    .expect("copy");
    let mut s = Session::start(dir.path(), &[]);
    s.wait_for("assessments/example.toml");
    s.wait_for("Tailspin Analytics Ltd — ");
    s.wait_for(" of 123 answered");
    s.send("\r");
    s.wait_for("4.2 Understanding the needs");
    s.send("q");
    assert!(s.wait_exit());
}

#[test]
fn a_change_by_another_program_is_merged_not_overwritten() {
    let (dir, file) = workspace();
    let mut s = Session::start(dir.path(), &["workshop.toml"]);
    s.wait_for("4.2 Understanding the needs");
    // Another facilitator's edit arrives (an editor, a git pull).
    let theirs = std::fs::read_to_string(&file).expect("read").replace(
        "owner = \"Managing Director\"",
        "owner = \"Board of Directors\"",
    );
    std::fs::write(&file, &theirs).expect("their write");
    s.wait_for("Another program changed the file: merged its changes.");
    // Our next answer is saved on top of their change, not over it.
    s.send("3");
    s.wait_for("Answered \"We manage\": 4.2");
    s.send("q");
    assert!(s.wait_exit());
    let text = std::fs::read_to_string(&file).expect("read");
    assert!(text.contains("owner = \"Board of Directors\""), "{text}");
    assert!(
        item_block(&text, "4.2").contains("answer = \"we-manage\""),
        "{text}"
    );
}

#[test]
fn closing_the_terminal_ends_the_process() {
    let (dir, _file) = workspace();
    let mut s = Session::start(dir.path(), &["workshop.toml"]);
    s.wait_for("4.2 Understanding the needs");
    let pid = s.child.process_id().expect("pid");
    // Closing a terminal sends SIGHUP to the programs in it (our reader
    // thread keeps a copy of the pty open, so send it as the kernel would).
    s.hang_up();
    std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .expect("kill");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(Some(_)) = s.child.try_wait() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "gapwalk {pid} still running after its terminal closed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Waits a little for keys that must change nothing to be handled.
fn settle() {
    std::thread::sleep(Duration::from_millis(400));
}

#[test]
fn while_the_screen_asks_to_be_enlarged_a_key_changes_nothing() {
    let (dir, file) = workspace();
    let before = std::fs::read(&file).expect("read");
    let mut s = Session::start(dir.path(), &["workshop.toml"]);
    s.wait_for("4.2 Understanding the needs");
    s.resize(12, 50);
    s.wait_for("Enlarge the terminal");
    s.send("4");
    s.send("o");
    settle();
    s.resize(40, 120);
    s.wait_for("4.2 Understanding the needs");
    settle();
    assert!(
        !s.contents().contains("Answered \"Gap\""),
        "{}",
        s.contents()
    );
    assert!(
        !s.contents().contains("Owner · 4.2"),
        "no form opened unseen"
    );
    assert_eq!(
        std::fs::read(&file).expect("read"),
        before,
        "file unchanged"
    );
    s.send("q");
    assert!(s.wait_exit());
}

#[test]
fn escape_and_ctrl_c_in_a_form_never_throw_typed_text_away() {
    let (dir, file) = workspace();
    let mut s = Session::start(dir.path(), &["workshop.toml"]);
    s.wait_for("4.2 Understanding the needs");
    s.send("i");
    s.wait_for("Notes · 4.2");
    s.send("Call the DPO about retention");
    s.wait_for("Call the DPO about retention");
    s.send("\x1b");
    s.wait_for("Discard what you typed in the notes of 4.2?");
    s.send("n");
    s.wait_for("Notes · 4.2");
    assert!(s.contents().contains("Call the DPO about retention"));
    s.send(" today");
    // Ctrl-C is the quit guard: it asks, and y saves before quitting.
    s.send("\x03");
    s.wait_for("Quit with a form open?");
    s.send("y");
    assert!(s.wait_exit(), "clean exit after the save");
    let text = std::fs::read_to_string(&file).expect("read");
    assert!(
        item_block(&text, "4.2").contains("Call the DPO about retention today"),
        "{text}"
    );
}

#[test]
fn c_records_what_an_item_relies_on_and_the_finding_shows() {
    let (dir, file) = workspace();
    let mut s = Session::start(dir.path(), &["workshop.toml"]);
    s.wait_for("4.2 Understanding the needs");
    s.send("/A.8.3 ");
    s.wait_for("A.8.3   Information access restriction");
    s.send("\r");
    s.wait_for("A.8.3 Information access restriction");
    s.send("c");
    s.wait_for("A.8.3 relies on: Microsoft 365 capabilities");
    s.send("privilegedidentity");
    s.wait_for("[ ]   Privileged Identity Management");
    s.send(" \r");
    s.wait_for("Relies on saved: A.8.3 (not licensed: L changes the licences)");
    s.wait_for("relies on Privileged Identity Management, which none of the");
    s.send("q");
    assert!(s.wait_exit());
    let text = std::fs::read_to_string(&file).expect("read");
    assert!(
        item_block(&text, "A.8.3").contains("relies_on = [\"entra-pim\"]"),
        "{text}"
    );
}

#[test]
fn l_changes_the_tenants_licences() {
    let (dir, file) = workspace();
    let mut s = Session::start(dir.path(), &["workshop.toml"]);
    s.wait_for("4.2 Understanding the needs");
    s.send("L");
    s.wait_for("The tenant's licences");
    s.send("entraidp2");
    s.wait_for("[ ] Microsoft Entra ID P2 (entra-id-p2)");
    s.send(" \r");
    s.wait_for("Licences saved: Microsoft 365 Business Premium, Microsoft Entra ID P2.");
    s.send("q");
    assert!(s.wait_exit());
    let text = std::fs::read_to_string(&file).expect("read");
    assert!(
        text.contains("licences = [\"m365-business-premium\", \"entra-id-p2\"]"),
        "{text}"
    );
}

#[test]
fn w_after_a_restart_resumes_todays_session() {
    let (dir, file) = workspace();
    let today = chrono::Local::now().date_naive().to_string();
    let mut s = Session::start(dir.path(), &["workshop.toml"]);
    s.wait_for("4.2 Understanding the needs");
    s.send("W");
    s.wait_for("Start a workshop session");
    s.send("\r\r");
    s.send("Head of IT, HR Manager\r");
    s.wait_for(&format!("Session {today} started"));
    s.send("q");
    assert!(s.wait_exit());

    let mut s = Session::start(dir.path(), &["workshop.toml"]);
    s.wait_for("4.2 Understanding the needs");
    s.send("W");
    s.wait_for("Resume today's session?");
    s.wait_for("Attendees: Head of IT, HR Manager");
    s.send("y");
    s.wait_for(&format!("Session {today} resumed"));
    s.send("3");
    s.wait_for("Answered \"We manage\": 4.2");
    s.send("q");
    assert!(s.wait_exit());
    let text = std::fs::read_to_string(&file).expect("read");
    assert_eq!(
        text.matches("[[sessions]]").count(),
        3,
        "no second session: {text}"
    );
    let block = item_block(&text, "4.2");
    assert!(block.contains(&format!("session = \"{today}\"")), "{block}");
    assert!(block.contains(&format!("reviewed = {today}")), "{block}");
}

#[test]
fn rebound_keys_work_and_show_everywhere_and_bad_ones_are_reported() {
    let (dir, file) = workspace();
    std::fs::create_dir_all(dir.path().join("config")).expect("mkdir");
    std::fs::write(
        dir.path().join("config/config.toml"),
        "[keys]\nanswer_gap = [\"g\"]\n\n[keys.forms]\nsave = [\"ctrl-g\"]\nanswer_shared = [\"2\"]\n",
    )
    .expect("write config");
    let mut s = Session::start(dir.path(), &["workshop.toml"]);
    s.wait_for("4.2 Understanding the needs");
    // The misplaced binding is reported with its place.
    s.wait_for("config.toml:6:1: `answer_shared` does nothing in [keys.forms]");
    s.wait_for("1 2 3 g 5 answer");
    s.send("g");
    s.wait_for("Answered \"Gap\": 4.2");
    s.send("4");
    s.wait_for("That key does nothing here");
    s.send("?");
    s.wait_for("answer: gap");
    assert!(
        s.contents().contains(" g                 answer: gap"),
        "{}",
        s.contents()
    );
    // (Esc and a letter at once would read as Alt-letter.)
    s.send("\x1b");
    s.wait_for(" 1 2 3 g 5 answer");
    s.send("o");
    s.wait_for("Owner · 4.2");
    s.send("Head of Legal");
    s.wait_for("Head of Legal");
    s.send("\x07");
    s.wait_for("Owner saved: 4.2");
    s.send("q");
    assert!(s.wait_exit());
    let text = std::fs::read_to_string(&file).expect("read");
    let block = item_block(&text, "4.2");
    assert!(
        block.contains("answer = \"gap\"") && block.contains("owner = \"Head of Legal\""),
        "{block}"
    );
}

#[test]
fn the_start_screen_runs_in_the_same_loop_and_remembers_the_last_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("assessments")).expect("mkdir");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/example.toml"),
        dir.path().join("assessments/example.toml"),
    )
    .expect("copy");
    // A new assessment from the start screen…
    let mut s = Session::start(dir.path(), &[]);
    s.wait_for("+ New assessment");
    s.send("n");
    s.wait_for("New assessment");
    s.send("Fabrikam\r\r\r \r");
    s.wait_for("4.1 Understanding the organization");
    s.send("q");
    assert!(s.wait_exit());
    let created = std::fs::read_to_string(dir.path().join("assessments/fabrikam.toml"))
        .expect("created in assessments/");
    assert!(created.contains("organisation = \"Fabrikam\""), "{created}");
    // …is offered first next time, and Enter opens it.
    let mut s = Session::start(dir.path(), &[]);
    s.wait_for("assessments/fabrikam.toml (recent)");
    s.send("\r");
    s.wait_for("Fabrikam");
    s.wait_for("4.1 Understanding the organization");
    s.send("q");
    assert!(s.wait_exit());
}
