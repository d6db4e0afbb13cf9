//! The SK decrees forming a region's council (dewan) and team (tim). The signed document is
//! uploaded on the page (multipart, through the file store's limits); here its id is shown.

use super::{actor, ApiResult};
use crate::access::{ApiRegionManage, ApiRegionView};
use crate::api::ApiBody;
use crate::error::{ApiErrorBody, WebError};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use kotacerdas_domain::region::Body;
use kotacerdas_store::entity::sk_decree;
use kotacerdas_store::region::decrees;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct DecreeDto {
    pub id: i64,
    /// dewan (council) or tim (implementation team).
    pub body: String,
    pub number: String,
    /// YYYY-MM-DD
    pub issued_on: String,
    pub notes: Option<String>,
    /// The signed decree: download at `/files/{file_id}` (signed-in session).
    pub file_id: Option<i64>,
}

impl From<sk_decree::Model> for DecreeDto {
    fn from(d: sk_decree::Model) -> Self {
        DecreeDto {
            id: d.id,
            body: d.body,
            number: d.number,
            issued_on: d.issued_on.to_string(),
            notes: d.notes,
            file_id: d.file_id,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/decrees", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = [DecreeDto]), (status = 404, body = ApiErrorBody)))]
pub async fn list_decrees(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> ApiResult<Json<Vec<DecreeDto>>> {
    Ok(Json(decrees::list(&state.db, r.id).await?.into_iter().map(DecreeDto::from).collect()))
}

/// A decree, as sent (its body is in the path).
#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DecreeBody {
    #[schema(required = true, min_length = 1, max_length = 200)]
    pub number: String,
    /// YYYY-MM-DD
    #[schema(required = true, format = Date, pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
    pub issued_on: String,
    #[serde(deserialize_with = "crate::api::optional_text")]
    #[schema(value_type = Option<String>, max_length = 2000)]
    pub notes: String,
}

/// Record or replace the decree of the council (`dewan`) or the team (`tim`); a document
/// uploaded on the page is kept.
#[utoipa::path(put, path = "/api/v1/regions/{code}/decrees/{body}", tag = "regions", security(("bearer" = [])),
    params(("code" = String, Path), ("body" = String, Path, description = "dewan (council) or tim (team); anything else: 404")), request_body = DecreeBody,
    responses((status = 200, body = DecreeDto), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn put_decree(
    State(state): State<AppState>,
    ApiRegionManage { user: p, region: r, .. }: ApiRegionManage,
    Path((_code, body)): Path<(String, String)>,
    ApiBody(b): ApiBody<DecreeBody>,
) -> ApiResult<Json<DecreeDto>> {
    let body = Body::parse(&body).ok_or(WebError::NotFound)?;
    let input = kotacerdas_domain::cohort::DecreeInput {
        body: body.as_str().into(),
        number: b.number,
        issued_on: b.issued_on,
        notes: b.notes,
    };
    Ok(Json(decrees::save(&state.db, &actor(&p), r.id, &input, None).await?.into()))
}
