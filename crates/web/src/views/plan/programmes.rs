//! Stage 3 programme register: programmes per OPD with horizon, yearly targets and budgets by
//! funding source, listed per dimension with totals.

use crate::access::RegionView;
use crate::error::WebError;
use crate::views::{render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use kotacerdas_domain::framework::{self, DIMENSIONS};
use kotacerdas_domain::programme::LinkKind;
use kotacerdas_domain::programme::{FundingSource, KpiDirection};
use kotacerdas_domain::{govcode, region::Helix};
use kotacerdas_store::entity::region;
use kotacerdas_store::plan::programmes::{self, Programme};
use kotacerdas_store::{analysis::inventory, analysis::problems, plan};
use std::collections::HashMap;

/// One dimension's programmes and their total budget.
struct DimensionBlock<'a> {
    code: &'static str,
    name: &'static str,
    programmes: Vec<&'a Programme>,
    /// Programmes of another primary dimension that also serve this one (no budget here).
    also: Vec<&'a Programme>,
    /// "12 program · +3 lintas dimensi".
    reach: String,
    total: i64,
}

#[derive(Template)]
#[template(path = "programmes.html")]
struct ProgrammesPage<'a> {
    l: Layout,
    region: region::Model,
    blocks: Vec<DimensionBlock<'a>>,
    grand_total: i64,
    opd_names: HashMap<i64, String>,
    can_add: bool,
    editable: Vec<i64>,
    /// Neighbours' programmes shared with this region (pending, acknowledged, declined).
    incoming: Vec<kotacerdas_store::plan::shares::Share>,
    can_manage: bool,
    /// Programmes of the kawasans this region belongs to that its OPDs own: (kawasan,
    /// (programme, owning OPD)), read-only here.
    kawasan: KawasanProgrammes,
}

pub(crate) type KawasanProgrammes =
    Vec<(kotacerdas_store::entity::region::Model, Vec<(kotacerdas_store::entity::programme::Model, String)>)>;

pub async fn list(
    State(state): State<AppState>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let all = state.registers.programmes(&state.read, r.id).await?;
    let lang = ctx.lang.code();
    let editable = all.iter().filter(|x| p.can_edit_opd(r.id, x.programme.opd_id)).map(|x| x.programme.id).collect();
    let blocks: Vec<DimensionBlock> = DIMENSIONS
        .iter()
        .map(|d| {
            let programmes: Vec<&Programme> =
                all.iter().filter(|x| x.programme.element_code.starts_with(d.named.code)).collect();
            let also: Vec<&Programme> = all.iter().filter(|x| x.further_dimensions().contains(&d.named.code)).collect();
            // Money on the primary dimension only: a cross-dimension programme adds no budget here.
            let total = programmes.iter().map(|x| x.total_budget()).fold(0i64, i64::saturating_add);
            let reach = kotacerdas_domain::reach::summary(lang, programmes.len(), also.len());
            DimensionBlock { code: d.named.code, name: d.named.name(lang), programmes, also, reach, total }
        })
        .collect();
    let page = ProgrammesPage {
        l: Layout::new(&ctx, "programmes-title", "regions").region_crumbs(&r),
        grand_total: blocks.iter().map(|b| b.total).fold(0i64, i64::saturating_add),
        opd_names: kotacerdas_store::region::kawasan::plan_opds(&state.read, r.id)
            .await?
            .into_iter()
            .map(|o| (o.id, o.short_name))
            .collect(),
        can_add: p.can_contribute(r.id),
        editable,
        blocks,
        incoming: kotacerdas_store::plan::shares::incoming(&state.read, r.id).await?,
        can_manage: p.can_manage_region(r.id),
        kawasan: kotacerdas_store::region::kawasan::member_programmes(&state.read, r.id).await?,
        region: r,
    };
    render_status(StatusCode::OK, &page)
}

