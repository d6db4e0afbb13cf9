//! The ministry's yearly evaluation (monev): five parts whose weights are data per year, each
//! scored by the evaluator (Outcome and Impact beside their computed suggestions, `scoring`),
//! and the achievement index on a 0–5 scale.
//! Scores are hundredths (3,31 = 331); shares are basis points (83,33 % = 8 333).

mod scoring;
pub use scoring::*;

use crate::validate::Errors;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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

/// A score typed as "3,5" or "3.50" → hundredths within 0–5 (`None` when left empty).
pub fn parse_score(e: &mut Errors, field: &str, raw: &str) -> Option<i64> {
    let t = raw.trim().replace(',', ".");
    if t.is_empty() {
        return None;
    }
    match t.parse::<f64>() {
        Ok(v) if (0.0..=5.0).contains(&v) => Some((v * 100.0).round() as i64),
        _ => {
            e.add(field, "err-score-05", None);
            None
        }
    }
}

/// A new round as typed: its year (one round a year: `taken` are the years that have one) and
/// title.
pub fn validate_round(year: &str, title: &str, taken: &[i32]) -> Result<(i32, String), Errors> {
    let mut e = Errors::new();
    let year = e.integer("year", year, 2000, 2100).map(|y| y as i32);
    let title = e.text("round_title", title, 200);
    e.into_result()?;
    let year = year.unwrap_or_default();
    if taken.contains(&year) {
        return Err(Errors::one("year", "err-taken"));
    }
    Ok((year, title))
}

/// A closed round takes no more answers.
pub fn check_round_open(closed: bool) -> Result<(), Errors> {
    if closed {
        return Err(Errors::one("round", "err-round-closed"));
    }
    Ok(())
}

/// The most survey questions a round may ask, and the longest question.
pub const MAX_QUESTIONS: usize = 30;
const MAX_QUESTION_CHARS: usize = 300;

/// A round's settings as typed: the weight of each part (percent) and the survey questions, one
/// per line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RoundSettingsInput {
    pub weights: Vec<(Part, String)>,
    pub questions: String,
}

/// A round's checked settings: each part's weight, and the questions in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundSettings {
    pub weights: Vec<(Part, i32)>,
    pub questions: Vec<String>,
}

/// Weights are whole percents summing to 100; blank lines are no question.
pub fn validate_round_settings(input: &RoundSettingsInput) -> Result<RoundSettings, Errors> {
    let mut e = Errors::new();
    let mut weights = Vec::new();
    for p in Part::ALL {
        let typed = input.weights.iter().find(|(q, _)| q == p).map(|(_, v)| v.as_str()).unwrap_or("");
        if let Some(w) = e.integer(&format!("weight.{}", p.as_str()), typed, 0, 100) {
            weights.push((*p, w as i32));
        }
    }
    if weights.len() == Part::ALL.len() && weights.iter().map(|(_, w)| w).sum::<i32>() != 100 {
        e.add("weights", "err-weights-100", None);
    }
    let lines: Vec<String> =
        input.questions.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    if lines.len() > MAX_QUESTIONS || lines.iter().any(|l| l.chars().count() > MAX_QUESTION_CHARS) {
        e.add("questions", "err-too-long", Some(MAX_QUESTION_CHARS as i64));
    }
    e.into_result()?;
    Ok(RoundSettings { weights, questions: lines })
}

/// One part's score (0–5), note and (the evaluator's) reason for departing from the
/// suggestion, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PartInput {
    pub score: String,
    pub note: String,
    pub reason: String,
}

/// The region's self-assessment as typed: score and note per part, and each selected Quick
/// Win's measured value after (by programme id).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SelfAssessmentInput {
    pub parts: Vec<(Part, PartInput)>,
    pub after: Vec<(i64, String)>,
}

/// An evaluator's verdict on one Quick Win as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VerdictInput {
    pub verdict: String,
    pub note: String,
}

/// The evaluator's scores and notes per part, Quick Win verdicts (by programme id) and findings
/// as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ScoringInput {
    pub parts: Vec<(Part, PartInput)>,
    pub verdicts: Vec<(i64, VerdictInput)>,
    pub strengths: String,
    pub weaknesses: String,
    pub recommendations: String,
}

