//! The real screens, drawn into a `TestBackend` at 80×24 and a projector's
//! 160×48, with the example assessment and a fixed date.

use std::path::Path;

use chrono::NaiveDate;
use gapwalk::assessment::parse_assessment;
use gapwalk::catalog::Catalog;
use gapwalk::tui::app::App;
use gapwalk::tui::msg::{Command, Msg};
use gapwalk::tui::start::StartState;
use gapwalk::tui::theme::Theme;
use gapwalk::tui::update::update;
use gapwalk::tui::view::{ViewState, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;

fn example() -> App {
    let text = include_str!("../assessments/example.toml");
    let (a, _) = parse_assessment(text, Catalog::builtin()).expect("valid example");
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    App::new(Catalog::builtin(), a, "example.toml", today)
}

fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    draw_with_view(app, width, height).0
}

fn draw_with_view(app: &App, width: u16, height: u16) -> (Terminal<TestBackend>, ViewState) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    let mut view = ViewState::default();
    terminal.draw(|f| render(app, f, &mut view)).expect("draw");
    (terminal, view)
}

fn keys(app: &mut App, keys: &[KeyCode]) {
    for &k in keys {
        update(app, Msg::Key(KeyEvent::new(k, KeyModifiers::NONE)));
    }
}

fn both_sizes(name: &str, app: &App) {
    for (w, h) in [(80, 24), (160, 48)] {
        let terminal = draw(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn workshop() {
    both_sizes("workshop", &example());
}

#[test]
fn workshop_item_with_record_and_findings() {
    let mut app = example();
    app.selected = app.catalog.position("A.8.2").expect("A.8.2");
    both_sizes("workshop_a8_2", &app);
}

#[test]
fn summary() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::Summary));
    both_sizes("summary", &app);
}

#[test]
fn help() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::Help));
    both_sizes("help", &app);
}

#[test]
fn owner_input_with_completions() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::EditOwner));
    keys(
        &mut app,
        &[KeyCode::Char('f'), KeyCode::Char('i'), KeyCode::Char('n')],
    );
    both_sizes("owner", &app);
}

#[test]
fn jump() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::Jump));
    keys(
        &mut app,
        &[
            KeyCode::Char('b'),
            KeyCode::Char('a'),
            KeyCode::Char('c'),
            KeyCode::Char('k'),
        ],
    );
    both_sizes("jump", &app);
}

#[test]
fn filter_and_filtered_list() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::Filter));
    both_sizes("filter_menu", &app);
    keys(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    both_sizes("filtered_gaps", &app);
}

#[test]
fn evidence_form() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::AddEvidence));
    both_sizes("evidence_form", &app);
}

#[test]
fn merge_conflicts() {
    use gapwalk::assessment::{Conflict, Field, FieldValue, Place};
    let mut app = example();
    app.selected = app.catalog.position("A.8.13").expect("A.8.13");
    app.assessment.conflicts = vec![Conflict {
        place: Place::Item("A.8.13".into()),
        field: Field::Answer,
        ours: Some(FieldValue::Answer(gapwalk::assessment::Answer::Gap)),
        theirs: Some(FieldValue::Answer(gapwalk::assessment::Answer::Shared)),
    }];
    app.refresh();
    both_sizes("workshop_conflict", &app);
    update(&mut app, Msg::Run(Command::ResolveConflicts));
    both_sizes("conflicts", &app);
}

#[test]
fn too_small_says_so_and_tiny_sizes_do_not_panic() {
    let app = example();
    insta::assert_snapshot!("too_small_50x12", draw(&app, 50, 12).backend());
    for (w, h) in [(1, 1), (2, 1), (1, 30), (59, 15), (60, 15), (200, 3)] {
        draw(&app, w, h);
    }
    let mut app = example();
    update(&mut app, Msg::Run(Command::Help));
    draw(&app, 60, 15);
    update(&mut app, Msg::Run(Command::Quit));
    update(&mut app, Msg::Run(Command::EditNotes));
    draw(&app, 60, 15);
}

