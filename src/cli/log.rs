use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;
use chrono::NaiveDate;

use super::{LogFormat, git};
use crate::analysis::diff;
use crate::assessment::Assessment;
use crate::catalog::Catalog;
use crate::report::{
    HistoryChange, HistoryDiff, HistoryEntry, history_json, history_markdown, history_text,
};

/// `gapwalk log FILE`: the commits that touched the file (following
/// renames), newest first, each with the semantic summary of its change
/// against its first parent, findings as of the commit's date.
pub fn run(file: &Path, format: LogFormat) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    let entries = history(file, catalog)?;
    let label = file.display().to_string();
    let out = match format {
        LogFormat::Text => history_text(&label, &entries, super::diff::colour(false)),
        LogFormat::Markdown => history_markdown(&label, &entries),
        LogFormat::Json => history_json(&entries),
    };
    super::print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// One commit as `git log` printed it.
struct Commit {
    hash: String,
    short: String,
    author: String,
    date: String,
    subject: String,
    /// The parents' hashes, the first one first.
    parents: Vec<String>,
    /// (status, path before, path after) for each name-status line.
    changes: Vec<(String, String, String)>,
}

fn history(file: &Path, catalog: &Catalog) -> anyhow::Result<Vec<HistoryEntry>> {
    let tracked = git::git([
        "ls-files".as_ref(),
        "--full-name".as_ref(),
        "--".as_ref(),
        file.as_os_str(),
    ])?;
    let Some(mut current) = tracked.lines().next().map(str::to_string) else {
        bail!(
            "{} is not tracked by git in this repository (commit it first)",
            file.display()
        );
    };
    // `--follow` finds the commits that changed the file under each of its
    // names, but leaves merges out…
    let followed = parse_log(&git::git([
        "log".as_ref(),
        "--follow".as_ref(),
        "--format=%x1e%H%x1f%h%x1f%an%x1f%ad%x1f%s%x1f%P".as_ref(),
        "--date=short".as_ref(),
        "--name-status".as_ref(),
        "--".as_ref(),
        file.as_os_str(),
    ])?);
    // …so list the commits again over all those names, merges included, in
    // git's order.
    let mut paths: Vec<String> = vec![current.clone()];
    for c in &followed {
        for (_, before, after) in &c.changes {
            for p in [before, after] {
                if !paths.contains(p) {
                    paths.push(p.clone());
                }
            }
        }
    }
    let top = git::git(["rev-parse", "--show-toplevel"])?;
    let mut args: Vec<std::ffi::OsString> = [
        "-C",
        top.trim_end_matches(['\n', '\r']),
        "log",
        // Every side of every merge: by default git hides a branch whose
        // changes a merge left out.
        "--full-history",
        "--format=%x1e%H%x1f%h%x1f%an%x1f%ad%x1f%s%x1f%P",
        "--date=short",
        "--",
    ]
    .iter()
    .map(Into::into)
    .collect();
    args.extend(paths.iter().map(Into::into));
    let all = parse_log(&git::git(args)?);

    // What each commit changed, and the two versions to compare.
    struct Step {
        commit: Commit,
        status: String,
        before: String,
        after: String,
    }
    let mut steps = Vec::new();
    for c in all {
        let followed_commit = followed.iter().find(|f| f.hash == c.hash);
        let (status, before, after) = match followed_commit {
            Some(f) => f
                .changes
                .first()
                .cloned()
                .unwrap_or_else(|| ("M".to_string(), current.clone(), current.clone())),
            // A merge: what it brought in against its first parent.
            None if c.parents.len() > 1 => ("M".to_string(), current.clone(), current.clone()),
            // Another file that once had one of these names.
            None => continue,
        };
        // The newest commits come first: follow the path back through renames.
        current = before.clone();
        steps.push(Step {
            commit: c,
            status,
            before,
            after,
        });
    }

    // Every version through one `git cat-file --batch`, each distinct one
    // read (and parsed) once: a commit's old side is usually the newer
    // commit's new side.
    let mut specs = Vec::with_capacity(steps.len() * 2);
    for s in &steps {
        specs.push((!s.status.starts_with('D')).then(|| format!("{}:{}", s.commit.hash, s.after)));
        specs.push(
            (!s.status.starts_with('A'))
                .then(|| {
                    s.commit
                        .parents
                        .first()
                        .map(|p| format!("{p}:{}", s.before))
                })
                .flatten(),
        );
    }
    let asked: Vec<String> = specs.iter().flatten().cloned().collect();
    let mut ids = git::blob_ids(&asked)?.into_iter();
    let ids: Vec<Option<String>> = specs
        .iter()
        .map(|s| s.as_ref().and_then(|_| ids.next().flatten()))
        .collect();
    let mut distinct: Vec<String> = ids.iter().flatten().cloned().collect();
    distinct.sort_unstable();
    distinct.dedup();
    let contents = git::blobs(&distinct)?;
    let pairs: Vec<(&String, Option<Vec<u8>>)> = distinct.iter().zip(contents).collect();
    let parsed: std::collections::HashMap<&str, Result<Assessment, String>> =
        parallel_map(&pairs, |(id, bytes)| {
            let parsed = match bytes {
                None => Err(format!("cannot read the object {id} from git")),
                Some(bytes) => std::str::from_utf8(bytes)
                    .map_err(|_| format!("{id}: not UTF-8 text"))
                    .and_then(|text| {
                        super::diff::parse_side(text, id, catalog).map_err(|e| format!("{e:#}"))
                    }),
            };
            (id.as_str(), parsed)
        })
        .into_iter()
        .collect();
    let empty = Assessment::new(catalog.id(), "");
    let side = |spec: &Option<String>, id: &Option<String>| -> Result<&Assessment, String> {
        match (spec, id) {
            (None, _) => Ok(&empty),
            (Some(spec), None) => Err(format!("cannot read {spec} from git")),
            (Some(spec), Some(id)) => match parsed.get(id.as_str()) {
                Some(Ok(a)) => Ok(a),
                Some(Err(e)) => Err(e.replace(id.as_str(), spec)),
                None => Err(format!("cannot read {spec} from git")),
            },
        }
    };
    let work: Vec<(Step, usize)> = steps.into_iter().zip((0..).step_by(2)).collect();
    let changes = parallel_map(&work, |(s, i)| {
        let date = s
            .commit
            .date
            .parse::<NaiveDate>()
            .unwrap_or_else(|_| super::today());
        let (new, old) = (side(&specs[*i], &ids[*i]), side(&specs[i + 1], &ids[i + 1]));
        let change = match (old, new) {
            (Ok(old), Ok(new)) => {
                HistoryChange::Diff(Box::new(HistoryDiff::new(&diff(catalog, old, new, date))))
            }
            (Err(e), _) | (_, Err(e)) => HistoryChange::Unreadable(e),
        };
        (date, change)
    });
    let mut entries = Vec::new();
    for ((s, _), (date, change)) in work.into_iter().zip(changes) {
        let c = s.commit;
        entries.push(HistoryEntry {
            commit: c.hash,
            short: c.short,
            author: c.author,
            date,
            subject: c.subject,
            renamed_from: (s.status.starts_with('R') && s.before != s.after).then_some(s.before),
            path: s.after,
            change,
        });
    }
    Ok(entries)
}

