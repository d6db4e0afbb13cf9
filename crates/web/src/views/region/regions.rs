//! The national overview, a region's workspace, the region form and the MoU.

use crate::access::{self, Admin, RegionAdminister, RegionManage, RegionView};
use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::views::region::pick::{prefill, PickQuery, Picker};
use crate::views::{done, render, render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use kotacerdas_domain::access::Right;
use kotacerdas_domain::region::{Body, RegionKind};
use kotacerdas_domain::region::{MouInput, RegionInput};
use kotacerdas_domain::stage::{overall_progress, StageStatus};
use kotacerdas_domain::versions::VersionStatus;
use kotacerdas_store::entity::{member, mou as mou_entity, opd, region, stage, stored_file};
use kotacerdas_store::region::regions::{self, RegionFilter, RegionSummary};
use kotacerdas_store::{files, region::cohorts, region::members, region::mou, region::opds, region::stages};

/// Options for the cohort select: (id, "2024 — Angkatan 2024").
pub async fn cohort_options(state: &AppState) -> Result<Vec<(String, String)>, WebError> {
    Ok(cohorts::list(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.cohort.id.to_string(), format!("{} — {}", c.cohort.year, c.cohort.name)))
        .collect())
}

pub fn kind_options(l: &Layout) -> Vec<(String, String)> {
    RegionKind::ALL.iter().map(|k| (k.as_str().to_string(), k.label(l.lang.code()).to_string())).collect()
}

#[derive(Template)]
#[template(path = "regions.html")]
struct RegionsPage {
    l: Layout,
    rows: Vec<RegionSummary>,
    filter: RegionFilter,
    cohorts: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    cohort_cards: Vec<(i32, String, usize, u32)>,
    /// The programme and the ministry running it (configurable by the programme office).
    programme: kotacerdas_store::entity::national_settings::Model,
}

pub async fn overview(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(filter): Query<RegionFilter>,
) -> Result<Response, WebError> {
    let p = ctx.user()?;
    let visible = p.visible_regions();
    let rows = regions::list(&state.db, visible.as_deref(), &filter).await?;
    let all = regions::list(&state.db, visible.as_deref(), &RegionFilter::default()).await?;
    let mut cohort_cards = Vec::new();
    for c in cohorts::list(&state.db).await? {
        let members: Vec<&RegionSummary> = all.iter().filter(|r| r.region.cohort_id == Some(c.cohort.id)).collect();
        if members.is_empty() {
            continue;
        }
        let avg = members.iter().map(|r| r.progress).sum::<u32>() / members.len() as u32;
        cohort_cards.push((c.cohort.year, c.cohort.name, members.len(), avg));
    }
    let l = Layout::new(&ctx, "regions-title", "regions");
    let kinds = kind_options(&l);
    let programme = kotacerdas_store::national::settings::get(&state.db).await?;
    let page = RegionsPage { cohorts: cohort_options(&state).await?, kinds, l, rows, filter, cohort_cards, programme };
    render(&page)
}

#[derive(Template)]
#[template(path = "region.html")]
struct RegionPage {
    l: Layout,
    region: region::Model,
    cohort: Option<String>,
    stages: Vec<stage::Model>,
    current: usize,
    mou: Option<mou_entity::Model>,
    mou_file: Option<stored_file::Model>,
    /// The council's and team's SK decrees with their documents.
    decrees: Vec<super::decrees::DecreeRow>,
    opds: Vec<opd::Model>,
    dewan: Vec<member::Model>,
    tim: Vec<member::Model>,
    can_manage: bool,
    can_audit: bool,
    can_contribute: bool,
    is_admin: bool,
    /// Stage 1 readiness: (overall index formatted, items scored).
    readiness: (String, usize),
    /// 0..=100 from the stages' real states (stage 4 follows the book).
    progress: u32,
    /// The newest book version: (number, status label).
    book: Option<(i32, String)>,
}

