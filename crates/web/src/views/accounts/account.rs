//! Signing in and out, and the language switch.

use crate::auth::{new_token, Ctx, CSRF, LANG, UID};
use crate::error::WebError;
use crate::views::{render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kotacerdas_store::accounts::users::{self, Login};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    l: Layout,
    username: String,
    next: String,
    message: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Only local paths: never redirect a user to another site after login (the rule is
/// [`kotacerdas_domain::redirect::local_path`]).
pub fn safe_next(next: &str) -> String {
    kotacerdas_domain::redirect::local_or(next, "/")
}

pub async fn login_form(ctx: Ctx, Query(q): Query<NextQuery>) -> Result<Response, WebError> {
    if ctx.principal.is_some() {
        return Ok(Redirect::to(&safe_next(&q.next)).into_response());
    }
    ctx.offer_form_token();
    let page = LoginPage {
        l: Layout::new(&ctx, "login-title", "login"),
        username: String::new(),
        // Kept only when it is a local path: the form posts it back.
        next: kotacerdas_domain::redirect::local_path(&q.next).unwrap_or_default(),
        message: None,
    };
    render_status(StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

fn internal(e: impl std::fmt::Display) -> WebError {
    WebError::Internal(e.to_string())
}

pub async fn login(ctx: Ctx, State(state): State<AppState>, Form(f): Form<LoginForm>) -> Result<Response, WebError> {
    let again = |status: StatusCode, key: &str, n: Option<i64>| {
        let message = Some(match n {
            Some(n) => ctx.lang.tn(key, n),
            None => ctx.lang.t(key),
        });
        let page = LoginPage {
            l: Layout::new(&ctx, "login-title", "login"),
            username: f.username.clone(),
            next: f.next.clone(),
            message,
        };
        render_status(status, &page)
    };
    if f.username.trim().is_empty() || f.password.is_empty() {
        return again(StatusCode::UNPROCESSABLE_ENTITY, "login-missing", None);
    }
    if f.username.len() > 200 || f.password.len() > 1000 {
        return again(StatusCode::UNAUTHORIZED, "login-invalid", None);
    }
    match users::authenticate(&state.db, &f.username, &f.password, &ctx.ip).await? {
        Login::Ok(user) => {
            // A new session id at login, so a planted id cannot be ridden (session fixation).
            ctx.session.cycle_id().await.map_err(internal)?;
            ctx.session.insert(UID, user.id).await.map_err(internal)?;
            ctx.session.insert(LANG, &user.locale).await.map_err(internal)?;
            ctx.session.insert(CSRF, new_token()).await.map_err(internal)?;
            Ok(Redirect::to(&safe_next(&f.next)).into_response())
        }
        Login::Invalid => again(StatusCode::UNAUTHORIZED, "login-invalid", None),
        Login::Throttled(secs) => {
            let mut resp = again(StatusCode::TOO_MANY_REQUESTS, "error-too-many", Some((secs + 59) / 60))?;
            if let Ok(v) = secs.to_string().parse() {
                resp.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
            }
            Ok(resp)
        }
    }
}

pub async fn logout(ctx: Ctx) -> Result<Response, WebError> {
    ctx.session.flush().await.map_err(internal)?;
    Ok(Redirect::to("/login").into_response())
}

#[derive(Deserialize)]
pub struct LangForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    back: String,
}

/// Switch the UI language; remembered on the account for signed-in users.
pub async fn switch_lang(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(f): Form<LangForm>,
) -> Result<Response, WebError> {
    let lang = crate::i18n::Lang::parse(&f.lang);
    ctx.session.insert(LANG, lang.code()).await.map_err(internal)?;
    if let Some(p) = &ctx.principal {
        users::set_locale(&state.db, p.user_id, lang.code()).await?;
    }
    Ok(Redirect::to(&safe_next(&f.back)).into_response())
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    l: Layout,
    user: kotacerdas_store::entity::user::Model,
    roles: Vec<kotacerdas_store::accounts::users::AssignmentRow>,
    form: kotacerdas_domain::account::UserInput,
}

async fn account_page(
    ctx: &Ctx,
    state: &AppState,
    form: Option<kotacerdas_domain::account::UserInput>,
    errors: kotacerdas_domain::validate::Errors,
    status: StatusCode,
) -> Result<Response, WebError> {
    let p = ctx.user()?;
    let user = users::get(&state.db, p.user_id).await?;
    let form = form.unwrap_or_else(|| kotacerdas_domain::account::UserInput {
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        email: user.email.clone().unwrap_or_default(),
        password: String::new(),
    });
    let page = AccountPage {
        l: Layout::new(ctx, "account-title", "account").with_errors(errors),
        roles: users::assignment_rows(&state.db, Some(p.user_id)).await?,
        user,
        form,
    };
    render_status(status, &page)
}

/// The signed-in user's own account: name, e-mail, roles, password.
pub async fn account(ctx: Ctx, State(state): State<AppState>) -> Result<Response, WebError> {
    account_page(&ctx, &state, None, Default::default(), StatusCode::OK).await
}

pub async fn account_save(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(form): Form<kotacerdas_domain::account::UserInput>,
) -> Result<Response, WebError> {
    let p = ctx.user()?;
    match users::update_profile(&state.db, &ctx.actor()?, p.user_id, &form).await {
        Ok(_) => crate::views::done(&ctx, "flash-saved", "/account").await,
        Err(kotacerdas_store::StoreError::Invalid(e)) => {
            account_page(&ctx, &state, Some(form), e, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct PasswordChange {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
}

/// Change one's own password: the current one is required, and the session id is renewed.
pub async fn password_change(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(f): Form<PasswordChange>,
) -> Result<Response, WebError> {
    let p = ctx.user()?;
    let user = users::get(&state.db, p.user_id).await?;
    let mut errors = kotacerdas_domain::validate::Errors::new();
    if !users::verify_password(&user.password_hash, &f.current) {
        errors.add("current", "err-current-password", None);
        return account_page(&ctx, &state, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    // Every other session and every API token of this account ends; this one goes on.
    let keep = ctx.session.id().map(|i| i.to_string());
    match users::set_password(&state.db, &ctx.actor()?, p.user_id, &f.password, keep.as_deref()).await {
        Ok(_) => {
            ctx.session.cycle_id().await.map_err(internal)?;
            crate::views::done(&ctx, "flash-password", "/account").await
        }
        Err(kotacerdas_store::StoreError::Invalid(e)) => {
            account_page(&ctx, &state, None, e, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}
