//! Helpers the integration tests share: a small disk that fills up on
//! demand, and a CSV reader that sees fields as a spreadsheet does.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A small tmpfs mounted at a folder (Linux, as root), unmounted when
/// dropped: a disk that fills up on demand.
pub struct SmallDisk(PathBuf);

impl SmallDisk {
    /// Mounts `size` (such as `64k`) at `dir/small`; `None`, with a message,
    /// where mounting is not allowed.
    pub fn mount(dir: &Path, size: &str) -> Option<SmallDisk> {
        let mount = dir.join("small");
        std::fs::create_dir(&mount).expect("mkdir");
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&mount)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
            return None;
        }
        Some(SmallDisk(mount))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Fills the disk with a file named `filler`; returns its path.
    pub fn fill(&self) -> PathBuf {
        use std::io::Write;
        let filler = self.0.join("filler");
        let mut f = std::fs::File::create(&filler).expect("filler");
        let block = vec![b'x'; 1024];
        while f.write_all(&block).is_ok() {}
        let _ = f.sync_all();
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// A small RFC 4180 reader, to check fields as a spreadsheet sees them.
pub fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let s = s.trim_start_matches('\u{feff}');
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("a record ends in LF, not CRLF"),
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quoted field");
    assert!(field.is_empty() && row.is_empty(), "no final CRLF");
    rows
}
