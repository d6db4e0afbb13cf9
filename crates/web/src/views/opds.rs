//! A region's OPDs: list, add, edit, remove.

use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::region::visible_region;
use crate::views::{done, render, render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::region::OpdInput;
use kotacerdas_store::entity::{opd, region};
use kotacerdas_store::region::opds;
use kotacerdas_store::StoreError;

#[derive(Template)]
#[template(path = "opds.html")]
struct OpdsPage {
    l: Layout,
    region: region::Model,
    opds: Vec<opd::Model>,
    can_manage: bool,
}

pub async fn list(ctx: Ctx, State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, WebError> {
    let p = ctx.user()?;
    let r = visible_region(&state, p, &code).await?;
    let page = OpdsPage {
        l: Layout::new(&ctx, "opds-title", "regions").region_crumbs(&r.code, &r.name),
        opds: opds::list(&state.db, r.id).await?,
        can_manage: p.can_manage_region(r.id),
        region: r,
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "opd_form.html")]
struct OpdForm {
    l: Layout,
    region: region::Model,
    form: OpdInput,
    action: String,
}

/// The region, if this user may manage it (its OPDs, members, MoU, schedule).
pub async fn managed_region(ctx: &Ctx, state: &AppState, code: &str) -> Result<region::Model, WebError> {
    let p = ctx.user()?;
    let r = visible_region(state, p, code).await?;
    if !p.can_manage_region(r.id) {
        return Err(WebError::Forbidden);
    }
    Ok(r)
}

fn form_page(
    ctx: &Ctx,
    r: region::Model,
    form: OpdInput,
    action: String,
    title: &str,
    errors: kotacerdas_domain::validate::Errors,
) -> OpdForm {
    let l = Layout::new(ctx, title, "regions")
        .region_crumbs(&r.code, &r.name)
        .crumb(ctx.lang.t("opds-title"), format!("/regions/{}/opds", r.code))
        .with_errors(errors);
    OpdForm { l, region: r, form, action }
}

pub async fn new_form(ctx: Ctx, State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, WebError> {
    let r = managed_region(&ctx, &state, &code).await?;
    let action = format!("/regions/{}/opds/new", r.code);
    render(&form_page(&ctx, r, OpdInput::default(), action, "opd-new-title", Default::default()))
}

pub async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
    Form(form): Form<OpdInput>,
) -> Result<Response, WebError> {
    let r = managed_region(&ctx, &state, &code).await?;
    match opds::create(&state.db, &ctx.actor()?, r.id, &form).await {
        Ok(_) => done(&ctx, "flash-saved", &format!("/regions/{}/opds", r.code)).await,
        Err(StoreError::Invalid(e)) => {
            let action = format!("/regions/{}/opds/new", r.code);
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &form_page(&ctx, r, form, action, "opd-new-title", e))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let r = managed_region(&ctx, &state, &code).await?;
    let o = opds::get(&state.db, r.id, id).await?;
    let action = format!("/regions/{}/opds/{id}/edit", r.code);
    render(&form_page(&ctx, r, OpdInput::from(&o), action, "opd-edit-title", Default::default()))
}

pub async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
    Form(form): Form<OpdInput>,
) -> Result<Response, WebError> {
    let r = managed_region(&ctx, &state, &code).await?;
    match opds::update(&state.db, &ctx.actor()?, r.id, id, &form).await {
        Ok(_) => done(&ctx, "flash-saved", &format!("/regions/{}/opds", r.code)).await,
        Err(StoreError::Invalid(e)) => {
            let action = format!("/regions/{}/opds/{id}/edit", r.code);
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &form_page(&ctx, r, form, action, "opd-edit-title", e))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let r = managed_region(&ctx, &state, &code).await?;
    match opds::delete(&state.db, &ctx.actor()?, r.id, id).await {
        Ok(()) => done(&ctx, "flash-deleted", &format!("/regions/{}/opds", r.code)).await,
        Err(StoreError::Invalid(_)) => done(&ctx, "err-in-use", &format!("/regions/{}/opds", r.code)).await,
        Err(e) => Err(e.into()),
    }
}
