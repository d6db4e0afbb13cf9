//! The JSON API under `/api/v1`. Clients authenticate with a bearer token from
//! `POST /api/v1/auth/token`; the same rules as the pages decide what each may do.

pub mod accounts;
pub mod alignment;
pub mod analysis;
pub mod areas;
pub mod audit;
pub mod book;
pub mod evaluation;
pub mod framework;
pub mod monitoring;
pub mod national;
pub mod opendata;
pub mod participation;
pub mod plan;
pub mod reach;
pub mod region;
pub mod tasks;
pub mod workshops;

use crate::auth::{ApiUser, ClientIp};
use crate::error::{ApiError, ApiErrorBody, WebError};
use crate::AppState;
use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kotacerdas_store::accounts::users::{self, Login};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{OpenApi, ToSchema};

/// A JSON body read into its documented type `T` (the type the OpenAPI document shows), with
/// malformed JSON or a value of the wrong type answered as a JSON 400. Missing fields default
/// to empty, so the domain's validation names them (422), as on the forms.
pub struct ApiBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let Json(v) = Json::<Value>::from_request(req, state)
            .await
            .map_err(|_| ApiError(WebError::BadRequest("error-bad-json")))?;
        if !v.is_object() {
            return Err(ApiError(WebError::BadRequest("error-bad-json")));
        }
        serde_json::from_value(v).map(ApiBody).map_err(|_| ApiError(WebError::BadRequest("error-bad-json")))
    }
}

