//! The yearly evaluation over the API: every evaluation of a region with its achievement index,
//! whether that index is final or provisional (and which parts are missing), its formula, and
//! the computed suggestions beside the evaluator's Outcome and Impact scores.

use crate::access::ApiRegionView;
use crate::error::{ApiError, ApiErrorBody};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use kotacerdas_domain::evaluation::{Basis, Suggestion};
use kotacerdas_store::evaluation;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct PartDto {
    /// baseline, output, outcome, impact or quick_win.
    pub part: String,
    /// Percent.
    pub weight: i32,
    /// The evaluator's score, 0–5, two decimals; null while not scored.
    pub score: Option<f64>,
    /// Always evaluator: the evaluators score every part (kept for older clients, which also
    /// knew computed and survey).
    pub source: String,
    /// Outcome and Impact: the score computed from the data, offered to the evaluator; null for
    /// the other parts or without data.
    pub suggestion: Option<SuggestionDto>,
    /// The evaluator's reason for departing from the suggestion (empty when none).
    pub reason: String,
    /// The score differs from the suggestion by more than 0.5.
    pub departs: bool,
}

/// A computed suggestion and its arithmetic: Outcome = executed ÷ due × 5; Impact = sum of the
/// survey answers ÷ their number.
#[derive(Serialize, ToSchema)]
pub struct SuggestionDto {
    /// 0–5, two decimals.
    pub score: f64,
    /// executed (programme statuses) or survey (citizens' answers).
    pub basis: String,
    /// Programmes executed (basis executed).
    pub executed: Option<u32>,
    /// Programmes due (basis executed).
    pub due: Option<u32>,
    /// Share executed in percent, two decimals (basis executed).
    pub share_percent: Option<f64>,
    /// Number of survey answers (basis survey).
    pub answers: Option<u32>,
    /// Sum of the survey answers on 1–5 (basis survey).
    pub answer_sum: Option<i64>,
    /// Programmes of the year with money in the adopted RKPD (basis funded; `due` is their count).
    pub funded: Option<u32>,
}

impl From<Suggestion> for SuggestionDto {
    fn from(g: Suggestion) -> Self {
        let none = SuggestionDto {
            score: g.score as f64 / 100.0,
            basis: String::new(),
            executed: None,
            due: None,
            share_percent: None,
            answers: None,
            answer_sum: None,
            funded: None,
        };
        match g.basis {
            Basis::Executed { done, due, share_bp } => SuggestionDto {
                basis: "executed".into(),
                executed: Some(done),
                due: Some(due),
                share_percent: Some(share_bp as f64 / 100.0),
                ..none
            },
            Basis::Survey { answers, sum } => {
                SuggestionDto { basis: "survey".into(), answers: Some(answers), answer_sum: Some(sum), ..none }
            }
            Basis::Funded { funded, due, share_bp } => SuggestionDto {
                basis: "funded".into(),
                funded: Some(funded),
                due: Some(due),
                share_percent: Some(share_bp as f64 / 100.0),
                ..none
            },
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EvaluationDto {
    pub year: i32,
    pub title: String,
    pub closed: bool,
    /// The achievement index on 0–5, rounded to two decimals as the ministry publishes it;
    /// null until a part is scored. Over the scored parts only while `provisional`.
    pub index: Option<f64>,
    /// True until every part with a weight has a score.
    pub provisional: bool,
    /// The parts with a weight and no score yet (part codes).
    pub missing_parts: Vec<String>,
    /// Σ weight × score ÷ Σ weight with the actual numbers, e.g.
    /// "(10 × 3.00 + 20 × 3.50) ÷ 30 = 100.00 ÷ 30 ≈ 3.33"; empty until a part is scored.
    pub formula: String,
    pub parts: Vec<PartDto>,
    /// Index per dimension code.
    pub dimensions: BTreeMap<String, Option<f64>>,
    pub strengths: String,
    pub weaknesses: String,
    pub recommendations: String,
}

fn two(v: Option<i64>) -> Option<f64> {
    v.map(|v| v as f64 / 100.0)
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/evaluations", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = [EvaluationDto]), (status = 404, body = ApiErrorBody)))]
pub async fn evaluations(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> Result<Json<Vec<EvaluationDto>>, ApiError> {
    let mut out = Vec::new();
    for (round, _) in evaluation::history(&state.db, r.id).await? {
        let s = evaluation::summary(&state.db, &round, r.id).await?;
        out.push(EvaluationDto {
            year: round.year,
            title: round.title.clone(),
            closed: round.closed,
            index: two(s.index),
            provisional: s.status.provisional(),
            missing_parts: s.status.missing.iter().map(|p| p.as_str().to_string()).collect(),
            formula: s.status.formula("en").unwrap_or_default(),
            parts: s
                .parts
                .iter()
                .map(|x| PartDto {
                    part: x.part.as_str().into(),
                    weight: x.weight,
                    score: two(x.score),
                    source: x.source.into(),
                    suggestion: x.suggestion.map(SuggestionDto::from),
                    reason: x.reason.clone(),
                    departs: x.departs,
                })
                .collect(),
            dimensions: s.dimensions.iter().map(|(d, (_, _, _, ix))| (d.clone(), two(*ix))).collect(),
            strengths: s.evaluation.strengths,
            weaknesses: s.evaluation.weaknesses,
            recommendations: s.evaluation.recommendations,
        });
    }
    Ok(Json(out))
}