/// `f` over `items` on every core, in order. Reading 2,000 versions of a
/// file is most of `gapwalk log`'s time, and each is read on its own.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

fn parse_log(log: &str) -> Vec<Commit> {
    log.split('\x1e')
        .filter(|r| !r.trim().is_empty())
        .filter_map(|record| {
            let mut lines = record.lines();
            let head = lines.next()?;
            let mut fields = head.split('\x1f');
            let mut next = || fields.next().unwrap_or_default().to_string();
            let (hash, short, author, date, subject) = (next(), next(), next(), next(), next());
            let parents = next().split_whitespace().map(str::to_string).collect();
            let changes = lines
                .filter(|l| !l.trim().is_empty())
                .filter_map(|l| {
                    let parts: Vec<&str> = l.split('\t').collect();
                    match parts.as_slice() {
                        [status, path] => {
                            Some((status.to_string(), path.to_string(), path.to_string()))
                        }
                        [status, from, to] => {
                            Some((status.to_string(), from.to_string(), to.to_string()))
                        }
                        _ => None,
                    }
                })
                .collect();
            Some(Commit {
                hash,
                short,
                author,
                date,
                subject,
                parents,
                changes,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_records_with_renames_and_merges_parse() {
        let log = "\x1eaaaa\x1fa\x1fAlex\x1f2026-11-28\x1fMerge branch 'x'\x1fbbbb dddd\n\n\x1ebbbb\x1fb\x1fSam\x1f2026-11-27\x1fRename\x1fcccc\n\nR100\told.toml\tnew.toml\n\x1ecccc\x1fc\x1fSam\x1f2026-11-20\x1fStart\x1f\n\nA\told.toml\n";
        let commits = parse_log(log);
        assert_eq!(commits.len(), 3);
        assert!(commits[0].changes.is_empty());
        assert_eq!(commits[0].parents, ["bbbb", "dddd"]);
        assert!(commits[2].parents.is_empty());
        assert_eq!(commits[0].subject, "Merge branch 'x'");
        assert_eq!(
            commits[1].changes,
            [("R100".into(), "old.toml".into(), "new.toml".into())]
        );
        assert_eq!(commits[2].changes[0].0, "A");
    }
}
