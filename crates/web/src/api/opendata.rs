//! Open data for other portals to harvest: per region the programmes, yearly budgets, KPIs with
//! targets and actuals, and evaluation results as CSV and JSON; the same for the whole nation
//! (every region whose plan is published), streamed page by page; and a DCAT-AP catalog of it
//! all as JSON-LD.
//!
//! A region's data is public once its plan is published (its council approved a version of the
//! masterplan book, see `kotacerdas_store::opendata`); before that only those who may read the
//! region get it, and everybody else a 404, as for any region they cannot see.

use crate::auth::{bearer, UID};
use crate::error::{ApiError, ApiErrorBody, WebError};
use crate::AppState;
use axum::body::Body;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use kotacerdas_domain::csv;
use kotacerdas_domain::evaluation::Part;
use kotacerdas_domain::framework::DIMENSIONS;
use kotacerdas_domain::Principal;
use kotacerdas_store::entity::region;
use kotacerdas_store::opendata::{self, Scope, PAGE};
use kotacerdas_store::{accounts::users, evaluation, region::regions, DatabaseConnection, StoreError};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use tower_sessions::Session;

/// Whoever asks, if anyone: a bearer token, else a signed-in session, else nobody. Reading the
/// session never creates one, so harvesters leave no session rows behind.
pub struct MaybeUser(pub Option<Principal>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let uid = match bearer(&parts.headers) {
            Some(token) => Some(
                users::token_user(&state.db, token)
                    .await?
                    .ok_or(ApiError(WebError::Unauthorized { next: String::new() }))?,
            ),
            None => match Session::from_request_parts(parts, state).await {
                Ok(s) => s.get::<i64>(UID).await.ok().flatten(),
                Err(_) => None,
            },
        };
        Ok(MaybeUser(match uid {
            Some(id) => users::principal(&state.db, id).await?,
            None => None,
        }))
    }
}

/// The region if its plan is published or the caller may read it; a 404 otherwise.
async fn open_region(state: &AppState, who: &Option<Principal>, code: &str) -> Result<region::Model, ApiError> {
    let r = regions::by_code(&state.db, code).await?;
    if who.as_ref().is_some_and(|p| p.can_view_region(r.id)) {
        return Ok(r);
    }
    match opendata::publication(&state.db, r.id).await? {
        Some(_) => Ok(r),
        None => Err(ApiError(WebError::NotFound)),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
    fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
        }
    }
    fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv",
            Format::Json => "application/json",
        }
    }
}

/// The tables of the open data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Programmes,
    Budgets,
    Kpis,
    Evaluations,
    Alignment,
}

impl Table {
    pub const ALL: [Table; 5] = [Table::Programmes, Table::Budgets, Table::Kpis, Table::Evaluations, Table::Alignment];
    /// The national exports (evaluations are per region).
    pub const NATIONAL: [Table; 3] = [Table::Programmes, Table::Budgets, Table::Kpis];

    fn name(self) -> &'static str {
        match self {
            Table::Programmes => "programmes",
            Table::Budgets => "budgets",
            Table::Kpis => "kpis",
            Table::Evaluations => "evaluations",
            Table::Alignment => "alignment",
        }
    }
    fn title(self, lang: &str) -> &'static str {
        match (self, lang) {
            (Table::Programmes, "en") => "Programmes",
            (Table::Programmes, _) => "Program",
            (Table::Budgets, "en") => "Yearly budgets by funding source",
            (Table::Budgets, _) => "Anggaran tahunan per sumber dana",
            (Table::Kpis, "en") => "KPIs with yearly targets and actuals",
            (Table::Kpis, _) => "Indikator kinerja dengan target dan realisasi tahunan",
            (Table::Evaluations, "en") => "Evaluation results",
            (Table::Evaluations, _) => "Hasil evaluasi",
            (Table::Alignment, "en") => "Masterplan programmes in the adopted yearly budget (RKPD)",
            (Table::Alignment, _) => "Keselarasan program masterplan dengan RKPD tahunan",
        }
    }
}

