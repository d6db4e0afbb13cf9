//! The kotacerdas web server: server-rendered pages (askama), the JSON API under `/api/v1`
//! with its OpenAPI document, sessions in the database, CSRF protection, metrics.
//!
//! The server holds no state of its own beyond a database pool and a file store handle, so any
//! number of servers can run behind a load balancer on one PostgreSQL database.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod access;
pub mod api;
pub mod auth;
pub mod cache;
pub mod csrf;
pub mod error;
pub mod i18n;
pub mod limits;
pub mod metrics;
pub mod once;
pub mod public;
pub mod routes;
pub mod safety;
pub mod tasks;
pub mod versions;
pub mod views;

use axum::Router;
use kotacerdas_store::accounts::sessions::DbSessionStore;
use kotacerdas_store::files::Storage;
use kotacerdas_store::DatabaseConnection;
use std::sync::Arc;
use std::time::Duration;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub use error::WebError;

/// Settings the web layer needs (the CLI reads them from file and environment).
#[derive(Debug, Clone)]
pub struct WebSettings {
    /// Mark cookies `Secure` (set when served over HTTPS, directly or behind a proxy).
    pub secure_cookies: bool,
    /// Idle time after which a session ends.
    pub session_idle: Duration,
    /// Trust `X-Forwarded-For` for the client address (only behind a proxy you control).
    pub trust_proxy: bool,
    /// The address the site is reached at (the `public_url` setting, when set): links that leave
    /// the site (the open-data catalog) start with it; else they follow the request's `Host`.
    pub public_url: Option<String>,
    /// Bearer token for `/metrics` from outside the machine (`None`: loopback only).
    pub metrics_token: Option<String>,
}

impl Default for WebSettings {
    fn default() -> Self {
        WebSettings {
            secure_cookies: false,
            session_idle: Duration::from_secs(8 * 3600),
            trust_proxy: false,
            public_url: None,
            metrics_token: None,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    /// Every write goes here (on SQLite the one writer connection).
    pub db: DatabaseConnection,
    /// Reads that need not see an uncommitted write of their own request: pages, sessions,
    /// principals (SQLite's read-only pool; the same pool as `db` on PostgreSQL).
    pub read: DatabaseConnection,
    /// The data and `auth` versions this server last saw: every in-memory cache is keyed by them.
    pub live: Arc<kotacerdas_store::versions::Live>,
    /// Signed-in principals, while the `auth` version stands.
    pub principals: Arc<cache::PrincipalCache>,
    /// Public pages and open-data files as finished, compressed bytes.
    pub public: Arc<public::PublicCache>,
    pub storage: Storage,
    pub settings: Arc<WebSettings>,
    pub metrics: Arc<metrics::Metrics>,
    /// Region programme registers, reused while the region's audit log has not moved.
    pub registers: Arc<cache::RegisterCache>,
    /// The national dashboard's summary per year (see [`cache::NationalCache`]).
    pub national: Arc<cache::NationalCache>,
    /// Public portal pages of regions, the same for every visitor.
    pub portal: Arc<cache::PageCache<views::participation::portal::RegionPage>>,
    /// The public index's rows (every region), the same for every visitor.
    pub portal_index: Arc<cache::PageCache<Vec<views::participation::portal::IndexRow>>>,
    /// Each signed-in user's task count for the header (see [`cache::TaskCounts`]).
    pub task_counts: Arc<cache::TaskCounts>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, storage: Storage, settings: WebSettings) -> AppState {
        AppState {
            read: db.clone(),
            db,
            live: Arc::new(kotacerdas_store::versions::Live::default()),
            principals: Arc::new(cache::PrincipalCache::default()),
            public: Arc::new(public::PublicCache::default()),
            storage,
            settings: Arc::new(settings),
            metrics: Arc::new(metrics::Metrics::default()),
            national: Arc::new(cache::NationalCache::default()),
            registers: Arc::new(cache::RegisterCache::default()),
            portal: Arc::new(cache::PageCache::default()),
            portal_index: Arc::new(cache::PageCache::default()),
            task_counts: Arc::new(cache::TaskCounts::default()),
        }
    }

    /// Read from `read` (see [`kotacerdas_store::db::read_pool`]) instead of the writer.
    pub fn with_read_pool(mut self, read: DatabaseConnection) -> AppState {
        self.read = read;
        self
    }
}

pub const SESSION_COOKIE: &str = "kotacerdas_sid";

/// The whole application: routes from [`routes::table`], sessions, CSRF, metrics, limits.
pub fn app(state: AppState) -> Router {
    let idle = time::Duration::seconds(state.settings.session_idle.as_secs() as i64);
    let store = DbSessionStore::cached(state.db.clone(), state.read.clone(), state.live.clone());
    let sessions = SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.settings.secure_cookies)
        .with_expiry(Expiry::OnInactivity(idle));
    let router = routes::router();
    #[cfg(feature = "test-routes")]
    let router = router.route("/__test/panic", axum::routing::get(test_routes::panic));
    router
        .layer(axum::middleware::from_fn_with_state(state.clone(), once::guard))
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::guard))
        .layer(axum::middleware::from_fn(views::cache_control))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(state.clone(), public::serve))
        .layer(axum::middleware::from_fn_with_state(state.clone(), versions::track_writes))
        .layer(compression())
        // Inside the metrics and the safety net: a panic is counted as the 500 it becomes.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(safety::on_panic))
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track))
        .layer(axum::extract::DefaultBodyLimit::max(kotacerdas_store::files::MAX_UPLOAD_BYTES + 64 * 1024))
        .layer(axum::middleware::from_fn(safety::net))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .layer(axum::middleware::from_fn(views::security_headers))
        .with_state(state)
}

/// gzip or brotli, as the client asks, for every text answer of more than a packet; answers
/// that are already compressed (the public pages' prebuilt bytes, images, PDFs, zips) pass.
fn compression() -> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
    let predicate = SizeAbove::new(1024)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::const_new("application/pdf"))
        .and(NotForContentType::const_new("application/zip"))
        .and(NotForContentType::const_new("application/vnd.openxmlformats"))
        .and(NotForContentType::GRPC)
        .and(NotForContentType::SSE);
    tower_http::compression::CompressionLayer::new()
        .quality(tower_http::CompressionLevel::Default)
        .compress_when(predicate)
}

/// Routes that exist only in test builds (the `test-routes` feature, enabled by the CLI crate's
/// tests), to prove the safety net holds.
#[cfg(feature = "test-routes")]
mod test_routes {
    #[allow(clippy::panic)]
    pub async fn panic() -> &'static str {
        panic!("deliberate panic from /__test/panic")
    }
}

/// Serve until the process is stopped; expired sessions, old rate-limit hits and used form
/// tokens are swept every ten minutes.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    versions::watch(&state).await;
    let store = DbSessionStore::new(state.db.clone());
    let db = state.db.clone();
    safety::every("sweep sessions, rate-limit hits, form tokens", Duration::from_secs(600), move || {
        let (store, db) = (store.clone(), db.clone());
        async move {
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "could not sweep expired sessions");
            }
            if let Err(e) = limits::prune(&db).await {
                tracing::warn!(error = %e, "could not prune rate-limit hits");
            }
            if let Err(e) = kotacerdas_store::accounts::form_tokens::prune(&db).await {
                tracing::warn!(error = %e, "could not prune form tokens");
            }
        }
    });
    axum::serve(listener, app(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
}

/// Ctrl-C or SIGTERM (what service managers and orchestrators send): finish requests in flight.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
