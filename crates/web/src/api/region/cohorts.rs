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

/// A new cohort, as sent.
#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CohortBody {
    /// The intake year; one cohort per year.
    #[serde(deserialize_with = "crate::api::whole_number")]
    #[schema(value_type = i64, required = true, minimum = 2015, maximum = 2100)]
    pub year: String,
    #[schema(required = true, min_length = 1, max_length = 200)]
    pub name: String,
    #[serde(deserialize_with = "crate::api::optional_text")]
    #[schema(value_type = Option<String>, max_length = 2000)]
    pub notes: String,
}

impl From<CohortBody> for kotacerdas_domain::region::CohortInput {
    fn from(b: CohortBody) -> Self {
        let CohortBody { year, name, notes } = b;
        Self { year, name, notes }
    }
}

#[utoipa::path(post, path = "/api/v1/cohorts", tag = "programme", security(("bearer" = [])), request_body = CohortBody,
    responses((status = 201, body = CohortDto), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_cohort(
    ApiAdmin(p): ApiAdmin,
    State(state): State<AppState>,
    ApiBody(body): ApiBody<CohortBody>,
) -> ApiResult<Response> {
    let input: kotacerdas_domain::region::CohortInput = body.into();
    Ok(created(CohortDto::from(cohorts::create(&state.db, &actor(&p), &input).await?)))
}