/// A whole number sent as a JSON number or as a string of digits (clients that fill forms);
/// the domain's validation checks the digits and the range. `null` is absent.
pub fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum N {
        Int(i64),
        // JSON has one number type: 2075.0 is the whole number 2075 (JSON Schema agrees).
        Float(f64),
        Text(String),
    }
    Ok(match Option::<N>::deserialize(d)? {
        None => String::new(),
        Some(N::Int(i)) => i.to_string(),
        Some(N::Float(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{f:.0}"),
        // Not whole: the domain's validation answers "not a number" for the field.
        Some(N::Float(f)) => f.to_string(),
        Some(N::Text(s)) => s,
    })
}

/// An optional text: `null` is absent.
pub fn optional_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    pub username: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer TOKEN`.
    pub token: String,
    /// Days until the token expires.
    pub expires_in_days: i64,
}

/// Exchange a username and password for a bearer token (throttled like the login form).
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", request_body = TokenRequest,
    responses((status = 200, body = TokenResponse), (status = 401, body = ApiErrorBody), (status = 429, body = ApiErrorBody)))]
pub async fn token(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    body: Result<Json<TokenRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(t) = body.map_err(|_| ApiError(WebError::BadRequest("error-bad-json")))?;
    if t.username.len() > 200 || t.password.len() > 1000 {
        return Err(ApiError(WebError::Unauthorized { next: String::new() }));
    }
    match users::authenticate(&state.db, &t.username, &t.password, &ip).await? {
        Login::Ok(u) => {
            let token = users::issue_token(&state.db, u.id).await?;
            Ok(Json(TokenResponse { token, expires_in_days: users::TOKEN_DAYS }).into_response())
        }
        Login::Invalid => Err(ApiError(WebError::Unauthorized { next: String::new() })),
        Login::Throttled(secs) => Err(ApiError(WebError::TooManyRequests { retry_after: secs })),
    }
}

#[derive(Serialize, ToSchema)]
pub struct MeResponse {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<RoleDto>,
}

#[derive(Serialize, ToSchema)]
pub struct RoleDto {
    pub role: String,
    pub region_id: Option<i64>,
    pub opd_id: Option<i64>,
}

/// The caller and their roles.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])), responses((status = 200, body = MeResponse), (status = 401, body = ApiErrorBody)))]
pub async fn me(ApiUser(p): ApiUser) -> Json<MeResponse> {
    Json(MeResponse {
        id: p.user_id,
        roles: p
            .assignments
            .iter()
            .map(|a| RoleDto { role: a.role.as_str().into(), region_id: a.region_id, opd_id: a.opd_id })
            .collect(),
        username: p.username,
        display_name: p.display_name,
    })
}

#[derive(OpenApi)]
#[openapi(
    info(title = "kotacerdas API", description = "Smart City masterplan platform: regions, stages, OPDs, council and team, audit."),
    paths(
        token, me, tasks::my_tasks,
        region::regions::list_regions, region::regions::create_region, region::regions::get_region,
        region::opds::list_opds, region::opds::create_opd, region::opds::get_opd,
        region::members::list_members, region::members::create_member,
        region::stages::list_stages, region::stages::stage_action, region::mou::get_mou, region::mou::put_mou,
        region::editions::list_editions, region::editions::start_review,
        region::cohorts::list_cohorts, region::cohorts::create_cohort, region::cohorts::list_candidates, region::cohorts::save_candidate, region::decrees::list_decrees, region::decrees::put_decree, region::kawasan::list_members, region::kawasan::add_member, accounts::list_users, audit::region_audit, framework::framework, analysis::readiness::get_readiness, analysis::list_problems, analysis::list_apps, analysis::list_datasets, plan::get_plan, plan::list_programmes, reach::put_also_serves, plan::programmes_xlsx, plan::checks, plan::gov_codes, book::book_pdf, book::book_versions, book::book_diff, evaluation::evaluations, monitoring::rollup, national::national, participation::inputs, workshops::list_workshops, alignment::get_alignment, alignment::renja_xlsx, alignment::import_rkpd, areas::provinces, areas::regencies, areas::districts, areas::villages, analysis::data_yardstick,
        opendata::programmes_csv, opendata::programmes_json, opendata::budgets_csv, opendata::budgets_json,
        opendata::kpis_csv, opendata::kpis_json, opendata::evaluations_csv, opendata::evaluations_json, opendata::alignment_csv, opendata::alignment_json,
        opendata::national_programmes_csv, opendata::national_programmes_json, opendata::national_budgets_csv,
        opendata::national_budgets_json, opendata::national_kpis_csv, opendata::national_kpis_json, opendata::catalog,
    ),
    modifiers(&BearerAuth, &CommonAnswers, &BodyRules),
    tags((name = "auth", description = "Tokens and the caller"), (name = "regions", description = "A region's data (bearer token; the region must be visible to the caller)"),
        (name = "programme", description = "The programme office's records"), (name = "national", description = "The nation at once (programme office)"),
        (name = "framework", description = "Reference lists"),
        (name = "open-data", description = "Open data for other portals: CSV and JSON per region once its plan is approved by the council, national exports, the DCAT-AP catalog"),
        (name = "participation", description = "Citizens' published inputs with their answers and follow-up (public)"))
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        if let Some(c) = openapi.components.as_mut() {
            c.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

/// The answers every operation can give besides its own, declared once so that the document
/// lists every status a client can receive: a missing or expired token (401), a path parameter
/// that names nothing the caller can see (404), a malformed parameter or body (400), a body over
/// the limit (413) or that fails validation (422), a database that is down (503, Retry-After) and,
/// for writes, a full disk (507). An operation's own declaration of a status wins.
struct CommonAnswers;

impl utoipa::Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::Operation;
        use utoipa::openapi::{Ref, RefOr, ResponseBuilder};
        let error = |text: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(text)
                    .content(
                        "application/json",
                        utoipa::openapi::content::ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ApiErrorBody")))
                            .build(),
                    )
                    .build(),
            )
        };
        let add = |op: &mut Operation, path: &str, write: bool| {
            let mut answers = vec![("503", "The database is unavailable; retry after the seconds in Retry-After")];
            if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                answers.push(("401", "No valid bearer token"));
            }
            if path.contains('{') {
                answers.push(("404", "Nothing by that name that the caller may see"));
            }
            if path.contains('{') || op.parameters.as_ref().is_some_and(|p| !p.is_empty()) {
                answers.push(("400", "A malformed parameter"));
            }
            if op.request_body.is_some() {
                answers.push(("400", "Malformed JSON, or not a JSON object"));
                answers.push(("413", "The body is over the size limit"));
                answers.push(("422", "The data failed validation; `fields` says which and why"));
            }
            if write {
                answers.push(("507", "The server's storage is full; nothing was stored"));
            }
            for (status, text) in answers {
                op.responses.responses.entry(status.to_string()).or_insert_with(|| error(text));
            }
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            for op in [&mut item.get, &mut item.head].into_iter().flatten() {
                add(op, path, false);
            }
            for op in [&mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten() {
                add(op, path, true);
            }
        }
    }
}

/// Two rules every request body follows, written once here instead of on each field:
/// - A text field with a length limit refuses control characters (but tab and line breaks), as
///   the domain's validation does; a required one (`minLength` 1) needs a character that is not
///   white space, since the domain trims. The pattern says so to clients and to schemathesis.
/// - Bodies read missing fields as empty (`serde(default)`) so that the domain's validation names
///   them (422, as on the forms); utoipa would publish that as `"default": ""`, which is no
///   default a client may rely on (and the wrong type for numbers), so it is dropped.
struct BodyRules;

const CONTROLS: &str = r"\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F";

impl BodyRules {
    fn apply(schema: &mut utoipa::openapi::Schema, body: bool) {
        use utoipa::openapi::{RefOr, Schema};
        let nested = |items: &mut Vec<RefOr<Schema>>| {
            for item in items.iter_mut() {
                if let RefOr::T(s) = item {
                    BodyRules::apply(s, body);
                }
            }
        };
        match schema {
            Schema::Object(o) => {
                if body {
                    o.default = None;
                }
                if o.max_length.is_some() && o.pattern.is_none() && o.format.is_none() {
                    o.pattern = Some(if o.min_length.unwrap_or(0) >= 1 {
                        format!(r"^[^{CONTROLS}]*[^\s\u0000-\u001F\u007F-\u009F][^{CONTROLS}]*$")
                    } else {
                        format!(r"^[^{CONTROLS}]*$")
                    });
                }
                for property in o.properties.values_mut() {
                    if let RefOr::T(s) = property {
                        BodyRules::apply(s, body);
                    }
                }
            }
            Schema::OneOf(o) => {
                if body {
                    o.default = None;
                }
                nested(&mut o.items);
            }
            Schema::AllOf(o) => nested(&mut o.items),
            Schema::AnyOf(o) => nested(&mut o.items),
            _ => {}
        }
    }
}

impl utoipa::Modify for BodyRules {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::RefOr;
        let Some(components) = openapi.components.as_mut() else { return };
        for (name, schema) in components.schemas.iter_mut() {
            if let RefOr::T(s) = schema {
                BodyRules::apply(s, name.ends_with("Body"));
            }
        }
    }
}

pub async fn openapi() -> Response {
    (StatusCode::OK, Json(ApiDoc::openapi())).into_response()
}
