//! The public portal (no account): a national index of regions and, per region, the approved
//! masterplan — vision, programmes per dimension with this year's progress and R/A/G, Quick Wins
//! before → after, the roadmap, evaluation results, the book to download — and its consultations.
//! Phone-first: one column, short tables, everything reachable without JS.

use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kotacerdas_domain::evaluation::score_text;
use kotacerdas_domain::framework::{self, DIMENSIONS};
use kotacerdas_domain::monitoring::{percent_text, Rag};
use kotacerdas_domain::participation::{self as domain, PublicStatus};
use kotacerdas_domain::programme::Horizon;
use kotacerdas_domain::versions::VersionStatus;
use kotacerdas_store::entity::{book_version, region};
use kotacerdas_store::{
    book, evaluation, monitoring, participation, plan, plan::programme_xlsx, plan::shares, region::regions,
};
use serde::Deserialize;
use std::collections::HashMap;

/// The newest approved or enacted book version: what the portal calls "the approved masterplan".
pub async fn approved_version(state: &AppState, region_id: i64) -> Result<Option<book_version::Model>, WebError> {
    Ok(book::list(&state.read, region_id)
        .await?
        .into_iter()
        .find(|v| matches!(VersionStatus::parse(&v.status), Some(VersionStatus::Approved | VersionStatus::Enacted))))
}

// ---------------------------------------------------------------- national index

#[derive(Deserialize, Default)]
pub struct IndexQuery {
    #[serde(default)]
    q: String,
}

#[derive(Clone)]
pub struct IndexRow {
    code: String,
    name: String,
    kind: String,
    province: String,
    approved: bool,
    index: String,
    open: bool,
}

#[derive(Template)]
#[template(path = "portal_index.html")]
struct IndexPage {
    l: Layout,
    q: String,
    rows: Vec<IndexRow>,
    total: i64,
}

pub async fn index(ctx: Ctx, State(state): State<AppState>, Query(q): Query<IndexQuery>) -> Result<Response, WebError> {
    let lang = ctx.lang.code();
    let version = kotacerdas_store::national::data_version(&state.read).await?;
    let today = chrono::Utc::now().date_naive();
    // Every region's row is the same for every visitor: built once per data change and day.
    let all = match state.portal_index.get("*", lang, version, today).await {
        Some(rows) => rows,
        None => {
            let rows = std::sync::Arc::new(index_rows(&state, lang, today).await?);
            state.portal_index.put("*", lang, version, today, rows.clone()).await;
            rows
        }
    };
    let needle = q.q.trim().to_lowercase();
    let matching: Vec<&IndexRow> = all
        .iter()
        .filter(|r| needle.is_empty() || r.name.to_lowercase().contains(&needle) || r.code.starts_with(&needle))
        .collect();
    let total = matching.len() as i64;
    let rows = matching.into_iter().take(300).cloned().collect();
    let page = IndexPage { l: Layout::new(&ctx, "portal-title", "portal"), q: q.q, rows, total };
    render(&page)
}

/// An evaluation index as the public reads it: "3,35", or "3,35 (Sementara)" while a part with
/// a weight is unscored, so a provisional figure is never taken for the ministry's final one.
fn index_text(v: i64, provisional: bool, lang: &str) -> String {
    let v = score_text(v, lang);
    if provisional {
        format!("{v} ({})", kotacerdas_i18n::Lang::from_code(lang).t("evaluation-provisional"))
    } else {
        v
    }
}

