//! The region's side of citizen participation: consultations, the moderation queue (publish or
//! hide with a reason), the OPDs' official answers, links to problems and programmes, and the
//! statistics per dimension.

use crate::access::{ensure, RegionContribute, RegionManage, RegionView};
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::views::{done, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::framework::DIMENSIONS;
use kotacerdas_domain::participation::ConsultationInput;
use kotacerdas_domain::participation::{DimensionStats, Moderation};
use kotacerdas_store::entity::{consultation, input_comment, opd, region};
use kotacerdas_store::participation::{self, InputView};
use kotacerdas_store::{analysis::problems, region::opds, StoreError};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    dimension: String,
}

#[derive(Template)]
#[template(path = "participation.html")]
struct Page {
    l: Layout,
    region: region::Model,
    can_manage: bool,
    consultations: Vec<(consultation::Model, bool)>,
    form: ConsultationInput,
    dimensions: Vec<(String, String)>,
    pending: Vec<InputView>,
    comments: Vec<(input_comment::Model, String)>,
    inputs: Vec<InputView>,
    status: String,
    dimension: String,
    stats: Vec<DimensionStats>,
    total: DimensionStats,
}

/// The participation overview (filtered by `q`) with the new-consultation form.
async fn page(f: FormPage<'_, ConsultationInput>, q: ListQuery) -> Result<Response, WebError> {
    let (ctx, state, r) = (f.ctx, f.state, &f.region);
    let p = ctx.user()?;
    let lang = ctx.lang.code();
    let today = chrono::Utc::now().date_naive();
    let all = participation::list(&state.db, r.id, &participation::Filter::default()).await?;
    let (pending, rest): (Vec<InputView>, Vec<InputView>) =
        all.into_iter().partition(|v| v.input.status == Moderation::Pending.as_str());
    let inputs = rest
        .into_iter()
        .filter(|v| q.status.is_empty() || v.input.status == q.status)
        .filter(|v| q.dimension.is_empty() || v.input.dimension_code == q.dimension)
        .collect();
    let (stats, total) = participation::stats(&state.db, r.id).await?;
    let can_manage = p.can_manage_region(r.id);
    let consultations = participation::consultations(&state.db, r.id)
        .await?
        .into_iter()
        .map(|c| {
            let open = kotacerdas_domain::participation::is_open(c.opens_on, c.closes_on, today);
            (c, open)
        })
        .collect();
    let comments =
        participation::pending_comments(&state.db, r.id).await?.into_iter().map(|(c, i)| (c, i.title)).collect();
    let l = f.layout("participation-title");
    f.show(|region, form| Page {
        l,
        can_manage,
        consultations,
        form,
        dimensions: DIMENSIONS.iter().map(|d| (d.named.code.to_string(), d.named.name(lang).to_string())).collect(),
        pending,
        comments,
        inputs,
        status: q.status,
        dimension: q.dimension,
        stats,
        total,
        region,
    })
}

/// A moderation's or a consultation's answer: back to the overview, or the overview again.
async fn to_overview<T>(
    f: FormPage<'_, ConsultationInput>,
    result: Result<T, StoreError>,
) -> Result<Response, WebError> {
    let back = f.url("participation");
    f.outcome(result, "flash-saved", |_| back, |f| page(f, ListQuery::default())).await
}

pub async fn overview(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let today = chrono::Utc::now().date_naive();
    let form = ConsultationInput {
        opens_on: today.to_string(),
        closes_on: (today + chrono::Duration::days(30)).to_string(),
        ..Default::default()
    };
    page(FormPage::new(&ctx, &state, r, form), q).await
}

/// `topics` repeats (one checkbox per dimension), which `Form` cannot collect into a Vec.
fn consultation_form(body: &str) -> ConsultationInput {
    let mut f = ConsultationInput::default();
    for (k, v) in form_urlencoded_pairs(body) {
        match k.as_str() {
            "title" => f.title = v,
            "description" => f.description = v,
            "opens_on" => f.opens_on = v,
            "closes_on" => f.closes_on = v,
            "topics" => f.topics.push(v),
            _ => {}
        }
    }
    f
}

fn form_urlencoded_pairs(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let dec = |s: &str| urlencoding::decode(&s.replace('+', " ")).map(|c| c.into_owned()).ok();
            Some((dec(k)?, dec(v)?))
        })
        .collect()
}

pub async fn create_consultation(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    body: String,
) -> Result<Response, WebError> {
    let form = consultation_form(&body);
    let result = participation::create_consultation(&state.db, &ctx.actor()?, r.id, &form).await;
    to_overview(FormPage::new(&ctx, &state, r, form), result).await
}

