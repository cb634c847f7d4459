//! What the words in a spreadsheet's cells mean, read conservatively: a
//! word gapwalk does not know leaves the item unanswered, and nothing ever
//! becomes `microsoft-provides` (that needs the room: a reliance and an
//! owner of the supplier).

use crate::assessment::{Answer, InclusionReason};

/// Lower case, words only (`Not applicable` → `not applicable`,
/// `non_compliant` → `non compliant`).
fn norm(s: &str) -> String {
    s.split(|c: char| !(c.is_alphanumeric() || matches!(c, '?' | '/' | '✓' | '✔')))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// What an "applicable" cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicable {
    Yes,
    No,
    /// Blank, `?` or "to be decided".
    Undecided,
}

/// `None` for a word gapwalk does not know.
pub fn applicable(cell: &str) -> Option<Applicable> {
    let w = norm(cell);
    Some(match w.as_str() {
        "" | "?" | "tbd" | "to be decided" | "unknown" | "undecided" | "n/a?" => {
            Applicable::Undecided
        }
        "yes" | "y" | "ja" | "true" | "x" | "✓" | "✔" | "1" | "applicable" | "included"
        | "include" | "selected" | "in scope" | "yes applicable" => Applicable::Yes,
        "no" | "n" | "nee" | "false" | "0" | "not applicable" | "n/a" | "na" | "excluded"
        | "exclude" | "not selected" | "out of scope" | "no not applicable" => Applicable::No,
        _ => return None,
    })
}

/// What a status cell says about who does the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// An answer gapwalk can record.
    Answer(Answer),
    /// Blank, `?`, "not assessed": no answer.
    Unknown,
    /// "Inherited", "provided by Microsoft": the room must decide (never
    /// `microsoft-provides` without a reliance and an owner).
    ForTheRoom,
}

/// `None` for a word gapwalk does not know.
pub fn status(cell: &str) -> Option<Status> {
    let w = norm(cell);
    let s = match w.as_str() {
        "" | "?" | "tbd" | "unknown" | "not assessed" | "not yet assessed" | "to do" | "todo"
        | "not started" => Status::Unknown,
        "yes" | "y" | "ja" | "true" | "x" | "✓" | "✔" | "1" | "implemented"
        | "fully implemented" | "done" | "compliant" | "complete" | "completed" | "in place"
        | "effective" | "operational" | "satisfied" | "pass" | "passed" | "met" => {
            Status::Answer(Answer::WeManage)
        }
        "no"
        | "n"
        | "nee"
        | "false"
        | "0"
        | "not implemented"
        | "non compliant"
        | "noncompliant"
        | "not compliant"
        | "missing"
        | "gap"
        | "fail"
        | "failed"
        | "not met"
        | "planned"
        | "in progress"
        | "ongoing"
        | "partial"
        | "partially"
        | "partly"
        | "partially implemented"
        | "partially compliant"
        | "partially met"
        | "in development"
        | "not satisfied" => Status::Answer(Answer::Gap),
        "n/a" | "na" | "not applicable" | "excluded" => Status::Answer(Answer::NotApplicable),
        "inherited"
        | "microsoft"
        | "provided by microsoft"
        | "microsoft provides"
        | "by microsoft"
        | "cloud provider"
        | "provider"
        | "outsourced"
        | "third party" => Status::ForTheRoom,
        _ => return None,
    };
    Some(s)
}

/// The reasons for inclusion a cell names ("Regulatory compliance,
/// Risk Analysis"), and whether every part of it was one.
pub fn inclusion_reasons(cell: &str) -> (Vec<InclusionReason>, bool) {
    let mut reasons = Vec::new();
    let mut all = true;
    for part in cell
        .split([',', ';', '/', '\n', '+', '&'])
        .flat_map(|p| p.split(" and "))
    {
        let w = norm(part);
        if w.is_empty() {
            continue;
        }
        let reason = if w.contains("risk") {
            Some(InclusionReason::RiskAssessment)
        } else if w.contains("regulat")
            || w.contains("legal")
            || w.contains("law")
            || w.contains("statutory")
        {
            Some(InclusionReason::Regulatory)
        } else if w.contains("contract") || w.contains("customer requirement") {
            Some(InclusionReason::Contractual)
        } else if w.contains("best practice")
            || w.contains("good practice")
            || w.contains("business requirement")
        {
            Some(InclusionReason::BestPractice)
        } else {
            None
        };
        match reason {
            Some(r) if !reasons.contains(&r) => reasons.push(r),
            Some(_) => {}
            None => all = false,
        }
    }
    reasons.sort();
    let all = all && !reasons.is_empty();
    (reasons, all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words_map_conservatively() {
        assert_eq!(status("Yes"), Some(Status::Answer(Answer::WeManage)));
        assert_eq!(status("compliant"), Some(Status::Answer(Answer::WeManage)));
        assert_eq!(status("non_compliant"), Some(Status::Answer(Answer::Gap)));
        assert_eq!(
            status("Partially implemented"),
            Some(Status::Answer(Answer::Gap))
        );
        assert_eq!(status("not_assessed"), Some(Status::Unknown));
        assert_eq!(status("?"), Some(Status::Unknown));
        assert_eq!(status("N/A"), Some(Status::Answer(Answer::NotApplicable)));
        assert_eq!(status("Inherited"), Some(Status::ForTheRoom));
        assert_eq!(status("Provided by Microsoft"), Some(Status::ForTheRoom));
        assert_eq!(status("sort of"), None);
        // Nothing maps to microsoft-provides.
        for w in [
            "Microsoft",
            "inherited",
            "Microsoft provides",
            "cloud provider",
        ] {
            assert_ne!(status(w), Some(Status::Answer(Answer::MicrosoftProvides)));
        }
    }

    #[test]
    fn applicability_words() {
        assert_eq!(applicable("Yes"), Some(Applicable::Yes));
        assert_eq!(applicable("no"), Some(Applicable::No));
        assert_eq!(applicable("?"), Some(Applicable::Undecided));
        assert_eq!(applicable(""), Some(Applicable::Undecided));
        assert_eq!(applicable("perhaps"), None);
    }

    #[test]
    fn inclusion_reasons_from_the_common_values() {
        use InclusionReason::*;
        assert_eq!(
            inclusion_reasons("Regulatory compliance"),
            (vec![Regulatory], true)
        );
        assert_eq!(
            inclusion_reasons("Contractual compliance, Risk Analysis"),
            (vec![RiskAssessment, Contractual], true)
        );
        assert_eq!(
            inclusion_reasons("Best practice"),
            (vec![BestPractice], true)
        );
        assert_eq!(
            inclusion_reasons("Risk analysis; required by our bank"),
            (vec![RiskAssessment], false)
        );
        assert_eq!(inclusion_reasons("We need it"), (vec![], false));
    }
}
