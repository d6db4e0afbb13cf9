//! A region's memorandum of understanding with the programme.

use super::{actor, ApiResult};
use crate::access::{ApiRegionManage, ApiRegionView};
use crate::api::ApiBody;
use crate::error::{ApiErrorBody, WebError};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use kotacerdas_store::entity::mou;
use kotacerdas_store::region::mou as mou_store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct MouDto {
    pub number: String,
    pub signed_on: String,
    pub notes: Option<String>,
    /// Download at `/files/{file_id}` (signed-in session).
    pub file_id: Option<i64>,
}

impl From<mou::Model> for MouDto {
    fn from(m: mou::Model) -> Self {
        MouDto { number: m.number, signed_on: m.signed_on.to_string(), notes: m.notes, file_id: m.file_id }
    }
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/mou", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = MouDto), (status = 404, body = ApiErrorBody)))]
pub async fn get_mou(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> ApiResult<Json<MouDto>> {
    Ok(Json(mou_store::get(&state.db, r.id).await?.ok_or(WebError::NotFound)?.into()))
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct MouBody {
    number: String,
    /// YYYY-MM-DD
    signed_on: String,
    notes: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/regions/{code}/mou", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)), request_body = MouBody,
    responses((status = 200, body = MouDto), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn put_mou(
    State(state): State<AppState>,
    ApiRegionManage { user: p, region: r, .. }: ApiRegionManage,
    ApiBody(input): ApiBody<kotacerdas_domain::region::MouInput>,
) -> ApiResult<Json<MouDto>> {
    Ok(Json(mou_store::save(&state.db, &actor(&p), r.id, &input, None).await?.into()))
}
