//! Frozen versions of the book: freezing (generated in the background, progress shown), the
//! workflow draft → submitted → reviewed → approved → enacted, and comparing two versions.

use crate::access::{RegionManage, RegionView};
use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::views::{render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use kotacerdas_domain::format::{money, number};
use kotacerdas_domain::validate::Errors;
use kotacerdas_domain::versions::{self, Diff, Line, RegulationType, VersionAction, VersionStatus};
use kotacerdas_store::entity::{book_version, book_version_event, region};
use kotacerdas_store::region::stages;
use kotacerdas_store::{book, StoreError};
use std::collections::HashMap;

pub async fn freeze(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(fields): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let label = fields.get("version_label").cloned().unwrap_or_default();
    let actor = ctx.actor()?;
    let result = book::freeze(&state.db, &actor, &r, &label).await;
    if let Ok(v) = &result {
        // Typesetting runs in the background; the version page shows how far it is.
        tokio::spawn(kotacerdas_documents::publish::build_version(
            state.db.clone(),
            state.storage.clone(),
            actor,
            r.clone(),
            v.id,
        ));
    }
    let f = FormPage::new(&ctx, &state, r, label);
    let back = f.url("book/versions");
    f.outcome(result, "flash-version-frozen", |v| format!("{back}/{}", v.number), crate::views::book::page::render_page)
        .await
}

pub struct EventRow {
    pub e: book_version_event::Model,
    pub action: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "book_version.html")]
