//! The same assessment gives the same counts everywhere: `validate`, `new
//! --from` and the README's examples of both.

use assert_cmd::Command;

fn gapwalk(dir: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("gapwalk").expect("binary");
    c.current_dir(dir);
    c
}

/// The console lines the README shows after `$ COMMAND`.
fn readme_output(command: &str) -> Vec<String> {
    let readme = include_str!("../README.md");
    let start = readme
        .find(&format!("$ {command}\n"))
        .unwrap_or_else(|| panic!("README shows `{command}`"))
        + command.len()
        + 3;
    readme[start..]
        .lines()
        .take_while(|l| !l.starts_with("```") && !l.starts_with('$'))
        .map(String::from)
        .collect()
}

#[test]
fn validate_and_next_cycle_count_the_same_answers_as_the_readme_says() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("assessments")).expect("mkdir");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/assessments/example.toml"),
        dir.path().join("assessments/example.toml"),
    )
    .expect("copy");
    let validate = gapwalk(dir.path())
        .args(["validate", "assessments/example.toml"])
        .output()
        .expect("run");
    let validate = String::from_utf8_lossy(&validate.stdout).into_owned();
    let answered: usize = validate
        .split(" (")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("validate says how many are answered");

    let command = "gapwalk new assessments/2027.toml --from assessments/example.toml";
    let out = gapwalk(dir.path())
        .args([
            "new",
            "assessments/2027.toml",
            "--from",
            "assessments/example.toml",
        ])
        .output()
        .expect("run");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        stdout.contains(&format!(": {answered} answers, ")),
        "validate: {validate}new --from: {stdout}"
    );
    // The README shows exactly this.
    assert_eq!(
        stdout.lines().map(String::from).collect::<Vec<_>>(),
        readme_output(command)
    );
    let validate_readme = readme_output(
        "gapwalk validate assessments/example.toml tests/fixtures/invalid/unknown-key-and-licence.toml",
    );
    assert_eq!(validate_readme[0], validate.trim_end());
}
