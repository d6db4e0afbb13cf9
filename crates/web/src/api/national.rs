//! The nation at once over the API (programme office): the national dashboard's summary.

use crate::access::ApiAdmin;
use crate::error::{ApiError, ApiErrorBody};
use crate::AppState;
use axum::extract::{Query, State};
use axum::Json;

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
    let s = crate::views::national::dashboard::current(&state, year).await?;
    Ok(Json((*s).clone()))
}
