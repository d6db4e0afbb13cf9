//! Stage 1 regional profile: figures by year with unit and source, edited as one table, with a
//! trend line per indicator drawn by the shared chart module.

use crate::access::{RegionManage, RegionView};
use crate::error::WebError;
use crate::i18n::Lang;
use crate::views::book::sections::{thread, Thread};
use crate::views::form::FormPage;
use crate::views::Layout;
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::Form;
use kotacerdas_charts::Trend;
use kotacerdas_domain::analysis::{Section, INDICATORS};
use kotacerdas_domain::analysis_input::{figure_field as field, own_code, FigureInput};
use kotacerdas_domain::format;
use kotacerdas_domain::validate::Errors;
use kotacerdas_store::analysis::profile;
use kotacerdas_store::entity::region;
use kotacerdas_store::StoreError;
use std::collections::{BTreeSet, HashMap};

struct Row {
    code: String,
    name: String,
    unit: String,
    source: String,
    /// Per year: the value as typed or stored (form) and as displayed.
    cells: Vec<(i32, String, String)>,
    trend: String,
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    l: Layout,
    region: region::Model,
    years: Vec<i32>,
    rows: Vec<Row>,
    can_edit: bool,
    thread: Thread,
}

/// Show a stored value the Indonesian way: thousands dots, decimal comma (points in English).
fn display(v: &str, lang: Lang) -> String {
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    let grouped = int.parse::<i64>().map(format::thousands).unwrap_or_else(|_| int.to_string());
    let (group, dec) = if lang == Lang::En { (",", ".") } else { (".", ",") };
    let grouped = grouped.replace('.', group);
    if frac.is_empty() {
        grouped
    } else {
        format!("{grouped}{dec}{frac}")
    }
}

/// The profile table; the form's value is what a refused save typed (else the stored figures).
async fn page(f: FormPage<'_, Option<HashMap<String, String>>>) -> Result<Response, WebError> {
    let (ctx, state, r, typed) = (f.ctx, f.state, &f.region, f.form.as_ref());
    let p = ctx.user()?;
    let lang = ctx.lang;
    let figures = profile::list(&state.db, r.id).await?;
    let this_year = chrono::Datelike::year(&chrono::Utc::now());
    let mut years: BTreeSet<i32> = ((this_year - 5)..this_year).collect();
    years.extend(figures.iter().map(|f| f.year));
    let years: Vec<i32> = years.into_iter().collect();
    let mut rows: Vec<(String, String, String)> = INDICATORS
        .iter()
        .map(|i| {
            (i.code.to_string(), if lang == Lang::En { i.name_en } else { i.name_id }.to_string(), i.unit.to_string())
        })
        .collect();
    for f in figures.iter().filter(|f| f.indicator.starts_with("own-")) {
        if !rows.iter().any(|(c, _, _)| *c == f.indicator) {
            rows.push((f.indicator.clone(), f.label.clone().unwrap_or_else(|| f.indicator.clone()), f.unit.clone()));
        }
    }
    let stored: HashMap<(&str, i32), &kotacerdas_store::entity::profile_figure::Model> =
        figures.iter().map(|f| ((f.indicator.as_str(), f.year), f)).collect();
    let rows = rows
        .into_iter()
        .map(|(code, name, unit)| {
            let cells: Vec<(i32, String, String)> =
                years
                    .iter()
                    .map(|y| {
                        let s = stored.get(&(code.as_str(), *y)).map(|f| f.value.clone()).unwrap_or_default();
                        let shown = if s.is_empty() { "—".to_string() } else { display(&s, lang) };
                        let form = typed
                            .and_then(|t| t.get(&field("value", &code, *y)).cloned())
                            .unwrap_or_else(|| if s.is_empty() { s.clone() } else { display(&s, Lang::Id) });
                        (*y, form, shown)
                    })
                    .collect();
            let points: Vec<(i32, f64)> = years
                .iter()
                .filter_map(|y| {
                    stored.get(&(code.as_str(), *y)).and_then(|f| f.value.parse::<f64>().ok()).map(|v| (*y, v))
                })
                .collect();
            let source =
                figures.iter().rev().find(|f| f.indicator == code).and_then(|f| f.source.clone()).unwrap_or_default();
            let source = typed.and_then(|t| t.get(&format!("source.{code}")).cloned()).unwrap_or(source);
            Row {
                trend: Trend { title: &name, points, decimal_comma: lang == Lang::Id, unit: &unit }.svg(),
                code,
                name,
                unit,
                source,
                cells,
            }
        })
        .collect();
    let can_edit = p.can_manage_region(r.id);
    let thread = thread(ctx, state, r.id, &r.code, Section::Profile).await?;
    let l = f.layout("profile-title");
    f.show(|region, _| ProfilePage { l, can_edit, thread, years, rows, region })
}

pub async fn show(
    State(state): State<AppState>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    page(FormPage::new(&ctx, &state, r, None)).await
}

/// Save the table: `value.INDICATOR.YEAR` cells and a `source.INDICATOR` per row.
pub async fn save(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let map: HashMap<String, String> = fields.into_iter().collect();
    let cells: Vec<FigureInput> = map
        .iter()
        .filter_map(|(k, v)| {
            let rest = k.strip_prefix("value.")?;
            let (indicator, year) = rest.rsplit_once('.')?;
            Some(FigureInput {
                indicator: indicator.to_string(),
                label: String::new(),
                unit: String::new(),
                year: year.parse().ok()?,
                value: v.clone(),
                source: map.get(&format!("source.{indicator}")).cloned().unwrap_or_default(),
            })
        })
        .collect();
    let result = profile::save(&state.db, &ctx.actor()?, r.id, &cells).await;
    let f = FormPage::new(&ctx, &state, r, Some(map));
    let back = f.url("profile");
    f.outcome(result, "flash-saved", |_| back, page).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct OwnForm {
    label: String,
    unit: String,
    year: String,
    value: String,
    source: String,
}

/// Add a figure of the region's own indicator (its first value names the row).
pub async fn add_own(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(f): Form<OwnForm>,
) -> Result<Response, WebError> {
    let mut e = Errors::new();
    let label = e.text("label", &f.label, 200);
    let unit = e.text("unit", &f.unit, 40);
    let year = e.integer("year", &f.year, 2000, 2100);
    if f.value.trim().is_empty() {
        e.add("value", "err-required", None);
    }
    let result = match e.into_result() {
        Err(e) => Err(StoreError::Invalid(e)),
        Ok(()) => {
            let cell = FigureInput {
                indicator: own_code(&label),
                label,
                unit,
                year: year.unwrap_or_default() as i32,
                value: f.value,
                source: f.source,
            };
            profile::save(&state.db, &ctx.actor()?, r.id, &[cell]).await
        }
    };
    let f = FormPage::new(&ctx, &state, r, None);
    let back = f.url("profile");
    f.outcome(result, "flash-saved", |_| back, page).await
}
