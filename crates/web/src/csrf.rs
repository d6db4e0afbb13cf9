//! CSRF protection for every state-changing request made from a browser: the form must carry the
//! expected token in `_csrf` (or the `X-CSRF-Token` header; multipart forms put it in the query
//! string). The API under `/api/` takes bearer tokens only and needs none.
//!
//! The expected token is the session's (every signed-in session has one). A visitor without a
//! session gets no session row just for looking: a page with a form they may send (login, a
//! citizen's input) hands them a token in a cookie of its own and in the form ("double submit"),
//! and the post must carry both. The language switch alone needs no token when there is no
//! session at all: without a session there is nothing a forged request could ride.

use crate::auth::CSRF;
use crate::error::WebError;
use crate::AppState;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::{Arc, Mutex};
use tower_sessions::Session;

/// The cookie of the double-submit token (anonymous visitors only).
pub const CSRF_COOKIE: &str = "kotacerdas_csrf";

/// A token a page put into an anonymous visitor's form, to be sent to the browser as a cookie
/// with that page. Placed in every request's extensions by [`guard`]; filled by
/// [`crate::auth::Ctx::offer_form_token`].
#[derive(Default)]
pub struct FormCookie(Mutex<Option<String>>);

impl FormCookie {
    pub fn set(&self, token: &str) {
        if let Ok(mut t) = self.0.lock() {
            *t = Some(token.to_string());
        }
    }
    fn take(&self) -> Option<String> {
        self.0.lock().ok().and_then(|mut t| t.take())
    }
}

/// The double-submit token the browser sent, when it looks like one of ours.
pub fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == CSRF_COOKIE)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub(crate) const FORM_LIMIT: usize = 2 * 1024 * 1024;

pub(crate) fn field<'a>(query: &'a str, name: &str) -> Option<std::borrow::Cow<'a, str>> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| {
            urlencoding::decode(&v.replace('+', " "))
                .map(|s| std::borrow::Cow::Owned(s.into_owned()))
                .unwrap_or_default()
        })
    })
}

/// Compare without an early exit so timing does not reveal a prefix.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub async fn guard(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        let slot = Arc::new(FormCookie::default());
        req.extensions_mut().insert(slot.clone());
        let mut resp = next.run(req).await;
        if let Some(token) = slot.take() {
            let secure = if state.settings.secure_cookies { "; Secure" } else { "" };
            let cookie = format!("{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}");
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                resp.headers_mut().append(header::SET_COOKIE, v);
            }
        }
        return resp;
    }
    let session: Option<String> = match req.extensions().get::<Session>() {
        Some(s) => s.get(CSRF).await.ok().flatten(),
        None => None,
    };
    // The language switch of a visitor without a session needs no token at all: the public
    // pages that carry it are the same bytes for every reader (see `public`), so their form
    // cannot hold this visitor's token, and without a session a forged switch rides nothing.
    let has_session = req.extensions().get::<Session>().is_some_and(|s| s.id().is_some());
    if req.uri().path() == "/lang" && !has_session {
        return next.run(req).await;
    }
    let Some(expected) = session.or_else(|| cookie_token(req.headers())) else {
        return WebError::Csrf.into_response();
    };
    let from_header = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_string);
    let from_query = req.uri().query().and_then(|q| field(q, "_csrf")).map(|c| c.into_owned());
    if let Some(t) = from_header.or(from_query) {
        return if same(&t, &expected) { next.run(req).await } else { WebError::Csrf.into_response() };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return WebError::Csrf.into_response();
    }
    // Read the form to find the token, then hand the same bytes on to the handler.
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, FORM_LIMIT).await else {
        return WebError::BadRequest("error-too-large").into_response();
    };
    let ok = std::str::from_utf8(&bytes).ok().and_then(|s| field(s, "_csrf")).is_some_and(|t| same(&t, &expected));
    if !ok {
        return WebError::Csrf.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fields() {
        assert_eq!(field("a=1&_csrf=x%2By&b=2", "_csrf").as_deref(), Some("x+y"));
        assert_eq!(field("a=1", "_csrf"), None);
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
