//! The key map: one layer of bindings per context (the workshop, the
//! summary, forms, lists…), shipped in the binary and overridden per layer
//! by the user's config file. Help, hints and status texts ask it for the
//! keys they name, so a rebound key is right everywhere.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

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

/// A context with its own bindings. The focused part of the screen picks
/// the layer: the top overlay, else the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    Workshop,
    Summary,
    Risks,
    Start,
    Forms,
    Lists,
    Pickers,
    Conflicts,
    Export,
    Questions,
    Help,
    Notice,
}

impl Layer {
    /// Every layer, in the order the help lists them.
    pub const ALL: [Layer; 12] = [
        Layer::Workshop,
        Layer::Summary,
        Layer::Risks,
        Layer::Start,
        Layer::Forms,
        Layer::Lists,
        Layer::Pickers,
        Layer::Conflicts,
        Layer::Export,
        Layer::Questions,
        Layer::Help,
        Layer::Notice,
    ];

    /// The name of its table in the key map (`[keys.forms]`).
    pub fn name(self) -> &'static str {
        match self {
            Layer::Workshop => "workshop",
            Layer::Summary => "summary",
            Layer::Risks => "risks",
            Layer::Start => "start",
            Layer::Forms => "forms",
            Layer::Lists => "lists",
            Layer::Pickers => "pickers",
            Layer::Conflicts => "conflicts",
            Layer::Export => "export",
            Layer::Questions => "questions",
            Layer::Help => "help",
            Layer::Notice => "notice",
        }
    }

    /// Its heading in the help.
    pub fn title(self) -> &'static str {
        match self {
            Layer::Workshop => "In the workshop",
            Layer::Summary => "On the summary",
            Layer::Risks => "On the risk register",
            Layer::Start => "On the start screen",
            Layer::Forms => "In a text box or form (other keys are typed)",
            Layer::Lists => "In a list (filter, inclusion reasons, licences of a new assessment)",
            Layer::Pickers => "In a picker (jump, capabilities, licences: other keys filter)",
            Layer::Conflicts => "Settling merge conflicts",
            Layer::Export => "Exporting",
            Layer::Questions => "When gapwalk asks",
            Layer::Help => "In this help",
            Layer::Notice => "On a notice",
        }
    }

    pub fn named(name: &str) -> Result<Layer, String> {
        Layer::ALL
            .into_iter()
            .find(|l| l.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Layer::ALL.iter().map(|l| l.name()).collect();
                format!(
                    "unknown key layer \"{name}\": expected one of {}",
                    names.join(", ")
                )
            })
    }

    /// What a command does in this layer, for the help.
    pub fn describe(self, command: Command) -> &'static str {
        use Command as C;
        match (self, command) {
            (Layer::Summary, C::MoveUp) => "previous finding",
            (Layer::Summary, C::MoveDown) => "next finding",
            (Layer::Summary, C::First) => "first finding",
            (Layer::Summary, C::Last) => "last finding",
            (Layer::Summary, C::Open) => "open the item (or the risk) of the selected finding",
            (Layer::Summary, C::Summary) => "back to the workshop",
            (Layer::Summary, C::Risks) => "the risk register",
            (Layer::Risks, C::MoveUp) => "previous risk",
            (Layer::Risks, C::MoveDown) => "next risk",
            (Layer::Risks, C::First) => "first risk",
            (Layer::Risks, C::Last) => "last risk",
            (Layer::Risks, C::Open) => "edit the selected risk",
            (Layer::Risks, C::Risks) => "back to the workshop",
            (Layer::Risks, C::Summary) => "the summary",
            (Layer::Start, C::MoveUp) => "previous file",
            (Layer::Start, C::MoveDown) => "next file",
            (Layer::Start, C::First) => "first file",
            (Layer::Start, C::Last) => "last file",
            (Layer::Start, C::Open) => "open the selected file",
            (Layer::Forms, C::Confirm) => "next field; on the last one, save (notes: a new line)",
            (Layer::Forms, C::Save) => "save from any field",
            (Layer::Forms, C::NewLine) => "a new line in the notes",
            (Layer::Forms, C::NextField) => "next field (notes: save)",
            (Layer::Forms, C::NextSuggestion) => {
                "next suggested name (else the next field; in the notes, a line down)"
            }
            (Layer::Forms, C::PreviousSuggestion) => {
                "previous suggested name (else the field before; in the notes, a line up)"
            }
            (Layer::Forms, C::Cancel) => "cancel (asks first if you typed something)",
            (Layer::Forms, C::Quit) => "quit (asks what to do with what you typed)",
            (Layer::Lists | Layer::Pickers, C::MoveUp) => "previous entry",
            (Layer::Lists | Layer::Pickers, C::MoveDown) => "next entry",
            (Layer::Lists, C::First) => "first entry",
            (Layer::Lists, C::Last) => "last entry",
            (Layer::Lists, C::Confirm) => {
                "choose (filter) / save the ticks / create the assessment"
            }
            (Layer::Pickers, C::Confirm) => "go to the item (jump) / save the ticks",
            (Layer::Pickers, C::Toggle) => "tick or untick (capabilities, licences)",
            (Layer::Lists, C::NextField) => "next field (new-assessment form)",
            (Layer::Lists, C::PreviousField) => "previous field (new-assessment form)",
            (Layer::Lists | Layer::Pickers, C::Cancel) => {
                "cancel (asks first if you ticked something)"
            }
            (Layer::Lists | Layer::Pickers, C::Quit) => "quit (asks first if you ticked something)",
            (Layer::Questions, C::Yes) => "yes: what the question offers first",
            (Layer::Questions, C::No) => "no: the other choice it offers",
            (Layer::Conflicts, C::MoveUp) => "previous conflict",
            (Layer::Conflicts, C::MoveDown) => "next conflict",
            (Layer::Conflicts, C::Cancel) => "later (the conflicts stay recorded)",
            (Layer::Export, C::NextChoice) => "change the choice on this line",
            (Layer::Export, C::PreviousChoice) => "change it back",
            (Layer::Export, C::Confirm) => "write the file",
            (Layer::Questions, C::Cancel) => "back to where you were",
            (Layer::Help, C::MoveDown) => "scroll down",
            (Layer::Help, C::MoveUp) => "scroll up",
            (_, c) => c.description(),
        }
    }
}

