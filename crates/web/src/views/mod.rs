//! Server-rendered pages. Every page template embeds a [`Layout`] (`l`) that carries the
//! language, the CSRF token, the signed-in user, breadcrumbs and the form's errors.

pub mod about;
pub mod accounts;
pub mod alignment;
pub mod analysis;
pub mod apidocs;
pub mod audit;
pub mod book;
pub mod evaluation;
pub mod form;
pub mod monitoring;
pub mod national;
pub mod participation;
pub mod plan;
pub mod region;
pub mod tasks;
pub mod workshops;

use crate::auth::Ctx;
pub use crate::error::field_message;
use crate::error::WebError;
use crate::i18n::Lang;
use askama::Template;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kotacerdas_domain::validate::Errors;
use kotacerdas_domain::{format, framework, Principal};

/// The frame every page shares.
#[derive(Clone)]
pub struct Layout {
    pub lang: Lang,
    pub csrf: String,
    pub title: String,
    pub crumbs: Vec<(String, String)>,
    pub user: Option<Principal>,
    pub path: String,
    pub flash: Option<String>,
    pub errors: Errors,
    /// The nav item to mark as current: "regions", "admin", "account".
    pub section: &'static str,
    /// The zone times are shown in: the region's own on its pages, else WIB (the programme
    /// office's).
    pub zone: kotacerdas_domain::region::TimeZone,
    /// The signed-in user's task count, shown in the header.
    pub tasks: Option<usize>,
}

impl Layout {
    pub fn new(ctx: &Ctx, title_key: &str, section: &'static str) -> Layout {
        Layout {
            lang: ctx.lang,
            csrf: ctx.csrf.clone(),
            title: ctx.lang.t(title_key),
            crumbs: Vec::new(),
            user: ctx.principal.clone(),
            path: ctx.path.clone(),
            flash: ctx.flash.clone(),
            errors: Errors::new(),
            section,
            zone: kotacerdas_domain::region::TimeZone::Wib,
            tasks: ctx.tasks,
        }
    }

    /// Replace the title with a literal text (a region's name, say).
    pub fn titled(mut self, title: impl Into<String>) -> Layout {
        self.title = title.into();
        self
    }

    pub fn crumb(mut self, label: impl Into<String>, href: impl Into<String>) -> Layout {
        self.crumbs.push((label.into(), href.into()));
        self
    }

    /// Breadcrumbs down to a region's workspace.
    /// A page of region `r`: its crumbs, and its times in its own zone.
    pub fn region_crumbs(self, r: &kotacerdas_store::entity::region::Model) -> Layout {
        let regions = self.t("nav-regions");
        self.crumb(regions, "/regions").crumb(r.name.clone(), format!("/regions/{}", r.code)).zoned(r)
    }

    /// Times on this page in region `r`'s zone (WIB, WITA or WIT).
    pub fn zoned(mut self, r: &kotacerdas_store::entity::region::Model) -> Layout {
        self.zone = r.zone();
        self
    }

    pub fn with_errors(mut self, errors: Errors) -> Layout {
        self.errors = errors;
        self
    }

