//! A region's masterplan editions over the API: the current number, the closed editions and
//! the current one against the one before; starting a review.

use super::{actor, ApiResult};
use crate::access::{ApiRegionManage, ApiRegionView};
use crate::api::ApiBody;
use crate::error::ApiErrorBody;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use kotacerdas_store::region::editions;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct EditionDto {
    pub number: i32,
    pub period_start: i32,
    pub period_end: i32,
    pub mou_number: Option<String>,
    pub mou_signed_on: Option<String>,
    /// The enacting regulation as cited in Indonesian, empty when it was never enacted.
    pub regulation: String,
    /// Download at `/files/{book_file_id}` (signed-in session).
    pub book_file_id: Option<i64>,
    pub programmes: usize,
    pub closed_on: String,
}

#[derive(Serialize, ToSchema)]
pub struct DimensionBudgetDto {
    /// Dimension code (GOV, BRA, ECO, LIV, SOC, ENV).
    pub dimension: String,
    /// Rupiah planned in the previous edition.
    pub previous: i64,
    /// Rupiah planned now.
    pub current: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ComparisonDto {
    /// The edition compared with.
    pub previous: i32,
    pub kept: Vec<String>,
    pub dropped: Vec<String>,
    pub added: Vec<String>,
    pub dimensions: Vec<DimensionBudgetDto>,
}

#[derive(Serialize, ToSchema)]
pub struct EditionsDto {
    /// The edition the region works on now.
    pub current: i32,
    /// Closed editions, oldest first.
    pub items: Vec<EditionDto>,
    pub comparison: Option<ComparisonDto>,
}

async fn answer(state: &AppState, r: &kotacerdas_store::entity::region::Model) -> ApiResult<Json<EditionsDto>> {
    let list = editions::list(&state.read, r.id).await?;
    let items = list
        .iter()
        .map(|e| EditionDto {
            number: e.number,
            period_start: e.period_start,
            period_end: e.period_end,
            mou_number: e.mou_number.clone(),
            mou_signed_on: e.mou_signed_on.map(|d| d.to_string()),
            regulation: crate::views::region::editions::citation(r, e, "id"),
            book_file_id: e.book_file_id,
            programmes: editions::programmes_of(e).len(),
            closed_on: e.closed_on.to_string(),
        })
        .collect();
    let comparison = editions::comparison(&state.read, r).await?.map(|(e, c)| ComparisonDto {
        previous: e.number,
        kept: c.kept.iter().map(|(_, now)| now.name.clone()).collect(),
        dropped: c.dropped.iter().map(|p| p.name.clone()).collect(),
        added: c.added.iter().map(|p| p.name.clone()).collect(),
        dimensions: c
            .dimensions
            .iter()
            .map(|d| DimensionBudgetDto { dimension: d.dimension.clone(), previous: d.previous, current: d.current })
            .collect(),
    });
    Ok(Json(EditionsDto { current: r.edition, items, comparison }))
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/editions", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = EditionsDto)))]
pub async fn list_editions(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> ApiResult<Json<EditionsDto>> {
    answer(&state, &r).await
}

/// A masterplan review: why, and the new masterplan's first year.
#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReviewBody {
    #[schema(required = true, min_length = 1, max_length = 2000)]
    pub reason: String,
    /// After the current masterplan's first year.
    #[schema(required = true, pattern = r"^20[0-9]{2}$")]
    pub start_year: String,
}

#[utoipa::path(post, path = "/api/v1/regions/{code}/editions/review", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)), request_body = ReviewBody,
    responses((status = 200, body = EditionsDto), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn start_review(
    State(state): State<AppState>,
    ApiRegionManage { user: p, region: r, .. }: ApiRegionManage,
    ApiBody(body): ApiBody<ReviewBody>,
) -> ApiResult<Json<EditionsDto>> {
    let input = kotacerdas_domain::edition::ReviewInput { reason: body.reason, start_year: body.start_year };
    editions::start_review(&state.db, &actor(&p), r.id, &input).await?;
    let r = kotacerdas_store::region::regions::by_id(&state.db, r.id).await?;
    answer(&state, &r).await
}