async fn index_rows(state: &AppState, lang: &str, today: chrono::NaiveDate) -> Result<Vec<IndexRow>, WebError> {
    let summary =
        crate::views::national::dashboard::current(state, chrono::Datelike::year(&chrono::Utc::now())).await?;
    let approved = kotacerdas_store::opendata::published_codes(&state.read).await?;
    let open = participation::regions_consulting(&state.read, today).await?;
    let mut rows: Vec<IndexRow> = summary
        .regions
        .iter()
        .map(|r| IndexRow {
            code: r.code.clone(),
            name: r.name.clone(),
            kind: kotacerdas_domain::region::RegionKind::parse(&r.kind)
                .map(|k| k.label(lang).to_string())
                .unwrap_or_default(),
            province: r.province.clone(),
            approved: approved.contains(&r.code),
            index: r.index.map(|i| index_text(i, r.index_provisional, lang)).unwrap_or_else(|| "—".into()),
            open: open.contains(&r.code),
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(rows)
}

// ---------------------------------------------------------------- a region

#[derive(Clone)]
struct ProgrammeRow {
    id: i64,
    name: String,
    opd: String,
    years: String,
    status: String,
    progress: String,
    progress_bp: i64,
    rag: &'static str,
    rag_label: String,
    /// For a neighbour's programme acknowledged by this region: the owner (name, code).
    owner: Option<(String, String)>,
    /// The further dimensions it serves besides this one ("Smart Economy, Smart Society").
    also: String,
}

#[derive(Clone)]
struct DimensionBlock {
    code: &'static str,
    name: &'static str,
    progress: String,
    bp: i64,
    programmes: Vec<ProgrammeRow>,
    /// "4 program · +2 lintas dimensi".
    reach: String,
    /// Programmes of another dimension that also serve this one: (id, name, primary element);
    /// their card (and money) is in their own dimension.
    also: Vec<(i64, String, String)>,
}

#[derive(Clone)]
struct QuickWinCard {
    name: String,
    metric: String,
    before: String,
    target: String,
    after: String,
    verdict: String,
}

#[derive(Clone)]
pub struct InputCard {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub dimension: String,
    pub place: String,
    pub supports: i64,
    pub status_code: &'static str,
    pub status: String,
}

pub fn input_card(v: &participation::InputView, lang: &str) -> InputCard {
    let i = &v.input;
    let status: PublicStatus = v.public_status();
    InputCard {
        id: i.id,
        title: i.title.clone(),
        kind: domain::InputKind::parse(&i.kind).map(|k| k.label(lang)).unwrap_or_default().to_string(),
        dimension: framework::dimension(&i.dimension_code).map(|d| d.named.name(lang)).unwrap_or_default().to_string(),
        place: [i.kelurahan.clone(), i.kecamatan.clone()].into_iter().flatten().collect::<Vec<_>>().join(", "),
        supports: v.supports,
        status_code: status.code(),
        status: status.label(lang),
    }
}

#[derive(Template, Clone)]
#[template(path = "portal_region.html")]
pub struct RegionPage {
    l: Layout,
    region: region::Model,
    kind: String,
    version: Option<(i32, String, String)>,
    has_pdf: bool,
    vision: Option<(String, String)>,
    year: i32,
    overall: String,
    overall_bp: i64,
    dimensions: Vec<DimensionBlock>,
    quick_wins: Vec<QuickWinCard>,
    horizons: Vec<(String, Vec<String>)>,
    evaluations: Vec<(i32, String)>,
    consultations: Vec<(i64, String, String, bool)>,
    recent: Vec<InputCard>,
    /// The edition of the version shown, and the region's closed editions.
    shown_edition: i32,
    editions: Vec<crate::views::region::editions::EditionRow>,
}

/// The portal page of a region: the same for every visitor, so it is built once per change of
/// the data (any audit row) and day, and only the frame (language, CSRF token) is per request.
pub async fn region_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let lang = ctx.lang.code();
    let version = kotacerdas_store::national::data_version(&state.read).await?;
    let today = chrono::Utc::now().date_naive();
    let l = Layout::new(&ctx, "portal-title", "portal").crumb(ctx.lang.t("portal-title"), "/publik");
    if let Some(page) = state.portal.get(&code, lang, version, today).await {
        let mut page = (*page).clone();
        page.l = l.titled(page.region.name.clone()).zoned(&page.region);
        return render(&page);
    }
    let page = build_region_page(&ctx, &state, &code, today).await?;
    state.portal.put(&code, lang, version, today, std::sync::Arc::new(page.clone())).await;
    render(&page)
}

async fn build_region_page(
    ctx: &Ctx,
    state: &AppState,
    code: &str,
    today: chrono::NaiveDate,
) -> Result<RegionPage, WebError> {
    let lang = ctx.lang.code();
    let r = regions::by_code(&state.read, code).await?;
    let version = approved_version(state, r.id).await?;
    let consultations = participation::consultations(&state.read, r.id)
        .await?
        .into_iter()
        .map(|c| {
            let open = domain::is_open(c.opens_on, c.closes_on, today);
            let dates = format!(
                "{} – {}",
                kotacerdas_domain::format::date(c.opens_on, lang),
                kotacerdas_domain::format::date(c.closes_on, lang)
            );
            (c.id, c.title, dates, open)
        })
        .collect();
    let recent =
        participation::list(&state.read, r.id, &participation::Filter { published_only: true, ..Default::default() })
            .await?
            .iter()
            .take(5)
            .map(|v| input_card(v, lang))
            .collect();
    let mut page = RegionPage {
        l: Layout::new(ctx, "portal-title", "portal")
            .titled(r.name.clone())
            .crumb(ctx.lang.t("portal-title"), "/publik")
            .zoned(&r),
        kind: kotacerdas_domain::region::RegionKind::parse(&r.kind)
            .map(|k| k.label(lang).to_string())
            .unwrap_or_default(),
        version: None,
        has_pdf: false,
        vision: None,
        year: 0,
        overall: String::new(),
        overall_bp: 0,
        dimensions: Vec::new(),
        quick_wins: Vec::new(),
        horizons: Vec::new(),
        evaluations: Vec::new(),
        consultations,
        recent,
        shown_edition: r.edition,
        editions: crate::views::region::editions::rows(
            &r,
            &kotacerdas_store::region::editions::list(&state.read, r.id).await?,
            lang,
        ),
        region: r.clone(),
    };
    let Some(v) = version else {
        // Still being drafted: the portal offers the consultations only.
        return Ok(page);
    };
    let status = VersionStatus::parse(&v.status).map(|s| s.label(lang).to_string()).unwrap_or_default();
    let regulation = crate::views::book::versions::regulation_citation(&r, &v, lang);
    page.has_pdf = v.pdf_file_id.is_some();
    page.shown_edition = v.edition;
    page.version = Some((v.number, status, regulation));
    page.vision = plan::masterplan(&state.read, r.id).await?.map(|m| (m.vision, m.explanation.unwrap_or_default()));

    let all = state.registers.programmes(&state.read, r.id).await?;
    let years = programme_xlsx::years(&state.read, r.id, &all).await?;
    let year = crate::views::monitoring::pick_year("", &years);
    let roll = monitoring::rollup_of(&state.read, &all, r.id, year).await?;
    let states: HashMap<i64, &monitoring::ProgrammeState> = roll.programmes.iter().map(|s| (s.id, s)).collect();
    let opd_names: HashMap<i64, String> = kotacerdas_store::region::kawasan::plan_opds(&state.read, r.id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.short_name))
        .collect();
    let shared = shares::acknowledged(&state.read, r.id).await?;
    // Programmes of the kawasans this region belongs to, owned by its OPDs: listed with their
    // kawasan as owner (their monitoring lives on the kawasan's page).
    let kawasan = kotacerdas_store::region::kawasan::member_programmes(&state.read, r.id).await?;
    page.year = year;
    page.overall_bp = roll.region.unwrap_or(0);
    page.overall = roll.region.map(|bp| percent_text(bp, lang)).unwrap_or_else(|| "—".into());
    page.dimensions = DIMENSIONS
        .iter()
        .map(|d| {
            let code = d.named.code;
            let mut programmes: Vec<ProgrammeRow> = all
                .iter()
                .filter(|p| p.programme.element_code.starts_with(code))
                .map(|p| {
                    let s = states.get(&p.programme.id);
                    let rag = s.map(|s| worst(&s.kpis)).unwrap_or(Rag::NoData);
                    ProgrammeRow {
                        id: p.programme.id,
                        name: p.programme.named(),
                        opd: opd_names.get(&p.programme.opd_id).cloned().unwrap_or_default(),
                        years: format!("{}–{}", p.programme.start_year, p.programme.end_year),
                        status: s
                            .and_then(|s| s.status)
                            .map(|x| x.label(lang).to_string())
                            .unwrap_or_else(|| ctx.lang.t("monitoring-not-reported")),
                        progress: s
                            .and_then(|s| s.progress_bp)
                            .map(|bp| percent_text(bp, lang))
                            .unwrap_or_else(|| "—".into()),
                        progress_bp: s.and_then(|s| s.progress_bp).unwrap_or(0),
                        rag: rag.as_str(),
                        rag_label: rag.label(lang).to_string(),
                        owner: None,
                        also: kotacerdas_domain::reach::dimension_names(lang, &p.further_dimensions()),
                    }
                })
                .collect();
            programmes.extend(shared.iter().filter(|s| s.programme.element_code.starts_with(code)).map(|s| {
                ProgrammeRow {
                    id: s.programme.id,
                    name: s.programme.named(),
                    opd: String::new(),
                    years: format!("{}–{}", s.programme.start_year, s.programme.end_year),
                    status: String::new(),
                    progress: "—".into(),
                    progress_bp: 0,
                    rag: Rag::NoData.as_str(),
                    rag_label: Rag::NoData.label(lang).to_string(),
                    owner: Some((s.owner.name.clone(), s.owner.code.clone())),
                    also: String::new(),
                }
            }));
            for (k, list) in &kawasan {
                programmes.extend(list.iter().filter(|(p, _)| p.element_code.starts_with(code)).map(|(p, opd)| {
                    ProgrammeRow {
                        id: p.id,
                        name: p.named(),
                        opd: opd.clone(),
                        years: format!("{}–{}", p.start_year, p.end_year),
                        status: String::new(),
                        progress: "—".into(),
                        progress_bp: 0,
                        rag: Rag::NoData.as_str(),
                        rag_label: Rag::NoData.label(lang).to_string(),
                        owner: Some((k.name.clone(), k.code.clone())),
                        also: String::new(),
                    }
                }));
            }
            let bp = roll.dimensions.get(code).copied();
            let also: Vec<(i64, String, String)> = all
                .iter()
                .filter(|p| p.further_dimensions().contains(&code))
                .map(|p| (p.programme.id, p.programme.named(), p.programme.element_code.clone()))
                .collect();
            let own = all.iter().filter(|p| p.programme.element_code.starts_with(code)).count();
            DimensionBlock {
                reach: kotacerdas_domain::reach::summary(lang, own, also.len()),
                also,
                code,
                name: d.named.name(lang),
                progress: bp.map(|b| percent_text(b, lang)).unwrap_or_else(|| "—".into()),
                bp: bp.unwrap_or(0),
                programmes,
            }
        })
        .collect();
    page.horizons = Horizon::ALL
        .iter()
        .map(|h| {
            let names = all
                .iter()
                .filter(|p| p.programme.horizon == h.as_str())
                .map(|p| format!("{} ({}–{})", p.programme.named(), p.programme.start_year, p.programme.end_year))
                .collect();
            (h.label(lang).to_string(), names)
        })
        .filter(|(_, n): &(String, Vec<String>)| !n.is_empty())
        .collect();
    let history = evaluation::history(&state.read, r.id).await?;
    page.evaluations = history
        .iter()
        .filter_map(|(round, e)| e.index_score.map(|i| (round.year, index_text(i, !e.index_final, lang))))
        .collect();
    if let Some((round, _)) = history.last() {
        let s = evaluation::summary(&state.read, round, r.id).await?;
        page.quick_wins = s
            .quick_wins
            .into_iter()
            .map(|q| QuickWinCard {
                name: q.name,
                metric: format!("{} ({})", q.metric, q.unit),
                before: kotacerdas_domain::format::decimal(&q.before, lang),
                target: kotacerdas_domain::format::decimal(&q.target, lang),
                after: if q.after.is_empty() {
                    "—".into()
                } else {
                    kotacerdas_domain::format::decimal(&q.after, lang)
                },
                verdict: q.verdict.map(|v| v.label(lang).to_string()).unwrap_or_default(),
            })
            .collect();
    }
    Ok(page)
}