/// A part's checked score (hundredths), note, and why the score departs from its suggestion
/// (the evaluator's; empty otherwise).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPart {
    pub part: Part,
    pub score: Option<i64>,
    pub note: String,
    pub reason: String,
}

/// A Quick Win's checked value after (the region's) or verdict and note (the evaluator's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidQuickWin {
    After { programme_id: i64, value: String },
    Verdict { programme_id: i64, verdict: Option<Verdict>, note: String },
}

impl ValidQuickWin {
    pub fn programme_id(&self) -> i64 {
        match self {
            ValidQuickWin::After { programme_id, .. } | ValidQuickWin::Verdict { programme_id, .. } => *programme_id,
        }
    }
}

/// The evaluator's findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Findings {
    pub strengths: String,
    pub weaknesses: String,
    pub recommendations: String,
}

/// A self-assessment or an evaluator's scoring that passed the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAssessment {
    /// The evaluator's: every part. The region's: every part but Outcome (its programme
    /// statuses speak for it).
    pub parts: Vec<ValidPart>,
    pub quick_wins: Vec<ValidQuickWin>,
    /// The evaluator's; `None` for a self-assessment.
    pub findings: Option<Findings>,
}

/// The parts as typed. `suggestions` is `None` for a self-assessment (no Outcome, no reasons);
/// for a scoring, a score departing from its part's suggestion needs a reason (`reason.PART`).
fn parts(e: &mut Errors, typed: &[(Part, PartInput)], suggestions: Option<&[(Part, i64)]>) -> Vec<ValidPart> {
    let none = PartInput::default();
    Part::ALL
        .iter()
        .filter(|p| suggestions.is_some() || **p != Part::Outcome)
        .map(|p| {
            let t = typed.iter().find(|(q, _)| q == p).map(|(_, t)| t).unwrap_or(&none);
            let score = parse_score(e, &format!("score.{}", p.as_str()), &t.score);
            let note = e.optional_text(&format!("note.{}", p.as_str()), &t.note, 2_000).unwrap_or_default();
            let mut reason = String::new();
            if let Some(suggested) = suggestions {
                let field = format!("reason.{}", p.as_str());
                reason = e.optional_text(&field, &t.reason, 1_000).unwrap_or_default();
                let suggestion = suggested.iter().find(|(q, _)| q == p).map(|(_, s)| *s);
                if reason.is_empty() && departs(score, suggestion) {
                    e.add(&field, "err-reason-departs", None);
                }
            }
            ValidPart { part: *p, score, note, reason }
        })
        .collect()
}

/// The region's self-assessment: scores within 0–5, notes up to 2,000 characters, each Quick
/// Win's value after a number (or empty).
pub fn validate_self_assessment(input: &SelfAssessmentInput) -> Result<ValidAssessment, Errors> {
    let mut e = Errors::new();
    let parts = parts(&mut e, &input.parts, None);
    let mut quick_wins = Vec::new();
    for (id, raw) in &input.after {
        let value = if raw.trim().is_empty() {
            String::new()
        } else {
            match crate::analysis::normalise_number(raw, false) {
                Some(v) => v,
                None => {
                    e.add(&format!("after.{id}"), "err-decimal", None);
                    continue;
                }
            }
        };
        quick_wins.push(ValidQuickWin::After { programme_id: *id, value });
    }
    e.into_result()?;
    Ok(ValidAssessment { parts, quick_wins, findings: None })
}

/// The evaluator's scoring: every part's score within 0–5 (with a reason where it departs from
/// the part's computed suggestion, see [`departs`]), a known verdict (or none), notes and
/// findings within their lengths.
pub fn validate_scoring(input: &ScoringInput, suggestions: &[(Part, i64)]) -> Result<ValidAssessment, Errors> {
    let mut e = Errors::new();
    let parts = parts(&mut e, &input.parts, Some(suggestions));
    let mut quick_wins = Vec::new();
    for (id, v) in &input.verdicts {
        let verdict =
            if v.verdict.is_empty() { None } else { e.choice(&format!("verdict.{id}"), &v.verdict, Verdict::parse) };
        let note = e.optional_text(&format!("qwnote.{id}"), &v.note, 1_000).unwrap_or_default();
        quick_wins.push(ValidQuickWin::Verdict { programme_id: *id, verdict, note });
    }
    let findings = Findings {
        strengths: e.optional_text("strengths", &input.strengths, 4_000).unwrap_or_default(),
        weaknesses: e.optional_text("weaknesses", &input.weaknesses, 4_000).unwrap_or_default(),
        recommendations: e.optional_text("recommendations", &input.recommendations, 4_000).unwrap_or_default(),
    };
    e.into_result()?;
    Ok(ValidAssessment { parts, quick_wins, findings: Some(findings) })
}

