//! Reading `[items]`: each item's answer, owner, capabilities, inclusion reasons, session, evidence and action.

use super::*;

impl Reader<'_> {
    /// The items of `[items]`.
    pub(super) fn items(&mut self, t: &DeTable<'_>, a: &mut Assessment) {
        for (key, item) in t.iter() {
            let key_span = Some(key.span());
            let key: &str = key.get_ref();
            if self.catalog.item(key).is_none() {
                let hint = self.annex_a_hint(key);
                self.problem(
                    key_span,
                    format!(
                        "unknown item \"{key}\": expected a clause such as \"6.1.3\" or an Annex A control such as \"A.8.24\" of {}{hint}",
                        self.catalog.id()
                    ),
                );
                continue;
            };
            let Some(fields) = item.get_ref().as_table() else {
                self.problem(
                    Some(item.span()),
                    format!("{}: expected a table", ItemPath(key)),
                );
                continue;
            };
            let record = self.item(key, fields);
            if !record.is_empty() {
                a.items.insert(key.to_string(), record);
            }
        }
    }

    pub(super) fn item(&mut self, id: &str, t: &DeTable<'_>) -> ItemRecord {
        let here = ItemPath(id);
        self.unknown_keys(t, &keys_of(schema::Table::Item), &here);
        let mut r = ItemRecord::default();
        for d in fields_of(schema::Table::Item) {
            if let (Some(value), Access::Item { set, .. }) = (self.field(t, d, &here), d.access) {
                set(&mut r, Some(value));
            }
        }
        r
    }

    pub(super) fn answer(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Option<Answer> {
        match item.get_ref().as_str() {
            Some(s) => match s.parse::<Answer>() {
                Ok(answer) => Some(answer),
                Err(()) => {
                    self.problem(
                        Some(item.span()),
                        format!(
                            "{what}: unknown answer \"{s}\": expected one of microsoft-provides, shared, we-manage, gap, not-applicable"
                        ),
                    );
                    None
                }
            },
            None => {
                self.problem(Some(item.span()), format!("{what}: expected a string"));
                None
            }
        }
    }

    pub(super) fn capabilities(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Vec<String> {
        let mut out = Vec::new();
        for (value, span) in self.strings(item, what) {
            if self.catalog.capability(&value).is_some() {
                out.push(value);
            } else {
                self.problem(
                    span,
                    format!(
                        "{what}: unknown capability \"{value}\" (`gapwalk catalog` lists them)"
                    ),
                );
            }
        }
        out
    }

    pub(super) fn reasons(
        &mut self,
        item: &Node<'_>,
        what: &dyn fmt::Display,
    ) -> Vec<InclusionReason> {
        let mut out = Vec::new();
        for (value, span) in self.strings(item, what) {
            match value.parse::<InclusionReason>() {
                Ok(reason) if out.contains(&reason) => {
                    self.problem(span, format!("{what}: \"{value}\" is listed twice"))
                }
                Ok(reason) => out.push(reason),
                Err(()) => self.problem(
                    span,
                    format!(
                        "{what}: unknown reason \"{value}\": expected any of risk-assessment, regulatory, contractual, best-practice"
                    ),
                ),
            }
        }
        out
    }

    pub(super) fn session_ref(
        &mut self,
        item: &Node<'_>,
        what: &dyn fmt::Display,
    ) -> Option<String> {
        let id = self.string(item, what)?;
        if self.session_ids.contains(&id) {
            Some(id)
        } else {
            self.problem(
                Some(item.span()),
                format!("{what}: no [[sessions]] entry has the id \"{id}\""),
            );
            None
        }
    }

    pub(super) fn evidence_list(
        &mut self,
        item: &Node<'_>,
        what: &dyn fmt::Display,
    ) -> Vec<Evidence> {
        self.tables(
            item,
            what,
            &format_args!("[[{what}]] tables with what, where and date"),
        )
        .into_iter()
        .map(|table| self.evidence(table, what))
        .collect()
    }

    pub(super) fn action(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Option<Action> {
        let Some(table) = item.get_ref().as_table() else {
            self.problem(Some(item.span()), format!("{what}: expected a table"));
            return None;
        };
        self.unknown_keys(table, &keys_of(schema::Table::Action), what);
        let mut action = Action::default();
        for d in fields_of(schema::Table::Action) {
            if let (Some(value), Access::Action { set, .. }) =
                (self.field(table, d, what), d.access)
            {
                set(&mut action, Some(value));
            }
        }
        Some(action)
    }

    pub(super) fn evidence(&mut self, t: &DeTable<'_>, what: &dyn fmt::Display) -> Evidence {
        self.unknown_keys(t, EVIDENCE_KEYS, what);
        Evidence {
            what: self.opt_string(t, "what", what).unwrap_or_default(),
            location: self.opt_string(t, "where", what),
            date: self.opt_date(t, "date", what),
        }
    }

    /// " (Annex A controls are written "A.5.15")" when an unknown id is a
    /// control written without its "A.", else nothing.
    pub(super) fn annex_a_hint(&self, id: &str) -> String {
        let prefixed = format!("A.{id}");
        if self.catalog.item(&prefixed).is_some() {
            format!(" (Annex A controls are written \"{prefixed}\")")
        } else {
            String::new()
        }
    }

    /// A list of Annex A control ids, each once: `critical` and a risk's
    /// `controls`. `clause` says why a clause does not belong (it follows
    /// `"X" is a clause`); `example` is a control to name.
    pub(super) fn annex_a_controls(
        &mut self,
        item: &Node<'_>,
        what: &dyn fmt::Display,
        clause: &str,
        example: &str,
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (value, span) in self.strings(item, what) {
            match self.catalog.item(&value) {
                Some(i) if i.kind == crate::catalog::ItemKind::Control => {
                    if out.contains(&value) {
                        self.problem(span, format!("{what}: \"{value}\" is listed twice"));
                    } else {
                        out.push(value);
                    }
                }
                Some(_) => self.problem(span, format!("{what}: \"{value}\" is a clause{clause}")),
                None => {
                    let hint = self.annex_a_hint(&value);
                    self.problem(
                        span,
                        format!(
                            "{what}: unknown control \"{value}\": expected an Annex A control such as \"{example}\"{hint}"
                        ),
                    )
                }
            }
        }
        out
    }
}
