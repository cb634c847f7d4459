//! `gapwalk log` over a long history: a repository of 2,000 commits to
//! one assessment, generated with `git fast-import`, against `git log -p`
//! on the same file (budget: under 2 s, and within 5× of `git log -p`).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use criterion::{Criterion, criterion_group, criterion_main};

const COMMITS: usize = 2_000;
const ANSWERS: [&str; 4] = ["shared", "we-manage", "gap", "microsoft-provides"];

/// A repository whose `assessments/example.toml` changed in every one of
/// `COMMITS` commits: each answers one more item or changes an owner.
fn repository(dir: &Path) {
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assessments/example.toml"
    ))
    .expect("example");
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(args)
            .current_dir(dir)
            .status()
            .expect("git")
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    let mut import = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import");
    let mut stream = Vec::new();
    for n in 0..COMMITS {
        let mut text = base.clone();
        // A trailing item the example does not answer, changed every commit.
        text.push_str(&format!(
            "\n[items.\"A.8.34\"]\nanswer = \"{}\"\nowner = \"Owner {}\"\n",
            ANSWERS[n % ANSWERS.len()],
            n / 3
        ));
        let message = format!("Workshop change {n}");
        let _ = write!(
            stream,
            "commit refs/heads/main\ncommitter Bench <bench@example.org> {} +0000\ndata {}\n{}\n",
            1_767_225_600 + n * 600,
            message.len(),
            message
        );
        let _ = write!(
            stream,
            "M 100644 inline assessments/example.toml\ndata {}\n{}\n",
            text.len(),
            text
        );
    }
    let mut stdin = import.stdin.take().expect("stdin");
    stdin.write_all(&stream).expect("write to git fast-import");
    drop(stdin);
    assert!(
        import.wait().expect("wait").success(),
        "git fast-import failed"
    );
    git(&["checkout", "-q", "main"]);
}

fn log(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    repository(dir.path());
    let mut group = c.benchmark_group("log_2000_commits");
    group.sample_size(10);
    group.bench_function("gapwalk_log", |b| {
        b.iter(|| {
            let out = Command::new(env!("CARGO_BIN_EXE_gapwalk"))
                .args(["log", "assessments/example.toml"])
                .current_dir(dir.path())
                .output()
                .expect("gapwalk log");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        })
    });
    group.bench_function("git_log_p", |b| {
        b.iter(|| {
            let out = Command::new("git")
                .args(["log", "-p", "--", "assessments/example.toml"])
                .current_dir(dir.path())
                .output()
                .expect("git log -p");
            assert!(out.status.success());
        })
    });
    group.finish();
}

criterion_group!(benches, log);
criterion_main!(benches);
