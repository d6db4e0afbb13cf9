//! Request counters and latency in Prometheus text format at `/metrics`. Labels use the matched
//! route template, not the raw path, so cardinality stays bounded.

use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

/// (method, route template, status)
type Key = (String, String, u16);

#[derive(Default)]
pub struct Metrics {
    /// Per key: (count, total seconds).
    requests: Mutex<BTreeMap<Key, (u64, f64)>>,
}

impl Metrics {
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        if let Ok(mut m) = self.requests.lock() {
            let e = m.entry((method.to_string(), route.to_string(), status)).or_insert((0, 0.0));
            e.0 += 1;
            e.1 += seconds;
        }
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP kotacerdas_http_requests_total HTTP requests served.\n# TYPE kotacerdas_http_requests_total counter\n");
        let snapshot: Vec<_> = match self.requests.lock() {
            Ok(m) => m.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            Err(_) => Vec::new(),
        };
        for ((method, route, status), (n, _)) in &snapshot {
            let _ = writeln!(
                out,
                "kotacerdas_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {n}"
            );
        }
        out.push_str("# HELP kotacerdas_http_request_seconds_sum Time spent serving requests.\n# TYPE kotacerdas_http_request_seconds_sum counter\n");
        for ((method, route, status), (_, s)) in &snapshot {
            let _ = writeln!(out, "kotacerdas_http_request_seconds_sum{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {s:.6}");
        }
        out
    }
}

pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let method = req.method().to_string();
    let route =
        req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string()).unwrap_or_else(|| "unmatched".into());
    let start = Instant::now();
    let resp = next.run(req).await;
    state.metrics.observe(&method, &route, resp.status().as_u16(), start.elapsed().as_secs_f64());
    resp
}
