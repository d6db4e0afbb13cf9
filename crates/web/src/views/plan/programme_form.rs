//! The programme form: every field of a programme entry — owner and supporting OPDs, partners
//! by helix, links to stage 1 and the RPJMD, the Permendagri 90 code, yearly targets and budgets
//! by funding source, and KPIs with a target per year.

use crate::access::{ensure, RegionContribute, RegionView};
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::views::{done, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::framework::DIMENSIONS;
use kotacerdas_domain::govcode;
use kotacerdas_domain::programme::{FundingSource, Horizon, KpiDirection};
use kotacerdas_domain::programme_input::{field, KpiInput, ProgrammeInput};
use kotacerdas_domain::region::Helix;
use kotacerdas_store::entity::region;
use kotacerdas_store::plan::programmes;
use kotacerdas_store::{analysis::inventory, analysis::problems, plan};
use std::collections::{BTreeMap, HashMap};

/// One row of the year grid: the year, its target and an amount per funding source, as typed.
pub struct YearRow {
    pub year: i32,
    pub target: String,
    pub amounts: Vec<(&'static str, String)>,
}

/// A KPI row of the form with its index (field names are `kpi.{i}.…`).
pub struct KpiRow {
    pub i: usize,
    pub kpi: KpiInput,
}

impl KpiRow {
    pub fn target(&self, year: &i32) -> String {
        self.kpi.targets.get(year).cloned().unwrap_or_default()
    }
}

type Options = Vec<(String, String)>;

#[derive(Template)]
#[template(path = "programme_edit.html")]
struct ProgrammeForm {
    l: Layout,
    region: region::Model,
    form: ProgrammeInput,
    action: String,
    opds: Options,
    all_opds: Options,
    elements: Options,
    /// The further elements a programme may also serve, grouped by dimension (label, options).
    reach_groups: Vec<(String, Options)>,
    horizons: Options,
    helixes: Options,
    directions: Options,
    problems: Options,
    apps: Options,
    datasets: Options,
    rpjmd: Options,
    codes: Options,
    code_version: &'static str,
    sources: Vec<(&'static str, &'static str)>,
    years: Vec<YearRow>,
    kpis: Vec<KpiRow>,
    partners: Vec<(usize, String, String)>,
}

const SPARE_KPIS: usize = 2;
const SPARE_PARTNERS: usize = 2;

/// The programme form; `id` is `None` for a new programme.
async fn form_page(f: FormPage<'_, ProgrammeInput>, id: Option<i64>) -> Result<Response, WebError> {
    let (ctx, rid, form) = (f.ctx, f.region.id, &f.form);
    let p = ctx.user()?;
    let lang = ctx.lang.code();
    let db = &f.state.db;
    let start = match plan::masterplan(db, rid).await? {
        Some(m) => m.start_year,
        None => chrono::Datelike::year(&chrono::Utc::now()),
    };
    let year_list: Vec<i32> = (start..start + 10).collect();
    let years = year_list
        .iter()
        .map(|y| YearRow {
            year: *y,
            target: form.targets.get(y).cloned().unwrap_or_default(),
            amounts: FundingSource::ALL
                .iter()
                .map(|s| (s.as_str(), form.budgets.get(&(*y, s.as_str().to_string())).cloned().unwrap_or_default()))
                .collect(),
        })
        .collect();
    let (title, action) = match id {
        Some(id) => ("programme-edit-title", f.url(&format!("programmes/{id}/edit"))),
        None => ("programme-new-title", f.url("programmes/new")),
    };
    let opd_list = kotacerdas_store::region::kawasan::plan_opds(db, rid).await?;
    let periods = plan::periods(db, rid).await?;
    let mut kpis: Vec<KpiRow> = form.kpis.iter().cloned().enumerate().map(|(i, kpi)| KpiRow { i, kpi }).collect();
    for _ in 0..SPARE_KPIS {
        kpis.push(KpiRow { i: kpis.len(), kpi: KpiInput { direction: "up".into(), ..Default::default() } });
    }
    let mut partners: Vec<(usize, String, String)> =
        form.partners.iter().enumerate().map(|(i, (h, n))| (i, h.clone(), n.clone())).collect();
    for _ in 0..SPARE_PARTNERS {
        partners.push((partners.len(), String::new(), String::new()));
    }
    let problems = problems::list(db, rid)
        .await?
        .into_iter()
        .filter(|x| x.kind == "problem")
        .map(|x| (x.id.to_string(), format!("{} · {}", x.element_code, x.title)))
        .collect();
    let apps = inventory::apps(db, rid).await?.into_iter().map(|x| (x.id.to_string(), x.name)).collect();
    let datasets = inventory::datasets(db, rid).await?.into_iter().map(|x| (x.id.to_string(), x.name)).collect();
    let items = plan::items(db, rid).await?;
    let labels = plan::item_labels(&periods, &items);
    let rpjmd = items
        .into_iter()
        .filter(|x| x.level != "mission")
        .map(|x| (x.id.to_string(), format!("{} {}", labels.get(&x.id).unwrap_or(&x.code), x.text)))
        .collect();
    let l = f.layout(title).crumb(ctx.lang.t("programmes-title"), f.url("programmes"));
    f.show(|region, form| ProgrammeForm {
        l,
        opds: opd_list
            .iter()
            .filter(|o| p.can_edit_opd(rid, o.id))
            .map(|o| (o.id.to_string(), format!("{} — {}", o.short_name, o.name)))
            .collect(),
        all_opds: opd_list.iter().map(|o| (o.id.to_string(), o.short_name.clone())).collect(),
        elements: DIMENSIONS
            .iter()
            .flat_map(|d| {
                d.elements.iter().map(move |e| {
                    (e.code.to_string(), format!("{} · {} — {}", e.code, d.named.name(lang), e.name(lang)))
                })
            })
            .collect(),
        reach_groups: DIMENSIONS
            .iter()
            .map(|d| {
                let options = d.elements.iter().map(|e| (e.code.to_string(), format!("{} · {}", e.code, e.name(lang))));
                (format!("{} — {}", d.named.code, d.named.name(lang)), options.collect())
            })
            .collect(),
        horizons: Horizon::ALL.iter().map(|h| (h.as_str().to_string(), h.label(lang).to_string())).collect(),
        helixes: Helix::ALL.iter().map(|h| (h.as_str().to_string(), h.label(lang).to_string())).collect(),
        directions: KpiDirection::ALL.iter().map(|h| (h.as_str().to_string(), h.label(lang).to_string())).collect(),
        problems,
        apps,
        datasets,
        rpjmd,
        codes: govcode::all().map(|c| (c.code.to_string(), format!("{} — {}", c.code, c.name))).collect(),
        code_version: govcode::VERSION,
        sources: FundingSource::ALL.iter().map(|s| (s.as_str(), s.label("id"))).collect(),
        years,
        kpis,
        partners,
        region,
        form,
        action,
    })
}

/// Read the form: scalar fields, lists, `target.YEAR`, `budget.YEAR.SOURCE`, `partner.N.*` and
/// `kpi.N.*` (rows keep their index so errors land on the right row).
fn input(fields: Vec<(String, String)>) -> ProgrammeInput {
    let mut f = ProgrammeInput::default();
    let mut partners: BTreeMap<usize, (String, String)> = BTreeMap::new();
    let mut kpis: BTreeMap<usize, KpiInput> = BTreeMap::new();
    for (k, v) in fields {
        match k.as_str() {
            "opd_id" => f.opd_id = v,
            "element_code" => f.element_code = v,
            "also_serves" => f.also_serves.push(v),
            "name" => f.name = v,
            "brand_name" => f.brand_name = v,
            "description" => f.description = v,
            "horizon" => f.horizon = v,
            "start_year" => f.start_year = v,
            "end_year" => f.end_year = v,
            "output" => f.output = v,
            "outcome" => f.outcome = v,
            "gov_code" => f.gov_code = v,
            "neighbours" => f.neighbours = v,
            "support_opds" => f.support_opds.push(v),
            "problems" => f.problems.push(v),
            "apps" => f.apps.push(v),
            "datasets" => f.datasets.push(v),
            "rpjmd" => f.rpjmd.push(v),
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
                    ["partner", n, part] if n.parse::<usize>().is_ok_and(|n| n < 50) => {
                        let e = partners.entry(n.parse().unwrap_or_default()).or_default();
                        if *part == "helix" {
                            e.0 = v
                        } else {
                            e.1 = v
                        }
                    }
                    ["kpi", n, rest @ ..] if n.parse::<usize>().is_ok_and(|n| n < 50) => {
                        let k = kpis.entry(n.parse().unwrap_or_default()).or_default();
                        match rest {
                            ["name"] => k.name = v,
                            ["unit"] => k.unit = v,
                            ["baseline"] => k.baseline = v,
                            ["baseline_year"] => k.baseline_year = v,
                            ["direction"] => k.direction = v,
                            ["t", y] => {
                                if let Ok(y) = y.parse() {
                                    k.targets.insert(y, v);
                                }
                            }
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    // Dense vectors: index N of the form is position N, so errors name the right row.
    let dense = |max: Option<usize>| max.map(|m| m + 1).unwrap_or(0);
    f.partners = (0..dense(partners.keys().max().copied())).map(|i| partners.remove(&i).unwrap_or_default()).collect();
    f.kpis = (0..dense(kpis.keys().max().copied())).map(|i| kpis.remove(&i).unwrap_or_default()).collect();
    // Spare rows left blank are not KPIs; trailing blanks are dropped so a re-rendered form
    // does not grow.
    while f.kpis.last().is_some_and(|k| k.name.trim().is_empty() && k.unit.trim().is_empty()) {
        f.kpis.pop();
    }
    while f.partners.last().is_some_and(|p| p.1.trim().is_empty()) {
        f.partners.pop();
    }
    f
}

/// A new programme; `?element=` and `?problem=` pre-fill it (the plan checks link here).
pub async fn new_form(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    RegionContribute { ctx, user, region: r, .. }: RegionContribute,
) -> Result<Response, WebError> {
    let mut form = ProgrammeInput {
        horizon: "medium".into(),
        opd_id: user.planner_opd(r.id).map(|o| o.to_string()).unwrap_or_default(),
        element_code: q.get("element").cloned().unwrap_or_default(),
        ..Default::default()
    };
    if let Some(id) = q.get("problem").and_then(|p| p.parse::<i64>().ok()) {
        if let Some(p) = problems::list(&state.db, r.id).await?.into_iter().find(|p| p.id == id) {
            form.element_code = p.element_code;
            form.problems.push(id.to_string());
        }
    }
    form_page(FormPage::new(&ctx, &state, r, form), None).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { ctx, user, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let p = programmes::get(&state.db, r.id, id).await?;
    ensure(user.can_edit_opd(r.id, p.programme.opd_id))?;
    form_page(FormPage::new(&ctx, &state, r, ProgrammeInput::from(&p)), Some(id)).await
}

async fn save(
    state: AppState,
    RegionContribute { ctx, user: p, region: r, .. }: RegionContribute,
    id: Option<i64>,
    fields: Vec<(String, String)>,
) -> Result<Response, WebError> {
    if let Some(id) = id {
        ensure(p.can_edit_opd(r.id, programmes::get(&state.db, r.id, id).await?.programme.opd_id))?;
    }
    let form = input(fields);
    ensure(p.may_name_owner(r.id, form.opd_id.trim().parse::<i64>().ok()))?;
    let result = programmes::save(&state.db, &ctx.actor()?, r.id, id, &form).await;
    let back = format!("/regions/{}/programmes", r.code);
    let f = FormPage::new(&ctx, &state, r, form);
    f.outcome(result, "flash-saved", |row| format!("{back}/{}", row.id), |f| form_page(f, id)).await
}

pub async fn create(
    State(state): State<AppState>,
    region: RegionContribute,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    save(state, region, None, f).await
}

pub async fn update(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    region: RegionContribute,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    save(state, region, Some(id), f).await
}

pub async fn delete(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { ctx, user, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let p = programmes::get(&state.db, r.id, id).await?;
    ensure(user.can_edit_opd(r.id, p.programme.opd_id))?;
    programmes::delete(&state.db, &ctx.actor()?, r.id, id).await?;
    done(&ctx, "flash-deleted", &format!("/regions/{}/programmes", r.code)).await
}

/// The grid's field names, for the template.
pub fn cell(kind: &str, year: &i32, source: &str) -> String {
    field(kind, *year, if source.is_empty() { None } else { Some(source) })
}
