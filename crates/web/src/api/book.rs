//! The book over the API: generated now as PDF, its frozen versions with workflow status and
//! files, and the comparison of two versions (programmes, budget and target deltas, text changes).

use crate::access::ApiRegionView;
use crate::error::{ApiError, ApiErrorBody};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use kotacerdas_store::book;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct VersionDto {
    pub number: i32,
    pub label: String,
    /// draft, submitted, reviewed, approved or enacted.
    pub status: String,
    /// queued, data, pdf, docx, pdf_en, storing, done or failed.
    pub build_state: String,
    pub pages: Option<i32>,
    /// Download paths of the generated files (`/files/{id}`), once built.
    pub pdf: Option<String>,
    pub docx: Option<String>,
    pub pdf_en: Option<String>,
    pub regulation_type: Option<String>,
    pub regulation_number: Option<String>,
    pub regulation_date: Option<chrono::NaiveDate>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

fn file(id: Option<i64>) -> Option<String> {
    id.map(|i| format!("/files/{i}"))
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/book/versions", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = [VersionDto]), (status = 404, body = ApiErrorBody)))]
pub async fn book_versions(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> Result<Json<Vec<VersionDto>>, ApiError> {
    let list = book::list(&state.db, r.id).await?;
    Ok(Json(
        list.into_iter()
            .map(|v| VersionDto {
                number: v.number,
                label: v.label,
                status: v.status,
                build_state: v.build_state,
                pages: v.pages,
                pdf: file(v.pdf_file_id),
                docx: file(v.docx_file_id),
                pdf_en: file(v.pdf_en_file_id),
                regulation_type: v.regulation_type,
                regulation_number: v.regulation_number,
                regulation_date: v.regulation_date,
                created_at: v.created_at,
            })
            .collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/book/versions/{a}/diff/{b}", tag = "regions", security(("bearer" = [])),
    params(("code" = String, Path), ("a" = i32, Path, description = "the earlier version's number"), ("b" = i32, Path, description = "the later version's number")),
    responses((status = 200, description = "added, removed and changed programmes; budget (rupiah) and target-count deltas per dimension and year; text changes line by line", body = Object), (status = 404, body = ApiErrorBody)))]
pub async fn book_diff(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
    Path((_code, a, b)): Path<(String, i32, i32)>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (_, _, d) = book::compare(&state.db, r.id, a, b).await?;
    Ok(Json(serde_json::to_value(&d).map_err(|e| crate::error::WebError::Internal(e.to_string()))?))
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/book.pdf", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, description = "The masterplan book generated from the region's data", content_type = "application/pdf"), (status = 404, body = ApiErrorBody)))]
pub async fn book_pdf(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
    axum::extract::Query(q): axum::extract::Query<crate::views::book::document::Edition>,
) -> Result<axum::response::Response, ApiError> {
    Ok(crate::views::book::document::book_response(&state, &r, false, q.lang()).await?)
}
