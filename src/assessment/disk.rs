//! The bytes of an assessment file on disk, written so that nothing is
//! lost: the file's line ending and byte order mark are kept, writers take
//! an advisory lock on the file, a replacement is written beside the real
//! file (through a symbolic link) with its mode and owner and renamed over
//! it, and no temporary file outlives a crash.
//!
//! The lock is on the assessment file itself (no lock file appears in the
//! folder): `flock` on Unix, `LockFileEx` on Windows, through `fs4`. A
//! writer that replaced the file leaves its lock on the old one, so a
//! writer that waited checks, once it holds the lock, that its handle is
//! still the file at the path, and otherwise starts again.

use std::borrow::Cow;
use std::fs::{self, File, Metadata};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// How long a writer waits for another one to finish before it gives up
/// (and the save is reported as not done, to be tried again).
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// How a file writes its lines, kept on every write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    /// Lines end in CR LF (most of them did when it was read).
    pub crlf: bool,
    /// The file starts with a UTF-8 byte order mark.
    pub bom: bool,
}

impl Layout {
    /// The layout of `text` and the text as gapwalk works on it: without
    /// the byte order mark, every CR LF a LF (also inside multi-line
    /// strings), so the model and positions are the same whatever the
    /// file's line ending. A file with more CR LF than bare LF line ends
    /// is a CR LF file.
    pub fn decode(text: &str) -> (Layout, Cow<'_, str>) {
        let (bom, body) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let lf = memchr_count(body.as_bytes(), b'\n');
        let crlf = if lf == 0 {
            0
        } else {
            body.matches("\r\n").count()
        };
        let crlf = crlf > lf - crlf;
        let layout = Layout { crlf, bom };
        if crlf {
            (layout, Cow::Owned(body.replace("\r\n", "\n")))
        } else {
            (layout, Cow::Borrowed(body))
        }
    }

    /// The bytes to write for `text` (LF line ends, no byte order mark).
    pub fn encode(self, text: &str) -> Vec<u8> {
        let mut out =
            Vec::with_capacity(text.len() + if self.crlf { text.len() / 20 } else { 0 } + 3);
        if self.bom {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        if self.crlf {
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    out.extend_from_slice(b"\r\n");
                }
                out.extend_from_slice(line.as_bytes());
            }
        } else {
            out.extend_from_slice(text.as_bytes());
        }
        out
    }
}

fn memchr_count(bytes: &[u8], b: u8) -> usize {
    bytes.iter().filter(|&&c| c == b).count()
}

/// What is on disk, as far as we know: a digest of the bytes we last read
/// or wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fingerprint(pub(crate) u64);

impl Fingerprint {
    pub(crate) fn of(bytes: &[u8]) -> Self {
        let mut h = DefaultHasher::new();
        bytes.hash(&mut h);
        Fingerprint(h.finish())
    }
}

/// Why the file could not be taken for writing.
#[derive(Debug)]
pub(crate) enum LockError {
    /// It has no write permission (checked on the mode bits, so root is
    /// refused too: a read-only assessment is a signed-off one).
    ReadOnly,
    /// Another writer held it for longer than [`LOCK_WAIT`].
    Busy,
    Io(io::Error),
}

impl From<io::Error> for LockError {
    fn from(e: io::Error) -> Self {
        LockError::Io(e)
    }
}

/// Whether a file is read-only: no write permission bit at all (on
/// Windows, the read-only attribute). Through symbolic links.
pub(crate) fn is_read_only(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
}

/// The file a write goes to: the target of a symbolic link (so the link
/// stays a link), else the path itself.
pub(crate) fn write_target(path: &Path) -> io::Result<PathBuf> {
    if fs::symlink_metadata(path)?.file_type().is_symlink() {
        fs::canonicalize(path)
    } else {
        Ok(path.to_path_buf())
    }
}

/// The assessment file held under its lock, with what it holds now.
pub(crate) struct Locked {
    /// Holds the lock; released when dropped.
    _file: File,
    /// The real file (symbolic links followed).
    target: PathBuf,
    metadata: Metadata,
    /// The file's bytes, read under the lock.
    pub(crate) bytes: Vec<u8>,
}

