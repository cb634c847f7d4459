//! The export chooser: what, in which format, for whom, to which file; and the question when that file exists.

use super::*;

// --- export -------------------------------------------------------------

pub(in crate::tui::update) fn open_export(app: &mut App) {
    let kind = ExportKind::Soa;
    let mut form = ExportForm {
        kind,
        format: kind.formats()[0],
        audience: Audience::Internal,
        path: text_box(""),
        path_edited: false,
        focus: 0,
    };
    form.path = text_box(&export_path(app, &form));
    app.overlay = Some(Overlay::Export(form));
}

/// The default file for an export: named after the organisation, the
/// document and the date, in `exports/` beside the assessment.
pub(super) fn export_path(app: &App, form: &ExportForm) -> String {
    let name = format!(
        "{}-{}",
        slug_stem(&app.assessment.organisation),
        default_file_name(form.kind, form.format, app.today)
    );
    app.export_dir.join(name).display().to_string()
}

/// Changes the value of the focused row of the export form.
pub(super) fn cycle_export(form: &mut ExportForm, step: isize) {
    let next = |i: usize, n: usize| (i as isize + step).rem_euclid(n as isize) as usize;
    match form.focus {
        0 => {
            let i = ExportKind::ALL
                .iter()
                .position(|&k| k == form.kind)
                .unwrap_or(0);
            form.kind = ExportKind::ALL[next(i, ExportKind::ALL.len())];
            form.format = form.kind.formats()[0];
        }
        1 => {
            let formats = form.kind.formats();
            let i = formats.iter().position(|&f| f == form.format).unwrap_or(0);
            form.format = formats[next(i, formats.len())];
        }
        2 => {
            form.audience = match form.audience {
                Audience::Internal => Audience::Public,
                Audience::Public => Audience::Internal,
            };
        }
        _ => {}
    }
}

pub(super) fn run_export(
    app: &mut App,
    mut form: ExportForm,
    command: Command,
    key: Option<KeyEvent>,
) -> Vec<Effect> {
    match command {
        Command::Cancel => return Vec::new(),
        Command::Quit => return quit(app),
        Command::Confirm => {
            let typed = form.path.lines().join("").trim().to_string();
            if typed.is_empty() {
                app.status = Status::Error("Name the file to write.".into());
                app.overlay = Some(Overlay::Export(form));
                return Vec::new();
            }
            let request = ExportRequest {
                kind: form.kind,
                format: form.format,
                audience: form.audience,
                path: std::path::PathBuf::from(typed),
                overwrite: false,
            };
            // Kept to come back to if the file exists.
            app.export_form = Some(form);
            return vec![Effect::Export(request)];
        }
        Command::PreviousField => form.focus = form.focus.saturating_sub(1),
        Command::NextField => form.focus = (form.focus + 1).min(3),
        Command::NextChoice | Command::PreviousChoice if form.focus < 3 => {
            cycle_export(
                &mut form,
                if command == Command::NextChoice {
                    1
                } else {
                    -1
                },
            );
            if !form.path_edited {
                form.path = text_box(&export_path(app, &form));
            }
        }
        // On the file line the arrows and Space are text editing.
        _ => {
            if let Some(key) = key
                && form.focus == 3
                && form.path.input(key)
            {
                form.path_edited = true;
            }
        }
    }
    app.overlay = Some(Overlay::Export(form));
    Vec::new()
}

/// The export's file exists: ask before replacing it.
pub(in crate::tui::update) fn ask_overwrite(app: &mut App, request: ExportRequest) {
    let Some(form) = app.export_form.take() else {
        return;
    };
    app.overlay = Some(Overlay::Ask(Ask {
        title: "Replace the existing file?".into(),
        lines: vec![format!(
            "{} already exists.",
            crate::text::sanitize(&request.path.display().to_string())
        )],
        kind: AskKind::Overwrite {
            request,
            form: Box::new(ExportForm { focus: 3, ..form }),
        },
    }));
}
