//! The key map: default bindings shipped in the binary, overridden per
//! command by the user's config file.

use std::collections::HashMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::msg::Command;

const DEFAULT_KEYS: &str = include_str!("keys.toml");

/// One key with its modifiers, as written in the key map ("ctrl-r", "R",
/// "pagedown").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    /// Only for keys that are not characters (shift-down); for characters
    /// the case says it ("R").
    pub shift: bool,
}

impl Key {
    /// The key a terminal event stands for.
    pub fn from_event(e: &KeyEvent) -> Key {
        let is_char = matches!(e.code, KeyCode::Char(_));
        let code = match e.code {
            // Some terminals report Shift-Tab as BackTab, some as Tab+Shift.
            KeyCode::BackTab => KeyCode::Tab,
            c => c,
        };
        Key {
            code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
            shift: !is_char
                && (e.modifiers.contains(KeyModifiers::SHIFT) || e.code == KeyCode::BackTab),
        }
    }

    /// Parses "ctrl-r", "shift-down", "R", "?", "pagedown", "f5".
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut key = Key {
            code: KeyCode::Null,
            ctrl: false,
            alt: false,
            shift: false,
        };
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower.strip_prefix("ctrl-") {
                key.ctrl = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("alt-") {
                key.alt = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("shift-") {
                key.shift = true;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        key.code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if key.ctrl { c.to_ascii_lowercase() } else { c }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" => KeyCode::Insert,
                "space" => KeyCode::Char(' '),
                f if f.starts_with('f')
                    && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
                {
                    KeyCode::F(f[1..].parse().unwrap_or(1))
                }
                _ => {
                    return Err(format!(
                        "unknown key \"{s}\": expected a character or a key name such as up, pagedown, enter, ctrl-r, shift-down, f5"
                    ));
                }
            },
        };
        if key.shift && matches!(key.code, KeyCode::Char(_)) {
            return Err(format!(
                "\"{s}\": write a shifted character as itself (\"R\", not \"shift-r\")"
            ));
        }
        Ok(key)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        if self.shift {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::F(n) => write!(f, "F{n}"),
            _ => f.write_str("?"),
        }
    }
}

/// Commands by key, and keys by command (for the help and the hint line).
#[derive(Debug, Clone)]
pub struct Keymap {
    by_key: HashMap<Key, Command>,
    by_command: HashMap<Command, Vec<Key>>,
}

impl Keymap {
    /// The built-in key map.
    pub fn defaults() -> Keymap {
        // The embedded defaults are checked by a test.
        let table: toml::Table = DEFAULT_KEYS.parse().unwrap_or_default();
        let mut bindings = Vec::new();
        for (name, keys) in &table {
            if let (Ok(command), Some(keys)) = (command_named(name), keys.as_array()) {
                let keys: Vec<String> = keys
                    .iter()
                    .filter_map(|k| k.as_str().map(String::from))
                    .collect();
                bindings.push((command, keys));
            }
        }
        Keymap::build(HashMap::new(), bindings).unwrap_or_else(|_| Keymap {
            by_key: HashMap::new(),
            by_command: HashMap::new(),
        })
    }

    /// The defaults with some commands rebound. Fails (and the caller keeps
    /// the defaults) on an unknown key or two commands sharing a key.
    pub fn with_overrides(&self, overrides: Vec<(Command, Vec<String>)>) -> Result<Keymap, String> {
        let mut by_command = self.by_command.clone();
        let mut bindings = Vec::new();
        for (command, keys) in overrides {
            by_command.remove(&command);
            bindings.push((command, keys));
        }
        Keymap::build(by_command, bindings)
    }

    fn build(
        mut by_command: HashMap<Command, Vec<Key>>,
        bindings: Vec<(Command, Vec<String>)>,
    ) -> Result<Keymap, String> {
        for (command, keys) in bindings {
            let keys = keys
                .iter()
                .map(|k| Key::parse(k))
                .collect::<Result<Vec<Key>, String>>()
                .map_err(|e| format!("{}: {e}", command.name()))?;
            by_command.insert(command, keys);
        }
        let mut by_key = HashMap::new();
        for command in Command::ALL {
            for key in by_command.get(&command).into_iter().flatten() {
                if let Some(other) = by_key.insert(*key, command) {
                    return Err(format!(
                        "key {key} is bound to both {} and {}",
                        other.name(),
                        command.name()
                    ));
                }
            }
        }
        Ok(Keymap { by_key, by_command })
    }

