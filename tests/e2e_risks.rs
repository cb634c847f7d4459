//! The risk register in the real binary, in a pseudo-terminal: add a risk,
//! tick the controls that treat it, quit, and the file has it where the
//! register is, with nothing else changed.
#![cfg(unix)]

use std::path::Path;

mod pty;
use pty::Session;

#[test]
fn k_a_adds_a_risk_c_links_its_controls_and_the_file_has_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("workshop.toml");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/example.toml");
    std::fs::copy(example, &file).expect("copy example");
    let before = std::fs::read_to_string(&file).expect("read");

    let mut s = Session::start(dir.path(), &["workshop.toml"]);
    s.wait_for("4.2 Understanding the needs");
    s.send("K");
    s.wait_for("Risk register: 3 risks · 2 high");
    s.send("a");
    s.wait_for("New risk · R-04");
    // Title, then owner (a name from the file), likelihood, impact,
    // treatment: Tab moves on.
    s.send("A supplier admin account is misused\t");
    s.send("Priya Shah (IT Manager)\thigh\tmed\treduce");
    s.send("\x13"); // Ctrl-S saves from any field.
    s.wait_for("The controls that treat risk R-04");
    s.send("supplierrelationships");
    s.wait_for("[ ] A.5.19 Information security in supplier relationships");
    s.send(" \r");
    s.wait_for("Controls of risk R-04 saved: 1 control.");
    s.wait_for("Risk register: 4 risks · 3 high");
    s.send("q");
    assert!(s.wait_exit(), "clean exit");

    let after = std::fs::read_to_string(&file).expect("read");
    let added = "[[risks]]\n\
        id = \"R-04\"\n\
        title = \"A supplier admin account is misused\"\n\
        owner = \"Priya Shah (IT Manager)\"\n\
        likelihood = 3\n\
        impact = 2\n\
        treatment = \"reduce\"\n\
        controls = [\"A.5.19\"]\n";
    let at = after.find(added).unwrap_or_else(|| panic!("{after}"));
    // After the register's last risk, before the items.
    assert!(at > after.find("id = \"R-03\"").expect("R-03"), "{after}");
    assert!(at < after.find("[items.").expect("items"), "{after}");
    // Only the new risk (and its review date) was added.
    let block_end = at + after[at..].find("\n\n").expect("blank line after") + 2;
    let block = &after[at..block_end];
    assert!(block.contains("reviewed = "), "{block}");
    assert_eq!(after.replacen(block, "", 1), before);
}
