//! The subcommands that write an assessment (`fmt`, `resolve`, `merge`,
//! `new`) keep its line ending and byte order mark, write through symbolic
//! links, refuse read-only files, and leave nothing behind on failure;
//! unreadable paths are errors said once, with exit 2.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

mod common;

fn gapwalk(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("gapwalk")
        .expect("binary")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run")
}

const BASE: &str = "# Contoso's assessment\nformat = 1\ncatalog = \"iso27001-2022\"\n\n[assessment]\norganisation = \"Contoso Ltd\"\nlicences = [\"m365-e3\"]\n\n[items.\"5.1\"]\nanswer = \"we-manage\"\nowner = \"CEO\"\nnotes = \"\"\"\nfirst\nsecond\n\"\"\"\n\n[items.\"A.5.1\"]\nanswer = \"gap\"\nowner = \"CISO\"\n";

fn crlf(s: &str) -> String {
    s.replace('\n', "\r\n")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

/// Lines (with their ends) that differ between two texts of equal length
/// in lines.
fn changed_lines(a: &str, b: &str) -> Vec<(String, String)> {
    assert_eq!(
        a.split_inclusive('\n').count(),
        b.split_inclusive('\n').count(),
        "{a}\n----\n{b}"
    );
    a.split_inclusive('\n')
        .zip(b.split_inclusive('\n'))
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (x.to_string(), y.to_string()))
        .collect()
}

fn no_bare_lf(s: &str) -> bool {
    s.matches('\n').count() == s.matches("\r\n").count()
}

#[test]
fn the_merge_driver_keeps_crlf_and_changes_only_the_merged_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let base = crlf(BASE);
    let ours_text = base.replace("owner = \"CEO\"", "owner = \"Board\"");
    let theirs_text = base.replace("answer = \"gap\"", "answer = \"shared\"");
    write(d, "base.toml", &base);
    let ours = write(d, "ours.toml", &ours_text);
    write(d, "theirs.toml", &theirs_text);
    let out = gapwalk(d, &["merge", "base.toml", "ours.toml", "theirs.toml"]);
    assert!(out.status.success(), "{out:?}");
    let merged = std::fs::read_to_string(&ours).expect("read");
    assert_eq!(
        changed_lines(&ours_text, &merged),
        [(
            "answer = \"gap\"\r\n".to_string(),
            "answer = \"shared\"\r\n".to_string()
        )]
    );
}

#[test]
fn resolve_and_fmt_keep_crlf_and_the_byte_order_mark() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let with_conflict = format!(
        "\u{feff}{}",
        crlf(&format!(
            "{BASE}\n[[conflicts]]\nitem = \"A.5.1\"\nfield = \"answer\"\nours = \"gap\"\ntheirs = \"shared\"\n"
        ))
    );
    let path = write(d, "a.toml", &with_conflict);
    let out = gapwalk(d, &["resolve", "a.toml", "--theirs"]);
    assert!(out.status.success(), "{out:?}");
    let resolved = std::fs::read_to_string(&path).expect("read");
    assert!(resolved.starts_with("\u{feff}# Contoso"), "{resolved:?}");
    assert!(no_bare_lf(&resolved), "{resolved:?}");
    assert!(resolved.contains("answer = \"shared\"\r\n"));
    assert!(!resolved.contains("[[conflicts]]"));

    // Out of canonical order: fmt reorders, keeping CR LF and the mark.
    let messy = format!(
        "\u{feff}{}",
        crlf(&format!("{BASE}\n[items.\"4.1\"]\nanswer = \"gap\"\n"))
    );
    std::fs::write(&path, &messy).expect("write");
    let check = gapwalk(d, &["fmt", "--check", "a.toml"]);
    assert_eq!(check.status.code(), Some(1), "{check:?}");
    let out = gapwalk(d, &["fmt", "a.toml"]);
    assert!(out.status.success(), "{out:?}");
    let formatted = std::fs::read_to_string(&path).expect("read");
    assert!(formatted.starts_with('\u{feff}'));
    assert!(no_bare_lf(&formatted), "{formatted:?}");
    assert!(formatted.find("\"4.1\"") < formatted.find("\"5.1\""));
    // A canonical CR LF file is canonical: nothing to do.
    let again = gapwalk(d, &["fmt", "--check", "a.toml"]);
    assert!(again.status.success(), "{again:?}");
    let same = gapwalk(d, &["fmt", "a.toml"]);
    assert!(String::from_utf8_lossy(&same.stdout).contains("already in canonical layout"));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), formatted);
}

