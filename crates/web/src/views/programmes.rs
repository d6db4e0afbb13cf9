//! Stage 3 programme register: programmes per OPD with horizon, yearly targets and budgets by
//! funding source, listed per dimension with totals.

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
use kotacerdas_domain::framework::DIMENSIONS;
use kotacerdas_domain::programme::{FundingSource, Horizon};
use kotacerdas_domain::validate::Errors;
use kotacerdas_store::entity::region;
use kotacerdas_store::programmes::{self, field, Programme, ProgrammeInput};
use kotacerdas_store::{opds, plan, StoreError};
use std::collections::HashMap;

/// One dimension's programmes and their total budget.
struct DimensionBlock {
    code: &'static str,
    name: &'static str,
    programmes: Vec<Programme>,
    total: i64,
}

#[derive(Template)]
#[template(path = "programmes.html")]
struct ProgrammesPage {
    l: Layout,
    region: region::Model,
    blocks: Vec<DimensionBlock>,
    grand_total: i64,
    opd_names: HashMap<i64, String>,
    can_add: bool,
    editable: Vec<i64>,
}

pub async fn list(ctx: Ctx, State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, WebError> {
    let p = ctx.user()?;
    let r = visible_region(&state, p, &code).await?;
    let all = programmes::list(&state.db, r.id).await?;
    let lang = ctx.lang.code();
    let editable = all.iter().filter(|x| p.can_edit_opd(r.id, x.programme.opd_id)).map(|x| x.programme.id).collect();
    let blocks: Vec<DimensionBlock> = DIMENSIONS
        .iter()
        .map(|d| {
            let programmes: Vec<Programme> =
                all.iter().filter(|x| x.programme.element_code.starts_with(d.named.code)).cloned().collect();
            let total = programmes.iter().map(Programme::total_budget).fold(0i64, i64::saturating_add);
            DimensionBlock { code: d.named.code, name: d.named.name(lang), programmes, total }
        })
        .collect();
    let page = ProgrammesPage {
        l: Layout::new(&ctx, "programmes-title", "regions").region_crumbs(&r.code, &r.name),
        grand_total: blocks.iter().map(|b| b.total).fold(0i64, i64::saturating_add),
        opd_names: opds::list(&state.db, r.id).await?.into_iter().map(|o| (o.id, o.short_name)).collect(),
        can_add: p.can_contribute(r.id),
        editable,
        blocks,
        region: r,
    };
    render_status(StatusCode::OK, &page)
}

/// One row of the year grid: the year, its target and an amount per funding source, as typed.
struct YearRow {
    year: i32,
    target: String,
    amounts: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "programme_edit.html")]
struct ProgrammeForm {
    l: Layout,
    region: region::Model,
    form: ProgrammeInput,
    action: String,
    opds: Vec<(String, String)>,
    elements: Vec<(String, String)>,
    horizons: Vec<(String, String)>,
    sources: Vec<(&'static str, &'static str)>,
    years: Vec<YearRow>,
}

async fn form_page(
    ctx: &Ctx,
    state: &AppState,
    r: region::Model,
    form: ProgrammeInput,
    id: Option<i64>,
    errors: Errors,
    status: StatusCode,
) -> Result<Response, WebError> {
    let p = ctx.user()?;
    let lang = ctx.lang.code();
    let start = match plan::masterplan(&state.db, r.id).await? {
        Some(m) => m.start_year,
        None => chrono::Datelike::year(&chrono::Utc::now()),
    };
    let years = (start..start + 10)
        .map(|y| YearRow {
            year: y,
            target: form.targets.get(&y).cloned().unwrap_or_default(),
            amounts: FundingSource::ALL
                .iter()
                .map(|s| (s.as_str(), form.budgets.get(&(y, s.as_str().to_string())).cloned().unwrap_or_default()))
                .collect(),
        })
        .collect();
    let (title, action) = match id {
        Some(id) => ("programme-edit-title", format!("/regions/{}/programmes/{id}/edit", r.code)),
        None => ("programme-new-title", format!("/regions/{}/programmes/new", r.code)),
    };
    let page = ProgrammeForm {
        l: Layout::new(ctx, title, "regions")
            .region_crumbs(&r.code, &r.name)
            .crumb(ctx.lang.t("programmes-title"), format!("/regions/{}/programmes", r.code))
            .with_errors(errors),
        opds: opds::list(&state.db, r.id)
            .await?
            .into_iter()
            .filter(|o| p.can_edit_opd(r.id, o.id))
            .map(|o| (o.id.to_string(), format!("{} — {}", o.short_name, o.name)))
            .collect(),
        elements: DIMENSIONS
            .iter()
            .flat_map(|d| {
                d.elements.iter().map(move |e| {
                    (e.code.to_string(), format!("{} · {} — {}", e.code, d.named.name(lang), e.name(lang)))
                })
            })
            .collect(),
        horizons: Horizon::ALL.iter().map(|h| (h.as_str().to_string(), h.label(lang).to_string())).collect(),
        sources: FundingSource::ALL.iter().map(|s| (s.as_str(), s.label("id"))).collect(),
        years,
        region: r,
        form,
        action,
    };
    render_status(status, &page)
}

