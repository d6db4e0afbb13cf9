//! `GET /api/v1/regions/{code}/plan`: RPJMD/RPD periods and items, the masterplan's vision and
//! years mapped to periods, and the smart city missions, goals and strategies.

use crate::auth::ApiUser;
use crate::error::{ApiError, ApiErrorBody, WebError};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use kotacerdas_domain::plan::{map_years, Period};
use kotacerdas_store::{plan, regions};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct PlanItemDto {
    pub id: i64,
    /// mission, goal or target.
    pub level: String,
    pub code: String,
    pub text: String,
}

#[derive(Serialize, ToSchema)]
pub struct PeriodDto {
    pub id: i64,
    /// rpjmd or rpd.
    pub kind: String,
    pub start_year: i32,
    pub end_year: i32,
    pub vision: String,
    pub items: Vec<PlanItemDto>,
}

#[derive(Serialize, ToSchema)]
pub struct YearDto {
    pub year: i32,
    /// The plan period the year falls in; null when none covers it yet.
    pub period_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct VisionItemDto {
    pub id: i64,
    /// mission, goal or strategy.
    pub level: String,
    pub code: String,
    pub text: String,
    pub dimension_code: Option<String>,
    pub element_code: Option<String>,
    /// The RPJMD mission or goal it serves.
    pub plan_item_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct PlanDto {
    pub start_year: Option<i32>,
    pub vision: Option<String>,
    pub years: Vec<YearDto>,
    pub periods: Vec<PeriodDto>,
    pub vision_items: Vec<VisionItemDto>,
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/plan", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = PlanDto), (status = 404, body = ApiErrorBody)))]
pub async fn get_plan(
    ApiUser(p): ApiUser,
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<PlanDto>, ApiError> {
    let r = regions::by_code(&state.db, &code).await?;
    if !p.can_view_region(r.id) {
        return Err(ApiError(WebError::NotFound));
    }
    let periods = plan::periods(&state.db, r.id).await?;
    let items = plan::items(&state.db, r.id).await?;
    let master = plan::masterplan(&state.db, r.id).await?;
    let spans: Vec<Period> =
        periods.iter().map(|p| Period { id: p.id, start: p.start_year, end: p.end_year }).collect();
    Ok(Json(PlanDto {
        years: master
            .as_ref()
            .map(|m| map_years(m.start_year, &spans))
            .unwrap_or_default()
            .into_iter()
            .map(|(year, period_id)| YearDto { year, period_id })
            .collect(),
        start_year: master.as_ref().map(|m| m.start_year),
        vision: master.map(|m| m.vision),
        periods: periods
            .into_iter()
            .map(|p| PeriodDto {
                items: items
                    .iter()
                    .filter(|i| i.period_id == p.id)
                    .map(|i| PlanItemDto {
                        id: i.id,
                        level: i.level.clone(),
                        code: i.code.clone(),
                        text: i.text.clone(),
                    })
                    .collect(),
                id: p.id,
                kind: p.kind,
                start_year: p.start_year,
                end_year: p.end_year,
                vision: p.vision,
            })
            .collect(),
        vision_items: plan::vision_items(&state.db, r.id)
            .await?
            .into_iter()
            .map(|v| VisionItemDto {
                id: v.id,
                level: v.level,
                code: v.code,
                text: v.text,
                dimension_code: v.dimension_code,
                element_code: v.element_code,
                plan_item_id: v.plan_item_id,
            })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct BudgetDto {
    pub year: i32,
    /// apbd, apbn, csr, kpbu, grant, private.
    pub source: String,
    /// Whole rupiah.
    pub amount: i64,
}

#[derive(Serialize, ToSchema)]
pub struct TargetDto {
    pub year: i32,
    pub target: String,
}

#[derive(Serialize, ToSchema)]
pub struct ProgrammeDto {
    pub id: i64,
    pub name: String,
    pub brand_name: Option<String>,
    pub description: String,
    pub element_code: String,
    pub dimension_code: String,
    pub opd_id: i64,
    /// quick_win, short, medium, long.
    pub horizon: String,
    pub start_year: i32,
    pub end_year: i32,
    pub output: Option<String>,
    pub outcome: Option<String>,
    pub targets: Vec<TargetDto>,
    pub budgets: Vec<BudgetDto>,
    /// Whole rupiah over all years and sources.
    pub total_budget: i64,
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/programmes", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = [ProgrammeDto]), (status = 404, body = ApiErrorBody)))]
pub async fn list_programmes(
    ApiUser(p): ApiUser,
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<Vec<ProgrammeDto>>, ApiError> {
    let r = regions::by_code(&state.db, &code).await?;
    if !p.can_view_region(r.id) {
        return Err(ApiError(WebError::NotFound));
    }
    Ok(Json(
        kotacerdas_store::programmes::list(&state.db, r.id)
            .await?
            .into_iter()
            .map(|x| {
                let total_budget = x.total_budget();
                let p = x.programme;
                ProgrammeDto {
                    id: p.id,
                    dimension_code: p.element_code.split('-').next().unwrap_or_default().to_string(),
                    element_code: p.element_code,
                    name: p.name,
                    brand_name: p.brand_name,
                    description: p.description,
                    opd_id: p.opd_id,
                    horizon: p.horizon,
                    start_year: p.start_year,
                    end_year: p.end_year,
                    output: p.output,
                    outcome: p.outcome,
                    targets: x.targets.into_iter().map(|t| TargetDto { year: t.year, target: t.target }).collect(),
                    budgets: x
                        .budgets
                        .into_iter()
                        .map(|b| BudgetDto { year: b.year, source: b.source, amount: b.amount })
                        .collect(),
                    total_budget,
                }
            })
            .collect(),
    ))
}
