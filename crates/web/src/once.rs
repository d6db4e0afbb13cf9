//! One-time form tokens against double posts: a create form carries `_once` (a fresh random
//! token, see [`crate::views::Layout::once`]); the first post with it is carried out, a repeated
//! one is sent to where the first led, and one that arrives while the first is still running gets
//! a 409. A post whose handler did not end in a redirect (a form shown again with errors) gives
//! its token back. Multipart forms put `_once` in the query string, like `_csrf`.

use crate::csrf::{field, FORM_LIMIT};
use crate::error::WebError;
use crate::AppState;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use kotacerdas_store::accounts::form_tokens::{self, Claim};

pub const FIELD: &str = "_once";

pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST || req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let from_query = req.uri().query().and_then(|q| field(q, FIELD)).map(|c| c.into_owned());
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let (token, req) = match from_query {
        Some(t) => (t, req),
        None if is_form => {
            let (parts, body) = req.into_parts();
            let Ok(bytes) = to_bytes(body, FORM_LIMIT).await else {
                return WebError::BadRequest("error-too-large").into_response();
            };
            let t = std::str::from_utf8(&bytes).ok().and_then(|s| field(s, FIELD)).map(|c| c.into_owned());
            (t.unwrap_or_default(), Request::from_parts(parts, Body::from(bytes)))
        }
        None => return next.run(req).await,
    };
    if !form_tokens::well_formed(&token) {
        return next.run(req).await;
    }
    match form_tokens::claim(&state.db, &token).await {
        Ok(Claim::First) => {}
        Ok(Claim::Done(to)) => {
            return Redirect::to(&kotacerdas_domain::redirect::local_or(&to, "/")).into_response();
        }
        Ok(Claim::Pending) => return WebError::Conflict("error-already-sent").into_response(),
        Err(e) => return WebError::from(e).into_response(),
    }
    let resp = next.run(req).await;
    let location = resp
        .status()
        .is_redirection()
        .then(|| resp.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()))
        .flatten()
        // A detour to the login page is not a result: the form may be sent again after it.
        .filter(|l| !l.starts_with("/login"))
        .map(str::to_string);
    let kept = match &location {
        Some(l) => form_tokens::finish(&state.db, &token, l).await,
        None => form_tokens::release(&state.db, &token).await,
    };
    if let Err(e) = kept {
        tracing::warn!(error = %e, "could not record a form token");
    }
    resp
}
