//! The workshop UI: a synchronous loop of terminal event → `Msg` →
//! `update` → effects carried out (saving first) → draw.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
use ratatui::crossterm::execute;

pub mod app;
pub mod effect;
pub mod keys;
pub mod msg;
pub mod start;
pub mod theme;
pub mod update;
pub mod view;

use crate::assessment::{
    AssessmentFile, LoadError, SaveError, create_assessment, leftover_aside, load_assessment,
};
use crate::catalog::Catalog;
use app::App;
use effect::Effect;
use msg::Msg;
use start::StartState;
use theme::Theme;
use view::ViewState;

/// How the UI was asked to look.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--theme NAME|PATH`.
    pub theme: Option<String>,
    /// Today: every date the workshop writes, and what findings are
    /// judged against.
    pub today: chrono::NaiveDate,
}

/// Chooses the theme: `--theme`, else the config file, else dark; NO_COLOR
/// wins over all of them. A bad theme named on the command line is an
/// error; a bad one in the config is a warning.
pub fn resolve_theme(
    option: Option<&str>,
    config: Option<&str>,
    warnings: &mut Vec<String>,
) -> anyhow::Result<Theme> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dir = crate::config::config_dir();
    choose_theme(no_color, option, config, dir.as_deref(), warnings)
}

/// [`resolve_theme`] with NO_COLOR and the config directory given.
pub fn choose_theme(
    no_color: bool,
    option: Option<&str>,
    config: Option<&str>,
    config_dir: Option<&Path>,
    warnings: &mut Vec<String>,
) -> anyhow::Result<Theme> {
    if no_color {
        return Ok(Theme::monochrome());
    }
    let from = |setting: &str| -> Result<Theme, String> {
        if let Some(t) = Theme::builtin(setting) {
            return Ok(t);
        }
        match crate::config::theme_path_in(config_dir, setting) {
            Some(path) => Theme::load(&path).map_err(|e| e.to_string()),
            None => Err(format!(
                "unknown theme \"{setting}\": expected dark, light, high-contrast or a theme file"
            )),
        }
    };
    if let Some(setting) = option {
        return from(setting).map_err(anyhow::Error::msg);
    }
    if let Some(setting) = config {
        match from(setting) {
            Ok(t) => return Ok(t),
            Err(e) => warnings.push(format!("{e}; using the dark theme")),
        }
    }
    Ok(Theme::dark())
}

/// Applies the user's config to the app: theme, the themes `cycle_theme`
/// goes through, key overrides. Problems become the first status.
fn configure(app: &mut App, options: &Options) -> anyhow::Result<()> {
    let (config, mut warnings) = crate::config::load();
    let theme = resolve_theme(
        options.theme.as_deref(),
        config.theme.as_deref(),
        &mut warnings,
    )?;
    let mut themes = Theme::builtins();
    if !themes.iter().any(|t| t.name == theme.name) {
        themes.insert(0, theme.clone());
    }
    app.theme = theme;
    app.themes = themes;
    let (keymap, key_warnings) = app.keymap.with_overrides(&key_overrides(&config));
    app.keymap = keymap;
    warnings.extend(key_warnings);
    if let Some(w) = warnings.first() {
        app.status = app::Status::Warning(w.clone());
    }
    Ok(())
}

/// The config file's `[keys]` tables as key-map overrides.
pub fn key_overrides(config: &crate::config::Config) -> Vec<keys::Override> {
    let path = config
        .path
        .as_ref()
        .map_or_else(|| "config.toml".to_string(), |p| p.display().to_string());
    config
        .keys
        .iter()
        .map(|o| keys::Override {
            layer: o.layer.clone(),
            command: o.command.clone(),
            keys: o.keys.clone(),
            at: format!("{path}:{}:{}", o.line, o.column),
        })
        .collect()
}

/// Restores the terminal however the loop ends.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = execute!(
            std::io::stdout(),
            event::DisableMouseCapture,
            event::DisableBracketedPaste
        );
        ratatui::restore();
    }
}

