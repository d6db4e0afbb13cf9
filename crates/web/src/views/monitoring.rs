//! Implementation monitoring: the year's progress (R/A/G per KPI, roll-up by budget weight),
//! reporting periods (due dates, lock), "my updates" for OPD planners and the report form.

use crate::access::{ensure, RegionContribute, RegionManage, RegionView};
use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::views::{done, render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::monitoring::{percent_text, ProgrammeStatus, AMBER_FROM_BP, GREEN_FROM_BP};
use kotacerdas_domain::monitoring::{PeriodInput, ReportInput};
use kotacerdas_domain::Principal;
use kotacerdas_store::entity::{region, reporting_period};
use kotacerdas_store::monitoring;
use kotacerdas_store::plan::programmes::{self, Programme};
use kotacerdas_store::{plan::programme_xlsx, StoreError};
use std::collections::HashMap;

#[derive(Debug, Default, serde::Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    year: String,
}

/// A progress bar: label, percentage text, basis points (for the bar's width).
pub struct Bar {
    pub code: String,
    pub label: String,
    pub text: String,
    pub bp: i64,
    /// The dimension's reach ("3 program · +1 lintas dimensi"); empty for an element.
    pub reach: String,
}

pub struct KpiRow {
    pub name: String,
    pub target: String,
    pub actual: String,
    pub rag: &'static str,
    pub rag_label: String,
}

pub struct ProgrammeRow {
    pub id: i64,
    pub name: String,
    pub opd: String,
    pub element: String,
    pub status: String,
    pub progress: String,
    pub weight: String,
    pub realised: String,
    pub kpis: Vec<KpiRow>,
}

#[derive(Template)]
#[template(path = "monitoring.html")]
struct MonitoringPage {
    /// The plan is published: links to its open data.
    open_data: bool,
    l: Layout,
    public: bool,
    region: region::Model,
    year: i32,
    years: Vec<i32>,
    overall: String,
    overall_bp: i64,
    dimensions: Vec<Bar>,
    elements: Vec<Bar>,
    programmes: Vec<ProgrammeRow>,
    outcome: Vec<(String, String)>,
    can_manage: bool,
    can_report: bool,
    green: String,
    amber: String,
}

pub(crate) fn pick_year(q: &str, years: &[i32]) -> i32 {
    let now = chrono::Datelike::year(&chrono::Utc::now());
    q.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| years.contains(y))
        .unwrap_or_else(|| now.clamp(years.first().copied().unwrap_or(now), years.last().copied().unwrap_or(now)))
}

pub async fn page(
    State(state): State<AppState>,
    Query(q): Query<YearQuery>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    render(&ctx, &state, r, &q, Some(&p)).await
}

/// The same progress for everyone, without signing in: citizens see what their region reports.
pub async fn public(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    let r = kotacerdas_store::region::regions::by_code(&state.read, &code).await?;
    render(&ctx, &state, r, &q, None).await
}

