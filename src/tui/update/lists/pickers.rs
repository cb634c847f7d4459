//! The capability, licence and risk-control pickers: a list with a filter box and ticks.

use super::*;

// --- the capability and licence pickers ---------------------------------

pub(in crate::tui::update) fn open_capabilities(app: &mut App) {
    let ticked = app.assessment.item(app.selected_id()).relies_on.clone();
    open_picker(app, PickerKind::Capabilities, None, ticked);
}

pub(in crate::tui::update) fn open_licences(app: &mut App) {
    let ticked = app.assessment.licences.clone();
    open_picker(app, PickerKind::Licences, None, ticked);
}

/// Opens a picker: for the selected item (capabilities), the tenant
/// (licences) or a risk (its controls).
pub(in crate::tui::update) fn open_picker(
    app: &mut App,
    kind: PickerKind,
    risk: Option<String>,
    ticked: Vec<String>,
) {
    let mut query = text_box("");
    query.set_placeholder_text("type to search");
    let mut picker = Picker {
        kind,
        item: app.selected,
        risk,
        query,
        rows: Vec::new(),
        cursor: 0,
        original: ticked.clone(),
        ticked,
    };
    filter_picker(app, &mut picker);
    app.overlay = Some(Overlay::Picker(picker));
}

/// The rows a picker shows for its query: for capabilities, the item's
/// own (from the catalog) first, then what is ticked, then all others;
/// for licences, the common suites first. A query keeps the matches,
/// best first within each of those groups.
pub(in crate::tui::update) fn filter_picker(app: &App, picker: &mut Picker) {
    let catalog = app.catalog;
    let query = picker.query.lines().join(" ");
    let query = query.trim();
    // (id, text to match, group)
    let candidates: Vec<(String, String, u8)> = match picker.kind {
        PickerKind::Capabilities => {
            let own: Vec<&str> = catalog.items()[picker.item]
                .capabilities
                .iter()
                .map(|c| c.as_ref())
                .collect();
            let mut all: Vec<_> = catalog.capabilities().iter().collect();
            all.sort_by(|a, b| (&a.product, &a.name).cmp(&(&b.product, &b.name)));
            all.into_iter()
                .map(|c| {
                    let group = match own.iter().position(|o| *o == c.id.as_ref()) {
                        Some(_) => 0,
                        None if picker.ticked.iter().any(|t| *t == *c.id) => 1,
                        None => 2,
                    };
                    (
                        c.id.to_string(),
                        format!("{} {} {}", c.name, c.product, c.id),
                        group,
                    )
                })
                .collect()
        }
        PickerKind::Licences => licence_order(catalog)
            .into_iter()
            .map(|id| {
                let name = catalog.licence(&id).map_or("", |l| l.name.as_ref());
                let text = format!("{name} {id}");
                (id, text, 0)
            })
            .collect(),
        // The ticked controls first, then every other Annex A control, in
        // catalog order.
        PickerKind::RiskControls => catalog
            .items()
            .iter()
            .filter(|i| i.kind == crate::catalog::ItemKind::Control)
            .map(|i| {
                let group = u8::from(!picker.original.iter().any(|t| *t == *i.id));
                (i.id.to_string(), format!("{} {}", i.id, i.title), group)
            })
            .collect(),
    };
    let own_order = |id: &str| {
        catalog.items()[picker.item]
            .capabilities
            .iter()
            .position(|c| c.as_ref() == id)
            .unwrap_or(usize::MAX)
    };
    let matcher = SkimMatcherV2::default().ignore_case();
    let mut scored: Vec<(u8, i64, usize, String)> = candidates
        .into_iter()
        .enumerate()
        .filter_map(|(i, (id, text, group))| {
            let score = if query.is_empty() {
                0
            } else {
                matcher.fuzzy_match(&text, query)?
            };
            let order = if group == 0 && picker.kind == PickerKind::Capabilities {
                own_order(&id)
            } else {
                i
            };
            Some((group, -score, order, id))
        })
        .collect();
    scored.sort();
    picker.rows = scored.into_iter().map(|(_, _, _, id)| id).collect();
    picker.cursor = picker.cursor.min(picker.rows.len().saturating_sub(1));
    if !query.is_empty() {
        picker.cursor = 0;
    }
}