fn emit<T: Serialize>(
    out: &mut String,
    format: Format,
    first: &mut bool,
    rows: &[T],
    cells: impl Fn(&T) -> Vec<String>,
) -> Result<(), StoreError> {
    for r in rows {
        match format {
            Format::Csv => csv::push_line(out, &cells(r)),
            Format::Json => {
                out.push_str(if *first { "\n" } else { ",\n" });
                out.push_str(&serde_json::to_string(r).map_err(|e| StoreError::Storage(e.to_string()))?);
            }
        }
        *first = false;
    }
    Ok(())
}

/// One page of a paged table rendered onto `out`; where the next page starts.
async fn page(
    db: &DatabaseConnection,
    table: Table,
    scope: Scope,
    after: i64,
    format: Format,
    first: &mut bool,
    out: &mut String,
) -> Result<Option<i64>, StoreError> {
    Ok(match table {
        Table::Programmes => {
            let p = opendata::programmes_page(db, scope, after, PAGE).await?;
            emit(out, format, first, &p.rows, |r| r.cells())?;
            p.next
        }
        Table::Budgets => {
            let p = opendata::budgets_page(db, scope, after, PAGE).await?;
            emit(out, format, first, &p.rows, |r| r.cells())?;
            p.next
        }
        Table::Kpis => {
            let p = opendata::kpis_page(db, scope, after, PAGE).await?;
            emit(out, format, first, &p.rows, |r| r.cells())?;
            p.next
        }
        Table::Evaluations | Table::Alignment => None,
    })
}

fn columns(table: Table) -> Vec<String> {
    match table {
        Table::Programmes => opendata::PROGRAMME_COLUMNS.iter().map(|s| s.to_string()).collect(),
        Table::Budgets => opendata::BUDGET_COLUMNS.iter().map(|s| s.to_string()).collect(),
        Table::Kpis => opendata::KPI_COLUMNS.iter().map(|s| s.to_string()).collect(),
        Table::Evaluations => evaluation_columns(),
        Table::Alignment => ALIGNMENT_COLUMNS.iter().map(|s| s.to_string()).collect(),
    }
}

struct Cursor {
    after: i64,
    started: bool,
    first: bool,
}

/// The export as a stream: one chunk per page of programmes, read when the client is ready
/// for it, so memory stays flat whatever the size (no `Content-Length`: chunked).
fn stream(db: DatabaseConnection, table: Table, scope: Scope, format: Format) -> Body {
    let s = futures::stream::unfold(Some(Cursor { after: 0, started: false, first: true }), move |cursor| {
        let db = db.clone();
        async move {
            let mut c = cursor?;
            let mut out = String::new();
            if !c.started {
                c.started = true;
                match format {
                    Format::Csv => csv::push_line(&mut out, &columns(table)),
                    Format::Json => out.push('['),
                }
            }
            match page(&db, table, scope, c.after, format, &mut c.first, &mut out).await {
                Ok(Some(next)) => {
                    c.after = next;
                    Some((Ok::<Bytes, std::io::Error>(Bytes::from(out)), Some(c)))
                }
                Ok(None) => {
                    if format == Format::Json {
                        out.push_str("\n]\n");
                    }
                    Some((Ok(Bytes::from(out)), None))
                }
                Err(e) => {
                    // The status line is sent already: the client sees a cut-off body.
                    tracing::error!(error = %e, table = table.name(), "open data export failed");
                    Some((Err(std::io::Error::other(e.to_string())), None))
                }
            }
        }
    });
    // Fused: the compression layer polls once more after the end, which `unfold` forbids.
    Body::from_stream(futures::StreamExt::fuse(s))
}

fn download(format: Format, filename: &str, body: Body) -> Response {
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    resp
}

