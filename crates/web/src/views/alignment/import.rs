//! Import of the adopted RKPD/APBD: upload, look at how the file was read (header found, the
//! columns proposed from the region's saved profile or the header words, every bad row named),
//! change a column if needed and check again, then apply — all rows or none. The file waits in
//! storage between the steps; the session keeps only its key.

use super::year_of;
use crate::access::RegionManage;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::{done, render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use bytes::Bytes;
use kotacerdas_domain::format::rupiah;
use kotacerdas_domain::rkpd::{self, Field};
use kotacerdas_store::alignment::import::{self, Reading, Unreadable};
use kotacerdas_store::entity::region;
use kotacerdas_store::StoreError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The session key of a region's file between reading and saving: one per region, so a user who
/// manages several regions can have a file waiting in each.
fn pending_key(region_id: i64) -> String {
    format!("rkpd_import:{region_id}")
}

/// What waits between the upload and the apply.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Pending {
    region_id: i64,
    key: String,
    file_name: String,
    year: i32,
    label: String,
}

/// One field of the mapping form: its code, label, the columns as options (index, text,
/// selected) and whether it must be chosen.
pub struct FieldChoice {
    pub code: &'static str,
    pub label: String,
    pub options: Vec<(usize, String, bool)>,
    pub required: bool,
}

pub struct Preview {
    pub row: usize,
    pub code: String,
    pub name: String,
    pub opd: String,
    pub indicator: String,
    pub pagu: String,
}

#[derive(Template)]
#[template(path = "alignment_import.html")]
struct ImportPage {
    l: Layout,
    region: region::Model,
    year: i32,
    label: String,
    /// The file's name once uploaded.
    file_name: String,
    /// Column labels (index, text) and each field's chosen column.
    columns: Vec<(usize, String)>,
    fields: Vec<FieldChoice>,
    problems: Vec<(usize, String, String)>,
    /// "How the file was read" figures.
    items: usize,
    subtotals: usize,
    total: String,
    header_rows: String,
    sheet: String,
    preview: Vec<Preview>,
    unknown_opds: Vec<String>,
    /// Why the file could not be read at all (a message), if so.
    unreadable: String,
    has_profile: bool,
    can_apply: bool,
}

