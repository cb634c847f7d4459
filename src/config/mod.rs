//! The user's config directory (the platform's usual place, or
//! `GAPWALK_CONFIG_DIR`): `config.toml` (theme, key overrides), theme
//! files, and the list of recently opened assessments. A bad file is
//! reported with line and column and gapwalk carries on with its defaults.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::text::line_col;

/// Overrides the config directory (tests, portable set-ups).
pub const CONFIG_DIR_ENV: &str = "GAPWALK_CONFIG_DIR";
const RECENT_FILE: &str = "recent.toml";
const RECENT_MAX: usize = 10;

/// What `config.toml` says. Everything is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// A built-in theme name or a path (relative to the config directory).
    pub theme: Option<String>,
    /// Key-map overrides: command name → keys, with where they were written.
    pub keys: Vec<KeyOverride>,
    /// Where the file was read from, for messages.
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOverride {
    /// The layer's table (`[keys.forms]` → "forms"); `None` for the plain
    /// `[keys]` table, which means the workshop.
    pub layer: Option<String>,
    pub command: String,
    pub keys: Vec<String>,
    pub line: usize,
    pub column: usize,
}

/// The config directory, if the platform has one.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "gapwalk").map(|d| d.config_dir().to_path_buf())
}

/// Where per-user state (recent files) lives.
fn state_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "gapwalk").map(|d| d.data_local_dir().to_path_buf())
}

/// Reads `config.toml` from the config directory. Problems come back as
/// messages (path:line:col: …); the config is then the defaults.
pub fn load() -> (Config, Vec<String>) {
    let Some(path) = config_dir().map(|d| d.join("config.toml")) else {
        return (Config::default(), Vec::new());
    };
    match fs::read_to_string(&path) {
        Ok(text) => match parse(&text) {
            Ok(mut config) => {
                config.path = Some(path);
                (config, Vec::new())
            }
            Err((line, column, message)) => (
                Config::default(),
                vec![format!("{}:{line}:{column}: {message}", path.display())],
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), Vec::new()),
        Err(e) => (Config::default(), vec![format!("{}: {e}", path.display())]),
    }
}

/// Parses the text of `config.toml`.
pub fn parse(text: &str) -> Result<Config, (usize, usize, String)> {
    let at = |offset: Option<std::ops::Range<usize>>| line_col(text, offset.map_or(0, |s| s.start));
    let doc = toml_edit::Document::parse(text).map_err(|e| {
        let (l, c) = at(e.span());
        (l, c, format!("invalid TOML: {}", e.message().trim_end()))
    })?;
    let mut config = Config::default();
    for (key, item) in doc.as_table().iter() {
        let key_span = doc.as_table().key(key).and_then(|k| k.span());
        match key {
            "theme" => match item.as_str() {
                Some(s) => config.theme = Some(s.to_string()),
                None => {
                    let (l, c) = at(item.span());
                    return Err((
                        l,
                        c,
                        "`theme`: expected a theme name or a path in quotes".into(),
                    ));
                }
            },
            "keys" => {
                let Some(table) = item.as_table_like() else {
                    let (l, c) = at(item.span());
                    return Err((
                        l,
                        c,
                        "`keys`: expected a table of command = [\"key\", …]".into(),
                    ));
                };
                for (name, value) in table.iter() {
                    let span = table.key(name).and_then(|k| k.span());
                    // [keys.forms] and the like: one layer's rebindings.
                    if let Some(layer) = value.as_table_like() {
                        for (command, keys) in layer.iter() {
                            let span = layer.key(command).and_then(|k| k.span());
                            let (line, column) = at(span.or_else(|| keys.span()));
                            config.keys.push(key_override(
                                Some(name),
                                command,
                                keys,
                                line,
                                column,
                            )?);
                        }
                        continue;
                    }
                    let (line, column) = at(span.or_else(|| value.span()));
                    config
                        .keys
                        .push(key_override(None, name, value, line, column)?);
                }
            }
            other => {
                let (l, c) = at(key_span);
                return Err((
                    l,
                    c,
                    format!("unknown setting `{other}`: expected theme or [keys]"),
                ));
            }
        }
    }
    Ok(config)
}