pub async fn workspace(
    State(state): State<AppState>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let stages = stages::list(&state.db, r.id).await?;
    let statuses: Vec<StageStatus> =
        stages.iter().map(|s| StageStatus::parse(&s.status).unwrap_or(StageStatus::NotStarted)).collect();
    let mou = mou::get(&state.db, r.id).await?;
    let mou_file = match mou.as_ref().and_then(|m| m.file_id) {
        Some(id) => Some(files::get(&state.db, id).await?),
        None => None,
    };
    let cohort = match r.cohort_id {
        Some(id) => cohorts::get(&state.db, id).await.ok().map(|c| c.name),
        None => None,
    };
    let all = members::list(&state.db, r.id).await?;
    let (dewan, tim): (Vec<_>, Vec<_>) = all.into_iter().partition(|m| m.body == Body::Dewan.as_str());
    let ix = kotacerdas_store::analysis::readiness::indices(
        &kotacerdas_store::analysis::readiness::list(&state.db, r.id).await?,
    );
    let readiness = (
        ix.overall
            .map(|v| kotacerdas_charts::decimal(v, ctx.lang == crate::i18n::Lang::Id))
            .unwrap_or_else(|| "–".into()),
        ix.scored,
    );
    let book = kotacerdas_store::book::list(&state.db, r.id).await?.into_iter().next().map(|v| {
        let status = VersionStatus::parse(&v.status).map(|s| s.label(ctx.lang.code())).unwrap_or_default();
        (v.number, status.to_string())
    });
    let page = RegionPage {
        progress: overall_progress(&statuses),
        book,
        readiness,
        l: Layout::new(&ctx, "region-title", "regions").titled(r.name.clone()).region_crumbs(&r),
        can_manage: p.can_manage_region(r.id),
        can_audit: p.can_view_audit(r.id),
        can_contribute: p.can_contribute(r.id),
        is_admin: p.is_programme_admin(),
        current: regions::current_stage(&statuses),
        opds: opds::list(&state.db, r.id).await?,
        decrees: super::decrees::rows(&state.db, r.id).await?,
        region: r,
        cohort,
        stages,
        mou,
        mou_file,
        dewan,
        tim,
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "region_form.html")]
struct RegionForm {
    l: Layout,
    form: RegionInput,
    action: String,
    pick: Picker,
    cohorts: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    zones: Vec<(String, String)>,
}

/// The region form in its frame `l` (with the errors of a refused post: then a 422), with the
/// search of the official list above it.
async fn region_form(
    state: &AppState,
    l: Layout,
    form: RegionInput,
    action: String,
    pick: Picker,
) -> Result<Response, WebError> {
    let status = if l.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let kinds = kind_options(&l);
    let zones = kotacerdas_domain::region::TimeZone::ALL
        .iter()
        .map(|z| (z.as_str().to_string(), z.label(l.lang.code()).to_string()))
        .collect();
    render_status(status, &RegionForm { cohorts: cohort_options(state).await?, kinds, zones, l, form, action, pick })
}

pub async fn new_form(
    State(state): State<AppState>,
    Admin { ctx, .. }: Admin,
    Query(q): Query<PickQuery>,
) -> Result<Response, WebError> {
    let l = Layout::new(&ctx, "region-new-title", "regions").crumb(ctx.lang.t("nav-regions"), "/regions");
    let form = prefill(RegionInput::default(), &q.kode);
    let action = "/admin/regions/new".to_string();
    region_form(&state, l, form, action.clone(), Picker::new(&action, &q)).await
}

