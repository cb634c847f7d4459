//! The risk register screen: moving through the risks, the risk form,
//! the picker of the controls that treat a risk, and deleting a risk
//! (asked first; undo brings it back).

use chrono::NaiveDate;

use super::forms::{field, multiline_field, parse_date};
use super::workshop::cycle_theme;
use super::{lists, quit, record_step, step};
use crate::assessment::{Risk, Treatment, non_blank};
use crate::tui::app::{
    App, Ask, AskKind, Before, Field, Form, FormKind, Overlay, PickerKind, Screen, Status,
    read_only_message,
};
use crate::tui::effect::Effect;
use crate::tui::keys::Layer;
use crate::tui::msg::Command;

/// The risk form's fields, in order.
const ID: usize = 0;
const TITLE: usize = 1;
const OWNER: usize = 2;
const LIKELIHOOD: usize = 3;
const IMPACT: usize = 4;
const TREATMENT: usize = 5;
const RESIDUAL_LIKELIHOOD: usize = 6;
const RESIDUAL_IMPACT: usize = 7;
const ACCEPTED_BY: usize = 8;
const ACCEPTED_ON: usize = 9;
const REVIEWED: usize = 10;
const DESCRIPTION: usize = 11;

/// Shows the register, on the risk given (by id) or where it was.
pub(super) fn open_screen(app: &mut App, risk: Option<&str>) {
    app.screen = Screen::Risks;
    if let Some(i) = risk.and_then(|id| app.assessment.risks.iter().position(|r| r.id == id)) {
        app.risk_selected = i;
    }
    clamp(app);
}

fn clamp(app: &mut App) {
    app.risk_selected = app
        .risk_selected
        .min(app.assessment.risks.len().saturating_sub(1));
}

/// A command on the risk register screen.
pub(super) fn run(app: &mut App, command: Command) -> Vec<Effect> {
    use Command as C;
    let last = app.assessment.risks.len().saturating_sub(1);
    match command {
        C::MoveUp | C::MoveDown | C::PageUp | C::PageDown | C::First | C::Last => {
            app.risk_selected = lists::move_in(app, app.risk_selected, last, command);
        }
        C::Open | C::EditRiskControls | C::DeleteRisk if app.assessment.risks.is_empty() => {
            app.status = Status::Info(format!(
                "No risk is recorded yet: {} adds one.",
                app.keymap.key(Layer::Risks, C::AddRisk)
            ));
        }
        // The form edits: not in a read-only file (the other editing
        // commands are refused before they get here).
        C::Open if app.read_only => {
            app.status = Status::Warning(read_only_message(&app.file_name));
        }
        C::Open => open_form(app, false),
        C::AddRisk => open_form(app, true),
        C::EditRiskControls => {
            if let Some(risk) = selected(app) {
                let (id, ticked) = (risk.id.clone(), risk.controls.clone());
                lists::open_picker(app, PickerKind::RiskControls, Some(id), ticked);
            }
        }
        C::DeleteRisk => {
            if let Some(risk) = selected(app) {
                let id = risk.id.clone();
                let mut lines = vec![format!("{id} {}", risk.title.trim())];
                if !risk.controls.is_empty() {
                    lines.push(format!(
                        "It is treated by {}; those controls stay as they are.",
                        risk.controls.join(", ")
                    ));
                }
                lines.push(format!(
                    "{} brings it back.",
                    app.keymap.key(Layer::Risks, C::Undo)
                ));
                app.overlay = Some(Overlay::Ask(Ask {
                    title: format!("Delete risk {id}?"),
                    lines,
                    kind: AskKind::DeleteRisk { id },
                }));
            }
        }
        C::Risks => app.screen = Screen::Workshop,
        C::Summary => app.screen = Screen::Summary,
        C::Export => lists::open_export(app),
        C::Undo => return step(app, true),
        C::Redo => return step(app, false),
        C::CycleTheme => cycle_theme(app),
        C::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        C::Quit => return quit(app),
        _ => {}
    }
    Vec::new()
}

fn selected(app: &App) -> Option<&Risk> {
    app.assessment.risks.get(app.risk_selected)
}

