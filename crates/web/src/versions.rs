//! Keeping this server's memory honest. Every cache (sessions, principals, public pages) is keyed
//! by the versions in [`kotacerdas_store::versions`]; this module reads them on a short timer,
//! which bounds how long a change made through another server (or the CLI) can go unseen by a
//! reader here, and right after each state-changing request handled here, so that whoever just
//! saved something sees it on the very next page. State-changing requests themselves never trust
//! memory: they run with [`kotacerdas_store::versions::FRESH`] set (they still read through the
//! read pool, which sees every committed write; only the writes queue on SQLite's one writer).

use crate::AppState;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Duration;

/// How often the versions are read: the longest a reader on this server can see a page that
/// another server has already changed.
pub const POLL: Duration = Duration::from_millis(250);

/// Read the versions once now, then every [`POLL`] for as long as the runtime lives.
pub async fn watch(state: &AppState) {
    if let Err(e) = state.live.refresh(&state.read).await {
        tracing::warn!(error = %e, "could not read the data versions; caches stay cold until it works");
    }
    let (live, read) = (state.live.clone(), state.read.clone());
    crate::safety::every("read data versions", POLL, move || {
        let (live, read) = (live.clone(), read.clone());
        async move {
            if let Err(e) = live.refresh(&read).await {
                tracing::debug!(error = %e, "could not read the data versions");
            }
        }
    });
}

/// A state-changing request reads who is asking from the database, and once it is answered the
/// versions are read again, before the browser can follow the redirect to the changed page.
pub async fn track_writes(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let resp = kotacerdas_store::versions::FRESH.scope(true, next.run(req)).await;
    // A reader starting now sees every write this request committed (WAL on SQLite), and the
    // one writer connection stays free for the next save.
    if let Err(e) = state.live.refresh(&state.read).await {
        tracing::warn!(error = %e, "could not read the data versions after a write");
    }
    resp
}
