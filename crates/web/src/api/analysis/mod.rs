//! Stage 1 over the API: the problem register, the application and data inventory, and the
//! readiness scores.

pub mod readiness;

use crate::access::ApiRegionView;
use crate::error::{ApiError, ApiErrorBody};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use kotacerdas_domain::analysis::Link;
use kotacerdas_store::{analysis::inventory, analysis::problems};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ProblemDto {
    pub id: i64,
    /// Element of the framework, e.g. `LIV-HE`.
    pub element_code: String,
    pub dimension_code: String,
    /// condition or problem.
    pub kind: String,
    pub title: String,
    pub description: Option<String>,
    pub evidence_figure: Option<String>,
    pub evidence_source: Option<String>,
    pub evidence_year: Option<i32>,
    /// 1 (minor) … 5 (critical).
    pub severity: i32,
    pub affected_citizens: Option<i64>,
    pub opd_id: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/problems", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = [ProblemDto]), (status = 404, body = ApiErrorBody)))]
pub async fn list_problems(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> Result<Json<Vec<ProblemDto>>, ApiError> {
    Ok(Json(
        problems::list(&state.db, r.id)
            .await?
            .into_iter()
            .map(|x| ProblemDto {
                id: x.id,
                dimension_code: x.element_code.split('-').next().unwrap_or_default().to_string(),
                element_code: x.element_code,
                kind: x.kind,
                title: x.title,
                description: x.description,
                evidence_figure: x.evidence_figure,
                evidence_source: x.evidence_source,
                evidence_year: x.evidence_year,
                severity: x.severity,
                affected_citizens: x.affected_citizens,
                opd_id: x.opd_id,
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct AppDto {
    pub id: i64,
    pub name: String,
    pub opd_id: i64,
    pub purpose: String,
    pub users: String,
    /// planned, development, active, retired.
    pub status: String,
    pub hosting: String,
    pub integrations: Option<String>,
    /// Element the app serves, e.g. `GOV-PS`, when it belongs to one.
    pub element_code: Option<String>,
    /// Data set ids the app produces and uses.
    pub produces: Vec<i64>,
    pub uses: Vec<i64>,
    /// Whether another app uses data this app produces (the programme's criterion).
    pub data_used: bool,
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/apps", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = [AppDto]), (status = 404, body = ApiErrorBody)))]
pub async fn list_apps(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> Result<Json<Vec<AppDto>>, ApiError> {
    let links = inventory::links(&state.db, r.id).await?;
    let of = |id: i64, l: Link| -> Vec<i64> {
        links.iter().filter(|(a, _, k)| *a == id && *k == l).map(|(_, d, _)| *d).collect()
    };
    Ok(Json(
        inventory::apps(&state.db, r.id)
            .await?
            .into_iter()
            .map(|a| {
                let produces = of(a.id, Link::Produces);
                let data_used =
                    links.iter().any(|(other, ds, k)| *other != a.id && *k == Link::Uses && produces.contains(ds));
                AppDto {
                    uses: of(a.id, Link::Uses),
                    produces,
                    data_used,
                    id: a.id,
                    name: a.name,
                    opd_id: a.opd_id,
                    purpose: a.purpose,
                    users: a.users,
                    status: a.status,
                    hosting: a.hosting,
                    integrations: a.integrations,
                    element_code: a.element_code,
                }
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct DatasetDto {
    pub id: i64,
    pub name: String,
    pub opd_id: i64,
    pub frequency: String,
    pub open: bool,
    pub element_code: Option<String>,
    /// Ids of the apps that use this data set.
    pub used_by: Vec<i64>,
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/datasets", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = [DatasetDto]), (status = 404, body = ApiErrorBody)))]
pub async fn list_datasets(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> Result<Json<Vec<DatasetDto>>, ApiError> {
    let links = inventory::links(&state.db, r.id).await?;
    Ok(Json(
        inventory::datasets(&state.db, r.id)
            .await?
            .into_iter()
            .map(|d| DatasetDto {
                used_by: links
                    .iter()
                    .filter(|(_, ds, k)| *ds == d.id && *k == Link::Uses)
                    .map(|(a, _, _)| *a)
                    .collect(),
                id: d.id,
                name: d.name,
                opd_id: d.opd_id,
                frequency: d.frequency,
                open: d.open,
                element_code: d.element_code,
            })
            .collect(),
    ))
}
