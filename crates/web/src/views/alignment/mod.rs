//! The year's alignment page: which masterplan programmes the adopted RKPD/APBD funds, fully,
//! partly or not at all; per OPD and dimension; the links to confirm or undo; the smart-city
//! items of the RKPD that belong to no programme; the Renja extract to take to the planning
//! system. The import of the RKPD is in [`import`].

pub mod import;

use crate::access::{ensure, RegionContribute, RegionView};
use crate::error::WebError;
use crate::views::{done, render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Form;
use kotacerdas_domain::alignment::{Funding, LinkKind, MatchedBy, Totals};
use kotacerdas_domain::format::rupiah;
use kotacerdas_store::alignment::{self, renja};
use kotacerdas_store::entity::region;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Default, Deserialize)]
pub struct Filter {
    #[serde(default)]
    pub year: Option<String>,
    #[serde(default)]
    pub opd: Option<String>,
    #[serde(default)]
    pub dimension: Option<String>,
    #[serde(default)]
    pub funding: Option<String>,
}

/// The year asked (a number from 2000 to 2100), else this year in the region's zone.
pub fn year_of(raw: Option<&str>) -> Result<i32, WebError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(chrono::Utc::now().year()),
        Some(s) => {
            s.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y)).ok_or(WebError::BadRequest("error-bad-year"))
        }
    }
}

use chrono::Datelike;

pub struct ItemCell {
    pub item_id: i64,
    pub code: String,
    pub name: String,
    pub opd: String,
    pub pagu: String,
    pub how: &'static str,
    /// The stored decision behind the match, if a person made it.
    pub link_id: Option<i64>,
    pub indicator: String,
}

pub struct ProgRow {
    pub id: i64,
    pub name: String,
    pub opd: String,
    pub dimension: String,
    pub planned: String,
    pub pagu: String,
    pub share: String,
    pub funding: &'static str,
    pub indicator: bool,
    pub items: Vec<ItemCell>,
    pub suggestions: Vec<(ItemCell, u32)>,
    pub can_edit: bool,
}

pub struct GroupRow {
    pub label: String,
    pub due: u32,
    pub funded: u32,
    pub share: String,
    pub planned: String,
    pub pagu: String,
    pub covered: String,
}

fn pct(bp: Option<i64>, lang: &str) -> String {
    bp.map(|b| format!("{} %", kotacerdas_domain::format::hundredths(b, lang))).unwrap_or_else(|| "—".into())
}

