//! Stages 2–3 (first part): the RPJMD/RPD reference and the smart city vision, missions, goals
//! and strategies linked to it, with the masterplan's ten years mapped to the plan periods.

use crate::access::{RegionManage, RegionView};
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::views::{done, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::framework::DIMENSIONS;
use kotacerdas_domain::plan::{
    map_years, period_label, vision_beyond_plan, Period, PeriodKind, RpjmdLevel, VisionLevel,
};
use kotacerdas_domain::plan::{ItemInput, MasterplanInput, PeriodInput, VisionItemInput};
use kotacerdas_store::entity::{masterplan, plan_item, plan_period, region, vision_item};
use kotacerdas_store::plan;
use kotacerdas_store::StoreError;

/// What a failed form sends back to the page, so the typed values stay.
#[derive(Default)]
struct Typed {
    period: PeriodInput,
    item: ItemInput,
    masterplan: Option<MasterplanInput>,
    vision: VisionItemInput,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    l: Layout,
    region: region::Model,
    /// "rpjmd" or "vision": which of the two pages.
    tab: &'static str,
    can_edit: bool,
    periods: Vec<(plan_period::Model, Vec<plan_item::Model>)>,
    master: Option<masterplan::Model>,
    /// (year, "RPJMD 2021–2025" or "")
    years: Vec<(i32, String)>,
    vision: Vec<(vision_item::Model, String)>,
    typed: Typed,
    /// The masterplan form's values: as typed, or as stored.
    mp: MasterplanInput,
    kinds: Vec<(String, String)>,
    levels: Vec<(String, String)>,
    vision_levels: Vec<(String, String)>,
    period_options: Vec<(String, String)>,
    link_options: Vec<(String, String)>,
    /// Missions and goals: the parents a goal or a target may sit under.
    parent_options: Vec<(String, String)>,
    /// The vision's year when it lies beyond the masterplan's ten years.
    beyond: Option<i32>,
    dimensions: Vec<(String, String)>,
    elements: Vec<(String, String)>,
}

/// The RPJMD (`tab` "rpjmd") or the vision page ("vision"), with what a refused form typed.
async fn page(f: FormPage<'_, Typed>, tab: &'static str) -> Result<Response, WebError> {
    let (ctx, state, r) = (f.ctx, f.state, &f.region);
    let lang = ctx.lang.code();
    let periods = plan::periods(&state.db, r.id).await?;
    let items = plan::items(&state.db, r.id).await?;
    let master = plan::masterplan(&state.db, r.id).await?;
    let label = |p: &plan_period::Model| period_label(&p.kind, p.start_year, p.end_year);
    // Every picker names the period too: two periods may both have an "M1".
    let labels = plan::item_labels(&periods, &items);
    let option = |i: &plan_item::Model| {
        let code = labels.get(&i.id).cloned().unwrap_or_else(|| i.code.clone());
        (i.id.to_string(), format!("{code} — {}", i.text.chars().take(80).collect::<String>()))
    };
    let years = match &master {
        Some(m) => {
            let ps: Vec<Period> =
                periods.iter().map(|p| Period { id: p.id, start: p.start_year, end: p.end_year }).collect();
            map_years(m.start_year, &ps)
                .into_iter()
                .map(|(y, id)| {
                    (y, id.and_then(|id| periods.iter().find(|p| p.id == id)).map(label).unwrap_or_default())
                })
                .collect()
        }
        None => Vec::new(),
    };
    let vision = plan::vision_items(&state.db, r.id)
        .await?
        .into_iter()
        .map(|v| {
            let link = v
                .plan_item_id
                .and_then(|id| items.iter().find(|i| i.id == id))
                .map(|i| format!("{} — {}", labels.get(&i.id).unwrap_or(&i.code), i.text))
                .unwrap_or_default();
            (v, link)
        })
        .collect();
    let title = if tab == "rpjmd" { "rpjmd-title" } else { "vision-title" };
    let can_edit = ctx.user()?.can_manage_region(r.id);
    let l = f.layout(title);
    f.show(|region, typed| PlanPage {
        l,
        can_edit,
        kinds: PeriodKind::ALL.iter().map(|k| (k.as_str().to_string(), k.label(lang).to_string())).collect(),
        levels: RpjmdLevel::ALL.iter().map(|k| (k.as_str().to_string(), k.label(lang).to_string())).collect(),
        vision_levels: VisionLevel::ALL.iter().map(|k| (k.as_str().to_string(), k.label(lang).to_string())).collect(),
        period_options: periods.iter().map(|p| (p.id.to_string(), label(p))).collect(),
        link_options: items.iter().filter(|i| i.level != RpjmdLevel::Target.as_str()).map(option).collect(),
        parent_options: items.iter().filter(|i| i.level != RpjmdLevel::Target.as_str()).map(option).collect(),
        beyond: master.as_ref().and_then(|m| vision_beyond_plan(&m.vision, m.start_year)),
        dimensions: DIMENSIONS.iter().map(|d| (d.named.code.to_string(), d.named.name(lang).to_string())).collect(),
        elements: DIMENSIONS
            .iter()
            .flat_map(|d| {
                d.elements.iter().map(move |e| (e.code.to_string(), format!("{} — {}", e.code, e.name(lang))))
            })
            .collect(),
        periods: periods
            .into_iter()
            .map(|p| {
                let of: Vec<plan_item::Model> = items.iter().filter(|i| i.period_id == p.id).cloned().collect();
                (p, of)
            })
            .collect(),
        mp: typed.masterplan.clone().unwrap_or_else(|| MasterplanInput {
            start_year: master.as_ref().map(|m| m.start_year.to_string()).unwrap_or_default(),
            vision: master.as_ref().map(|m| m.vision.clone()).unwrap_or_default(),
            explanation: master.as_ref().and_then(|m| m.explanation.clone()).unwrap_or_default(),
        }),
        master,
        years,
        vision,
        typed,
        tab,
        region,
    })
}

pub async fn rpjmd(
    State(state): State<AppState>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let typed = Typed { period: PeriodInput { kind: "rpjmd".into(), ..Default::default() }, ..Default::default() };
    page(FormPage::new(&ctx, &state, r, typed), "rpjmd").await
}

pub async fn vision(
    State(state): State<AppState>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    page(FormPage::new(&ctx, &state, r, Typed::default()), "vision").await
}

/// A save's answer: back to `tab`, or the page again with what was typed.
async fn saved<T>(
    f: FormPage<'_, Typed>,
    tab: &'static str,
    result: Result<T, StoreError>,
) -> Result<Response, WebError> {
    let back = f.url(tab);
    f.outcome(result, "flash-saved", |_| back, |f| page(f, tab)).await
}

pub async fn add_period(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(f): Form<PeriodInput>,
) -> Result<Response, WebError> {
    let result = plan::add_period(&state.db, &ctx.actor()?, r.id, &f).await;
    saved(FormPage::new(&ctx, &state, r, Typed { period: f, ..Default::default() }), "rpjmd", result).await
}

pub async fn add_item(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(f): Form<ItemInput>,
) -> Result<Response, WebError> {
    let result = plan::add_item(&state.db, &ctx.actor()?, r.id, &f).await;
    saved(FormPage::new(&ctx, &state, r, Typed { item: f, ..Default::default() }), "rpjmd", result).await
}

pub async fn save_masterplan(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(f): Form<MasterplanInput>,
) -> Result<Response, WebError> {
    let result = plan::save_masterplan(&state.db, &ctx.actor()?, r.id, &f).await;
    saved(FormPage::new(&ctx, &state, r, Typed { masterplan: Some(f), ..Default::default() }), "vision", result).await
}

pub async fn add_vision_item(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(f): Form<VisionItemInput>,
) -> Result<Response, WebError> {
    let result = plan::add_vision_item(&state.db, &ctx.actor()?, r.id, &f).await;
    saved(FormPage::new(&ctx, &state, r, Typed { vision: f, ..Default::default() }), "vision", result).await
}

pub async fn delete(
    State(state): State<AppState>,
    Path((_, what, id)): Path<(String, String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    let back = if what == "vision" { "vision" } else { "rpjmd" };
    match plan::delete(&state.db, &ctx.actor()?, r.id, &what, id).await {
        Ok(()) => done(&ctx, "flash-deleted", &format!("/regions/{}/{back}", r.code)).await,
        Err(StoreError::Invalid(_)) => done(&ctx, "err-in-use", &format!("/regions/{}/{back}", r.code)).await,
        Err(e) => Err(e.into()),
    }
}
