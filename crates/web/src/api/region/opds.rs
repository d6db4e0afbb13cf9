//! A region's OPDs.

use super::{actor, created, ApiResult};
use crate::access::{ApiRegionManage, ApiRegionView};
use crate::api::ApiBody;
use crate::error::ApiErrorBody;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use kotacerdas_store::entity::opd;
use kotacerdas_store::region::opds;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct OpdDto {
    pub id: i64,
    pub name: String,
    pub short_name: String,
    pub code: Option<String>,
}

impl From<opd::Model> for OpdDto {
    fn from(o: opd::Model) -> Self {
        OpdDto { id: o.id, name: o.name, short_name: o.short_name, code: o.code }
    }
}

/// A new OPD, as sent.
#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct OpdBody {
    #[schema(required = true, min_length = 1, max_length = 200)]
    pub name: String,
    /// Unique within the region, e.g. `Dinkes`.
    #[schema(required = true, min_length = 1, max_length = 40)]
    pub short_name: String,
    /// Permendagri 90 code of the unit, if any.
    #[serde(deserialize_with = "crate::api::optional_text")]
    #[schema(value_type = Option<String>, max_length = 40)]
    pub code: String,
}

impl From<OpdBody> for kotacerdas_domain::region::OpdInput {
    fn from(b: OpdBody) -> Self {
        let OpdBody { name, short_name, code } = b;
        Self { name, short_name, code }
    }
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/opds", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = [OpdDto]), (status = 404, body = ApiErrorBody)))]
pub async fn list_opds(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> ApiResult<Json<Vec<OpdDto>>> {
    Ok(Json(opds::list(&state.db, r.id).await?.into_iter().map(OpdDto::from).collect()))
}

#[utoipa::path(post, path = "/api/v1/regions/{code}/opds", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)), request_body = OpdBody,
    responses((status = 201, body = OpdDto), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_opd(
    State(state): State<AppState>,
    ApiRegionManage { user: p, region: r, .. }: ApiRegionManage,
    ApiBody(body): ApiBody<OpdBody>,
) -> ApiResult<Response> {
    let input: kotacerdas_domain::region::OpdInput = body.into();
    Ok(created(OpdDto::from(opds::create(&state.db, &actor(&p), r.id, &input).await?)))
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/opds/{id}", tag = "regions", security(("bearer" = [])), params(("code" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = OpdDto), (status = 404, body = ApiErrorBody)))]
pub async fn get_opd(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
    Path((_code, id)): Path<(String, i64)>,
) -> ApiResult<Json<OpdDto>> {
    Ok(Json(opds::get(&state.db, r.id, id).await?.into()))
}
