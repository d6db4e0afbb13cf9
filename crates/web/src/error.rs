//! One error type for the web layer, rendered as a page or, through [`ApiError`], as JSON.
//! Internal errors are logged with detail and shown to the user only as "something went wrong".

use crate::i18n::Lang;
use askama::Template;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use kotacerdas_domain::validate::{Errors, FieldError};
use kotacerdas_store::StoreError;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// Not signed in: pages redirect to the login form, the API answers 401.
    #[error("unauthorized")]
    Unauthorized { next: String },
    #[error("csrf token missing or wrong")]
    Csrf,
    #[error("too many requests")]
    TooManyRequests { retry_after: i64 },
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("invalid input")]
    Invalid(Errors),
    /// The request is well-formed but the record's state does not allow it (a stage transition).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The database cannot be reached right now; the client should try again shortly.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// No space left for the database or the files; nothing was written.
    #[error("storage full: {0}")]
    StorageFull(String),
    /// A framework-level refusal (unparsable path or query, method not allowed, unsupported media
    /// type, body too large), rendered in our format by [`crate::errors_layer`].
    #[error("rejected: {1}")]
    Rejected(StatusCode, &'static str),
    #[error("internal: {0}")]
    Internal(String),
    /// The heavy-work pool is full: a 503 with Retry-After, never a stalled page.
    #[error("server busy")]
    Busy,
}

/// Seconds a client is asked to wait when the server is busy.
const BUSY_RETRY_SECONDS: i64 = 5;

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => WebError::NotFound,
            StoreError::Invalid(errors) => WebError::Invalid(errors),
            StoreError::Stage(s) => WebError::Conflict(s.code()),
            StoreError::Version(kotacerdas_domain::versions::VersionError::Forbidden) => WebError::Forbidden,
            StoreError::Version(v) => WebError::Conflict(v.code()),
            StoreError::Busy => WebError::Busy,
            other => match other.fault() {
                kotacerdas_store::Fault::Unavailable => WebError::Unavailable(other.to_string()),
                kotacerdas_store::Fault::Full => WebError::StorageFull(other.to_string()),
                kotacerdas_store::Fault::Other => WebError::Internal(other.to_string()),
            },
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(format!("template: {e}"))
    }
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Forbidden | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            WebError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::StorageFull(_) => StatusCode::INSUFFICIENT_STORAGE,
            WebError::Rejected(status, _) => *status,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            WebError::Busy => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// A stable snake-case code clients and translations key on.
    pub fn code(&self) -> &'static str {
        match self {
            WebError::NotFound => "not_found",
            WebError::Forbidden => "forbidden",
            WebError::Unauthorized { .. } => "unauthorized",
            WebError::Csrf => "csrf",
            WebError::TooManyRequests { .. } => "too_many_requests",
            WebError::BadRequest(_) => "bad_request",
            WebError::Invalid(_) => "invalid",
            WebError::Conflict(_) => "conflict",
            WebError::Unavailable(_) => "unavailable",
            WebError::StorageFull(_) => "storage_full",
            WebError::Rejected(status, _) => match status.as_u16() {
                404 => "not_found",
                405 => "method_not_allowed",
                413 => "too_large",
                415 => "unsupported_media_type",
                422 => "invalid",
                503 => "unavailable",
                507 => "storage_full",
                s if s >= 500 => "internal",
                _ => "bad_request",
            },
            WebError::Internal(_) => "internal",
            WebError::Busy => "busy",
        }
    }

    /// The message key of the explanation shown to people.
    fn message_key(&self) -> &'static str {
        match self {
            WebError::NotFound => "error-not-found",
            WebError::Forbidden => "error-forbidden",
            WebError::Unauthorized { .. } => "error-unauthorized",
            WebError::Csrf => "error-csrf",
            WebError::TooManyRequests { .. } => "error-too-many",
            WebError::BadRequest(k) => k,
            WebError::Invalid(_) => "error-invalid",
            WebError::Conflict(k) => k,
            WebError::Unavailable(_) => "error-unavailable",
            WebError::StorageFull(_) => "error-storage-full",
            WebError::Rejected(_, k) => k,
            WebError::Internal(_) => "error-internal",
            WebError::Busy => "error-busy",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            WebError::TooManyRequests { retry_after } => lang.tn("error-too-many", (retry_after + 59) / 60),
            other => lang.t(other.message_key()),
        }
    }

    fn log(&self) {
        match self {
            WebError::Internal(detail) => tracing::error!(%detail, "internal error"),
            WebError::Unavailable(detail) => tracing::warn!(%detail, "database unavailable"),
            WebError::StorageFull(detail) => tracing::error!(%detail, "storage full"),
            _ => {}
        }
    }

    /// Seconds a client should wait before trying again, for the answers that have one.
    fn retry_after(&self) -> Option<i64> {
        match self {
            WebError::TooManyRequests { retry_after } => Some(*retry_after),
            WebError::Unavailable(_) => Some(5),
            WebError::Busy => Some(BUSY_RETRY_SECONDS),
            _ => None,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        self.log();
        if let WebError::Unauthorized { next } = &self {
            let to = format!("/login?next={}", urlencoding::encode(next));
            return Redirect::to(&to).into_response();
        }
        let status = self.status();
        // The error page speaks both languages: the request's language is not known here.
        let page = error_page(status, &self.message(Lang::Id), &self.message(Lang::En));
        let mut resp = (status, page).into_response();
        finish(&self, &mut resp);
        resp
    }
}

/// The same errors as JSON: `{"error": code, "message": text, "fields": [...]}`.
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiErrorBody {
    /// Stable code: not_found, forbidden, unauthorized, invalid, conflict, too_many_requests, ...
    pub error: String,
    pub message: String,
    pub fields: Vec<ApiFieldError>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiFieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        e.log();
        let fields = match &e {
            WebError::Invalid(errors) => errors
                .0
                .iter()
                .map(|f| ApiFieldError {
                    field: f.field.clone(),
                    code: f.code.to_string(),
                    message: field_message(Lang::En, f),
                })
                .collect(),
            _ => Vec::new(),
        };
        let body = ApiErrorBody { error: e.code().to_string(), message: e.message(Lang::En), fields };
        let mut resp = (e.status(), Json(body)).into_response();
        finish(&e, &mut resp);
        resp
    }
}

/// Marks a response as one of ours, so [`crate::errors_layer`] leaves it alone.
#[derive(Debug, Clone, Copy)]
pub struct Rendered;

fn finish(e: &WebError, resp: &mut Response) {
    if let Some(v) = e.retry_after().and_then(|s| s.to_string().parse().ok()) {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    resp.extensions_mut().insert(Rendered);
}

/// The translated message of one field error.
pub fn field_message(lang: Lang, e: &FieldError) -> String {
    match e.arg {
        Some(n) => lang.tn(e.code, n),
        None => lang.t(e.code),
    }
}

/// The page of an error answered to a browser (both languages: the error may precede the
/// language choice).
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    message_id: &'a str,
    message_en: &'a str,
}

pub fn error_page(status: StatusCode, message_id: &str, message_en: &str) -> Html<String> {
    let page = ErrorPage { status: status.as_u16(), message_id, message_en };
    Html(page.render().unwrap_or_else(|_| format!("{} {message_id}", status.as_u16())))
}
