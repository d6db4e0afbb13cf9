//! The year's alignment of the masterplan with the adopted RKPD/APBD over the API, the Renja
//! extract, and the import of the RKPD by a planning system (the file as the body).

use super::region::{actor, ApiResult};
use crate::access::{ApiRegionManage, ApiRegionView};
use crate::error::{ApiError, ApiErrorBody, WebError};
use crate::views::alignment::{renja_lines, renja_name, renja_title, year_of, RenjaQuery};
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use kotacerdas_domain::alignment::{MatchedBy, Totals};
use kotacerdas_store::alignment::{self, import, renja};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct YearParams {
    /// The budget year (2000–2100); this year when absent.
    #[param(pattern = r"^20[0-9]{2}$")]
    pub year: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RkpdItemDto {
    pub item_id: i64,
    /// Permendagri 90 code as imported (sub-activity level, normally).
    pub code: String,
    pub name: String,
    /// The agency as the file names it.
    pub opd: String,
    pub indicator: String,
    pub target: String,
    /// Whole rupiah.
    pub pagu: i64,
    /// code, manual or confirmed (absent for unmatched items).
    pub matched_by: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AlignmentItemDto {
    pub programme_id: i64,
    pub name: String,
    pub opd_id: i64,
    /// Dimension code of the programme's primary element.
    pub dimension: String,
    /// Some RKPD money this year.
    pub funded: bool,
    /// full, partial or unfunded.
    pub funding: String,
    /// Whole rupiah the masterplan plans this year (all sources).
    pub planned: i64,
    /// Whole rupiah of the matched RKPD sub-activities.
    pub pagu: i64,
    /// Share of the planned money covered, 0..1 (null with nothing planned).
    pub share: Option<f64>,
    /// Some matched sub-activity carries a performance indicator.
    pub indicator: bool,
    pub rkpd_items: Vec<RkpdItemDto>,
    /// Proposed sub-activities (ids) to confirm or reject on the page.
    pub suggestions: Vec<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct GroupDto {
    /// OPD id or dimension code.
    pub key: String,
    pub due: u32,
    pub funded: u32,
    pub planned: i64,
    pub pagu: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ImportDto {
    pub id: i64,
    pub year: i32,
    pub revision: i32,
    pub label: String,
    pub file_name: String,
    pub items: i32,
    pub subtotal_rows: i32,
    pub total_pagu: i64,
    pub imported_at: String,
}

impl From<&kotacerdas_store::entity::rkpd_import::Model> for ImportDto {
    fn from(i: &kotacerdas_store::entity::rkpd_import::Model) -> Self {
        ImportDto {
            id: i.id,
            year: i.year,
            revision: i.revision,
            label: i.label.clone(),
            file_name: i.file_name.clone(),
            items: i.items,
            subtotal_rows: i.subtotal_rows,
            total_pagu: i.total_pagu,
            imported_at: i.imported_at.to_rfc3339(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AlignmentDto {
    pub year: i32,
    /// Share of the year's programmes with RKPD money, 0..1 (0 when none is due).
    pub share_funded: f64,
    pub due: u32,
    pub funded: u32,
    pub planned: i64,
    pub pagu: i64,
    /// The year's list in force; null when none was imported.
    pub import: Option<ImportDto>,
    /// One per programme due in the year.
    pub items: Vec<AlignmentItemDto>,
    /// RKPD sub-activities naming smart-city work that belong to no programme.
    pub unmatched_smart: Vec<RkpdItemDto>,
    pub by_opd: Vec<GroupDto>,
    pub by_dimension: Vec<GroupDto>,
}

fn group(key: String, t: &Totals) -> GroupDto {
    GroupDto { key, due: t.due, funded: t.funded, planned: t.planned, pagu: t.pagu }
}

fn item_dto(i: &kotacerdas_store::entity::rkpd_item::Model, how: Option<MatchedBy>) -> RkpdItemDto {
    RkpdItemDto {
        item_id: i.id,
        code: i.code.clone(),
        name: i.name.clone(),
        opd: i.opd_name.clone(),
        indicator: i.indicator.clone(),
        target: i.target.clone(),
        pagu: i.pagu,
        matched_by: how.map(|h| {
            match h {
                MatchedBy::Code => "code",
                MatchedBy::Manual => "manual",
                MatchedBy::Confirmed => "confirmed",
            }
            .to_string()
        }),
    }
}

/// A year parameter of the API: absent is this year, present it must be a year (an empty
/// `year=` is a malformed request, not "this year").
fn api_year(raw: Option<&str>) -> Result<i32, WebError> {
    match raw {
        Some(s) if s.trim().is_empty() => Err(WebError::BadRequest("error-bad-year")),
        other => year_of(other),
    }
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/alignment", tag = "regions", security(("bearer" = [])), params(("code" = String, Path), YearParams),
    responses((status = 200, body = AlignmentDto), (status = 400, body = ApiErrorBody)))]
pub async fn get_alignment(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
    Query(q): Query<YearParams>,
) -> ApiResult<Json<AlignmentDto>> {
    let year = api_year(q.year.as_deref())?;
    let y = alignment::year(&state.read, r.id, year).await?;
    let a = &y.alignment;
    let items = y
        .programmes
        .iter()
        .zip(a.rows.iter())
        .map(|(p, row)| AlignmentItemDto {
            programme_id: row.programme_id,
            name: p.programme.named(),
            opd_id: p.programme.opd_id,
            dimension: p.programme.element_code.split('-').next().unwrap_or_default().to_string(),
            funded: row.funded,
            funding: row.funding.as_str().to_string(),
            planned: row.planned,
            pagu: row.pagu,
            share: row.share_bp.map(|b| b as f64 / 10_000.0),
            indicator: row.indicator,
            rkpd_items: row.items.iter().filter_map(|(id, how)| y.item(*id).map(|i| item_dto(i, Some(*how)))).collect(),
            suggestions: row.suggestions.iter().map(|(id, _)| *id).collect(),
        })
        .collect();
    Ok(Json(AlignmentDto {
        year,
        share_funded: a.region.share_funded(),
        due: a.region.due,
        funded: a.region.funded,
        planned: a.region.planned,
        pagu: a.region.pagu,
        import: y.import.as_ref().map(ImportDto::from),
        items,
        unmatched_smart: a.unmatched_smart.iter().filter_map(|id| y.item(*id).map(|i| item_dto(i, None))).collect(),
        by_opd: a.by_opd.iter().map(|(o, t)| group(o.to_string(), t)).collect(),
        by_dimension: a.by_dimension.iter().map(|(d, t)| group(d.clone(), t)).collect(),
    }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct RenjaParams {
    /// The budget year (2000–2100); this year when absent.
    #[param(pattern = r"^20[0-9]{2}$")]
    pub year: Option<String>,
    /// Only this OPD's programmes (its id); all OPDs when absent.
    #[param(pattern = r"^[0-9]{1,18}$")]
    pub opd: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/renja.xlsx", tag = "regions", security(("bearer" = [])), params(("code" = String, Path), RenjaParams),
    responses((status = 200, description = "The masterplan programmes due in the year per OPD, with Permendagri 90 codes, indicators, targets and planned budget by source, as XLSX", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn renja_xlsx(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
    Query(q): Query<RenjaParams>,
) -> Result<Response, ApiError> {
    api_year(q.year.as_deref())?;
    if q.opd.as_deref().is_some_and(|s| s.trim().is_empty()) {
        return Err(ApiError(WebError::BadRequest("error-bad-request")));
    }
    let q = RenjaQuery { year: q.year, opd: q.opd };
    let (year, opd, lines) = renja_lines(&state, &r, &q).await?;
    let bytes = renja::xlsx(year, &lines, &renja_title(&r, year)).map_err(WebError::from)?;
    Ok(crate::views::plan::programme_import::xlsx_response(bytes, &renja_name(&r, year, opd, "xlsx")))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ImportParams {
    /// The budget year the list is for.
    #[param(pattern = r"^20[0-9]{2}$")]
    pub year: Option<String>,
    /// The list's name (RKPD, APBD, APBD-P); "RKPD" when absent.
    #[param(max_length = 100)]
    pub label: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/regions/{code}/rkpd", tag = "regions", security(("bearer" = [])), params(("code" = String, Path), ImportParams),
    request_body(content = Vec<u8>, description = "The adopted list as the planning system exports it: an XLSX workbook (its first sheet) or a CSV file. Columns are taken from the region's saved profile, else from the header words.", content_type = "application/octet-stream"),
    responses((status = 201, body = ImportDto), (status = 422, description = "The file cannot be read or has bad rows (`fields`: `file`, or `rows[N].field`); nothing was stored", body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
pub async fn import_rkpd(
    State(state): State<AppState>,
    ApiRegionManage { user: p, region: r, .. }: ApiRegionManage,
    Query(q): Query<ImportParams>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let year = api_year(q.year.as_deref())?;
    let profile = import::profile(&state.read, r.id).await.map_err(WebError::from)?;
    let reading = import::read(body, profile, None).await.map_err(WebError::from)?;
    let mut e = kotacerdas_domain::validate::Errors::new();
    let reading = match reading {
        Ok(rd) => rd,
        Err(import::Unreadable::NoHeader) => {
            e.add("file", "err-rkpd-no-header", None);
            return Err(ApiError(WebError::Invalid(e)));
        }
        Err(import::Unreadable::Intake(x)) => {
            e.add("file", x.code(), x.arg());
            return Err(ApiError(WebError::Invalid(e)));
        }
    };
    for x in reading.parsed.problems.iter().take(200) {
        e.add(&format!("rows[{}].{}", x.row, x.field.as_str()), x.code, None);
    }
    if !e.is_empty() {
        return Err(ApiError(WebError::Invalid(e)));
    }
    let label = q.label.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or("RKPD");
    let row = import::apply(&state.db, &actor(&p), r.id, year, label, "api", &reading).await.map_err(WebError::from)?;
    Ok((StatusCode::CREATED, Json(ImportDto::from(&row))).into_response())
}
