//! `GET /api/v1/regions/{code}/plan`: RPJMD/RPD periods and items, the masterplan's vision and
//! years mapped to periods, and the smart city missions, goals and strategies.

use crate::access::ApiRegionView;
use crate::error::{ApiError, ApiErrorBody};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use kotacerdas_domain::plan::{map_years, Period};
use kotacerdas_store::plan;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct PlanItemDto {
    pub id: i64,
    /// mission, goal or target.
    pub level: String,
    pub code: String,
    pub text: String,
    /// A goal's mission, a target's goal; null for a mission (and items entered before parents).
    pub parent_id: Option<i64>,
    /// The code with its period, as pickers show it: "RPJMD 2021–2026 · M1".
    pub label: String,
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
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> Result<Json<PlanDto>, ApiError> {
    let periods = plan::periods(&state.db, r.id).await?;
    let items = plan::items(&state.db, r.id).await?;
    let labels = plan::item_labels(&periods, &items);
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
                        parent_id: i.parent_id,
                        label: labels.get(&i.id).cloned().unwrap_or_default(),
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
    /// The primary element: the programme's budget counts there, once.
    pub element_code: String,
    pub dimension_code: String,
    /// Further elements it also serves (codes of the framework, framework order); written with
    /// `PUT …/programmes/{id}/also-serves`.
    pub also_serves: Vec<String>,
    /// The dimensions those add besides the primary one (no budget is counted there).
    pub also_serves_dimensions: Vec<String>,
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
    /// Permendagri 90 code (urusan.bidang.program[.kegiatan[.sub]]).
    pub gov_code: Option<String>,
    pub kpis: Vec<KpiDto>,
    pub support_opd_ids: Vec<i64>,
    pub partners: Vec<PartnerDto>,
    pub problem_ids: Vec<i64>,
    pub app_ids: Vec<i64>,
    pub dataset_ids: Vec<i64>,
    /// RPJMD/RPD goals and targets (plan items) the programme serves.
    pub rpjmd_item_ids: Vec<i64>,
    pub neighbours: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct KpiDto {
    pub name: String,
    pub unit: String,
    /// Decimal as text ("21.4"), never a float.
    pub baseline: Option<String>,
    pub baseline_year: Option<i32>,
    /// up, down or keep.
    pub direction: String,
    pub targets: Vec<KpiTargetDto>,
}

#[derive(Serialize, ToSchema)]
pub struct KpiTargetDto {
    pub year: i32,
    pub value: String,
}

#[derive(Serialize, ToSchema)]
pub struct PartnerDto {
    /// government, business, academia, community, media.
    pub helix: String,
    pub name: String,
}

impl From<kotacerdas_store::plan::programmes::Programme> for ProgrammeDto {
    fn from(x: kotacerdas_store::plan::programmes::Programme) -> ProgrammeDto {
        use kotacerdas_domain::programme::LinkKind;
        let total_budget = x.total_budget();
        let ids = |k| x.link_ids(k);
        let (support_opd_ids, problem_ids, app_ids, dataset_ids, rpjmd_item_ids) = (
            ids(LinkKind::SupportOpd),
            ids(LinkKind::Problem),
            ids(LinkKind::App),
            ids(LinkKind::Dataset),
            ids(LinkKind::Rpjmd),
        );
        let partners = x.partners().into_iter().map(|(helix, name)| PartnerDto { helix, name }).collect();
        let neighbours = x.neighbours();
        let also_serves_dimensions = x.further_dimensions().into_iter().map(str::to_string).collect();
        let also_serves = x.also_serves;
        let p = x.programme;
        ProgrammeDto {
            id: p.id,
            dimension_code: p.element_code.split('-').next().unwrap_or_default().to_string(),
            element_code: p.element_code,
            also_serves,
            also_serves_dimensions,
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
            gov_code: p.gov_code,
            kpis: x
                .kpis
                .into_iter()
                .map(|k| KpiDto {
                    name: k.kpi.name,
                    unit: k.kpi.unit,
                    baseline: k.kpi.baseline,
                    baseline_year: k.kpi.baseline_year,
                    direction: k.kpi.direction,
                    targets: k.targets.into_iter().map(|t| KpiTargetDto { year: t.year, value: t.value }).collect(),
                })
                .collect(),
            support_opd_ids,
            partners,
            problem_ids,
            app_ids,
            dataset_ids,
            rpjmd_item_ids,
            neighbours,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/programmes", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = [ProgrammeDto]), (status = 404, body = ApiErrorBody)))]
pub async fn list_programmes(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> Result<Json<Vec<ProgrammeDto>>, ApiError> {
    Ok(Json(
        kotacerdas_store::plan::programmes::list(&state.db, r.id).await?.into_iter().map(ProgrammeDto::from).collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/programmes.xlsx", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, description = "The programme register, yearly budgets, KPIs and budget matrices as XLSX", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 404, body = ApiErrorBody)))]
pub async fn programmes_xlsx(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> Result<axum::response::Response, ApiError> {
    let bytes = kotacerdas_store::plan::programme_xlsx::export_xlsx(&state.db, r.id).await?;
    Ok(crate::views::plan::programme_import::xlsx_response(bytes, &format!("program-{}.xlsx", r.code)))
}

#[derive(Serialize, ToSchema)]
pub struct FindingDto {
    /// Stable rule ID (PC001…).
    pub rule: String,
    /// error or warning.
    pub severity: String,
    pub message: String,
    /// plan, programme, problem, element, year, dimension or vision.
    pub subject: String,
    pub subject_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ChecksDto {
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<FindingDto>,
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct LangQuery {
    /// id (default) or en.
    #[serde(default)]
    pub lang: Option<String>,
}

/// Convert findings for the API and the CLI's JSON output.
pub fn checks_dto(findings: &[kotacerdas_domain::checks::Finding], lang: &str) -> ChecksDto {
    use kotacerdas_domain::checks::{Severity, Subject};
    ChecksDto {
        errors: findings.iter().filter(|f| f.severity == Severity::Error).count(),
        warnings: findings.iter().filter(|f| f.severity == Severity::Warning).count(),
        findings: findings
            .iter()
            .map(|f| {
                let (subject, id) = match &f.subject {
                    Subject::Plan => ("plan", None),
                    Subject::Programme(i) => ("programme", Some(i.to_string())),
                    Subject::Problem(i) => ("problem", Some(i.to_string())),
                    Subject::Element(e) => ("element", Some(e.clone())),
                    Subject::Year(y) => ("year", Some(y.to_string())),
                    Subject::Dimension(d) => ("dimension", Some(d.clone())),
                    Subject::Vision => ("vision", None),
                };
                FindingDto {
                    rule: f.rule.into(),
                    severity: if f.severity == Severity::Error { "error".into() } else { "warning".into() },
                    message: f.message(lang),
                    subject: subject.into(),
                    subject_id: id,
                }
            })
            .collect(),
    }
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/checks", tag = "regions", security(("bearer" = [])), params(("code" = String, Path), LangQuery),
    responses((status = 200, body = ChecksDto), (status = 404, body = ApiErrorBody)))]
pub async fn checks(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
    axum::extract::Query(q): axum::extract::Query<LangQuery>,
) -> Result<Json<ChecksDto>, ApiError> {
    let findings = kotacerdas_store::plan::checks::run(&state.db, r.id).await?;
    Ok(Json(checks_dto(&findings, q.lang.as_deref().unwrap_or("id"))))
}

#[derive(Serialize, ToSchema)]
pub struct GovCodeDto {
    pub code: String,
    pub name: String,
    /// urusan, bidang, program, kegiatan, sub_kegiatan.
    pub level: String,
}

#[derive(Serialize, ToSchema)]
pub struct GovCodesDto {
    pub version: String,
    pub codes: Vec<GovCodeDto>,
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct CodeQuery {
    /// Words that must all appear in the code or its name.
    #[serde(default)]
    pub q: String,
}

#[utoipa::path(get, path = "/api/v1/codes/permendagri90", tag = "framework", params(CodeQuery),
    responses((status = 200, body = GovCodesDto)))]
pub async fn gov_codes(axum::extract::Query(q): axum::extract::Query<CodeQuery>) -> Json<GovCodesDto> {
    use kotacerdas_domain::govcode;
    Json(GovCodesDto {
        version: govcode::VERSION.into(),
        codes: govcode::search(&q.q, 1000)
            .into_iter()
            .map(|c| GovCodeDto { code: c.code.into(), name: c.name.into(), level: c.level.as_str().into() })
            .collect(),
    })
}
