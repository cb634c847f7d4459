//! The executive summary's reasoning: the verdict and what closing the
//! high findings would and would not achieve, the most consequential
//! findings, the decisions for the steering committee, and the method and
//! limits of the assessment.

use super::{GapReport, plural};
use crate::analysis::{Finding, FindingKind, ImplementationStatus, Severity};
use crate::assessment::{Answer, non_blank};
use crate::catalog::{Item, ItemKind};

/// Kinds in the order they weigh on a certification audit, worst first.
const WEIGHT: [FindingKind; 9] = [
    FindingKind::NotThePlatformsJob,
    FindingKind::CriticalGap,
    FindingKind::UntrackedGap,
    FindingKind::MergeConflict,
    FindingKind::MicrosoftHandlesThat,
    FindingKind::UnlicensedReliance,
    FindingKind::OverdueAction,
    FindingKind::Unowned,
    FindingKind::UnjustifiedExclusion,
];

fn weight(kind: FindingKind) -> usize {
    WEIGHT
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(WEIGHT.len())
}

/// One of the few findings a steering committee must hear about.
pub(crate) struct Consequential<'a> {
    pub item: Option<&'a Item>,
    /// The finding that weighs most, then the other high ones.
    pub findings: Vec<&'a Finding>,
}

impl Consequential<'_> {
    /// The finding in one sentence, with the item's other high findings.
    pub fn sentence(&self) -> String {
        let Some(first) = self.findings.first() else {
            return String::new();
        };
        let others: Vec<String> = self.findings[1..]
            .iter()
            .filter(|f| f.severity == Severity::High)
            .map(|f| crate::text::lowercase_first(f.kind.title()))
            .collect();
        if others.is_empty() {
            first.message.clone()
        } else {
            format!(
                "{} (also: {}).",
                first.message.trim_end_matches('.'),
                others.join("; ")
            )
        }
    }
}

/// A decision the room asked the steering committee for, or one the
/// findings put to it.
pub(crate) enum Decision {
    /// A follow-up that names the steering committee or the board.
    FollowUp { item: String, question: String },
    /// A capability an item relies on that no tenant licence includes.
    Licence {
        capability: String,
        licences: Vec<String>,
        items: Vec<String>,
    },
    /// An open action whose wording speaks of spending.
    Budget { item: String, action: String },
}

/// Words that put a follow-up before the steering committee.
const STEERING: [&str; 4] = ["steering", "board", "leadership", "sponsor"];
/// Word beginnings that make an action budget-bearing.
const SPENDING: [&str; 17] = [
    "buy",
    "purchas",
    "procur",
    "licen",
    "contract",
    "subscri",
    "hire",
    "recruit",
    "budget",
    "pric",
    "cost",
    "external",
    "third-party",
    "provider",
    "vendor",
    "consultan",
    "outsourc",
];

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

pub(crate) fn names_steering(text: &str) -> bool {
    words(text).any(|w| STEERING.contains(&w.as_str()))
}

pub(crate) fn speaks_of_spending(text: &str) -> bool {
    words(text).any(|w| SPENDING.iter().any(|s| w.starts_with(s)))
}

impl<'a> GapReport<'a> {
    /// A verdict a steering committee reads first.
    pub(crate) fn verdict(&self) -> String {
        let s = &self.summary;
        let (high, medium) = (s.count(Severity::High), s.count(Severity::Medium));
        if high > 0 {
            format!(
                "Not ready for a certification audit: {high} high-severity finding{} to close first.",
                plural(high)
            )
        } else if medium > 0 {
            format!(
                "No high-severity findings; {medium} medium-severity finding{} remain{}.",
                plural(medium),
                if medium == 1 { "s" } else { "" }
            )
        } else if s.progress.answered < s.progress.total {
            "No high- or medium-severity findings, but not every item is assessed yet.".to_string()
        } else {
            "No high- or medium-severity findings.".to_string()
        }
    }

