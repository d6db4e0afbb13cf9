//! A region's OPDs: list, add, edit, remove.

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
use kotacerdas_store::entity::{opd, region};
use kotacerdas_store::opds::{self, OpdInput};
use kotacerdas_store::StoreError;

#[derive(Template)]
#[template(path = "opds.html")]
struct OpdsPage {
    l: Layout,
    region: region::Model,
    opds: Vec<opd::Model>,
    can_manage: bool,
}

pub async fn list(
    State(state): State<AppState>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
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

pub async fn new_form(RegionManage { ctx, region: r, .. }: RegionManage) -> Result<Response, WebError> {
    let action = format!("/regions/{}/opds/new", r.code);
    render(&form_page(&ctx, r, OpdInput::default(), action, "opd-new-title", Default::default()))
}

pub async fn create(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(form): Form<OpdInput>,
) -> Result<Response, WebError> {
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
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    let o = opds::get(&state.db, r.id, id).await?;
    let action = format!("/regions/{}/opds/{id}/edit", r.code);
    render(&form_page(&ctx, r, OpdInput::from_model(&o), action, "opd-edit-title", Default::default()))
}

pub async fn update(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(form): Form<OpdInput>,
) -> Result<Response, WebError> {
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
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    match opds::delete(&state.db, &ctx.actor()?, r.id, id).await {
        Ok(()) => done(&ctx, "flash-deleted", &format!("/regions/{}/opds", r.code)).await,
        Err(StoreError::Invalid(_)) => done(&ctx, "err-in-use", &format!("/regions/{}/opds", r.code)).await,
        Err(e) => Err(e.into()),
    }
}