/// The worst R/A/G among a programme's KPIs (no data counts only when nothing else is known).
fn worst(kpis: &[monitoring::KpiState]) -> Rag {
    let rank = |r: Rag| match r {
        Rag::Red => 3,
        Rag::Amber => 2,
        Rag::Green => 1,
        Rag::NoData => 0,
    };
    kpis.iter().map(|k| k.rag).max_by_key(|r| rank(*r)).unwrap_or(Rag::NoData)
}

/// The book of a closed edition of a region's masterplan, for anyone (it was enacted: public).
pub async fn edition_book_pdf(
    State(state): State<AppState>,
    Path((code, number)): Path<(String, i32)>,
) -> Result<Response, WebError> {
    let r = regions::by_code(&state.read, &code).await?;
    let e = kotacerdas_store::region::editions::list(&state.read, r.id)
        .await?
        .into_iter()
        .find(|e| e.number == number)
        .ok_or(WebError::NotFound)?;
    let f = kotacerdas_store::files::get(&state.read, e.book_file_id.ok_or(WebError::NotFound)?).await?;
    let data = state.storage.read(&f.key).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"masterplan-{}-edisi-{number}.pdf\"", r.code)),
        ],
        data,
    )
        .into_response())
}

/// The approved book (Indonesian PDF) of a region, for anyone.
pub async fn book_pdf(State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, WebError> {
    let r = regions::by_code(&state.read, &code).await?;
    let v = approved_version(&state, r.id).await?.ok_or(WebError::NotFound)?;
    let id = v.pdf_file_id.ok_or(WebError::NotFound)?;
    let f = kotacerdas_store::files::get(&state.read, id).await?;
    let data = state.storage.read(&f.key).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"masterplan-{}-v{}.pdf\"", r.code, v.number)),
        ],
        data,
    )
        .into_response())
}
