//! Themes: semantic roles (gap, selected, high severity…) mapped to styles,
//! read from TOML. The built-in themes ship in the binary; a user theme
//! overrides the roles it names on top of the dark theme (or the one it
//! `extends`).

use std::path::Path;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use crate::analysis::Severity;
use crate::assessment::Answer;
use crate::text::line_col;

pub const BUILTIN: [(&str, &str); 3] = [
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
];

/// Styles by role. Widgets ask for a role, never a colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub heading: Style,
    pub border: Style,
    pub border_focus: Style,
    pub selected: Style,
    pub group: Style,
    pub key: Style,
    pub status: Style,
    pub ok: Style,
    pub warning: Style,
    pub error: Style,
    pub hint: Style,
    pub unanswered: Style,
    pub microsoft_provides: Style,
    pub shared: Style,
    pub we_manage: Style,
    pub gap: Style,
    pub not_applicable: Style,
    pub high: Style,
    pub medium: Style,
    pub low: Style,
    pub licensed: Style,
    pub unlicensed: Style,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: Option<String>,
    extends: Option<String>,
    #[serde(default)]
    styles: StylesFile,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StylesFile {
    text: Option<StyleFile>,
    dim: Option<StyleFile>,
    title: Option<StyleFile>,
    heading: Option<StyleFile>,
    border: Option<StyleFile>,
    border_focus: Option<StyleFile>,
    selected: Option<StyleFile>,
    group: Option<StyleFile>,
    key: Option<StyleFile>,
    status: Option<StyleFile>,
    ok: Option<StyleFile>,
    warning: Option<StyleFile>,
    error: Option<StyleFile>,
    hint: Option<StyleFile>,
    unanswered: Option<StyleFile>,
    microsoft_provides: Option<StyleFile>,
    shared: Option<StyleFile>,
    we_manage: Option<StyleFile>,
    gap: Option<StyleFile>,
    not_applicable: Option<StyleFile>,
    high: Option<StyleFile>,
    medium: Option<StyleFile>,
    low: Option<StyleFile>,
    licensed: Option<StyleFile>,
    unlicensed: Option<StyleFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StyleFile {
    fg: Option<ColorName>,
    bg: Option<ColorName>,
    #[serde(default)]
    modifiers: Vec<ModifierName>,
}

#[derive(Debug)]
struct ColorName(Color);

impl<'de> Deserialize<'de> for ColorName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_color(&s)
            .map(ColorName)
            .map_err(serde::de::Error::custom)
    }
}

