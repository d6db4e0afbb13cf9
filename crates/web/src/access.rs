//! Who may touch the region named in the path, as axum extractors: a handler's signature says
//! what it needs (`RegionView`, `RegionManage`, `RegionContribute`, … for pages; `ApiRegion…`
//! for the API), and the answer is given once, here:
//!
//! - no session: the login page (pages) or 401 (API);
//! - a region the user has no business with: 404, its existence is not revealed;
//! - a region they see but may not act on: 403.
//!
//! The decision itself is the domain's ([`Principal::access`]); this module only reads the
//! region code from the path (`{code}`; a handler with more path parameters still takes its own
//! `Path<(String, …)>`), loads the region and turns the answer into a response. Rules that need
//! an object loaded first (an item's OPD) stay one domain call in the handler, answered with
//! [`ensure`].

use crate::auth::{ApiUser, Ctx};
use crate::error::{ApiError, WebError};
use crate::AppState;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::http::StatusCode;
use kotacerdas_domain::access::{Access, Right};
use kotacerdas_domain::Principal;
use kotacerdas_store::entity::region;
use kotacerdas_store::region::regions;
use std::marker::PhantomData;

/// A right as a type, so that an extractor can name it.
pub trait Need: Send + Sync + 'static {
    const RIGHT: Right;
}

macro_rules! needs {
    ($($(#[$doc:meta])* $name:ident = $right:ident;)+) => {$(
        $(#[$doc])*
        pub struct $name;
        impl Need for $name {
            const RIGHT: Right = Right::$right;
        }
    )+};
}

needs! {
    /// Read the region.
    View = View;
    /// Edit the region's own records.
    Manage = Manage;
    /// Add OPD-owned items.
    Contribute = Contribute;
    /// The programme office's work on the region record.
    Administer = Administer;
    /// Comment on stages and sections.
    Comment = Comment;
    /// Read the audit log.
    Audit = Audit;
    /// Score the yearly evaluation.
    Evaluate = Evaluate;
    /// Enter the evaluation's survey tallies.
    EnterSurvey = EnterSurvey;
}

/// The answer to a request as an error: hidden is 404, denied is 403.
pub fn answer(access: Access) -> Result<(), WebError> {
    match access {
        Access::Granted => Ok(()),
        Access::Hidden => Err(WebError::NotFound),
        Access::Denied => Err(WebError::Forbidden),
    }
}

/// A rule that needed an object loaded first (an item's OPD): 403 unless `allowed`.
pub fn ensure(allowed: bool) -> Result<(), WebError> {
    if allowed {
        Ok(())
    } else {
        Err(WebError::Forbidden)
    }
}

/// The one resolution: the region with this code, if `p` may have `right` there.
pub async fn resolve(state: &AppState, p: &Principal, code: &str, right: Right) -> Result<region::Model, WebError> {
    let r = regions::by_code(&state.read, code).await?;
    answer(p.access(r.id, right))?;
    Ok(r)
}

/// The `{code}` segment of the matched route.
async fn path_code(parts: &mut Parts, state: &AppState) -> Result<String, WebError> {
    let params = RawPathParams::from_request_parts(parts, state).await.map_err(|e| match e {
        axum::extract::rejection::RawPathParamsRejection::InvalidUtf8InPathParam(_) => {
            WebError::Rejected(StatusCode::BAD_REQUEST, "error-bad-request")
        }
        other => WebError::Internal(format!("region extractor on a route without parameters: {other}")),
    })?;
    params
        .iter()
        .find(|(k, _)| *k == "code")
        .map(|(_, v)| v.to_string())
        .ok_or_else(|| WebError::Internal("region extractor on a route without {code}".into()))
}

/// A page's region with the signed-in user, who has the right `N` there.
pub struct Region<N: Need> {
    pub ctx: Ctx,
    pub user: Principal,
    pub region: region::Model,
    need: PhantomData<N>,
}

pub type RegionView = Region<View>;
pub type RegionManage = Region<Manage>;
pub type RegionContribute = Region<Contribute>;
pub type RegionAdminister = Region<Administer>;
pub type RegionComment = Region<Comment>;
pub type RegionAudit = Region<Audit>;
pub type RegionEvaluate = Region<Evaluate>;
pub type RegionSurvey = Region<EnterSurvey>;

impl<N: Need> FromRequestParts<AppState> for Region<N> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ctx = Ctx::from_request_parts(parts, state).await?;
        let code = path_code(parts, state).await?;
        let user = ctx.user()?.clone();
        let region = resolve(state, &user, &code, N::RIGHT).await?;
        Ok(Region { ctx, user, region, need: PhantomData })
    }
}

impl Region<Contribute> {
    /// The OPD this contributor's bulk work is limited to (`None`: every OPD).
    pub fn opd_scope(&self) -> Option<i64> {
        self.user.opd_scope(self.region.id)
    }
}

/// An API caller's region (bearer token), where they have the right `N`; JSON errors.
pub struct ApiRegion<N: Need> {
    pub user: Principal,
    pub region: region::Model,
    need: PhantomData<N>,
}

pub type ApiRegionView = ApiRegion<View>;
pub type ApiRegionManage = ApiRegion<Manage>;
pub type ApiRegionContribute = ApiRegion<Contribute>;
pub type ApiRegionAudit = ApiRegion<Audit>;
pub type ApiRegionAdminister = ApiRegion<Administer>;

impl<N: Need> FromRequestParts<AppState> for ApiRegion<N> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ApiUser(user) = ApiUser::from_request_parts(parts, state).await?;
        let code = path_code(parts, state).await?;
        let region = resolve(state, &user, &code, N::RIGHT).await?;
        Ok(ApiRegion { user, region, need: PhantomData })
    }
}

/// A page of the programme office (no region): signed in and [`Principal::can_administer`].
pub struct Admin {
    pub ctx: Ctx,
    pub user: Principal,
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ctx = Ctx::from_request_parts(parts, state).await?;
        let user = ctx.user()?.clone();
        ensure(user.can_administer())?;
        Ok(Admin { ctx, user })
    }
}

/// The programme office over the API.
pub struct ApiAdmin(pub Principal);

impl FromRequestParts<AppState> for ApiAdmin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ApiUser(user) = ApiUser::from_request_parts(parts, state).await?;
        ensure(user.can_administer())?;
        Ok(ApiAdmin(user))
    }
}
