//! Attendance at a workshop. The room page shows a QR code per day: a fresh random link whose
//! token is kept only as a hash and stops working at the end of that day in the region's zone.
//! The link opens a public page, no account needed, where a participant picks their name from
//! the invitation list (searched on the server, so it works without script) or registers as a
//! walk-in; one check-in per person per day, rate-limited per address, CSRF by double submit as
//! the portal's anonymous forms. The facilitator can also tick people in on a page.

use crate::access::{ensure, RegionView};
use crate::auth::Ctx;
use crate::error::WebError;
use crate::limits::Action;
use crate::views::{done, render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::workshop::{self as rules, InviteeInput, UnitKind};
use kotacerdas_store::entity::{region, workshop, workshop_invitee};
use kotacerdas_store::region::regions;
use kotacerdas_store::workshops::{self, attendance, attendance::CheckIn, attendance::Link};
use serde::Deserialize;

/// The honeypot field bots fill and people never see.
const HONEYPOT: &str = "website";
/// Names listed at once on the phone; more are found by searching.
const SHOWN: usize = 60;

// ---------------------------------------------------------------- the facilitator's page

#[derive(Template)]
#[template(path = "workshop_attendance.html")]
struct AttendancePage {
    l: Layout,
    region: region::Model,
    d: workshops::Detail,
    day: i32,
    day_date: String,
    days: Vec<(i32, String)>,
}

impl AttendancePage {
    fn present(&self, id: &i64) -> bool {
        self.d.present(*id, self.day)
    }
    fn unit(&self, i: &workshop_invitee::Model) -> String {
        unit_text(self.l.lang.code(), i)
    }
}

fn unit_text(lang: &str, i: &workshop_invitee::Model) -> String {
    let kind = UnitKind::parse(&i.unit_kind).map(|k| k.label(lang)).unwrap_or_default();
    match &i.unit_name {
        Some(n) => format!("{kind}: {n}"),
        None => kind.to_string(),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DayQuery {
    day: Option<i32>,
}

pub async fn attendance_page(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    Query(q): Query<DayQuery>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    ensure(p.can_run_workshop(r.id))?;
    let d = workshops::detail(&state.db, r.id, id).await?;
    let day = q.day.unwrap_or(1).clamp(1, d.days());
    let l = Layout::new(&ctx, "workshop-attendance-title", "regions")
        .region_crumbs(&r)
        .crumb(ctx.lang.tv("workshop-of-stage", &d.stage.to_string()), format!("/regions/{}/workshops/{id}", r.code));
    let days = (1..=d.days()).map(|n| (n, l.date(&rules::date_of(d.w.starts_on, n)))).collect();
    let day_date = l.date(&rules::date_of(d.w.starts_on, day));
    render_status(StatusCode::OK, &AttendancePage { l, region: r, d, day, day_date, days })
}

/// The ticked invitees (`invitee` repeated) of one day.
pub async fn tick(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    ensure(p.can_run_workshop(r.id))?;
    let w = workshops::get(&state.db, r.id, id).await?;
    let mut day = 1;
    let mut ticked = Vec::new();
    for (k, v) in form_urlencoded(&body) {
        match k.as_str() {
            "day" => day = v.trim().parse().map_err(|_| WebError::BadRequest("error-bad-form"))?,
            "invitee" => ticked.push(v.trim().parse::<i64>().map_err(|_| WebError::BadRequest("error-bad-form"))?),
            _ => {}
        }
    }
    if ticked.len() > rules::MAX_INVITEES {
        return Err(WebError::BadRequest("error-bad-form"));
    }
    attendance::tick(&state.db, &ctx.actor()?, &w, day, &ticked).await.map_err(|e| match e {
        kotacerdas_store::StoreError::Invalid(_) => WebError::BadRequest("error-bad-form"),
        e => e.into(),
    })?;
    done(&ctx, "flash-saved", &format!("/regions/{}/workshops/{id}/attendance?day={day}", r.code)).await
}

/// The pairs of a urlencoded body (a field may repeat, which `Form` into a struct cannot take).
fn form_urlencoded(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    text.split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            let dec = |s: &str| urlencoding::decode(&s.replace('+', " ")).map(|c| c.into_owned()).unwrap_or_default();
            Some((dec(k), dec(v)))
        })
        .collect()
}

// ---------------------------------------------------------------- the room's QR code

#[derive(Template)]
#[template(path = "workshop_room.html")]
struct RoomPage {
    l: Layout,
    region: region::Model,
    w: workshop::Model,
    stage: i32,
    day: i32,
    day_date: String,
    link: String,
    svg: String,
    expires: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RoomForm {
    day: String,
}

/// A fresh check-in link for a day, shown as a QR code (posted, since it makes a link; the
/// token is shown only now and kept only as its hash).
pub async fn room(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((_, id)): Path<(String, i64)>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
    Form(form): Form<RoomForm>,
) -> Result<Response, WebError> {
    ensure(p.can_run_workshop(r.id))?;
    let d = workshops::detail(&state.db, r.id, id).await?;
    let day: i32 = form.day.trim().parse().map_err(|_| WebError::BadRequest("error-bad-form"))?;
    let token = crate::auth::new_token();
    let c = attendance::issue_token(&state.db, &ctx.actor()?, &r, id, day, &token).await.map_err(|e| match e {
        kotacerdas_store::StoreError::Invalid(_) => WebError::BadRequest("error-bad-form"),
        e => e.into(),
    })?;
    let link = format!("{}/hadir/{token}", crate::api::opendata::base_url(&state, &headers));
    let svg = qrcode::QrCode::new(link.as_bytes())
        .map_err(|e| WebError::Internal(e.to_string()))?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(280, 280)
        .quiet_zone(true)
        .build();
    let l = Layout::new(&ctx, "workshop-room-title", "regions")
        .region_crumbs(&r)
        .crumb(ctx.lang.tv("workshop-of-stage", &d.stage.to_string()), format!("/regions/{}/workshops/{id}", r.code));
    let page = RoomPage {
        day_date: l.date(&rules::date_of(d.w.starts_on, day)),
        expires: l.datetime(&c.expires_at),
        l,
        region: r,
        stage: d.stage,
        w: d.w,
        day,
        link,
        svg,
    };
    // Not to be kept by the browser: the token is in the page.
    let mut resp = render_status(StatusCode::OK, &page)?;
    resp.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(resp)
}

// ---------------------------------------------------------------- the public check-in

#[derive(Template)]
#[template(path = "checkin.html")]
struct CheckinPage {
    l: Layout,
    /// None: the link is unknown or expired (the message says which).
    open: Option<Open>,
    message: Option<String>,
    /// The outcome of a check-in: (done or already, the text).
    outcome: Option<(bool, String)>,
    token: String,
    q: String,
    form: InviteeInput,
    honeypot: &'static str,
    unit_kinds: Vec<(String, String)>,
}

struct Open {
    region: String,
    title: String,
    day_text: String,
    venue: String,
    /// (id, name, unit) of the names matching the search, at most [`SHOWN`].
    names: Vec<(i64, String, String)>,
    more: usize,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
}

#[allow(clippy::too_many_arguments)]
async fn checkin_page(
    ctx: &Ctx,
    state: &AppState,
    token: &str,
    q: &str,
    form: InviteeInput,
    errors: kotacerdas_domain::validate::Errors,
    outcome: Option<(bool, String)>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let lang = ctx.lang.code();
    let unit_kinds = UnitKind::ALL
        .iter()
        .filter(|k| !matches!(k, UnitKind::Council | UnitKind::Team))
        .map(|k| (k.as_str().to_string(), k.label(lang).to_string()))
        .collect();
    let mut l = Layout::new(ctx, "checkin-title", "portal").with_errors(errors);
    let (open, message, status) = match attendance::resolve(&state.db, token).await? {
        Link::Unknown => (None, Some(ctx.lang.t("checkin-unknown")), StatusCode::NOT_FOUND),
        Link::Expired => (None, Some(ctx.lang.t("checkin-expired")), StatusCode::GONE),
        Link::Open(w, day) => {
            let r = regions::by_id(&state.db, w.region_id).await?;
            l = l.zoned(&r);
            let d = workshops::detail(&state.db, r.id, w.id).await?;
            let needle = q.trim().to_lowercase();
            let matching: Vec<&workshop_invitee::Model> = d
                .invitees
                .iter()
                .filter(|i| {
                    needle.is_empty()
                        || i.name.to_lowercase().contains(&needle)
                        || i.unit_name.as_deref().is_some_and(|u| u.to_lowercase().contains(&needle))
                })
                .collect();
            let names = matching.iter().take(SHOWN).map(|i| (i.id, i.name.clone(), unit_text(lang, i))).collect();
            // A person's form on this page: the anonymous visitor needs the token as a cookie too.
            ctx.offer_form_token();
            let open = Open {
                region: r.name.clone(),
                title: ctx.lang.tv("workshop-of-stage", &d.stage.to_string()),
                day_text: format!(
                    "{} — {}",
                    ctx.lang.tv("workshop-day", &day.to_string()),
                    l.date(&rules::date_of(d.w.starts_on, day))
                ),
                venue: d.w.venue.clone(),
                more: matching.len().saturating_sub(SHOWN),
                names,
            };
            (Some(open), None, status)
        }
    };
    let page = CheckinPage {
        l,
        open,
        message,
        outcome,
        token: token.to_string(),
        q: q.to_string(),
        form,
        honeypot: HONEYPOT,
        unit_kinds,
    };
    let mut resp = render_status(status, &page)?;
    // The link is the key to the room: no shared cache keeps the page, and the address is not
    // sent on to other sites.
    resp.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    resp.headers_mut().insert("referrer-policy", axum::http::HeaderValue::from_static("no-referrer"));
    Ok(resp)
}

pub async fn public_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<SearchQuery>,
) -> Result<Response, WebError> {
    let q: String = q.q.chars().take(100).collect();
    checkin_page(&ctx, &state, &token, &q, InviteeInput::default(), Default::default(), None, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CheckinForm {
    /// The invitee picked from the list; empty for a walk-in.
    invitee: String,
    name: String,
    position: String,
    unit_kind: String,
    unit_name: String,
    website: String,
}

pub async fn public_checkin(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(f): Form<CheckinForm>,
) -> Result<Response, WebError> {
    let (w, day) = match attendance::resolve(&state.db, &token).await? {
        Link::Open(w, day) => (w, day),
        // The page says why (unknown or expired), with its status.
        _ => {
            return checkin_page(
                &ctx,
                &state,
                &token,
                "",
                InviteeInput::default(),
                Default::default(),
                None,
                StatusCode::OK,
            )
            .await
        }
    };
    let walk_in = InviteeInput {
        name: f.name,
        position: f.position,
        unit_kind: f.unit_kind,
        unit_name: f.unit_name,
        opd_id: String::new(),
    };
    if !f.website.trim().is_empty() {
        tracing::info!(ip = %ctx.ip, "honeypot filled: check-in dropped");
        let text = ctx.lang.t("checkin-done-anon");
        return checkin_page(&ctx, &state, &token, "", walk_in, Default::default(), Some((true, text)), StatusCode::OK)
            .await;
    }
    crate::limits::check(&state.db, Action::Checkin, &ctx.ip)
        .await?
        .map_err(|wait| WebError::TooManyRequests { retry_after: wait as i64 })?;
    let actor = match ctx.actor() {
        Ok(a) => a,
        Err(_) => kotacerdas_store::Actor::system("check-in (QR)"),
    };
    let result = match f.invitee.trim() {
        "" => attendance::walk_in(&state.db, &actor, &w, day, &walk_in).await,
        id => {
            let id: i64 = id.parse().map_err(|_| WebError::BadRequest("error-bad-form"))?;
            attendance::check_in(&state.db, &actor, &w, id, day, kotacerdas_domain::workshop::CheckinMethod::Qr).await
        }
    };
    let (outcome, status) = match result {
        Ok(CheckIn::Done(name)) => (Some((true, ctx.lang.tv("checkin-done", &name))), StatusCode::OK),
        Ok(CheckIn::Already(name)) => (Some((false, ctx.lang.tv("checkin-already", &name))), StatusCode::CONFLICT),
        Err(kotacerdas_store::StoreError::Invalid(e)) => {
            return checkin_page(&ctx, &state, &token, "", walk_in, e, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => return Err(e.into()),
    };
    checkin_page(&ctx, &state, &token, "", InviteeInput::default(), Default::default(), outcome, status).await
}
