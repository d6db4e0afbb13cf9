//! API resources: regions, OPDs, members, stages, MoU, cohorts, users, audit, framework.
//! Each handler applies the same `Principal` rules as the matching page.

use super::ApiBody;
use crate::access::{ensure, ApiAdmin, ApiRegionAudit, ApiRegionManage, ApiRegionView};
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiErrorBody, WebError};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kotacerdas_domain::framework::{DIMENSIONS, PILLARS};
use kotacerdas_domain::stage::StageAction;
use kotacerdas_domain::Principal;
use kotacerdas_store::entity::{cohort, member, mou, opd, stage};
use kotacerdas_store::region::regions::{RegionFilter, RegionSummary};
use kotacerdas_store::{
    accounts::users, audit, region::cohorts, region::members, region::mou as mou_store, region::opds, region::regions,
    region::stages,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

type ApiResult<T> = Result<T, ApiError>;

fn created<T: Serialize>(v: T) -> Response {
    (StatusCode::CREATED, Json(v)).into_response()
}

// ---- DTOs: the API's contract, independent of table layout.

#[derive(Serialize, ToSchema)]
pub struct RegionDto {
    pub id: i64,
    /// Kemendagri code, e.g. `32.09`.
    pub code: String,
    pub name: String,
    /// kota, kabupaten or provinsi.
    pub kind: String,
    pub province: String,
    pub population: i64,
    pub cohort_id: Option<i64>,
    pub cohort_year: Option<i32>,
    /// Status of stages 1..4: not_started, in_progress, submitted, approved, returned.
    pub stages: Vec<String>,
    /// 0..100
    pub progress: u32,
}

impl From<RegionSummary> for RegionDto {
    fn from(s: RegionSummary) -> Self {
        RegionDto {
            id: s.region.id,
            code: s.region.code,
            name: s.region.name,
            kind: s.region.kind,
            province: s.region.province,
            population: s.region.population,
            cohort_id: s.region.cohort_id,
            cohort_year: s.cohort_year,
            stages: s.stages.iter().map(|x| x.as_str().to_string()).collect(),
            progress: s.progress,
        }
    }
}

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

#[derive(Serialize, ToSchema)]
pub struct MouDto {
    pub number: String,
    pub signed_on: String,
    pub notes: Option<String>,
    /// Download at `/files/{file_id}` (signed-in session).
    pub file_id: Option<i64>,
}

impl From<mou::Model> for MouDto {
    fn from(m: mou::Model) -> Self {
        MouDto { number: m.number, signed_on: m.signed_on.to_string(), notes: m.notes, file_id: m.file_id }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CohortDto {
    pub id: i64,
    pub year: i32,
    pub name: String,
    pub notes: Option<String>,
}

impl From<cohort::Model> for CohortDto {
    fn from(c: cohort::Model) -> Self {
        CohortDto { id: c.id, year: c.year, name: c.name, notes: c.notes }
    }
}

// ---- regions

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)] // documents the body; handlers read the store's input type
pub struct RegionBody {
    code: String,
    name: String,
    kind: String,
    province: String,
    population: i64,
    cohort_id: Option<i64>,
}

/// Regions the caller may see, with stage statuses. Filters: `q`, `cohort` (id), `kind`, `stage`.
#[utoipa::path(get, path = "/api/v1/regions", tag = "regions", security(("bearer" = [])),
    params(("q" = Option<String>, Query), ("cohort" = Option<String>, Query), ("kind" = Option<String>, Query), ("stage" = Option<String>, Query)),
    responses((status = 200, body = [RegionDto]), (status = 401, body = ApiErrorBody)))]
pub async fn list_regions(
    ApiUser(p): ApiUser,
    State(state): State<AppState>,
    Query(f): Query<RegionFilter>,
) -> ApiResult<Json<Vec<RegionDto>>> {
    let rows = regions::list(&state.db, p.visible_regions().as_deref(), &f).await?;
    Ok(Json(rows.into_iter().map(RegionDto::from).collect()))
}

