//! Stage 1 over the API: the problem register, the application and data inventory, and the
//! readiness scores.

pub mod readiness;

use crate::access::ApiRegionView;
use crate::error::{ApiError, ApiErrorBody};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use kotacerdas_domain::analysis::Link;
use kotacerdas_domain::data_yardstick::{is_current, Counts};
use kotacerdas_store::{analysis::data_uses, analysis::inventory, analysis::problems};
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
    /// Ids of the apps that use this data set (they do not make it "used" in the yardstick).
    pub used_by: Vec<i64>,
    /// What it describes.
    #[schema(example = "health")]
    pub topic: String,
    /// The walidata or producer that keeps it.
    pub steward: Option<String>,
    /// Official data of Satu Data Indonesia, held by the walidata.
    pub authoritative: bool,
    /// Date of the last update (`YYYY-MM-DD`).
    pub last_updated: Option<chrono::NaiveDate>,
    /// Updated within its frequency's window (with grace) as of the region's today.
    pub current: bool,
    /// Used by at least one programme or one recorded decision.
    pub used: bool,
    /// Ids of the region's programmes that use it.
    pub programmes: Vec<i64>,
    /// Decisions that used it.
    pub decisions: Vec<DecisionDto>,
}

#[derive(Serialize, ToSchema)]
pub struct DecisionDto {
    pub id: i64,
    pub decided_on: chrono::NaiveDate,
    pub description: String,
}

/// Counts of data sets and the shares (0..1, `null` without data sets).
#[derive(Serialize, ToSchema)]
pub struct YardstickCounts {
    pub datasets: u32,
    pub current: u32,
    pub authoritative: u32,
    pub used: u32,
    /// Current, authoritative and used at once.
    pub real: u32,
    pub current_share: Option<f64>,
    pub authoritative_share: Option<f64>,
    pub used_share: Option<f64>,
    pub real_share: Option<f64>,
}

impl From<Counts> for YardstickCounts {
    fn from(c: Counts) -> Self {
        YardstickCounts {
            datasets: c.datasets,
            current: c.current,
            authoritative: c.authoritative,
            used: c.used,
            real: c.real,
            current_share: c.share(c.current),
            authoritative_share: c.share(c.authoritative),
            used_share: c.share(c.used),
            real_share: c.share(c.real),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct YardstickGroup {
    /// A dimension code (empty: data sets without an element) or a topic code.
    pub code: String,
    #[serde(flatten)]
    pub counts: YardstickCounts,
}

/// The "real data, not the number of apps" yardstick of a region.
#[derive(Serialize, ToSchema)]
pub struct YardstickDto {
    /// The region's day the currency was judged on.
    pub as_of: chrono::NaiveDate,
    pub total: YardstickCounts,
    pub by_dimension: Vec<YardstickGroup>,
    pub by_topic: Vec<YardstickGroup>,
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/data-yardstick", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = YardstickDto), (status = 404, body = ApiErrorBody)))]
pub async fn data_yardstick(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> Result<Json<YardstickDto>, ApiError> {
    let f = data_uses::yardstick(&state.db, r.id).await?;
    let group = |code: String, c: Counts| YardstickGroup { code, counts: c.into() };
    Ok(Json(YardstickDto {
        as_of: r.zone().today(),
        total: f.total.into(),
        by_dimension: f.by_dimension.into_iter().map(|(d, c)| group(d, c)).collect(),
        by_topic: f.by_topic.into_iter().map(|(t, c)| group(t.as_str().to_string(), c)).collect(),
    }))
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/datasets", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = [DatasetDto]), (status = 404, body = ApiErrorBody)))]
pub async fn list_datasets(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> Result<Json<Vec<DatasetDto>>, ApiError> {
    let links = inventory::links(&state.db, r.id).await?;
    let today = r.zone().today();
    let progs = data_uses::programme_uses(&state.db, r.id).await?;
    let decisions = data_uses::decisions(&state.db, r.id).await?;
    Ok(Json(
        data_uses::facts(&state.db, r.id)
            .await?
            .into_iter()
            .map(|(d, f)| DatasetDto {
                current: is_current(f.frequency, f.last_updated, today),
                used: f.used,
                programmes: progs.iter().filter(|u| u.dataset_id == d.id).map(|u| u.programme_id).collect(),
                decisions: decisions
                    .iter()
                    .filter(|x| x.dataset_id == d.id)
                    .map(|x| DecisionDto { id: x.id, decided_on: x.decided_on, description: x.description.clone() })
                    .collect(),
                topic: d.topic,
                steward: d.steward,
                authoritative: d.authoritative,
                last_updated: d.last_updated,
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
