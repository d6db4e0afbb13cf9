//! The ministry's yearly evaluation (monev): five parts whose weights are data per year, the
//! Outcome computed from programme statuses, and the achievement index on a 0–5 scale.
//! Scores are hundredths (3,31 = 331); shares are basis points (83,33 % = 8 333).

use serde::{Deserialize, Serialize};

code_enum!(Verdict "verdict" {
    Achieved = "achieved",
    Partly = "partly",
    NotAchieved = "not_achieved",
});

code_enum!(Part "eval-part" {
    Baseline = "baseline",
    Output = "output",
    Outcome = "outcome",
    Impact = "impact",
    QuickWin = "quick_win",
});

impl Part {
    /// What the part measures, for the rubric shown to regions and evaluators.
    pub fn measures(self, lang: &str) -> &'static str {
        match (self, lang == "en") {
            (Part::Baseline, false) => "Peningkatan sejak evaluasi sebelumnya",
            (Part::Baseline, true) => "Improvement since the last evaluation",
            (Part::Output, false) => "Kebijakan, kelembagaan dan anggaran tersedia",
            (Part::Output, true) => "Policy, institutions and budget in place",
            (Part::Outcome, false) => "Porsi program masterplan yang dilaksanakan, per dimensi",
            (Part::Outcome, true) => "Share of masterplan programmes executed, per dimension",
            (Part::Impact, false) => "Manfaat yang dirasakan warga (survei)",
            (Part::Impact, true) => "Benefit felt by citizens (survey)",
            (Part::QuickWin, false) => "Tingkat inovasi dan manfaat Quick Win",
            (Part::QuickWin, true) => "Innovation and benefit of the Quick Wins",
        }
    }
}

/// Weights seen in the ministry's letters (percent); each year's round may change them.
pub const DEFAULT_WEIGHTS: [(Part, i32); 5] =
    [(Part::Baseline, 10), (Part::Output, 20), (Part::Outcome, 30), (Part::Impact, 30), (Part::QuickWin, 10)];

/// The highest score of the scale.
pub const MAX_SCORE: i64 = 500;

/// Share executed, in basis points: 10 of 12 → 8 333. `None` when there is nothing to execute.
pub fn share_bp(executed: u32, total: u32) -> Option<i64> {
    (total > 0).then(|| (executed as i64 * 10_000 * 2 + total as i64) / (total as i64 * 2))
}

/// A share as a score on 0–5 in hundredths: 83,33 % → 4,17.
pub fn score_from_bp(bp: i64) -> i64 {
    (bp.clamp(0, 10_000) * MAX_SCORE + 5_000) / 10_000
}

/// Mean of survey answers on a 1–5 scale, as a 0–5 score in hundredths.
pub fn survey_score(answers: &[i32]) -> Option<i64> {
    let valid: Vec<i64> = answers.iter().filter(|a| (1..=5).contains(*a)).map(|a| *a as i64).collect();
    (!valid.is_empty()).then(|| (valid.iter().sum::<i64>() * 100 * 2 + valid.len() as i64) / (valid.len() as i64 * 2))
}

/// A part's weight and score (hundredths, 0–500) in one index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartScore {
    pub part: Part,
    pub weight: i32,
    pub score: Option<i64>,
}

/// The achievement index: Σ weight × score ÷ Σ weight over the parts that have a score, rounded
/// to hundredths. `None` until at least one part is scored.
pub fn index(parts: &[PartScore]) -> Option<i64> {
    let scored: Vec<(i64, i64)> =
        parts.iter().filter_map(|p| p.score.map(|s| (p.weight.max(0) as i64, s.clamp(0, MAX_SCORE)))).collect();
    let total: i64 = scored.iter().map(|(w, _)| w).sum();
    if total == 0 {
        return None;
    }
    let sum: i64 = scored.iter().map(|(w, s)| w * s).sum();
    Some((sum * 2 + total) / (total * 2))
}

/// The index of one dimension: the same parts with that dimension's own Outcome score.
pub fn dimension_index(parts: &[PartScore], outcome: Option<i64>) -> Option<i64> {
    let mine: Vec<PartScore> =
        parts.iter().map(|p| if p.part == Part::Outcome { PartScore { score: outcome, ..*p } } else { *p }).collect();
    index(&mine)
}

/// "3,31" (or "3.31") from hundredths.
pub fn score_text(v: i64, lang: &str) -> String {
    crate::format::hundredths(v, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_worked_example() {
        // DOMAIN.md: 10 of 12 programmes executed = 83,33 %.
        assert_eq!(share_bp(10, 12), Some(8_333));
        assert_eq!(share_bp(2, 3), Some(6_667));
        assert_eq!(share_bp(0, 0), None);
        assert_eq!(score_from_bp(8_333), 417);
        assert_eq!(score_from_bp(10_000), 500);
        assert_eq!(survey_score(&[4, 5, 3, 4, 9]), Some(400));
    }

    #[test]
    fn index_worked_example() {
        // Baseline 3,00 · Output 3,50 · Outcome 4,17 · Impact 2,80 · Quick Win 3,00 at 10/20/30/30/10:
        // (300·10 + 350·20 + 417·30 + 280·30 + 300·10) ÷ 100 = 339,1 → 3,39.
        let scores = [300, 350, 417, 280, 300];
        let parts: Vec<PartScore> = DEFAULT_WEIGHTS
            .iter()
            .zip(scores)
            .map(|((part, weight), s)| PartScore { part: *part, weight: *weight, score: Some(s) })
            .collect();
        assert_eq!(index(&parts), Some(339));
        assert_eq!(score_text(339, "id"), "3,39");
        // A dimension where everything was executed: Outcome 5,00 → 3,39 + 0,83·0,3 = 3,64.
        assert_eq!(dimension_index(&parts, Some(500)), Some(364));
        // Impact weighted 20 and Quick Win 20 in another year: weights are data.
        let mut other = parts.clone();
        other[3].weight = 20;
        other[4].weight = 20;
        assert_eq!(index(&other), Some(341)); // (3000 + 7000 + 12510 + 5600 + 6000) ÷ 100 = 341,1
                                              // Unscored parts do not count (the index of what has been scored so far).
        let partial = [
            PartScore { part: Part::Outcome, weight: 30, score: Some(417) },
            PartScore { part: Part::Impact, weight: 30, score: None },
        ];
        assert_eq!(index(&partial), Some(417));
        assert_eq!(index(&[]), None);
    }
}
