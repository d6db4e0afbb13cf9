//! The JSON API under `/api/v1`. Clients authenticate with a bearer token from
//! `POST /api/v1/auth/token`; the same rules as the pages decide what each may do.

pub mod accounts;
pub mod analysis;
pub mod audit;
pub mod book;
pub mod evaluation;
pub mod framework;
pub mod monitoring;
pub mod national;
pub mod opendata;
pub mod participation;
pub mod plan;
pub mod region;

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

/// A JSON body whose scalar fields are accepted as strings or numbers alike (the store's
/// inputs are form-shaped), with malformed JSON answered as a JSON 400.
pub struct ApiBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let Json(v) = Json::<Value>::from_request(req, state)
            .await
            .map_err(|_| ApiError(WebError::BadRequest("error-bad-json")))?;
        let Value::Object(map) = v else {
            return Err(ApiError(WebError::BadRequest("error-bad-json")));
        };
        let map: serde_json::Map<String, Value> = map
            .into_iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::Number(n) => Value::String(n.to_string()),
                    Value::Bool(b) => Value::String(b.to_string()),
                    Value::Null => Value::String(String::new()),
                    other => other,
                };
                (k, v)
            })
            .collect();
        serde_json::from_value(Value::Object(map))
            .map(ApiBody)
            .map_err(|_| ApiError(WebError::BadRequest("error-bad-json")))
    }
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
        token, me,
        region::regions::list_regions, region::regions::create_region, region::regions::get_region,
        region::opds::list_opds, region::opds::create_opd, region::opds::get_opd,
        region::members::list_members, region::members::create_member,
        region::stages::list_stages, region::stages::stage_action, region::mou::get_mou, region::mou::put_mou,
        region::cohorts::list_cohorts, region::cohorts::create_cohort, accounts::list_users, audit::region_audit, framework::framework, analysis::readiness::get_readiness, analysis::list_problems, analysis::list_apps, analysis::list_datasets, plan::get_plan, plan::list_programmes, plan::programmes_xlsx, plan::checks, plan::gov_codes, book::book_pdf, book::book_versions, book::book_diff, evaluation::evaluations, monitoring::rollup, national::national, participation::inputs,
        opendata::programmes_csv, opendata::programmes_json, opendata::budgets_csv, opendata::budgets_json,
        opendata::kpis_csv, opendata::kpis_json, opendata::evaluations_csv, opendata::evaluations_json,
        opendata::national_programmes_csv, opendata::national_programmes_json, opendata::national_budgets_csv,
        opendata::national_budgets_json, opendata::national_kpis_csv, opendata::national_kpis_json, opendata::catalog,
    ),
    modifiers(&BearerAuth),
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

pub async fn openapi() -> Response {
    (StatusCode::OK, Json(ApiDoc::openapi())).into_response()
}