/// Opens the start screen (no file given) or an assessment.
pub fn run(file: Option<PathBuf>, options: Options) -> anyhow::Result<()> {
    let catalog = Catalog::builtin();
    // Load before touching the terminal, so a bad file is a plain error.
    let loaded = match &file {
        Some(path) => Some((path.clone(), load_assessment(path, catalog)?)),
        None => None,
    };
    let start = StartState::new(
        catalog,
        Path::new(start::ASSESSMENTS_DIR),
        &crate::config::recent_files(),
    );
    let mut app = App::start(catalog, start, options.today);
    configure(&mut app, &options)?;
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the workshop UI needs a terminal; for scripts use `gapwalk report`, `gapwalk validate` or `gapwalk --help`"
        );
    }
    // Chained under ratatui's own hook, which restores raw mode and the
    // screen: this one gives the mouse and paste back to the terminal.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(
            std::io::stdout(),
            event::DisableMouseCapture,
            event::DisableBracketedPaste
        );
        previous(info);
    }));
    let mut terminal = ratatui::try_init().context("cannot use this terminal")?;
    let _guard = TerminalGuard;
    let _ = execute!(
        std::io::stdout(),
        event::EnableMouseCapture,
        event::EnableBracketedPaste
    );
    let stop = stop_flag();

    let mut file = None;
    if let Some((path, (f, assessment))) = loaded {
        crate::config::remember(&path);
        app.open(assessment, &file_name(&path), export_dir(&path));
        opened_state(&mut app, &f, &path);
        file = Some(f);
    }
    workshop(&mut terminal, &mut app, file, &stop)
}

/// The name the title bar shows.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Where an assessment's exports go: `exports/` beside it.
fn export_dir(path: &Path) -> PathBuf {
    path.parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
        .join("exports")
}

/// Opens the file the start screen chose; the outcome comes back as a
/// message.
fn open(file: &mut Option<AssessmentFile>, path: &Path, catalog: &Catalog) -> Msg {
    match load_assessment(path, catalog) {
        Ok((f, assessment)) => {
            crate::config::remember(path);
            let msg = Msg::Opened {
                assessment,
                file_name: file_name(path),
                export_dir: export_dir(path),
                read_only: f.read_only(),
                warning: open_warning(&f, path),
            };
            *file = Some(f);
            msg
        }
        Err(e) => Msg::OpenFailed(crate::text::sanitize(&e.to_string())),
    }
}

/// What the workshop says about a file it has just opened: read-only, or
/// changes an earlier session could not save in it.
fn open_warning(file: &AssessmentFile, path: &Path) -> Option<String> {
    if file.read_only() {
        return Some(app::read_only_message(&file_name(path)));
    }
    leftover_aside(path).map(|aside| {
        format!(
            "{} holds changes an earlier session could not save here: compare them with `gapwalk diff {} {}`.",
            crate::text::escape_path(&aside),
            crate::text::escape_path(path),
            crate::text::escape_path(&aside)
        )
    })
}

/// The state that comes with a file rather than with the workshop.
fn opened_state(app: &mut App, file: &AssessmentFile, path: &Path) {
    app.read_only = file.read_only();
    if let Some(warning) = open_warning(file, path) {
        app.status = app::Status::Warning(warning);
    }
}

/// Creates the new assessment the start screen's form describes, then
/// opens it.
fn create(
    file: &mut Option<AssessmentFile>,
    path: &Path,
    assessment: &crate::assessment::Assessment,
    catalog: &Catalog,
) -> Msg {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        return Msg::OpenFailed(format!("cannot create {}: {e}", dir.display()));
    }
    // A new assessment gets its id (what calendar UIDs derive from) here,
    // where the clock may be read.
    let mut assessment = assessment.clone();
    assessment.id = Some(crate::assessment::Assessment::new_id(
        &assessment.organisation,
        std::time::SystemTime::now(),
    ));
    match create_assessment(path, &assessment, catalog) {
        Ok(_) => open(file, path, catalog),
        Err(e) => Msg::OpenFailed(crate::text::sanitize(&e.to_string())),
    }
}

/// Set when SIGTERM arrives, so the loop can restore the terminal and
/// leave; a second SIGTERM ends the process at once. Everything shown as
/// saved is already in the file. SIGHUP keeps its default action: the
/// terminal is gone, so there is nothing to restore (and a closed terminal
/// must not leave a process behind waiting on it).
fn stop_flag() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    #[cfg(unix)]
    {
        use signal_hook::consts::SIGTERM;
        let _ = signal_hook::flag::register_conditional_shutdown(SIGTERM, 1, flag.clone());
        let _ = signal_hook::flag::register(SIGTERM, flag.clone());
    }
    flag
}

