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

use crate::assessment::{AssessmentFile, LoadError, SaveError, leftover_aside, load_assessment};
use crate::catalog::Catalog;
use app::App;
use effect::Effect;
use msg::Msg;
use theme::Theme;
use view::ViewState;

/// How the UI was asked to look.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--theme NAME|PATH`.
    pub theme: Option<String>,
}

/// Chooses the theme: `--theme`, else the config file, else dark; NO_COLOR
/// wins over all of them. A bad theme named on the command line is an
/// error; a bad one in the config is a warning.
pub fn resolve_theme(
    option: Option<&str>,
    config: Option<&str>,
    warnings: &mut Vec<String>,
) -> anyhow::Result<Theme> {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return Ok(Theme::monochrome());
    }
    let from = |setting: &str| -> Result<Theme, String> {
        if let Some(t) = Theme::builtin(setting) {
            return Ok(t);
        }
        match crate::config::theme_path(setting) {
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

/// Builds the app with the user's config applied.
fn configured_app(
    catalog: &'static Catalog,
    assessment: crate::assessment::Assessment,
    path: &Path,
    options: &Options,
) -> anyhow::Result<App> {
    let (config, mut warnings) = crate::config::load();
    let theme = resolve_theme(
        options.theme.as_deref(),
        config.theme.as_deref(),
        &mut warnings,
    )?;
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut app = App::new(catalog, assessment, &file_name, crate::cli::today());
    app.theme = theme;
    let mut overrides = Vec::new();
    for o in &config.keys {
        match keys::command_named(&o.command) {
            Ok(c) => overrides.push((c, o.keys.clone())),
            Err(e) => warnings.push(format!(
                "{}:{}:{}: {e}",
                config
                    .path
                    .as_ref()
                    .map_or_else(String::new, |p| p.display().to_string()),
                o.line,
                o.column
            )),
        }
    }
    if !overrides.is_empty() {
        match app.keymap.with_overrides(overrides) {
            Ok(k) => app.keymap = k,
            Err(e) => warnings.push(format!(
                "{}: {e}; using the default keys",
                config
                    .path
                    .as_ref()
                    .map_or_else(String::new, |p| p.display().to_string())
            )),
        }
    }
    if let Some(w) = warnings.first() {
        app.status = app::Status::Warning(w.clone());
    }
    Ok(app)
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
    let terminal_theme = {
        let (config, mut w) = crate::config::load();
        resolve_theme(options.theme.as_deref(), config.theme.as_deref(), &mut w)?
    };
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

    let (path, (file, assessment)) = match loaded {
        Some(l) => l,
        None => match start::run(&mut terminal, catalog, terminal_theme, &stop)? {
            Some(path) => {
                let loaded = load_assessment(&path, catalog)?;
                (path, loaded)
            }
            None => return Ok(()),
        },
    };
    crate::config::remember(&path);
    let mut app = configured_app(catalog, assessment, &path, &options)?;
    app.export_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    app.read_only = file.read_only();
    if app.read_only {
        app.status = app::Status::Warning(app::read_only_message(&app.file_name));
    } else if let Some(aside) = leftover_aside(&path) {
        app.status = app::Status::Warning(format!(
            "{} holds changes an earlier session could not save here: compare them with `gapwalk diff {} {}`.",
            aside.display(),
            path.display(),
            aside.display()
        ));
    }
    workshop(&mut terminal, &mut app, file, &stop)
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
    mut file: AssessmentFile,
    stop: &std::sync::atomic::AtomicBool,
) -> anyhow::Result<()> {
    let catalog = app.catalog;
    let mut view = ViewState::default();
    let mut seen_change = None;
    loop {
        terminal.draw(|frame| view::render(app, frame, &mut view))?;
        app.page = view.page;
        let mut idle = 0u32;
        let msg = loop {
            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                return Ok(());
            }
            if event::poll(Duration::from_millis(250))? {
                break event_msg(event::read()?, &view);
            }
            // About once a second, look for another program's change.
            idle += 1;
            let change = (idle % 4 == 0 && app.overlay.is_none())
                .then(|| file.foreign_change())
                .flatten()
                .filter(|&digest| seen_change != Some(digest));
            if let Some(digest) = change {
                // React once to each version another program writes.
                seen_change = Some(digest);
                break Some(merge_from_disk(app, &mut file));
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
                Effect::Export {
                    kind,
                    format,
                    audience,
                    path,
                } => vec![export(app, &file, kind, format, audience, &path)],
                Effect::Quit => return Ok(()),
                Effect::Persist => persist(app, &mut file, catalog),
            };
            for msg in follow_up {
                pending.extend(update::update(app, msg));
            }
        }
    }
}

/// Makes an export and writes it; the outcome comes back as a message.
fn export(
    app: &App,
    file: &AssessmentFile,
    kind: crate::report::ExportKind,
    format: crate::report::ExportFormat,
    audience: crate::report::Audience,
    path: &Path,
) -> Msg {
    use crate::report::{ExportOptions, export_warnings, write_export};
    let options = ExportOptions {
        audience,
        ..ExportOptions::new(app.today)
    };
    let made = crate::report::export(kind, format, app.catalog, &app.assessment, &options)
        .and_then(|bytes| write_export(path, &bytes, file.path()));
    match made {
        Ok(()) => Msg::Exported {
            path: path.display().to_string(),
            warnings: export_warnings(kind, format, app.catalog, &app.assessment, app.today),
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