/// A folder of assessments like a facilitator's, in a temporary folder:
/// the start screen's tests never read the user's own files.
fn assessments_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("assessments");
    std::fs::create_dir(&folder).expect("mkdir");
    let example = include_str!("../assessments/example.toml");
    std::fs::write(folder.join("example.toml"), example).expect("write");
    std::fs::write(
        folder.join("contoso.toml"),
        "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"Contoso Ltd\"\n",
    )
    .expect("write");
    std::fs::write(
        folder.join("northwind.toml"),
        "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"Northwind Traders\"\n[items.\"A.5.1\"]\nanswer = \"gap\"\n",
    )
    .expect("write");
    std::fs::write(
        folder.join("broken.toml"),
        "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\n",
    )
    .expect("write");
    std::fs::write(folder.join("notes.txt"), "not an assessment").expect("write");
    dir
}

#[test]
fn start_screen_offers_the_most_recent_first_and_the_example_last() {
    let dir = assessments_folder();
    let folder = dir.path().join("assessments");
    // Opened elsewhere, then northwind most recently.
    let elsewhere = dir.path().join("elsewhere.toml");
    std::fs::write(
        &elsewhere,
        "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"Fabrikam\"\n",
    )
    .expect("write");
    let recent = [folder.join("northwind.toml"), elsewhere.clone()];
    let start = StartState::new(Catalog::builtin(), &folder, &recent);
    let paths: Vec<&Path> = start.entries.iter().map(|e| e.path.as_path()).collect();
    assert_eq!(
        paths,
        [
            folder.join("northwind.toml").as_path(),
            elsewhere.as_path(),
            folder.join("broken.toml").as_path(),
            folder.join("contoso.toml").as_path(),
            folder.join("example.toml").as_path(),
        ]
    );
    assert_eq!(start.selected, 0, "Enter opens the most recent");
    assert!(start.entries[0].recent && !start.entries[2].recent);
    assert!(
        !start.entries[2].valid,
        "broken.toml is listed, not openable"
    );
    // Without a recent file, the facilitator's own files come before the example.
    let start = StartState::new(Catalog::builtin(), &folder, &[]);
    assert_eq!(start.entries[0].path, folder.join("broken.toml"));
    assert_eq!(
        start.entries.last().map(|e| e.path.clone()),
        Some(folder.join("example.toml"))
    );
}

#[test]
fn start_screen() {
    let dir = assessments_folder();
    let folder = dir.path().join("assessments");
    let recent = [folder.join("northwind.toml")];
    let start = StartState::new(Catalog::builtin(), &folder, &recent);
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    let mut app = App::start(Catalog::builtin(), start, today);
    both_sizes("start", &app);
    update(&mut app, Msg::Run(Command::NewAssessment));
    for c in "Fabrikam".chars() {
        update(
            &mut app,
            Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
    both_sizes("start_new", &app);
}

#[test]
fn colour_carries_the_answer() {
    // Display snapshots are text only: check the cells' styles too.
    let app = example();
    let terminal = draw(&app, 160, 48);
    let buffer = terminal.backend().buffer();
    let theme = Theme::dark();
    let find = |needle: &str| {
        (0..buffer.area.height)
            .find_map(|y| {
                let row: String = (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol().to_string())
                    .collect();
                row.find(needle)
                    .map(|i| (row[..i].chars().count() as u16, y))
            })
            .unwrap_or_else(|| panic!("{needle} on screen"))
    };
    let (x, y) = find("GAP 6.1.2");
    assert_eq!(buffer[(x, y)].fg, theme.gap.fg.unwrap_or(Color::Reset));
    let (x, y) = find("WE  4.1");
    assert_eq!(
        buffer[(x, y)].fg,
        theme.we_manage.fg.unwrap_or(Color::Reset)
    );
    let (x, y) = find("MS  7.5.3");
    assert_eq!(
        buffer[(x, y)].fg,
        theme.microsoft_provides.fg.unwrap_or(Color::Reset)
    );
    // The finding marker of a high-severity item is in the high colour.
    let row: String = (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol().to_string())
        .collect();
    let bang = row.find('!').expect("marker") as u16;
    let bang = row[..bang as usize].chars().count() as u16;
    assert_eq!(buffer[(bang, y)].fg, theme.high.fg.unwrap_or(Color::Reset));
}

#[test]
fn control_characters_in_the_file_never_reach_the_terminal() {
    let text = "format = 1\ncatalog = \"iso27001-2022\"\n[assessment]\norganisation = \"Evil\\u001b]0;pwned\\u0007 Ltd\"\n[items.\"4.1\"]\nanswer = \"gap\"\nowner = \"\\u001b[31mRed\\u001b[0m\"\nnotes = \"a\\u001b[2Jb\\u0000\"\n";
    let (a, _) = parse_assessment(text, Catalog::builtin()).expect("valid");
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    let mut app = App::new(Catalog::builtin(), a, "x.toml", today);
    app.selected = 0;
    let terminal = draw(&app, 160, 48);
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert!(
            !cell.symbol().chars().any(char::is_control),
            "{:?}",
            cell.symbol()
        );
    }
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Evil]0;pwned Ltd"));
    assert!(screen.contains("[31mRed[0m"));
}