/// The year's progress, for the region's `staff` (signed in and seeing the region) or, with
/// `None`, for the public.
async fn render(
    ctx: &Ctx,
    state: &AppState,
    r: region::Model,
    q: &YearQuery,
    staff: Option<&Principal>,
) -> Result<Response, WebError> {
    let lang = ctx.lang.code();
    let public = staff.is_none();
    let can_manage = staff.is_some_and(|p| p.can_manage_region(r.id));
    let can_report = staff.is_some_and(|p| p.can_contribute(r.id));
    let all = state.registers.programmes(&state.read, r.id).await?;
    let years = programme_xlsx::years(&state.read, r.id, &all).await?;
    let year = pick_year(&q.year, &years);
    let roll = monitoring::rollup_of(&state.read, &all, r.id, year).await?;
    let opd_names: HashMap<i64, String> = kotacerdas_store::region::kawasan::plan_opds(&state.read, r.id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.short_name))
        .collect();
    let total_weight: i64 = roll.programmes.iter().filter(|s| s.progress_bp.is_some()).map(|s| s.weight.max(0)).sum();
    let dims = kotacerdas_domain::framework::DIMENSIONS;
    let dimensions = dims
        .iter()
        .filter_map(|d| {
            let bp = *roll.dimensions.get(d.named.code)?;
            let reach = roll
                .reach
                .iter()
                .find(|x| x.dimension == d.named.code)
                .map(|x| kotacerdas_domain::reach::summary(lang, x.primary, x.also))
                .unwrap_or_default();
            Some(Bar {
                code: d.named.code.into(),
                label: d.named.name(lang).into(),
                text: percent_text(bp, lang),
                bp,
                reach,
            })
        })
        .collect();
    let elements = roll
        .elements
        .iter()
        .map(|(code, bp)| Bar {
            code: code.clone(),
            label: kotacerdas_domain::framework::element(code).map(|e| e.name(lang)).unwrap_or_default().to_string(),
            text: percent_text(*bp, lang),
            bp: *bp,
            reach: String::new(),
        })
        .collect();
    let programmes = roll
        .programmes
        .iter()
        .map(|s| ProgrammeRow {
            id: s.id,
            name: s.name.clone(),
            opd: opd_names.get(&s.opd_id).cloned().unwrap_or_default(),
            element: s.element.clone(),
            status: s
                .status
                .map(|x| x.label(lang).to_string())
                .unwrap_or_else(|| ctx.lang.t("monitoring-not-reported")),
            progress: s.progress_bp.map(|bp| percent_text(bp, lang)).unwrap_or_else(|| "—".into()),
            weight: if total_weight > 0 && s.progress_bp.is_some() {
                percent_text(((s.weight.max(0) as i128 * 10_000) / total_weight as i128) as i64, lang)
            } else {
                "—".into()
            },
            realised: kotacerdas_domain::format::money(s.budget_realised, lang),
            kpis: s
                .kpis
                .iter()
                .map(|k| KpiRow {
                    name: format!("{} ({})", k.name, k.unit),
                    target: k
                        .target
                        .as_deref()
                        .map(|v| kotacerdas_domain::format::decimal(v, lang))
                        .unwrap_or_else(|| "—".into()),
                    actual: k
                        .actual
                        .as_deref()
                        .map(|v| kotacerdas_domain::format::decimal(v, lang))
                        .unwrap_or_else(|| "—".into()),
                    rag: k.rag.as_str(),
                    rag_label: k.rag.label(lang).to_string(),
                })
                .collect(),
        })
        .collect();
    let outcome = roll
        .executed
        .iter()
        .map(|(d, (done, total))| {
            let share = kotacerdas_domain::evaluation::share_bp(*done, *total).map(|bp| percent_text(bp, lang));
            (d.clone(), format!("{done} / {total} = {}", share.unwrap_or_else(|| "—".into())))
        })
        .collect();
    let l = Layout::new(ctx, "monitoring-title", "regions");
    let page = MonitoringPage {
        open_data: kotacerdas_store::opendata::publication(&state.read, r.id).await?.is_some(),
        l: if public {
            l.titled(format!("{} · {}", ctx.lang.t("monitoring-title"), r.name))
        } else {
            l.region_crumbs(&r)
        },
        public,
        overall: roll.region.map(|bp| percent_text(bp, lang)).unwrap_or_else(|| "—".into()),
        overall_bp: roll.region.unwrap_or(0),
        dimensions,
        elements,
        programmes,
        outcome,
        can_manage,
        can_report,
        green: percent_text(GREEN_FROM_BP, lang),
        amber: percent_text(AMBER_FROM_BP, lang),
        year,
        years,
        region: r,
    };
    render_status(StatusCode::OK, &page)
}

pub struct PeriodRow {
    pub p: reporting_period::Model,
    pub name: String,
    pub due: String,
    pub reported: usize,
}

#[derive(Template)]
#[template(path = "monitoring_periods.html")]
struct PeriodsPage {
    l: Layout,
    region: region::Model,
    periods: Vec<PeriodRow>,
    form: PeriodInput,
    total: usize,
}

pub fn period_name(p: &reporting_period::Model, lang: &str) -> String {
    match p.quarter {
        0 => p.year.to_string(),
        q if lang == "en" => format!("{} Q{q}", p.year),
        q => format!("{} Triwulan {q}", p.year),
    }
}