async fn region_export(
    state: &AppState,
    who: &Option<Principal>,
    code: &str,
    table: Table,
    format: Format,
) -> Result<Response, ApiError> {
    let r = open_region(state, who, code).await?;
    let filename = format!("{}-{}.{}", table.name(), r.code, format.ext());
    let body = if table == Table::Evaluations {
        Body::from(evaluations(&state.read, &r, format).await?)
    } else if table == Table::Alignment {
        Body::from(alignment(&state.read, &r, format).await?)
    } else {
        stream(state.read.clone(), table, Scope::Region(r.id), format)
    };
    Ok(download(format, &filename, body))
}

fn national_export(state: &AppState, table: Table, format: Format) -> Response {
    let filename = format!("nasional-{}.{}", table.name(), format.ext());
    download(format, &filename, stream(state.read.clone(), table, Scope::Published, format))
}

fn evaluation_columns() -> Vec<String> {
    let mut c: Vec<String> =
        ["region_code", "year", "title", "closed", "index"].iter().map(|s| s.to_string()).collect();
    for p in Part::ALL {
        c.push(format!("weight_{}", p.as_str()));
        c.push(format!("score_{}", p.as_str()));
    }
    c.extend(DIMENSIONS.iter().map(|d| format!("index_{}", d.named.code.to_lowercase())));
    // Last, so readers of the earlier columns by position keep working.
    c.push("provisional".into());
    c
}

/// A value kept in hundredths as a JSON number (3.31) or a CSV cell ("3.31").
fn two(v: Option<i64>) -> Value {
    v.map(|v| json!(v as f64 / 100.0)).unwrap_or(Value::Null)
}
fn two_text(v: Option<i64>) -> String {
    v.map(|v| kotacerdas_domain::format::hundredths(v, "en")).unwrap_or_default()
}

/// Every evaluation round of the region: index, part weights and scores, index per dimension.
async fn evaluations(db: &DatabaseConnection, r: &region::Model, format: Format) -> Result<String, StoreError> {
    let mut out = String::new();
    let mut list = Vec::new();
    if format == Format::Csv {
        csv::push_line(&mut out, &evaluation_columns());
    }
    for (round, _) in evaluation::history(db, r.id).await? {
        let s = evaluation::summary(db, &round, r.id).await?;
        let part = |p: Part| s.parts.iter().find(|x| x.part == p);
        let dim = |code: &str| s.dimensions.get(code).and_then(|(_, _, _, ix)| *ix);
        match format {
            Format::Csv => {
                let mut c = vec![
                    r.code.clone(),
                    round.year.to_string(),
                    round.title.clone(),
                    round.closed.to_string(),
                    two_text(s.index),
                ];
                for p in Part::ALL {
                    c.push(part(*p).map(|x| x.weight.to_string()).unwrap_or_default());
                    c.push(two_text(part(*p).and_then(|x| x.score)));
                }
                c.extend(DIMENSIONS.iter().map(|d| two_text(dim(d.named.code))));
                c.push(s.status.provisional().to_string());
                csv::push_line(&mut out, &c);
            }
            Format::Json => {
                let parts: BTreeMap<&str, Value> = Part::ALL
                    .iter()
                    .map(|p| {
                        let x = part(*p);
                        (
                            p.as_str(),
                            json!({
                                "weight": x.map(|x| x.weight),
                                "score": two(x.and_then(|x| x.score)),
                                "source": x.map(|x| x.source),
                                "suggestion": two(x.and_then(|x| x.suggestion).map(|g| g.score)),
                                "reason": x.map(|x| x.reason.as_str()),
                            }),
                        )
                    })
                    .collect();
                let dims: BTreeMap<&str, Value> =
                    DIMENSIONS.iter().map(|d| (d.named.code, two(dim(d.named.code)))).collect();
                list.push(json!({
                    "region_code": r.code,
                    "year": round.year,
                    "title": round.title,
                    "closed": round.closed,
                    "index": two(s.index),
                    "provisional": s.status.provisional(),
                    "missing_parts": s.status.missing.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
                    "formula": s.status.formula("en"),
                    "parts": parts,
                    "dimensions": dims,
                }));
            }
        }
    }
    if format == Format::Json {
        out = serde_json::to_string_pretty(&list).map_err(|e| StoreError::Storage(e.to_string()))?;
        out.push('\n');
    }
    Ok(out)
}

