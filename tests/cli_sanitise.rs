//! A committed file can do no harm to whoever runs gapwalk on it: given
//! files (and file names) full of terminal escapes, bidirectional
//! overrides and zero-width characters, no subcommand writes an ESC, a C1
//! control or an invisible character to standard output or error. Messages
//! show them escaped (`\u{1b}`); JSON keeps them as `\uXXXX` escapes.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn hostile() -> PathBuf {
    root().join("tests/fixtures/valid/hostile-terminal.toml")
}

fn hostile_keys() -> PathBuf {
    root().join("tests/fixtures/invalid/hostile-keys.toml")
}

fn gapwalk(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("gapwalk")
        .expect("binary")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("run")
}

/// What must never reach a terminal: any C0 control but line break,
/// carriage return (CSV's line end) and tab; DEL; C1; the invisible
/// characters; and bytes that are not UTF-8 (a lone 0x9b is CSI to an
/// 8-bit terminal).
fn unsafe_chars(bytes: &[u8]) -> Vec<String> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return vec!["invalid UTF-8".into()];
    };
    // CSV starts with a byte order mark of our own, for spreadsheets.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.chars()
        .filter(|&c| {
            (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || gapwalk::text::is_invisible(c)
        })
        .map(|c| format!("{c:?}"))
        .collect()
}

fn assert_clean(what: &str, out: &Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let bad = unsafe_chars(bytes);
        assert!(
            bad.is_empty(),
            "{what}: {stream} carries {bad:?}:\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn no_subcommand_passes_an_escape_from_a_file_to_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let copy = d.join("copy.toml");
    std::fs::copy(hostile(), &copy).expect("copy");
    let h = s(&hostile()).to_string();
    let k = s(&hostile_keys()).to_string();
    let xlsx = d.join("soa.xlsx");
    let minimal = root().join("tests/fixtures/valid/minimal.toml");
    let runs: Vec<Vec<&str>> = vec![
        vec!["validate", &h, &k],
        vec!["report", &h],
        vec!["report", &h, "--format", "markdown"],
        vec!["report", &h, "--format", "html"],
        vec!["report", &h, "--format", "json"],
        vec!["report", &k],
        vec!["soa", &h],
        vec!["soa", &h, "--format", "csv"],
        vec!["soa", &h, "--format", "xlsx", "-o", s(&xlsx)],
        vec!["soa", &k],
        vec!["plan", &h],
        vec!["plan", &h, "--format", "csv"],
        vec!["plan", &h, "--format", "ics"],
        vec!["plan", &k],
        vec!["fmt", "--check", &h],
        vec!["fmt", "--check", &k],
        vec!["fmt", "copy.toml"],
        vec!["fmt", &k],
        vec!["resolve", &h],
        vec!["resolve", &k],
        vec!["new", "next.toml", "--from", &h],
        vec!["new", "other.toml", "--from", &k],
        vec!["diff", &h, &h],
        vec!["diff", &h, s(&minimal)],
        vec!["diff", &h, &k],
        vec!["merge", &h, "copy.toml", &h, "name\u{1b}]0;x\u{7}.toml"],
        vec!["merge", &h, "copy.toml", &k],
        vec![&h],
        vec![&k],
    ];
    for args in &runs {
        let out = gapwalk(d, args);
        assert_clean(&args.join(" "), &out);
    }
    // Messages show what was there, escaped.
    let out = gapwalk(d, &["validate", &k]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(r#"unknown answer "yes\u{1b}[2J\u{9b}31m""#),
        "{stdout}"
    );
    assert!(
        stdout.contains(r"`own\u{1b}]52;c;ZXZpbA==\u{7}er`"),
        "{stdout}"
    );
}

#[test]
fn the_git_drivers_pass_no_escape_either() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let h = s(&hostile()).to_string();
    // A side that is not even TOML (raw control bytes): the driver shows
    // git's line diff, through the sanitiser.
    let raw = d.join("raw.toml");
    std::fs::write(&raw, "organisation = \"\u{1b}]0;pwned\u{7}\"\n\u{1b}[2J\n").expect("write");
    let out = gapwalk(
        d,
        &[
            "diff",
            "--git-driver",
            "a/evil\u{1b}[31m.toml",
            &h,
            "0000000",
            "100644",
            s(&raw),
            "1111111",
            "100644",
        ],
    );
    assert_clean("diff --git-driver", &out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("line diff"), "{stdout}");
    assert!(stdout.contains(r"\u{1b}]0;pwned\u{7}"), "{stdout}");
    let out = gapwalk(d, &["diff", "--git-driver", "only\u{9b}2J.toml"]);
    assert_clean("unmerged", &out);
}

#[cfg(unix)]
#[test]
fn hostile_file_names_are_shown_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let name = "evil\u{1b}]0;pwned\u{7}\u{202e}lmot.toml";
    std::fs::copy(hostile(), d.join(name)).expect("copy");
    let bad = "bad\u{1b}[2J\u{200b}.toml";
    std::fs::copy(hostile_keys(), d.join(bad)).expect("copy");
    for args in [
        &["validate", name, bad, "missing\u{1b}[5m.toml"][..],
        &["report", bad],
        &["report", "missing\u{1b}[5m.toml"],
        &["fmt", name],
        &["fmt", "--check", bad],
        &["resolve", name],
        &["new", "n\u{1b}[1m.toml", "--organisation", "X\u{1b}[1m"],
        &["new", name, "--organisation", "X"],
        &["new", "x.toml", "--from", bad],
        &["soa", name, "-o", name],
        &["log", name],
        &["diff", "HEAD\u{1b}[2J:x.toml", name],
        &["open", name, "extra\u{1b}[5m"],
    ] {
        let out = gapwalk(d, args);
        assert_clean(&format!("{args:?}"), &out);
    }
    let out = gapwalk(d, &["validate", name]);
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains(r"evil\u{1b}]0;pwned\u{7}\u{202e}lmot.toml: ok"),
        "{out:?}"
    );
}

#[test]
fn exports_escape_invisible_characters_and_json_keeps_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let h = s(&hostile()).to_string();
    let out = gapwalk(d, &["report", &h, "--format", "json"]);
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(json.contains(r"\u202eexe.txt\u202c"), "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let org = v["organisation"].as_str().expect("organisation");
    assert!(
        org.contains("\u{202e}exe.txt\u{202c}"),
        "the data keeps them: {org:?}"
    );
    for format in ["markdown", "html", "text"] {
        let out = gapwalk(d, &["report", &h, "--format", format]);
        let text = String::from_utf8_lossy(&out.stdout);
        // (Markdown escapes the backslash of the escape.)
        assert!(
            text.contains(r"u{202e}exe.txt"),
            "{format}: visibly escaped"
        );
    }
    let out = gapwalk(d, &["soa", &h, "--format", "csv"]);
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.contains(r"\u{202e}A.5.2"), "{csv}");
}