impl ImportPage {
    fn empty(ctx: &Ctx, r: region::Model, year: i32, has_profile: bool) -> ImportPage {
        ImportPage {
            l: Layout::new(ctx, "alignment-import-title", "regions")
                .region_crumbs(&r)
                .crumb(ctx.lang.t("alignment-title"), format!("/regions/{}/alignment?year={year}", r.code)),
            region: r,
            year,
            label: String::new(),
            file_name: String::new(),
            columns: Vec::new(),
            fields: Vec::new(),
            problems: Vec::new(),
            items: 0,
            subtotals: 0,
            total: String::new(),
            header_rows: String::new(),
            sheet: String::new(),
            preview: Vec::new(),
            unknown_opds: Vec::new(),
            unreadable: String::new(),
            has_profile,
            can_apply: false,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    year: Option<String>,
}

pub async fn form(
    State(state): State<AppState>,
    m: RegionManage,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    let RegionManage { ctx, region: r, .. } = m;
    let year = year_of(q.year.as_deref())?;
    let has_profile = import::profile(&state.read, r.id).await?.is_some();
    let mut page = ImportPage::empty(&ctx, r, year, has_profile);
    page.label = "RKPD".into();
    render_status(StatusCode::OK, &page)
}

fn unreadable_text(ctx: &Ctx, u: &Unreadable) -> String {
    match u {
        Unreadable::NoHeader => ctx.lang.t("err-rkpd-no-header"),
        Unreadable::Intake(e) => {
            let fe = kotacerdas_domain::validate::FieldError { field: "file".into(), code: e.code(), arg: e.arg() };
            crate::views::field_message(ctx.lang, &fe)
        }
    }
}

/// Fill the page with what the reading found.
async fn show(
    ctx: &Ctx,
    state: &AppState,
    r: region::Model,
    p: &Pending,
    reading: std::result::Result<Reading, Unreadable>,
) -> Result<Response, WebError> {
    let has_profile = import::profile(&state.read, r.id).await?.is_some();
    let region_id = r.id;
    let mut page = ImportPage::empty(ctx, r, p.year, has_profile);
    page.label = p.label.clone();
    page.file_name = p.file_name.clone();
    let reading = match reading {
        Ok(x) => x,
        Err(u) => {
            page.unreadable = unreadable_text(ctx, &u);
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    page.columns = reading.table.labels.iter().cloned().enumerate().collect();
    page.fields = Field::ALL
        .iter()
        .map(|f| {
            let chosen = reading.mapping.get(f).copied();
            let options = reading
                .table
                .labels
                .iter()
                .enumerate()
                .map(|(i, t)| (i, format!("{}. {t}", i + 1), chosen == Some(i)))
                .collect();
            FieldChoice {
                code: f.as_str(),
                label: f.label(ctx.lang.code()).to_string(),
                options,
                required: f.required(),
            }
        })
        .collect();
    page.problems = reading
        .parsed
        .problems
        .iter()
        .map(|x| {
            let fe =
                kotacerdas_domain::validate::FieldError { field: x.field.as_str().into(), code: x.code, arg: None };
            (x.row, x.field.label(ctx.lang.code()).to_string(), crate::views::field_message(ctx.lang, &fe))
        })
        .collect();
    page.items = reading.parsed.items.len();
    page.subtotals = reading.parsed.subtotals;
    page.total = rupiah(reading.parsed.items.iter().fold(0i64, |a, i| a.saturating_add(i.pagu)));
    page.header_rows = format!("{}–{}", reading.table.header.start() + 1, reading.table.header.end() + 1);
    page.sheet = reading.sheet.clone();
    page.preview = reading
        .parsed
        .items
        .iter()
        .take(8)
        .map(|i| Preview {
            row: i.row,
            code: i.code.clone(),
            name: i.name.clone(),
            opd: i.opd.clone(),
            indicator: [i.indicator.as_str(), i.target.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" · "),
            pagu: rupiah(i.pagu),
        })
        .collect();
    page.unknown_opds = import::unknown_opds(&state.read, region_id, &reading.parsed).await?;
    page.can_apply = reading.parsed.problems.is_empty() && !reading.parsed.items.is_empty();
    let status = if page.can_apply { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    render_status(status, &page)
}

async fn drop_pending(ctx: &Ctx, state: &AppState, region_id: i64) -> Result<(), WebError> {
    let old: Option<Pending> =
        ctx.session.remove(&pending_key(region_id)).await.map_err(|e| WebError::Internal(e.to_string()))?;
    if let Some(p) = old {
        state.storage.delete(&p.key).await?;
    }
    Ok(())
}

/// Upload (multipart; CSRF token in the query string): read, propose, show.
pub async fn upload(State(state): State<AppState>, m: RegionManage, mut mp: Multipart) -> Result<Response, WebError> {
    let RegionManage { ctx, region: r, .. } = m;
    let (mut data, mut file_name, mut year, mut label) = (Bytes::new(), String::new(), String::new(), String::new());
    while let Some(field) = mp.next_field().await.map_err(|_| WebError::BadRequest("error-bad-form"))? {
        match field.name() {
            Some("file") => {
                file_name =
                    field.file_name().unwrap_or_default().chars().filter(|c| !c.is_control()).take(200).collect();
                data = field.bytes().await.map_err(|_| WebError::BadRequest("error-too-large"))?;
            }
            Some("year") => year = field.text().await.map_err(|_| WebError::BadRequest("error-bad-form"))?,
            Some("label") => label = field.text().await.map_err(|_| WebError::BadRequest("error-bad-form"))?,
            _ => {}
        }
    }
    let year = year_of(Some(&year))?;
    let label: String = label.trim().chars().take(100).collect();
    let label = if label.is_empty() { "RKPD".to_string() } else { label };
    drop_pending(&ctx, &state, r.id).await?;
    if data.is_empty() {
        let mut page = ImportPage::empty(&ctx, r, year, false);
        page.unreadable = ctx.lang.t("err-rkpd-no-file");
        page.label = label;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let profile = import::profile(&state.read, r.id).await?;
    let reading = import::read(data.clone(), profile, None).await?;
    let key = state.storage.keep_pending(data).await?;
    let p = Pending { region_id: r.id, key, file_name, year, label };
    if reading.is_ok() {
        ctx.session.insert(&pending_key(r.id), p.clone()).await.map_err(|e| WebError::Internal(e.to_string()))?;
    } else {
        state.storage.delete(&p.key).await?;
    }
    show(&ctx, &state, r, &p, reading).await
}

/// The mapping form: `col_<field>` = column index or empty; `year`, `label`; `action` = check |
/// apply.
pub type MappingForm = BTreeMap<String, String>;

fn chosen(f: &MappingForm) -> Result<BTreeMap<Field, usize>, WebError> {
    let mut out = BTreeMap::new();
    for field in Field::ALL {
        let raw = f.get(&format!("col_{}", field.as_str())).map(|s| s.trim()).unwrap_or_default();
        if raw.is_empty() {
            continue;
        }
        let i: usize = raw.parse().map_err(|_| WebError::BadRequest("error-bad-form"))?;
        out.insert(*field, i);
    }
    Ok(out)
}

/// Check again with the columns chosen, or apply.
pub async fn apply(
    State(state): State<AppState>,
    m: RegionManage,
    Form(f): Form<MappingForm>,
) -> Result<Response, WebError> {
    let RegionManage { ctx, region: r, .. } = m;
    let pending: Option<Pending> =
        ctx.session.get(&pending_key(r.id)).await.map_err(|e| WebError::Internal(e.to_string()))?;
    let Some(mut p) = pending.filter(|p| p.region_id == r.id) else {
        return Err(WebError::BadRequest("error-import-expired"));
    };
    if let Some(label) = f.get("label").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        p.label = label.chars().take(100).collect();
    }
    if let Some(y) = f.get("year") {
        p.year = year_of(Some(y))?;
    }
    let data = match state.storage.read(&p.key).await {
        Ok(d) => d,
        Err(StoreError::NotFound) => return Err(WebError::BadRequest("error-import-expired")),
        Err(e) => return Err(e.into()),
    };
    // No columns sent (a client that only says "check"): the profile's or the proposal.
    let map = chosen(&f)?;
    let explicit = !map.is_empty();
    let profile = if explicit { None } else { import::profile(&state.read, r.id).await? };
    let reading = import::read(data, profile, explicit.then(|| map.clone())).await?;
    if let (true, Ok(rd)) = (explicit, &reading) {
        if let Err((field, code)) = rkpd::check_mapping(&rd.table, &map) {
            let mut e = kotacerdas_domain::validate::Errors::new();
            e.add(&format!("col_{}", field.as_str()), code, None);
            let mut rd = rd.clone();
            rd.parsed.problems.insert(0, rkpd::RowProblem { row: 0, field, code });
            rd.parsed.items.clear();
            ctx.session.insert(&pending_key(r.id), p.clone()).await.map_err(|e| WebError::Internal(e.to_string()))?;
            return show(&ctx, &state, r, &p, Ok(rd)).await;
        }
    }
    let apply_now = f.get("action").map(String::as_str) == Some("apply");
    match reading {
        Ok(rd) if apply_now && rd.parsed.problems.is_empty() => {
            let done_import = import::apply(&state.db, &ctx.actor()?, r.id, p.year, &p.label, &p.file_name, &rd).await;
            match done_import {
                Ok(_) => {
                    ctx.session
                        .remove::<Pending>(&pending_key(r.id))
                        .await
                        .map_err(|e| WebError::Internal(e.to_string()))?;
                    state.storage.delete(&p.key).await?;
                    done(&ctx, "flash-rkpd-imported", &format!("/regions/{}/alignment?year={}", r.code, p.year)).await
                }
                Err(StoreError::Invalid(e)) => Err(WebError::Invalid(e)),
                Err(e) => Err(e.into()),
            }
        }
        other => {
            ctx.session.insert(&pending_key(r.id), p.clone()).await.map_err(|e| WebError::Internal(e.to_string()))?;
            show(&ctx, &state, r, &p, other).await
        }
    }
}