const ALIGNMENT_COLUMNS: [&str; 11] = [
    "region_code",
    "year",
    "rkpd_revision",
    "programme_id",
    "programme",
    "dimension",
    "funded",
    "funding",
    "planned",
    "pagu",
    "rkpd_codes",
];

/// Every year with an imported RKPD: per programme due that year, its planned money and what the
/// adopted RKPD gives it (whole rupiah), with the sub-activity codes matched.
async fn alignment(db: &DatabaseConnection, r: &region::Model, format: Format) -> Result<String, StoreError> {
    let mut out = String::new();
    let mut list = Vec::new();
    if format == Format::Csv {
        csv::push_line(&mut out, &ALIGNMENT_COLUMNS);
    }
    let mut years = kotacerdas_store::alignment::years(db, r.id).await?;
    years.sort_unstable();
    for year in years {
        let y = kotacerdas_store::alignment::year(db, r.id, year).await?;
        let revision = y.import.as_ref().map(|i| i.revision).unwrap_or_default();
        for (p, row) in y.programmes.iter().zip(y.alignment.rows.iter()) {
            let codes: Vec<String> =
                row.items.iter().filter_map(|(id, _)| y.item(*id).map(|i| i.code.clone())).collect();
            let dimension = p.programme.element_code.split('-').next().unwrap_or_default().to_string();
            match format {
                Format::Csv => csv::push_line(
                    &mut out,
                    &[
                        r.code.clone(),
                        year.to_string(),
                        revision.to_string(),
                        row.programme_id.to_string(),
                        p.programme.named(),
                        dimension,
                        row.funded.to_string(),
                        row.funding.as_str().to_string(),
                        row.planned.to_string(),
                        row.pagu.to_string(),
                        codes.join(" "),
                    ],
                ),
                Format::Json => list.push(json!({
                    "region_code": r.code,
                    "year": year,
                    "rkpd_revision": revision,
                    "programme_id": row.programme_id,
                    "programme": p.programme.named(),
                    "dimension": dimension,
                    "funded": row.funded,
                    "funding": row.funding.as_str(),
                    "planned": row.planned,
                    "pagu": row.pagu,
                    "rkpd_codes": codes,
                })),
            }
        }
    }
    if format == Format::Json {
        out = serde_json::to_string_pretty(&list).map_err(|e| StoreError::Storage(e.to_string()))?;
        out.push('\n');
    }
    Ok(out)
}

macro_rules! region_routes {
    ($($fn:ident, $path:tt, $table:expr, $format:expr, $ct:tt, $what:tt;)+) => {$(
        #[doc = $what]
        #[utoipa::path(get, path = $path, tag = "open-data", params(("code" = String, Path, description = "Region code, e.g. 99.01")),
            description = "Public when the region's plan is published (a book version approved by the council or enacted); before that only for users who may read the region (bearer token or session), 404 for everybody else.",
            responses((status = 200, description = $what, content_type = $ct), (status = 404, body = ApiErrorBody)))]
        pub async fn $fn(
            MaybeUser(who): MaybeUser,
            State(state): State<AppState>,
            Path(code): Path<String>,
        ) -> Result<Response, ApiError> {
            region_export(&state, &who, &code, $table, $format).await
        }
    )+};
}

