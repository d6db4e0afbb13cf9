//! The programme office's user pages: users, their roles, disabling, password resets.

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
use kotacerdas_domain::account::{AssignmentInput, UserInput};
use kotacerdas_domain::validate::{Errors, MIN_PASSWORD};
use kotacerdas_domain::Role;
use kotacerdas_store::accounts::users::{self, AssignmentRow, UserRow};
use kotacerdas_store::entity::{opd, region, user};
use kotacerdas_store::region::regions::{self, RegionFilter};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    l: Layout,
    rows: Vec<UserRow>,
}

pub async fn users_list(State(state): State<AppState>, Admin { ctx, .. }: Admin) -> Result<Response, WebError> {
    render(&UsersPage { l: Layout::new(&ctx, "users-title", "users"), rows: users::list(&state.db).await? })
}

#[derive(Template)]
#[template(path = "user_form.html")]
struct UserForm {
    l: Layout,
    form: UserInput,
    min_password: i64,
}

pub async fn user_new(Admin { ctx, .. }: Admin) -> Result<Response, WebError> {
    let l = Layout::new(&ctx, "user-new-title", "users").crumb(ctx.lang.t("users-title"), "/admin/users");
    render(&UserForm { l, form: UserInput::default(), min_password: MIN_PASSWORD as i64 })
}

pub async fn user_create(
    State(state): State<AppState>,
    Admin { ctx, .. }: Admin,
    Form(form): Form<UserInput>,
) -> Result<Response, WebError> {
    match invalid_or(users::create(&state.db, &ctx.actor()?, &form).await)? {
        Ok(u) => done(&ctx, "flash-user-created", &format!("/admin/users/{}", u.id)).await,
        Err(e) => {
            let l = Layout::new(&ctx, "user-new-title", "users")
                .crumb(ctx.lang.t("users-title"), "/admin/users")
                .with_errors(e);
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &UserForm { l, form: UserInput { password: String::new(), ..form }, min_password: MIN_PASSWORD as i64 },
            )
        }
    }
}

#[derive(Template)]
#[template(path = "user.html")]
struct UserPage {
    l: Layout,
    user: user::Model,
    assignments: Vec<AssignmentRow>,
    form: AssignmentInput,
    roles: Vec<(String, String)>,
    regions: Vec<(String, String)>,
    opds: Vec<(String, String)>,
}

/// A user's page with the role form; with `errors` (a refused post) it is a 422.
async fn user_page(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    form: AssignmentInput,
    errors: Errors,
) -> Result<Response, WebError> {
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let u = users::get(&state.db, id).await?;
    let l = Layout::new(ctx, "user-title", "users")
        .titled(u.display_name.clone())
        .crumb(ctx.lang.t("users-title"), "/admin/users")
        .with_errors(errors);
    let regions = regions::list(&state.db, None, &RegionFilter::default()).await?;
    let opds = opds_of(state, &regions.iter().map(|r| r.region.clone()).collect::<Vec<_>>()).await?;
    let page = UserPage {
        assignments: users::assignment_rows(&state.db, Some(id)).await?,
        roles: Role::ALL.iter().map(|r| (r.as_str().to_string(), l.role(r.as_str()))).collect(),
        regions: regions
            .iter()
            .map(|r| (r.region.code.clone(), format!("{} — {}", r.region.code, r.region.name)))
            .collect(),
        opds,
        l,
        user: u,
        form,
    };
    render_status(status, &page)
}

pub async fn user_show(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Admin { ctx, .. }: Admin,
) -> Result<Response, WebError> {
    user_page(&ctx, &state, id, AssignmentInput::default(), Errors::new()).await
}

pub async fn role_add(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Admin { ctx, .. }: Admin,
    Form(form): Form<AssignmentInput>,
) -> Result<Response, WebError> {
    match invalid_or(users::add_assignment(&state.db, &ctx.actor()?, id, &form).await)? {
        Ok(_) => done(&ctx, "flash-role-added", &format!("/admin/users/{id}")).await,
        Err(e) => user_page(&ctx, &state, id, form, e).await,
    }
}

pub async fn role_remove(
    State(state): State<AppState>,
    Path((id, aid)): Path<(i64, i64)>,
    Admin { ctx, .. }: Admin,
) -> Result<Response, WebError> {
    users::remove_assignment(&state.db, &ctx.actor()?, id, aid).await?;
    done(&ctx, "flash-role-removed", &format!("/admin/users/{id}")).await
}

#[derive(Deserialize)]
pub struct DisableForm {
    #[serde(default)]
    disabled: String,
}

pub async fn user_disable(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Admin { ctx, .. }: Admin,
    Form(f): Form<DisableForm>,
) -> Result<Response, WebError> {
    let disable = f.disabled == "true";
    if disable && ctx.user()?.user_id == id {
        return Err(WebError::BadRequest("err-self-disable"));
    }
    users::set_disabled(&state.db, &ctx.actor()?, id, disable).await?;
    done(&ctx, if disable { "flash-user-disabled" } else { "flash-user-enabled" }, &format!("/admin/users/{id}")).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
}

pub async fn user_password(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Admin { ctx, .. }: Admin,
    Form(f): Form<PasswordForm>,
) -> Result<Response, WebError> {
    // An administrator resetting their own password stays signed in here (with a new session id).
    let me = ctx.principal.as_ref().is_some_and(|p| p.user_id == id);
    let keep = if me { ctx.session.id().map(|i| i.to_string()) } else { None };
    match invalid_or(users::set_password(&state.db, &ctx.actor()?, id, &f.password, keep.as_deref()).await)? {
        Ok(_) => {
            if me {
                ctx.session.cycle_id().await.map_err(|e| WebError::Internal(e.to_string()))?;
            }
            done(&ctx, "flash-password", &format!("/admin/users/{id}")).await
        }
        Err(e) => user_page(&ctx, &state, id, AssignmentInput::default(), e).await,
    }
}

async fn opds_of(state: &AppState, regions: &[region::Model]) -> Result<Vec<(String, String)>, WebError> {
    let all: Vec<opd::Model> =
        kotacerdas_store::region::opds::list_many(&state.db, &regions.iter().map(|r| r.id).collect::<Vec<_>>()).await?;
    Ok(all
        .into_iter()
        .map(|o| {
            let code = regions.iter().find(|r| r.id == o.region_id).map(|r| r.code.as_str()).unwrap_or_default();
            (o.id.to_string(), format!("{code} · {} — {}", o.short_name, o.name))
        })
        .collect())
}