pub fn dimension_name(code: &str, lang: &str) -> String {
    kotacerdas_domain::framework::dimension(code)
        .map(|d| d.named.name(lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

fn group(label: String, t: &Totals, lang: &str) -> GroupRow {
    GroupRow {
        label,
        due: t.due,
        funded: t.funded,
        share: pct((t.due > 0).then(|| i64::from(t.funded) * 10_000 / i64::from(t.due)), lang),
        planned: rupiah(t.planned),
        pagu: rupiah(t.pagu),
        covered: pct(t.covered_bp(), lang),
    }
}

#[derive(Template)]
#[template(path = "alignment.html")]
struct Page {
    l: Layout,
    region: region::Model,
    year: i32,
    years: Vec<i32>,
    filter_opd: Option<i64>,
    filter_dimension: String,
    filter_funding: String,
    /// (id, name, selected)
    opds: Vec<(i64, String, bool)>,
    dimensions: Vec<(String, String)>,
    import: Option<kotacerdas_store::entity::rkpd_import::Model>,
    history: Vec<kotacerdas_store::entity::rkpd_import::Model>,
    region_row: GroupRow,
    by_opd: Vec<GroupRow>,
    by_dimension: Vec<GroupRow>,
    rows: Vec<ProgRow>,
    unmatched_smart: Vec<ItemCell>,
    unmatched: u32,
    stale_links: u32,
    /// Programmes a person may link an unmatched item to: (id, name).
    linkable: Vec<(i64, String)>,
    can_import: bool,
}

pub async fn page(State(state): State<AppState>, v: RegionView, Query(f): Query<Filter>) -> Result<Response, WebError> {
    let (ctx, r) = (&v.ctx, &v.region);
    let lang = ctx.lang.code();
    let year = year_of(f.year.as_deref())?;
    let y = alignment::year(&state.read, r.id, year).await?;
    let opd_list = kotacerdas_store::region::kawasan::plan_opds(&state.read, r.id).await?;
    let opds: HashMap<i64, String> = opd_list.iter().map(|o| (o.id, o.short_name.clone())).collect();
    let filter_opd = f.opd.as_deref().and_then(|s| s.parse::<i64>().ok()).filter(|o| opds.contains_key(o));
    let filter_dimension = f.dimension.clone().unwrap_or_default();
    let filter_funding = f.funding.clone().filter(|s| Funding::parse(s).is_some()).unwrap_or_default();
    let link_of: HashMap<(i64, String), i64> =
        y.links.iter().map(|l| ((l.programme_id, l.item_key.clone()), l.id)).collect();
    let cell = |id: i64, how: &'static str, pid: Option<i64>| -> Option<ItemCell> {
        let it = y.item(id)?;
        let key = kotacerdas_domain::alignment::item_key(&it.code, &it.name);
        Some(ItemCell {
            item_id: id,
            code: it.code.clone(),
            name: it.name.clone(),
            opd: it.opd_name.clone(),
            pagu: rupiah(it.pagu),
            how,
            link_id: pid.and_then(|p| link_of.get(&(p, key)).copied()),
            indicator: [it.indicator.as_str(), it.target.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" · "),
        })
    };
    let rows: Vec<ProgRow> = y
        .programmes
        .iter()
        .zip(y.alignment.rows.iter())
        .filter(|(p, _)| filter_opd.is_none_or(|o| p.programme.opd_id == o))
        .filter(|(p, _)| {
            filter_dimension.is_empty() || p.programme.element_code.starts_with(&format!("{filter_dimension}-"))
        })
        .filter(|(_, a)| filter_funding.is_empty() || a.funding.as_str() == filter_funding)
        .map(|(p, a)| ProgRow {
            id: p.programme.id,
            name: p.programme.named(),
            opd: opds.get(&p.programme.opd_id).cloned().unwrap_or_default(),
            dimension: dimension_name(p.programme.element_code.split('-').next().unwrap_or_default(), lang),
            planned: rupiah(a.planned),
            pagu: rupiah(a.pagu),
            share: pct(a.share_bp, lang),
            funding: a.funding.as_str(),
            indicator: a.indicator,
            items: a
                .items
                .iter()
                .filter_map(|(id, how)| {
                    let how = match how {
                        MatchedBy::Code => "code",
                        MatchedBy::Manual => "manual",
                        MatchedBy::Confirmed => "confirmed",
                    };
                    cell(*id, how, Some(p.programme.id))
                })
                .collect(),
            suggestions: a
                .suggestions
                .iter()
                .filter_map(|(id, like)| Some((cell(*id, "suggested", None)?, *like)))
                .collect(),
            can_edit: v.user.can_edit_item(r.id, Some(p.programme.opd_id)),
        })
        .collect();
    let l = Layout::new(ctx, "alignment-title", "regions").region_crumbs(r);
    let mut by_opd: Vec<GroupRow> =
        y.alignment.by_opd.iter().map(|(o, t)| group(opds.get(o).cloned().unwrap_or_default(), t, lang)).collect();
    by_opd.sort_by(|a, b| a.label.cmp(&b.label));
    let by_dimension = y.alignment.by_dimension.iter().map(|(d, t)| group(dimension_name(d, lang), t, lang)).collect();
    let mut years = alignment::years(&state.read, r.id).await?;
    if !years.contains(&year) {
        years.push(year);
        years.sort_unstable_by(|a, b| b.cmp(a));
    }
    let linkable = y
        .programmes
        .iter()
        .filter(|p| v.user.can_edit_item(r.id, Some(p.programme.opd_id)))
        .map(|p| (p.programme.id, p.programme.named()))
        .collect();
    let page = Page {
        region_row: group(l.t("alignment-region"), &y.alignment.region, lang),
        by_opd,
        by_dimension,
        rows,
        unmatched_smart: y.alignment.unmatched_smart.iter().filter_map(|id| cell(*id, "", None)).collect(),
        unmatched: y.alignment.unmatched,
        stale_links: y.alignment.stale_links,
        linkable,
        can_import: v.user.can_manage_region(r.id),
        dimensions: kotacerdas_domain::framework::DIMENSIONS
            .iter()
            .map(|d| (d.named.code.to_string(), d.named.name(lang).to_string()))
            .collect(),
        opds: opd_list.iter().map(|o| (o.id, o.short_name.clone(), filter_opd == Some(o.id))).collect(),
        import: y.import.clone(),
        history: y.history.clone(),
        filter_opd,
        filter_dimension,
        filter_funding,
        years,
        year,
        region: r.clone(),
        l,
    };
    render(&page)
}

#[derive(Debug, Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    programme_id: String,
    #[serde(default)]
    item_id: String,
    #[serde(default)]
    kind: String,
}

/// Link an item, confirm a suggestion, or say "not this one" — for a programme the user may edit.
pub async fn decide(
    State(state): State<AppState>,
    c: RegionContribute,
    Form(f): Form<DecideForm>,
) -> Result<Response, WebError> {
    let RegionContribute { ctx, user, region: r, .. } = c;
    let (Ok(pid), Ok(item), Some(kind)) =
        (f.programme_id.trim().parse::<i64>(), f.item_id.trim().parse::<i64>(), LinkKind::parse(f.kind.trim()))
    else {
        return Err(WebError::BadRequest("error-bad-form"));
    };
    let p = kotacerdas_store::plan::programmes::get(&state.db, r.id, pid).await?;
    ensure(user.can_edit_item(r.id, Some(p.programme.opd_id)))?;
    let year = year_of(Some(&f.year))?;
    alignment::decide(&state.db, &ctx.actor()?, r.id, pid, item, kind).await?;
    let key = match kind {
        LinkKind::Rejected => "flash-alignment-rejected",
        _ => "flash-alignment-linked",
    };
    done(&ctx, key, &format!("/regions/{}/alignment?year={year}#p{pid}", r.code)).await
}

#[derive(Debug, Deserialize)]
pub struct ForgetForm {
    #[serde(default)]
    year: String,
}

pub async fn forget(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    c: RegionContribute,
    Form(f): Form<ForgetForm>,
) -> Result<Response, WebError> {
    let RegionContribute { ctx, user, region: r, .. } = c;
    let link = alignment::link(&state.db, r.id, id).await?;
    let p = kotacerdas_store::plan::programmes::get(&state.db, r.id, link.programme_id).await?;
    ensure(user.can_edit_item(r.id, Some(p.programme.opd_id)))?;
    let year = year_of(Some(&f.year))?;
    alignment::forget(&state.db, &ctx.actor()?, r.id, id).await?;
    done(&ctx, "flash-alignment-forgotten", &format!("/regions/{}/alignment?year={year}#p{}", r.code, p.programme.id))
        .await
}

#[derive(Debug, Default, Deserialize)]
pub struct RenjaQuery {
    #[serde(default)]
    pub year: Option<String>,
    #[serde(default)]
    pub opd: Option<String>,
}

/// The Renja extract's lines for a query (the OPD must be one of the region's plan OPDs).
pub async fn renja_lines(
    state: &AppState,
    r: &region::Model,
    q: &RenjaQuery,
) -> Result<(i32, Option<i64>, Vec<renja::Line>), WebError> {
    let year = year_of(q.year.as_deref())?;
    let opd = match q.opd.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(s.parse::<i64>().map_err(|_| WebError::BadRequest("error-bad-request"))?),
    };
    Ok((year, opd, renja::lines(&state.read, r.id, year, opd).await?))
}