fn parse_color(s: &str) -> Result<Color, String> {
    if let Some(hex) = s.strip_prefix('#') {
        if hex.len() == 6
            && let Ok(v) = u32::from_str_radix(hex, 16)
        {
            return Ok(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
        }
        return Err(format!("invalid colour \"{s}\": expected #rrggbb"));
    }
    Ok(match s.to_ascii_lowercase().as_str() {
        "reset" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        _ => {
            return Err(format!(
                "unknown colour \"{s}\": expected a colour name such as lightblue or #rrggbb"
            ));
        }
    })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum ModifierName {
    Bold,
    Dim,
    Italic,
    Underlined,
    Reversed,
}

impl StyleFile {
    fn style(&self) -> Style {
        let mut style = Style::default();
        if let Some(c) = &self.fg {
            style = style.fg(c.0);
        }
        if let Some(c) = &self.bg {
            style = style.bg(c.0);
        }
        for m in &self.modifiers {
            style = style.add_modifier(match m {
                ModifierName::Bold => Modifier::BOLD,
                ModifierName::Dim => Modifier::DIM,
                ModifierName::Italic => Modifier::ITALIC,
                ModifierName::Underlined => Modifier::UNDERLINED,
                ModifierName::Reversed => Modifier::REVERSED,
            });
        }
        style
    }
}

/// A theme file that could not be used: where and why.
#[derive(Debug, thiserror::Error)]
#[error("{source_name}:{line}:{column}: {message}")]
pub struct ThemeError {
    pub source_name: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Theme {
    /// The default theme.
    pub fn dark() -> Theme {
        Theme::builtin("dark").unwrap_or_else(Theme::monochrome)
    }

    /// The built-in themes, in the order `cycle_theme` goes through them.
    pub fn builtins() -> Vec<Theme> {
        BUILTIN
            .iter()
            .filter_map(|(name, _)| Theme::builtin(name))
            .collect()
    }

    pub fn builtin(name: &str) -> Option<Theme> {
        let (_, text) = BUILTIN.iter().find(|(n, _)| *n == name)?;
        // The built-in themes are checked by a test.
        Theme::parse(name, text, None).ok()
    }

    /// A theme file's text. `base` is what unnamed roles fall back to
    /// (the dark theme when `None`, unless the file `extends` another).
    pub fn parse(source_name: &str, text: &str, base: Option<&Theme>) -> Result<Theme, ThemeError> {
        let file: ThemeFile = toml::from_str(text).map_err(|e| {
            let (line, column) = line_col(text, e.span().map_or(0, |s| s.start));
            ThemeError {
                source_name: source_name.to_string(),
                line,
                column,
                message: e.message().to_string(),
            }
        })?;
        let base = match (&file.extends, base) {
            (Some(name), _) => Theme::builtin(name).ok_or_else(|| ThemeError {
                source_name: source_name.to_string(),
                line: 1,
                column: 1,
                message: format!(
                    "extends unknown theme \"{name}\": expected dark, light or high-contrast"
                ),
            })?,
            (None, Some(base)) => base.clone(),
            (None, None) => Theme::monochrome(),
        };
        let s = &file.styles;
        let pick = |f: &Option<StyleFile>, b: Style| f.as_ref().map_or(b, StyleFile::style);
        Ok(Theme {
            name: file.name.unwrap_or_else(|| source_name.to_string()),
            text: pick(&s.text, base.text),
            dim: pick(&s.dim, base.dim),
            title: pick(&s.title, base.title),
            heading: pick(&s.heading, base.heading),
            border: pick(&s.border, base.border),
            border_focus: pick(&s.border_focus, base.border_focus),
            selected: pick(&s.selected, base.selected),
            group: pick(&s.group, base.group),
            key: pick(&s.key, base.key),
            status: pick(&s.status, base.status),
            ok: pick(&s.ok, base.ok),
            warning: pick(&s.warning, base.warning),
            error: pick(&s.error, base.error),
            hint: pick(&s.hint, base.hint),
            unanswered: pick(&s.unanswered, base.unanswered),
            microsoft_provides: pick(&s.microsoft_provides, base.microsoft_provides),
            shared: pick(&s.shared, base.shared),
            we_manage: pick(&s.we_manage, base.we_manage),
            gap: pick(&s.gap, base.gap),
            not_applicable: pick(&s.not_applicable, base.not_applicable),
            high: pick(&s.high, base.high),
            medium: pick(&s.medium, base.medium),
            low: pick(&s.low, base.low),
            licensed: pick(&s.licensed, base.licensed),
            unlicensed: pick(&s.unlicensed, base.unlicensed),
        })
    }

    /// A user theme file, over the dark theme.
    pub fn load(path: &Path) -> Result<Theme, ThemeError> {
        let text = std::fs::read_to_string(path).map_err(|e| ThemeError {
            source_name: path.display().to_string(),
            line: 1,
            column: 1,
            message: e.to_string(),
        })?;
        Theme::parse(&path.display().to_string(), &text, Some(&Theme::dark()))
    }

    /// No colours at all (NO_COLOR): meaning carried by weight and inversion.
    pub fn monochrome() -> Theme {
        let plain = Style::default();
        let bold = plain.add_modifier(Modifier::BOLD);
        Theme {
            name: "no-color".into(),
            text: plain,
            dim: plain,
            title: bold,
            heading: bold.add_modifier(Modifier::UNDERLINED),
            border: plain,
            border_focus: bold,
            selected: plain.add_modifier(Modifier::REVERSED),
            group: bold,
            key: bold,
            status: plain.add_modifier(Modifier::REVERSED),
            ok: plain,
            warning: bold,
            error: bold,
            hint: plain.add_modifier(Modifier::ITALIC),
            unanswered: plain,
            microsoft_provides: bold,
            shared: bold,
            we_manage: bold,
            gap: bold.add_modifier(Modifier::REVERSED),
            not_applicable: plain,
            high: bold,
            medium: plain,
            low: plain,
            licensed: plain,
            unlicensed: bold,
        }
    }

    pub fn answer(&self, answer: Option<Answer>) -> Style {
        match answer {
            None => self.unanswered,
            Some(Answer::MicrosoftProvides) => self.microsoft_provides,
            Some(Answer::Shared) => self.shared,
            Some(Answer::WeManage) => self.we_manage,
            Some(Answer::Gap) => self.gap,
            Some(Answer::NotApplicable) => self.not_applicable,
        }
    }

    pub fn severity(&self, severity: Severity) -> Style {
        match severity {
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_themes_parse_and_set_every_role() {
        for (name, text) in BUILTIN {
            let theme = Theme::parse(name, text, None).expect(name);
            assert_eq!(theme.name, name);
            // Every role is named in the file: nothing falls back silently.
            let table: toml::Table = text.parse().expect("toml");
            let styles = table["styles"].as_table().expect("styles");
            assert_eq!(styles.len(), 25, "{name} must set every role");
            assert_ne!(theme.gap, theme.we_manage, "{name}");
        }
    }

    #[test]
    fn a_user_theme_overrides_some_roles() {
        let t = Theme::parse(
            "mine.toml",
            "extends = \"light\"\n[styles]\ngap = { fg = \"#ff0000\" }\n",
            None,
        )
        .expect("valid");
        assert_eq!(t.gap, Style::default().fg(Color::Rgb(255, 0, 0)));
        assert_eq!(
            t.we_manage,
            Theme::builtin("light").expect("light").we_manage
        );
    }

    #[test]
    fn a_bad_theme_file_says_where_and_why() {
        let err = Theme::parse(
            "mine.toml",
            "[styles]\ngap = { fg = \"ultraviolet\" }\n",
            None,
        )
        .expect_err("bad colour");
        assert_eq!((err.line, err.column), (2, 14), "{err}");
        assert!(
            err.to_string().contains("unknown colour \"ultraviolet\""),
            "{err}"
        );
        let err = Theme::parse("mine.toml", "[styles]\ngapp = { fg = \"red\" }\n", None)
            .expect_err("bad role");
        assert_eq!(err.line, 2, "{err}");
    }
}
