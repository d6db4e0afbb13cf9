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

/// The memorandum of understanding, as sent.
#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct MouBody {
    /// The agreement's number.
    #[schema(required = true, min_length = 1, max_length = 200)]
    pub number: String,
    /// YYYY-MM-DD
    #[schema(required = true, format = Date, pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
    pub signed_on: String,
    #[serde(deserialize_with = "crate::api::optional_text")]
    #[schema(value_type = Option<String>, max_length = 2000)]
    pub notes: String,
}

impl From<MouBody> for kotacerdas_domain::region::MouInput {
    fn from(b: MouBody) -> Self {
        let MouBody { number, signed_on, notes } = b;
        Self { number, signed_on, notes }
    }
}

#[utoipa::path(put, path = "/api/v1/regions/{code}/mou", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)), request_body = MouBody,
    responses((status = 200, body = MouDto), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn put_mou(
    State(state): State<AppState>,
    ApiRegionManage { user: p, region: r, .. }: ApiRegionManage,
    ApiBody(body): ApiBody<MouBody>,
) -> ApiResult<Json<MouDto>> {
    let input: kotacerdas_domain::region::MouInput = body.into();
    Ok(Json(mou_store::save(&state.db, &actor(&p), r.id, &input, None).await?.into()))
}
