//! The cohorts (yearly intakes of regions).

use super::{actor, created, ApiResult};
use crate::access::ApiAdmin;
use crate::api::ApiBody;
use crate::auth::ApiUser;
use crate::error::ApiErrorBody;
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use axum::Json;
use kotacerdas_store::entity::cohort;
use kotacerdas_store::region::cohorts;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct CohortDto {
    pub id: i64,
    pub year: i32,
    pub name: String,
    pub notes: Option<String>,
}

impl From<cohort::Model> for CohortDto {
    fn from(c: cohort::Model) -> Self {
        CohortDto { id: c.id, year: c.year, name: c.name, notes: c.notes }
    }
}

#[utoipa::path(get, path = "/api/v1/cohorts", tag = "programme", security(("bearer" = [])), responses((status = 200, body = [CohortDto])))]
pub async fn list_cohorts(_user: ApiUser, State(state): State<AppState>) -> ApiResult<Json<Vec<CohortDto>>> {
    Ok(Json(cohorts::list(&state.db).await?.into_iter().map(|c| c.cohort.into()).collect()))
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct CohortBody {
    year: i32,
    name: String,
    notes: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/cohorts", tag = "programme", security(("bearer" = [])), request_body = CohortBody,
    responses((status = 201, body = CohortDto), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_cohort(
    ApiAdmin(p): ApiAdmin,
    State(state): State<AppState>,
    ApiBody(input): ApiBody<kotacerdas_domain::region::CohortInput>,
) -> ApiResult<Response> {
    Ok(created(CohortDto::from(cohorts::create(&state.db, &actor(&p), &input).await?)))
}