/// Opens the form on the selected risk, or on a new one.
pub(super) fn open_form(app: &mut App, new: bool) {
    let blank;
    let risk = match selected(app) {
        Some(r) if !new => r,
        _ => {
            blank = Risk {
                id: app.assessment.next_risk_id(),
                // Rated today, or on the day of the running session.
                reviewed: Some(app.session_date().unwrap_or(app.today)),
                ..Risk::default()
            };
            &blank
        }
    };
    let scale = app.assessment.risk_scale();
    let level = |l: Option<u32>| l.map_or_else(String::new, |l| scale.name(l));
    let date = |d: Option<NaiveDate>| d.map_or_else(String::new, |d| d.to_string());
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let description = text(&risk.description);
    let fields: Vec<Field> = vec![
        field("Id", &risk.id, false),
        field("What could go wrong", &risk.title, false),
        field("Owner", &text(&risk.owner), true),
        field("Likelihood", &level(risk.likelihood), false),
        field("Impact", &level(risk.impact), false),
        field(
            "Treatment",
            risk.treatment.map_or("", |t| t.as_str()),
            false,
        ),
        field(
            "Residual likelihood",
            &level(risk.residual_likelihood),
            false,
        ),
        field("Residual impact", &level(risk.residual_impact), false),
        field("Accepted by", &text(&risk.accepted_by), true),
        field("Accepted on", &date(risk.accepted_on), false),
        field("Reviewed", &date(risk.reviewed), false),
        // A description written on several lines keeps them.
        if description.trim_end().contains('\n') {
            multiline_field("Description", &description)
        } else {
            field("Description", &description, false)
        },
    ];
    debug_assert_eq!(fields.len(), DESCRIPTION + 1);
    let mut form = Form {
        kind: FormKind::Risk { new },
        item: app.selected,
        fields,
        focus: TITLE,
        error: None,
    };
    super::forms::complete(app, &mut form);
    app.overlay = Some(Overlay::Form(form));
}

/// Writes what the risk form says, or says what is wrong with it.
pub(super) fn apply(app: &mut App, form: &Form, new: bool) -> Result<Vec<Effect>, String> {
    let value = |i: usize| {
        form.fields
            .get(i)
            .map(|f| f.value().trim().to_string())
            .unwrap_or_default()
    };
    let opt = |i: usize| Some(value(i)).filter(|s| !s.is_empty());
    // The risk the form opened on (gone if another program removed it:
    // then what was typed is added, not lost).
    let original = form.fields.get(ID).map(|f| f.original.clone());
    let at = original
        .filter(|_| !new)
        .and_then(|id| app.assessment.risks.iter().position(|r| r.id == id));
    let id = value(ID);
    if id.is_empty() {
        return Err("Give the risk an id, such as R-07.".into());
    }
    if app
        .assessment
        .risks
        .iter()
        .enumerate()
        .any(|(i, r)| r.id == id && Some(i) != at)
    {
        return Err(format!("Id: another risk is {id} already."));
    }
    let title = value(TITLE);
    if title.is_empty() {
        return Err("Say what could go wrong (the risk's title).".into());
    }
    let scale = app.assessment.risk_scale();
    let level = |label: &str, i: usize| -> Result<Option<u32>, String> {
        let text = value(i);
        if text.is_empty() {
            return Ok(None);
        }
        scale.parse(&text).map(Some).ok_or_else(|| {
            format!(
                "{label}: \"{text}\" is not a level of the scale ({})",
                scale.legend()
            )
        })
    };
    let treatment = match value(TREATMENT).as_str() {
        "" => None,
        word => Some(Treatment::from_word(word).ok_or_else(|| {
            format!(
                "Treatment: \"{word}\" is not one of {} (or the start of only one)",
                Treatment::spellings()
            )
        })?),
    };
    let residual_likelihood = level("Residual likelihood", RESIDUAL_LIKELIHOOD)?;
    let residual_impact = level("Residual impact", RESIDUAL_IMPACT)?;
    if residual_likelihood.is_some() != residual_impact.is_some() {
        return Err(
            "Residual: rate both likelihood and impact (what remains after treatment), or neither."
                .into(),
        );
    }
    let description = form.fields.get(DESCRIPTION).and_then(|f| {
        let text = f.text();
        let text = text.trim_end();
        if non_blank(Some(text)).is_none() {
            None
        } else if f.multiline {
            Some(format!("{text}\n"))
        } else {
            Some(text.trim().to_string())
        }
    });
    let kept = at.map(|i| app.assessment.risks[i].clone());
    let risk = Risk {
        id: id.clone(),
        title,
        owner: opt(OWNER),
        likelihood: level("Likelihood", LIKELIHOOD)?,
        impact: level("Impact", IMPACT)?,
        treatment,
        // The controls are ticked in their own picker.
        controls: kept
            .as_ref()
            .map(|r| r.controls.clone())
            .unwrap_or_default(),
        residual_likelihood,
        residual_impact,
        accepted_by: opt(ACCEPTED_BY),
        accepted_on: parse_date("Accepted on", &value(ACCEPTED_ON))?,
        reviewed: parse_date("Reviewed", &value(REVIEWED))?,
        description,
    };
    if kept.as_ref() == Some(&risk) {
        app.status = Status::Info(format!("Nothing changed: {id}"));
        return Ok(Vec::new());
    }
    let what = if at.is_some() {
        format!("Risk {id} saved")
    } else {
        format!("Risk {id} added")
    };
    let effects = change_risks(app, &what, &id, move |risks| match at {
        Some(i) => risks[i] = risk,
        None => risks.push(risk),
    });
    if at.is_none() {
        // A new risk is treated by controls: pick them now.
        let ticked = Vec::new();
        lists::open_picker(app, PickerKind::RiskControls, Some(id.clone()), ticked);
        app.status = Status::Info(format!(
            "Risk {id} added. Tick the controls that treat it ({} saves, {} leaves none).",
            app.keymap.key(Layer::Pickers, Command::Confirm),
            app.keymap.key(Layer::Pickers, Command::Cancel)
        ));
    }
    Ok(effects)
}

