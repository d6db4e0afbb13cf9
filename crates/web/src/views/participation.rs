//! The region's side of citizen participation: consultations, the moderation queue (publish or
//! hide with a reason), the OPDs' official answers, links to problems and programmes, and the
//! statistics per dimension. Also the neighbour-sharing actions on programmes.

use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::region::visible_region;
use crate::views::{done, render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use kotacerdas_domain::framework::DIMENSIONS;
use kotacerdas_domain::participation::ConsultationInput;
use kotacerdas_domain::participation::{DimensionStats, Moderation};
use kotacerdas_domain::validate::Errors;
use kotacerdas_store::entity::{consultation, input_comment, opd, region};
use kotacerdas_store::participation::{self, InputView};
use kotacerdas_store::{analysis::problems, plan::shares, region::opds, StoreError};
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

async fn page(
    ctx: &Ctx,
    state: &AppState,
    r: region::Model,
    q: ListQuery,
    form: ConsultationInput,
    errors: Errors,
) -> Result<Response, WebError> {
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
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = Page {
        l: Layout::new(ctx, "participation-title", "regions").region_crumbs(&r.code, &r.name).with_errors(errors),
        can_manage: p.can_manage_region(r.id),
        consultations: participation::consultations(&state.db, r.id)
            .await?
            .into_iter()
            .map(|c| {
                let open = kotacerdas_domain::participation::is_open(c.opens_on, c.closes_on, today);
                (c, open)
            })
            .collect(),
        form,
        dimensions: DIMENSIONS.iter().map(|d| (d.named.code.to_string(), d.named.name(lang).to_string())).collect(),
        pending,
        comments: participation::pending_comments(&state.db, r.id)
            .await?
            .into_iter()
            .map(|(c, i)| (c, i.title))
            .collect(),
        inputs,
        status: q.status,
        dimension: q.dimension,
        stats,
        total,
        region: r,
    };
    render_status(status, &page)
}

pub async fn overview(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let r = visible_region(&state, ctx.user()?, &code).await?;
    let today = chrono::Utc::now().date_naive();
    let form = ConsultationInput {
        opens_on: today.to_string(),
        closes_on: (today + chrono::Duration::days(30)).to_string(),
        ..Default::default()
    };
    page(&ctx, &state, r, q, form, Errors::new()).await
}

async fn managed(ctx: &Ctx, state: &AppState, code: &str) -> Result<region::Model, WebError> {
    let p = ctx.user()?;
    let r = visible_region(state, p, code).await?;
    if !p.can_manage_region(r.id) {
        return Err(WebError::Forbidden);
    }
    Ok(r)
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
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
    body: String,
) -> Result<Response, WebError> {
    let r = managed(&ctx, &state, &code).await?;
    let form = consultation_form(&body);
    match participation::create_consultation(&state.db, &ctx.actor()?, r.id, &form).await {
        Ok(_) => done(&ctx, "flash-saved", &format!("/regions/{}/participation", r.code)).await,
        Err(StoreError::Invalid(e)) => page(&ctx, &state, r, ListQuery::default(), form, e).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn close_consultation(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let r = managed(&ctx, &state, &code).await?;
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
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
    Form(f): Form<ModerateForm>,
) -> Result<Response, WebError> {
    let r = managed(&ctx, &state, &code).await?;
    let publish = f.decision == "publish";
    match participation::moderate_input(&state.db, &ctx.actor()?, r.id, id, publish, &f.reason).await {
        Ok(_) => done(&ctx, "flash-saved", &format!("/regions/{}/participation", r.code)).await,
        Err(StoreError::Invalid(e)) => {
            page(&ctx, &state, r, ListQuery::default(), ConsultationInput::default(), e).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn moderate_comment(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
    Form(f): Form<ModerateForm>,
) -> Result<Response, WebError> {
    let r = managed(&ctx, &state, &code).await?;
    let publish = f.decision == "publish";
    match participation::moderate_comment(&state.db, &ctx.actor()?, r.id, id, publish, &f.reason).await {
        Ok(_) => done(&ctx, "flash-saved", &format!("/regions/{}/participation", r.code)).await,
        Err(StoreError::Invalid(e)) => {
            page(&ctx, &state, r, ListQuery::default(), ConsultationInput::default(), e).await
        }
        Err(e) => Err(e.into()),
    }
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

async fn input_page(
    ctx: &Ctx,
    state: &AppState,
    r: region::Model,
    id: i64,
    answer: String,
    errors: Errors,
) -> Result<Response, WebError> {
    let p = ctx.user()?;
    let v = participation::view(&state.db, r.id, id, false).await?;
    let opds = opds::list(&state.db, r.id).await?.into_iter().filter(|o| p.can_edit_opd(r.id, o.id)).collect();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = InputPage {
        l: Layout::new(ctx, "participation-title", "regions")
            .titled(v.input.title.clone())
            .region_crumbs(&r.code, &r.name)
            .crumb(ctx.lang.t("participation-title"), format!("/regions/{}/participation", r.code))
            .with_errors(errors),
        status: Moderation::parse(&v.input.status).map(|m| m.label(ctx.lang.code())).unwrap_or_default().to_string(),
        can_manage: p.can_manage_region(r.id),
        can_answer: p.can_contribute(r.id) && v.input.status == Moderation::Published.as_str(),
        opds,
        problems: problems::list(&state.db, r.id).await?.into_iter().map(|x| (x.id, x.title)).collect(),
        programmes: state
            .registers
            .programmes(&state.db, r.id)
            .await?
            .iter()
            .map(|x| (x.programme.id, x.programme.name.clone()))
            .collect(),
        answer,
        v,
        region: r,
    };
    render_status(status, &page)
}

pub async fn input(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let r = visible_region(&state, ctx.user()?, &code).await?;
    input_page(&ctx, &state, r, id, String::new(), Errors::new()).await
}

#[derive(Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    opd_id: String,
    #[serde(default)]
    answer: String,
}

pub async fn answer(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, WebError> {
    let p = ctx.user()?;
    let r = visible_region(&state, p, &code).await?;
    if !p.can_contribute(r.id) {
        return Err(WebError::Forbidden);
    }
    // A planner answers for their own OPD only.
    if let Ok(opd) = f.opd_id.trim().parse::<i64>() {
        if !p.can_edit_opd(r.id, opd) {
            return Err(WebError::Forbidden);
        }
    }
    match participation::answer(&state.db, &ctx.actor()?, r.id, id, &f.opd_id, &f.answer).await {
        Ok(_) => done(&ctx, "flash-saved", &format!("/regions/{}/participation/inputs/{id}", r.code)).await,
        Err(StoreError::Invalid(e)) => input_page(&ctx, &state, r, id, f.answer, e).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    ref_id: String,
}

pub async fn add_link(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
    Form(f): Form<LinkForm>,
) -> Result<Response, WebError> {
    let p = ctx.user()?;
    let r = visible_region(&state, p, &code).await?;
    if !p.can_contribute(r.id) {
        return Err(WebError::Forbidden);
    }
    match participation::add_link(&state.db, &ctx.actor()?, r.id, id, &f.kind, &f.ref_id).await {
        Ok(_) => done(&ctx, "flash-saved", &format!("/regions/{}/participation/inputs/{id}", r.code)).await,
        Err(StoreError::Invalid(e)) => input_page(&ctx, &state, r, id, String::new(), e).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn remove_link(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let r = managed(&ctx, &state, &code).await?;
    participation::remove_link(&state.db, &ctx.actor()?, r.id, id).await?;
    done(&ctx, "flash-saved", &format!("/regions/{}/participation", r.code)).await
}

// ---------------------------------------------------------------- sharing programmes

#[derive(Deserialize)]
pub struct ShareForm {
    #[serde(default)]
    partner: String,
}

pub async fn invite(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
    Form(f): Form<ShareForm>,
) -> Result<Response, WebError> {
    let r = managed(&ctx, &state, &code).await?;
    let back = format!("/regions/{}/programmes/{id}", r.code);
    match shares::invite(&state.db, &ctx.actor()?, r.id, id, &f.partner).await {
        Ok(_) => done(&ctx, "flash-share-invited", &back).await,
        Err(StoreError::Invalid(e)) => {
            // Shown on the programme page, which has no form state of its own to keep.
            let key = e.0.first().map(|x| x.code).unwrap_or("err-choice");
            ctx.flash(key).await?;
            Ok(axum::response::Redirect::to(&back).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    note: String,
}

pub async fn decide(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
    Form(f): Form<DecideForm>,
) -> Result<Response, WebError> {
    let r = managed(&ctx, &state, &code).await?;
    shares::decide(&state.db, &ctx.actor()?, r.id, id, f.decision == "acknowledge", &f.note).await?;
    done(&ctx, "flash-saved", &format!("/regions/{}/programmes#shared", r.code)).await
}

pub async fn withdraw(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let r = managed(&ctx, &state, &code).await?;
    let programme_id = shares::withdraw(&state.db, &ctx.actor()?, r.id, id).await?;
    done(&ctx, "flash-saved", &format!("/regions/{}/programmes/{programme_id}", r.code)).await
}
