//! Review comments on the sections of stage 1: experts, council members and the region
//! discuss each section where it is shown.

use crate::access::RegionComment;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::done;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::analysis::Section;
use kotacerdas_store::entity::section_comment;
use kotacerdas_store::{book::section_comments, StoreError};
use serde::Deserialize;

/// The comment thread shown under a section (rendered by `section_thread.html`).
pub struct Thread {
    pub section: &'static str,
    pub title: String,
    pub comments: Vec<(section_comment::Model, String)>,
    pub can_comment: bool,
    pub region_code: String,
}

pub async fn thread(
    ctx: &Ctx,
    state: &AppState,
    region_id: i64,
    region_code: &str,
    section: Section,
) -> Result<Thread, WebError> {
    let p = ctx.user()?;
    Ok(Thread {
        section: section.as_str(),
        title: section.label(ctx.lang.code()).to_string(),
        comments: section_comments::list(&state.db, region_id, section).await?,
        can_comment: p.can_comment_stage(region_id),
        region_code: region_code.to_string(),
    })
}

/// Where each section lives, to return there after commenting.
fn page_of(section: Section) -> &'static str {
    match section {
        Section::Profile => "profile",
        Section::Readiness => "readiness",
        Section::Swot => "swot",
        Section::Problems => "problems",
        Section::Inventory => "inventory",
        Section::Policies => "policies",
    }
}

#[derive(Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    comment: String,
}

pub async fn comment(
    State(state): State<AppState>,
    Path((_, section)): Path<(String, String)>,
    RegionComment { ctx, user: p, region: r, .. }: RegionComment,
    Form(f): Form<CommentForm>,
) -> Result<Response, WebError> {
    let section = Section::parse(&section).ok_or(WebError::NotFound)?;
    let back = format!("/regions/{}/{}#comments", r.code, page_of(section));
    match section_comments::add(&state.db, &ctx.actor()?, p.user_id, r.id, section, &f.comment).await {
        Ok(_) => done(&ctx, "flash-comment", &back).await,
        // An empty comment: say so on the page it came from.
        Err(StoreError::Invalid(_)) => done(&ctx, "err-comment-empty", &back).await,
        Err(e) => Err(e.into()),
    }
}
