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
