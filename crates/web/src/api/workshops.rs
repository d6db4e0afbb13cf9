//! A region's Bimtek workshops over the API: per stage, when and where, and how many of those
//! invited came.

use crate::access::ApiRegionView;
use crate::api::region::ApiResult;
use crate::error::ApiErrorBody;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use kotacerdas_store::workshops;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct AttendanceDto {
    /// People on the invitation list (walk-ins not counted).
    pub invited: i64,
    /// People checked in on at least one day (walk-ins included).
    pub present: i64,
}

#[derive(Serialize, ToSchema)]
pub struct WorkshopDto {
    pub id: i64,
    /// The stage's number (1–4).
    pub stage: i32,
    #[schema(format = Date)]
    pub starts_on: String,
    #[schema(format = Date)]
    pub ends_on: String,
    pub venue: String,
    /// in_person, online or hybrid (semi-virtual).
    pub mode: String,
    /// planned, held or cancelled.
    pub status: String,
    pub speakers: Vec<String>,
    pub attendance: AttendanceDto,
}

#[derive(Serialize, ToSchema)]
pub struct WorkshopList {
    pub items: Vec<WorkshopDto>,
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/workshops", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = WorkshopList), (status = 404, body = ApiErrorBody)))]
pub async fn list_workshops(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> ApiResult<Json<WorkshopList>> {
    let items = workshops::summaries(&state.db, r.id)
        .await?
        .into_iter()
        .map(|s| WorkshopDto {
            id: s.w.id,
            stage: s.stage,
            starts_on: s.w.starts_on.to_string(),
            ends_on: s.w.ends_on.to_string(),
            venue: s.w.venue,
            mode: s.w.mode,
            status: s.w.status,
            speakers: s.speakers,
            attendance: AttendanceDto { invited: s.invited as i64, present: s.present as i64 },
        })
        .collect();
    Ok(Json(WorkshopList { items }))
}