/// Turns a terminal event into a message.
pub fn event_msg(event: Event, view: &ViewState) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Msg::Key(key)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(_) => view.hit(m.column, m.row, 0),
            MouseEventKind::ScrollDown => view.hit(m.column, m.row, 1),
            MouseEventKind::ScrollUp => view.hit(m.column, m.row, -1),
            _ => None,
        },
        Event::Paste(text) => Some(Msg::Paste(text)),
        _ => None,
    }
}

fn workshop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    mut file: Option<AssessmentFile>,
    stop: &std::sync::atomic::AtomicBool,
) -> anyhow::Result<()> {
    let catalog = app.catalog;
    let mut view = ViewState::default();
    let mut seen_change = None;
    loop {
        let drawn = terminal
            .draw(|frame| view::render(app, frame, &mut view))?
            .area;
        app.page = view.page;
        app.too_small = view.too_small;
        let mut idle = 0u32;
        let msg = loop {
            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                return Ok(());
            }
            if event::poll(Duration::from_millis(250))? {
                break event_msg(event::read()?, &view);
            }
            // A resize whose signal got lost (a busy machine, some
            // terminal multiplexers) is still seen within a quarter second:
            // drawing again fits the screen to the new size.
            if terminal.size().is_ok_and(|size| size != drawn.as_size()) {
                break None;
            }
            // Nothing to watch on the start screen.
            let Some(file) = file.as_mut() else { continue };
            // About once a second, look for another program's change.
            idle += 1;
            let change = (idle.is_multiple_of(4) && app.overlay.is_none())
                .then(|| file.foreign_change())
                .flatten()
                .filter(|&digest| seen_change != Some(digest));
            if let Some(digest) = change {
                // React once to each version another program writes.
                seen_change = Some(digest);
                break Some(merge_from_disk(app, file));
            }
            // A save that failed (a full disk, a read-only folder, a
            // writer that held the lock too long) is tried again about
            // once a second, so it is written as soon as it can be.
            if idle % 4 == 2 && app.unsaved && app.disk_invalid.is_none() && !app.read_only {
                break Some(Msg::RetrySave);
            }
        };
        let Some(msg) = msg else { continue };
        let mut pending = std::collections::VecDeque::from(update::update(app, msg));
        while let Some(effect) = pending.pop_front() {
            let follow_up = match effect {
                Effect::Export(request) => file
                    .as_ref()
                    .map(|f| export(app, f, request))
                    .into_iter()
                    .collect(),
                Effect::Quit => return Ok(()),
                Effect::Persist => file
                    .as_mut()
                    .map(|f| persist(app, f, catalog))
                    .unwrap_or_default(),
                Effect::Open(path) => vec![open(&mut file, &path, catalog)],
                Effect::Create { path, assessment } => {
                    vec![create(&mut file, &path, &assessment, catalog)]
                }
            };
            for msg in follow_up {
                pending.extend(update::update(app, msg));
            }
        }
    }
}

/// Makes an export and writes it (asking first, through a message, when
/// the file exists); the outcome comes back as a message.
fn export(app: &App, file: &AssessmentFile, request: effect::ExportRequest) -> Msg {
    use crate::report::{ExportOptions, export_warnings_with, write_export};
    if !request.overwrite && request.path.exists() {
        return Msg::ExportExists(request);
    }
    if let Some(dir) = request.path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        return Msg::ExportFailed(format!("cannot create {}: {e}", dir.display()));
    }
    let options = ExportOptions {
        audience: request.audience,
        // The SoA's version history, where git has one.
        history: (request.kind == crate::report::ExportKind::Soa)
            .then(|| crate::git::file_history(file.path()))
            .flatten(),
        ..ExportOptions::new(app.today)
    };
    let (kind, format, path) = (request.kind, request.format, &request.path);
    let made = crate::report::export(kind, format, app.catalog, &app.assessment, &options)
        .and_then(|bytes| write_export(path, &bytes, file.path()));
    match made {
        Ok(()) => Msg::Exported {
            path: path.display().to_string(),
            warnings: export_warnings_with(kind, format, app.catalog, &app.assessment, &options),
        },
        Err(e) => Msg::ExportFailed(e.to_string()),
    }
}

