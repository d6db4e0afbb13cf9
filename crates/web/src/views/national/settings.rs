//! The national programme's settings (its name and the ministry running it).

use crate::access::Admin;
use crate::error::WebError;
use crate::views::form::invalid_or;
use crate::views::{done, render, render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::national::SettingsInput;
use kotacerdas_store::national::settings;

#[derive(Template)]
#[template(path = "programme_form.html")]
struct ProgrammeForm {
    l: Layout,
    form: SettingsInput,
}

pub async fn programme_form(State(state): State<AppState>, Admin { ctx, .. }: Admin) -> Result<Response, WebError> {
    let p = settings::get(&state.db).await?;
    render(&ProgrammeForm {
        l: Layout::new(&ctx, "programme-title", "programme"),
        form: SettingsInput {
            name: p.name,
            ministry_name: p.ministry_name,
            stage1_needs_decrees: if p.stage1_needs_decrees { "true".into() } else { String::new() },
        },
    })
}

pub async fn programme_save(
    State(state): State<AppState>,
    Admin { ctx, .. }: Admin,
    Form(mut form): Form<SettingsInput>,
) -> Result<Response, WebError> {
    // A ticked box may arrive as "on"; the form shows it back as "true".
    if !form.stage1_needs_decrees.trim().is_empty() {
        form.stage1_needs_decrees = "true".into();
    }
    match invalid_or(settings::update(&state.db, &ctx.actor()?, &form).await)? {
        Ok(_) => done(&ctx, "flash-saved", "/admin/programme").await,
        Err(e) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ProgrammeForm { l: Layout::new(&ctx, "programme-title", "programme").with_errors(e), form },
        ),
    }
}