#[test]
fn next_cycle_keeps_the_line_ending_of_the_last() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "last.toml", &crlf(BASE));
    let out = gapwalk(d, &["new", "next.toml", "--from", "last.toml"]);
    assert!(out.status.success(), "{out:?}");
    let next = std::fs::read_to_string(d.join("next.toml")).expect("read");
    assert!(no_bare_lf(&next) && next.contains("\r\n"), "{next:?}");
}

#[cfg(unix)]
#[test]
fn no_subcommand_writes_a_read_only_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let text = format!(
        "{BASE}\n[[conflicts]]\nitem = \"A.5.1\"\nfield = \"answer\"\nours = \"gap\"\ntheirs = \"shared\"\n\n[items.\"4.1\"]\nanswer = \"gap\"\n"
    );
    let path = write(d, "signed.toml", &text);
    write(
        d,
        "theirs.toml",
        &BASE.replace("owner = \"CEO\"", "owner = \"Board\""),
    );
    write(d, "base.toml", BASE);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let scan = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/scans/scubagear-ScubaResults.json"
    );
    for args in [
        &["resolve", "signed.toml", "--theirs"][..],
        &["fmt", "signed.toml"],
        &["merge", "base.toml", "signed.toml", "theirs.toml"],
        &["import-scan", "signed.toml", scan],
    ] {
        let out = gapwalk(d, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("read-only"), "{args:?}: {stderr}");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            text,
            "{args:?}"
        );
    }
    // Reading it is fine.
    assert!(gapwalk(d, &["validate", "signed.toml"]).status.success());
    assert!(gapwalk(d, &["resolve", "signed.toml"]).status.success());
}

#[cfg(unix)]
#[test]
fn fmt_and_resolve_write_through_a_symbolic_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(
        d,
        "real.toml",
        &format!("{BASE}\n[items.\"4.1\"]\nanswer = \"gap\"\n"),
    );
    std::os::unix::fs::symlink("real.toml", d.join("link.toml")).expect("symlink");
    let out = gapwalk(d, &["fmt", "link.toml"]);
    assert!(out.status.success(), "{out:?}");
    let meta = std::fs::symlink_metadata(d.join("link.toml")).expect("link");
    assert!(meta.file_type().is_symlink());
    let real = std::fs::read_to_string(d.join("real.toml")).expect("read");
    assert!(real.find("\"4.1\"") < real.find("\"5.1\""), "{real}");
}

#[test]
fn validate_on_a_folder_could_not_do_the_job_and_says_the_error_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = gapwalk(dir.path(), &["validate", "."]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("os error").count(), 1, "{stdout}");
    for args in [
        &["report", "."][..],
        &["fmt", "."],
        &["resolve", "."],
        &["soa", "."],
    ] {
        let out = gapwalk(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.matches("os error").count(), 1, "{args:?}: {stderr}");
    }
}

/// `gapwalk new` on a full disk (a small tmpfs; Linux as root) exits 2 and
/// leaves nothing behind, so the retry after making room succeeds.
#[cfg(target_os = "linux")]
#[test]
fn new_on_a_full_disk_leaves_nothing_behind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(disk) = common::SmallDisk::mount(dir.path(), "64k") else {
        return;
    };
    let mount = disk.path().to_path_buf();
    let filler = disk.fill();
    let args = [
        "new",
        "contoso.toml",
        "--organisation",
        "Contoso Ltd",
        "--scope",
        "Microsoft 365 tenant",
    ];
    let out = gapwalk(&mount, &args);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let names: Vec<String> = std::fs::read_dir(&mount)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["filler"], "nothing left behind");
    std::fs::remove_file(&filler).expect("make room");
    let out = gapwalk(&mount, &args);
    assert!(out.status.success(), "{out:?}");
    assert!(
        gapwalk(&mount, &["validate", "contoso.toml"])
            .status
            .success()
    );
}