region_routes! {
    programmes_csv, "/api/v1/regions/{code}/programmes.csv", Table::Programmes, Format::Csv, "text/csv",
        "The region's programmes: id, region, name, brand, dimension, element, lead OPD, horizon, start/end year, Permendagri 90 code, total budget (whole rupiah), description, output, outcome.";
    programmes_json, "/api/v1/regions/{code}/programmes.json", Table::Programmes, Format::Json, "application/json",
        "The region's programmes as a JSON array (the columns of the CSV).";
    budgets_csv, "/api/v1/regions/{code}/budgets.csv", Table::Budgets, Format::Csv, "text/csv",
        "Yearly budgets: programme × year × funding source, whole rupiah.";
    budgets_json, "/api/v1/regions/{code}/budgets.json", Table::Budgets, Format::Json, "application/json",
        "Yearly budgets as a JSON array.";
    kpis_csv, "/api/v1/regions/{code}/kpis.csv", Table::Kpis, Format::Csv, "text/csv",
        "KPIs with unit, baseline, direction and per year the target and the actual from the monitoring reports.";
    kpis_json, "/api/v1/regions/{code}/kpis.json", Table::Kpis, Format::Json, "application/json",
        "KPIs with yearly targets and actuals as a JSON array.";
    evaluations_csv, "/api/v1/regions/{code}/evaluations.csv", Table::Evaluations, Format::Csv, "text/csv",
        "Evaluation results per round year: index 0–5, part weights and scores, index per dimension.";
    evaluations_json, "/api/v1/regions/{code}/evaluations.json", Table::Evaluations, Format::Json, "application/json",
        "Evaluation results per round year as a JSON array.";
    alignment_csv, "/api/v1/regions/{code}/alignment.csv", Table::Alignment, Format::Csv, "text/csv",
        "Per year with an adopted RKPD imported, per masterplan programme due that year: planned money, the RKPD's pagu for it (whole rupiah), funded or not, and the sub-activity codes matched.";
    alignment_json, "/api/v1/regions/{code}/alignment.json", Table::Alignment, Format::Json, "application/json",
        "The alignment with the yearly RKPD as a JSON array (the columns of the CSV).";
}

macro_rules! national_routes {
    ($($fn:ident, $path:tt, $table:expr, $format:expr, $ct:tt, $what:tt;)+) => {$(
        #[doc = $what]
        #[utoipa::path(get, path = $path, tag = "open-data",
            description = "Every region whose plan is published, streamed (chunked, no Content-Length) page by page in programme order.",
            responses((status = 200, description = $what, content_type = $ct)))]
        pub async fn $fn(State(state): State<AppState>) -> Response {
            national_export(&state, $table, $format)
        }
    )+};
}

national_routes! {
    national_programmes_csv, "/api/v1/national/programmes.csv", Table::Programmes, Format::Csv, "text/csv",
        "The programmes of every published plan (the columns of a region's programmes.csv).";
    national_programmes_json, "/api/v1/national/programmes.json", Table::Programmes, Format::Json, "application/json",
        "The programmes of every published plan as a JSON array.";
    national_budgets_csv, "/api/v1/national/budgets.csv", Table::Budgets, Format::Csv, "text/csv",
        "The yearly budgets of every published plan.";
    national_budgets_json, "/api/v1/national/budgets.json", Table::Budgets, Format::Json, "application/json",
        "The yearly budgets of every published plan as a JSON array.";
    national_kpis_csv, "/api/v1/national/kpis.csv", Table::Kpis, Format::Csv, "text/csv",
        "The KPIs with yearly targets and actuals of every published plan.";
    national_kpis_json, "/api/v1/national/kpis.json", Table::Kpis, Format::Json, "application/json",
        "The KPIs of every published plan as a JSON array.";
}

/// The address links in the catalog start with: the `public_url` setting, else the request's
/// `Host` (with `X-Forwarded-Proto` behind a trusted proxy).
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(u) = &state.settings.public_url {
        return u.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
        .unwrap_or("localhost");
    let proto = state
        .settings
        .trust_proxy
        .then(|| headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()))
        .flatten()
        .filter(|p| *p == "https")
        .unwrap_or("http");
    format!("{proto}://{host}")
}

const LICENSE: &str = "https://creativecommons.org/licenses/by/4.0/";
const FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type/";
const IANA: &str = "https://www.iana.org/assignments/media-types/";

fn lit(v: &str, lang: &str) -> Value {
    json!({"@value": v, "@language": lang})
}

