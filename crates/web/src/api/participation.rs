//! Citizens' published inputs as open data: what was asked, how many support it, the official
//! answers and the programmes that follow it up. Public, like the portal it mirrors.

use crate::error::{ApiError, ApiErrorBody};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use kotacerdas_store::participation::{self, link, Filter};
use kotacerdas_store::region::regions;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct AnswerDto {
    pub opd: String,
    pub body: String,
    pub answered_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct InputDto {
    pub id: i64,
    pub consultation_id: i64,
    /// aspiration, problem or proposal.
    pub kind: String,
    pub title: String,
    pub body: String,
    pub dimension: String,
    pub element: Option<String>,
    pub kecamatan: Option<String>,
    pub kelurahan: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub supports: i64,
    /// awaiting, answered or followed.
    pub status: String,
    pub answers: Vec<AnswerDto>,
    /// Names of the programmes that follow the input up.
    pub programmes: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/participation", tag = "participation", params(("code" = String, Path)),
    responses((status = 200, body = [InputDto]), (status = 404, body = ApiErrorBody)))]
pub async fn inputs(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<Vec<InputDto>>, ApiError> {
    let r = regions::by_code(&state.db, &code).await?;
    let list = participation::list(&state.db, r.id, &Filter { published_only: true, ..Default::default() }).await?;
    Ok(Json(
        list.into_iter()
            .map(|v| {
                let status = v.public_status().code().to_string();
                let i = v.input;
                InputDto {
                    id: i.id,
                    consultation_id: i.consultation_id,
                    kind: i.kind,
                    title: i.title,
                    body: i.body,
                    dimension: i.dimension_code,
                    element: i.element_code,
                    kecamatan: i.kecamatan,
                    kelurahan: i.kelurahan,
                    created_at: i.created_at,
                    supports: v.supports,
                    status,
                    answers: v
                        .answers
                        .into_iter()
                        .map(|(a, opd)| AnswerDto { opd, body: a.body, answered_at: a.answered_at })
                        .collect(),
                    programmes: v.links.into_iter().filter(|l| l.1 == link::PROGRAMME).map(|l| l.3).collect(),
                }
            })
            .collect(),
    ))
}
