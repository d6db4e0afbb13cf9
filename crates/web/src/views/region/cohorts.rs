//! The programme office's cohorts (the intakes of regions, several a year, each on a track and
//! perhaps with a quota) and each cohort's selection of candidate regions.

use crate::access::Admin;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::form::invalid_or;
use crate::views::{done, render, render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::cohort::{CandidateInput, CohortInput, Decision, Track};
use kotacerdas_domain::validate::Errors;
use kotacerdas_store::entity::region;
use kotacerdas_store::region::candidates::{self, CandidateRow};
use kotacerdas_store::region::cohorts::{self, CohortRow};
use kotacerdas_store::region::regions;

#[derive(Template)]
#[template(path = "cohorts.html")]
struct CohortsPage {
    l: Layout,
    rows: Vec<CohortRow>,
}

pub async fn cohorts(State(state): State<AppState>, Admin { ctx, .. }: Admin) -> Result<Response, WebError> {
    render(&CohortsPage { l: Layout::new(&ctx, "cohorts-title", "cohorts"), rows: cohorts::list(&state.db).await? })
}

#[derive(Template)]
#[template(path = "cohort_form.html")]
struct CohortForm {
    l: Layout,
    form: CohortInput,
    action: String,
    tracks: Vec<(String, String)>,
}

fn cohort_page(ctx: &Ctx, title: &str, form: CohortInput, action: String, errors: Errors) -> CohortForm {
    let l = Layout::new(ctx, title, "cohorts").crumb(ctx.lang.t("cohorts-title"), "/admin/cohorts").with_errors(errors);
    let lang = ctx.lang.code();
    let tracks = Track::ALL.iter().map(|t| (t.as_str().to_string(), t.label(lang).to_string())).collect();
    CohortForm { l, form, action, tracks }
}

pub async fn cohort_new(Admin { ctx, .. }: Admin) -> Result<Response, WebError> {
    let form = CohortInput { track: Track::Regular.as_str().into(), ..Default::default() };
    render(&cohort_page(&ctx, "cohort-new-title", form, "/admin/cohorts/new".into(), Errors::new()))
}

pub async fn cohort_create(
    State(state): State<AppState>,
    Admin { ctx, .. }: Admin,
    Form(form): Form<CohortInput>,
) -> Result<Response, WebError> {
    match invalid_or(cohorts::create(&state.db, &ctx.actor()?, &form).await)? {
        Ok(c) => done(&ctx, "flash-saved", &format!("/admin/cohorts/{}", c.id)).await,
        Err(e) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &cohort_page(&ctx, "cohort-new-title", form, "/admin/cohorts/new".into(), e),
        ),
    }
}

pub async fn cohort_edit(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Admin { ctx, .. }: Admin,
) -> Result<Response, WebError> {
    let form = CohortInput::from(&cohorts::get(&state.db, id).await?);
    render(&cohort_page(&ctx, "cohort-edit-title", form, format!("/admin/cohorts/{id}/edit"), Errors::new()))
}

pub async fn cohort_update(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Admin { ctx, .. }: Admin,
    Form(form): Form<CohortInput>,
) -> Result<Response, WebError> {
    match invalid_or(cohorts::update(&state.db, &ctx.actor()?, id, &form).await)? {
        Ok(_) => done(&ctx, "flash-saved", &format!("/admin/cohorts/{id}")).await,
        Err(e) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &cohort_page(&ctx, "cohort-edit-title", form, format!("/admin/cohorts/{id}/edit"), e),
        ),
    }
}

/// One cohort: its members against its quota, and its selection round.
#[derive(Template)]
#[template(path = "cohort.html")]
struct CohortPage {
    l: Layout,
    row: CohortRow,
    /// The cohort's track in words.
    track: String,
    members: Vec<region::Model>,
    candidates: Vec<CandidateRow>,
    form: CandidateInput,
    regions: Vec<(String, String)>,
    decisions: Vec<(String, String)>,
}

async fn cohort_page_for(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    form: CandidateInput,
    errors: Errors,
) -> Result<CohortPage, WebError> {
    let row = cohorts::list(&state.db).await?.into_iter().find(|r| r.cohort.id == id).ok_or(WebError::NotFound)?;
    let all = regions::list_all(&state.db).await?;
    let members = all.iter().filter(|r| r.cohort_id == Some(id)).cloned().collect();
    let lang = ctx.lang.code();
    let l = Layout::new(ctx, "cohort-title", "cohorts")
        .crumb(ctx.lang.t("cohorts-title"), "/admin/cohorts")
        .with_errors(errors)
        .titled(row.cohort.name.clone());
    Ok(CohortPage {
        l,
        members,
        candidates: candidates::list(&state.db, id).await?,
        form,
        regions: all.into_iter().map(|r| (r.id.to_string(), format!("{} {}", r.code, r.name))).collect(),
        decisions: Decision::ALL.iter().map(|d| (d.as_str().to_string(), d.label(lang).to_string())).collect(),
        track: Track::parse(&row.cohort.track).map(|t| t.label(lang)).unwrap_or_default().to_string(),
        row,
    })
}

pub async fn cohort(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Admin { ctx, .. }: Admin,
) -> Result<Response, WebError> {
    let form = CandidateInput { decision: Decision::Pending.as_str().into(), ..Default::default() };
    render(&cohort_page_for(&ctx, &state, id, form, Errors::new()).await?)
}

/// Record a candidate's screening or decision (one candidacy per region and cohort).
pub async fn candidate_save(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Admin { ctx, .. }: Admin,
    Form(form): Form<CandidateInput>,
) -> Result<Response, WebError> {
    match invalid_or(candidates::save(&state.db, &ctx.actor()?, id, &form).await)? {
        Ok(_) => done(&ctx, "flash-saved", &format!("/admin/cohorts/{id}")).await,
        Err(e) => render_status(StatusCode::UNPROCESSABLE_ENTITY, &cohort_page_for(&ctx, &state, id, form, e).await?),
    }
}