#[test]
fn the_mouse_selects_the_row_it_clicks_and_scrolls() {
    let app = example();
    let (terminal, view) = draw_with_view(&app, 160, 48);
    let buffer = terminal.backend().buffer();
    let y = (0..buffer.area.height)
        .find(|&y| {
            let row: String = (0..60)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            row.contains("5.2    Policy")
        })
        .expect("5.2 on screen");
    let pos = app.catalog.position("5.2").expect("5.2");
    assert_eq!(view.hit(10, y, 0), Some(Msg::Select(pos)));
    // A group heading selects nothing; the wheel moves or scrolls.
    assert_eq!(view.hit(10, 2, 0), None);
    assert_eq!(view.hit(10, y, 1), Some(Msg::Run(Command::MoveDown)));
    assert_eq!(view.hit(100, 10, -1), Some(Msg::ScrollDetail(-3)));
}

#[test]
fn export_chooser() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::Summary));
    update(&mut app, Msg::Run(Command::Export));
    both_sizes("export", &app);
}

fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ch(app: &mut App, text: &str) {
    for c in text.chars() {
        update(
            app,
            Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
}

#[test]
fn session_form_does_not_name_the_selected_item() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::StartSession));
    both_sizes("session_form", &app);
    let screen = screen_text(&draw(&app, 80, 24));
    assert!(screen.contains("Start a workshop session"));
    assert!(!screen.contains("session · 4.2"), "{screen}");
}

#[test]
fn capability_and_licence_pickers() {
    let mut app = example();
    app.selected = app.catalog.position("A.8.2").expect("A.8.2");
    update(&mut app, Msg::Run(Command::EditCapabilities));
    both_sizes("capabilities", &app);
    let screen = screen_text(&draw(&app, 160, 48));
    assert!(
        screen.contains("[x] • Privileged Identity Management"),
        "{screen}"
    );
    assert!(screen.contains("✗ needs Entra ID"), "{screen}");
    update(&mut app, Msg::Run(Command::Cancel));
    update(&mut app, Msg::Run(Command::EditLicences));
    both_sizes("licences", &app);
}

#[test]
fn discarding_typed_text_is_asked() {
    let mut app = example();
    update(&mut app, Msg::Run(Command::EditNotes));
    ch(&mut app, "Ask the DPO");
    update(&mut app, Msg::Run(Command::Cancel));
    both_sizes("ask_discard", &app);
}

