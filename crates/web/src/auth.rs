//! Who is asking: the page context (session, principal, language, CSRF token) and the API's
//! bearer-token principal. Both take the principal from [`crate::cache::PrincipalCache`]: from
//! memory while no account, role, session or token changed anywhere (the `auth` version), from
//! the database otherwise and always for a state-changing request, so a disabled account or a
//! removed role takes effect on every server within one version poll, and at once for writes.

use crate::error::{ApiError, WebError};
use crate::i18n::Lang;
use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use kotacerdas_domain::Principal;
use kotacerdas_store::accounts::users;
use rand::RngCore;
use std::net::SocketAddr;
use tower_sessions::Session;

pub const UID: &str = kotacerdas_store::accounts::sessions::USER_KEY;
pub const CSRF: &str = "csrf";
pub const LANG: &str = "lang";
pub const FLASH: &str = kotacerdas_store::accounts::sessions::FLASH_KEY;

/// Everything a page handler needs to know about the request.
pub struct Ctx {
    pub session: Session,
    pub principal: Option<Principal>,
    pub lang: Lang,
    pub csrf: String,
    /// Path and query of this request (where to come back to after login).
    pub path: String,
    /// A one-time confirmation message set by the previous request (post/redirect/get).
    pub flash: Option<String>,
    pub ip: String,
    /// How many tasks wait for the signed-in user (the header's count); computed for pages
    /// (GET), not for posts, which answer with a redirect.
    pub tasks: Option<usize>,
    /// Set when `csrf` was drawn for this request and is in no session or cookie yet.
    form_cookie: Option<std::sync::Arc<crate::csrf::FormCookie>>,
}

/// A session failure: unavailable or full when the session store said so, else internal.
fn internal(e: impl std::fmt::Display) -> WebError {
    match kotacerdas_store::REQUEST_FAULT.try_with(|f| f.get()).ok().flatten() {
        Some(kotacerdas_store::Fault::Unavailable) => WebError::Unavailable(e.to_string()),
        Some(kotacerdas_store::Fault::Full) => WebError::StorageFull(e.to_string()),
        _ => WebError::Internal(e.to_string()),
    }
}

pub fn new_token() -> String {
    let mut raw = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    hex::encode(raw)
}

/// The client's address: the socket peer, or the first `X-Forwarded-For` hop behind a trusted proxy.
pub fn client_ip(parts: &Parts, trust_proxy: bool) -> String {
    if trust_proxy {
        if let Some(v) = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()) {
            if let Some(first) = v.split(',').next() {
                return first.trim().to_string();
            }
        }
    }
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state).await.map_err(|(_, m)| internal(m))?;
        if session.id().is_some() {
            // Before the session is looked at: is what this server remembers still true?
            state.live.refresh_auth(&state.read).await?;
        }
        let uid: Option<i64> = session.get(UID).await.map_err(internal)?;
        let principal = match uid {
            Some(id) => {
                let p = state.principals.principal(state, id).await?;
                if p.is_none() {
                    // The account was disabled or removed: end this session.
                    session.flush().await.map_err(internal)?;
                }
                p
            }
            None => None,
        };
        let lang = match session.get::<String>(LANG).await.map_err(internal)? {
            Some(l) => Lang::parse(&l),
            None => Lang::Id,
        };
        // Looking creates nothing: an anonymous visitor's token lives in the session only once
        // there is one, else in a cookie that a page with a form sends (see `offer_form_token`).
        let mut form_cookie = None;
        let csrf = match session.get::<String>(CSRF).await.map_err(internal)? {
            Some(t) => t,
            None if principal.is_some() => {
                let t = new_token();
                session.insert(CSRF, &t).await.map_err(internal)?;
                t
            }
            None => match crate::csrf::cookie_token(&parts.headers) {
                Some(t) => t,
                None => {
                    form_cookie = parts.extensions.get::<std::sync::Arc<crate::csrf::FormCookie>>().cloned();
                    new_token()
                }
            },
        };
        // Read first and remove only when present: removing marks the session as changed.
        let flash: Option<String> = session.get(FLASH).await.map_err(internal)?;
        if flash.is_some() {
            session.remove::<String>(FLASH).await.map_err(internal)?;
        }
        let path = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
        let ip = client_ip(parts, state.settings.trust_proxy);
        let page = matches!(parts.method, axum::http::Method::GET | axum::http::Method::HEAD);
        let tasks = match (&principal, page) {
            (Some(p), true) => crate::tasks::count(state, p).await,
            _ => None,
        };
        Ok(Ctx { session, principal, lang, csrf, path, flash, ip, tasks, form_cookie })
    }
}

impl Ctx {
    /// The signed-in principal, or a redirect to the login page.
    pub fn user(&self) -> Result<&Principal, WebError> {
        self.principal.as_ref().ok_or_else(|| WebError::Unauthorized { next: self.path.clone() })
    }

    pub fn actor(&self) -> Result<kotacerdas_store::Actor, WebError> {
        let p = self.user()?;
        Ok(kotacerdas_store::Actor::user(p.user_id, &p.username))
    }

    /// This page shows a form an anonymous visitor may send (login, a citizen's input): hand the
    /// browser the form's CSRF token as a cookie too, so the post can be checked without a
    /// session row. Pages without such a form do not call this and set no cookie at all.
    pub fn offer_form_token(&self) {
        if let Some(slot) = &self.form_cookie {
            slot.set(&self.csrf);
        }
    }

    /// Leave a confirmation for the next page ("Perubahan disimpan").
    pub async fn flash(&self, key: &str) -> Result<(), WebError> {
        self.session.insert(FLASH, self.lang.t(key)).await.map_err(internal)
    }
}

/// The principal behind an API bearer token.
pub struct ApiUser(pub Principal);

pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let unauthorized = || ApiError(WebError::Unauthorized { next: String::new() });
        let token = bearer(&parts.headers).ok_or_else(unauthorized)?;
        let uid = users::token_user(&state.read, token).await?.ok_or_else(unauthorized)?;
        state.live.refresh_auth(&state.read).await?;
        let p = state.principals.principal(state, uid).await?.ok_or_else(unauthorized)?;
        Ok(ApiUser(p))
    }
}

/// The client's address as an extractor.
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(parts, state.settings.trust_proxy)))
    }
}
