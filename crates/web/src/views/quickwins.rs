//! Quick Win selection: criteria and weights per region, the team's scores, the ranking, and
//! a sheet for each selected Quick Win.

use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::region::visible_region;
use crate::views::{done, render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::programme::Horizon;
use kotacerdas_domain::quickwin::{rank, weighted};
use kotacerdas_domain::quickwin::{CriterionInput, SheetInput};
use kotacerdas_domain::validate::Errors;
use kotacerdas_store::entity::{quick_win, qw_criterion, region};
use kotacerdas_store::plan::programmes::{self, Programme};
use kotacerdas_store::plan::quickwins;
use kotacerdas_store::{region::opds, StoreError};
use std::collections::{BTreeMap, HashMap};

pub struct Candidate {
    pub p: Programme,
    pub opd: String,
    /// Score per criterion, in the criteria's order ("" = not scored yet).
    pub scores: Vec<String>,
    /// Weighted score ×100.
    pub score: Option<i64>,
    pub rank: Option<usize>,
    pub sheet: Option<quick_win::Model>,
    pub can_edit: bool,
}

#[derive(Template)]
#[template(path = "quickwins.html")]
struct QuickWinsPage {
    l: Layout,
    region: region::Model,
    criteria: Vec<qw_criterion::Model>,
    spare: Vec<usize>,
    candidates: Vec<Candidate>,
    can_manage: bool,
    can_score: bool,
    weight_total: i32,
    levels: Vec<String>,
}

/// Weighted score ×100 as "4,25".
pub fn score_text(v: &Option<i64>, comma: bool) -> String {
    match v {
        Some(v) => kotacerdas_domain::format::hundredths(*v, if comma { "id" } else { "en" }),
        None => "—".into(),
    }
}

async fn render(ctx: &Ctx, state: &AppState, r: region::Model, errors: Errors) -> Result<Response, WebError> {
    let p = ctx.user()?;
    let db = &state.db;
    let criteria = quickwins::criteria(db, r.id).await?;
    let scores = quickwins::scores(db, r.id).await?;
    let sheets = quickwins::sheets(db, r.id).await?;
    let opd_names: HashMap<i64, String> =
        opds::list(db, r.id).await?.into_iter().map(|o| (o.id, o.short_name)).collect();
    let weights: Vec<(i64, i32)> = criteria.iter().map(|c| (c.id, c.weight)).collect();
    let mut candidates: Vec<Candidate> = programmes::list(db, r.id)
        .await?
        .into_iter()
        .filter(|x| x.programme.horizon == Horizon::QuickWin.as_str())
        .map(|x| {
            let mine = scores.get(&x.programme.id).cloned().unwrap_or_default();
            Candidate {
                opd: opd_names.get(&x.programme.opd_id).cloned().unwrap_or_default(),
                scores: criteria
                    .iter()
                    .map(|c| mine.iter().find(|s| s.0 == c.id).map(|s| s.1.to_string()).unwrap_or_default())
                    .collect(),
                score: weighted(&weights, &mine),
                rank: None,
                sheet: sheets.get(&x.programme.id).cloned(),
                can_edit: p.can_edit_opd(r.id, x.programme.opd_id),
                p: x,
            }
        })
        .collect();
    let ranks = rank(&candidates.iter().map(|c| c.score).collect::<Vec<_>>());
    for (c, rk) in candidates.iter_mut().zip(ranks) {
        c.rank = rk;
    }
    candidates.sort_by_key(|c| (c.rank.unwrap_or(usize::MAX), c.p.programme.name.clone()));
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = QuickWinsPage {
        l: Layout::new(ctx, "quickwins-title", "regions").region_crumbs(&r.code, &r.name).with_errors(errors),
        spare: (criteria.len()..criteria.len() + 2).collect(),
        weight_total: criteria.iter().map(|c| c.weight).sum(),
        criteria,
        candidates,
        can_manage: p.can_manage_region(r.id),
        can_score: p.can_contribute(r.id),
        levels: (1..=5).map(|v| v.to_string()).collect(),
        region: r,
    };
    render_status(status, &page)
}

pub async fn page(ctx: Ctx, State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, WebError> {
    let r = visible_region(&state, ctx.user()?, &code).await?;
    render(&ctx, &state, r, Errors::new()).await
}

/// Save the criteria table: `criterion.N.code|name|weight`.
pub async fn save_criteria(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let r = visible_region(&state, ctx.user()?, &code).await?;
    if !ctx.user()?.can_manage_region(r.id) {
        return Err(WebError::Forbidden);
    }
    let mut rows: BTreeMap<usize, CriterionInput> = BTreeMap::new();
    for (k, v) in fields {
        if let [_, n, part] = k.split('.').collect::<Vec<_>>().as_slice() {
            let Ok(n) = n.parse::<usize>() else { continue };
            if n >= 30 {
                continue;
            }
            let row = rows.entry(n).or_default();
            match *part {
                "code" => row.code = v,
                "name" => row.name = v,
                "weight" => row.weight = v,
                _ => {}
            }
        }
    }
    let max = rows.keys().max().map(|m| m + 1).unwrap_or(0);
    let rows: Vec<CriterionInput> = (0..max).map(|i| rows.remove(&i).unwrap_or_default()).collect();
    match quickwins::save_criteria(&state.db, &ctx.actor()?, r.id, &rows).await {
        Ok(()) => done(&ctx, "flash-saved", &format!("/regions/{}/quick-wins", r.code)).await,
        Err(StoreError::Invalid(e)) => render(&ctx, &state, r, e).await,
        Err(e) => Err(e.into()),
    }
}

/// Score one candidate: `score.CODE` = 1..5.
pub async fn save_scores(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let r = visible_region(&state, ctx.user()?, &code).await?;
    if !ctx.user()?.can_contribute(r.id) {
        return Err(WebError::Forbidden);
    }
    let raw: HashMap<String, String> =
        fields.into_iter().filter_map(|(k, v)| Some((k.strip_prefix("score.")?.to_string(), v))).collect();
    match quickwins::save_scores(&state.db, &ctx.actor()?, r.id, id, &raw).await {
        Ok(()) => done(&ctx, "flash-saved", &format!("/regions/{}/quick-wins#qw-{id}", r.code)).await,
        Err(StoreError::Invalid(e)) => render(&ctx, &state, r, e).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "quickwin.html")]
struct SheetPage {
    l: Layout,
    region: region::Model,
    p: Programme,
    opd: String,
    sheet: Option<quick_win::Model>,
    end_date: Option<chrono::NaiveDate>,
    can_edit: bool,
}

pub async fn sheet(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let r = visible_region(&state, ctx.user()?, &code).await?;
    let p = programmes::get(&state.db, r.id, id).await?;
    let sheet = quickwins::sheets(&state.db, r.id).await?.remove(&id);
    let end_date = sheet.as_ref().and_then(|s| s.start_date.checked_add_months(chrono::Months::new(s.months as u32)));
    let page = SheetPage {
        l: Layout::new(&ctx, "quickwin-title", "regions")
            .titled(format!("Quick Win: {}", p.programme.name))
            .region_crumbs(&r.code, &r.name)
            .crumb(ctx.lang.t("quickwins-title"), format!("/regions/{}/quick-wins", r.code)),
        opd: opds::list(&state.db, r.id)
            .await?
            .into_iter()
            .find(|o| o.id == p.programme.opd_id)
            .map(|o| o.name)
            .unwrap_or_default(),
        can_edit: ctx.user()?.can_edit_opd(r.id, p.programme.opd_id),
        end_date,
        sheet,
        p,
        region: r,
    };
    render_status(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "quickwin_form.html")]
struct SheetForm {
    l: Layout,
    region: region::Model,
    p: Programme,
    form: SheetInput,
}

async fn editable(ctx: &Ctx, state: &AppState, code: &str, id: i64) -> Result<(region::Model, Programme), WebError> {
    let r = visible_region(state, ctx.user()?, code).await?;
    let p = programmes::get(&state.db, r.id, id).await?;
    if !ctx.user()?.can_edit_opd(r.id, p.programme.opd_id) {
        return Err(WebError::Forbidden);
    }
    Ok((r, p))
}

fn sheet_form(
    ctx: &Ctx,
    r: region::Model,
    p: Programme,
    form: SheetInput,
    errors: Errors,
) -> Result<Response, WebError> {
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = SheetForm {
        l: Layout::new(ctx, "quickwin-edit-title", "regions")
            .region_crumbs(&r.code, &r.name)
            .crumb(ctx.lang.t("quickwins-title"), format!("/regions/{}/quick-wins", r.code))
            .with_errors(errors),
        region: r,
        p,
        form,
    };
    render_status(status, &page)
}

pub async fn edit_sheet(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let (r, p) = editable(&ctx, &state, &code, id).await?;
    let form = match quickwins::sheets(&state.db, r.id).await?.remove(&id) {
        Some(q) => SheetInput::from(&q),
        None => SheetInput {
            selected: true,
            start_date: format!("{}-01-01", p.programme.start_year),
            months: "12".into(),
            ..Default::default()
        },
    };
    sheet_form(&ctx, r, p, form, Errors::new())
}

pub async fn save_sheet(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let (r, p) = editable(&ctx, &state, &code, id).await?;
    let mut f = SheetInput::default();
    for (k, v) in fields {
        match k.as_str() {
            "selected" => f.selected = v == "on" || v == "true" || v == "1",
            "problem" => f.problem = v,
            "solution" => f.solution = v,
            "owner" => f.owner = v,
            "beneficiaries" => f.beneficiaries = v,
            "start_date" => f.start_date = v,
            "months" => f.months = v,
            "metric_name" => f.metric_name = v,
            "metric_unit" => f.metric_unit = v,
            "metric_before" => f.metric_before = v,
            "metric_target" => f.metric_target = v,
            _ => {}
        }
    }
    match quickwins::save_sheet(&state.db, &ctx.actor()?, r.id, id, &f).await {
        Ok(_) => done(&ctx, "flash-saved", &format!("/regions/{}/quick-wins/{id}", r.code)).await,
        Err(StoreError::Invalid(e)) => sheet_form(&ctx, r, p, f, e),
        Err(e) => Err(e.into()),
    }
}