/// One layer's bindings: commands by key, and keys by command in the key
/// map's order (for the help and the hints).
#[derive(Debug, Clone, Default)]
struct Bindings {
    by_key: HashMap<Key, Command>,
    by_command: Vec<(Command, Vec<Key>)>,
}

impl Bindings {
    fn new(by_command: Vec<(Command, Vec<Key>)>) -> Result<Bindings, String> {
        let mut by_key = HashMap::new();
        for (command, keys) in &by_command {
            for key in keys {
                if let Some(other) = by_key.insert(*key, *command)
                    && other != *command
                {
                    return Err(format!(
                        "key {key} is bound to both {} and {}",
                        other.name(),
                        command.name()
                    ));
                }
            }
        }
        Ok(Bindings { by_key, by_command })
    }
}

/// Commands by key, per layer.
#[derive(Debug, Clone)]
pub struct Keymap {
    layers: HashMap<Layer, Bindings>,
}

/// One rebinding from the config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// `None`: the plain `[keys]` table, which means the workshop.
    pub layer: Option<String>,
    pub command: String,
    pub keys: Vec<String>,
    /// Where it was written ("config.toml:3:1"), for messages.
    pub at: String,
}

impl Keymap {
    /// The built-in key map.
    pub fn defaults() -> Keymap {
        static DEFAULTS: OnceLock<Keymap> = OnceLock::new();
        // The embedded defaults are checked by a test.
        DEFAULTS
            .get_or_init(|| {
                Keymap::parse_defaults().unwrap_or_else(|_| Keymap {
                    layers: HashMap::new(),
                })
            })
            .clone()
    }

    fn parse_defaults() -> Result<Keymap, String> {
        let doc: toml_edit::DocumentMut = DEFAULT_KEYS.parse().map_err(|e| format!("{e}"))?;
        let mut layers = HashMap::new();
        for (name, table) in doc.iter() {
            let layer = Layer::named(name)?;
            let table = table
                .as_table()
                .ok_or_else(|| format!("[{name}] is not a table"))?;
            let mut by_command = Vec::new();
            for (command, keys) in table.iter() {
                let command = command_named(command)?;
                let keys = keys
                    .as_array()
                    .ok_or_else(|| format!("{name}.{}: not a list", command.name()))?
                    .iter()
                    .map(|k| Key::parse(k.as_str().unwrap_or_default()))
                    .collect::<Result<Vec<Key>, String>>()?;
                by_command.push((command, keys));
            }
            let bindings =
                Bindings::new(by_command).map_err(|e| format!("[{}]: {e}", layer.name()))?;
            layers.insert(layer, bindings);
        }
        Ok(Keymap { layers })
    }