/// Saves now; the outcome comes back as messages. If another program
/// changed the file meanwhile, its changes are merged in under the file's
/// lock and the merge is saved (and comes back to be shown). A file on disk
/// that is no longer a valid assessment is not written: what the workshop
/// shows goes to a side file beside it instead.
fn persist(app: &App, file: &mut AssessmentFile, catalog: &Catalog) -> Vec<Msg> {
    match file.save_merging(&app.assessment, catalog) {
        Ok(saved) => match saved.merged {
            // Shown, then saved again (which finds nothing new to write).
            Some(merge) => vec![merged(merge)],
            None => vec![Msg::Saved {
                at: chrono::Local::now().format("%H:%M:%S").to_string(),
            }],
        },
        Err(SaveError::Invalid(e)) => vec![disk_invalid(app, file, &e)],
        Err(e) => vec![Msg::SaveFailed {
            message: e.to_string(),
        }],
    }
}

fn merged(merge: crate::assessment::Merge) -> Msg {
    Msg::Merged {
        assessment: merge.assessment,
        new_conflicts: merge.conflicts.iter().map(|c| c.describe()).collect(),
    }
}

/// The file on disk is not a valid assessment: what the workshop shows is
/// written to the side file instead, and the message says where.
fn disk_invalid(app: &App, file: &mut AssessmentFile, e: &LoadError) -> Msg {
    let (at, problem) = match e {
        LoadError::Invalid { path, problems } => {
            let first = problems.first();
            (
                format!(
                    "{}:{}:{}",
                    path.display(),
                    first.map_or(1, |p| p.line),
                    first.map_or(1, |p| p.column)
                ),
                e.to_string().lines().next().unwrap_or_default().to_string(),
            )
        }
        LoadError::Io { path, .. } => (path.display().to_string(), e.to_string()),
    };
    let aside = file
        .save_aside(&app.assessment, app.catalog)
        .map(|p| p.display().to_string())
        .map_err(|e| e.to_string());
    Msg::DiskInvalid { at, problem, aside }
}

/// Three-way merge of the file on disk (another program's change) with
/// what the workshop holds, against what gapwalk last read or wrote. A file
/// that cannot be read is left alone.
fn merge_from_disk(app: &App, file: &mut AssessmentFile) -> Msg {
    match file.merge_from_disk(&app.assessment, app.catalog) {
        Ok(merge) => merged(merge),
        Err(e) => disk_invalid(app, file, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_wins_over_every_theme_setting() {
        let mut w = Vec::new();
        let t =
            choose_theme(true, Some("light"), Some("high-contrast"), None, &mut w).expect("theme");
        assert_eq!(t, Theme::monochrome());
        assert!(w.is_empty());
    }

    #[test]
    fn themes_are_found_by_name_in_the_config_folder_or_by_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("themes")).expect("mkdir");
        std::fs::write(
            dir.path().join("themes").join("room.toml"),
            "name = \"room\"\nextends = \"light\"\n[styles]\ngap = { fg = \"#ff0000\" }\n",
        )
        .expect("write");
        let mut w = Vec::new();
        let pick = |option, config, w: &mut Vec<String>| {
            choose_theme(false, option, config, Some(dir.path()), w)
        };
        assert_eq!(pick(None, None, &mut w).expect("default").name, "dark");
        assert_eq!(
            pick(Some("light"), None, &mut w).expect("builtin").name,
            "light"
        );
        assert_eq!(
            pick(None, Some("room"), &mut w).expect("by name").name,
            "room"
        );
        let by_path = dir.path().join("themes").join("room.toml");
        let by_path = by_path.to_str().expect("utf-8 path");
        assert_eq!(
            pick(Some(by_path), None, &mut w).expect("by path").name,
            "room"
        );
        assert!(w.is_empty(), "{w:?}");
        // A bad name on the command line is an error, in the config a warning.
        let err = pick(Some("neon"), None, &mut w).expect_err("unknown");
        assert!(err.to_string().contains("unknown theme \"neon\""), "{err}");
        assert_eq!(
            pick(None, Some("neon"), &mut w).expect("falls back").name,
            "dark"
        );
        assert!(w[0].contains("using the dark theme"), "{w:?}");
    }

    #[test]
    fn a_config_files_key_problems_name_the_file_line_and_column() {
        let mut config =
            crate::config::parse("[keys]\nanswer_gapp = [\"g\"]\n[keys.forms]\nsave = [\"f2\"]\n")
                .expect("valid toml");
        config.path = Some(PathBuf::from("/home/me/.config/gapwalk/config.toml"));
        let (keymap, warnings) = keys::Keymap::defaults().with_overrides(&key_overrides(&config));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with("/home/me/.config/gapwalk/config.toml:2:1: unknown command"),
            "{warnings:?}"
        );
        assert_eq!(keymap.key(keys::Layer::Forms, msg::Command::Save), "F2");
    }
}
