//! Reading the risk register (`[[risks]]`) and its scale (`[assessment]
//! risk_scale`), every problem with its position.

use std::fmt;

use toml::de::DeTable;

use super::{Node, Reader, integer};
use crate::assessment::model::Assessment;
use crate::assessment::risk::{RISK_SCALE_LEVELS, Risk, RiskScale, Treatment};
use crate::assessment::schema::{self, Access, RISK_ID_KEY, fields_of, keys_of};

impl Reader<'_> {
    /// `[[risks]]`, read once `[assessment]` (and so the scale) is known.
    pub(super) fn risks(&mut self, root: &DeTable<'_>, a: &mut Assessment) {
        self.risk_scale = a.governance.risk_scale.clone();
        let Some(item) = root.get("risks") else {
            return;
        };
        let tables = self.tables(
            item,
            &"`risks`",
            &"[[risks]] tables with id, title, owner, likelihood, impact, treatment and controls",
        );
        let keys = keys_of(schema::Table::Risk);
        for t in tables {
            self.unknown_keys(t, &keys, &"[[risks]]");
            let first_key = t.keys().next().map(|k| k.span());
            let id_item = t.get(RISK_ID_KEY);
            let id = self
                .opt_string(t, RISK_ID_KEY, &"risks")
                .unwrap_or_default();
            if id.trim().is_empty() {
                self.problem(
                    id_item.map(|i| i.span()).or(first_key.clone()),
                    "[[risks]]: every risk needs an `id` such as \"R-07\"",
                );
            } else if a.risk(&id).is_some() {
                self.problem(
                    id_item.map(|i| i.span()),
                    format!("[[risks]]: the id \"{id}\" is used twice"),
                );
            }
            let path = id.clone();
            let here = RiskPath(&path);
            if !t.contains_key("title") {
                self.problem(
                    id_item.map(|i| i.span()).or(first_key),
                    format!("{here}: missing `title`, what could go wrong"),
                );
            }
            let mut risk = Risk {
                id,
                ..Risk::default()
            };
            for d in fields_of(schema::Table::Risk) {
                if let (Some(value), Access::Risk { set, .. }) = (self.field(t, d, &here), d.access)
                {
                    set(&mut risk, Some(value));
                }
            }
            if risk.residual_likelihood.is_some() != risk.residual_impact.is_some() {
                let (given, missing) = if risk.residual_likelihood.is_some() {
                    ("residual_likelihood", "residual_impact")
                } else {
                    ("residual_impact", "residual_likelihood")
                };
                self.problem(
                    t.get(given).map(|i| i.span()),
                    format!(
                        "{here}: `{given}` without `{missing}`: rate both (what remains after treatment), or neither"
                    ),
                );
            }
            a.risks.push(risk);
        }
        self.risk_ids = a.risks.iter().map(|r| r.id.clone()).collect();
    }

    /// The id of a `[[risks]]` entry (a conflict names one).
    pub(super) fn risk_ref(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Option<String> {
        let id = self.string(item, what)?;
        if self.risk_ids.contains(&id) {
            Some(id)
        } else {
            self.problem(
                Some(item.span()),
                format!("{what}: no [[risks]] entry has the id \"{id}\""),
            );
            None
        }
    }

    /// The names of the scale's levels, lowest first.
    pub(super) fn scale(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Vec<String> {
        let names = self.strings(item, what);
        let (min, max) = (RISK_SCALE_LEVELS.start(), RISK_SCALE_LEVELS.end());
        if !RISK_SCALE_LEVELS.contains(&names.len()) {
            self.problem(
                Some(item.span()),
                format!(
                    "{what}: expected {min} to {max} level names, lowest first, such as [\"Low\", \"Medium\", \"High\"]"
                ),
            );
            return Vec::new();
        }
        let mut out: Vec<String> = Vec::new();
        for (name, span) in names {
            if name.trim().is_empty() {
                self.problem(span, format!("{what}: a level needs a name"));
            } else if out
                .iter()
                .any(|n| n.trim().eq_ignore_ascii_case(name.trim()))
            {
                self.problem(span, format!("{what}: \"{name}\" is listed twice"));
            } else {
                out.push(name);
            }
        }
        out
    }

    /// A level of the risk scale, 1 to its length.
    pub(super) fn level(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Option<u32> {
        let scale = RiskScale::new(&self.risk_scale);
        let levels = scale.levels();
        if let Some(n) = integer(item).filter(|n| (1..=i64::from(levels)).contains(n)) {
            return Some(n as u32);
        }
        let hint = match item
            .get_ref()
            .as_str()
            .and_then(|w| Some((w, scale.parse(w)?)))
        {
            Some((word, n)) => format!(" (write the level's number: {n} for \"{word}\")"),
            None => String::new(),
        };
        self.problem(
            Some(item.span()),
            format!(
                "{what}: expected a whole number from 1 to {levels} on the risk scale ({}){hint}",
                scale.legend()
            ),
        );
        None
    }

    pub(super) fn treatment(
        &mut self,
        item: &Node<'_>,
        what: &dyn fmt::Display,
    ) -> Option<Treatment> {
        let word = self.string(item, what)?;
        match word.parse::<Treatment>() {
            Ok(t) => Some(t),
            Err(()) => {
                self.problem(
                    Some(item.span()),
                    format!(
                        "{what}: unknown treatment \"{word}\": expected one of {}",
                        Treatment::spellings()
                    ),
                );
                None
            }
        }
    }
}

/// `risks."R-07"`, as problems name a risk's table.
struct RiskPath<'a>(&'a str);

impl fmt::Display for RiskPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "risks.\"{}\"", self.0)
    }
}
