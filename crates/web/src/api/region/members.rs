//! A region's council (dewan) and implementation team (tim).

use super::{actor, created, ApiResult};
use crate::access::{ApiRegionManage, ApiRegionView};
use crate::api::ApiBody;
use crate::error::ApiErrorBody;
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use axum::Json;
use kotacerdas_store::entity::member;
use kotacerdas_store::region::members;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct MemberDto {
    pub id: i64,
    /// dewan (council) or tim (implementation team).
    pub body: String,
    pub name: String,
    pub position: String,
    pub institution: Option<String>,
    /// Council members: government, business, academia, community, media.
    pub helix: Option<String>,
    /// Team members: GOV, BRA, ECO, LIV, SOC, ENV.
    pub dimension_code: Option<String>,
    pub opd_id: Option<i64>,
    pub sk_number: String,
    pub sk_date: String,
}

impl From<member::Model> for MemberDto {
    fn from(m: member::Model) -> Self {
        MemberDto {
            id: m.id,
            body: m.body,
            name: m.name,
            position: m.position,
            institution: m.institution,
            helix: m.helix,
            dimension_code: m.dimension_code,
            opd_id: m.opd_id,
            sk_number: m.sk_number,
            sk_date: m.sk_date.to_string(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct MemberBody {
    body: String,
    name: String,
    position: String,
    institution: Option<String>,
    helix: Option<String>,
    dimension_code: Option<String>,
    opd_id: Option<i64>,
    sk_number: String,
    sk_date: String,
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/members", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = [MemberDto]), (status = 404, body = ApiErrorBody)))]
pub async fn list_members(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> ApiResult<Json<Vec<MemberDto>>> {
    Ok(Json(members::list(&state.db, r.id).await?.into_iter().map(MemberDto::from).collect()))
}

#[utoipa::path(post, path = "/api/v1/regions/{code}/members", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)), request_body = MemberBody,
    responses((status = 201, body = MemberDto), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_member(
    State(state): State<AppState>,
    ApiRegionManage { user: p, region: r, .. }: ApiRegionManage,
    ApiBody(input): ApiBody<kotacerdas_domain::region::MemberInput>,
) -> ApiResult<Response> {
    Ok(created(MemberDto::from(members::create(&state.db, &actor(&p), r.id, &input).await?)))
}
