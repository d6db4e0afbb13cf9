//! A kawasan's member regions over the API.

use super::{actor, created, ApiResult};
use crate::access::{ApiRegionAdminister, ApiRegionView};
use crate::api::ApiBody;
use crate::error::ApiErrorBody;
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use axum::Json;
use kotacerdas_store::region::kawasan;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct KawasanMemberDto {
    pub id: i64,
    pub region_id: i64,
    pub code: String,
    pub name: String,
    /// kabupaten or kota.
    pub kind: String,
}

/// The regions a kawasan spans (empty for any other region).
#[utoipa::path(get, path = "/api/v1/regions/{code}/kawasan-members", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = [KawasanMemberDto]), (status = 404, body = ApiErrorBody)))]
pub async fn list_members(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> ApiResult<Json<Vec<KawasanMemberDto>>> {
    Ok(Json(
        kawasan::members(&state.db, r.id)
            .await?
            .into_iter()
            .map(|(m, r)| KawasanMemberDto { id: m.id, region_id: r.id, code: r.code, name: r.name, kind: r.kind })
            .collect(),
    ))
}

/// A member region, as sent.
#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct KawasanMemberBody {
    /// The id of a kabupaten or kota (not yet a member).
    #[serde(deserialize_with = "crate::api::whole_number")]
    #[schema(value_type = i64, required = true, minimum = 1)]
    pub region_id: String,
}

/// Add a member region to a kawasan (programme office); any other region takes none (422).
#[utoipa::path(post, path = "/api/v1/regions/{code}/kawasan-members", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    request_body = KawasanMemberBody,
    responses((status = 201, body = KawasanMemberDto), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn add_member(
    State(state): State<AppState>,
    ApiRegionAdminister { user: p, region: r, .. }: ApiRegionAdminister,
    ApiBody(body): ApiBody<KawasanMemberBody>,
) -> ApiResult<Response> {
    let m = kawasan::add(&state.db, &actor(&p), r.id, &body.region_id).await?;
    let member = kotacerdas_store::region::regions::by_id(&state.db, m.region_id).await?;
    Ok(created(KawasanMemberDto {
        id: m.id,
        region_id: member.id,
        code: member.code,
        name: member.name,
        kind: member.kind,
    }))
}