/// Saves the controls ticked for a risk.
pub(super) fn save_controls(app: &mut App, id: &str, ticked: Vec<String>) -> Vec<Effect> {
    let Some(at) = app.assessment.risks.iter().position(|r| r.id == id) else {
        app.status = Status::Warning(format!(
            "Risk {id} is no longer in the file (another program removed it): nothing saved."
        ));
        return Vec::new();
    };
    // In catalog order, as the file and the documents list them.
    let catalog = app.catalog;
    let mut controls = ticked;
    controls.sort_by_key(|c| catalog.position(c).unwrap_or(usize::MAX));
    let n = controls.len();
    let effects = change_risks(
        app,
        &format!("Controls of risk {id} saved"),
        id,
        move |risks| {
            risks[at].controls = controls;
        },
    );
    if !effects.is_empty() {
        let weak: Vec<String> = app.assessment.risks[at]
            .controls
            .iter()
            .filter(|c| {
                app.assessment
                    .item(c)
                    .answer
                    .is_some_and(crate::assessment::Answer::leaves_untreated)
            })
            .cloned()
            .collect();
        app.status = if weak.is_empty() {
            Status::Info(format!(
                "Controls of risk {id} saved: {n} control{}.",
                if n == 1 { "" } else { "s" }
            ))
        } else {
            Status::Warning(format!(
                "Controls of risk {id} saved; {} cannot treat it as things stand (a gap or not applicable).",
                weak.join(", ")
            ))
        };
    }
    effects
}

/// Deletes a risk (the question was answered yes).
pub(super) fn delete(app: &mut App, id: &str) -> Vec<Effect> {
    let Some(at) = app.assessment.risks.iter().position(|r| r.id == id) else {
        return Vec::new();
    };
    let effects = change_risks(app, &format!("Risk {id} deleted"), id, move |risks| {
        risks.remove(at);
    });
    clamp(app);
    effects
}

/// Records a change to the register as one undo step and saves it.
fn change_risks(
    app: &mut App,
    what: &str,
    id: &str,
    f: impl FnOnce(&mut Vec<Risk>),
) -> Vec<Effect> {
    let before = app.assessment.risks.clone();
    f(&mut app.assessment.risks);
    if app.assessment.risks == before {
        app.status = Status::Info(format!("Nothing changed: {id}"));
        return Vec::new();
    }
    // Where the risk is, or was (a deletion): undo and redo show it there.
    let here = |risks: &[Risk]| risks.iter().position(|r| r.id == id);
    let at = here(&app.assessment.risks)
        .or_else(|| here(&before))
        .unwrap_or(app.risk_selected);
    app.risk_selected = at;
    clamp(app);
    record_step(app, Before::Risks(before), at, super::lower_first(what));
    app.status = Status::Info(what.to_string());
    vec![Effect::Persist]
}