fn datetime(t: chrono::DateTime<chrono::Utc>) -> Value {
    json!({"@value": t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), "@type": "xsd:dateTime"})
}

fn distribution(base: &str, path: &str, table: Table, format: Format, label: &str) -> Value {
    let url = format!("{base}{path}");
    let fmt = match format {
        Format::Csv => "CSV",
        Format::Json => "JSON",
    };
    json!({
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": [lit(&format!("{} — {label} ({fmt})", table.title("id")), "id"), lit(&format!("{} — {label} ({fmt})", table.title("en")), "en")],
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dct:format": {"@id": format!("{FILE_TYPE}{fmt}")},
        "dcat:mediaType": {"@id": format!("{IANA}{}", format.media_type())},
        "dct:license": {"@id": LICENSE},
    })
}

/// The DCAT-AP catalog of the open data as JSON-LD: one dataset per region with a published
/// plan (each table as CSV and JSON), and the national datasets.
#[utoipa::path(get, path = "/api/v1/catalog.jsonld", tag = "open-data",
    responses((status = 200, description = "DCAT-AP catalog (dcat:Catalog with a dcat:Dataset per region with a published plan and the national datasets, each with its CSV and JSON dcat:Distributions); harvestable by CKAN's ckanext-dcat", content_type = "application/ld+json")))]
