//! The programme office's cohorts (the yearly intakes of regions).

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
use kotacerdas_domain::region::CohortInput;
use kotacerdas_domain::validate::Errors;
use kotacerdas_store::region::cohorts::{self, CohortRow};

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
}

fn cohort_page(ctx: &Ctx, title: &str, form: CohortInput, action: String, errors: Errors) -> CohortForm {
    let l = Layout::new(ctx, title, "cohorts").crumb(ctx.lang.t("cohorts-title"), "/admin/cohorts").with_errors(errors);
    CohortForm { l, form, action }
}

pub async fn cohort_new(Admin { ctx, .. }: Admin) -> Result<Response, WebError> {
    render(&cohort_page(&ctx, "cohort-new-title", CohortInput::default(), "/admin/cohorts/new".into(), Errors::new()))
}

pub async fn cohort_create(
    State(state): State<AppState>,
    Admin { ctx, .. }: Admin,
    Form(form): Form<CohortInput>,
) -> Result<Response, WebError> {
    match invalid_or(cohorts::create(&state.db, &ctx.actor()?, &form).await)? {
        Ok(_) => done(&ctx, "flash-saved", "/admin/cohorts").await,
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
    let c = cohorts::get(&state.db, id).await?;
    let form = CohortInput { year: c.year.to_string(), name: c.name, notes: c.notes.unwrap_or_default() };
    render(&cohort_page(&ctx, "cohort-edit-title", form, format!("/admin/cohorts/{id}/edit"), Errors::new()))
}

pub async fn cohort_update(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Admin { ctx, .. }: Admin,
    Form(form): Form<CohortInput>,
) -> Result<Response, WebError> {
    match invalid_or(cohorts::update(&state.db, &ctx.actor()?, id, &form).await)? {
        Ok(_) => done(&ctx, "flash-saved", "/admin/cohorts").await,
        Err(e) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &cohort_page(&ctx, "cohort-edit-title", form, format!("/admin/cohorts/{id}/edit"), e),
        ),
    }
}
