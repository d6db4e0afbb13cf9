//! Request counters and latency histograms at `/metrics` (OpenMetrics text, which Prometheus
//! reads), kept with the maintained `prometheus-client` library.
//!
//! Every label has a bounded set of values, whatever a client sends: the method is one of the
//! standard methods or `OTHER` (hyper accepts any token as a method, so an attacker could
//! otherwise mint a new series per request), the route is the matched route *template* from the
//! route table (or `unmatched`), and the status is the code we answered.
//! `/metrics` itself answers only the loopback interface unless a `metrics_token` is configured
//! (then `Authorization: Bearer <token>` is required from anywhere): it tells an outsider which
//! routes are used and how, which is nobody else's business.

use crate::AppState;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::time::Instant;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelValue)]
#[allow(clippy::upper_case_acronyms)]
enum MethodLabel {
    GET,
    HEAD,
    POST,
    PUT,
    PATCH,
    DELETE,
    OPTIONS,
    OTHER,
}

impl From<&Method> for MethodLabel {
    fn from(m: &Method) -> Self {
        match *m {
            Method::GET => MethodLabel::GET,
            Method::HEAD => MethodLabel::HEAD,
            Method::POST => MethodLabel::POST,
            Method::PUT => MethodLabel::PUT,
            Method::PATCH => MethodLabel::PATCH,
            Method::DELETE => MethodLabel::DELETE,
            Method::OPTIONS => MethodLabel::OPTIONS,
            _ => MethodLabel::OTHER,
        }
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: MethodLabel,
    /// The route template (`/regions/{code}/book`), never the raw path.
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LatencyLabels {
    method: MethodLabel,
    route: String,
}

/// Latency buckets from 1 ms to about 16 s: pages are expected in milliseconds, book
/// generation and imports in seconds.
fn latency_histogram() -> Histogram {
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(0.001, 2.0, 15))
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<LatencyLabels, Histogram, fn() -> Histogram>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<LatencyLabels, Histogram, fn() -> Histogram>::new_with_constructor(latency_histogram);
        registry.register("kotacerdas_http_requests", "HTTP requests served", requests.clone());
        registry.register("kotacerdas_http_request_duration_seconds", "Time to answer a request", latency.clone());
        Metrics { registry, requests, latency }
    }
}

impl Metrics {
    fn observe(&self, method: &Method, route: &str, status: u16, seconds: f64) {
        let method = MethodLabel::from(method);
        self.requests.get_or_create(&RequestLabels { method: method.clone(), route: route.to_string(), status }).inc();
        self.latency.get_or_create(&LatencyLabels { method, route: route.to_string() }).observe(seconds);
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut out, &self.registry) {
            tracing::error!(error = %e, "could not encode metrics");
        }
        out
    }
}

pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string());
    let start = Instant::now();
    let resp = next.run(req).await;
    let route = route.as_deref().unwrap_or("unmatched");
    state.metrics.observe(&method, route, resp.status().as_u16(), start.elapsed().as_secs_f64());
    resp
}

/// `GET /metrics`: loopback only, or with the configured bearer token.
pub async fn endpoint(State(state): State<AppState>, req: Request) -> Response {
    let allowed = match &state.settings.metrics_token {
        Some(token) => req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| constant_time_eq(given.as_bytes(), token.as_bytes())),
        // Behind a proxy on the same machine every request comes from loopback: a forwarded one
        // is from outside.
        None => {
            let forwarded = state.settings.trust_proxy && req.headers().contains_key("x-forwarded-for");
            !forwarded
                && req.extensions().get::<ConnectInfo<std::net::SocketAddr>>().is_none_or(|c| c.0.ip().is_loopback())
        }
    };
    if !allowed {
        return crate::WebError::NotFound.into_response();
    }
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")],
        state.metrics.render(),
    )
        .into_response()
}

/// Compare without returning early, so the time taken does not tell how much of a guess matched.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_methods_share_one_series() {
        let m = Metrics::default();
        for i in 0..100 {
            let odd = Method::from_bytes(format!("X{i}{}", "Y".repeat(i * 80)).as_bytes()).unwrap_or(Method::TRACE);
            m.observe(&odd, "unmatched", 405, 0.001);
        }
        m.observe(&Method::GET, "/healthz", 200, 0.002);
        let text = m.render();
        let lines = text.lines().filter(|l| l.starts_with("kotacerdas_http_requests_total")).count();
        assert_eq!(lines, 2, "{text}");
        assert!(text.contains("method=\"OTHER\"") && !text.contains("YYYY"));
        assert!(text.contains("kotacerdas_http_request_duration_seconds_bucket"));
    }
}