/// The reporting periods with the form for a new one.
async fn periods_page(f: FormPage<'_, PeriodInput>) -> Result<Response, WebError> {
    let (ctx, state, r) = (f.ctx, f.state, &f.region);
    let lang = ctx.lang.code();
    let list = monitoring::periods(&state.db, r.id).await?;
    let reports = monitoring::reports(&state.db, &list.iter().map(|p| p.id).collect::<Vec<_>>()).await?;
    let periods = list
        .into_iter()
        .map(|p| PeriodRow {
            name: period_name(&p, lang),
            due: kotacerdas_domain::format::date(p.due_date, lang),
            reported: reports.keys().filter(|(per, _)| *per == p.id).count(),
            p,
        })
        .collect();
    let total = programmes::list(&state.db, r.id).await?.len();
    let l = f.layout("periods-title").crumb(ctx.lang.t("monitoring-title"), f.url("monitoring"));
    f.show(|region, form| PeriodsPage { l, total, periods, form, region })
}

pub async fn periods(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    periods_page(FormPage::new(&ctx, &state, r, PeriodInput::default())).await
}

pub async fn add_period(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let input = PeriodInput { year: get("year"), quarter: get("quarter"), due_date: get("due_date") };
    let result = monitoring::add_period(&state.db, &ctx.actor()?, r.id, &input).await;
    let f = FormPage::new(&ctx, &state, r, input);
    let back = f.url("monitoring/periods");
    f.outcome(result, "flash-saved", |_| back, periods_page).await
}

pub async fn lock(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let locked = f.get("locked").map(String::as_str) == Some("1");
    monitoring::set_locked(&state.db, &ctx.actor()?, r.id, id, locked).await?;
    done(&ctx, "flash-saved", &format!("/regions/{}/monitoring/periods", r.code)).await
}

pub struct DueRow {
    pub period: i64,
    pub period_name: String,
    pub due: String,
    pub overdue: bool,
    pub locked: bool,
    pub programme: i64,
    pub name: String,
    pub reported: bool,
}

#[derive(Template)]
#[template(path = "monitoring_my.html")]
struct MyPage {
    l: Layout,
    region: region::Model,
    rows: Vec<DueRow>,
    open: usize,
}

/// The programmes this user reports on (an OPD planner: their OPD's; a manager: all) in every
/// period, newest first, with what is still due.
pub async fn my(
    State(state): State<AppState>,
    RegionContribute { ctx, user: p, region: r, .. }: RegionContribute,
) -> Result<Response, WebError> {
    let lang = ctx.lang.code();
    let today = chrono::Utc::now().date_naive();
    let list = monitoring::periods(&state.db, r.id).await?;
    let reports = monitoring::reports(&state.db, &list.iter().map(|x| x.id).collect::<Vec<_>>()).await?;
    let mine: Vec<Programme> = programmes::list(&state.db, r.id)
        .await?
        .into_iter()
        .filter(|x| p.can_edit_opd(r.id, x.programme.opd_id))
        .collect();
    let mut rows = Vec::new();
    for per in &list {
        for x in mine.iter().filter(|x| x.programme.start_year <= per.year && x.programme.end_year >= per.year) {
            let reported = reports.contains_key(&(per.id, x.programme.id));
            rows.push(DueRow {
                period: per.id,
                period_name: period_name(per, lang),
                due: kotacerdas_domain::format::date(per.due_date, lang),
                overdue: !reported && !per.locked && per.due_date < today,
                locked: per.locked,
                programme: x.programme.id,
                name: x.programme.named(),
                reported,
            });
        }
    }
    let page = MyPage {
        l: Layout::new(&ctx, "my-updates-title", "regions")
            .region_crumbs(&r)
            .crumb(ctx.lang.t("monitoring-title"), format!("/regions/{}/monitoring", r.code)),
        open: rows.iter().filter(|x| !x.reported && !x.locked).count(),
        rows,
        region: r,
    };
    render_status(StatusCode::OK, &page)
}

pub struct KpiField {
    pub id: i64,
    pub name: String,
    pub target: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "monitoring_report.html")]
struct ReportPage {
    l: Layout,
    region: region::Model,
    period: reporting_period::Model,
    period_name: String,
    p: Programme,
    form: ReportInput,
    kpis: Vec<KpiField>,
    statuses: Vec<(String, String)>,
    evidence: Option<i64>,
    budget: String,
}

/// The period and the programme to report on, if the programme's OPD is this user's.
async fn report_context(
    state: &AppState,
    r: &RegionView,
    period_id: i64,
    pid: i64,
) -> Result<(reporting_period::Model, Programme), WebError> {
    let per = monitoring::period(&state.db, r.region.id, period_id).await?;
    let p = programmes::get(&state.db, r.region.id, pid).await?;
    ensure(r.user.can_edit_opd(r.region.id, p.programme.opd_id))?;
    Ok((per, p))
}