    /// The key map with the config file's rebindings, and what was wrong
    /// with them (each problem leaves the keys it concerns as they were; a
    /// layer whose rebindings clash keeps its default keys).
    pub fn with_overrides(&self, overrides: &[Override]) -> (Keymap, Vec<String>) {
        let mut warnings = Vec::new();
        // Per layer: (command, its new keys, where the override was written).
        type Changes<'a> = Vec<(Command, Vec<Key>, &'a str)>;
        let mut per_layer: HashMap<Layer, Changes> = HashMap::new();
        for o in overrides {
            let layer = match o.layer.as_deref() {
                None => Layer::Workshop,
                Some(name) => match Layer::named(name) {
                    Ok(l) => l,
                    Err(e) => {
                        warnings.push(format!("{}: {e}", o.at));
                        continue;
                    }
                },
            };
            let command = match command_named(&o.command) {
                Ok(c) => c,
                Err(e) => {
                    warnings.push(format!("{}: {e}", o.at));
                    continue;
                }
            };
            if !self.has(layer, command) {
                let homes: Vec<&str> = Layer::ALL
                    .iter()
                    .filter(|&&l| self.has(l, command))
                    .map(|l| l.name())
                    .collect();
                warnings.push(format!(
                    "{}: `{}` does nothing in [keys.{}]; it belongs in {}",
                    o.at,
                    command.name(),
                    layer.name(),
                    homes
                        .iter()
                        .map(|h| format!("[keys.{h}]"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ));
                continue;
            }
            let keys = match o.keys.iter().map(|k| Key::parse(k)).collect() {
                Ok(keys) => keys,
                Err(e) => {
                    warnings.push(format!("{}: {}: {e}", o.at, command.name()));
                    continue;
                }
            };
            // A plain [keys] table meant the workshop and the summary,
            // which shared the workshop's keys: keep it so.
            if o.layer.is_none() && self.has(Layer::Summary, command) {
                per_layer.entry(Layer::Summary).or_default().push((
                    command,
                    Vec::clone(&keys),
                    &o.at,
                ));
            }
            per_layer
                .entry(layer)
                .or_default()
                .push((command, keys, &o.at));
        }
        let mut map = self.clone();
        for layer in Layer::ALL {
            let Some(changes) = per_layer.get(&layer) else {
                continue;
            };
            let Some(current) = self.layers.get(&layer) else {
                continue;
            };
            let mut by_command = current.by_command.clone();
            for (command, keys, _) in changes {
                if let Some(entry) = by_command.iter_mut().find(|(c, _)| c == command) {
                    entry.1 = keys.clone();
                }
            }
            match Bindings::new(by_command) {
                Ok(b) => {
                    for (command, keys) in &b.by_command {
                        if keys.is_empty() && changes.iter().any(|(c, _, _)| c == command) {
                            warnings.push(format!(
                                "[keys.{}]: `{}` has no key now, so it cannot be used",
                                layer.name(),
                                command.name()
                            ));
                        }
                    }
                    map.layers.insert(layer, b);
                }
                Err(e) => {
                    let at = changes.first().map_or("", |c| c.2);
                    warnings.push(format!(
                        "{at}: [keys.{}]: {e}; using the default keys there",
                        layer.name()
                    ));
                }
            }
        }
        (map, warnings)
    }

    /// Whether a command exists in a layer.
    pub fn has(&self, layer: Layer, command: Command) -> bool {
        self.layers
            .get(&layer)
            .is_some_and(|b| b.by_command.iter().any(|(c, _)| *c == command))
    }

    /// The command a key stands for in a layer.
    pub fn command(&self, layer: Layer, e: &KeyEvent) -> Option<Command> {
        self.layers
            .get(&layer)?
            .by_key
            .get(&Key::from_event(e))
            .copied()
    }

    pub fn keys(&self, layer: Layer, command: Command) -> &[Key] {
        self.layers
            .get(&layer)
            .and_then(|b| b.by_command.iter().find(|(c, _)| *c == command))
            .map_or(&[], |(_, keys)| keys.as_slice())
    }

    /// The commands of a layer with their keys, in the key map's order.
    pub fn bindings(&self, layer: Layer) -> impl Iterator<Item = (Command, &[Key])> {
        self.layers
            .get(&layer)
            .into_iter()
            .flat_map(|b| b.by_command.iter().map(|(c, k)| (*c, k.as_slice())))
    }

    /// Every key of a command in a layer, as the help shows them ("↑ k").
    pub fn label(&self, layer: Layer, command: Command) -> String {
        let keys: Vec<String> = self
            .keys(layer, command)
            .iter()
            .map(Key::to_string)
            .collect();
        if keys.is_empty() {
            "(no key)".into()
        } else {
            keys.join(" ")
        }
    }

    /// The first key of a command, for a hint or a status text ("press J").
    pub fn key(&self, layer: Layer, command: Command) -> String {
        self.keys(layer, command)
            .first()
            .map_or_else(|| "(no key)".into(), Key::to_string)
    }

    /// The keys of a layer as a Markdown table (the README's key tables
    /// are checked against it).
    pub fn markdown_table(&self, layer: Layer) -> String {
        let mut out = String::from("| key | does |\n|---|---|\n");
        for (command, keys) in self.bindings(layer) {
            let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
            out.push_str(&format!(
                "| {} | {} |\n",
                keys.join(" "),
                layer.describe(command).replace('|', "\\|")
            ));
        }
        out
    }
}

/// The command with this key-map name.
pub fn command_named(name: &str) -> Result<Command, String> {
    Command::ALL
        .iter()
        .copied()
        .find(|c| c.name() == name)
        .ok_or_else(|| format!("unknown command \"{name}\" (the help overlay lists them)"))
}

#[cfg(test)]
mod tests;