struct VersionPage {
    l: Layout,
    region: region::Model,
    v: book_version::Model,
    status: String,
    percent: u32,
    building: bool,
    events: Vec<EventRow>,
    actions: Vec<(&'static str, String)>,
    can_enact: bool,
    /// Why the submit button is missing ("" when it is not).
    submit_blocked: String,
    regulation: String,
    reg_types: Vec<(String, String)>,
    form: HashMap<String, String>,
    others: Vec<i32>,
}

/// Version `number`'s page with its workflow and enactment forms (the form's value: as typed).
async fn render_version(f: FormPage<'_, HashMap<String, String>>, number: i32) -> Result<Response, WebError> {
    let (ctx, state, r) = (f.ctx, f.state, &f.region);
    let p = ctx.user()?;
    let lang = ctx.lang.code();
    let v = book::get(&state.db, r.id, number).await?;
    let status = VersionStatus::parse(&v.status).unwrap_or(VersionStatus::Draft);
    let events = book::events(&state.db, v.id)
        .await?
        .into_iter()
        .map(|e| EventRow {
            action: VersionAction::parse(&e.action)
                .map(|a| a.label(lang).to_string())
                .unwrap_or_else(|| ctx.lang.t("version-frozen")),
            at: r.zone().datetime(e.at, lang),
            e,
        })
        .collect();
    let done_building = v.build_state == "done";
    let stages = stages::statuses(&state.db, r.id).await?;
    // Only the steps this user may take now (the server checks again on submit).
    let allowed: Vec<VersionAction> = VersionAction::ALL
        .iter()
        .copied()
        .filter(|a| *a != VersionAction::Enact && *a != VersionAction::Comment)
        .filter(|a| done_building && versions::transition(p, r.id, status, *a, "x").is_ok())
        .collect();
    // Say why submitting is not offered, to those who could otherwise submit.
    let submit_blocked = if allowed.contains(&VersionAction::Submit) {
        blocked_text(ctx, &versions::stages_missing(&stages))
    } else {
        String::new()
    };
    let actions = allowed
        .iter()
        .filter(|a| versions::check_stages(**a, &stages).is_ok())
        .map(|a| (a.as_str(), a.label(lang).to_string()))
        .collect();
    let can_enact = done_building && versions::transition(p, r.id, status, VersionAction::Enact, "").is_ok();
    let regulation = regulation_citation(r, &v, lang);
    let reg_types = RegulationType::ALL.iter().map(|t| (t.as_str().to_string(), t.title(r.kind(), lang))).collect();
    let others = book::list(&state.db, r.id).await?.into_iter().map(|x| x.number).filter(|n| *n != number).collect();
    let l = f
        .layout("version-title")
        .titled(format!("{} {} · {}", ctx.lang.t("version-title"), v.number, v.label))
        .crumb(ctx.lang.t("book-title"), f.url("book"));
    f.show(|region, form| VersionPage {
        l,
        status: status.label(lang).to_string(),
        percent: kotacerdas_documents::publish::percent(&v.build_state),
        building: !matches!(v.build_state.as_str(), "done" | "failed"),
        events,
        actions,
        can_enact,
        submit_blocked,
        regulation,
        reg_types,
        form,
        others,
        v,
        region,
    })
}

/// The regulation that enacted version `v`, cited in the page's language with its date ("Peraturan
/// Bupati Nomor 3 Tahun 2018 tanggal 20 Desember 2018"); empty before enactment.
pub fn regulation_citation(r: &region::Model, v: &book_version::Model, lang: &str) -> String {
    match (v.regulation_type.as_deref().and_then(RegulationType::parse), &v.regulation_number, v.regulation_date) {
        (Some(t), Some(n), Some(d)) => t.citation(r.kind(), n, d, lang, true),
        _ => String::new(),
    }
}

/// A workflow step's answer: back to the version, or its page again with the errors.
async fn stepped<T>(
    f: FormPage<'_, HashMap<String, String>>,
    number: i32,
    flash: &str,
    result: Result<T, StoreError>,
) -> Result<Response, WebError> {
    let back = f.url(&format!("book/versions/{number}"));
    f.outcome(result, flash, |_| back, |f| render_version(f, number)).await
}

pub async fn show(
    State(state): State<AppState>,
    Path((_, number)): Path<(String, i32)>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    render_version(FormPage::new(&ctx, &state, r, HashMap::new()), number).await
}

/// A workflow step with its comment: submit, review, return, approve, or a plain comment.
pub async fn act(
    State(state): State<AppState>,
    Path((_, number)): Path<(String, i32)>,
    RegionView { ctx, region: r, .. }: RegionView,
    Form(fields): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let action = fields
        .get("action")
        .and_then(|a| VersionAction::parse(a))
        .filter(|a| *a != VersionAction::Enact)
        .ok_or(WebError::BadRequest("error-bad-form"))?;
    let comment = fields.get("comment").cloned().unwrap_or_default();
    let result =
        book::act(&state.db, &ctx.actor()?, ctx.user()?, r.id, number, book::Step::new(action, &comment)).await;
    stepped(FormPage::new(&ctx, &state, r, fields), number, "flash-saved", result).await
}

/// Enactment: regulation type, number and date with the signed scan (multipart).
pub async fn enact(
    State(state): State<AppState>,
    Path((_, number)): Path<(String, i32)>,
    RegionManage { ctx, user: p, region: r, .. }: RegionManage,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    // Enacting is the region managers' step ([`versions::may`]), so the extractor says it.
    let mut form: HashMap<String, String> = HashMap::new();
    let mut scan: Option<(String, bytes::Bytes)> = None;
    while let Some(field) = mp.next_field().await.map_err(|_| WebError::BadRequest("error-bad-form"))? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "scan" {
            let fname = field.file_name().unwrap_or_default().to_string();
            let data = field.bytes().await.map_err(|_| WebError::BadRequest("error-too-large"))?;
            if !data.is_empty() {
                scan = Some((fname, data));
            }
        } else if ["regulation_type", "regulation_number", "regulation_date"].contains(&name.as_str()) {
            let v = field.text().await.map_err(|_| WebError::BadRequest("error-bad-form"))?;
            form.insert(name, v);
        }
    }
    let actor = ctx.actor()?;
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let mut x = kotacerdas_domain::versions::Enactment {
        regulation_type: get("regulation_type"),
        number: get("regulation_number"),
        date: get("regulation_date"),
        scan_file_id: None,
    };
    // Check the fields before storing the scan so a bad form leaves no orphan file.
    let mut e = Errors::new();
    e.choice("regulation_type", &x.regulation_type, RegulationType::parse);
    e.text("regulation_number", &x.number, 100);
    e.date("regulation_date", &x.date);
    if scan.is_none() {
        e.add("scan", "err-required", None);
    }
    let result = match (e.is_empty(), scan) {
        (true, Some((fname, data))) => match state.storage.upload(&state.db, &actor, Some(r.id), &fname, data).await {
            Ok(f) => {
                x.scan_file_id = Some(f.id);
                let step = book::Step { action: VersionAction::Enact, comment: "", enactment: Some(&x) };
                let enacted = book::act(&state.db, &actor, &p, r.id, number, step).await;
                if let Ok(v) = &enacted {
                    // The enacted files carry the regulation: typeset again in the background.
                    tokio::spawn(kotacerdas_documents::publish::enact_version(
                        state.db.clone(),
                        state.storage.clone(),
                        actor.clone(),
                        r.clone(),
                        v.id,
                    ));
                }
                enacted
            }
            Err(err) => Err(err),
        },
        _ => Err(StoreError::Invalid(e)),
    };
    stepped(FormPage::new(&ctx, &state, r, form), number, "flash-version-enacted", result).await
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct Pair {
    #[serde(default)]
    a: String,
    #[serde(default)]
    b: String,
}

impl Pair {
    fn numbers(&self) -> Result<(i32, i32), WebError> {
        match (self.a.trim().parse::<i32>(), self.b.trim().parse::<i32>()) {
            (Ok(a), Ok(b)) => Ok((a, b)),
            _ => Err(WebError::BadRequest("error-version-pair")),
        }
    }
}

/// A changed programme with its changed fields as (label, before, after), formatted.
pub struct ChangeRow {
    pub name: String,
    pub dimension: String,
    pub fields: Vec<(String, String, String)>,
}

/// A row of a delta matrix: dimension, cells per year, row total.
pub struct DeltaRow {
    pub dim: String,
    pub cells: Vec<String>,
    pub total: String,
}

#[derive(Template)]
#[template(path = "book_compare.html")]
struct ComparePage {
    l: Layout,
    region: region::Model,
    a: book_version::Model,
    b: book_version::Model,
    d: Diff,
    changed: Vec<ChangeRow>,
    years: Vec<i32>,
    budget: Vec<DeltaRow>,
    targets: Vec<DeltaRow>,
    budget_total: String,
    texts: Vec<(String, Vec<(&'static str, String)>)>,
}

fn signed(v: i64, lang: &str) -> String {
    match v {
        0 => "–".into(),
        v if v > 0 => format!("+{}", money(v, lang)),
        v => format!("−{}", money(v.saturating_neg(), lang)),
    }
}

pub async fn compare(
    State(state): State<AppState>,
    Query(q): Query<Pair>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let (a, b) = q.numbers()?;
    let lang = ctx.lang.code();
    let (a, b, d) = book::compare(&state.db, r.id, a, b).await?;
    let years = d.years();
    let changed = d
        .changed
        .iter()
        .map(|c| ChangeRow {
            name: c.name.clone(),
            dimension: c.dimension.clone(),
            fields: c
                .fields
                .iter()
                .map(|f| {
                    let money = |v: &str| v.parse::<i64>().map(|n| money(n, lang)).unwrap_or_else(|_| v.to_string());
                    let (before, after) = if f.field == "budget" {
                        (money(&f.before), money(&f.after))
                    } else {
                        (f.before.clone(), f.after.clone())
                    };
                    (ctx.lang.t(&format!("diff-field-{}", f.field)), before, after)
                })
                .collect(),
        })
        .collect();
    let budget = d
        .budget
        .iter()
        .map(|(dim, m)| DeltaRow {
            dim: dim.clone(),
            cells: years.iter().map(|y| signed(m.get(y).copied().unwrap_or(0), lang)).collect(),
            total: signed(m.values().fold(0i64, |s, v| s.saturating_add(*v)), lang),
        })
        .collect();
    let targets = d
        .target_counts
        .iter()
        .map(|(dim, m)| DeltaRow {
            dim: dim.clone(),
            cells: years
                .iter()
                .map(|y| m.get(y).map(|n| number(*n as i64, lang)).unwrap_or_else(|| "–".into()))
                .collect(),
            total: number(m.values().map(|n| *n as i64).sum(), lang),
        })
        .collect();
    let texts = d
        .texts
        .iter()
        .map(|t| {
            let lines = t
                .lines
                .iter()
                .map(|l| match l {
                    Line::Same(s) => ("same", s.clone()),
                    Line::Removed(s) => ("removed", s.clone()),
                    Line::Added(s) => ("added", s.clone()),
                })
                .collect();
            (section_title(&t.key, ctx.lang.code()), lines)
        })
        .collect();
    let page = ComparePage {
        l: Layout::new(&ctx, "compare-title", "regions")
            .region_crumbs(&r)
            .crumb(ctx.lang.t("book-title"), format!("/regions/{}/book", r.code)),
        budget_total: signed(d.budget_total, lang),
        changed,
        years,
        budget,
        targets,
        texts,
        a,
        b,
        d,
        region: r,
    };
    render_status(StatusCode::OK, &page)
}

/// "background:en" → "Latar Belakang (EN)".
pub fn section_title(key: &str, lang: &str) -> String {
    let (section, edition) = key.split_once(':').unwrap_or((key, ""));
    let name = kotacerdas_domain::narrative::Section::parse(section).map(|s| s.label(lang)).unwrap_or(section);
    format!("{name} ({})", edition.to_uppercase())
}

/// The same comparison as a workbook to pass around.
pub async fn compare_xlsx(
    State(state): State<AppState>,
    Query(q): Query<Pair>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let (a, b) = q.numbers()?;
    let (va, vb, d) = book::compare(&state.db, r.id, a, b).await?;
    let bytes = kotacerdas_store::book::diff_xlsx::write(&va, &vb, &d, ctx.lang.code())?;
    let disposition = format!("attachment; filename=\"perbandingan-{}-v{a}-v{b}.xlsx\"", r.code);
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// "Submitting waits for stages 2, 3 to be approved", or "" when none is missing.
fn blocked_text(ctx: &Ctx, missing: &[i32]) -> String {
    if missing.is_empty() {
        return String::new();
    }
    let list = missing.iter().map(i32::to_string).collect::<Vec<_>>().join(", ");
    ctx.lang.tv("version-submit-blocked", &list)
}

/// For the book page: why no version can be submitted yet, shown to those who manage the region.
pub(crate) async fn submit_blocked(ctx: &Ctx, state: &AppState, region_id: i64) -> Result<String, WebError> {
    if !ctx.user()?.can_manage_region(region_id) {
        return Ok(String::new());
    }
    Ok(blocked_text(ctx, &versions::stages_missing(&stages::statuses(&state.db, region_id).await?)))
}
