//! The summary every screen and document counts from: findings, progress per theme, owner load, follow-ups.

use super::*;

/// How many items one owner is accountable for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct OwnerLoad {
    pub owner: String,
    pub items: usize,
    /// Of those, answered `gap`.
    pub gaps: usize,
    /// Open actions this owner is named on.
    pub open_actions: usize,
}

/// Owners met so far, one entry per person. Owners are the same person
/// when their names differ only in case or surrounding spaces.
#[derive(Default)]
pub(super) struct Owners {
    load: Vec<OwnerLoad>,
    /// Lower-cased trimmed name to its place in `load`.
    index: foldhash::HashMap<String, usize>,
    /// Scratch space for the lower-cased name.
    key: String,
}

impl Owners {
    /// Counts an item's owner and the owner of its open action.
    fn add(&mut self, r: &ItemRecord) {
        if let Some(name) = r.owner() {
            let o = self.get(name);
            o.items += 1;
            o.gaps += usize::from(r.answer == Some(Answer::Gap));
        }
        if let Some(action) = &r.action
            && action.done.is_none()
            && let Some(name) = non_blank(action.owner.as_deref())
        {
            self.get(name).open_actions += 1;
        }
    }

    /// Owners by the number of items they own, most first.
    fn into_load(self) -> Vec<OwnerLoad> {
        let mut load = self.load;
        load.sort_by(|a, b| {
            (b.items, b.open_actions)
                .cmp(&(a.items, a.open_actions))
                .then_with(|| a.owner.cmp(&b.owner))
        });
        load
    }

    fn get(&mut self, name: &str) -> &mut OwnerLoad {
        let name = name.trim();
        self.key.clear();
        self.key.extend(name.chars().flat_map(char::to_lowercase));
        let i = match self.index.get(self.key.as_str()) {
            Some(&i) => i,
            None => {
                self.index.insert(self.key.clone(), self.load.len());
                self.load.push(OwnerLoad {
                    owner: name.to_string(),
                    items: 0,
                    gaps: 0,
                    open_actions: 0,
                });
                self.load.len() - 1
            }
        };
        &mut self.load[i]
    }
}

/// Answered of total, for the whole catalog or one theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
pub struct Progress {
    pub answered: usize,
    pub total: usize,
}

impl Progress {
    pub fn percent(self) -> usize {
        (self.answered * 100).checked_div(self.total).unwrap_or(0)
    }
}

/// Per theme: progress and how many items got each answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeSummary {
    pub theme: Theme,
    pub progress: Progress,
    pub answers: BTreeMap<Answer, usize>,
}

/// Progress and answers per theme, counted item by item.
pub(super) struct Themes(Vec<ThemeSummary>);

impl Themes {
    fn new() -> Self {
        Themes(
            Theme::ALL
                .iter()
                .map(|&theme| ThemeSummary {
                    theme,
                    progress: Progress::default(),
                    answers: BTreeMap::new(),
                })
                .collect(),
        )
    }

    fn add(&mut self, item: &Item, r: &ItemRecord) {
        let Some(t) = self.0.iter_mut().find(|t| t.theme == item.theme) else {
            return;
        };
        t.progress.total += 1;
        if let Some(answer) = r.answer {
            t.progress.answered += 1;
            *t.answers.entry(answer).or_default() += 1;
        }
    }

    /// The total, and the themes that have items.
    fn finish(mut self) -> (Progress, Vec<ThemeSummary>) {
        self.0.retain(|t| t.progress.total > 0);
        let total = self.0.iter().fold(Progress::default(), |sum, t| Progress {
            answered: sum.answered + t.progress.answered,
            total: sum.total + t.progress.total,
        });
        (total, self.0)
    }
}

/// Everything a report shows, computed once.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub organisation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    pub licences: Vec<String>,
    pub as_of: NaiveDate,
    pub progress: Progress,
    pub themes: Vec<ThemeSummary>,
    pub answers: BTreeMap<Answer, usize>,
    pub findings: Vec<Finding>,
    pub owners: Vec<OwnerLoad>,
    /// The parking lot: questions raised in the room to follow up.
    pub follow_ups: Vec<FollowUp>,
    /// Coverage, apart from the findings: the items not assessed yet, in
    /// catalog order.
    pub not_assessed: Vec<String>,
    /// Where each item stands, in catalog order.
    pub statuses: Vec<ItemStatus>,
    /// What the latest tenant scans observed, per control and tool, in
    /// catalog order.
    pub observed: Vec<ObservedItem>,
}

/// A question raised in the workshop, to follow up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FollowUp {
    pub item: String,
    pub question: String,
}

impl Summary {
    pub fn new(catalog: &Catalog, a: &Assessment, as_of: NaiveDate) -> Self {
        // One walk over the items, so that each record is read once.
        let cx = Context::new(catalog, a, as_of);
        let mut themes = Themes::new();
        let mut owners = Owners::default();
        let mut findings = Vec::new();
        let mut follow_ups = Vec::new();
        let mut not_assessed = Vec::new();
        let mut statuses = Vec::with_capacity(catalog.items().len());
        let mut own = Vec::new();
        let mut observed = Vec::new();
        for item in catalog.items() {
            let r = a.item(&item.id);
            observed.extend(observed_items(a, item, as_of));
            themes.add(item, r);
            owners.add(r);
            own.clear();
            item_findings(&cx, item, r, &mut own);
            // Not yet assessed is coverage, reported apart from findings.
            own.retain(|f| f.kind != FindingKind::Unanswered);
            if r.answer.is_none() {
                not_assessed.push(item.id.to_string());
            }
            statuses.push(status::item_status(&cx, item, r, &own));
            findings.append(&mut own);
            if let Some(q) = non_blank(r.follow_up.as_deref()) {
                follow_ups.push(FollowUp {
                    item: item.id.to_string(),
                    question: q.trim().to_string(),
                });
            }
        }
        let owners = owners.into_load();
        findings.extend(assessment_findings(a, &owners));
        let (progress, themes) = themes.finish();
        let mut answers = BTreeMap::new();
        for t in &themes {
            for (&answer, &n) in &t.answers {
                *answers.entry(answer).or_default() += n;
            }
        }
        Summary {
            organisation: a.organisation.clone(),
            scope: a.scope.clone(),
            licences: a.licences.clone(),
            as_of,
            progress,
            themes,
            answers,
            findings,
            owners,
            follow_ups,
            not_assessed,
            statuses,
            observed,
        }
    }

    /// Audit-ready items of a kind (or of all), and how many there are.
    pub fn readiness(&self, kind: Option<ItemKind>) -> (usize, usize) {
        let of_kind = self
            .statuses
            .iter()
            .filter(|s| kind.is_none_or(|k| s.kind == k));
        of_kind.fold((0, 0), |(ready, total), s| {
            (ready + usize::from(s.is_ready()), total + 1)
        })
    }

    /// Where one item stands.
    pub fn status(&self, id: &str) -> Option<&ItemStatus> {
        self.statuses.iter().find(|s| s.item == id)
    }

    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Findings counted by kind, for kinds that occur, in rule order.
    pub fn by_kind(&self) -> Vec<(FindingKind, usize)> {
        FindingKind::ALL
            .iter()
            .map(|&k| (k, self.findings.iter().filter(|f| f.kind == k).count()))
            .filter(|&(_, n)| n > 0)
            .collect()
    }

    /// The worst severity present, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).min()
    }
}
