//! A region's four stages and their sign-off actions.

use super::{actor, ApiResult};
use crate::access::{ensure, ApiRegionView};
use crate::api::ApiBody;
use crate::error::{ApiError, ApiErrorBody, WebError};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use kotacerdas_domain::stage::StageAction;
use kotacerdas_store::entity::stage;
use kotacerdas_store::region::stages;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct StageDto {
    pub number: i32,
    pub status: String,
    pub planned_start: Option<String>,
    pub planned_end: Option<String>,
    pub held_start: Option<String>,
    pub held_end: Option<String>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<String>,
}

impl From<stage::Model> for StageDto {
    fn from(s: stage::Model) -> Self {
        let d = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
        StageDto {
            number: s.number,
            status: s.status,
            planned_start: d(s.planned_start),
            planned_end: d(s.planned_end),
            held_start: d(s.held_start),
            held_end: d(s.held_end),
            decided_by: s.decided_by,
            decided_at: s.decided_at.map(|t| t.to_rfc3339()),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/stages", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = [StageDto]), (status = 404, body = ApiErrorBody)))]
pub async fn list_stages(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> ApiResult<Json<Vec<StageDto>>> {
    Ok(Json(stages::list(&state.db, r.id).await?.into_iter().map(StageDto::from).collect()))
}

#[derive(Deserialize)]
pub struct StageActionBody {
    /// start, submit (region admin); approve, return, reopen (expert).
    #[serde(default)]
    pub action: String,
    /// Required when returning a stage.
    #[serde(default, deserialize_with = "crate::api::optional_text")]
    pub comment: String,
}

/// The body as documented: `start`, `submit` (region admin), `approve`, `reopen` (expert) with an
/// optional comment; `return` (expert) with the comment that says why.
#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum StageActionDoc {
    Return {
        action: ReturnDoc,
        #[schema(min_length = 1, max_length = 5000)]
        comment: String,
    },
    Other {
        action: OtherActionDoc,
        #[schema(max_length = 5000)]
        comment: Option<String>,
    },
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
#[serde(rename_all = "snake_case")]
pub enum ReturnDoc {
    Return,
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
#[serde(rename_all = "snake_case")]
pub enum OtherActionDoc {
    Start,
    Submit,
    Approve,
    Reopen,
}

#[utoipa::path(post, path = "/api/v1/regions/{code}/stages/{number}/actions", tag = "regions", security(("bearer" = [])),
    params(("code" = String, Path), ("number" = i32, Path, minimum = 1, maximum = 4)), request_body = StageActionDoc,
    responses((status = 200, body = StageDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn stage_action(
    State(state): State<AppState>,
    ApiRegionView { user: p, region: r, .. }: ApiRegionView,
    Path((_code, number)): Path<(String, i32)>,
    ApiBody(body): ApiBody<StageActionBody>,
) -> ApiResult<Json<StageDto>> {
    let action = StageAction::parse(body.action.trim()).ok_or_else(|| {
        let mut e = kotacerdas_domain::validate::Errors::new();
        e.add("action", "err-choice", None);
        ApiError(WebError::Invalid(e))
    })?;
    ensure(p.can_take_stage_action(r.id, action))?;
    match stages::act(&state.db, &actor(&p), r.id, number, action, &body.comment).await {
        Ok(s) => Ok(Json(s.into())),
        Err(kotacerdas_store::StoreError::Stage(kotacerdas_domain::stage::StageError::CommentRequired)) => {
            let mut e = kotacerdas_domain::validate::Errors::new();
            e.add("comment", "stage-err-comment-required", None);
            Err(ApiError(WebError::Invalid(e)))
        }
        Err(e) => Err(e.into()),
    }
}
