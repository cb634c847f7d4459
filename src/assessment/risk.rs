//! The risk register (`[[risks]]`): what could go wrong, how likely and
//! how bad on the assessment's own scale, how it is treated and by which
//! Annex A controls, and who accepted what remains. Kept light: enough for
//! the Statement of Applicability to cite, not a risk-management suite.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;

use super::model::{Assessment, non_blank};

/// The scale likelihood and impact are rated on when the assessment
/// declares none (`[assessment] risk_scale`).
pub const DEFAULT_RISK_SCALE: [&str; 3] = ["Low", "Medium", "High"];
/// The fewest and most levels a declared scale may have.
pub const RISK_SCALE_LEVELS: std::ops::RangeInclusive<usize> = 2..=10;

/// How a risk is treated (ISO/IEC 27001 6.1.3).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Treatment {
    /// Controls bring the risk down.
    Reduce,
    /// The risk owner takes it as it is.
    Accept,
    /// The activity that causes it stops.
    Avoid,
    /// Someone else carries part of it (insurance, a supplier).
    Share,
}

impl Treatment {
    pub const ALL: [Treatment; 4] = [
        Treatment::Reduce,
        Treatment::Accept,
        Treatment::Avoid,
        Treatment::Share,
    ];

    /// Every spelling, for messages: "reduce, accept, avoid, share".
    pub fn spellings() -> String {
        Treatment::ALL.map(Treatment::as_str).join(", ")
    }

    /// The treatment a word names, or the start of one word only
    /// ("red"); case is ignored. `None` for anything else ("a": accept or
    /// avoid).
    pub fn from_word(word: &str) -> Option<Treatment> {
        let word = word.trim().to_lowercase();
        if word.is_empty() {
            return None;
        }
        let mut matches = Treatment::ALL
            .into_iter()
            .filter(|t| t.as_str().starts_with(&word));
        match (matches.next(), matches.next()) {
            (Some(t), None) => Some(t),
            _ => None,
        }
    }

    /// The spelling in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Treatment::Reduce => "reduce",
            Treatment::Accept => "accept",
            Treatment::Avoid => "avoid",
            Treatment::Share => "share",
        }
    }

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Treatment::Reduce => "Reduce",
            Treatment::Accept => "Accept",
            Treatment::Avoid => "Avoid",
            Treatment::Share => "Share",
        }
    }
}

impl fmt::Display for Treatment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Treatment {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Treatment::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or(())
    }
}

/// One risk of the register. Likelihood and impact are levels of the
/// assessment's scale, from 1 (its first, lowest name) up.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
pub struct Risk {
    /// Unique in the file ("R-07").
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub treatment: Option<Treatment>,
    /// The Annex A controls that treat it, by item id ("A.5.15").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    /// What remains once the treatment is in place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub residual_likelihood: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub residual_impact: Option<u32>,
    /// The risk owner who accepted the risk, or what remains of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted_on: Option<NaiveDate>,
    /// When the risk was last reviewed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<NaiveDate>,
    /// What could happen, and where it comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Risk {
    /// The owner, if one is named (blank counts as none).
    pub fn owner(&self) -> Option<&str> {
        non_blank(self.owner.as_deref())
    }

    /// Likelihood × impact, once both are rated.
    pub fn score(&self) -> Option<u32> {
        Some(self.likelihood? * self.impact?)
    }

    /// Whether its score is high on the scale (unrated: not high).
    pub fn is_high(&self, scale: &RiskScale) -> bool {
        self.score().is_some_and(|s| scale.is_high(s))
    }

    /// The residual likelihood × impact, once both are rated.
    pub fn residual_score(&self) -> Option<u32> {
        Some(self.residual_likelihood? * self.residual_impact?)
    }

    /// A residual rating is recorded (either part).
    pub fn has_residual(&self) -> bool {
        self.residual_likelihood.is_some() || self.residual_impact.is_some()
    }

    /// Someone is named as having accepted it, on a date.
    pub fn is_accepted(&self) -> bool {
        non_blank(self.accepted_by.as_deref()).is_some() && self.accepted_on.is_some()
    }

    /// Whether it needs a risk owner's acceptance (6.1.3 f): it is
    /// accepted as it is, or something of it remains after treatment.
    pub fn needs_acceptance(&self) -> bool {
        self.treatment == Some(Treatment::Accept) || self.has_residual()
    }
}