/// name, unit, baseline, baseline year, direction, target per year.
type KpiRow = (String, String, String, String, &'static str, Vec<String>);

#[derive(Template)]
#[template(path = "programme.html")]
struct ProgrammePage {
    l: Layout,
    region: region::Model,
    prog: Programme,
    element: String,
    /// The further elements it serves ("ECO-WE · Kesejahteraan") and their dimensions' names.
    also_serves: Vec<String>,
    also_dimensions: String,
    lead_opd: String,
    support_opds: Vec<String>,
    partners: Vec<(String, String)>,
    problems: Vec<String>,
    rpjmd: Vec<String>,
    apps: Vec<String>,
    datasets: Vec<String>,
    gov_code: Vec<(String, String)>,
    years: Vec<i32>,
    sources: Vec<(&'static str, &'static str)>,
    /// Per year: the year, its target, the amount per source ("" for none), the year's total.
    grid: Vec<(i32, String, Vec<String>, String)>,
    /// Per KPI: name, unit, baseline, baseline year, direction, target per year ("" = none).
    kpi_rows: Vec<KpiRow>,
    can_edit: bool,
    /// The regions this programme is shared with, and whether this user may invite more.
    shares: Vec<kotacerdas_store::plan::shares::Share>,
    can_share: bool,
}

/// One programme with everything that hangs off it, for readers (council, expert, evaluator).
pub async fn show(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { ctx, user, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let db = &state.db;
    let p = programmes::get(db, r.id, id).await?;
    let lang = ctx.lang.code();
    let opd_list = kotacerdas_store::region::kawasan::plan_opds(db, r.id).await?;
    let opd = |id: i64| opd_list.iter().find(|o| o.id == id).map(|o| o.short_name.clone()).unwrap_or_default();
    let pick = |ids: Vec<i64>, all: Vec<(i64, String)>| -> Vec<String> {
        ids.iter().filter_map(|id| all.iter().find(|x| x.0 == *id).map(|x| x.1.clone())).collect()
    };
    let periods = plan::periods(db, r.id).await?;
    let items = plan::items(db, r.id).await?;
    let labels = plan::item_labels(&periods, &items);
    let rpjmd_all =
        items.into_iter().map(|i| (i.id, format!("{} {}", labels.get(&i.id).unwrap_or(&i.code), i.text))).collect();
    let gov_code = match &p.programme.gov_code {
        Some(c) => govcode::ancestors(c)
            .into_iter()
            .chain(govcode::find(c))
            .map(|g| (g.code.to_string(), g.name.to_string()))
            .collect(),
        None => Vec::new(),
    };
    let years: Vec<i32> = (p.programme.start_year..=p.programme.end_year).collect();
    let rp = |v: i64| if v > 0 { kotacerdas_domain::format::money(v, lang) } else { String::new() };
    let grid = years
        .iter()
        .map(|y| {
            let amounts = FundingSource::ALL.iter().map(|s| rp(p.budget(*y, s.as_str()))).collect();
            (*y, p.target(*y).unwrap_or_default().to_string(), amounts, rp(p.year_budget(*y)))
        })
        .collect();
    let kpi_rows = p
        .kpis
        .iter()
        .map(|k| {
            (
                k.kpi.name.clone(),
                k.kpi.unit.clone(),
                k.kpi.baseline.clone().unwrap_or_default(),
                k.kpi.baseline_year.map(|y| y.to_string()).unwrap_or_default(),
                KpiDirection::parse(&k.kpi.direction).map(|d| d.label(lang)).unwrap_or_default(),
                years.iter().map(|y| k.target(*y).unwrap_or_default().to_string()).collect(),
            )
        })
        .collect();
    let page = ProgrammePage {
        l: Layout::new(&ctx, "programme-title", "regions")
            .titled(p.programme.name.clone())
            .region_crumbs(&r)
            .crumb(ctx.lang.t("programmes-title"), format!("/regions/{}/programmes", r.code)),
        element: framework::element(&p.programme.element_code)
            .map(|e| format!("{} · {}", e.code, e.name(lang)))
            .unwrap_or_default(),
        also_serves: p
            .also_serves
            .iter()
            .filter_map(|c| framework::element(c))
            .map(|e| format!("{} · {}", e.code, e.name(lang)))
            .collect(),
        also_dimensions: kotacerdas_domain::reach::dimension_names(lang, &p.further_dimensions()),
        lead_opd: opd(p.programme.opd_id),
        support_opds: p.link_ids(LinkKind::SupportOpd).into_iter().map(opd).collect(),
        partners: p
            .partners()
            .into_iter()
            .map(|(h, n)| (Helix::parse(&h).map(|x| x.label(lang)).unwrap_or_default().to_string(), n))
            .collect(),
        problems: pick(
            p.link_ids(LinkKind::Problem),
            problems::list(db, r.id).await?.into_iter().map(|x| (x.id, x.title)).collect(),
        ),
        rpjmd: pick(p.link_ids(LinkKind::Rpjmd), rpjmd_all),
        apps: pick(
            p.link_ids(LinkKind::App),
            inventory::apps(db, r.id).await?.into_iter().map(|x| (x.id, x.name)).collect(),
        ),
        datasets: pick(
            p.link_ids(LinkKind::Dataset),
            inventory::datasets(db, r.id).await?.into_iter().map(|x| (x.id, x.name)).collect(),
        ),
        gov_code,
        years,
        sources: FundingSource::ALL.iter().map(|s| (s.as_str(), s.label(lang))).collect(),
        grid,
        kpi_rows,
        can_edit: user.can_edit_opd(r.id, p.programme.opd_id),
        shares: kotacerdas_store::plan::shares::of_programmes(db, &[p.programme.id]).await?,
        can_share: user.can_manage_region(r.id),
        prog: p,
        region: r,
    };
    render_status(StatusCode::OK, &page)
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
pub async fn budget(
    State(state): State<AppState>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    use kotacerdas_domain::programme::share_bp;
    use kotacerdas_store::plan::programme_xlsx;
    let lang = ctx.lang.code();
    let all = programmes::list(&state.db, r.id).await?;
    let years = programme_xlsx::years(&state.db, r.id, &all).await?;
    let opd_name: HashMap<i64, String> = kotacerdas_store::region::kawasan::plan_opds(&state.db, r.id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.short_name))
        .collect();
    let [(_, dims), (_, by_opd), (_, mut by_source)] = programme_xlsx::matrices(&all, &opd_name, &years);
    let apbd: HashMap<i32, i64> = kotacerdas_store::analysis::profile::list(&state.db, r.id)
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
    for row in &mut by_source.rows {
        row.0 = FundingSource::parse(&row.0).map(|s| s.label(lang).to_string()).unwrap_or_default();
    }
    let page = BudgetPage {
        l: Layout::new(&ctx, "budget-title", "regions").region_crumbs(&r),
        matrices: vec![
            MatrixView {
                title: ctx.lang.t("budget-by-dimension"),
                label: ctx.lang.t("field-dimension_code"),
                matrix: dims,
            },
            MatrixView { title: ctx.lang.t("budget-by-opd"), label: "OPD".into(), matrix: by_opd },
            MatrixView { title: ctx.lang.t("budget-by-source"), label: ctx.lang.t("budget-source"), matrix: by_source },
        ],
        years,
        shares,
        region: r,
    };
    render_status(StatusCode::OK, &page)
}