    /// What closing the high findings would achieve, and what it would not.
    pub(crate) fn consequence(&self) -> Option<String> {
        let s = &self.summary;
        let high = s.count(Severity::High);
        let (ready, total) = self.readiness(None);
        let more = s
            .statuses
            .iter()
            .filter(|st| st.ready_once_high_findings_closed())
            .count();
        let mut left = Vec::new();
        let clauses = self.not_assessed(Some(ItemKind::Clause)).len();
        let controls = self.not_assessed(Some(ItemKind::Control)).len();
        let (_, ctotal) = self.readiness(Some(ItemKind::Clause));
        let (_, atotal) = self.readiness(Some(ItemKind::Control));
        match (clauses, controls) {
            (0, 0) => {}
            (c, 0) => left.push(format!("{c} of {ctotal} mandatory clauses are not yet assessed")),
            (0, a) => left.push(format!("{a} of {atotal} Annex A controls are not yet assessed")),
            (c, a) => left.push(format!(
                "{c} of {ctotal} mandatory clauses and {a} of {atotal} Annex A controls are not yet assessed"
            )),
        }
        let gaps = s.answers.get(&Answer::Gap).copied().unwrap_or(0);
        if gaps > 0 {
            left.push(format!(
                "{gaps} gap{} stay{} open until {} actions are done",
                plural(gaps),
                if gaps == 1 { "s" } else { "" },
                if gaps == 1 { "its" } else { "their" }
            ));
        }
        let undemonstrated = s
            .statuses
            .iter()
            .filter(|st| {
                matches!(
                    st.status,
                    ImplementationStatus::NotDemonstrated
                        | ImplementationStatus::PartiallyImplemented
                ) && !st.ready_once_high_findings_closed()
            })
            .count();
        if undemonstrated > 0 {
            left.push(format!(
                "{undemonstrated} answered item{} still lack{} evidence, a current review or a finished action",
                plural(undemonstrated),
                if undemonstrated == 1 { "s" } else { "" }
            ));
        }
        let medium = s.count(Severity::Medium);
        if medium > 0 {
            left.push(format!(
                "{medium} medium-severity finding{} remain{}",
                plural(medium),
                if medium == 1 { "s" } else { "" }
            ));
        }
        if high == 0 {
            return (!left.is_empty())
                .then(|| format!("Nothing blocks an audit outright, but {}.", left.join("; ")));
        }
        let achieve = if more > 0 {
            format!(
                "Closing them would make {more} more item{} audit-ready ({} of {total})",
                plural(more),
                ready + more
            )
        } else {
            "Closing them would not by itself make any more item audit-ready".to_string()
        };
        Some(if left.is_empty() {
            format!("{achieve}.")
        } else {
            format!(
                "{achieve}, but would not finish the job: {}.",
                left.join("; ")
            )
        })
    }

    /// The five findings that weigh most, one per item: the items with the
    /// most high findings first, then by the kind that weighs most.
    pub(crate) fn most_consequential(&self) -> Vec<Consequential<'_>> {
        let mut out: Vec<(usize, Severity, usize, usize, Consequential<'_>)> = Vec::new();
        for (pos, item) in self.catalog.items().iter().enumerate() {
            let mut findings: Vec<&Finding> = self
                .summary
                .findings
                .iter()
                .filter(|f| f.item.as_deref() == Some(item.id.as_ref()))
                .collect();
            if findings.is_empty() {
                continue;
            }
            findings.sort_by_key(|f| (f.severity, weight(f.kind)));
            let highs = findings
                .iter()
                .filter(|f| f.severity == Severity::High)
                .count();
            out.push((
                usize::MAX - highs,
                findings[0].severity,
                weight(findings[0].kind),
                pos,
                Consequential {
                    item: Some(item),
                    findings,
                },
            ));
        }
        for f in self.general_findings() {
            out.push((
                usize::MAX - usize::from(f.severity == Severity::High),
                f.severity,
                weight(f.kind),
                usize::MAX,
                Consequential {
                    item: None,
                    findings: vec![f],
                },
            ));
        }
        out.sort_by_key(|(highs, sev, w, pos, _)| (*sev, *highs, *w, *pos));
        out.into_iter().take(5).map(|(.., c)| c).collect()
    }

