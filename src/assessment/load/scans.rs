//! Reading tenant scans (`[[scans]]`) and what an item's observations record.

use super::*;

impl Reader<'_> {
    /// `[[scans]]`: what `gapwalk import-scan` recorded.
    pub(super) fn scan_list(&mut self, item: &Node<'_>, a: &mut Assessment) {
        let tables = self.tables(
            item,
            &"`scans`",
            &"[[scans]] tables (written by `gapwalk import-scan`)",
        );
        for t in tables {
            if let Some(scan) = self.scan(t, a) {
                a.scans.push(scan);
            }
        }
    }

    pub(super) fn scan(&mut self, t: &DeTable<'_>, a: &Assessment) -> Option<ScanRecord> {
        let here = "[[scans]]";
        self.unknown_keys(t, SCAN_KEYS, &here);
        let before = self.problems.len();
        let header = t.get("id").or(t.get("tool")).map(|i| i.span());
        let required = |reader: &mut Self, key: &str| {
            if !t.contains_key(key) {
                reader.problem(
                    header.clone(),
                    format!("{here}: missing `{key}` (import-scan writes it; re-import the result rather than editing it)"),
                );
            }
        };
        for key in ["id", "tool", "ran", "file", "sha256", "imported"] {
            required(self, key);
        }
        let id = self.opt_string(t, "id", &"scans").unwrap_or_default();
        if let Some(id_item) = t.get("id") {
            if id.trim().is_empty() {
                self.problem(Some(id_item.span()), format!("{here}: `id` is empty"));
            } else if a.scans.iter().any(|s| s.id == id) {
                self.problem(
                    Some(id_item.span()),
                    format!("{here}: the id \"{id}\" is used twice"),
                );
            }
        }
        let tool = match t.get("tool") {
            Some(item) => {
                let name = self.string(item, &"scans.tool");
                match name.as_deref().map(str::parse::<ScanTool>) {
                    Some(Ok(tool)) => Some(tool),
                    Some(Err(())) => {
                        self.problem(
                            Some(item.span()),
                            format!(
                                "scans.tool: unknown tool \"{}\": expected maester, scubagear or prowler",
                                name.unwrap_or_default()
                            ),
                        );
                        None
                    }
                    None => None,
                }
            }
            None => None,
        };
        let ran = t
            .get("ran")
            .and_then(|item| self.datetime(item, &"scans.ran"));
        let sha256 = self.opt_string(t, "sha256", &"scans").unwrap_or_default();
        if let Some(item) = t.get("sha256") {
            let hex = sha256.len() == 64
                && sha256
                    .chars()
                    .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c));
            if !hex {
                self.problem(
                    Some(item.span()),
                    "scans.sha256: expected the file's SHA-256 as 64 lower-case hex digits",
                );
            } else if a.scans.iter().any(|s| s.sha256 == sha256) {
                self.problem(
                    Some(item.span()),
                    format!(
                        "{here}: the same result (sha256 {}) is recorded twice",
                        &sha256[..12]
                    ),
                );
            }
        }
        let not_judged = match t.get("not_judged") {
            Some(item) => self.count(item, &"scans.not_judged"),
            None => Some(0),
        };
        let failed = match t.get("failed") {
            Some(item) => self.failed_checks(item),
            None => Vec::new(),
        };
        let scan = ScanRecord {
            id,
            tool: tool?,
            version: self.opt_string(t, "version", &"scans"),
            tenant: self.opt_string(t, "tenant", &"scans"),
            ran: ran?,
            file: self.opt_string(t, "file", &"scans").unwrap_or_default(),
            sha256,
            imported: self.opt_date(t, "imported", &"scans")?,
            not_judged: not_judged?,
            passed: self.opt_strings(t, "passed", &"scans"),
            failed,
            unmapped: self.opt_strings(t, "unmapped", &"scans"),
        };
        (self.problems.len() == before).then_some(scan)
    }

    pub(super) fn failed_checks(&mut self, item: &Node<'_>) -> Vec<FailedCheck> {
        let what = "scans.failed";
        let tables = self.tables(item, &what, &"a list of { id, title } tables");
        let mut out = Vec::new();
        for t in tables {
            self.unknown_keys(t, FAILED_CHECK_KEYS, &what);
            let id = self.opt_string(t, "id", &what).unwrap_or_default();
            if id.is_empty() {
                self.problem(None, format!("{what}: every failing check needs an `id`"));
            }
            out.push(FailedCheck {
                id,
                title: self.opt_string(t, "title", &what).unwrap_or_default(),
            });
        }
        out
    }

    /// An item's observations, each naming a `[[scans]]` entry.
    pub(super) fn observations(
        &mut self,
        item: &Node<'_>,
        what: &dyn fmt::Display,
    ) -> Vec<Observation> {
        let tables = self.tables(
            item,
            what,
            &"a list of { scan, passed, failed, not_judged, failing } tables",
        );
        let mut out = Vec::new();
        for t in tables {
            self.unknown_keys(t, OBSERVATION_KEYS, what);
            let scan = match t.get("scan") {
                Some(item) => {
                    let id = self.string(item, &format_args!("{what}.scan"));
                    if let Some(id) = &id
                        && !self.scan_ids.contains(id)
                    {
                        self.problem(
                            Some(item.span()),
                            format!("{what}.scan: no [[scans]] entry has the id \"{id}\""),
                        );
                    }
                    id.unwrap_or_default()
                }
                None => {
                    self.problem(
                        Some(item.span()),
                        format!("{what}: every observation names its `scan`"),
                    );
                    String::new()
                }
            };
            let n = |reader: &mut Self, key: &str| match t.get(key) {
                Some(item) => reader
                    .count(item, &format_args!("{what}.{key}"))
                    .unwrap_or_default(),
                None => 0,
            };
            let (passed, failed, not_judged) =
                (n(self, "passed"), n(self, "failed"), n(self, "not_judged"));
            let failing = self.opt_strings(t, "failing", what);
            if failing.len() != failed as usize {
                self.problem(
                    t.get("failing").or(t.get("failed")).map(|i| i.span()),
                    format!(
                        "{what}: `failed` is {failed} but `failing` names {} checks",
                        failing.len()
                    ),
                );
            }
            out.push(Observation {
                scan,
                passed,
                failed,
                not_judged,
                failing,
            });
        }
        out
    }

    /// A count: a whole number from 0.
    pub(super) fn count(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Option<u32> {
        match integer(item).and_then(|n| u32::try_from(n).ok()) {
            Some(n) => Some(n),
            None => {
                self.problem(
                    Some(item.span()),
                    format!("{what}: expected a whole number from 0"),
                );
                None
            }
        }
    }

    pub(super) fn opt_strings(
        &mut self,
        t: &DeTable<'_>,
        key: &str,
        here: &dyn fmt::Display,
    ) -> Vec<String> {
        match t.get(key) {
            Some(item) => self
                .strings(item, &format_args!("{here}.{key}"))
                .into_iter()
                .map(|(s, _)| s)
                .collect(),
            None => Vec::new(),
        }
    }

    /// A date and time with an offset (`2026-05-04T17:15:48Z`), in UTC.
    pub(super) fn datetime(
        &mut self,
        item: &Node<'_>,
        what: &dyn fmt::Display,
    ) -> Option<chrono::DateTime<chrono::Utc>> {
        let parsed = match item.get_ref() {
            DeValue::Datetime(dt) if dt.offset.is_some() && dt.time.is_some() => {
                chrono::DateTime::parse_from_rfc3339(&dt.to_string()).ok()
            }
            _ => None,
        };
        match parsed {
            Some(t) => Some(t.with_timezone(&chrono::Utc)),
            None => {
                self.problem(
                    Some(item.span()),
                    format!(
                        "{what}: expected a date and time with an offset, such as 2026-05-04T17:15:48Z (without quotes)"
                    ),
                );
                None
            }
        }
    }
}
