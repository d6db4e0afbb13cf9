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

/// A matrix as the template shows it: a title and rows with labels.
struct MatrixView {
    title: String,
    label: String,
    matrix: kotacerdas_domain::programme::Matrix,
}

#[derive(Template)]
#[template(path = "budget.html")]
struct BudgetPage {
    l: Layout,
    region: region::Model,
    matrices: Vec<MatrixView>,
    years: Vec<i32>,
    /// Per year: (APBD of that year, plan budget, share "12,34%") when the profile has the APBD.
    shares: Vec<(Option<i64>, i64, String)>,
}

/// Budget matrices: dimension × year, OPD × year, funding source × year, against the APBD.
pub async fn budget(ctx: Ctx, State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, WebError> {
    use kotacerdas_domain::programme::{matrix, share_bp};
    let r = visible_region(&state, ctx.user()?, &code).await?;
    let lang = ctx.lang.code();
    let all = programmes::list(&state.db, r.id).await?;
    let start = match plan::masterplan(&state.db, r.id).await? {
        Some(m) => m.start_year,
        None => all
            .iter()
            .map(|p| p.programme.start_year)
            .min()
            .unwrap_or_else(|| chrono::Datelike::year(&chrono::Utc::now())),
    };
    let years: Vec<i32> = (start..start + 10).collect();
    let opd_list = opds::list(&state.db, r.id).await?;
    let opd_name: HashMap<i64, String> = opd_list.iter().map(|o| (o.id, o.short_name.clone())).collect();
    let mut by_dim = Vec::new();
    let mut by_opd = Vec::new();
    let mut by_source = Vec::new();
    for p in &all {
        let dim = p.programme.element_code.split('-').next().unwrap_or_default().to_string();
        let opd = opd_name.get(&p.programme.opd_id).cloned().unwrap_or_default();
        for b in &p.budgets {
            by_dim.push((dim.clone(), b.year, b.amount));
            by_opd.push((opd.clone(), b.year, b.amount));
            by_source.push((b.source.clone(), b.year, b.amount));
        }
    }
    let dim_keys: Vec<String> = DIMENSIONS.iter().map(|d| d.named.code.to_string()).collect();
    let mut opd_keys: Vec<String> = by_opd.iter().map(|e| e.0.clone()).collect();
    opd_keys.sort();
    opd_keys.dedup();
    let source_keys: Vec<String> = FundingSource::ALL.iter().map(|s| s.as_str().to_string()).collect();
    let dims = matrix(&dim_keys, &years, &by_dim);
    let apbd: HashMap<i32, i64> = kotacerdas_store::profile::list(&state.db, r.id)
        .await?
        .into_iter()
        .filter(|f| f.indicator == "apbd_total")
        .filter_map(|f| Some((f.year, f.value.parse::<i64>().ok()?)))
        .collect();
    let shares = years
        .iter()
        .zip(&dims.column_totals)
        .map(|(y, plan)| {
            let a = apbd.get(y).copied();
            let share = a.and_then(|a| share_bp(*plan, a)).map(|bp| {
                let s = format!("{}.{:02}%", bp / 100, bp % 100);
                if ctx.lang == crate::i18n::Lang::Id {
                    s.replace('.', ",")
                } else {
                    s
                }
            });
            (a, *plan, share.unwrap_or_else(|| "—".into()))
        })
        .collect();
    let mut source_matrix = matrix(&source_keys, &years, &by_source);
    for row in &mut source_matrix.rows {
        row.0 = FundingSource::parse(&row.0).map(|s| s.label(lang).to_string()).unwrap_or_default();
    }
    let page = BudgetPage {
        l: Layout::new(&ctx, "budget-title", "regions").region_crumbs(&r.code, &r.name),
        matrices: vec![
            MatrixView {
                title: ctx.lang.t("budget-by-dimension"),
                label: ctx.lang.t("field-dimension_code"),
                matrix: dims,
            },
            MatrixView {
                title: ctx.lang.t("budget-by-opd"),
                label: "OPD".into(),
                matrix: matrix(&opd_keys, &years, &by_opd),
            },
            MatrixView {
                title: ctx.lang.t("budget-by-source"),
                label: ctx.lang.t("budget-source"),
                matrix: source_matrix,
            },
        ],
        years,
        shares,
        region: r,
    };
    render_status(StatusCode::OK, &page)
}
