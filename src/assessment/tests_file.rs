//! The file on disk: line endings and byte order mark kept, writers under
//! the lock, symbolic links written through, read-only files left alone,
//! side files for an invalid file, stale temporary files removed.

use std::path::{Path, PathBuf};

use super::*;
use crate::catalog::Catalog;

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

const SAMPLE: &str = "format = 1
catalog = \"iso27001-2022\"

# Workshop 1, with the IT team.
[assessment]
organisation = \"Contoso Ltd\"
licences = [\"m365-e3\"]

[items.\"5.1\"]
answer = \"we-manage\"   # agreed by the board
owner = \"CEO\"
notes = \"\"\"
first line
second line
\"\"\"

[items.\"A.5.1\"]
answer = \"gap\"
";

fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

fn file_with(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.toml");
    std::fs::write(&path, bytes).expect("write");
    (dir, path)
}

/// Names in a folder other than the ones given.
fn others(dir: &Path, known: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !known.contains(&n.as_str()))
        .collect()
}

#[test]
fn layout_is_detected_and_kept() {
    let (layout, text) = Layout::decode("\u{feff}a\r\nb\r\n");
    assert_eq!(
        layout,
        Layout {
            crlf: true,
            bom: true
        }
    );
    assert_eq!(text, "a\nb\n");
    assert_eq!(layout.encode(&text), "\u{feff}a\r\nb\r\n".as_bytes());
    let (layout, text) = Layout::decode("a\nb\n");
    assert_eq!(layout, Layout::default());
    assert_eq!(layout.encode(&text), b"a\nb\n");
    // Mostly CR LF: a CR LF file, its stray LF written as CR LF.
    let (layout, text) = Layout::decode("a\r\nb\r\nc\n");
    assert!(layout.crlf);
    assert_eq!(layout.encode(&text), b"a\r\nb\r\nc\r\n");
    // Mostly LF: left as it is.
    let (layout, text) = Layout::decode("a\nb\nc\r\n");
    assert!(!layout.crlf);
    assert_eq!(text, "a\nb\nc\r\n");
}

#[test]
fn a_one_field_change_on_a_crlf_file_is_a_one_line_diff() {
    let before = crlf(SAMPLE);
    let (_dir, path) = file_with(before.as_bytes());
    let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
    assert_eq!(
        a.item("5.1").notes.as_deref(),
        Some("first line\nsecond line\n")
    );
    a.item_mut("5.1").answer = Some(Answer::Shared);
    assert!(file.save(&a, catalog()).expect("save"));
    let after = std::fs::read_to_string(&path).expect("read");
    let changed: Vec<(&str, &str)> = before
        .split_inclusive('\n')
        .zip(after.split_inclusive('\n'))
        .filter(|(x, y)| x != y)
        .collect();
    assert_eq!(
        changed,
        [(
            "answer = \"we-manage\"   # agreed by the board\r\n",
            "answer = \"shared\"   # agreed by the board\r\n"
        )]
    );
    assert_eq!(
        before.len() - "we-manage".len() + "shared".len(),
        after.len()
    );
}

#[test]
fn new_text_in_a_crlf_file_has_crlf_line_ends_inside_multi_line_strings_too() {
    let (_dir, path) = file_with(crlf(SAMPLE).as_bytes());
    let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
    a.item_mut("A.5.2").notes = Some("one\ntwo\nthree".into());
    a.item_mut("A.5.2").owner = Some("CISO".into());
    file.save(&a, catalog()).expect("save");
    let after = std::fs::read(&path).expect("read");
    let bare_lf = after
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' && (i == 0 || after[i - 1] != b'\r'))
        .count();
    assert_eq!(bare_lf, 0, "{}", String::from_utf8_lossy(&after));
    let (_, back) = load_assessment(&path, catalog()).expect("reload");
    assert_eq!(back, a, "the notes read back without CR");
}

#[test]
fn a_byte_order_mark_is_kept_and_is_not_a_column() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(SAMPLE.as_bytes());
    let (_dir, path) = file_with(&bytes);
    let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
    a.item_mut("A.5.1").owner = Some("CISO".into());
    file.save(&a, catalog()).expect("save");
    let after = std::fs::read(&path).expect("read");
    assert!(after.starts_with("\u{feff}format = 1\n".as_bytes()));
    // A problem on the first line is at the column a reader counts.
    std::fs::write(&path, "\u{feff}format = \"x\"\n").expect("write");
    let LoadError::Invalid { problems, .. } = read_assessment(&path, catalog()).expect_err("bad")
    else {
        panic!("not invalid")
    };
    let format = problems
        .iter()
        .find(|p| p.message.contains("`format`"))
        .expect("the format problem");
    assert_eq!((format.line, format.column), (1, 10), "{problems:?}");
}

#[test]
fn crlf_and_lf_files_report_problems_at_the_same_place() {
    let bad = SAMPLE.replace("answer = \"gap\"", "answer = \"yes\"");
    let (_dir, lf) = file_with(bad.as_bytes());
    let (_dir2, cr) = file_with(crlf(&bad).as_bytes());
    let message = |p: &Path| match read_assessment(p, catalog()) {
        Err(LoadError::Invalid { problems, .. }) => problems,
        other => panic!("{other:?}"),
    };
    assert_eq!(message(&lf), message(&cr));
}

#[test]
fn fmt_keeps_the_line_ending() {
    let messy = crlf(&SAMPLE.replace("[items.\"A.5.1\"]\nanswer = \"gap\"\n", ""))
        + "[items.\"4.1\"]\r\nanswer = \"gap\"\r\n";
    let (_dir, path) = file_with(messy.as_bytes());
    let written =
        rewrite_locked(&path, |text| canonical_text(text, catalog()).map(Some)).expect("fmt");
    assert!(written);
    let after = std::fs::read_to_string(&path).expect("read");
    assert!(after.find("4.1").expect("4.1") < after.find("5.1").expect("5.1"));
    assert_eq!(after.matches('\n').count(), after.matches("\r\n").count());
}

#[test]
fn another_programs_change_is_merged_at_save_time_under_the_lock() {
    let (_dir, path) = file_with(SAMPLE.as_bytes());
    let (mut ours_file, mut ours) = load_assessment(&path, catalog()).expect("load");
    let (mut theirs_file, mut theirs) = load_assessment(&path, catalog()).expect("load");
    theirs.item_mut("A.5.2").answer = Some(Answer::Shared);
    theirs_file.save(&theirs, catalog()).expect("their save");
    ours.item_mut("A.5.3").answer = Some(Answer::Gap);
    let saved = ours_file.save_merging(&ours, catalog()).expect("our save");
    assert!(saved.written);
    let merged = saved.merged.expect("merged");
    assert!(merged.conflicts.is_empty());
    let (_, on_disk) = load_assessment(&path, catalog()).expect("reload");
    assert_eq!(on_disk, merged.assessment);
    assert_eq!(on_disk.item("A.5.2").answer, Some(Answer::Shared));
    assert_eq!(on_disk.item("A.5.3").answer, Some(Answer::Gap));
    // And the strict save refuses instead.
    theirs.item_mut("A.5.4").answer = Some(Answer::Gap);
    assert!(matches!(
        theirs_file.save(&theirs, catalog()),
        Err(SaveError::ChangedOnDisk { .. })
    ));
}

/// Two writers at full speed on one file, each answering its own 30 items
/// and saving after each one, as two workshops do: every answer either
/// side saved is in the file, and nothing is a conflict. Threads take the
/// lock through their own open file, as two processes do (flock and
/// LockFileEx lock per open file), so this runs on every platform.
#[test]
fn two_writers_at_full_speed_keep_every_answer() {
    let (_dir, path) = file_with(SAMPLE.as_bytes());
    let ids: Vec<String> = catalog()
        .items()
        .iter()
        .map(|i| i.id.to_string())
        .filter(|id| id != "5.1" && id != "A.5.1")
        .take(60)
        .collect();
    let writers: Vec<_> = ids
        .chunks(30)
        .map(|mine| {
            let path = path.clone();
            let mine = mine.to_vec();
            std::thread::spawn(move || {
                let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
                for id in &mine {
                    a.item_mut(id).answer = Some(Answer::WeManage);
                    let saved = file.save_merging(&a, catalog()).expect("save");
                    if let Some(m) = saved.merged {
                        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
                        a = m.assessment;
                    }
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer");
    }
    let a = read_assessment(&path, catalog()).expect("read");
    let kept = ids
        .iter()
        .filter(|id| a.item(id).answer == Some(Answer::WeManage))
        .count();
    assert_eq!(kept, 60);
    assert!(a.conflicts.is_empty());
    assert_eq!(
        others(path.parent().expect("dir"), &["a.toml"]),
        Vec::<String>::new()
    );
}

#[test]
fn a_file_that_turned_invalid_is_not_written_and_its_changes_go_aside() {
    let (dir, path) = file_with(SAMPLE.as_bytes());
    let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
    let broken = format!("<<<<<<< HEAD\n{SAMPLE}=======\n>>>>>>> theirs\n");
    std::fs::write(&path, &broken).expect("their half-written file");
    a.item_mut("A.5.2").answer = Some(Answer::Gap);
    let Err(SaveError::Invalid(LoadError::Invalid { problems, .. })) =
        file.save_merging(&a, catalog())
    else {
        panic!("an invalid file must not be written");
    };
    assert_eq!(problems[0].line, 1);
    assert_eq!(std::fs::read_to_string(&path).expect("read"), broken);
    let aside = file.save_aside(&a, catalog()).expect("aside");
    assert_eq!(aside, dir.path().join("a.unsaved.toml"));
    assert_eq!(leftover_aside(&path), Some(aside.clone()));
    assert_eq!(read_assessment(&aside, catalog()).expect("aside loads"), a);
    // Someone repairs the file (and adds a change of their own): ours is
    // merged in with the next save, and the side file goes.
    std::fs::write(
        &path,
        SAMPLE.replace("owner = \"CEO\"", "owner = \"Board\""),
    )
    .expect("fix");
    let saved = file.save_merging(&a, catalog()).expect("save");
    assert!(saved.written && saved.merged.is_some());
    let on_disk = read_assessment(&path, catalog()).expect("read");
    assert_eq!(on_disk.item("A.5.2").answer, Some(Answer::Gap));
    assert_eq!(on_disk.item("5.1").owner.as_deref(), Some("Board"));
    assert!(!aside.exists());
}

#[test]
fn a_side_file_from_an_earlier_session_is_never_overwritten() {
    let (dir, path) = file_with(SAMPLE.as_bytes());
    std::fs::write(dir.path().join("a.unsaved.toml"), "earlier").expect("write");
    let (mut file, a) = load_assessment(&path, catalog()).expect("load");
    let aside = file.save_aside(&a, catalog()).expect("aside");
    assert_eq!(aside, dir.path().join("a.unsaved-2.toml"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.unsaved.toml")).expect("read"),
        "earlier"
    );
}

#[test]
fn stale_temporary_files_are_removed_when_the_file_is_opened() {
    let (dir, path) = file_with(SAMPLE.as_bytes());
    let stale = dir.path().join(".a.toml.1f2e3d.gapwalk-tmp");
    let live = dir.path().join(".a.toml.4c5b6a.gapwalk-tmp");
    let unrelated = dir.path().join(".b.toml.1f2e3d.gapwalk-tmp");
    for p in [&stale, &live, &unrelated] {
        std::fs::write(p, SAMPLE).expect("write");
    }
    // A writer that is still at work holds its temporary file's lock.
    let held = std::fs::File::open(&live).expect("open");
    fs4::FileExt::try_lock(&held).expect("lock");
    load_assessment(&path, catalog()).expect("load");
    assert!(!stale.exists(), "a dead writer's file is removed");
    assert!(live.exists(), "a live writer's file is kept");
    assert!(unrelated.exists(), "another file's are not ours to judge");
}

#[test]
fn create_never_overwrites_and_leaves_nothing_on_failure() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new.toml");
    std::fs::write(&path, "mine").expect("write");
    let a = Assessment::new(catalog().id(), "Contoso");
    assert!(matches!(
        create_assessment(&path, &a, catalog()),
        Err(SaveError::Exists { .. })
    ));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "mine");
    assert_eq!(others(dir.path(), &["new.toml"]), Vec::<String>::new());
    let fresh = dir.path().join("fresh.toml");
    create_assessment(&fresh, &a, catalog()).expect("create");
    assert_eq!(read_assessment(&fresh, catalog()).expect("read"), a);
    assert_eq!(
        others(dir.path(), &["new.toml", "fresh.toml"]),
        Vec::<String>::new()
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_never_written_even_by_root() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = file_with(SAMPLE.as_bytes());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
    assert!(file.read_only());
    a.item_mut("A.5.2").answer = Some(Answer::Gap);
    assert!(matches!(
        file.save_merging(&a, catalog()),
        Err(SaveError::ReadOnly { .. })
    ));
    assert!(matches!(
        rewrite_locked(&path, |_| Ok(Some(String::new()))),
        Err(SaveError::ReadOnly { .. })
    ));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), SAMPLE);
}

#[cfg(unix)]
#[test]
fn saving_through_a_symbolic_link_writes_the_target_and_keeps_the_link() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("real")).expect("mkdir");
    let real = dir.path().join("real/real.toml");
    std::fs::write(&real, SAMPLE).expect("write");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink("real/real.toml", &link).expect("symlink");
    let (mut file, mut a) = load_assessment(&link, catalog()).expect("load");
    a.item_mut("A.5.2").answer = Some(Answer::Gap);
    assert!(file.save(&a, catalog()).expect("save"));
    let meta = std::fs::symlink_metadata(&link).expect("link");
    assert!(meta.file_type().is_symlink(), "the link stays a link");
    assert_eq!(
        std::fs::read_link(&link).expect("target"),
        Path::new("real/real.toml")
    );
    let target = std::fs::metadata(&real).expect("real");
    assert_eq!(target.permissions().mode() & 0o777, 0o640);
    assert_eq!(read_assessment(&real, catalog()).expect("read"), a);
    assert_eq!(
        others(dir.path(), &["real", "link.toml"]),
        Vec::<String>::new()
    );
    assert_eq!(
        others(&dir.path().join("real"), &["real.toml"]),
        Vec::<String>::new()
    );
    // The next save still goes through the link.
    a.item_mut("A.5.3").answer = Some(Answer::Gap);
    assert!(file.save(&a, catalog()).expect("second save"));
    assert_eq!(read_assessment(&real, catalog()).expect("read"), a);
}

/// Sets or clears the immutable attribute (`chattr`), which stops even
/// root; `false` where the file system or the tool does not offer it.
#[cfg(target_os = "linux")]
fn immutable(path: &Path, on: bool) -> bool {
    std::process::Command::new("chattr")
        .arg(if on { "+i" } else { "-i" })
        .arg(path)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A save refused by the file system (an immutable file, a folder nobody
/// may write in) leaves the file as it was and no temporary file, and the
/// same save succeeds once it can.
#[cfg(target_os = "linux")]
#[test]
fn a_refused_save_leaves_the_file_and_writes_once_it_can() {
    for what in ["file", "folder"] {
        let (dir, path) = file_with(SAMPLE.as_bytes());
        let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
        a.item_mut("A.5.2").answer = Some(Answer::Gap);
        let locked: &Path = if what == "file" { &path } else { dir.path() };
        if !immutable(locked, true) {
            eprintln!("skipped: chattr +i is not available here");
            return;
        }
        let refused = file.save_merging(&a, catalog());
        let unchanged = std::fs::read_to_string(&path).expect("read");
        let left = others(dir.path(), &["a.toml"]);
        immutable(locked, false);
        assert!(
            matches!(refused, Err(SaveError::Io { .. })),
            "{what}: {refused:?}"
        );
        assert_eq!(unchanged, SAMPLE, "{what}");
        assert_eq!(left, Vec::<String>::new(), "{what}");
        assert!(file.save_merging(&a, catalog()).expect("retry").written);
        assert_eq!(read_assessment(&path, catalog()).expect("read"), a);
    }
}

/// Platforms without unnamed temporary files write a named one beside
/// the file: the same guarantees hold on that path (tested here on every
/// platform by switching the unnamed one off).
#[test]
fn the_named_temporary_file_path_keeps_the_same_guarantees() {
    super::disk::NAMED_TEMP_ONLY.store(true, std::sync::atomic::Ordering::Relaxed);
    let (dir, path) = file_with(crlf(SAMPLE).as_bytes());
    let (mut file, mut a) = load_assessment(&path, catalog()).expect("load");
    a.item_mut("A.5.2").answer = Some(Answer::Gap);
    assert!(file.save(&a, catalog()).expect("save"));
    assert_eq!(read_assessment(&path, catalog()).expect("read"), a);
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    let fresh = dir.path().join("fresh.toml");
    create_assessment(&fresh, &a, catalog()).expect("create");
    assert!(matches!(
        create_assessment(&fresh, &a, catalog()),
        Err(SaveError::Exists { .. })
    ));
    assert_eq!(
        others(dir.path(), &["a.toml", "fresh.toml"]),
        Vec::<String>::new()
    );
    super::disk::NAMED_TEMP_ONLY.store(false, std::sync::atomic::Ordering::Relaxed);
}
