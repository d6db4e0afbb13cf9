//! The yearly evaluation over the API: every evaluation of a region with its achievement index.

use crate::access::ApiRegionView;
use crate::error::{ApiError, ApiErrorBody};
use crate::AppState;
use axum::extract::State;
use axum::Json;
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
    /// 0–5, two decimals; null while not scored.
    pub score: Option<f64>,
    /// evaluator, computed or survey.
    pub source: String,
}

#[derive(Serialize, ToSchema)]
pub struct EvaluationDto {
    pub year: i32,
    pub title: String,
    pub closed: bool,
    /// The achievement index on 0–5 (two decimals); null until a part is scored.
    pub index: Option<f64>,
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
            parts: s
                .parts
                .iter()
                .map(|x| PartDto {
                    part: x.part.as_str().into(),
                    weight: x.weight,
                    score: two(x.score),
                    source: x.source.into(),
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
