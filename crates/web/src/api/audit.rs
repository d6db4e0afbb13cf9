//! A region's audit log.

use crate::access::ApiRegionAudit;
use crate::api::region::ApiResult;
use crate::error::{ApiError, ApiErrorBody, WebError};
use crate::AppState;
use axum::extract::{Query, State};
use axum::Json;
use kotacerdas_store::audit;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct AuditDto {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// The last page a client may ask for (as documented).
const MAX_PAGE: u64 = 100_000;

#[derive(Deserialize, Default)]
pub struct AuditParams {
    #[serde(default)]
    entity: String,
    #[serde(default)]
    page: u64,
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/audit", tag = "regions", security(("bearer" = [])),
    params(("code" = String, Path), ("entity" = Option<String>, Query), ("page" = Option<u64>, Query, minimum = 0, maximum = 100000, description = "Page of 50 entries, newest first (0 is the first)")),
    responses((status = 200, body = [AuditDto]), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn region_audit(
    State(state): State<AppState>,
    ApiRegionAudit { region: r, .. }: ApiRegionAudit,
    Query(q): Query<AuditParams>,
) -> ApiResult<Json<Vec<AuditDto>>> {
    if q.page > MAX_PAGE {
        return Err(ApiError(WebError::BadRequest("error-bad-request")));
    }
    let f = audit::Filter { region_id: Some(r.id), entity: Some(q.entity), page: q.page, ..Default::default() };
    let (rows, _) = audit::list(&state.db, &f).await?;
    let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    Ok(Json(
        rows.into_iter()
            .map(|a| AuditDto {
                id: a.id,
                at: a.at.to_rfc3339(),
                actor: a.actor_name,
                entity: a.entity,
                entity_id: a.entity_id,
                action: a.action,
                before: json(a.before),
                after: json(a.after),
            })
            .collect(),
    ))
}