    pub fn command(&self, e: &KeyEvent) -> Option<Command> {
        self.by_key.get(&Key::from_event(e)).copied()
    }

    pub fn keys(&self, command: Command) -> &[Key] {
        self.by_command.get(&command).map_or(&[], Vec::as_slice)
    }

    /// The keys of a command as the help shows them ("↑ k").
    pub fn label(&self, command: Command) -> String {
        let keys: Vec<String> = self.keys(command).iter().map(Key::to_string).collect();
        keys.join(" ")
    }
}

/// The command with this key-map name.
pub fn command_named(name: &str) -> Result<Command, String> {
    Command::ALL
        .into_iter()
        .find(|c| c.name() == name)
        .ok_or_else(|| format!("unknown command \"{name}\" (the help overlay lists them)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_parse_and_bind_every_command() {
        let table: toml::Table = DEFAULT_KEYS.parse().expect("keys.toml");
        for name in table.keys() {
            command_named(name).expect("known command");
        }
        let keymap = Keymap::build(
            HashMap::new(),
            table
                .iter()
                .map(|(n, k)| {
                    let keys = k
                        .as_array()
                        .expect("array")
                        .iter()
                        .map(|s| s.as_str().expect("string").to_string())
                        .collect();
                    (command_named(n).expect("command"), keys)
                })
                .collect(),
        )
        .expect("no clashes");
        for command in Command::ALL {
            assert!(
                !keymap.keys(command).is_empty(),
                "{} has no key",
                command.name()
            );
        }
    }

    #[test]
    fn keys_match_events_as_terminals_send_them() {
        let map = Keymap::defaults();
        let ev = |code, modifiers| KeyEvent::new(code, modifiers);
        assert_eq!(
            map.command(&ev(KeyCode::Char('4'), KeyModifiers::NONE)),
            Some(Command::AnswerGap)
        );
        assert_eq!(
            map.command(&ev(KeyCode::Char('R'), KeyModifiers::SHIFT)),
            Some(Command::EditReliance)
        );
        assert_eq!(
            map.command(&ev(KeyCode::Char('r'), KeyModifiers::NONE)),
            Some(Command::MarkReviewed)
        );
        assert_eq!(
            map.command(&ev(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            Some(Command::Redo)
        );
        assert_eq!(
            map.command(&ev(KeyCode::Down, KeyModifiers::SHIFT)),
            Some(Command::ScrollDetailDown)
        );
        assert_eq!(
            map.command(&ev(KeyCode::Down, KeyModifiers::NONE)),
            Some(Command::MoveDown)
        );
        assert_eq!(
            map.command(&ev(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            Some(Command::Help)
        );
    }

    #[test]
    fn overrides_replace_a_commands_keys_and_clashes_are_refused() {
        let map = Keymap::defaults();
        let custom = map
            .with_overrides(vec![(Command::AnswerGap, vec!["g".into()])])
            .expect("valid");
        let ev = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(custom.command(&ev('g')), Some(Command::AnswerGap));
        assert_eq!(custom.command(&ev('4')), None);
        let err = map
            .with_overrides(vec![(Command::AnswerGap, vec!["q".into()])])
            .expect_err("clash");
        assert!(err.contains("bound to both"), "{err}");
        let err = map
            .with_overrides(vec![(Command::AnswerGap, vec!["hyper-x".into()])])
            .expect_err("bad key");
        assert!(err.contains("unknown key"), "{err}");
    }

    #[test]
    fn key_names_display_for_the_help() {
        assert_eq!(Key::parse("ctrl-r").expect("key").to_string(), "Ctrl-r");
        assert_eq!(Key::parse("pagedown").expect("key").to_string(), "PgDn");
        assert!(Key::parse("shift-r").is_err());
    }
}
