use super::*;

fn ev(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn plain(c: char) -> KeyEvent {
    ev(KeyCode::Char(c), KeyModifiers::NONE)
}

fn o(layer: Option<&str>, command: &str, keys: &[&str]) -> Override {
    Override {
        layer: layer.map(String::from),
        command: command.into(),
        keys: keys.iter().map(|k| k.to_string()).collect(),
        at: "config.toml:3:1".into(),
    }
}

#[test]
fn the_defaults_parse_every_layer_and_every_command_has_a_key() {
    let map = Keymap::parse_defaults().expect("keys.toml is valid and has no clash");
    for layer in Layer::ALL {
        assert!(
            map.bindings(layer).next().is_some(),
            "{} has keys",
            layer.name()
        );
        for (command, keys) in map.bindings(layer) {
            assert!(
                !keys.is_empty(),
                "{}.{} has no key",
                layer.name(),
                command.name()
            );
        }
        // Every context has a way out.
        assert!(
            [
                Command::Cancel,
                Command::Close,
                Command::Quit,
                Command::Summary
            ]
            .iter()
            .any(|&c| map.has(layer, c)),
            "{} has no way out",
            layer.name()
        );
    }
    for &command in Command::ALL {
        assert!(
            Layer::ALL.iter().any(|&l| map.has(l, command)),
            "{} is bound in no layer",
            command.name()
        );
    }
    // Ctrl-C never does nothing: it is the quit guard, or it backs out
    // of a question.
    for layer in Layer::ALL {
        let c = map.command(layer, &ev(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert!(
            matches!(c, Some(Command::Quit | Command::Cancel))
                || matches!(layer, Layer::Help | Layer::Notice),
            "{}: {c:?}",
            layer.name()
        );
    }
}

#[test]
fn keys_match_events_as_terminals_send_them() {
    let map = Keymap::defaults();
    let w = Layer::Workshop;
    assert_eq!(map.command(w, &plain('4')), Some(Command::AnswerGap));
    assert_eq!(
        map.command(w, &ev(KeyCode::Char('R'), KeyModifiers::SHIFT)),
        Some(Command::EditReliance)
    );
    assert_eq!(map.command(w, &plain('r')), Some(Command::MarkReviewed));
    assert_eq!(
        map.command(w, &ev(KeyCode::Char('r'), KeyModifiers::CONTROL)),
        Some(Command::Redo)
    );
    assert_eq!(
        map.command(w, &ev(KeyCode::Down, KeyModifiers::SHIFT)),
        Some(Command::ScrollDetailDown)
    );
    assert_eq!(
        map.command(w, &ev(KeyCode::Down, KeyModifiers::NONE)),
        Some(Command::MoveDown)
    );
    assert_eq!(
        map.command(w, &ev(KeyCode::Char('?'), KeyModifiers::SHIFT)),
        Some(Command::Help)
    );
    // The same key means what its layer says.
    let f = Layer::Forms;
    assert_eq!(map.command(f, &plain('4')), None, "typed in a form");
    assert_eq!(
        map.command(f, &ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
        Some(Command::PreviousField)
    );
    assert_eq!(
        map.command(f, &ev(KeyCode::Enter, KeyModifiers::ALT)),
        Some(Command::NewLine)
    );
    assert_eq!(
        map.command(Layer::Conflicts, &plain('t')),
        Some(Command::TakeTheirs)
    );
    assert_eq!(
        map.command(Layer::Pickers, &plain(' ')),
        Some(Command::Toggle)
    );
    assert_eq!(map.command(Layer::Pickers, &plain('j')), None, "j filters");
    assert_eq!(
        map.command(Layer::Lists, &plain('j')),
        Some(Command::MoveDown)
    );
}

#[test]
fn a_plain_keys_table_rebinds_the_workshop_and_the_summary() {
    let (map, warnings) = Keymap::defaults().with_overrides(&[
        o(None, "answer_gap", &["g"]),
        o(None, "move_down", &["down", "ctrl-n"]),
    ]);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        map.command(Layer::Workshop, &plain('g')),
        Some(Command::AnswerGap)
    );
    assert_eq!(map.command(Layer::Workshop, &plain('4')), None);
    assert_eq!(
        map.command(
            Layer::Summary,
            &ev(KeyCode::Char('n'), KeyModifiers::CONTROL)
        ),
        Some(Command::MoveDown)
    );
    assert_eq!(map.label(Layer::Workshop, Command::AnswerGap), "g");
    // Other layers keep theirs.
    assert_eq!(
        map.command(Layer::Lists, &plain('j')),
        Some(Command::MoveDown)
    );
}

#[test]
fn a_layer_table_rebinds_that_layer_only() {
    let (map, warnings) = Keymap::defaults().with_overrides(&[
        o(Some("forms"), "save", &["f2"]),
        o(Some("conflicts"), "keep_ours", &["1"]),
    ]);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        map.command(Layer::Forms, &ev(KeyCode::F(2), KeyModifiers::NONE)),
        Some(Command::Save)
    );
    assert_eq!(
        map.command(Layer::Forms, &ev(KeyCode::Char('s'), KeyModifiers::CONTROL)),
        None
    );
    assert_eq!(
        map.command(Layer::Conflicts, &plain('1')),
        Some(Command::KeepOurs)
    );
    assert_eq!(map.key(Layer::Forms, Command::Save), "F2");
}

#[test]
fn bad_overrides_are_warned_about_with_their_place_and_the_rest_apply() {
    let (map, warnings) = Keymap::defaults().with_overrides(&[
        o(None, "answer_gapp", &["g"]),
        o(Some("popups"), "cancel", &["x"]),
        o(Some("forms"), "answer_gap", &["g"]),
        o(None, "quit", &["hyper-x"]),
        o(None, "summary", &["S"]),
    ]);
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    assert!(warnings[0].starts_with("config.toml:3:1: unknown command \"answer_gapp\""));
    assert!(
        warnings[1].contains("unknown key layer \"popups\""),
        "{}",
        warnings[1]
    );
    assert!(
        warnings[2].contains("`answer_gap` does nothing in [keys.forms]")
            && warnings[2].contains("[keys.workshop]"),
        "{}",
        warnings[2]
    );
    assert!(
        warnings[3].contains("unknown key \"hyper-x\""),
        "{}",
        warnings[3]
    );
    // The good one applies.
    assert_eq!(
        map.command(Layer::Workshop, &plain('S')),
        Some(Command::Summary)
    );
}

#[test]
fn a_clash_keeps_that_layers_defaults() {
    let (map, warnings) =
        Keymap::defaults().with_overrides(&[o(Some("workshop"), "answer_gap", &["q"])]);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].contains("bound to both") && warnings[0].contains("default keys"),
        "{}",
        warnings[0]
    );
    assert_eq!(
        map.command(Layer::Workshop, &plain('4')),
        Some(Command::AnswerGap)
    );
    assert_eq!(
        map.command(Layer::Workshop, &plain('q')),
        Some(Command::Quit)
    );
    // Swapping two keys in one table is no clash.
    let (map, warnings) = Keymap::defaults().with_overrides(&[
        o(None, "answer_gap", &["5"]),
        o(None, "answer_not_applicable", &["4"]),
    ]);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        map.command(Layer::Workshop, &plain('5')),
        Some(Command::AnswerGap)
    );
}

#[test]
fn unbinding_a_command_is_warned_about() {
    let (map, warnings) = Keymap::defaults().with_overrides(&[o(None, "export", &[])]);
    assert_eq!(map.label(Layer::Workshop, Command::Export), "(no key)");
    assert!(warnings[0].contains("`export` has no key"), "{warnings:?}");
}

#[test]
fn key_names_display_for_the_help() {
    assert_eq!(Key::parse("ctrl-r").expect("key").to_string(), "Ctrl-r");
    assert_eq!(Key::parse("pagedown").expect("key").to_string(), "PgDn");
    assert_eq!(
        Key::parse("shift-tab").expect("key").to_string(),
        "Shift-Tab"
    );
    assert_eq!(Key::parse("space").expect("key").to_string(), "Space");
    assert!(Key::parse("shift-r").is_err());
    let map = Keymap::defaults();
    assert_eq!(map.label(Layer::Workshop, Command::MoveUp), "↑ k");
    assert_eq!(map.key(Layer::Workshop, Command::MoveUp), "↑");
    let table = map.markdown_table(Layer::Conflicts);
    assert!(
        table.contains("| `o` | keep ours (what is in place) |"),
        "{table}"
    );
}
