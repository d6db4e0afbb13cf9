//! Monitoring over the API: the year's roll-up of a region's programmes.

use crate::access::ApiRegionView;
use crate::error::{ApiError, ApiErrorBody};
use crate::AppState;
use axum::extract::{Query, State};
use axum::Json;
use kotacerdas_store::monitoring;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct YearParam {
    /// The year (default: this year).
    pub year: Option<i32>,
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/monitoring", tag = "regions", security(("bearer" = [])), params(("code" = String, Path), YearParam),
    responses((status = 200, description = "Programmes with status, progress (basis points), weight, KPI actual/target/R-A-G; roll-up per element, dimension and region (basis points); reach per dimension (programmes primary there and of other dimensions also serving it, budget on the primary only)", body = Object), (status = 404, body = ApiErrorBody)))]
pub async fn rollup(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
    Query(q): Query<YearParam>,
) -> Result<Json<monitoring::Rollup>, ApiError> {
    let year = q.year.unwrap_or_else(|| chrono::Datelike::year(&chrono::Utc::now()));
    Ok(Json(monitoring::rollup(&state.db, r.id, year).await?))
}