pub async fn create(
    State(state): State<AppState>,
    Admin { ctx, .. }: Admin,
    Form(form): Form<RegionInput>,
) -> Result<Response, WebError> {
    match regions::create(&state.db, &ctx.actor()?, &form).await {
        Ok(r) => done(&ctx, "flash-region-created", &format!("/regions/{}", r.code)).await,
        Err(kotacerdas_store::StoreError::Invalid(e)) => {
            let l = Layout::new(&ctx, "region-new-title", "regions")
                .crumb(ctx.lang.t("nav-regions"), "/regions")
                .with_errors(e);
            let pick = Picker::new("/admin/regions/new", &PickQuery::default());
            region_form(&state, l, form, "/admin/regions/new".into(), pick).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    RegionAdminister { ctx, region: r, .. }: RegionAdminister,
    Query(q): Query<PickQuery>,
) -> Result<Response, WebError> {
    let l = Layout::new(&ctx, "region-edit-title", "regions").region_crumbs(&r);
    let action = format!("/regions/{}/edit", r.code);
    let pick = Picker::new(&action, &q);
    region_form(&state, l, prefill(RegionInput::from(&r), &q.kode), action, pick).await
}

pub async fn update(
    State(state): State<AppState>,
    RegionAdminister { ctx, region: r, .. }: RegionAdminister,
    Form(form): Form<RegionInput>,
) -> Result<Response, WebError> {
    match regions::update(&state.db, &ctx.actor()?, r.id, &form).await {
        Ok(r) => done(&ctx, "flash-saved", &format!("/regions/{}", r.code)).await,
        Err(kotacerdas_store::StoreError::Invalid(e)) => {
            let l = Layout::new(&ctx, "region-edit-title", "regions").region_crumbs(&r).with_errors(e);
            let action = format!("/regions/{}/edit", r.code);
            let pick = Picker::new(&action, &PickQuery::default());
            region_form(&state, l, form, action, pick).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "mou_form.html")]
struct MouForm {
    l: Layout,
    region: region::Model,
    form: MouInput,
    file: Option<stored_file::Model>,
}

async fn mou_file(state: &AppState, m: Option<&mou_entity::Model>) -> Result<Option<stored_file::Model>, WebError> {
    Ok(match m.and_then(|m| m.file_id) {
        Some(id) => Some(files::get(&state.db, id).await?),
        None => None,
    })
}

/// The MoU form with the signed document already kept, if any.
async fn mou_page(f: FormPage<'_, MouInput>) -> Result<Response, WebError> {
    let m = mou::get(&f.state.db, f.region.id).await?;
    let file = mou_file(f.state, m.as_ref()).await?;
    let l = f.layout("mou-title");
    f.show(|region, form| MouForm { l, region, form, file })
}

pub async fn mou_form(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    let form = mou::get(&state.db, r.id).await?.as_ref().map(MouInput::from).unwrap_or_default();
    mou_page(FormPage::new(&ctx, &state, r, form)).await
}

/// The MoU form is multipart (it carries the signed document), so its CSRF token travels in
/// the query string (checked by the CSRF guard before this runs).
pub async fn mou_save(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    let (mut fields, upload) = crate::views::form::multipart_fields(&mut mp, &["number", "signed_on", "notes"]).await?;
    let mut take = |k: &str| fields.remove(k).unwrap_or_default();
    let form = MouInput { number: take("number"), signed_on: take("signed_on"), notes: take("notes") };
    let actor = ctx.actor()?;
    let mut file_id = None;
    let result = async {
        if let Some((fname, data)) = upload {
            // Validate the text fields first so a bad form does not leave an orphan upload.
            let mut e = kotacerdas_domain::validate::Errors::new();
            e.text("number", &form.number, 200);
            e.date("signed_on", &form.signed_on);
            e.into_result()?;
            file_id = Some(state.storage.upload(&state.db, &actor, Some(r.id), &fname, data).await?.id);
        }
        mou::save(&state.db, &actor, r.id, &form, file_id).await
    }
    .await;
    let f = FormPage::new(&ctx, &state, r, form);
    let back = format!("/regions/{}", f.region.code);
    f.outcome(result, "flash-saved", |_| back, mou_page).await
}

/// Download an uploaded file, if the user may see the region it belongs to.
pub async fn download(ctx: Ctx, State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let p = ctx.user()?;
    let f = files::get(&state.db, id).await?;
    if let Some(rid) = f.region_id {
        access::answer(p.access(rid, Right::View))?;
    }
    let data = state.storage.read(&f.key).await?;
    let safe: String = f
        .original_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type.clone()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{safe}\"")),
        ],
        data,
    )
        .into_response())
}
