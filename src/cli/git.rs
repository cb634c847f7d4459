//! Running git: always through `Command` with arguments, never a shell.

use std::ffi::OsStr;
use std::process::{Command, Output};

use anyhow::{Context, bail};

/// Runs `git ARGS` in the current directory and returns its standard
/// output; a failure becomes an error carrying git's own message.
pub(crate) fn git<I, S>(args: I) -> anyhow::Result<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = run(args)?;
    if !out.status.success() {
        bail!("{}", git_error(&out));
    }
    String::from_utf8(out.stdout).context("git printed text that is not UTF-8")
}

/// Runs git and returns its output whatever its exit status.
pub(crate) fn run<I, S>(args: I) -> anyhow::Result<Output>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Command::new("git")
        .args(args)
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                anyhow::anyhow!("git is not installed (or not on PATH): this needs git")
            }
            _ => anyhow::Error::new(e).context("cannot run git"),
        })
}

/// Git's complaint, made plain where we know it.
fn git_error(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let message = stderr
        .lines()
        .map(|l| {
            l.trim_start_matches("fatal: ")
                .trim_start_matches("error: ")
        })
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    if message.contains("not a git repository") {
        "not in a git repository: run this inside the repository that holds the assessment"
            .to_string()
    } else if message.is_empty() {
        format!("git failed ({})", out.status)
    } else {
        format!("git: {message}")
    }
}

/// The file `path` (relative to the repository root, or `./`-relative to
/// the current directory) as it is in `rev`.
pub(crate) fn show(rev: &str, path: &str) -> anyhow::Result<String> {
    git(["show", &format!("{rev}:{path}")])
        .with_context(|| format!("cannot read {rev}:{path} from git"))
}