/// Survey answers as typed: per question id, the count of answers at each level 1–5.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SurveyInput {
    pub counts: HashMap<i64, [String; 5]>,
}

/// The field of one count: `n.QUESTION.LEVEL`.
pub fn survey_field(question_id: i64, level: usize) -> String {
    format!("n.{question_id}.{level}")
}

/// The tallies of the round's questions (in their order): whole counts up to a million, blank
/// counting as 0; counts for other questions are ignored.
pub fn validate_survey(questions: &[i64], input: &SurveyInput) -> Result<Vec<(i64, [i32; 5])>, Errors> {
    let mut e = Errors::new();
    let mut rows = Vec::new();
    for q in questions {
        let mut n = [0i32; 5];
        if let Some(typed) = input.counts.get(q) {
            for (level, (slot, raw)) in n.iter_mut().zip(typed).enumerate() {
                let raw = raw.trim();
                if raw.is_empty() {
                    continue;
                }
                if let Some(v) = e.integer(&survey_field(*q, level + 1), raw, 0, 1_000_000) {
                    *slot = v as i32;
                }
            }
        }
        rows.push((*q, n));
    }
    e.into_result()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(e: &Errors) -> Vec<(&str, &'static str)> {
        e.0.iter().map(|x| (x.field.as_str(), x.code)).collect()
    }

    #[test]
    fn scores_are_hundredths_within_zero_to_five() {
        let mut e = Errors::new();
        assert_eq!(parse_score(&mut e, "s", "3,5"), Some(350));
        assert_eq!(parse_score(&mut e, "s", " 4.25 "), Some(425));
        assert_eq!(parse_score(&mut e, "s", ""), None);
        assert!(e.is_empty());
        assert_eq!(parse_score(&mut e, "s", "5,1"), None);
        assert_eq!(parse_score(&mut e, "s", "lima"), None);
        assert_eq!(codes(&e), [("s", "err-score-05"), ("s", "err-score-05")]);
    }

    #[test]
    fn rounds_and_their_settings() {
        assert_eq!(validate_round("2026", " Evaluasi 2026 ", &[2025]), Ok((2026, "Evaluasi 2026".to_string())));
        assert_eq!(codes(&validate_round("2026", "Lagi", &[2026]).expect_err("taken")), [("year", "err-taken")]);
        assert_eq!(
            codes(&validate_round("1999", "", &[1999]).expect_err("bad")),
            [("year", "err-min"), ("round_title", "err-required")]
        );
        assert!(check_round_open(false).is_ok() && check_round_open(true).is_err());
        let typed = |w: [&str; 5]| RoundSettingsInput {
            weights: Part::ALL.iter().zip(w).map(|(p, w)| (*p, w.to_string())).collect(),
            questions: "Satu\n\n  Dua  \n".into(),
        };
        let RoundSettings { weights, questions } =
            validate_round_settings(&typed(["10", "20", "30", "30", "10"])).expect("valid");
        assert_eq!(weights, DEFAULT_WEIGHTS);
        assert_eq!(questions, ["Satu", "Dua"]);
        let e = validate_round_settings(&typed(["10", "20", "30", "30", "20"])).expect_err("110");
        assert_eq!(codes(&e), [("weights", "err-weights-100")]);
        let mut many = typed(["10", "20", "30", "30", "10"]);
        many.questions = (0..=MAX_QUESTIONS).map(|i| format!("Q{i}\n")).collect();
        assert_eq!(codes(&validate_round_settings(&many).expect_err("many")), [("questions", "err-too-long")]);
    }

    #[test]
    fn a_self_assessment_skips_the_computed_outcome() {
        let input = SelfAssessmentInput {
            parts: vec![
                (Part::Output, PartInput { score: "4,5".into(), note: " Perda terbit ".into(), ..Default::default() }),
                (Part::Outcome, PartInput { score: "9".into(), ..Default::default() }),
            ],
            after: vec![(7, "12,5".into()), (8, " ".into())],
        };
        let v = validate_self_assessment(&input).expect("valid");
        assert_eq!(v.parts.len(), Part::ALL.len() - 1, "no Outcome: nobody types it");
        let output = v.parts.iter().find(|p| p.part == Part::Output).expect("output");
        assert_eq!((output.score, output.note.as_str()), (Some(450), "Perda terbit"));
        assert_eq!(
            v.quick_wins,
            [
                ValidQuickWin::After { programme_id: 7, value: "12.5".into() },
                ValidQuickWin::After { programme_id: 8, value: String::new() }
            ]
        );
        assert_eq!(v.findings, None);
        let bad = SelfAssessmentInput { parts: vec![], after: vec![(7, "banyak".into())] };
        assert_eq!(codes(&validate_self_assessment(&bad).expect_err("bad")), [("after.7", "err-decimal")]);
    }

    #[test]
    fn a_scoring_checks_verdicts_and_findings() {
        let mut input = ScoringInput {
            verdicts: vec![
                (7, VerdictInput { verdict: "partly".into(), note: "Baru sebagian desa".into() }),
                (8, VerdictInput::default()),
            ],
            strengths: "Komitmen kepala daerah".into(),
            ..Default::default()
        };
        let v = validate_scoring(&input, &[]).expect("valid");
        assert_eq!(
            v.quick_wins[0],
            ValidQuickWin::Verdict {
                programme_id: 7,
                verdict: Some(Verdict::Partly),
                note: "Baru sebagian desa".into()
            }
        );
        assert_eq!(v.quick_wins[1].programme_id(), 8);
        assert_eq!(v.findings.expect("findings").strengths, "Komitmen kepala daerah");
        input.verdicts[1].1.verdict = "great".into();
        input.weaknesses = "x".repeat(4_001);
        assert_eq!(
            codes(&validate_scoring(&input, &[]).expect_err("bad")),
            [("verdict.8", "err-choice"), ("weaknesses", "err-too-long")]
        );
    }

    #[test]
    fn a_score_departing_from_its_suggestion_needs_a_reason() {
        let typed = |outcome: &str, reason: &str| ScoringInput {
            parts: vec![
                (Part::Outcome, PartInput { score: outcome.into(), reason: reason.into(), ..Default::default() }),
                (Part::Output, PartInput { score: "1".into(), ..Default::default() }),
            ],
            ..Default::default()
        };
        // Suggested 3,40 for Outcome; Output has no suggestion, so any score stands.
        let suggested = [(Part::Outcome, 340)];
        let v = validate_scoring(&typed("3,9", ""), &suggested).expect("within 0,50");
        assert_eq!(v.parts.len(), Part::ALL.len(), "the evaluator scores every part, Outcome too");
        let outcome = v.parts.iter().find(|p| p.part == Part::Outcome).expect("outcome");
        assert_eq!(outcome.score, Some(390));
        let e = validate_scoring(&typed("2,5", "  "), &suggested).expect_err("departs");
        assert_eq!(codes(&e), [("reason.outcome", "err-reason-departs")]);
        let v =
            validate_scoring(&typed("2,5", " Program terlaksana tanpa hasil terukur "), &suggested).expect("said why");
        let outcome = v.parts.iter().find(|p| p.part == Part::Outcome).expect("outcome");
        assert_eq!(outcome.reason, "Program terlaksana tanpa hasil terukur");
        assert!(validate_scoring(&typed("", ""), &suggested).is_ok(), "no score, nothing departs");
    }

    #[test]
    fn survey_counts_per_question_and_level() {
        let input = SurveyInput {
            counts: HashMap::from([
                (1, ["".into(), "2".into(), "".into(), "10".into(), "".into()]),
                (99, ["5".into(), "".into(), "".into(), "".into(), "".into()]),
            ]),
        };
        assert_eq!(validate_survey(&[1, 2], &input), Ok(vec![(1, [0, 2, 0, 10, 0]), (2, [0; 5])]));
        let bad =
            SurveyInput { counts: HashMap::from([(2, ["-1".into(), "".into(), "".into(), "".into(), "x".into()])]) };
        assert_eq!(
            codes(&validate_survey(&[2], &bad).expect_err("bad")),
            [("n.2.1", "err-min"), ("n.2.5", "err-number")]
        );
    }

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