impl Locked {
    /// Takes the advisory lock on the file at `path` (through symbolic
    /// links), waiting for another writer for up to [`LOCK_WAIT`], and
    /// reads it.
    pub(crate) fn acquire(path: &Path) -> Result<Locked, LockError> {
        let target = write_target(path)?;
        let deadline = Instant::now() + LOCK_WAIT;
        let mut wait = Duration::from_micros(200);
        loop {
            let mut file = File::open(&target)?;
            match fs4::FileExt::try_lock(&file) {
                Ok(()) => {}
                Err(fs4::TryLockError::WouldBlock) => {
                    if Instant::now() >= deadline {
                        return Err(LockError::Busy);
                    }
                    std::thread::sleep(wait);
                    wait = (wait * 2).min(Duration::from_millis(5));
                    continue;
                }
                // A file system without locks (some network shares):
                // write as before, without the lock, rather than not at
                // all.
                Err(fs4::TryLockError::Error(_)) => {}
            }
            // Another writer may have renamed its new version over the
            // file between our open and our lock: then the lock is on a
            // file nobody reads any more.
            if !is_same_file(&file, &target)? {
                continue;
            }
            let metadata = file.metadata()?;
            if metadata.permissions().readonly() {
                return Err(LockError::ReadOnly);
            }
            let mut bytes = Vec::with_capacity(metadata.len() as usize + 1);
            file.read_to_end(&mut bytes)?;
            return Ok(Locked {
                _file: file,
                target,
                metadata,
                bytes,
            });
        }
    }

    /// Replaces the file with `bytes`: written to a temporary file beside
    /// it with the file's mode (and owner, where allowed), flushed to the
    /// disk, then renamed over it. The lock is held throughout.
    /// The lock stays with the old file, which is closed when this is
    /// dropped.
    pub(crate) fn replace(&self, bytes: &[u8]) -> io::Result<()> {
        replace_file(&self.target, bytes, &self.metadata)
    }
}

#[cfg(unix)]
fn is_same_file(file: &File, path: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let (a, b) = (file.metadata()?, fs::metadata(path)?);
    Ok(a.dev() == b.dev() && a.ino() == b.ino())
}

#[cfg(not(unix))]
fn is_same_file(file: &File, path: &Path) -> io::Result<bool> {
    let ours = same_file::Handle::from_file(file.try_clone()?)?;
    Ok(ours == same_file::Handle::from_path(path)?)
}

/// Writes `bytes` to a new file at `path`, never over an existing one:
/// the content is written and flushed first, then given its name in one
/// step (a hard link, or `linkat` of an unnamed file on Linux). On failure
/// nothing is left behind; an existing file is an `AlreadyExists` error.
pub(crate) fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (dir, name) = split(path)?;
    #[cfg(target_os = "linux")]
    if unnamed_allowed()
        && let Some(result) = linux::create_new(&dir, &name, bytes)
    {
        return result;
    }
    let temp = Temp::write(&dir, &name, bytes, None)?;
    pause("before-rename");
    let linked = fs::hard_link(&temp.path, path);
    match linked {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(e),
        // No hard links on this file system (FAT): a rename, after
        // checking that the name is free.
        Err(_) => {
            if fs::symlink_metadata(path).is_ok() {
                return Err(io::ErrorKind::AlreadyExists.into());
            }
            fs::rename(&temp.path, path)?;
        }
    }
    drop(temp);
    sync_dir(&dir);
    Ok(())
}

/// Replaces a file with `bytes` (see [`Locked::replace`]); for files
/// without a lock, such as the side file of unsaved changes.
pub(crate) fn replace_file(target: &Path, bytes: &[u8], like: &Metadata) -> io::Result<()> {
    let (dir, name) = split(target)?;
    #[cfg(target_os = "linux")]
    if unnamed_allowed()
        && let Some(result) = linux::replace(&dir, &name, bytes, like)
    {
        return result;
    }
    let temp = Temp::write(&dir, &name, bytes, Some(like))?;
    pause("before-rename");
    fs::rename(&temp.path, target)?;
    temp.forget();
    sync_dir(&dir);
    Ok(())
}

