//! The rules every dated fact in the catalog data must keep. One copy,
//! used twice: build.rs includes this file to fail the build on a bad
//! entry in src/catalog/data, and the library uses it when it reads a
//! catalog from TOML. It depends on nothing but the `toml` crate.

use toml::value::Datetime;

/// A TOML value that must be a plain calendar date (`2026-12-03`, no time,
/// no offset), as (year, month, day).
pub fn plain_date(value: &Datetime, what: &str) -> Result<(i32, u32, u32), String> {
    let (Some(d), None, None) = (value.date, value.time, value.offset) else {
        return Err(format!(
            "{what} must be a plain date such as 2026-12-03, not {value}"
        ));
    };
    let (year, month, day) = (i32::from(d.year), u32::from(d.month), u32::from(d.day));
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if day == 0 || day > days {
        return Err(format!("{what}: {value} is not a calendar date"));
    }
    if year < 2000 {
        return Err(format!(
            "{what}: {value} is before 2000; a catalog fact cannot be that old"
        ));
    }
    Ok((year, month, day))
}

/// A dated change says what changed and where that was confirmed.
/// Changes to capabilities and licences are Microsoft's facts, so their
/// source must be a web address a consultant can open.
pub fn check_change(what: &str, source: &str, needs_url: bool) -> Result<(), String> {
    if what.trim().is_empty() {
        return Err("a dated change has an empty `what`: say what changed".to_string());
    }
    let source = source.trim();
    if source.is_empty() {
        return Err(format!(
            "the change \"{what}\" has no `source`: every dated change must say where it was confirmed"
        ));
    }
    if needs_url && !source.starts_with("https://") {
        return Err(format!(
            "the change \"{what}\" has source \"{source}\": a change to a capability or licence needs an https:// address"
        ));
    }
    Ok(())
}

/// The tools whose check ids the check registry (checks.toml) maps, in the
/// order of [`CheckEntry::patterns`].
pub const SCAN_TOOLS: [&str; 3] = ["maester", "scubagear", "prowler"];

/// One entry of the check registry as written, for [`check_registry`].
pub struct CheckEntry<'a> {
    pub id: &'a str,
    pub what: &'a str,
    pub capabilities: Vec<&'a str>,
    /// The check-id patterns per tool, in the order of [`SCAN_TOOLS`].
    pub patterns: [Vec<&'a str>; 3],
}

/// A check-id pattern: an exact id, or a prefix ending in `*`. Ids are
/// printable ASCII without spaces; `*` only at the end, after something.
pub fn check_pattern(pattern: &str) -> Result<(), String> {
    let body = pattern.strip_suffix('*').unwrap_or(pattern);
    if body.is_empty() {
        return Err(format!(
            "check pattern \"{pattern}\" is empty: write an id or a prefix such as MS.AAD.3.*"
        ));
    }
    if let Some(c) = body.chars().find(|c| !c.is_ascii_graphic() || *c == '*') {
        return Err(format!(
            "check pattern \"{pattern}\" has {c:?}: ids are printable ASCII without spaces, with `*` only at the end"
        ));
    }
    Ok(())
}

/// The rules of the check registry: unique kebab-case ids, a `what`, at
/// least one known capability and one pattern, well-formed patterns, and
/// no pattern twice for one tool.
pub fn check_registry(
    entries: &[CheckEntry],
    known_capability: impl Fn(&str) -> bool,
) -> Result<(), String> {
    let mut ids = std::collections::HashSet::new();
    let mut seen: [std::collections::HashMap<&str, &str>; 3] = Default::default();
    for e in entries {
        let kebab = !e.id.is_empty()
            && e.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !kebab {
            return Err(format!(
                "check entry id \"{}\" is not kebab-case (a-z, 0-9, -)",
                e.id
            ));
        }
        if !ids.insert(e.id) {
            return Err(format!("check entry id \"{}\" is used twice", e.id));
        }
        if e.what.trim().is_empty() {
            return Err(format!(
                "check entry {} has no `what`: say what its checks look at",
                e.id
            ));
        }
        if e.capabilities.is_empty() {
            return Err(format!("check entry {} names no capability", e.id));
        }
        if let Some(c) = e.capabilities.iter().find(|c| !known_capability(c)) {
            return Err(format!("check entry {} names unknown capability {c}", e.id));
        }
        if e.patterns.iter().all(Vec::is_empty) {
            return Err(format!("check entry {} has no check ids", e.id));
        }
        for (t, patterns) in e.patterns.iter().enumerate() {
            for p in patterns {
                check_pattern(p).map_err(|m| format!("check entry {}: {m}", e.id))?;
                if let Some(other) = seen[t].insert(p, e.id) {
                    return Err(format!(
                        "{} check pattern \"{p}\" is in both {other} and {}",
                        SCAN_TOOLS[t], e.id
                    ));
                }
            }
        }
    }
    Ok(())
}