    /// A fresh one-time form token (see [`crate::once`]); each call draws a new one.
    pub fn once(&self) -> String {
        crate::auth::new_token()
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }
    pub fn tn(&self, key: &str, n: &i64) -> String {
        self.lang.tn(key, *n)
    }
    pub fn tv(&self, key: &str, v: &str) -> String {
        self.lang.tv(key, v)
    }
    /// The header's task count (0 when unknown).
    pub fn task_count(&self) -> usize {
        self.tasks.unwrap_or(0)
    }
    pub fn task_count_text(&self) -> String {
        self.lang.tn("tasks-count", self.task_count() as i64)
    }
    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_programme_admin())
    }
    pub fn other_lang(&self) -> &'static str {
        match self.lang {
            Lang::Id => "en",
            Lang::En => "id",
        }
    }

    /// The translated error of one field, if any.
    pub fn err(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|e| field_message(self.lang, e))
    }
    /// `aria-invalid`/class marker for a field with an error.
    pub fn invalid(&self, field: &str) -> &'static str {
        if self.errors.get(field).is_some() {
            "invalid"
        } else {
            ""
        }
    }
    /// The error summary's entries: (field id, label, message).
    pub fn summary(&self) -> Vec<(String, String, String)> {
        self.errors
            .0
            .iter()
            .map(|e| {
                let key = format!("field-{}", e.field);
                // Generated fields (e.g. `score.INF-TIK.GOV`) have no label of their own.
                let label = if self.lang.has(&key) { self.t(&key) } else { e.field.replace('.', " ") };
                (e.field.clone(), label, field_message(self.lang, e))
            })
            .collect()
    }

    /// Whole rupiah the reader's way: "Rp 1.250.000" (id), "Rp 1,250,000" (en).
    pub fn money(&self, n: impl std::borrow::Borrow<i64>) -> String {
        format::money(*n.borrow(), self.lang.code())
    }
    /// "Edisi 2" / "Edition 2".
    pub fn edition(&self, n: &i32) -> String {
        self.lang.tn("edition-label", *n as i64)
    }
    pub fn num(&self, n: &i64) -> String {
        format::number(*n, self.lang.code())
    }
    pub fn date(&self, d: &chrono::NaiveDate) -> String {
        format::date(*d, self.lang.code())
    }
    pub fn opt_date(&self, d: &Option<chrono::NaiveDate>) -> String {
        d.map(|d| format::date(d, self.lang.code())).unwrap_or_else(|| "—".into())
    }
    /// A stored (UTC) moment in the page's zone with its label: "29 November 2026 17:41 WITA".
    pub fn datetime(&self, d: &chrono::DateTime<chrono::Utc>) -> String {
        self.zone.datetime(*d, self.lang.code())
    }
    /// A record kind or an action of the audit log in words ("quick_win" → "Quick Win",
    /// "submit" → "Diajukan"): the catalogue's `audit-{kind}-{code}`, else the label of a coded
    /// value with that code, else the code with its underscores as spaces.
    pub fn audit_term(&self, kind: &str, code: &str) -> String {
        let key = format!("audit-{kind}-{}", code.replace('.', "-"));
        if self.lang.has(&key) {
            return self.t(&key);
        }
        // The codes' label keys, gathered once (the audit page asks twice per row).
        static LABEL_KEYS: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static str>> =
            std::sync::OnceLock::new();
        let keys = LABEL_KEYS.get_or_init(|| {
            let mut m = std::collections::HashMap::new();
            for (_, c, key) in kotacerdas_domain::coded_values() {
                m.entry(c).or_insert(key);
            }
            m
        });
        keys.get(code).map(|key| self.t(key)).unwrap_or_else(|| code.replace('_', " "))
    }
    pub fn status(&self, s: &str) -> String {
        self.t(&format!("status-{s}"))
    }
    pub fn role(&self, r: &str) -> String {
        self.t(&format!("role-{r}"))
    }
    pub fn stage_name(&self, n: impl std::borrow::Borrow<i32>) -> String {
        framework::STAGES
            .get((*n.borrow() as usize).saturating_sub(1))
            .map(|s| s.name(self.lang.code()).to_string())
            .unwrap_or_default()
    }
    pub fn dimension(&self, code: &str) -> String {
        framework::dimension(code)
            .map(|d| d.named.name(self.lang.code()).to_string())
            .unwrap_or_else(|| code.to_string())
    }
    pub fn kind(&self, k: &str) -> String {
        kotacerdas_domain::region::RegionKind::parse(k)
            .map(|k| k.label(self.lang.code()).to_string())
            .unwrap_or_default()
    }
    pub fn severity(&self, s: &i32) -> String {
        kotacerdas_domain::analysis::severity_label(*s, self.lang.code()).to_string()
    }
    pub fn helix(&self, h: &str) -> String {
        kotacerdas_domain::region::Helix::parse(h).map(|k| k.label(self.lang.code()).to_string()).unwrap_or_default()
    }
    /// A citizen input's kind (aspiration, problem, proposal) in the reader's language.
    pub fn input_kind(&self, code: &str) -> String {
        self.t(&format!("input-kind-{code}"))
    }
    /// A moderation state (pending, published, hidden) in the reader's language.
    pub fn moderation(&self, code: &str) -> String {
        self.t(&format!("participation-{code}"))
    }
    pub fn horizon(&self, code: &str) -> String {
        self.t(&format!("horizon-{code}"))
    }
    /// A stored decimal ("1666.7") written the reader's way ("1.666,7" / "1,666.7").
    pub fn decimal(&self, v: &str) -> String {
        format::decimal(v, self.lang.code())
    }
    pub fn year(&self) -> i32 {
        chrono::Datelike::year(&chrono::Utc::now())
    }
}

/// Render a template into an HTML response.
pub fn render<T: Template>(t: &T) -> Result<Response, WebError> {
    Ok(Html(t.render()?).into_response())
}

/// Render with a status (a form that failed validation is a 422, with the form shown again).
pub fn render_status<T: Template>(status: StatusCode, t: &T) -> Result<Response, WebError> {
    Ok((status, Html(t.render()?)).into_response())
}

/// After a successful post: a flash message and a redirect (post/redirect/get).
pub async fn done(ctx: &Ctx, flash_key: &str, to: &str) -> Result<Response, WebError> {
    ctx.flash(flash_key).await?;
    Ok(Redirect::to(to).into_response())
}

