//! The cohorts (intakes of regions, several a year, each on a track with perhaps a quota) and
//! each cohort's selection of candidate regions.

use super::{actor, created, ApiResult};
use crate::access::ApiAdmin;
use crate::api::ApiBody;
use crate::auth::ApiUser;
use crate::error::{ApiErrorBody, WebError};
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use kotacerdas_store::entity::{cohort, cohort_candidate};
use kotacerdas_store::region::{candidates, cohorts};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct CohortDto {
    pub id: i64,
    pub year: i32,
    pub name: String,
    pub notes: Option<String>,
    /// regular, tourism_area, new_city_area, no_masterplan or review.
    pub track: String,
    /// How many regions the cohort takes; null: no limit.
    pub quota: Option<i32>,
    /// Its member regions now.
    pub members: i64,
}

impl CohortDto {
    fn new(c: cohort::Model, members: i64) -> Self {
        CohortDto { id: c.id, year: c.year, name: c.name, notes: c.notes, track: c.track, quota: c.quota, members }
    }
}

#[utoipa::path(get, path = "/api/v1/cohorts", tag = "programme", security(("bearer" = [])), responses((status = 200, body = [CohortDto])))]
pub async fn list_cohorts(_user: ApiUser, State(state): State<AppState>) -> ApiResult<Json<Vec<CohortDto>>> {
    Ok(Json(cohorts::list(&state.db).await?.into_iter().map(|c| CohortDto::new(c.cohort, c.regions)).collect()))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = Track)]
#[allow(dead_code)]
#[serde(rename_all = "snake_case")]
enum TrackDoc {
    Regular,
    TourismArea,
    NewCityArea,
    NoMasterplan,
    Review,
}

/// A new cohort, as sent.
#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CohortBody {
    /// The intake year; a year holds several cohorts, each with its own name.
    #[serde(deserialize_with = "crate::api::whole_number")]
    #[schema(value_type = i64, required = true, minimum = 2015, maximum = 2100)]
    pub year: String,
    #[schema(required = true, min_length = 1, max_length = 200)]
    pub name: String,
    #[serde(deserialize_with = "crate::api::optional_text")]
    #[schema(value_type = Option<String>, max_length = 2000)]
    pub notes: String,
    /// Left out: regular.
    #[serde(deserialize_with = "crate::api::optional_text")]
    #[schema(value_type = Option<TrackDoc>)]
    pub track: String,
    /// How many regions the cohort takes; left out: no limit.
    #[serde(deserialize_with = "crate::api::whole_number")]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    pub quota: String,
}

impl From<CohortBody> for kotacerdas_domain::cohort::CohortInput {
    fn from(b: CohortBody) -> Self {
        let CohortBody { year, name, notes, track, quota } = b;
        Self { year, name, notes, track, quota }
    }
}

#[utoipa::path(post, path = "/api/v1/cohorts", tag = "programme", security(("bearer" = [])), request_body = CohortBody,
    responses((status = 201, body = CohortDto), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_cohort(
    ApiAdmin(p): ApiAdmin,
    State(state): State<AppState>,
    ApiBody(body): ApiBody<CohortBody>,
) -> ApiResult<Response> {
    let input: kotacerdas_domain::cohort::CohortInput = body.into();
    Ok(created(CohortDto::new(cohorts::create(&state.db, &actor(&p), &input).await?, 0)))
}

#[derive(Serialize, ToSchema)]
pub struct CandidateDto {
    pub id: i64,
    pub region_id: i64,
    pub region_code: String,
    /// Readiness screening score 0–100; null while not screened.
    pub score: Option<i32>,
    pub notes: Option<String>,
    /// pending, accepted, rejected or waitlisted.
    pub decision: String,
    /// Who decided (their name), null while pending.
    pub decided_by: Option<String>,
    /// RFC 3339, UTC.
    pub decided_at: Option<String>,
}

impl CandidateDto {
    fn new(c: cohort_candidate::Model, region_code: String, decided_by: Option<String>) -> Self {
        CandidateDto {
            id: c.id,
            region_id: c.region_id,
            region_code,
            score: c.score,
            notes: c.notes,
            decision: c.decision,
            decided_by,
            decided_at: c.decided_at.map(|t| t.to_rfc3339()),
        }
    }
}

/// A cohort's selection round: its candidate regions, best screened first (programme office).
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/candidates", tag = "programme", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = [CandidateDto]), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn list_candidates(
    _admin: ApiAdmin,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> ApiResult<Json<Vec<CandidateDto>>> {
    cohorts::get(&state.db, id).await?;
    Ok(Json(
        candidates::list(&state.db, id)
            .await?
            .into_iter()
            .map(|r| CandidateDto::new(r.candidate, r.region.code, r.decided_by))
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = Decision)]
#[allow(dead_code)]
#[serde(rename_all = "snake_case")]
enum DecisionDoc {
    Pending,
    Accepted,
    Rejected,
    Waitlisted,
}

/// A candidacy, as sent: one per region and cohort, sent again to change it. A decision other
/// than pending needs a score; accepting makes the region a member of the cohort within its quota.
#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CandidateBody {
    /// The id of an existing region.
    #[serde(deserialize_with = "crate::api::whole_number")]
    #[schema(value_type = i64, required = true, minimum = 1)]
    pub region_id: String,
    #[serde(deserialize_with = "crate::api::whole_number")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 100)]
    pub score: String,
    #[serde(deserialize_with = "crate::api::optional_text")]
    #[schema(value_type = Option<String>, max_length = 2000)]
    pub notes: String,
    /// Left out: pending.
    #[serde(deserialize_with = "crate::api::optional_text")]
    #[schema(value_type = Option<DecisionDoc>)]
    pub decision: String,
}

impl From<CandidateBody> for kotacerdas_domain::cohort::CandidateInput {
    fn from(b: CandidateBody) -> Self {
        let CandidateBody { region_id, score, notes, decision } = b;
        Self { region_id, score, notes, decision }
    }
}

#[utoipa::path(post, path = "/api/v1/cohorts/{id}/candidates", tag = "programme", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = CandidateBody,
    responses((status = 200, body = CandidateDto), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn save_candidate(
    ApiAdmin(p): ApiAdmin,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ApiBody(body): ApiBody<CandidateBody>,
) -> ApiResult<Json<CandidateDto>> {
    let input: kotacerdas_domain::cohort::CandidateInput = body.into();
    let saved = candidates::save(&state.db, &actor(&p), id, &input).await?;
    let row = candidates::list(&state.db, id)
        .await?
        .into_iter()
        .find(|r| r.candidate.id == saved.id)
        .ok_or(WebError::NotFound)?;
    Ok(Json(CandidateDto::new(row.candidate, row.region.code, row.decided_by)))
}
