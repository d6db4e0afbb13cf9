//! Quick Win selection: criteria and weights per region, the team's scores, the ranking, and
//! a sheet for each selected Quick Win.

use crate::access::{ensure, RegionContribute, RegionManage, RegionView};
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::views::{render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::programme::Horizon;
use kotacerdas_domain::quickwin::{rank, weighted};
use kotacerdas_domain::quickwin::{CriterionInput, SheetInput};
use kotacerdas_store::entity::{quick_win, qw_criterion, region};
use kotacerdas_store::plan::programmes::{self, Programme};
use kotacerdas_store::plan::quickwins;
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

/// The selection page (its forms keep no typed values: a refused save shows the errors).
async fn render(f: FormPage<'_, ()>) -> Result<Response, WebError> {
    let (ctx, state, r) = (f.ctx, f.state, &f.region);
    let p = ctx.user()?;
    let db = &state.db;
    let criteria = quickwins::criteria(db, r.id).await?;
    let scores = quickwins::scores(db, r.id).await?;
    let sheets = quickwins::sheets(db, r.id).await?;
    let opd_names: HashMap<i64, String> = kotacerdas_store::region::kawasan::plan_opds(db, r.id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.short_name))
        .collect();
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
    let (can_manage, can_score) = (p.can_manage_region(r.id), p.can_contribute(r.id));
    let l = f.layout("quickwins-title");
    f.show(|region, ()| QuickWinsPage {
        l,
        spare: (criteria.len()..criteria.len() + 2).collect(),
        weight_total: criteria.iter().map(|c| c.weight).sum(),
        criteria,
        candidates,
        can_manage,
        can_score,
        levels: (1..=5).map(|v| v.to_string()).collect(),
        region,
    })
}

pub async fn page(
    State(state): State<AppState>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    render(FormPage::new(&ctx, &state, r, ())).await
}

/// Save the criteria table: `criterion.N.code|name|weight`.
pub async fn save_criteria(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
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
    let result = quickwins::save_criteria(&state.db, &ctx.actor()?, r.id, &rows).await;
    let f = FormPage::new(&ctx, &state, r, ());
    let back = f.url("quick-wins");
    f.outcome(result, "flash-saved", |_| back, render).await
}

/// Score one candidate: `score.CODE` = 1..5.
pub async fn save_scores(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionContribute { ctx, region: r, .. }: RegionContribute,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let raw: HashMap<String, String> =
        fields.into_iter().filter_map(|(k, v)| Some((k.strip_prefix("score.")?.to_string(), v))).collect();
    let result = quickwins::save_scores(&state.db, &ctx.actor()?, r.id, id, &raw).await;
    let f = FormPage::new(&ctx, &state, r, ());
    let back = f.url(&format!("quick-wins#qw-{id}"));
    f.outcome(result, "flash-saved", |_| back, render).await
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
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let p = programmes::get(&state.db, r.id, id).await?;
    let sheet = quickwins::sheets(&state.db, r.id).await?.remove(&id);
    let end_date = sheet.as_ref().map(|s| kotacerdas_domain::quickwin::end_date(s.start_date, s.months));
    let page = SheetPage {
        l: Layout::new(&ctx, "quickwin-title", "regions")
            .titled(format!("Quick Win: {}", p.programme.named()))
            .region_crumbs(&r)
            .crumb(ctx.lang.t("quickwins-title"), format!("/regions/{}/quick-wins", r.code)),
        opd: kotacerdas_store::region::kawasan::plan_opds(&state.db, r.id)
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

/// The programme, if its OPD is this user's (or they manage the region).
async fn editable(state: &AppState, r: &RegionView, id: i64) -> Result<Programme, WebError> {
    let p = programmes::get(&state.db, r.region.id, id).await?;
    ensure(r.user.can_edit_opd(r.region.id, p.programme.opd_id))?;
    Ok(p)
}

/// The Quick Win sheet of programme `p`.
async fn sheet_form(f: FormPage<'_, SheetInput>, p: Programme) -> Result<Response, WebError> {
    let l = f.layout("quickwin-edit-title").crumb(f.ctx.lang.t("quickwins-title"), f.url("quick-wins"));
    f.show(|region, form| SheetForm { l, region, p, form })
}

pub async fn edit_sheet(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    region: RegionView,
) -> Result<Response, WebError> {
    let p = editable(&state, &region, id).await?;
    let RegionView { ctx, region: r, .. } = region;
    let form = match quickwins::sheets(&state.db, r.id).await?.remove(&id) {
        Some(q) => SheetInput::from(&q),
        None => SheetInput {
            selected: true,
            start_date: format!("{}-01-01", p.programme.start_year),
            months: "12".into(),
            ..Default::default()
        },
    };
    sheet_form(FormPage::new(&ctx, &state, r, form), p).await
}

pub async fn save_sheet(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    region: RegionView,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let p = editable(&state, &region, id).await?;
    let RegionView { ctx, region: r, .. } = region;
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
    let result = quickwins::save_sheet(&state.db, &ctx.actor()?, r.id, id, &f).await;
    let page = FormPage::new(&ctx, &state, r, f);
    let back = page.url(&format!("quick-wins/{id}"));
    page.outcome(result, "flash-saved", |_| back, |page| sheet_form(page, p)).await
}
