//! The evaluator's score beside what the data suggest, and whether the index is final.
//!
//! The ministry's evaluators score every part, Outcome and Impact included. The share of
//! programmes executed (Outcome) and the citizens' survey mean (Impact) are computed here only as
//! *suggestions* with their arithmetic: an evaluator may depart from them, but then says why.
//! The index is Σ weight × score ÷ Σ weight rounded half up to two decimals (as the ministry
//! publishes it), and it is final only when every part with a weight has a score; until then it
//! is the index of what has been scored so far, shown as provisional with the missing parts named.

use super::{score_from_bp, share_bp, Part, PartScore, MAX_SCORE};
use serde::Serialize;

/// How far an evaluator's score may stand from the suggestion without a reason: 0,50 on the 0–5
/// scale (in hundredths). Half a step of the rubric: rounding a computed 3,40 to "3" or "4" in a
/// rubric-minded evaluation stays within it, a judgement that moves the part a whole step does not.
pub const SUGGESTION_TOLERANCE: i64 = 50;

/// Where a suggestion comes from, with the numbers of its arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum Basis {
    /// `done` of `due` programmes executed; `share_bp` in basis points; score = share × 5.
    Executed { done: u32, due: u32, share_bp: i64 },
    /// `answers` survey answers on 1–5 summing to `sum`; score = sum ÷ answers.
    Survey { answers: u32, sum: i64 },
    /// `funded` of `due` programmes of the round's year with money in the adopted RKPD
    /// (`domain::alignment`); score = share × 5.
    Funded { funded: u32, due: u32, share_bp: i64 },
}

/// A computed score (hundredths) offered to the evaluator, and how it was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub score: i64,
    #[serde(flatten)]
    pub basis: Basis,
}

/// Outcome's suggestion: the share of programmes executed on the 0–5 scale (`None` when nothing
/// was due).
pub fn outcome_suggestion(done: u32, due: u32) -> Option<Suggestion> {
    let bp = share_bp(done, due)?;
    Some(Suggestion { score: score_from_bp(bp), basis: Basis::Executed { done, due, share_bp: bp } })
}

/// Output's suggestion: the share of the year's masterplan programmes the adopted RKPD funds, on
/// the 0–5 scale (`None` when nothing was due or no RKPD was imported for the year). Output is
/// what the region put in place; a plan that reaches the budget is the first of it.
pub fn output_suggestion(funded: u32, due: u32) -> Option<Suggestion> {
    let bp = share_bp(funded, due)?;
    Some(Suggestion { score: score_from_bp(bp), basis: Basis::Funded { funded, due, share_bp: bp } })
}

/// Impact's suggestion: the mean of the survey answers (counts per level 1–5), `None` without
/// answers. The same rounding as [`super::survey_score`].
pub fn impact_suggestion(counts: &[[i32; 5]]) -> Option<Suggestion> {
    let (mut n, mut sum) = (0i64, 0i64);
    for row in counts {
        for (level, c) in row.iter().enumerate() {
            let c = (*c).max(0) as i64;
            n += c;
            sum += c * (level as i64 + 1);
        }
    }
    (n > 0).then(|| Suggestion {
        score: (sum * 100 * 2 + n) / (n * 2),
        basis: Basis::Survey { answers: n.min(u32::MAX as i64) as u32, sum },
    })
}

/// Whether a score departs from its suggestion: they differ by more than
/// [`SUGGESTION_TOLERANCE`]. No suggestion, no score: nothing to depart from.
pub fn departs(score: Option<i64>, suggestion: Option<i64>) -> bool {
    matches!((score, suggestion), (Some(s), Some(g)) if (s - g).abs() > SUGGESTION_TOLERANCE)
}

/// The index with what it is made of: the value (hundredths, `None` until a weighted part is
/// scored), the parts with a weight still unscored, and the terms of Σ weight × score ÷ Σ weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexStatus {
    pub value: Option<i64>,
    pub missing: Vec<Part>,
    /// (weight, score) of each scored part with a weight, in the round's order.
    pub terms: Vec<(i64, i64)>,
}

impl IndexStatus {
    /// Provisional while a weighted part is unscored (or nothing is scored yet).
    pub fn provisional(&self) -> bool {
        self.value.is_none() || !self.missing.is_empty()
    }

    /// Σ weight × score, in hundredths.
    pub fn weighted_sum(&self) -> i64 {
        self.terms.iter().map(|(w, s)| w * s).sum()
    }

    /// Σ weight over the scored parts.
    pub fn weight_total(&self) -> i64 {
        self.terms.iter().map(|(w, _)| w).sum()
    }