pub async fn close_consultation(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    participation::close_consultation(&state.db, &ctx.actor()?, r.id, id).await?;
    done(&ctx, "flash-saved", &format!("/regions/{}/participation", r.code)).await
}

#[derive(Deserialize)]
pub struct ModerateForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

pub async fn moderate_input(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(f): Form<ModerateForm>,
) -> Result<Response, WebError> {
    let publish = f.decision == "publish";
    let result = participation::moderate_input(&state.db, &ctx.actor()?, r.id, id, publish, &f.reason).await;
    to_overview(FormPage::new(&ctx, &state, r, ConsultationInput::default()), result).await
}

pub async fn moderate_comment(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(f): Form<ModerateForm>,
) -> Result<Response, WebError> {
    let publish = f.decision == "publish";
    let result = participation::moderate_comment(&state.db, &ctx.actor()?, r.id, id, publish, &f.reason).await;
    to_overview(FormPage::new(&ctx, &state, r, ConsultationInput::default()), result).await
}

// ---------------------------------------------------------------- one input, staff view

#[derive(Template)]
#[template(path = "participation_input.html")]
struct InputPage {
    l: Layout,
    region: region::Model,
    v: InputView,
    status: String,
    can_manage: bool,
    can_answer: bool,
    opds: Vec<opd::Model>,
    problems: Vec<(i64, String)>,
    programmes: Vec<(i64, String)>,
    answer: String,
}

/// One input for the region's staff, with the answer being written (the form's value).
async fn input_page(f: FormPage<'_, String>, id: i64) -> Result<Response, WebError> {
    let (ctx, state, r) = (f.ctx, f.state, &f.region);
    let p = ctx.user()?;
    let v = participation::view(&state.db, r.id, id, false).await?;
    let opds = opds::list(&state.db, r.id).await?.into_iter().filter(|o| p.can_edit_opd(r.id, o.id)).collect();
    let problems = problems::list(&state.db, r.id).await?.into_iter().map(|x| (x.id, x.title)).collect();
    let programmes = state
        .registers
        .programmes(&state.db, r.id)
        .await?
        .iter()
        .map(|x| (x.programme.id, x.programme.named()))
        .collect();
    let (can_manage, can_contribute) = (p.can_manage_region(r.id), p.can_contribute(r.id));
    let l = f
        .layout("participation-title")
        .titled(v.input.title.clone())
        .crumb(ctx.lang.t("participation-title"), f.url("participation"));
    f.show(|region, answer| InputPage {
        l,
        status: Moderation::parse(&v.input.status).map(|m| m.label(ctx.lang.code())).unwrap_or_default().to_string(),
        can_manage,
        can_answer: can_contribute && v.input.status == Moderation::Published.as_str(),
        opds,
        problems,
        programmes,
        answer,
        v,
        region,
    })
}

/// An answer's or a link's outcome: back to the input, or the input again with the errors.
async fn to_input<T>(f: FormPage<'_, String>, id: i64, result: Result<T, StoreError>) -> Result<Response, WebError> {
    let back = f.url(&format!("participation/inputs/{id}"));
    f.outcome(result, "flash-saved", |_| back, |f| input_page(f, id)).await
}

pub async fn input(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    input_page(FormPage::new(&ctx, &state, r, String::new()), id).await
}

#[derive(Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    opd_id: String,
    #[serde(default)]
    answer: String,
}

pub async fn answer(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionContribute { ctx, user: p, region: r, .. }: RegionContribute,
    Form(f): Form<AnswerForm>,
) -> Result<Response, WebError> {
    // A planner answers for their own OPD only.
    ensure(p.may_name_owner(r.id, f.opd_id.trim().parse::<i64>().ok()))?;
    let result = participation::answer(&state.db, &ctx.actor()?, r.id, id, &f.opd_id, &f.answer).await;
    to_input(FormPage::new(&ctx, &state, r, f.answer), id, result).await
}

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    ref_id: String,
}

pub async fn add_link(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionContribute { ctx, region: r, .. }: RegionContribute,
    Form(f): Form<LinkForm>,
) -> Result<Response, WebError> {
    let result = participation::add_link(&state.db, &ctx.actor()?, r.id, id, &f.kind, &f.ref_id).await;
    to_input(FormPage::new(&ctx, &state, r, String::new()), id, result).await
}

pub async fn remove_link(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    participation::remove_link(&state.db, &ctx.actor()?, r.id, id).await?;
    done(&ctx, "flash-saved", &format!("/regions/{}/participation", r.code)).await
}
