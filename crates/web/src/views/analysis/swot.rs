//! Stage 1 gap and SWOT per pillar, optionally per dimension, as structured lists.

use crate::access::{RegionManage, RegionView};
use crate::error::WebError;
use crate::views::book::sections::{thread, Thread};
use crate::views::form::FormPage;
use crate::views::{done, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::analysis::{Section, SwotKind};
use kotacerdas_domain::analysis_input::SwotInput;
use kotacerdas_domain::framework::{DIMENSIONS, PILLARS};
use kotacerdas_store::analysis::swot;
use kotacerdas_store::entity::{region, swot_item};

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

/// The SWOT page with its form.
async fn page(f: FormPage<'_, SwotInput>) -> Result<Response, WebError> {
    let (ctx, state, r) = (f.ctx, f.state, &f.region);
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
    let can_edit = p.can_manage_region(r.id);
    let thread = thread(ctx, state, r.id, &r.code, Section::Swot).await?;
    let l = f.layout("swot-title");
    f.show(|region, form| SwotPage {
        l,
        can_edit,
        kinds: SwotKind::ALL.iter().map(|k| (k.as_str().to_string(), k.label(lang).to_string())).collect(),
        dimensions: DIMENSIONS.iter().map(|d| (d.named.code.to_string(), d.named.name(lang).to_string())).collect(),
        thread,
        pillars,
        form,
        region,
    })
}

pub async fn show(
    State(state): State<AppState>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let form = SwotInput { pillar_code: "STR".into(), kind: "strength".into(), ..Default::default() };
    page(FormPage::new(&ctx, &state, r, form)).await
}

pub async fn add(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(form): Form<SwotInput>,
) -> Result<Response, WebError> {
    let result = swot::add(&state.db, &ctx.actor()?, r.id, &form).await;
    let f = FormPage::new(&ctx, &state, r, form);
    let back = f.url(&format!("swot#pillar-{}", f.form.pillar_code));
    f.outcome(result, "flash-saved", |_| back, page).await
}

pub async fn delete(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    swot::delete(&state.db, &ctx.actor()?, r.id, id).await?;
    done(&ctx, "flash-deleted", &format!("/regions/{}/swot", r.code)).await
}