/// Create a region (programme office only); its four stages start "not started".
#[utoipa::path(post, path = "/api/v1/regions", tag = "regions", security(("bearer" = [])), request_body = RegionBody,
    responses((status = 201, body = RegionDto), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_region(
    ApiAdmin(p): ApiAdmin,
    State(state): State<AppState>,
    ApiBody(input): ApiBody<kotacerdas_domain::region::RegionInput>,
) -> ApiResult<Response> {
    let r = regions::create(&state.db, &actor(&p), &input).await?;
    let row = regions::list(&state.db, Some(&[r.id]), &RegionFilter::default())
        .await?
        .into_iter()
        .next()
        .ok_or(WebError::NotFound)?;
    Ok(created(RegionDto::from(row)))
}

fn actor(p: &Principal) -> kotacerdas_store::Actor {
    kotacerdas_store::Actor::user(p.user_id, &p.username)
}

#[utoipa::path(get, path = "/api/v1/regions/{code}", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = RegionDto), (status = 404, body = ApiErrorBody)))]
pub async fn get_region(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> ApiResult<Json<RegionDto>> {
    let row = regions::list(&state.db, Some(&[r.id]), &RegionFilter::default())
        .await?
        .into_iter()
        .next()
        .ok_or(WebError::NotFound)?;
    Ok(Json(row.into()))
}

// ---- OPDs

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct OpdBody {
    name: String,
    short_name: String,
    code: Option<String>,
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
    ApiBody(input): ApiBody<kotacerdas_domain::region::OpdInput>,
) -> ApiResult<Response> {
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

// ---- members

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

// ---- stages

#[utoipa::path(get, path = "/api/v1/regions/{code}/stages", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = [StageDto]), (status = 404, body = ApiErrorBody)))]
pub async fn list_stages(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> ApiResult<Json<Vec<StageDto>>> {
    Ok(Json(stages::list(&state.db, r.id).await?.into_iter().map(StageDto::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct StageActionBody {
    /// start, submit (region admin); approve, return, reopen (expert).
    pub action: String,
    /// Required when returning a stage.
    #[serde(default)]
    pub comment: String,
}

#[utoipa::path(post, path = "/api/v1/regions/{code}/stages/{number}/actions", tag = "regions", security(("bearer" = [])),
    params(("code" = String, Path), ("number" = i32, Path)), request_body = StageActionBody,
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

// ---- MoU

#[utoipa::path(get, path = "/api/v1/regions/{code}/mou", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = MouDto), (status = 404, body = ApiErrorBody)))]
pub async fn get_mou(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> ApiResult<Json<MouDto>> {
    Ok(Json(mou_store::get(&state.db, r.id).await?.ok_or(WebError::NotFound)?.into()))
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct MouBody {
    number: String,
    /// YYYY-MM-DD
    signed_on: String,
    notes: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/regions/{code}/mou", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)), request_body = MouBody,
    responses((status = 200, body = MouDto), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn put_mou(
    State(state): State<AppState>,
    ApiRegionManage { user: p, region: r, .. }: ApiRegionManage,
    ApiBody(input): ApiBody<kotacerdas_domain::region::MouInput>,
) -> ApiResult<Json<MouDto>> {
    Ok(Json(mou_store::save(&state.db, &actor(&p), r.id, &input, None).await?.into()))
}

// ---- programme-wide

#[utoipa::path(get, path = "/api/v1/cohorts", tag = "programme", security(("bearer" = [])), responses((status = 200, body = [CohortDto])))]
pub async fn list_cohorts(_user: ApiUser, State(state): State<AppState>) -> ApiResult<Json<Vec<CohortDto>>> {
    Ok(Json(cohorts::list(&state.db).await?.into_iter().map(|c| c.cohort.into()).collect()))
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct CohortBody {
    year: i32,
    name: String,
    notes: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/cohorts", tag = "programme", security(("bearer" = [])), request_body = CohortBody,
    responses((status = 201, body = CohortDto), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_cohort(
    ApiAdmin(p): ApiAdmin,
    State(state): State<AppState>,
    ApiBody(input): ApiBody<kotacerdas_domain::region::CohortInput>,
) -> ApiResult<Response> {
    Ok(created(CohortDto::from(cohorts::create(&state.db, &actor(&p), &input).await?)))
}

#[derive(Serialize, ToSchema)]
pub struct UserDto {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub disabled: bool,
    pub roles: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/users", tag = "programme", security(("bearer" = [])), responses((status = 200, body = [UserDto]), (status = 403, body = ApiErrorBody)))]
pub async fn list_users(_admin: ApiAdmin, State(state): State<AppState>) -> ApiResult<Json<Vec<UserDto>>> {
    Ok(Json(
        users::list(&state.db)
            .await?
            .into_iter()
            .map(|u| UserDto {
                id: u.user.id,
                username: u.user.username,
                display_name: u.user.display_name,
                disabled: u.user.disabled,
                roles: u
                    .assignments
                    .into_iter()
                    .map(|a| format!("{}{}", a.role, a.region_code.map(|c| format!("@{c}")).unwrap_or_default()))
                    .collect(),
            })
            .collect(),
    ))
}

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

#[derive(Deserialize, Default)]
pub struct AuditParams {
    #[serde(default)]
    entity: String,
    #[serde(default)]
    page: u64,
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/audit", tag = "regions", security(("bearer" = [])),
    params(("code" = String, Path), ("entity" = Option<String>, Query), ("page" = Option<u64>, Query)),
    responses((status = 200, body = [AuditDto]), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn region_audit(
    State(state): State<AppState>,
    ApiRegionAudit { region: r, .. }: ApiRegionAudit,
    Query(q): Query<AuditParams>,
) -> ApiResult<Json<Vec<AuditDto>>> {
    let f = audit::Filter {
        region_id: Some(r.id),
        entity: Some(q.entity),
        page: q.page.min(100_000),
        ..Default::default()
    };
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

#[derive(Serialize, ToSchema)]
pub struct FrameworkItem {
    pub code: String,
    pub name_id: String,
    pub name_en: String,
}

#[derive(Serialize, ToSchema)]
pub struct FrameworkGroup {
    pub code: String,
    pub name_id: String,
    pub name_en: String,
    /// Elements of a dimension, or sub-items of a pillar.
    pub items: Vec<FrameworkItem>,
}

#[derive(Serialize, ToSchema)]
pub struct Framework {
    /// Six dimensions with three elements each.
    pub dimensions: Vec<FrameworkGroup>,
    /// Three readiness pillars with three sub-items each.
    pub pillars: Vec<FrameworkGroup>,
}

/// The reference framework: dimensions, elements, readiness pillars and their items.
#[utoipa::path(get, path = "/api/v1/framework", tag = "programme", security(("bearer" = [])), responses((status = 200, body = Framework)))]
pub async fn framework(_user: ApiUser) -> Json<Framework> {
    use kotacerdas_domain::framework::Named;
    let item = |n: &Named| FrameworkItem { code: n.code.into(), name_id: n.name_id.into(), name_en: n.name_en.into() };
    let group = |n: &Named, items: &[Named]| FrameworkGroup {
        code: n.code.into(),
        name_id: n.name_id.into(),
        name_en: n.name_en.into(),
        items: items.iter().map(item).collect(),
    };
    Json(Framework {
        dimensions: DIMENSIONS.iter().map(|d| group(&d.named, &d.elements)).collect(),
        pillars: PILLARS.iter().map(|p| group(&p.named, &p.items)).collect(),
    })
}
