//! The caller's inbox over the API: the same list as the start page, titles in the caller's
//! language (`Accept-Language`, Indonesian by default, as the pages start).

use crate::auth::ApiUser;
use crate::error::{ApiError, ApiErrorBody};
use crate::i18n::Lang;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct TaskDto {
    #[schema(value_type = TaskKindDoc)]
    pub kind: String,
    /// The region's code.
    pub region: String,
    /// The task in one line, in the caller's language.
    pub title: String,
    /// The page (relative to the server) where the action happens.
    pub url: String,
    /// The due date, for reports and schedules.
    #[schema(format = Date)]
    pub due: Option<String>,
    /// Past its due date.
    pub overdue: bool,
}

#[derive(Serialize, ToSchema)]
pub struct TasksResponse {
    pub items: Vec<TaskDto>,
    /// How many items (the count the pages' header shows).
    pub count: usize,
}

/// The kinds of task, by role: `stage_review`, `version_review` (expert), `version_approve`
/// (council), `report_overdue`, `report_due`, `citizen_answer` (OPD planner), `evaluation_open`
/// (evaluator), `blocked` (region manager), `behind_schedule` (programme office).
#[derive(Deserialize, ToSchema)]
#[schema(as = TaskKind)]
#[allow(dead_code)]
#[serde(rename_all = "snake_case")]
enum TaskKindDoc {
    StageReview,
    VersionReview,
    VersionApprove,
    ReportOverdue,
    ReportDue,
    CitizenAnswer,
    EvaluationOpen,
    Blocked,
    BehindSchedule,
}

/// The language a client asked for: the first tag of `Accept-Language` ("en-GB,en;q=0.8").
fn language(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(Lang::parse)
        .unwrap_or(Lang::Id)
}

/// What waits for the caller: the start page's list, with links to the pages where they act.
#[utoipa::path(get, path = "/api/v1/me/tasks", tag = "auth", security(("bearer" = [])),
    params(("Accept-Language" = Option<String>, Header, description = "en for English titles; Indonesian otherwise")),
    responses((status = 200, body = TasksResponse), (status = 401, body = ApiErrorBody)))]
pub async fn my_tasks(
    ApiUser(p): ApiUser,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<TasksResponse>, ApiError> {
    let lang = language(&headers);
    let list = crate::tasks::inbox(&state, &p).await?;
    let items: Vec<TaskDto> = list
        .iter()
        .map(|t| TaskDto {
            kind: t.kind.as_str().to_string(),
            region: t.region_code.clone(),
            title: t.title(lang),
            url: t.url.clone(),
            due: t.due.map(|d| d.format("%Y-%m-%d").to_string()),
            overdue: t.overdue,
        })
        .collect();
    Ok(Json(TasksResponse { count: items.len(), items }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_language_asked_for_wins() {
        let h = |v: &'static str| {
            let mut m = HeaderMap::new();
            m.insert(header::ACCEPT_LANGUAGE, axum::http::HeaderValue::from_static(v));
            m
        };
        assert_eq!(language(&h("en-GB,en;q=0.8")), Lang::En);
        assert_eq!(language(&h("id,en;q=0.5")), Lang::Id);
        assert_eq!(language(&h("*")), Lang::Id);
        assert_eq!(language(&HeaderMap::new()), Lang::Id);
    }
}
