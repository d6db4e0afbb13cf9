//! CSRF protection for every state-changing request made with a session cookie: the form must
//! carry the session's token in `_csrf` (or the `X-CSRF-Token` header; multipart forms put it
//! in the query string). The API under `/api/` takes bearer tokens only and needs none.

use crate::auth::CSRF;
use crate::error::WebError;
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

const FORM_LIMIT: usize = 2 * 1024 * 1024;

fn field<'a>(query: &'a str, name: &str) -> Option<std::borrow::Cow<'a, str>> {
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

pub async fn guard(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let expected: Option<String> = match req.extensions().get::<Session>() {
        Some(s) => s.get(CSRF).await.ok().flatten(),
        None => None,
    };
    let Some(expected) = expected else {
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