pub(super) fn run_picker(
    app: &mut App,
    mut picker: Picker,
    command: Command,
    key: Option<KeyEvent>,
) -> Vec<Effect> {
    let last = picker.rows.len().saturating_sub(1);
    match command {
        Command::Cancel | Command::Quit if picker.changed() => {
            let what = match picker.kind {
                PickerKind::Capabilities => "capabilities",
                PickerKind::Licences => "licences",
                PickerKind::RiskControls => "controls",
            };
            let back = Box::new(Overlay::Picker(picker));
            app.overlay = Some(Overlay::Ask(Ask {
                title: format!("Discard the {what} you ticked?"),
                lines: vec!["Nothing is saved until you save the ticks.".into()],
                kind: if command == Command::Cancel {
                    AskKind::Discard(back)
                } else {
                    AskKind::QuitWith(back)
                },
            }));
            return Vec::new();
        }
        Command::Cancel => {
            app.status = Status::Info("Cancelled: nothing changed.".into());
            return Vec::new();
        }
        Command::Quit => return quit(app),
        Command::Confirm => return save_picker(app, picker),
        Command::Toggle => {
            if let Some(id) = picker.rows.get(picker.cursor).cloned() {
                match picker.ticked.iter().position(|t| *t == id) {
                    Some(i) => {
                        picker.ticked.remove(i);
                    }
                    None => picker.ticked.push(id),
                }
            }
        }
        Command::MoveUp | Command::MoveDown | Command::PageUp | Command::PageDown => {
            picker.cursor = move_in(app, picker.cursor, last, command);
        }
        _ => {
            if let Some(key) = key
                && picker.query.input(key)
            {
                filter_picker(app, &mut picker);
            }
        }
    }
    app.overlay = Some(Overlay::Picker(picker));
    Vec::new()
}

/// How many unlicensed reliances the assessment has.
pub(super) fn unlicensed(app: &App) -> usize {
    app.analysis
        .summary
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::UnlicensedReliance)
        .count()
}

pub(super) fn save_picker(app: &mut App, picker: Picker) -> Vec<Effect> {
    let ticked = picker.ticked;
    match picker.kind {
        PickerKind::Capabilities => {
            let n = ticked.len();
            let effects = change(app, picker.item, "Relies on saved", move |a, id| {
                a.item_mut(id).relies_on = ticked;
            });
            let not_licensed = app.analysis.by_item[picker.item]
                .iter()
                .any(|f| f.kind == FindingKind::UnlicensedReliance);
            if !effects.is_empty() {
                let id = &app.catalog.items()[picker.item].id;
                app.status = if not_licensed {
                    Status::Warning(format!(
                        "Relies on saved: {id} (not licensed: {} changes the licences)",
                        app.workshop_key(Command::EditLicences)
                    ))
                } else {
                    Status::Info(format!(
                        "Relies on saved: {id}, {n} capabilit{}, all licensed.",
                        if n == 1 { "y" } else { "ies" }
                    ))
                };
            }
            effects
        }
        PickerKind::RiskControls => {
            let id = picker.risk.unwrap_or_default();
            crate::tui::update::risks::save_controls(app, &id, ticked)
        }
        PickerKind::Licences => {
            let before = unlicensed(app);
            let effects = change_assessment(app, "Licences saved", move |a| a.licences = ticked);
            if !effects.is_empty() {
                let after = unlicensed(app);
                app.status = Status::Info(format!(
                    "Licences saved: {}. Items relying on a capability not licensed: {before} → {after}.",
                    licence_names(app)
                ));
            }
            effects
        }
    }
}

pub(super) fn licence_names(app: &App) -> String {
    if app.assessment.licences.is_empty() {
        return "none".into();
    }
    app.assessment
        .licences
        .iter()
        .map(|l| {
            app.catalog
                .licence(l)
                .map_or(l.as_str(), |l| l.name.as_ref())
        })
        .collect::<Vec<_>>()
        .join(", ")
}
