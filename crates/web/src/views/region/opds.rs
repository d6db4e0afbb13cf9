//! A region's OPDs: list, add, edit, remove.

use crate::access::{RegionManage, RegionView};
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::views::{done, render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
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

pub async fn list(
    State(state): State<AppState>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let page = OpdsPage {
        l: Layout::new(&ctx, "opds-title", "regions").region_crumbs(&r),
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

/// The OPD form; `id` is `None` for a new OPD.
async fn form_page(f: FormPage<'_, OpdInput>, id: Option<i64>) -> Result<Response, WebError> {
    let (title, action) = match id {
        Some(id) => ("opd-edit-title", f.url(&format!("opds/{id}/edit"))),
        None => ("opd-new-title", f.url("opds/new")),
    };
    let l = f.layout(title).crumb(f.ctx.lang.t("opds-title"), f.url("opds"));
    f.show(|region, form| OpdForm { l, region, form, action })
}

pub async fn new_form(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    form_page(FormPage::new(&ctx, &state, r, OpdInput::default()), None).await
}

pub async fn create(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(form): Form<OpdInput>,
) -> Result<Response, WebError> {
    let f = FormPage::new(&ctx, &state, r, form);
    let result = opds::create(&state.db, &ctx.actor()?, f.region.id, &f.form).await;
    let back = f.url("opds");
    f.outcome(result, "flash-saved", |_| back, |f| form_page(f, None)).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    let o = opds::get(&state.db, r.id, id).await?;
    form_page(FormPage::new(&ctx, &state, r, OpdInput::from(&o)), Some(id)).await
}

pub async fn update(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(form): Form<OpdInput>,
) -> Result<Response, WebError> {
    let f = FormPage::new(&ctx, &state, r, form);
    let result = opds::update(&state.db, &ctx.actor()?, f.region.id, id, &f.form).await;
    let back = f.url("opds");
    f.outcome(result, "flash-saved", |_| back, |f| form_page(f, Some(id))).await
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