/// Read the form: scalar fields, `target.YEAR` and `budget.YEAR.SOURCE`.
fn input(fields: Vec<(String, String)>) -> ProgrammeInput {
    let mut f = ProgrammeInput::default();
    for (k, v) in fields {
        match k.as_str() {
            "opd_id" => f.opd_id = v,
            "element_code" => f.element_code = v,
            "name" => f.name = v,
            "brand_name" => f.brand_name = v,
            "description" => f.description = v,
            "horizon" => f.horizon = v,
            "start_year" => f.start_year = v,
            "end_year" => f.end_year = v,
            "output" => f.output = v,
            "outcome" => f.outcome = v,
            other => {
                let parts: Vec<&str> = other.split('.').collect();
                match parts.as_slice() {
                    ["target", y] => {
                        if let Ok(y) = y.parse() {
                            f.targets.insert(y, v);
                        }
                    }
                    ["budget", y, s] => {
                        if let Ok(y) = y.parse() {
                            f.budgets.insert((y, s.to_string()), v);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    f
}

async fn contributor(ctx: &Ctx, state: &AppState, code: &str) -> Result<region::Model, WebError> {
    let p = ctx.user()?;
    let r = visible_region(state, p, code).await?;
    if !p.can_contribute(r.id) {
        return Err(WebError::Forbidden);
    }
    Ok(r)
}

pub async fn new_form(ctx: Ctx, State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, WebError> {
    let r = contributor(&ctx, &state, &code).await?;
    let form = ProgrammeInput {
        horizon: "medium".into(),
        opd_id: ctx.user()?.planner_opd(r.id).map(|o| o.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    form_page(&ctx, &state, r, form, None, Errors::new(), StatusCode::OK).await
}

pub async fn edit_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let r = visible_region(&state, ctx.user()?, &code).await?;
    let p = programmes::get(&state.db, r.id, id).await?;
    if !ctx.user()?.can_edit_opd(r.id, p.programme.opd_id) {
        return Err(WebError::Forbidden);
    }
    form_page(&ctx, &state, r, ProgrammeInput::from_programme(&p), Some(id), Errors::new(), StatusCode::OK).await
}

async fn save(
    ctx: Ctx,
    state: AppState,
    code: String,
    id: Option<i64>,
    fields: Vec<(String, String)>,
) -> Result<Response, WebError> {
    let r = contributor(&ctx, &state, &code).await?;
    let p = ctx.user()?;
    if let Some(id) = id {
        if !p.can_edit_opd(r.id, programmes::get(&state.db, r.id, id).await?.programme.opd_id) {
            return Err(WebError::Forbidden);
        }
    }
    let form = input(fields);
    if form.opd_id.trim().parse::<i64>().is_ok_and(|o| !p.can_edit_opd(r.id, o)) {
        return Err(WebError::Forbidden);
    }
    match programmes::save(&state.db, &ctx.actor()?, r.id, id, &form).await {
        Ok(_) => done(&ctx, "flash-saved", &format!("/regions/{}/programmes", r.code)).await,
        Err(StoreError::Invalid(e)) => form_page(&ctx, &state, r, form, id, e, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    save(ctx, state, code, None, f).await
}

pub async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    save(ctx, state, code, Some(id), f).await
}

pub async fn delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let r = visible_region(&state, ctx.user()?, &code).await?;
    let p = programmes::get(&state.db, r.id, id).await?;
    if !ctx.user()?.can_edit_opd(r.id, p.programme.opd_id) {
        return Err(WebError::Forbidden);
    }
    programmes::delete(&state.db, &ctx.actor()?, r.id, id).await?;
    done(&ctx, "flash-deleted", &format!("/regions/{}/programmes", r.code)).await
}

/// The grid's field names, for the template.
pub fn cell(kind: &str, year: &i32, source: &str) -> String {
    field(kind, *year, if source.is_empty() { None } else { Some(source) })
}