/// One `command = ["key", …]` line of the `[keys]` tables.
fn key_override(
    layer: Option<&str>,
    command: &str,
    keys: &toml_edit::Item,
    line: usize,
    column: usize,
) -> Result<KeyOverride, (usize, usize, String)> {
    let list: Option<Vec<String>> = match keys.as_value() {
        Some(toml_edit::Value::String(s)) => Some(vec![s.value().clone()]),
        Some(toml_edit::Value::Array(a)) => {
            a.iter().map(|v| v.as_str().map(String::from)).collect()
        }
        _ => None,
    };
    let place = layer.map_or_else(
        || format!("keys.{command}"),
        |l| format!("keys.{l}.{command}"),
    );
    let Some(keys) = list else {
        return Err((
            line,
            column,
            format!("{place}: expected a list of keys such as [\"4\", \"g\"]"),
        ));
    };
    Ok(KeyOverride {
        layer: layer.map(String::from),
        command: command.to_string(),
        keys,
        line,
        column,
    })
}

/// Resolves a theme setting: a path as written, else relative to the config
/// directory `dir` (`mine` or `mine.toml`); `None` for a built-in name.
pub fn theme_path_in(dir: Option<&Path>, setting: &str) -> Option<PathBuf> {
    let direct = Path::new(setting);
    if direct.is_file() {
        return Some(direct.to_path_buf());
    }
    let dir = dir?;
    [
        dir.join(setting),
        dir.join(format!("{setting}.toml")),
        dir.join("themes").join(format!("{setting}.toml")),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

/// Recently opened assessments, most recent first; missing files dropped.
pub fn recent_files() -> Vec<PathBuf> {
    let Some(path) = state_dir().map(|d| d.join(RECENT_FILE)) else {
        return Vec::new();
    };
    let Ok(text) = fs::read_to_string(path) else {
        return Vec::new();
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    table
        .get("files")
        .and_then(|f| f.as_array())
        .map(|files| {
            files
                .iter()
                .filter_map(|f| f.as_str())
                .map(PathBuf::from)
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default()
}

/// Puts a file at the top of the recent list. Failing to record it is not
/// worth bothering the user with.
pub fn remember(file: &Path) {
    let Some(dir) = state_dir() else { return };
    let file = fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let mut files = recent_files();
    files.retain(|f| fs::canonicalize(f).map_or(true, |f| f != file));
    files.insert(0, file);
    files.truncate(RECENT_MAX);
    let list: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let mut table = toml::Table::new();
    table.insert("files".into(), toml::Value::from(list));
    let Ok(text) = toml::to_string(&table) else {
        return;
    };
    if fs::create_dir_all(&dir).is_err() {
        return;
    }
    if let Ok(mut f) = atomic_write_file::AtomicWriteFile::options().open(dir.join(RECENT_FILE))
        && f.write_all(text.as_bytes()).is_ok()
    {
        let _ = f.commit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_with_theme_and_keys() {
        let c =
            parse("theme = \"high-contrast\"\n[keys]\nanswer_gap = [\"4\", \"g\"]\nquit = \"Q\"\n")
                .expect("valid");
        assert_eq!(c.theme.as_deref(), Some("high-contrast"));
        assert_eq!(c.keys[0].command, "answer_gap");
        assert_eq!(c.keys[0].keys, ["4", "g"]);
        assert_eq!((c.keys[0].line, c.keys[0].column), (3, 1));
        assert_eq!(c.keys[1].keys, ["Q"]);
    }

    #[test]
    fn key_tables_per_layer_and_the_plain_one_for_the_workshop() {
        let c = parse(
            "[keys]\nanswer_gap = [\"g\"]\n\n[keys.forms]\nsave = [\"f2\"]\n[keys.conflicts]\nkeep_ours = \"1\"\n",
        )
        .expect("valid");
        let found: Vec<(Option<&str>, &str, usize)> = c
            .keys
            .iter()
            .map(|k| (k.layer.as_deref(), k.command.as_str(), k.line))
            .collect();
        assert_eq!(
            found,
            [
                (None, "answer_gap", 2),
                (Some("forms"), "save", 5),
                (Some("conflicts"), "keep_ours", 7)
            ]
        );
        let (l, c, m) = parse("[keys.forms]\nsave = 3\n").expect_err("bad keys");
        assert_eq!((l, c), (2, 1), "{m}");
        assert!(m.contains("keys.forms.save"), "{m}");
    }

    #[test]
    fn bad_config_files_say_where() {
        assert_eq!(parse("them = 1\n").expect_err("unknown").0, 1);
        let (l, c, m) = parse("theme = \"dark\"\n[keys]\nquit = 5\n").expect_err("bad keys");
        assert_eq!((l, c), (3, 1), "{m}");
        let (l, _, m) = parse("theme = \"dark\n").expect_err("bad toml");
        assert_eq!(l, 1, "{m}");
    }
}
