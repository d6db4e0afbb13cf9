//! The regions the caller may see, one region, and creating one (programme office).

use super::{actor, created, ApiResult};
use crate::access::{ApiAdmin, ApiRegionView};
use crate::api::ApiBody;
use crate::auth::ApiUser;
use crate::error::{ApiErrorBody, WebError};
use crate::AppState;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Json;
use kotacerdas_store::region::regions;
use kotacerdas_store::region::regions::{RegionFilter, RegionSummary};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct RegionDto {
    pub id: i64,
    /// Kemendagri code, e.g. `32.09`.
    pub code: String,
    pub name: String,
    /// kota, kabupaten, provinsi or kawasan (a planning unit spanning several regions).
    pub kind: String,
    pub province: String,
    pub population: i64,
    pub cohort_id: Option<i64>,
    pub cohort_year: Option<i32>,
    /// WIB, WITA or WIT: the zone the region's times are shown in.
    pub time_zone: String,
    /// Whether the region had a masterplan before it joined its cohort.
    pub has_masterplan: bool,
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
            time_zone: s.region.time_zone,
            has_masterplan: s.region.has_masterplan,
            stages: s.stages.iter().map(|x| x.as_str().to_string()).collect(),
            progress: s.progress,
        }
    }
}

/// A new region, as sent.
#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RegionBody {
    /// Kemendagri code: `32` (province) or `32.09`; a kawasan's `K.01`; unique. A code of the
    /// official list (see `GET /api/v1/areas/regencies`) needs its official name, kind and
    /// province (else 422); codes `99…` are free for demo and test regions.
    #[schema(required = true, pattern = r"^([0-9]{2}(\.[0-9]{2})?|K\.[0-9]{2})$")]
    pub code: String,
    #[schema(required = true, min_length = 1, max_length = 200)]
    pub name: String,
    #[serde(deserialize_with = "crate::api::optional_text")]
    #[schema(value_type = RegionKindDoc, required = true)]
    pub kind: String,
    #[schema(required = true, min_length = 1, max_length = 200)]
    pub province: String,
    #[serde(deserialize_with = "crate::api::whole_number")]
    #[schema(value_type = i64, required = true, minimum = 0, maximum = 100000000)]
    pub population: String,
    /// The id of an existing cohort.
    #[serde(deserialize_with = "crate::api::whole_number")]
    #[schema(value_type = Option<i64>)]
    pub cohort_id: String,
    /// WIB, WITA or WIT; left out: the zone of the code's province.
    #[serde(default, deserialize_with = "crate::api::optional_text")]
    #[schema(value_type = Option<TimeZoneDoc>)]
    pub time_zone: String,
    /// Whether the region had a masterplan before (left out: no).
    pub has_masterplan: bool,
}

#[derive(Deserialize, ToSchema)]
#[schema(as = TimeZone)]
#[allow(dead_code)]
enum TimeZoneDoc {
    #[serde(rename = "WIB")]
    Wib,
    #[serde(rename = "WITA")]
    Wita,
    #[serde(rename = "WIT")]
    Wit,
}

impl From<RegionBody> for kotacerdas_domain::region::RegionInput {
    fn from(b: RegionBody) -> Self {
        let RegionBody { code, name, kind, province, population, cohort_id, time_zone, has_masterplan } = b;
        let has_masterplan = if has_masterplan { "true".into() } else { String::new() };
        Self { code, name, kind, province, population, cohort_id, time_zone, has_masterplan }
    }
}

#[derive(Deserialize, ToSchema)]
#[schema(as = RegionKind)]
#[allow(dead_code)]
#[serde(rename_all = "snake_case")]
enum RegionKindDoc {
    Kota,
    Kabupaten,
    Provinsi,
    Kawasan,
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
    ApiBody(body): ApiBody<RegionBody>,
) -> ApiResult<Response> {
    let input: kotacerdas_domain::region::RegionInput = body.into();
    let r = regions::create(&state.db, &actor(&p), &input).await?;
    let row = regions::list(&state.db, Some(&[r.id]), &RegionFilter::default())
        .await?
        .into_iter()
        .next()
        .ok_or(WebError::NotFound)?;
    Ok(created(RegionDto::from(row)))
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
