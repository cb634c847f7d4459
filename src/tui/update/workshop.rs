//! The workshop and summary screens' commands.

use super::{change, forms, lists, quit, step};
use crate::assessment::{Answer, InclusionReason, non_blank};
use crate::catalog::{ItemKind, Theme as Group};
use crate::tui::app::{App, Filter, FormKind, Overlay, Screen, Status, TextField};
use crate::tui::effect::Effect;
use crate::tui::msg::Command;

pub(super) fn run(app: &mut App, command: Command) -> Vec<Effect> {
    use Command as C;
    match command {
        C::MoveUp => move_by(app, -1),
        C::MoveDown => move_by(app, 1),
        C::PageUp => move_by(app, -(app.page.max(1) as isize)),
        C::PageDown => move_by(app, app.page.max(1) as isize),
        C::First => move_by(app, isize::MIN / 2),
        C::Last => move_by(app, isize::MAX / 2),
        C::NextTheme => next_group(app, true),
        C::PreviousTheme => next_group(app, false),
        C::NextUnanswered => next_unanswered(app),
        C::ScrollDetailDown => app.detail_scroll = app.detail_scroll.saturating_add(3),
        C::ScrollDetailUp => app.detail_scroll = app.detail_scroll.saturating_sub(3),
        C::AnswerMicrosoftProvides => return answer(app, Some(Answer::MicrosoftProvides)),
        C::AnswerShared => return answer(app, Some(Answer::Shared)),
        C::AnswerWeManage => return answer(app, Some(Answer::WeManage)),
        C::AnswerGap => return answer(app, Some(Answer::Gap)),
        C::AnswerNotApplicable => return answer(app, Some(Answer::NotApplicable)),
        C::ClearAnswer => return answer(app, None),
        C::EditOwner => forms::open(app, FormKind::Text(TextField::OWNER)),
        C::EditReliance => forms::open(app, FormKind::Text(TextField::RELIANCE)),
        C::EditJustification => forms::open(app, FormKind::Text(TextField::JUSTIFICATION)),
        C::EditNotes => forms::open(app, FormKind::Text(TextField::NOTES)),
        C::FollowUp => forms::open(app, FormKind::Text(TextField::FOLLOW_UP)),
        C::AddEvidence => forms::open(app, FormKind::Evidence),
        C::EditAction => forms::open(app, FormKind::Action),
        C::StartSession => forms::start_or_end_session(app),
        C::EditCapabilities => lists::open_capabilities(app),
        C::EditLicences => lists::open_licences(app),
        C::EditInclusion => {
            let item = &app.catalog.items()[app.selected];
            if item.kind == ItemKind::Clause {
                app.status = Status::Info(
                    "Only Annex A controls are in the Statement of Applicability.".into(),
                );
            } else {
                let current = &app.assessment.item(&item.id).included_because;
                let ticked = InclusionReason::ALL.map(|r| current.contains(&r));
                app.overlay = Some(Overlay::Inclusion { ticked, cursor: 0 });
            }
        }
        C::Export => lists::open_export(app),
        C::ResolveConflicts => lists::open_conflicts(app, true),
        C::MarkReviewed => {
            let today = app.today;
            return change(app, app.selected, "Marked reviewed today", |a, id| {
                a.item_mut(id).reviewed = Some(today);
            });
        }
        C::Jump => lists::open_jump(app),
        C::Filter => lists::open_filter(app),
        C::ClearFilter => {
            app.filter = None;
            app.status = Status::Info("Showing every item.".into());
        }
        C::Undo => return step(app, true),
        C::Redo => return step(app, false),
        C::Summary => {
            app.screen = Screen::Summary;
            app.summary_selected = app
                .summary_selected
                .min(app.analysis.summary.findings.len().saturating_sub(1));
        }
        C::Risks => super::risks::open_screen(app, None),
        C::CycleTheme => cycle_theme(app),
        C::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        C::Quit => return quit(app),
        _ => {}
    }
    Vec::new()
}

pub(super) fn run_summary(app: &mut App, command: Command) -> Vec<Effect> {
    let last = app.analysis.summary.findings.len().saturating_sub(1);
    match command {
        Command::MoveUp
        | Command::MoveDown
        | Command::PageUp
        | Command::PageDown
        | Command::First
        | Command::Last => {
            app.summary_selected = lists::move_in(app, app.summary_selected, last, command);
        }
        Command::Open => open_finding(app),
        Command::Summary => app.screen = Screen::Workshop,
        Command::Risks => super::risks::open_screen(app, None),
        Command::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Command::Export => lists::open_export(app),
        Command::CycleTheme => cycle_theme(app),
        Command::Quit => return quit(app),
        Command::Undo => return step(app, true),
        Command::Redo => return step(app, false),
        _ => {}
    }
    Vec::new()
}

/// The next colour theme: for a projector that washes out the dark one,
/// one key instead of a restart.
pub(super) fn cycle_theme(app: &mut App) {
    if app.theme.name == "no-color" {
        app.status = Status::Info("NO_COLOR is set: gapwalk uses no colours.".into());
        return;
    }
    if app.themes.is_empty() {
        return;
    }
    let next = app
        .themes
        .iter()
        .position(|t| t.name == app.theme.name)
        .map_or(0, |i| (i + 1) % app.themes.len());
    app.theme = app.themes[next].clone();
    app.status = Status::Info(format!(
        "Theme: {} (set theme = \"{}\" in config.toml to keep it).",
        app.theme.name, app.theme.name
    ));
}