/// Headers every response carries: no framing, no sniffing, a strict content policy (our own
/// script and styles only).
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"),
    );
    resp
}

/// What caches may keep. Anything a signed-in user, an API token holder or a post receives is
/// `no-store` (pages, stored files, exports, token replies): a shared computer's browser cache or
/// a proxy must not hand it to the next person. A response to a visitor who has a session (a
/// chosen language, a citizen's pending input) is `private, no-cache`. Public portal pages seen
/// without a session stay cacheable; a handler that sets its own policy (static assets) keeps it.
/// Runs inside the session layer, so it sees the session the handler saw.
pub async fn cache_control(req: Request, next: Next) -> Response {
    let session = req.extensions().get::<tower_sessions::Session>().cloned();
    let bearer = req.headers().contains_key(header::AUTHORIZATION);
    let unsafe_method = !matches!(*req.method(), axum::http::Method::GET | axum::http::Method::HEAD);
    let mut resp = next.run(req).await;
    if resp.headers().contains_key(header::CACHE_CONTROL) {
        return resp;
    }
    let (signed_in, has_session) = match &session {
        Some(s) => (s.get::<i64>(crate::auth::UID).await.ok().flatten().is_some(), s.id().is_some() || s.is_modified()),
        None => (false, false),
    };
    let value = if signed_in || bearer || unsafe_method || resp.headers().contains_key(header::SET_COOKIE) {
        "no-store"
    } else if has_session {
        "private, no-cache"
    } else {
        return resp;
    };
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    resp
}

const APP_CSS: &str = include_str!("../../static/app.css");
const APP_JS: &str = include_str!("../../static/app.js");
const FAVICON: &str = include_str!("../../static/favicon.svg");

/// A short hash of an asset's bytes: pages link `/static/app.css?v=HASH`, so a new release's
/// asset has a new address and the old one may be kept by browsers for a year.
fn fingerprint(bytes: &str) -> String {
    use sha2::Digest;
    hex::encode(&sha2::Sha256::digest(bytes.as_bytes())[..5])
}

fn fingerprints() -> &'static [String; 3] {
    static F: std::sync::OnceLock<[String; 3]> = std::sync::OnceLock::new();
    F.get_or_init(|| [fingerprint(APP_CSS), fingerprint(APP_JS), fingerprint(FAVICON)])
}

/// The address of a static asset with its fingerprint (used by the templates).
pub fn asset(name: &str) -> String {
    let f = fingerprints();
    let v = match name {
        "app.css" => &f[0],
        "app.js" => &f[1],
        _ => &f[2],
    };
    format!("/static/{name}?v={v}")
}

/// An asset asked for by its current fingerprint never changes: cache it for a year without
/// asking again. Without it (or with an old one) a short lifetime, so the new release shows.
fn asset_answer(content_type: &'static str, body: &'static str, index: usize, query: Option<&str>) -> Response {
    let current = query.and_then(|q| crate::csrf::field(q, "v")).is_some_and(|v| *v == fingerprints()[index]);
    let cache = if current { "public, max-age=31536000, immutable" } else { "public, max-age=300" };
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, cache)], body).into_response()
}

pub async fn stylesheet(uri: axum::http::Uri) -> Response {
    asset_answer("text/css; charset=utf-8", APP_CSS, 0, uri.query())
}

pub async fn script(uri: axum::http::Uri) -> Response {
    asset_answer("text/javascript; charset=utf-8", APP_JS, 1, uri.query())
}

pub async fn favicon(uri: axum::http::Uri) -> Response {
    asset_answer("image/svg+xml", FAVICON, 2, uri.query())
}

pub async fn healthz(axum::extract::State(state): axum::extract::State<crate::AppState>) -> Response {
    match kotacerdas_store::db::ping(&state.db).await {
        Ok(_) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

/// A multipart form's text fields and its one file field (`None` when no file was chosen).
pub async fn read_multipart(
    mut mp: axum::extract::Multipart,
    file_field: &str,
) -> Result<(std::collections::HashMap<String, String>, Option<(String, bytes::Bytes)>), WebError> {
    let mut fields = std::collections::HashMap::new();
    let mut file = None;
    while let Some(field) = mp.next_field().await.map_err(|_| WebError::BadRequest("error-bad-form"))? {
        let name = field.name().unwrap_or_default().to_string();
        if name == file_field {
            let fname = field.file_name().unwrap_or_default().to_string();
            let data = field.bytes().await.map_err(|_| WebError::BadRequest("error-too-large"))?;
            if !data.is_empty() {
                file = Some((fname, data));
            }
        } else {
            let v = field.text().await.map_err(|_| WebError::BadRequest("error-bad-form"))?;
            fields.insert(name, v);
        }
    }
    Ok((fields, file))
}