/// The scale an assessment rates likelihood and impact on: level `n` is
/// the `n`-th name, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskScale<'a> {
    names: Names<'a>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Names<'a> {
    Default,
    Declared(&'a [String]),
}

impl<'a> RiskScale<'a> {
    /// The scale of these names; the default one when there are none.
    pub fn new(declared: &'a [String]) -> Self {
        RiskScale {
            names: if declared.is_empty() {
                Names::Default
            } else {
                Names::Declared(declared)
            },
        }
    }

    /// How many levels it has.
    pub fn levels(&self) -> u32 {
        match self.names {
            Names::Default => DEFAULT_RISK_SCALE.len() as u32,
            Names::Declared(v) => v.len() as u32,
        }
    }

    /// The name of a level ("Medium"); the number itself off the scale.
    pub fn name(&self, level: u32) -> String {
        let i = (level as usize).wrapping_sub(1);
        let name = match self.names {
            Names::Default => DEFAULT_RISK_SCALE.get(i).map(|s| s.to_string()),
            Names::Declared(v) => v.get(i).cloned(),
        };
        name.unwrap_or_else(|| level.to_string())
    }

    /// "2 Medium".
    pub fn describe(&self, level: u32) -> String {
        format!("{level} {}", self.name(level))
    }

    /// A likelihood and an impact as a person reads them: "High ×
    /// Medium", a side not rated saying so, "not rated" for neither.
    pub fn rating(&self, likelihood: Option<u32>, impact: Option<u32>) -> String {
        match (likelihood, impact) {
            (Some(l), Some(i)) => format!("{} × {}", self.name(l), self.name(i)),
            (Some(l), None) => format!("{} × not rated", self.name(l)),
            (None, Some(i)) => format!("not rated × {}", self.name(i)),
            (None, None) => "not rated".to_string(),
        }
    }

    /// The rating with its levels and score: "3 High × 2 Medium = 6 of 9";
    /// [`rating`](Self::rating) while a side is not rated.
    pub fn rating_scored(&self, likelihood: Option<u32>, impact: Option<u32>) -> String {
        match (likelihood, impact) {
            (Some(l), Some(i)) => format!(
                "{} × {} = {} of {}",
                self.describe(l),
                self.describe(i),
                l * i,
                self.max_score()
            ),
            _ => self.rating(likelihood, impact),
        }
    }

    /// Every level with its name: "1 Low, 2 Medium, 3 High".
    pub fn legend(&self) -> String {
        (1..=self.levels())
            .map(|l| self.describe(l))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The level a word or number names: "2", "medium", "Med" (a prefix
    /// of one name only), case-insensitively.
    pub fn parse(&self, text: &str) -> Option<u32> {
        let t = text.trim();
        if let Ok(n) = t.parse::<u32>() {
            return (1..=self.levels()).contains(&n).then_some(n);
        }
        let t = t.to_lowercase();
        if t.is_empty() {
            return None;
        }
        let names: Vec<String> = (1..=self.levels())
            .map(|l| self.name(l).to_lowercase())
            .collect();
        if let Some(i) = names.iter().position(|n| *n == t) {
            return Some(i as u32 + 1);
        }
        let mut prefixed = names.iter().enumerate().filter(|(_, n)| n.starts_with(&t));
        match (prefixed.next(), prefixed.next()) {
            (Some((i, _)), None) => Some(i as u32 + 1),
            _ => None,
        }
    }

    /// The highest score the scale gives (top × top).
    pub fn max_score(&self) -> u32 {
        self.levels() * self.levels()
    }

    /// A score is high when it is above what the level below the top gives
    /// on both axes: more than (levels − 1)². On the default scale that is
    /// 6 and 9 (High with at least Medium), on a five-level scale 20 and
    /// 25.
    pub fn is_high(&self, score: u32) -> bool {
        score > self.high_above()
    }

    /// The score above which a risk is high: (levels − 1)².
    pub fn high_above(&self) -> u32 {
        let below_top = self.levels().saturating_sub(1);
        below_top * below_top
    }
}

impl Assessment {
    /// The scale likelihood and impact are rated on.
    pub fn risk_scale(&self) -> RiskScale<'_> {
        RiskScale::new(&self.governance.risk_scale)
    }

    /// The risk with this id.
    pub fn risk(&self, id: &str) -> Option<&Risk> {
        self.risks.iter().find(|r| r.id == id)
    }

    /// The risks that cite a control as treating them, in file order.
    pub fn risks_citing<'a>(&'a self, control: &'a str) -> impl Iterator<Item = &'a Risk> + 'a {
        self.risks
            .iter()
            .filter(move |r| r.controls.iter().any(|c| c == control))
    }

    /// An id for a new risk: "R-" and the next number after the highest
    /// one in use, as wide as the widest in use (at least two digits).
    pub fn next_risk_id(&self) -> String {
        let numbered = self.risks.iter().filter_map(|r| {
            let digits = r.id.strip_prefix("R-")?;
            Some((digits.parse::<u64>().ok()?, digits.len()))
        });
        let (top, width) = numbered.fold((0, 2), |(n, w), (m, v)| (n.max(m), w.max(v)));
        let mut next = top + 1;
        loop {
            let id = format!("R-{next:0width$}");
            if self.risk(&id).is_none() {
                return id;
            }
            next += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_treatment_is_a_word_or_the_start_of_only_one() {
        assert_eq!(Treatment::from_word("Reduce"), Some(Treatment::Reduce));
        assert_eq!(Treatment::from_word("sh"), Some(Treatment::Share));
        assert_eq!(Treatment::from_word("a"), None, "accept or avoid");
        assert_eq!(Treatment::from_word("transfer"), None);
        assert_eq!(Treatment::spellings(), "reduce, accept, avoid, share");
    }

    #[test]
    fn a_rating_reads_as_names_and_says_what_is_not_rated() {
        let s = RiskScale::new(&[]);
        assert_eq!(s.rating(Some(3), Some(2)), "High × Medium");
        assert_eq!(s.rating(Some(3), None), "High × not rated");
        assert_eq!(s.rating(None, Some(1)), "not rated × Low");
        assert_eq!(s.rating(None, None), "not rated");
        assert_eq!(
            s.rating_scored(Some(3), Some(2)),
            "3 High × 2 Medium = 6 of 9"
        );
        assert_eq!(s.rating_scored(None, Some(2)), "not rated × Medium");
    }

    #[test]
    fn the_default_scale_is_low_medium_high_and_high_means_six_or_more() {
        let s = RiskScale::new(&[]);
        assert_eq!(s.levels(), 3);
        assert_eq!(s.legend(), "1 Low, 2 Medium, 3 High");
        // (3 − 1)² = 4: Medium × Medium is not high, High × Medium is.
        assert!(!s.is_high(4));
        assert!(s.is_high(6));
        assert!(s.is_high(9));
        assert!(!s.is_high(3));
        assert_eq!(s.max_score(), 9);
    }

    #[test]
    fn a_declared_scale_moves_the_boundary() {
        let five: Vec<String> = ["Rare", "Unlikely", "Possible", "Likely", "Certain"]
            .map(String::from)
            .to_vec();
        let s = RiskScale::new(&five);
        assert!(!s.is_high(16));
        assert!(s.is_high(20));
        assert!(!s.is_high(15));
        let two: Vec<String> = ["Low", "High"].map(String::from).to_vec();
        let s = RiskScale::new(&two);
        assert!(!s.is_high(1));
        assert!(s.is_high(2));
    }

    #[test]
    fn levels_parse_from_numbers_names_and_unique_prefixes() {
        let s = RiskScale::new(&[]);
        assert_eq!(s.parse("2"), Some(2));
        assert_eq!(s.parse(" high "), Some(3));
        assert_eq!(s.parse("Med"), Some(2));
        assert_eq!(s.parse("4"), None);
        assert_eq!(s.parse("0"), None);
        assert_eq!(s.parse(""), None);
        assert_eq!(s.parse("none"), None);
        let v: Vec<String> = ["Low", "Lower", "High"].map(String::from).to_vec();
        // "lo" could be either; "low" is exactly one.
        assert_eq!(RiskScale::new(&v).parse("lo"), None);
        assert_eq!(RiskScale::new(&v).parse("low"), Some(1));
    }

    #[test]
    fn acceptance_is_needed_for_accepted_and_residual_risk() {
        let mut r = Risk {
            id: "R-01".into(),
            title: "Phishing".into(),
            treatment: Some(Treatment::Reduce),
            ..Risk::default()
        };
        assert!(!r.needs_acceptance());
        r.residual_impact = Some(1);
        assert!(r.needs_acceptance());
        r.residual_impact = None;
        r.treatment = Some(Treatment::Accept);
        assert!(r.needs_acceptance());
        r.accepted_by = Some("  ".into());
        r.accepted_on = "2026-11-28".parse().ok();
        assert!(!r.is_accepted(), "a blank name accepts nothing");
        r.accepted_by = Some("COO".into());
        assert!(r.is_accepted());
    }

    #[test]
    fn new_risk_ids_follow_the_highest_number() {
        let mut a = Assessment::default();
        assert_eq!(a.next_risk_id(), "R-01");
        for id in ["R-07", "R-002", "risk A"] {
            a.risks.push(Risk {
                id: id.into(),
                ..Risk::default()
            });
        }
        assert_eq!(a.next_risk_id(), "R-008");
    }
}