fn open_finding(app: &mut App) {
    let Some(finding) = app.analysis.summary.findings.get(app.summary_selected) else {
        return;
    };
    if let Some(pos) = finding
        .item
        .as_deref()
        .and_then(|id| app.catalog.position(id))
    {
        app.screen = Screen::Workshop;
        reveal(app, pos);
    } else if let Some(risk) = finding.risk.clone() {
        super::risks::open_screen(app, Some(&risk));
    } else if finding.kind == crate::analysis::FindingKind::MergeConflict {
        lists::open_conflicts(app, false);
    } else if let Some(owner) = finding.owner.clone() {
        app.screen = Screen::Workshop;
        app.filter = Some(Filter::Owner(owner.clone()));
        if let Some(pos) = first_passing(app) {
            select(app, pos);
        }
        app.status = Status::Info(format!("Showing the items {owner} owns."));
    }
}

/// The first item that passes the filter.
pub(super) fn first_passing(app: &App) -> Option<usize> {
    (0..app.catalog.items().len()).find(|&p| app.passes(p, app.filter.as_ref()))
}

/// Selects an item, clearing a filter that hides it.
pub(super) fn reveal(app: &mut App, pos: usize) {
    if !app.passes(pos, app.filter.as_ref()) {
        app.filter = None;
        app.status = Status::Info("Filter cleared to show the item.".into());
    }
    select(app, pos);
}

pub(crate) fn select(app: &mut App, pos: usize) {
    if app.selected != pos {
        app.detail_scroll = 0;
    }
    app.selected = pos;
}

/// Moves the selection within the visible list (which keeps the selected
/// item even when a change took it out of the filter, so that the next
/// item is one step away, not two).
fn move_by(app: &mut App, delta: isize) {
    let visible = app.visible();
    if visible.is_empty() {
        return;
    }
    let here = visible
        .iter()
        .position(|&p| p >= app.selected)
        .unwrap_or(visible.len() - 1) as isize;
    let target = (here.saturating_add(delta)).clamp(0, visible.len() as isize - 1) as usize;
    select(app, visible[target]);
}

fn next_group(app: &mut App, forward: bool) {
    let visible = app.visible();
    let items = app.catalog.items();
    let current = items[app.selected].theme;
    let first_of = |theme| visible.iter().copied().find(|&p| items[p].theme == theme);
    let target = if forward {
        visible.iter().copied().find(|&p| items[p].theme > current)
    } else {
        // To the start of this theme, or from there to the previous one.
        match first_of(current) {
            Some(first) if first < app.selected => Some(first),
            _ => visible
                .iter()
                .rev()
                .map(|&p| items[p].theme)
                .find(|&t| t < current)
                .and_then(first_of),
        }
    };
    if let Some(pos) = target {
        select(app, pos);
    }
}

fn next_unanswered(app: &mut App) {
    let visible = app.visible();
    let after = visible.iter().filter(|&&p| p > app.selected);
    let before = visible.iter().filter(|&&p| p <= app.selected);
    match after.chain(before).find(|&&p| app.answer_at(p).is_none()) {
        Some(&pos) => select(app, pos),
        None => app.status = Status::Info("Every item in the list is answered.".into()),
    }
}

fn answer(app: &mut App, answer: Option<Answer>) -> Vec<Effect> {
    let item = &app.catalog.items()[app.selected];
    let what = match answer {
        Some(a) => format!("Answered \"{}\"", a.label()),
        None => "Answer cleared".to_string(),
    };
    let is_clause = item.kind == ItemKind::Clause;
    let effects = change(app, app.selected, &what, |a, id| {
        a.item_mut(id).answer = answer
    });
    let r = app.assessment.item(app.selected_id());
    if is_clause
        && matches!(
            answer,
            Some(Answer::MicrosoftProvides | Answer::NotApplicable)
        )
    {
        app.status = Status::Warning(
            "Recorded, and flagged: clauses 4–10 are always the organisation's own.".into(),
        );
    } else if answer == Some(Answer::MicrosoftProvides)
        && non_blank(r.reliance.as_deref()).is_none()
    {
        app.status = Status::Warning(format!(
            "\"Microsoft provides\" needs a reliance ({}) and an owner ({}) to be more than \"Microsoft handles that\".",
            app.workshop_key(Command::EditReliance),
            app.workshop_key(Command::EditOwner)
        ));
    } else if answer == Some(Answer::NotApplicable)
        && non_blank(r.justification.as_deref()).is_none()
    {
        app.status = Status::Warning(format!(
            "An exclusion needs a justification: press {}.",
            app.workshop_key(Command::EditJustification)
        ));
    }
    effects
}

/// The filters with their counts, and applying one.
pub(super) fn filters(app: &App) -> Vec<(Filter, usize)> {
    let mut options = vec![
        Filter::Unanswered,
        Filter::Gaps,
        Filter::WithFindings,
        Filter::DueForReview,
        Filter::FollowUps,
    ];
    // Only once a scan is recorded: until then it could only say nothing.
    if !app.assessment.scans.is_empty() {
        options.push(Filter::ContradictedByScan);
    }
    options.extend(Group::ALL.iter().map(|&t| Filter::Theme(t)));
    options.extend(app.owners().into_iter().map(Filter::Owner));
    options
        .into_iter()
        .map(|f| {
            let n = app.count(&f);
            (f, n)
        })
        .collect()
}

pub(super) fn apply_filter(app: &mut App, filter: Filter) {
    let label = filter.label();
    let n = app.count(&filter);
    app.filter = Some(filter);
    let clear = app.workshop_key(Command::ClearFilter);
    if n == 0 {
        app.status = Status::Info(format!("No item is {label}; {clear} shows every item."));
    } else {
        if !app.passes(app.selected, app.filter.as_ref())
            && let Some(pos) = first_passing(app)
        {
            select(app, pos);
        }
        app.status = Status::Info(format!(
            "Showing {n} item{}: {label}. {clear} clears.",
            if n == 1 { "" } else { "s" }
        ));
    }
}
