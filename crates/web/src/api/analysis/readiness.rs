//! `GET /api/v1/regions/{code}/readiness`: the scores and the computed indices.

use crate::access::ApiRegionView;
use crate::error::{ApiError, ApiErrorBody};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use kotacerdas_domain::framework::{DIMENSIONS, PILLARS};
use kotacerdas_domain::readiness::{self, round2};
use kotacerdas_store::analysis::readiness as store;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ScoreDto {
    pub pillar_code: String,
    /// Pillar sub-item, e.g. `INF-TIK`.
    pub item_code: String,
    /// Dimension, e.g. `GOV`.
    pub dimension_code: String,
    /// 1–5.
    pub score: i32,
    pub note: Option<String>,
    pub evidence_url: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct IndexDto {
    pub code: String,
    /// Mean score on the 1–5 scale, two decimals; null when nothing is scored.
    pub index: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct CellDto {
    pub pillar_code: String,
    pub dimension_code: String,
    pub index: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct ReadinessDto {
    pub scores: Vec<ScoreDto>,
    /// Overall readiness index (mean of all pillar × dimension cells).
    pub index: Option<f64>,
    pub pillars: Vec<IndexDto>,
    pub dimensions: Vec<IndexDto>,
    pub cells: Vec<CellDto>,
    /// Items scored out of `total` (54).
    pub scored: usize,
    pub total: usize,
    pub formula: String,
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/readiness", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = ReadinessDto), (status = 404, body = ApiErrorBody)))]
pub async fn get_readiness(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> Result<Json<ReadinessDto>, ApiError> {
    let rows = store::list(&state.db, r.id).await?;
    let ix = store::indices(&rows);
    let round = |v: Option<f64>| v.map(round2);
    let mut scores: Vec<ScoreDto> = rows
        .into_iter()
        .map(|s| ScoreDto {
            pillar_code: readiness::pillar_of(&s.item_code)
                .and_then(|p| PILLARS.get(p))
                .map(|p| p.named.code.to_string())
                .unwrap_or_default(),
            item_code: s.item_code,
            dimension_code: s.dimension_code,
            score: s.score,
            note: s.note,
            evidence_url: s.evidence_url,
        })
        .collect();
    scores.sort_by(|a, b| (&a.item_code, &a.dimension_code).cmp(&(&b.item_code, &b.dimension_code)));
    Ok(Json(ReadinessDto {
        scores,
        index: round(ix.overall),
        pillars: PILLARS
            .iter()
            .enumerate()
            .map(|(i, p)| IndexDto { code: p.named.code.into(), index: round(ix.pillars[i]) })
            .collect(),
        dimensions: DIMENSIONS
            .iter()
            .enumerate()
            .map(|(i, d)| IndexDto { code: d.named.code.into(), index: round(ix.dimensions[i]) })
            .collect(),
        cells: PILLARS
            .iter()
            .enumerate()
            .flat_map(|(pi, p)| {
                DIMENSIONS.iter().enumerate().map(move |(di, d)| CellDto {
                    pillar_code: p.named.code.into(),
                    dimension_code: d.named.code.into(),
                    index: ix.cells[pi][di].map(round2),
                })
            })
            .collect(),
        scored: ix.scored,
        total: readiness::ITEM_COUNT,
        formula: readiness::formula("en").to_string(),
    }))
}