/// Files that are not what they should be get a positioned error or load
/// without a crash (regression tests: these held before and must hold).
#[test]
fn odd_files_give_positioned_errors_or_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let head = "format = 1\ncatalog = \"iso27001-2022\"\n\n[assessment]\norganisation = \"X\"\n";
    let cases: Vec<(&str, Vec<u8>, Option<&str>)> = vec![
        (
            "bom.toml",
            format!("\u{feff}{head}[items.\"A.5.1\"]\nanswer = \"yes\"\n").into_bytes(),
            Some("bom.toml:7:10: items.\"A.5.1\".answer: unknown answer \"yes\""),
        ),
        (
            "latin1.toml",
            [head.as_bytes(), b"scope = \"Caf\xe9\"\n"].concat(),
            Some("latin1.toml:6:13: invalid UTF-8"),
        ),
        (
            "utf16.toml",
            [
                &[0xff, 0xfe][..],
                &"format = 1\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<u8>>(),
            ]
            .concat(),
            Some("utf16.toml:1:1: invalid UTF-8"),
        ),
        (
            "nul.toml",
            [head.as_bytes(), b"\0\n"].concat(),
            Some("nul.toml:6:"),
        ),
        (
            "deep.toml",
            format!("{head}x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            Some("deep.toml:6:"),
        ),
        (
            "big.toml",
            format!(
                "{head}{}",
                format!("# {}\n", "x".repeat(98)).repeat(500_000)
            )
            .into_bytes(),
            None,
        ),
        (
            "long-line.toml",
            format!(
                "{head}\n[items.\"A.5.1\"]\nnotes = \"{}\"\n",
                "y".repeat(10_000_000)
            )
            .into_bytes(),
            None,
        ),
        (
            "evidence.toml",
            format!(
                "{head}\n[items.\"A.5.1\"]\nanswer = \"shared\"\n{}",
                (0..10_000)
                    .map(|i| format!("\n[[items.\"A.5.1\".evidence]]\nwhat = \"e{i}\"\n"))
                    .collect::<String>()
            )
            .into_bytes(),
            None,
        ),
    ];
    for (name, bytes, error) in cases {
        std::fs::write(d.join(name), &bytes).expect("write");
        let out = gapwalk(d, &["validate", name]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        match error {
            Some(want) => {
                assert_eq!(out.status.code(), Some(1), "{name}: {stdout}");
                assert!(stdout.starts_with(want), "{name}: {stdout}");
            }
            None => assert!(out.status.success(), "{name}: {stdout}"),
        }
        // The editing path (`resolve` opens the file for writing) says the
        // same and never writes it.
        let out = gapwalk(d, &["resolve", name, "--ours"]);
        assert_eq!(
            out.status.code(),
            Some(if error.is_some() { 2 } else { 0 }),
            "{name}"
        );
        assert_eq!(std::fs::read(d.join(name)).expect("read"), bytes, "{name}");
    }
}

/// An invalid or future-format side in `merge` leaves ours as it was
/// (regression test).
#[test]
fn merge_with_an_invalid_or_future_side_leaves_ours_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "base.toml", BASE);
    let ours_text = BASE.replace("owner = \"CEO\"", "owner = \"Board\"");
    let ours = write(d, "ours.toml", &ours_text);
    for theirs in [
        BASE.replace("format = 1", "format = 2"),
        BASE.replace("answer = \"gap\"", "answer = \"maybe\""),
        "<<<<<<< HEAD\n".to_string() + BASE,
    ] {
        write(d, "theirs.toml", &theirs);
        let out = gapwalk(d, &["merge", "base.toml", "ours.toml", "theirs.toml"]);
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert_eq!(std::fs::read_to_string(&ours).expect("read"), ours_text);
    }
}