/// What a report is about: the period, the programme and the evidence file already kept.
struct Reporting {
    period: reporting_period::Model,
    programme: Programme,
    evidence: Option<i64>,
}

async fn report_page(f: FormPage<'_, ReportInput>, x: Reporting) -> Result<Response, WebError> {
    let lang = f.ctx.lang.code();
    let Reporting { period: per, programme: p, evidence } = x;
    let kpis = p
        .kpis
        .iter()
        .map(|k| KpiField {
            id: k.kpi.id,
            name: format!("{} ({})", k.kpi.name, k.kpi.unit),
            target: k
                .target(per.year)
                .map(|v| kotacerdas_domain::format::decimal(v, lang))
                .unwrap_or_else(|| "—".into()),
            value: f.form.actuals.get(&k.kpi.id).cloned().unwrap_or_default(),
        })
        .collect();
    let l = f
        .layout("report-title")
        .titled(format!("{} · {}", p.programme.named(), period_name(&per, lang)))
        .crumb(f.ctx.lang.t("my-updates-title"), f.url("monitoring/my"));
    f.show(|region, form| ReportPage {
        l,
        period_name: period_name(&per, lang),
        statuses: ProgrammeStatus::ALL.iter().map(|s| (s.as_str().to_string(), s.label(lang).to_string())).collect(),
        budget: kotacerdas_domain::format::money(p.year_budget(per.year), lang),
        kpis,
        form,
        evidence,
        period: per,
        p,
        region,
    })
}

pub async fn report_form(
    State(state): State<AppState>,
    Path((_, period_id, pid)): Path<(String, i64, i64)>,
    region: RegionView,
) -> Result<Response, WebError> {
    let (period, programme) = report_context(&state, &region, period_id, pid).await?;
    let RegionView { ctx, region: r, .. } = region;
    let existing = monitoring::reports(&state.db, &[period.id]).await?.remove(&(period.id, pid));
    let evidence = existing.as_ref().and_then(|x| x.report.evidence_file_id);
    let f = FormPage::new(&ctx, &state, r, monitoring::report_input(existing.as_ref()));
    report_page(f, Reporting { period, programme, evidence }).await
}

/// Save a report (multipart: the evidence file travels with it; CSRF token in the query).
pub async fn report_save(
    State(state): State<AppState>,
    Path((_, period_id, pid)): Path<(String, i64, i64)>,
    region: RegionView,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    let (per, p) = report_context(&state, &region, period_id, pid).await?;
    let RegionView { ctx, region: r, .. } = region;
    let mut form = ReportInput::default();
    let mut upload: Option<(String, bytes::Bytes)> = None;
    while let Some(field) = mp.next_field().await.map_err(|_| WebError::BadRequest("error-bad-form"))? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "evidence" {
            let fname = field.file_name().unwrap_or_default().to_string();
            let data = field.bytes().await.map_err(|_| WebError::BadRequest("error-too-large"))?;
            if !data.is_empty() {
                upload = Some((fname, data));
            }
            continue;
        }
        let v = field.text().await.map_err(|_| WebError::BadRequest("error-bad-form"))?;
        match name.as_str() {
            "status" => form.status = v,
            "budget_realised" => form.budget_realised = v,
            "narrative" => form.narrative = v,
            other => {
                if let Some(id) = other.strip_prefix("actual.").and_then(|i| i.parse::<i64>().ok()) {
                    form.actuals.insert(id, v);
                }
            }
        }
    }
    let existing = monitoring::reports(&state.db, &[per.id]).await?.remove(&(per.id, pid));
    let evidence = existing.as_ref().and_then(|x| x.report.evidence_file_id);
    let actor = ctx.actor()?;
    let result = async {
        if per.locked {
            return Err(StoreError::field("period", "err-period-locked"));
        }
        let file_id = match upload {
            Some((fname, data)) => Some(state.storage.upload(&state.db, &actor, Some(r.id), &fname, data).await?.id),
            None => None,
        };
        monitoring::save_report(&state.db, &actor, r.id, per.id, &p, &form, file_id).await
    }
    .await;
    let f = FormPage::new(&ctx, &state, r, form);
    let back = f.url("monitoring/my");
    let x = Reporting { period: per, programme: p, evidence };
    f.outcome(result, "flash-saved", |_| back, |f| report_page(f, x)).await
}