    /// The arithmetic with the actual numbers, e.g.
    /// "(10 × 3,00 + 20 × 3,50) ÷ 30 = 100,00 ÷ 30 ≈ 3,33" ("=" when the division is exact).
    /// `None` until something is scored.
    pub fn formula(&self, lang: &str) -> Option<String> {
        let value = self.value?;
        let h = |v: i64| crate::format::hundredths(v, lang);
        let terms: Vec<String> = self.terms.iter().map(|(w, s)| format!("{w} × {}", h(*s))).collect();
        let (sum, total) = (self.weighted_sum(), self.weight_total());
        let exact = sum % total == 0;
        Some(format!(
            "({}) ÷ {total} = {} ÷ {total} {} {}",
            terms.join(" + "),
            h(sum),
            if exact { "=" } else { "≈" },
            h(value)
        ))
    }
}

/// The index of `parts` and whether it is final. Weights below 0 count as 0, scores are held to
/// 0–5; a part with weight 0 is neither a term nor missing.
pub fn index_status(parts: &[PartScore]) -> IndexStatus {
    let weighted = parts.iter().filter(|p| p.weight > 0);
    let missing = weighted.clone().filter(|p| p.score.is_none()).map(|p| p.part).collect();
    let terms: Vec<(i64, i64)> =
        weighted.filter_map(|p| p.score.map(|s| (p.weight as i64, s.clamp(0, MAX_SCORE)))).collect();
    let total: i64 = terms.iter().map(|(w, _)| w).sum();
    let value = (total > 0).then(|| {
        let sum: i64 = terms.iter().map(|(w, s)| w * s).sum();
        (sum * 2 + total) / (total * 2)
    });
    IndexStatus { value, missing, terms }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::DEFAULT_WEIGHTS;

    #[test]
    fn suggestions_carry_their_arithmetic() {
        // 17 of 25 executed = 68 % → 3,40.
        let o = outcome_suggestion(17, 25).expect("due");
        assert_eq!(o, Suggestion { score: 340, basis: Basis::Executed { done: 17, due: 25, share_bp: 6_800 } });
        assert_eq!(outcome_suggestion(0, 0), None);
        // 10 answers of 4 and 10 of 2: 60 ÷ 20 = 3,00; the same as the survey mean of the answers.
        let i = impact_suggestion(&[[0, 10, 0, 10, 0], [0; 5]]).expect("answers");
        assert_eq!(i, Suggestion { score: 300, basis: Basis::Survey { answers: 20, sum: 60 } });
        assert_eq!(Some(i.score), crate::evaluation::survey_score(&[[4; 10], [2; 10]].concat()));
        assert_eq!(impact_suggestion(&[[0; 5], [-3, 0, 0, 0, 0]]), None, "negative counts are no answers");
    }

    #[test]
    fn departing_means_more_than_half_a_point() {
        assert!(!departs(Some(390), Some(340)), "0,50 away is within the tolerance");
        assert!(departs(Some(391), Some(340)));
        assert!(departs(Some(280), Some(340)));
        assert!(!departs(None, Some(340)) && !departs(Some(100), None));
    }

    #[test]
    fn the_index_is_final_only_when_every_weighted_part_is_scored() {
        let scores = [Some(300), Some(350), Some(417), Some(280), Some(300)];
        let mut parts: Vec<PartScore> = DEFAULT_WEIGHTS
            .iter()
            .zip(scores)
            .map(|((part, weight), score)| PartScore { part: *part, weight: *weight, score })
            .collect();
        let full = index_status(&parts);
        assert_eq!((full.value, full.provisional()), (Some(339), false));
        assert_eq!(
            full.formula("id").as_deref(),
            Some("(10 × 3,00 + 20 × 3,50 + 30 × 4,17 + 30 × 2,80 + 10 × 3,00) ÷ 100 = 339,10 ÷ 100 ≈ 3,39")
        );
        assert_eq!(full.value, super::super::index(&parts), "the same figure as the plain index");
        // Impact unscored: the index of the rest, provisional, Impact named.
        parts[3].score = None;
        let partial = index_status(&parts);
        assert_eq!(
            (partial.value, partial.provisional(), partial.missing.clone()),
            (Some(364), true, vec![Part::Impact])
        );
        assert_eq!(
            partial.formula("en").as_deref(),
            Some("(10 × 3.00 + 20 × 3.50 + 30 × 4.17 + 10 × 3.00) ÷ 70 = 255.10 ÷ 70 ≈ 3.64")
        );
        // A part weighted 0 this year is not missing.
        parts[3].weight = 0;
        assert!(!index_status(&parts).provisional());
        let exact = index_status(&[PartScore { part: Part::Output, weight: 20, score: Some(400) }]);
        assert_eq!(exact.formula("id").as_deref(), Some("(20 × 4,00) ÷ 20 = 80,00 ÷ 20 = 4,00"));
        let empty = index_status(&[PartScore { part: Part::Output, weight: 20, score: None }]);
        assert_eq!((empty.value, empty.provisional(), empty.formula("id")), (None, true, None));
    }
}
