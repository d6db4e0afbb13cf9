//! The outer safety net: every answer the server gives is one of ours.
//!
//! - Each request gets an id (`X-Request-Id`, echoed back) and every log line of the request
//!   carries it, so a user's "it broke at 10:42, id 5f3a…" finds the log.
//! - A panic anywhere below (a handler, an extractor, the session layer) is caught, logged with
//!   that id, and answered with our 500 page or JSON error; the server keeps serving.
//! - Refusals made by the framework before our handlers run (a path or query that does not parse,
//!   405 method not allowed, 415 unsupported media type, 413 body too large, a JSON body that does
//!   not deserialize) come as plain text from axum; they are re-rendered here as our error page
//!   (or our JSON error under `/api/`), keeping the status and headers such as `Allow`.

use crate::error::{ApiError, Rendered, WebError};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;
use std::any::Any;
use tracing::Instrument;

pub const REQUEST_ID: &str = "x-request-id";

/// The request's id, as an extension handlers may read.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// An id the client sent is kept when it is short and plain (a proxy's id ties the logs
/// together); anything else is replaced, so no header can inject text into the logs.
fn request_id(req: &Request) -> String {
    req.headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_string)
        .unwrap_or_else(|| format!("{:016x}", rand::thread_rng().gen::<u64>()))
}

/// Outermost of our layers: request id, log span, and our rendering of every refusal.
pub async fn net(mut req: Request, next: Next) -> Response {
    let id = request_id(&req);
    let api = req.uri().path().starts_with("/api/");
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path());
    let (mut resp, fault) = kotacerdas_store::REQUEST_FAULT
        .scope(std::cell::Cell::new(None), async {
            let resp = next.run(req).instrument(span).await;
            (resp, kotacerdas_store::REQUEST_FAULT.with(|f| f.get()))
        })
        .await;
    if needs_rendering(&resp) {
        resp = match fault {
            // A bare 500 from a layer that could not save (the session) because the disk is full
            // or the database is gone: say so, like the handlers do.
            // The handler may have saved its change before the session failed: the message says
            // so rather than claiming nothing was written.
            Some(kotacerdas_store::Fault::Full) if resp.status() == StatusCode::INTERNAL_SERVER_ERROR => {
                respond(WebError::Rejected(StatusCode::INSUFFICIENT_STORAGE, "error-storage-full-late"), api)
            }
            Some(kotacerdas_store::Fault::Unavailable) if resp.status() == StatusCode::INTERNAL_SERVER_ERROR => {
                respond(WebError::Unavailable("while saving the session".into()), api)
            }
            _ => render(resp, api),
        };
    }
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert(REQUEST_ID, v);
    }
    resp
}

/// A 4xx/5xx that did not come from [`WebError`]: plain text or empty, made by the framework.
fn needs_rendering(resp: &Response) -> bool {
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) || resp.extensions().get::<Rendered>().is_some() {
        return false;
    }
    match resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(ct) => ct.starts_with("text/plain"),
    }
}

fn render(resp: Response, api: bool) -> Response {
    let status = resp.status();
    let key = match status.as_u16() {
        400 => "error-bad-request",
        404 => "error-not-found",
        405 => "error-method",
        413 => "error-too-large",
        415 => "error-media-type",
        422 => "error-bad-json",
        s if s >= 500 => "error-internal",
        _ => "error-bad-request",
    };
    let mut ours = respond(WebError::Rejected(status, key), api);
    // Keep what the framework said about the refusal (which methods are allowed, when to retry).
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(v) = resp.headers().get(&name) {
            ours.headers_mut().insert(name, v.clone());
        }
    }
    ours
}

fn respond(err: WebError, api: bool) -> Response {
    if api {
        ApiError(err).into_response()
    } else {
        err.into_response()
    }
}

/// The panic handler for `CatchPanicLayer`: log the payload (inside the request's span, so
/// with its id) and answer a bare 500 that [`net`] then renders as page or JSON.
pub fn on_panic(payload: Box<dyn Any + Send + 'static>) -> Response {
    let detail = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = %detail, "a request panicked; answered 500 and kept serving");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// Run `job` every `period` in the background, for the life of the server. A panic inside one run
/// is logged and the next tick runs again (a bare `tokio::spawn` loop would die silently and, say,
/// stop every reminder until the next restart).
pub fn every<F, Fut>(name: &'static str, period: std::time::Duration, mut job: F)
where
    F: FnMut() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    use futures::FutureExt;
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        loop {
            tick.tick().await;
            if let Err(payload) = std::panic::AssertUnwindSafe(job()).catch_unwind().await {
                let detail = payload
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| payload.downcast_ref::<&str>().copied())
                    .unwrap_or("(no message)");
                tracing::error!(job = name, panic = %detail, "a background job panicked; it runs again at the next tick");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_text_is_rendered_ours_is_not() {
        let plain = (StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed").into_response();
        assert!(needs_rendering(&plain));
        let empty = StatusCode::METHOD_NOT_ALLOWED.into_response();
        assert!(needs_rendering(&empty));
        let ours = WebError::NotFound.into_response();
        assert!(!needs_rendering(&ours));
        let form = (StatusCode::UNPROCESSABLE_ENTITY, axum::response::Html("<form>")).into_response();
        assert!(!needs_rendering(&form), "a form shown again with its errors stays");
        let ok = (StatusCode::OK, "metrics").into_response();
        assert!(!needs_rendering(&ok));
    }

    #[test]
    fn a_client_request_id_is_kept_only_when_plain() {
        let with = |v: &str| {
            let req = Request::builder().header(REQUEST_ID, v).body(axum::body::Body::empty()).unwrap_or_default();
            request_id(&req)
        };
        assert_eq!(with("abc-123"), "abc-123");
        assert_ne!(with("evil\" injected=1"), "evil\" injected=1");
        assert_eq!(with(&"a".repeat(65)).len(), 16);
    }
}
