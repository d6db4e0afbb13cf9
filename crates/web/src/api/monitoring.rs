//! Monitoring and evaluation over the API: the year's roll-up, and every evaluation of a region
//! with its achievement index.

use crate::access::{ApiAdmin, ApiRegionView};
use crate::error::{ApiError, ApiErrorBody};
use crate::AppState;
use axum::extract::{Query, State};
use axum::Json;
use kotacerdas_store::{evaluation, monitoring};
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

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct YearParam {
    /// The year (default: this year).
    pub year: Option<i32>,
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/monitoring", tag = "regions", security(("bearer" = [])), params(("code" = String, Path), YearParam),
    responses((status = 200, description = "Programmes with status, progress (basis points), weight, KPI actual/target/R-A-G; roll-up per element, dimension and region (basis points)", body = Object), (status = 404, body = ApiErrorBody)))]
pub async fn rollup(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
    Query(q): Query<YearParam>,
) -> Result<Json<monitoring::Rollup>, ApiError> {
    let year = q.year.unwrap_or_else(|| chrono::Datelike::year(&chrono::Utc::now()));
    Ok(Json(monitoring::rollup(&state.db, r.id, year).await?))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct NationalParam {
    /// The year whose Outcome is shown (default: this year).
    pub year: Option<i32>,
}

#[utoipa::path(get, path = "/api/v1/national/summary", tag = "national", security(("bearer" = [])), params(NationalParam),
    responses((status = 200, description = "Every region: cohort, type, population class, stage progress, readiness (hundredths), outcome (basis points), evaluation index (hundredths) with the previous one, budget per dimension (rupiah); always current", body = Object),
        (status = 403, body = ApiErrorBody)))]
pub async fn national(
    _admin: ApiAdmin,
    State(state): State<AppState>,
    Query(q): Query<NationalParam>,
) -> Result<Json<kotacerdas_store::national::Summary>, ApiError> {
    let year = q.year.unwrap_or_else(|| chrono::Datelike::year(&chrono::Utc::now()));
    let s = crate::views::national::current(&state, year).await?;
    Ok(Json((*s).clone()))
}
