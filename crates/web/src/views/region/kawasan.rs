//! A kawasan's member regions (the kabupaten/kota the planning unit spans), and for any other
//! region the kawasans it belongs to. The programme office names the members.

use crate::access::{RegionAdminister, RegionView};
use crate::error::WebError;
use crate::views::form::invalid_or;
use crate::views::{done, render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::region::RegionKind;
use kotacerdas_domain::validate::Errors;
use kotacerdas_store::entity::{kawasan_member, region};
use kotacerdas_store::region::kawasan;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "kawasan.html")]
struct KawasanPage {
    l: Layout,
    region: region::Model,
    is_kawasan: bool,
    members: Vec<(kawasan_member::Model, region::Model)>,
    /// For a kabupaten/kota: the kawasans it belongs to.
    member_of: Vec<region::Model>,
    can_administer: bool,
    /// The kabupaten/kota that may join, not yet members: (id, "code name").
    options: Vec<(String, String)>,
    region_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MemberForm {
    pub region_id: String,
}

async fn page(
    state: &AppState,
    ctx: &crate::auth::Ctx,
    r: region::Model,
    can_administer: bool,
    region_id: String,
    errors: Errors,
) -> Result<KawasanPage, WebError> {
    let members = kawasan::members(&state.db, r.id).await?;
    let options = kawasan::candidates(&state.db)
        .await?
        .into_iter()
        .filter(|c| !members.iter().any(|(_, m)| m.id == c.id))
        .map(|c| (c.id.to_string(), format!("{} {}", c.code, c.name)))
        .collect();
    let title = if r.kind() == RegionKind::Kawasan { "kawasan-title" } else { "kawasan-member-of" };
    Ok(KawasanPage {
        l: Layout::new(ctx, title, "regions").region_crumbs(&r).with_errors(errors),
        is_kawasan: r.kind() == RegionKind::Kawasan,
        member_of: kawasan::kawasans_of(&state.db, r.id).await?,
        members,
        can_administer,
        options,
        region_id,
        region: r,
    })
}

pub async fn show(
    State(state): State<AppState>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let admin = p.can_administer();
    render_status(StatusCode::OK, &page(&state, &ctx, r, admin, String::new(), Errors::new()).await?)
}

/// Add a member region (the programme office); a region that is not a kawasan takes none.
pub async fn add(
    State(state): State<AppState>,
    RegionAdminister { ctx, region: r, .. }: RegionAdminister,
    Form(form): Form<MemberForm>,
) -> Result<Response, WebError> {
    match invalid_or(kawasan::add(&state.db, &ctx.actor()?, r.id, &form.region_id).await)? {
        Ok(_) => done(&ctx, "flash-saved", &format!("/regions/{}/kawasan", r.code)).await,
        Err(e) => {
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &ctx, r, true, form.region_id, e).await?)
        }
    }
}
