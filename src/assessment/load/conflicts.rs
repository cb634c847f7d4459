//! Reading `[[conflicts]]`: where each is, which field, and both sides' values.

use super::*;

impl Reader<'_> {
    /// `[[conflicts]]`: what a merge could not decide.
    pub(super) fn conflicts(&mut self, item: &Node<'_>, a: &mut Assessment) {
        let tables = self.tables(
            item,
            &"`conflicts`",
            &"[[conflicts]] tables with item, field, ours and theirs",
        );
        for t in tables {
            if let Some(c) = self.conflict(t) {
                a.conflicts.push(c);
            }
        }
    }

    pub(super) fn conflict(&mut self, t: &DeTable<'_>) -> Option<Conflict> {
        let here = "[[conflicts]]";
        self.unknown_keys(t, CONFLICT_KEYS, &here);
        let header = t.get("field").map(|i| i.span());
        let named: Vec<(&str, &Node<'_>)> = ["item", "session", "risk"]
            .into_iter()
            .filter_map(|k| Some((k, t.get(k)?)))
            .collect();
        let place = match named[..] {
            [] => Place::Assessment,
            [("item", item)] => {
                let id = self.string(item, &"conflicts.item")?;
                if self.catalog.item(&id).is_none() {
                    self.problem(
                        Some(item.span()),
                        format!(
                            "conflicts.item: unknown item \"{id}\": expected a clause such as \"6.1.3\" or an Annex A control such as \"A.8.24\""
                        ),
                    );
                    return None;
                }
                Place::Item(id)
            }
            [("session", session)] => {
                Place::Session(self.session_ref(session, &"conflicts.session")?)
            }
            [(_, risk)] => Place::Risk(self.risk_ref(risk, &"conflicts.risk")?),
            [_, (_, second), ..] => {
                self.problem(
                    Some(second.span()),
                    format!("{here}: name one of `item`, `session` or `risk`, not several"),
                );
                return None;
            }
        };
        let Some(field_item) = t.get("field") else {
            self.problem(
                named.first().map(|(_, i)| i.span()),
                format!("{here}: missing `field`, the field the two sides disagree on"),
            );
            return None;
        };
        let name = self.string(field_item, &"conflicts.field")?;
        let Some(field) = Field::parse(place.kind(), &name) else {
            let names: Vec<&str> = Field::of(place.kind()).map(|f| f.as_str()).collect();
            let whose = match place.kind() {
                PlaceKind::Assessment => "[assessment]",
                PlaceKind::Session => "a session",
                PlaceKind::Item => "an item",
                PlaceKind::Risk => "a risk",
            };
            self.problem(
                Some(field_item.span()),
                format!(
                    "conflicts.field: \"{name}\" is not a field of {whose}: expected one of {}",
                    names.join(", ")
                ),
            );
            return None;
        };
        let ours = match t.get("ours") {
            Some(item) => Some(self.value(field.def().kind, item, &"conflicts.ours")?),
            None => None,
        };
        let theirs = match t.get("theirs") {
            Some(item) => Some(self.value(field.def().kind, item, &"conflicts.theirs")?),
            None => None,
        };
        if ours.is_none() && theirs.is_none() {
            self.problem(
                header,
                format!(
                    "{here}: neither `ours` nor `theirs` is given; a conflict needs at least one of them"
                ),
            );
            return None;
        }
        Some(Conflict {
            place,
            field,
            ours,
            theirs,
        })
    }

    /// A value of a field of this kind, checked; `None` (with the
    /// problem recorded) when it is not valid.
    pub(super) fn value(
        &mut self,
        kind: Kind,
        item: &Node<'_>,
        what: &dyn fmt::Display,
    ) -> Option<FieldValue> {
        let before = self.problems.len();
        let value = match kind {
            Kind::Text | Kind::RequiredText => self.string(item, what).map(FieldValue::Text),
            Kind::Date => self.date(item, what).map(FieldValue::Date),
            Kind::Months => self.interval(item).map(FieldValue::Number),
            Kind::Answer => self.answer(item, what).map(FieldValue::Answer),
            Kind::Licences => Some(FieldValue::Texts(self.licences(item, what))),
            Kind::Controls => Some(FieldValue::Texts(self.annex_a_controls(
                item,
                what,
                "; clauses 4–10 are mandatory and always treated as critical: list Annex A controls such as \"A.5.24\"",
                "A.5.24",
            ))),
            Kind::Capabilities => Some(FieldValue::Texts(self.capabilities(item, what))),
            Kind::Names => Some(FieldValue::Texts(
                self.strings(item, what)
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect(),
            )),
            Kind::Reasons => Some(FieldValue::Reasons(self.reasons(item, what))),
            Kind::SessionRef => self.session_ref(item, what).map(FieldValue::Text),
            Kind::EvidenceList => Some(FieldValue::Evidence(self.evidence_list(item, what))),
            Kind::Observations => Some(FieldValue::Observations(self.observations(item, what))),
            Kind::Action => self.action(item, what).map(FieldValue::Action),
            Kind::Scale => Some(FieldValue::Texts(self.scale(item, what))),
            Kind::Level => self.level(item, what).map(FieldValue::Number),
            Kind::Treatment => self.treatment(item, what).map(FieldValue::Treatment),
            Kind::RiskControls => Some(FieldValue::Texts(self.annex_a_controls(
                item,
                what,
                ": a risk is treated by Annex A controls such as \"A.5.15\"",
                "A.5.15",
            ))),
        };
        (self.problems.len() == before).then_some(value).flatten()
    }
}
