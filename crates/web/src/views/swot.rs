//! Stage 1 gap and SWOT per pillar, optionally per dimension, as structured lists.

use crate::access::{RegionManage, RegionView};
use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::sections::{thread, Thread};
use crate::views::{done, render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::analysis::{Section, SwotKind};
use kotacerdas_domain::framework::{DIMENSIONS, PILLARS};
use kotacerdas_domain::validate::Errors;
use kotacerdas_store::entity::{region, swot_item};
use kotacerdas_store::swot::{self, SwotInput};
use kotacerdas_store::StoreError;

struct PillarSwot {
    code: &'static str,
    name: &'static str,
    /// (kind code, kind label, items)
    lists: Vec<(&'static str, &'static str, Vec<swot_item::Model>)>,
}

#[derive(Template)]
#[template(path = "swot.html")]
struct SwotPage {
    l: Layout,
    region: region::Model,
    pillars: Vec<PillarSwot>,
    can_edit: bool,
    form: SwotInput,
    kinds: Vec<(String, String)>,
    dimensions: Vec<(String, String)>,
    thread: Thread,
}

async fn page(
    ctx: &Ctx,
    state: &AppState,
    r: region::Model,
    form: SwotInput,
    errors: Errors,
    status: StatusCode,
) -> Result<Response, WebError> {
    let p = ctx.user()?;
    let lang = ctx.lang.code();
    let items = swot::list(&state.db, r.id).await?;
    let pillars = PILLARS
        .iter()
        .map(|pl| PillarSwot {
            code: pl.named.code,
            name: pl.named.name(lang),
            lists: SwotKind::ALL
                .iter()
                .map(|k| {
                    let of: Vec<swot_item::Model> = items
                        .iter()
                        .filter(|i| i.pillar_code == pl.named.code && i.kind == k.as_str())
                        .cloned()
                        .collect();
                    (k.as_str(), k.label(lang), of)
                })
                .collect(),
        })
        .collect();
    let page = SwotPage {
        l: Layout::new(ctx, "swot-title", "regions").region_crumbs(&r.code, &r.name).with_errors(errors),
        can_edit: p.can_manage_region(r.id),
        kinds: SwotKind::ALL.iter().map(|k| (k.as_str().to_string(), k.label(lang).to_string())).collect(),
        dimensions: DIMENSIONS.iter().map(|d| (d.named.code.to_string(), d.named.name(lang).to_string())).collect(),
        thread: thread(ctx, state, r.id, &r.code, Section::Swot).await?,
        pillars,
        form,
        region: r,
    };
    render_status(status, &page)
}

pub async fn show(
    State(state): State<AppState>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    page(
        &ctx,
        &state,
        r,
        SwotInput { pillar_code: "STR".into(), kind: "strength".into(), ..Default::default() },
        Errors::new(),
        StatusCode::OK,
    )
    .await
}

pub async fn add(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(form): Form<SwotInput>,
) -> Result<Response, WebError> {
    match swot::add(&state.db, &ctx.actor()?, r.id, &form).await {
        Ok(_) => done(&ctx, "flash-saved", &format!("/regions/{}/swot#pillar-{}", r.code, form.pillar_code)).await,
        Err(StoreError::Invalid(e)) => page(&ctx, &state, r, form, e, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn delete(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    swot::delete(&state.db, &ctx.actor()?, r.id, id).await?;
    done(&ctx, "flash-deleted", &format!("/regions/{}/swot", r.code)).await
}