pub fn renja_name(r: &region::Model, year: i32, opd: Option<i64>, ext: &str) -> String {
    match opd {
        Some(o) => format!("renja-{}-{year}-opd{o}.{ext}", r.code),
        None => format!("renja-{}-{year}.{ext}", r.code),
    }
}

pub fn renja_title(r: &region::Model, year: i32) -> String {
    format!("Program Masterplan Smart City {} untuk Renja {year}", r.name)
}

pub async fn renja_xlsx(
    State(state): State<AppState>,
    v: RegionView,
    Query(q): Query<RenjaQuery>,
) -> Result<Response, WebError> {
    let (year, opd, lines) = renja_lines(&state, &v.region, &q).await?;
    let bytes = renja::xlsx(year, &lines, &renja_title(&v.region, year))?;
    Ok(crate::views::plan::programme_import::xlsx_response(bytes, &renja_name(&v.region, year, opd, "xlsx")))
}

pub async fn renja_csv(
    State(state): State<AppState>,
    v: RegionView,
    Query(q): Query<RenjaQuery>,
) -> Result<Response, WebError> {
    let (year, opd, lines) = renja_lines(&state, &v.region, &q).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", renja_name(&v.region, year, opd, "csv")),
            ),
        ],
        renja::csv(year, &lines),
    )
        .into_response())
}
