//! A region over the API: its record, OPDs, council and team, stages, MoU, and the cohorts it
//! belongs to. Each handler applies the same `Principal` rules as the matching page.

pub mod cohorts;
pub mod decrees;
pub mod editions;
pub mod kawasan;
pub mod members;
pub mod mou;
pub mod opds;
pub mod regions;
pub mod stages;

use crate::error::ApiError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kotacerdas_domain::Principal;
use serde::Serialize;

pub(crate) type ApiResult<T> = Result<T, ApiError>;

/// A 201 with the created record.
pub(crate) fn created<T: Serialize>(v: T) -> Response {
    (StatusCode::CREATED, Json(v)).into_response()
}

/// Who the audit row names.
pub(crate) fn actor(p: &Principal) -> kotacerdas_store::Actor {
    kotacerdas_store::Actor::user(p.user_id, &p.username)
}
