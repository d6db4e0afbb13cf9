//! The Dewan Smart City and the Tim Pelaksana of a region.

use crate::access::{RegionManage, RegionView};
use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::{done, render, render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::framework::DIMENSIONS;
use kotacerdas_domain::region::{Body, Helix};
use kotacerdas_domain::validate::Errors;
use kotacerdas_store::entity::{member, region};
use kotacerdas_store::members::{self, MemberInput};
use kotacerdas_store::{opds, StoreError};
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "members.html")]
struct MembersPage {
    l: Layout,
    region: region::Model,
    /// ("dewan", members), ("tim", members)
    bodies: Vec<(&'static str, Vec<member::Model>)>,
    opd_names: HashMap<i64, String>,
    can_manage: bool,
}

pub async fn list(
    State(state): State<AppState>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let (dewan, tim): (Vec<_>, Vec<_>) =
        members::list(&state.db, r.id).await?.into_iter().partition(|m| m.body == Body::Dewan.as_str());
    let opd_names = opds::list(&state.db, r.id).await?.into_iter().map(|o| (o.id, o.short_name)).collect();
    let page = MembersPage {
        l: Layout::new(&ctx, "members-title", "regions").region_crumbs(&r.code, &r.name),
        can_manage: p.can_manage_region(r.id),
        region: r,
        bodies: vec![("dewan", dewan), ("tim", tim)],
        opd_names,
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "member_form.html")]
struct MemberForm {
    l: Layout,
    region: region::Model,
    form: MemberInput,
    action: String,
    bodies: Vec<(String, String)>,
    helices: Vec<(String, String)>,
    dimensions: Vec<(String, String)>,
    opds: Vec<(String, String)>,
}

async fn form_page(
    ctx: &Ctx,
    state: &AppState,
    r: region::Model,
    form: MemberInput,
    action: String,
    title: &str,
    errors: Errors,
) -> Result<MemberForm, WebError> {
    let lang = ctx.lang.code();
    let l = Layout::new(ctx, title, "regions")
        .region_crumbs(&r.code, &r.name)
        .crumb(ctx.lang.t("members-title"), format!("/regions/{}/members", r.code))
        .with_errors(errors);
    Ok(MemberForm {
        bodies: Body::ALL.iter().map(|b| (b.as_str().to_string(), b.label(lang).to_string())).collect(),
        helices: Helix::ALL.iter().map(|h| (h.as_str().to_string(), h.label(lang).to_string())).collect(),
        dimensions: DIMENSIONS.iter().map(|d| (d.named.code.to_string(), d.named.name(lang).to_string())).collect(),
        opds: opds::list(&state.db, r.id)
            .await?
            .into_iter()
            .map(|o| (o.id.to_string(), format!("{} — {}", o.short_name, o.name)))
            .collect(),
        l,
        region: r,
        form,
        action,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    let action = format!("/regions/{}/members/new", r.code);
    let form = MemberInput { body: "dewan".into(), ..Default::default() };
    render(&form_page(&ctx, &state, r, form, action, "member-new-title", Errors::new()).await?)
}

pub async fn create(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(form): Form<MemberInput>,
) -> Result<Response, WebError> {
    match members::create(&state.db, &ctx.actor()?, r.id, &form).await {
        Ok(_) => done(&ctx, "flash-saved", &format!("/regions/{}/members", r.code)).await,
        Err(StoreError::Invalid(e)) => {
            let action = format!("/regions/{}/members/new", r.code);
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(&ctx, &state, r, form, action, "member-new-title", e).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    let m = members::get(&state.db, r.id, id).await?;
    let action = format!("/regions/{}/members/{id}/edit", r.code);
    render(&form_page(&ctx, &state, r, MemberInput::from_model(&m), action, "member-edit-title", Errors::new()).await?)
}

pub async fn update(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(form): Form<MemberInput>,
) -> Result<Response, WebError> {
    match members::update(&state.db, &ctx.actor()?, r.id, id, &form).await {
        Ok(_) => done(&ctx, "flash-saved", &format!("/regions/{}/members", r.code)).await,
        Err(StoreError::Invalid(e)) => {
            let action = format!("/regions/{}/members/{id}/edit", r.code);
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(&ctx, &state, r, form, action, "member-edit-title", e).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn delete(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    members::delete(&state.db, &ctx.actor()?, r.id, id).await?;
    done(&ctx, "flash-deleted", &format!("/regions/{}/members", r.code)).await
}
