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

/// The blob ids of many `REV:PATH` specs, through one
/// `git cat-file --batch-check`: `None` where the revision has no such
/// file.
pub(crate) fn blob_ids(specs: &[String]) -> anyhow::Result<Vec<Option<String>>> {
    let answers = cat_file("--batch-check", specs)?;
    Ok(answers
        .into_iter()
        .map(|a| a.filter(|(kind, ..)| kind == "blob").map(|(_, oid, _)| oid))
        .collect())
}

/// The contents of many blobs (by id), through one `git cat-file --batch`
/// instead of one `git show` each, in the order asked.
pub(crate) fn blobs(ids: &[String]) -> anyhow::Result<Vec<Option<Vec<u8>>>> {
    let answers = cat_file("--batch", ids)?;
    Ok(answers
        .into_iter()
        .map(|a| a.and_then(|(_, _, bytes)| bytes))
        .collect())
}

/// One answer of `git cat-file`: type, object id and (with `--batch`) the
/// bytes; `None` for a request git could not find.
type Answer = Option<(String, String, Option<Vec<u8>>)>;

fn cat_file(mode: &str, requests: &[String]) -> anyhow::Result<Vec<Answer>> {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::Stdio;
    if requests.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = Command::new("git")
        .args(["cat-file", mode])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                anyhow::anyhow!("git is not installed (or not on PATH): this needs git")
            }
            _ => anyhow::Error::new(e).context("cannot run git"),
        })?;
    let mut stdin = child.stdin.take().context("git cat-file: no input")?;
    // A request naming a path with a line break cannot be sent: it is
    // asked as an object that never exists.
    let input: String = requests
        .iter()
        .map(|s| {
            if s.contains(['\n', '\r']) {
                "0000000000000000000000000000000000000000\n".to_string()
            } else {
                format!("{s}\n")
            }
        })
        .collect();
    // Written from another thread, so that git's answers (read below) never
    // fill the pipe while we are still asking.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut out = BufReader::new(child.stdout.take().context("git cat-file: no output")?);
    let with_contents = mode == "--batch";
    let mut answers = Vec::with_capacity(requests.len());
    let mut header = String::new();
    for _ in requests {
        header.clear();
        if out.read_line(&mut header)? == 0 {
            bail!("git cat-file stopped answering");
        }
        let mut parts = header.split_whitespace();
        let (Some(oid), Some(kind), Some(size)) = (parts.next(), parts.next(), parts.next()) else {
            // "<request> missing" or "ambiguous".
            answers.push(None);
            continue;
        };
        let bytes = if with_contents {
            let size: usize = size
                .parse()
                .with_context(|| format!("git cat-file: unexpected answer {header:?}"))?;
            let mut bytes = vec![0; size + 1];
            out.read_exact(&mut bytes)?;
            bytes.truncate(size);
            Some(bytes)
        } else {
            None
        };
        answers.push(Some((kind.to_string(), oid.to_string(), bytes)));
    }
    drop(out);
    let _ = writer.join();
    let _ = child.wait();
    Ok(answers)
}