#[test]
fn the_header_shows_a_long_client_name_in_full_at_80_columns() {
    let mut app = example();
    app.assessment.organisation = "Northwind Traders International Holdings plc".into();
    app.refresh();
    let screen = screen_text(&draw(&app, 80, 24));
    let header = screen.lines().next().expect("header");
    assert!(
        header.contains("Northwind Traders International Holdings plc"),
        "{header}"
    );
    assert!(header.contains("36/123"), "progress stays: {header}");
    // With room, the file name and the theme's progress are back.
    let screen = screen_text(&draw(&app, 160, 48));
    let header = screen.lines().next().expect("header");
    assert!(
        header.contains("example.toml") && header.contains("Clauses 4–10 8/30"),
        "{header}"
    );
}

#[test]
fn a_long_single_line_field_wraps_so_the_room_can_read_it() {
    let mut app = example();
    app.selected = app.catalog.position("A.8.13").expect("A.8.13");
    update(&mut app, Msg::Run(Command::EditAction));
    ch(
        &mut app,
        " and agree with the finance director which retention the board signs off before March",
    );
    let screen = screen_text(&draw(&app, 80, 24));
    assert!(screen.contains("off before March"), "{screen}");
    both_sizes("action_form_wrapped", &app);
}

#[test]
fn light_and_high_contrast_paint_their_own_background() {
    for name in ["light", "high-contrast"] {
        let mut app = example();
        app.theme = Theme::builtin(name).expect("theme");
        for open in [None, Some(Command::Help), Some(Command::EditOwner)] {
            if let Some(c) = open {
                update(&mut app, Msg::Run(c));
            }
            let terminal = draw(&app, 80, 24);
            let buffer = terminal.backend().buffer();
            for y in 0..24 {
                for x in 0..80 {
                    assert_ne!(
                        buffer[(x, y)].bg,
                        Color::Reset,
                        "{name}: cell {x},{y} falls back to the terminal's background"
                    );
                }
            }
            update(&mut app, Msg::Run(Command::Cancel));
        }
    }
}

#[test]
fn help_lists_every_key_of_every_layer_and_follows_rebinding() {
    use gapwalk::tui::keys::{Layer, Override};
    let mut app = example();
    let (keymap, warnings) = app.keymap.with_overrides(&[Override {
        layer: None,
        command: "answer_gap".into(),
        keys: vec!["g".into()],
        at: "config.toml:2:1".into(),
    }]);
    assert!(warnings.is_empty());
    app.keymap = keymap;
    let text: Vec<String> = gapwalk::tui::view::help_lines(&app)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    for layer in Layer::ALL {
        assert!(
            text.iter().any(|l| l.contains(layer.title())),
            "{}",
            layer.name()
        );
        for (command, _) in app.keymap.bindings(layer) {
            let line = format!(
                " {:<18}{}",
                app.keymap.label(layer, command),
                layer.describe(command)
            );
            assert!(text.contains(&line), "{line:?} missing");
        }
    }
    assert!(text.contains(&format!(" {:<18}answer: gap", "g")));
    // The hint line names the rebound key as well.
    let screen = screen_text(&draw(&app, 160, 48));
    assert!(screen.contains(" 1 2 3 g 5 answer "), "{screen}");
    app.selected = app.catalog.position("A.5.3").expect("A.5.3");
    update(&mut app, Msg::Run(Command::AnswerNotApplicable));
    let screen = screen_text(&draw(&app, 160, 48));
    assert!(screen.contains("press J"), "{screen}");
}

#[test]
fn the_readme_key_tables_are_the_key_map() {
    use gapwalk::tui::keys::{Keymap, Layer};
    let readme = include_str!("../README.md");
    let keymap = Keymap::defaults();
    for layer in Layer::ALL {
        let start = format!("<!-- keys:{} -->\n", layer.name());
        let Some(at) = readme.find(&start) else {
            panic!(
                "README.md has no key table for {} ({start:?})",
                layer.name()
            );
        };
        let body = &readme[at + start.len()..];
        let end = body.find("<!-- /keys -->").expect("end marker");
        let expected = keymap.markdown_table(layer);
        assert_eq!(
            &body[..end],
            expected,
            "README's {} key table differs from the key map; it should read:\n{expected}",
            layer.name()
        );
    }
}
