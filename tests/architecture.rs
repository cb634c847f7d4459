//! The boundaries of the code, checked so they hold as it grows: the
//! domain never touches the terminal or the command line, no code file
//! outgrows what one person reads at a sitting, and the README's map of
//! the folders is the folders as they are.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The modules that hold the domain: what gapwalk knows, apart from how
/// it is shown or asked for.
const DOMAIN: &[&str] = &[
    "src/catalog",
    "src/assessment",
    "src/analysis",
    "src/report",
    "src/config",
    "src/scan",
    "src/oscal",
    "src/import",
    "src/text.rs",
    "src/git.rs",
];

/// A use of a crate in code (not in a comment or a string).
fn uses(line: &str, krate: &str) -> bool {
    let code = line.split("//").next().unwrap_or_default();
    if code.trim_start().starts_with('*') {
        return false;
    }
    let outside_strings: String = code.split('"').step_by(2).collect();
    outside_strings.contains(&format!("{krate}::"))
        || outside_strings.contains(&format!("use {krate}"))
        || outside_strings.contains(&format!("extern crate {krate}"))
}

#[test]
fn the_domain_never_imports_the_terminal_or_the_command_line() {
    let mut found = Vec::new();
    for part in DOMAIN {
        let path = root().join(part);
        let files = if path.is_dir() {
            rust_files(&path)
        } else if path.exists() {
            vec![path]
        } else {
            continue;
        };
        for file in files {
            let text = std::fs::read_to_string(&file).expect("read");
            for (n, line) in text.lines().enumerate() {
                for krate in ["ratatui", "crossterm", "clap"] {
                    if uses(line, krate) {
                        found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "the domain uses the UI:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_itself_sees_a_use() {
    assert!(uses("use ratatui::text::Line;", "ratatui"));
    assert!(uses("    let k = crossterm::event::read();", "crossterm"));
    assert!(!uses("// ratatui:: is not used here", "ratatui"));
    assert!(!uses(r#"let s = "clap::Args";"#, "clap"));
}

#[test]
fn the_readme_maps_every_folder_of_src() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let development = readme
        .split("\n## Development")
        .nth(1)
        .expect("a Development section");
    let development = development.split("\n## ").next().unwrap_or(development);
    let entries = std::fs::read_dir(root().join("src")).expect("src");
    let mut missing = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "lib.rs" || name == "main.rs" {
            continue;
        }
        let shown = format!("src/{}", name.trim_end_matches(".rs"));
        if !development.contains(&format!("`{shown}")) {
            missing.push(shown);
        }
    }
    assert!(
        missing.is_empty(),
        "README's Development section does not mention {missing:?}"
    );
}

/// The longest a code file may grow: what one person reads at a sitting.
const MAX_LINES: usize = 600;

/// Files that are data, not logic, and may be longer: a table each walk
/// reads (none needs it yet, but the field table is one).
const DATA_TABLES: &[&str] = &["src/assessment/schema/fields.rs"];

/// The code files over the limit, with their length.
fn too_long(files: &[PathBuf]) -> Vec<String> {
    files
        .iter()
        .filter(|f| {
            let rel = f.strip_prefix(root()).unwrap_or(f);
            !DATA_TABLES.iter().any(|d| rel == Path::new(d))
        })
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).ok()?.lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", f.display()))
        })
        .collect()
}

#[test]
fn no_code_file_is_over_600_lines() {
    let mut files: Vec<PathBuf> = ["src", "tests", "benches"]
        .iter()
        .flat_map(|d| rust_files(&root().join(d)))
        .collect();
    files.push(root().join("build.rs"));
    assert!(
        files.len() > 100,
        "the walk found the code: {}",
        files.len()
    );
    let long = too_long(&files);
    assert!(
        long.is_empty(),
        "split these into modules of at most {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_line_check_itself_sees_a_long_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let long = dir.path().join("long.rs");
    std::fs::write(&long, "fn f() {}\n".repeat(MAX_LINES + 1)).expect("write");
    let short = dir.path().join("short.rs");
    std::fs::write(&short, "fn f() {}\n".repeat(MAX_LINES)).expect("write");
    assert_eq!(too_long(&[long.clone(), short]).len(), 1);
    assert!(too_long(&[long])[0].ends_with("(601 lines)"));
}