    /// The decisions for the steering committee, from the file.
    pub(crate) fn decisions(&self) -> Vec<Decision> {
        let mut out = Vec::new();
        for item in self.catalog.items() {
            let r = self.assessment.item(&item.id);
            if let Some(q) = non_blank(r.follow_up.as_deref())
                && names_steering(q)
            {
                out.push(Decision::FollowUp {
                    item: item.id.to_string(),
                    question: q.trim().to_string(),
                });
            }
        }
        let tenant = self
            .catalog
            .expand_licences(self.assessment.licences.iter().map(String::as_str));
        let mut licences: Vec<Decision> = Vec::new();
        for item in self.catalog.items() {
            for cap in &self.assessment.item(&item.id).relies_on {
                if self.catalog.is_licensed(cap, &tenant) {
                    continue;
                }
                let Some(c) = self.catalog.capability(cap) else {
                    continue;
                };
                let existing = licences.iter_mut().find_map(|d| match d {
                    Decision::Licence {
                        capability, items, ..
                    } if *capability == c.name.as_ref() => Some(items),
                    _ => None,
                });
                match existing {
                    Some(items) => items.push(item.id.to_string()),
                    None => licences.push(Decision::Licence {
                        capability: c.name.to_string(),
                        licences: c
                            .licences
                            .iter()
                            .map(|l| {
                                self.catalog
                                    .licence(l)
                                    .map_or_else(|| l.to_string(), |l| l.name.to_string())
                            })
                            .collect(),
                        items: vec![item.id.to_string()],
                    }),
                }
            }
        }
        out.extend(licences);
        for item in self.catalog.items() {
            let r = self.assessment.item(&item.id);
            if let Some(a) = r.action.as_ref().filter(|a| a.done.is_none())
                && speaks_of_spending(&a.what)
            {
                out.push(Decision::Budget {
                    item: item.id.to_string(),
                    action: super::document::action_text(a),
                });
            }
        }
        out
    }

    /// How the assessment was made, and what it cannot tell.
    pub(crate) fn method(&self) -> String {
        let a = self.assessment;
        let sessions = &a.sessions;
        let room = if sessions.is_empty() {
            "No workshop session is recorded, so the file does not say who gave the answers or when.".to_string()
        } else {
            let dates: Vec<String> = sessions
                .iter()
                .map(|s| s.date.map_or_else(|| s.id.clone(), |d| d.to_string()))
                .collect();
            let mut facilitators: Vec<&str> = sessions
                .iter()
                .filter_map(|s| non_blank(s.facilitator.as_deref()))
                .map(str::trim)
                .collect();
            facilitators.dedup();
            let by = if facilitators.is_empty() {
                String::new()
            } else {
                format!(", facilitated by {}", facilitators.join(" and "))
            };
            let outside = self.outside_sessions.len();
            let outside = if outside == 0 {
                String::new()
            } else {
                format!(
                    "; {outside} answered item{} {} recorded outside any session, so who decided {} is not in the file",
                    plural(outside),
                    if outside == 1 { "was" } else { "were" },
                    if outside == 1 { "it" } else { "them" }
                )
            };
            format!(
                "Answers as recorded by the room in {} workshop session{} on {}{by}, with the attendees in the attendance record{outside}.",
                sessions.len(),
                plural(sessions.len()),
                dates.join(" and ")
            )
        };
        format!(
            "{room} Evidence was named, not inspected: gapwalk records what the room said exists and where it is kept; nobody here checked the documents themselves. Findings, ages and overdue actions are as of {}, with a review interval of {} months. The guidance is gapwalk's own wording, not the text of ISO/IEC 27001.",
            self.summary.as_of,
            a.review_interval()
        )
    }
}
