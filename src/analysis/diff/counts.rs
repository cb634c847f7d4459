//! What a diff counts, as phrases for the headline and as rows for the tables.

use super::*;

impl DiffCounts {
    /// The summary as short phrases, most telling first, leaving out what
    /// did not happen: "7 gaps closed", "2 opened", "12 owners changed".
    pub fn phrases(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut add = |n: usize, one: &str, many: &str| {
            if n > 0 {
                out.push(format!("{n} {}", if n == 1 { one } else { many }));
            }
        };
        add(self.scans_imported, "scan imported", "scans imported");
        add(self.scans_removed, "scan removed", "scans removed");
        add(self.answered, "answered", "answered");
        add(self.answers_changed, "answer changed", "answers changed");
        add(self.answers_cleared, "answer cleared", "answers cleared");
        match (self.gaps_closed, self.gaps_opened) {
            (0, 0) => {}
            (0, n) => add(n, "gap opened", "gaps opened"),
            (c, 0) => add(c, "gap closed", "gaps closed"),
            (c, n) => {
                add(c, "gap closed", "gaps closed");
                add(n, "opened", "opened");
            }
        }
        add(self.owners_named, "owner named", "owners named");
        add(self.owners_changed, "owner changed", "owners changed");
        add(self.owners_removed, "owner removed", "owners removed");
        add(self.reviews, "review recorded", "reviews recorded");
        add(self.reviews_cleared, "review cleared", "reviews cleared");
        add(self.evidence_added, "evidence added", "evidence added");
        add(
            self.evidence_removed,
            "evidence removed",
            "evidence removed",
        );
        add(self.actions_added, "action added", "actions added");
        add(self.actions_done, "action done", "actions done");
        add(self.actions_removed, "action removed", "actions removed");
        add(
            self.findings_resolved,
            "finding resolved",
            "findings resolved",
        );
        add(self.findings_opened, "finding opened", "findings opened");
        add(
            self.conflicts_added,
            "merge conflict recorded",
            "merge conflicts recorded",
        );
        add(
            self.conflicts_resolved,
            "merge conflict resolved",
            "merge conflicts resolved",
        );
        add(self.sessions_added, "session added", "sessions added");
        add(self.sessions_removed, "session removed", "sessions removed");
        add(self.sessions_changed, "session changed", "sessions changed");
        add(self.risks_added, "risk added", "risks added");
        add(self.risks_removed, "risk removed", "risks removed");
        add(self.risks_changed, "risk changed", "risks changed");
        out.extend(self.fields.iter().map(FieldCount::phrase));
        out
    }

    /// The summary as rows of a small table: what ("gaps") and how many
    /// of each change ("1 closed, 2 opened"), leaving out what did not
    /// happen.
    pub fn rows(&self) -> Vec<(&'static str, String)> {
        let row = |parts: &[(usize, &str)]| {
            parts
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        [
            (
                "scans",
                row(&[
                    (self.scans_imported, "imported"),
                    (self.scans_removed, "removed"),
                ]),
            ),
            (
                "answers",
                row(&[
                    (self.answered, "answered"),
                    (self.answers_changed, "changed"),
                    (self.answers_cleared, "cleared"),
                ]),
            ),
            (
                "gaps",
                row(&[(self.gaps_closed, "closed"), (self.gaps_opened, "opened")]),
            ),
            (
                "owners",
                row(&[
                    (self.owners_named, "named"),
                    (self.owners_changed, "changed"),
                    (self.owners_removed, "removed"),
                ]),
            ),
            (
                "reviews",
                row(&[
                    (self.reviews, "recorded"),
                    (self.reviews_cleared, "cleared"),
                ]),
            ),
            (
                "evidence",
                row(&[
                    (self.evidence_added, "added"),
                    (self.evidence_removed, "removed"),
                ]),
            ),
            (
                "actions",
                row(&[
                    (self.actions_added, "added"),
                    (self.actions_done, "done"),
                    (self.actions_removed, "removed"),
                ]),
            ),
            (
                "findings",
                row(&[
                    (self.findings_resolved, "resolved"),
                    (self.findings_opened, "opened"),
                ]),
            ),
            (
                "conflicts",
                row(&[
                    (self.conflicts_added, "recorded"),
                    (self.conflicts_resolved, "resolved"),
                ]),
            ),
            (
                "sessions",
                row(&[
                    (self.sessions_added, "added"),
                    (self.sessions_removed, "removed"),
                    (self.sessions_changed, "changed"),
                ]),
            ),
            (
                "risks",
                row(&[
                    (self.risks_added, "added"),
                    (self.risks_removed, "removed"),
                    (self.risks_changed, "changed"),
                ]),
            ),
            (
                "fields",
                self.fields
                    .iter()
                    .map(FieldCount::phrase)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ]
        .into_iter()
        .filter(|(_, r)| !r.is_empty())
        .collect()
    }

    /// The summary in one line, or "no change".
    pub fn headline(&self) -> String {
        let phrases = self.phrases();
        if phrases.is_empty() {
            if self.items_changed > 0 {
                format!(
                    "{} item{} changed",
                    self.items_changed,
                    if self.items_changed == 1 { "" } else { "s" }
                )
            } else {
                "no change to any item".to_string()
            }
        } else {
            phrases.join(", ")
        }
    }
}

impl FieldCount {
    fn phrase(&self) -> String {
        let noun = field_noun(self.field);
        if self.field.def().table == crate::assessment::Table::Assessment {
            format!("{noun} changed")
        } else {
            format!("{} {noun} changed", self.changed)
        }
    }
}