/// The folder and file name of a path ("." for a bare name).
fn split(path: &Path) -> io::Result<(PathBuf, std::ffi::OsString)> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((dir, name.to_os_string()))
}

/// Tests set this to take the named-temporary-file path that platforms
/// without `O_TMPFILE` take, so it is tested on Linux too.
#[cfg(test)]
pub(crate) static NAMED_TEMP_ONLY: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

#[cfg(target_os = "linux")]
fn unnamed_allowed() -> bool {
    #[cfg(test)]
    if NAMED_TEMP_ONLY.load(Ordering::Relaxed) {
        return false;
    }
    true
}

/// The suffix of gapwalk's temporary files: `.NAME.toml.<id>.gapwalk-tmp`.
const TEMP_SUFFIX: &str = ".gapwalk-tmp";

fn temp_name(name: &std::ffi::OsStr) -> std::ffi::OsString {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut s = std::ffi::OsString::from(".");
    s.push(name);
    s.push(format!(
        ".{:x}{:x}{:x}{TEMP_SUFFIX}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    ));
    s
}

/// A named temporary file beside the target, locked while it exists (so
/// that [`remove_stale_temps`] can tell a live writer's file from a dead
/// one's) and removed when dropped unless it was renamed.
struct Temp {
    path: PathBuf,
    file: Option<File>,
}

impl Temp {
    fn write(
        dir: &Path,
        name: &std::ffi::OsStr,
        bytes: &[u8],
        like: Option<&Metadata>,
    ) -> io::Result<Temp> {
        let path = dir.join(temp_name(name));
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        let mut temp = Temp {
            path,
            file: Some(file),
        };
        let file = temp.file.as_mut().ok_or(io::ErrorKind::Other)?;
        let _ = fs4::FileExt::try_lock(&*file);
        file.write_all(bytes)?;
        if let Some(like) = like {
            copy_owner_and_mode(file, like)?;
        }
        file.sync_all()?;
        Ok(temp)
    }

    /// It has been renamed: nothing to remove.
    fn forget(mut self) {
        self.file = None;
        self.path = PathBuf::new();
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Gives the replacement the mode (and, where allowed, the owner and
/// group) of the file it replaces.
fn copy_owner_and_mode(file: &File, like: &Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let ours = file.metadata()?;
        if (ours.uid(), ours.gid()) != (like.uid(), like.gid())
            && std::os::unix::fs::fchown(file, Some(like.uid()), Some(like.gid())).is_err()
        {
            // Only root may give a file away; the group may still be ours
            // to set.
            let _ = std::os::unix::fs::fchown(file, None, Some(like.gid()));
        }
        file.set_permissions(fs::Permissions::from_mode(like.mode() & 0o7777))?;
    }
    #[cfg(not(unix))]
    {
        let _ = (file, like);
    }
    Ok(())
}

/// Flushes a folder's entries (the rename) to the disk, where the
/// platform can.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Removes gapwalk's own temporary files beside `path` that a crashed
/// writer left: those whose lock nobody holds (a live writer holds the
/// lock of its temporary file for as long as it exists).
pub(crate) fn remove_stale_temps(path: &Path) {
    let Ok(target) = write_target(path) else {
        return;
    };
    let Ok((dir, name)) = split(&target) else {
        return;
    };
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(&name);
    prefix.push(".");
    let (Some(prefix), Ok(entries)) = (prefix.to_str(), fs::read_dir(&dir)) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else {
            continue;
        };
        if !(n.starts_with(prefix) && n.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let path = entry.path();
        let Ok(file) = File::open(&path) else {
            continue;
        };
        if fs4::FileExt::try_lock(&file).is_ok() {
            let _ = fs::remove_file(&path);
        }
    }
}

/// A test hook: in debug builds only, and only when the environment
/// variable `GAPWALK_TEST_PAUSE` names this point (`before-link:MS`,
/// `before-rename:MS`, comma-separated), the write stops here for that
/// long, so a test can kill the process or race another writer in the
/// middle of a commit. Release builds have no such hook.
pub(crate) fn pause(point: &str) {
    #[cfg(debug_assertions)]
    if let Some(spec) = std::env::var_os("GAPWALK_TEST_PAUSE") {
        for part in spec.to_string_lossy().split(',') {
            if let Some((p, ms)) = part.split_once(':')
                && p.trim() == point
                && let Ok(ms) = ms.trim().parse::<u64>()
            {
                std::thread::sleep(Duration::from_millis(ms));
            }
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = point;
}

/// Linux: an unnamed temporary file (`O_TMPFILE`) that gets a name only at
/// the end, so a crash while writing leaves nothing in the folder. `None`
/// where the file system does not offer it (the caller then uses a named
/// temporary file).
#[cfg(target_os = "linux")]
mod linux {
    use std::fs::{File, Metadata};
    use std::io::{self, Write};
    use std::os::fd::AsRawFd;
    use std::path::Path;

    use rustix::fs::{AtFlags, CWD, Mode, OFlags};

    use super::{copy_owner_and_mode, pause, sync_dir, temp_name};

    /// The unnamed file, written and flushed, with the folder it is in.
    fn unnamed(
        dir: &Path,
        bytes: &[u8],
        like: Option<&Metadata>,
    ) -> Option<io::Result<(File, File)>> {
        let folder = File::open(dir).ok()?;
        let fd = rustix::fs::openat(
            &folder,
            ".",
            OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o666),
        )
        .ok()?;
        let mut file = File::from(fd);
        let written = (|| {
            file.write_all(bytes)?;
            if let Some(like) = like {
                copy_owner_and_mode(&file, like)?;
            }
            file.sync_all()?;
            // Locked before it has a name (see `remove_stale_temps`).
            let _ = fs4::FileExt::try_lock(&file);
            Ok(())
        })();
        Some(written.map(|()| (folder, file)))
    }

    /// Gives the unnamed file a name in the folder.
    fn link(folder: &File, file: &File, name: &std::ffi::OsStr) -> io::Result<()> {
        let proc_path = format!("/proc/self/fd/{}", file.as_raw_fd());
        rustix::fs::linkat(
            CWD,
            proc_path.as_str(),
            folder,
            name,
            AtFlags::SYMLINK_FOLLOW,
        )
        .map_err(io::Error::from)
    }

    pub(super) fn create_new(
        dir: &Path,
        name: &std::ffi::OsStr,
        bytes: &[u8],
    ) -> Option<io::Result<()>> {
        let (folder, file) = match unnamed(dir, bytes, None)? {
            Ok(f) => f,
            Err(e) => return Some(Err(e)),
        };
        pause("before-link");
        match link(&folder, &file, name) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Some(Err(e)),
            // No /proc: the caller uses a named temporary file.
            Err(_) => return None,
        }
        sync_dir(dir);
        Some(Ok(()))
    }

    pub(super) fn replace(
        dir: &Path,
        name: &std::ffi::OsStr,
        bytes: &[u8],
        like: &Metadata,
    ) -> Option<io::Result<()>> {
        let (folder, file) = match unnamed(dir, bytes, Some(like))? {
            Ok(f) => f,
            Err(e) => return Some(Err(e)),
        };
        pause("before-link");
        let temp = temp_name(name);
        if link(&folder, &file, &temp).is_err() {
            return None;
        }
        pause("before-rename");
        let renamed = rustix::fs::renameat(&folder, &temp, &folder, name).map_err(io::Error::from);
        if renamed.is_err() {
            let _ = rustix::fs::unlinkat(&folder, &temp, AtFlags::empty());
        }
        drop(file);
        Some(renamed.map(|()| sync_dir(dir)))
    }
}
