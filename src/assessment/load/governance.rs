//! Reading `[assessment]` and `[assessment.soa]`: the fields the table declares, the critical controls, the licences and the review interval.

use super::*;

impl Reader<'_> {
    pub(super) fn meta(&mut self, t: &DeTable<'_>, span: Option<Range<usize>>, a: &mut Assessment) {
        self.unknown_keys(t, &keys_of(schema::Table::Assessment), &"[assessment]");
        for d in fields_of(schema::Table::Assessment) {
            if d.kind == Kind::RequiredText && !t.contains_key(d.key) {
                self.problem(span.clone(), format!("[assessment]: missing `{}`", d.key));
            }
            if let (Some(value), Access::Assessment { set, .. }) =
                (self.field(t, d, &"assessment"), d.access)
            {
                set(a, Some(value));
            }
        }
        if let Some(item) = t.get(SOA_KEY) {
            self.soa_control(item, a);
        }
    }

    /// `[assessment.soa]`: the SoA's document control.
    pub(super) fn soa_control(&mut self, item: &Node<'_>, a: &mut Assessment) {
        let keys = keys_of(schema::Table::Soa);
        let Some(t) = item.get_ref().as_table() else {
            self.problem(
                Some(item.span()),
                format!(
                    "`assessment.soa`: expected a table ([assessment.soa] with {})",
                    keys.join(", ")
                ),
            );
            return;
        };
        self.unknown_keys(t, &keys, &"[assessment.soa]");
        for d in fields_of(schema::Table::Soa) {
            if let (Some(value), Access::Assessment { set, .. }) =
                (self.field(t, d, &"assessment.soa"), d.access)
            {
                set(a, Some(value));
            }
        }
    }

    /// The field `d` of table `t`, if the table has it and its value is
    /// valid (else the problem is recorded). `here` names the table in
    /// messages: "items.\"A.5.1\"" gives "items.\"A.5.1\".owner".
    pub(super) fn field(
        &mut self,
        t: &DeTable<'_>,
        d: &FieldDef,
        here: &dyn fmt::Display,
    ) -> Option<FieldValue> {
        let item = t.get(d.key)?;
        self.value(d.kind, item, &format_args!("{here}.{}", d.key))
    }

    pub(super) fn licences(&mut self, item: &Node<'_>, what: &dyn fmt::Display) -> Vec<String> {
        let mut out = Vec::new();
        for (value, span) in self.strings(item, what) {
            if self.catalog.licence(&value).is_some() {
                out.push(value);
            } else {
                self.problem(
                    span,
                    format!(
                        "unknown licence \"{value}\": expected a licence id such as m365-e3 or m365-business-premium (`gapwalk catalog` lists them)"
                    ),
                );
            }
        }
        out
    }

    pub(super) fn interval(&mut self, item: &Node<'_>) -> Option<u32> {
        match integer(item) {
            Some(n @ 1..=120) => Some(n as u32),
            _ => {
                self.problem(
                    Some(item.span()),
                    "`review_interval_months`: expected a whole number of months from 1 to 120",
                );
                None
            }
        }
    }
}