pub async fn catalog(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let base = base_url(&state, &headers);
    let published = opendata::published(&state.db).await?;
    let office = kotacerdas_store::national::settings::get(&state.db).await.ok();
    let office_name = office.as_ref().map(|o| o.ministry_name.clone()).unwrap_or_else(|| "kotacerdas".into());
    let programme_name = office.as_ref().map(|o| o.name.clone()).unwrap_or_else(|| "Gerakan Menuju Smart City".into());
    let publisher = json!({"@id": format!("{base}/#publisher"), "@type": "foaf:Agent", "foaf:name": office_name});
    let now = chrono::Utc::now();
    let modified = published.iter().map(|p| p.modified).max().unwrap_or(now);
    let issued = published.iter().map(|p| p.version.created_at).min().unwrap_or(now);
    let theme = json!([{"@id": "http://publications.europa.eu/resource/authority/data-theme/GOVE"}, {"@id": "http://publications.europa.eu/resource/authority/data-theme/ECON"}]);
    let keywords = json!([
        lit("smart city", "en"),
        lit("kota cerdas", "id"),
        lit("masterplan", "id"),
        lit("anggaran", "id"),
        lit("budget", "en"),
        lit("KPI", "en"),
        lit("evaluasi", "id")
    ]);
    let mut datasets: Vec<Value> = published
        .iter()
        .map(|p| {
            let r = &p.region;
            let id = format!("{base}/api/v1/regions/{}#dataset", r.code);
            let distributions: Vec<Value> = Table::ALL
                .iter()
                .flat_map(|t| {
                    [Format::Csv, Format::Json].map(|f| {
                        distribution(
                            &base,
                            &format!("/api/v1/regions/{}/{}.{}", r.code, t.name(), f.ext()),
                            *t,
                            f,
                            &r.name,
                        )
                    })
                })
                .collect();
            json!({
                "@id": id,
                "@type": "dcat:Dataset",
                "dct:identifier": format!("kotacerdas-{}", r.code),
                "dct:title": [lit(&format!("Masterplan Smart City {}", r.name), "id"), lit(&format!("Smart City masterplan of {}", r.name), "en")],
                "dct:description": [
                    lit(&format!("Program, anggaran tahunan per sumber dana, indikator kinerja (target dan realisasi) dan hasil evaluasi Masterplan Smart City {} ({}), disetujui Dewan Smart City (versi {}, {}).", r.name, r.code, p.version.number, p.version.status), "id"),
                    lit(&format!("Programmes, yearly budgets by funding source, KPIs (targets and actuals) and evaluation results of the Smart City masterplan of {} ({}), approved by its Smart City council (version {}, {}).", r.name, r.code, p.version.number, p.version.status), "en"),
                ],
                "dcat:keyword": keywords,
                "dcat:theme": theme,
                "dct:spatial": {"@type": "dct:Location", "skos:prefLabel": r.name, "dct:identifier": r.code},
                "dct:publisher": {"@type": "foaf:Agent", "foaf:name": r.name},
                "dct:issued": datetime(p.version.created_at),
                "dct:modified": datetime(p.modified),
                "dct:language": [{"@id": "http://publications.europa.eu/resource/authority/language/IND"}],
                "dct:license": {"@id": LICENSE},
                "dcat:landingPage": {"@id": format!("{base}/publik/{}/pemantauan", r.code)},
                "dcat:contactPoint": {
                    "@type": "vcard:Organization",
                    "vcard:fn": format!("Pemerintah {}", r.name),
                    "vcard:hasURL": {"@id": format!("{base}/publik/{}/pemantauan", r.code)},
                },
                "owl:versionInfo": p.version.number.to_string(),
                "dcat:distribution": distributions,
            })
        })
        .collect();
    let label_id = "seluruh daerah dengan masterplan yang disetujui";
    datasets.extend(Table::NATIONAL.iter().map(|t| {
        let distributions: Vec<Value> = [Format::Csv, Format::Json]
            .map(|f| distribution(&base, &format!("/api/v1/national/{}.{}", t.name(), f.ext()), *t, f, "nasional"))
            .to_vec();
        json!({
            "@id": format!("{base}/api/v1/national/{}#dataset", t.name()),
            "@type": "dcat:Dataset",
            "dct:identifier": format!("kotacerdas-national-{}", t.name()),
            "dct:title": [lit(&format!("{} — nasional", t.title("id")), "id"), lit(&format!("{} — national", t.title("en")), "en")],
            "dct:description": [
                lit(&format!("{} dari {label_id} ({} daerah).", t.title("id"), published.len()), "id"),
                lit(&format!("{} of every region with an approved masterplan ({} regions).", t.title("en"), published.len()), "en"),
            ],
            "dcat:keyword": keywords,
            "dcat:theme": theme,
            "dct:spatial": {"@type": "dct:Location", "skos:prefLabel": "Indonesia", "dct:identifier": "ID"},
            "dct:publisher": publisher,
            "dct:issued": datetime(issued),
            "dct:modified": datetime(modified),
            "dct:license": {"@id": LICENSE},
            "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": office_name, "vcard:hasURL": {"@id": format!("{base}/")}},
            "dcat:distribution": distributions,
        })
    }));
    let doc = json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "owl": "http://www.w3.org/2002/07/owl#",
        },
        "@id": format!("{base}/api/v1/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": [lit(&format!("Data terbuka {programme_name}"), "id"), lit(&format!("Open data of {programme_name}"), "en")],
        "dct:description": [
            lit("Masterplan Smart City daerah yang telah disetujui Dewan Smart City dan hasilnya: program, anggaran, indikator kinerja dan evaluasi.", "id"),
            lit("The Smart City masterplans approved by the regions' councils and their results: programmes, budgets, KPIs and evaluations.", "en"),
        ],
        "dct:publisher": publisher,
        "foaf:homepage": {"@id": format!("{base}/")},
        "dct:language": [{"@id": "http://publications.europa.eu/resource/authority/language/IND"}, {"@id": "http://publications.europa.eu/resource/authority/language/ENG"}],
        "dct:license": {"@id": LICENSE},
        "dct:issued": datetime(issued),
        "dct:modified": datetime(modified),
        "dcat:themeTaxonomy": {"@id": "http://publications.europa.eu/resource/authority/data-theme"},
        "dcat:dataset": datasets,
    });
    let body = serde_json::to_vec(&doc).map_err(|e| WebError::Internal(e.to_string()))?;
    let mut resp = Body::from(body).into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/ld+json"));
    resp.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    Ok(resp)
}
