//! A region's masterplan editions: the closed ones on record, the current one against the one
//! before it (programmes kept, dropped, added; budget per dimension), and the two ways to add
//! an edition — start a review of an enacted masterplan, or record one made before the product.

use crate::access::{RegionManage, RegionView};
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::views::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::edition::{Comparison, EarlierInput, ReviewInput};
use kotacerdas_domain::region::RegionKind;
use kotacerdas_domain::versions::RegulationType;
use kotacerdas_store::entity::{edition, region};
use kotacerdas_store::region::editions;

/// A closed edition as the page lists it.
#[derive(Clone)]
pub struct EditionRow {
    pub number: i32,
    pub period: String,
    pub mou: String,
    pub regulation: String,
    pub book_file_id: Option<i64>,
    pub programmes: usize,
    pub reason: String,
}

/// "Peraturan Bupati Nomor 45 Tahun 2018" for an edition that was enacted, else empty.
pub fn citation(r: &region::Model, e: &edition::Model, lang: &str) -> String {
    let kind = RegionKind::parse(&r.kind).unwrap_or(RegionKind::Kabupaten);
    match (e.regulation_type.as_deref().and_then(RegulationType::parse), &e.regulation_number, e.regulation_date) {
        (Some(t), Some(n), Some(d)) => t.citation(kind, n, d, lang, true),
        _ => String::new(),
    }
}

pub fn rows(r: &region::Model, list: &[edition::Model], lang: &str) -> Vec<EditionRow> {
    list.iter()
        .map(|e| EditionRow {
            number: e.number,
            period: format!("{}–{}", e.period_start, e.period_end),
            mou: match (&e.mou_number, e.mou_signed_on) {
                (Some(n), Some(d)) => format!("{n} ({})", kotacerdas_domain::format::date(d, lang)),
                (Some(n), None) => n.clone(),
                _ => String::new(),
            },
            regulation: citation(r, e, lang),
            book_file_id: e.book_file_id,
            programmes: editions::programmes_of(e).len(),
            reason: e.reason.clone().unwrap_or_default(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "editions.html")]
struct EditionsPage {
    l: Layout,
    region: region::Model,
    rows: Vec<EditionRow>,
    /// The edition compared with the current one, and the comparison.
    previous: Option<i32>,
    cmp: Comparison,
    can_manage: bool,
    enacted: bool,
    /// "Edisi 2 (berjalan)", "Dibandingkan dengan edisi 1", and the two budget columns' heads.
    labels: (String, String, String, String),
}

pub async fn page(State(state): State<AppState>, v: RegionView) -> Result<Response, WebError> {
    let (ctx, r) = (&v.ctx, &v.region);
    let list = editions::list(&state.read, r.id).await?;
    let (previous, cmp) = match editions::comparison(&state.read, r).await? {
        Some((e, c)) => (Some(e.number), c),
        None => (None, Comparison::default()),
    };
    let enacted = editions::enacted(&state.read, r).await?.is_some();
    let l = Layout::new(ctx, "editions-title", "regions").region_crumbs(r);
    let (now, before) = (r.edition as i64, previous.unwrap_or_default() as i64);
    let labels = (
        l.tn("edition-current", &now),
        l.tn("edition-compare", &before),
        l.tn("edition-budget-of", &before),
        l.tn("edition-budget-of", &now),
    );
    render(&EditionsPage {
        rows: rows(r, &list, ctx.lang.code()),
        l,
        region: r.clone(),
        previous,
        cmp,
        can_manage: v.user.can_manage_region(r.id),
        enacted,
        labels,
    })
}

#[derive(Template)]
#[template(path = "edition_review.html")]
struct ReviewForm {
    l: Layout,
    region: region::Model,
    form: ReviewInput,
}

async fn review_page(f: FormPage<'_, ReviewInput>) -> Result<Response, WebError> {
    let l = f.layout("edition-review-title").crumb(f.ctx.lang.t("editions-title"), f.url("editions"));
    f.show(|region, form| ReviewForm { l, region, form })
}

pub async fn review_form(State(state): State<AppState>, m: RegionManage) -> Result<Response, WebError> {
    let RegionManage { ctx, region: r, .. } = m;
    let start = kotacerdas_store::plan::masterplan(&state.db, r.id).await?.map(|p| p.start_year + 5);
    let form = ReviewInput { reason: String::new(), start_year: start.map(|y| y.to_string()).unwrap_or_default() };
    review_page(FormPage::new(&ctx, &state, r, form)).await
}

pub async fn review(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(form): Form<ReviewInput>,
) -> Result<Response, WebError> {
    let result = editions::start_review(&state.db, &ctx.actor()?, r.id, &form).await;
    let f = FormPage::new(&ctx, &state, r, form);
    let back = f.url("editions");
    f.outcome(result, "flash-edition-started", |_| back, review_page).await
}

#[derive(Template)]
#[template(path = "edition_earlier.html")]
struct EarlierForm {
    l: Layout,
    region: region::Model,
    form: EarlierInput,
    types: Vec<(String, String)>,
}

async fn earlier_page(f: FormPage<'_, EarlierInput>) -> Result<Response, WebError> {
    let lang = f.ctx.lang.code();
    let kind = RegionKind::parse(&f.region.kind).unwrap_or(RegionKind::Kabupaten);
    let types = RegulationType::ALL.iter().map(|t| (t.as_str().to_string(), t.title(kind, lang))).collect();
    let l = f.layout("edition-earlier-title").crumb(f.ctx.lang.t("editions-title"), f.url("editions"));
    f.show(|region, form| EarlierForm { l, region, form, types })
}

pub async fn earlier_form(State(state): State<AppState>, m: RegionManage) -> Result<Response, WebError> {
    let RegionManage { ctx, region: r, .. } = m;
    earlier_page(FormPage::new(&ctx, &state, r, EarlierInput::default())).await
}

pub async fn earlier(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(form): Form<EarlierInput>,
) -> Result<Response, WebError> {
    let result = editions::record_earlier(&state.db, &ctx.actor()?, r.id, &form).await;
    let f = FormPage::new(&ctx, &state, r, form);
    let back = f.url("editions");
    f.outcome(result, "flash-saved", |_| back, earlier_page).await
}
