//! Sharing a programme with a neighbouring region: inviting, acknowledging or declining, and
//! withdrawing.

use crate::access::RegionManage;
use crate::error::WebError;
use crate::views::done;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Form;
use kotacerdas_store::{plan::shares, StoreError};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ShareForm {
    #[serde(default)]
    partner: String,
}

pub async fn invite(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(f): Form<ShareForm>,
) -> Result<Response, WebError> {
    let back = format!("/regions/{}/programmes/{id}", r.code);
    match shares::invite(&state.db, &ctx.actor()?, r.id, id, &f.partner).await {
        Ok(_) => done(&ctx, "flash-share-invited", &back).await,
        Err(StoreError::Invalid(e)) => {
            // Shown on the programme page, which has no form state of its own to keep.
            let key = e.0.first().map(|x| x.code).unwrap_or("err-choice");
            ctx.flash(key).await?;
            Ok(axum::response::Redirect::to(&back).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    note: String,
}

pub async fn decide(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(f): Form<DecideForm>,
) -> Result<Response, WebError> {
    shares::decide(&state.db, &ctx.actor()?, r.id, id, f.decision == "acknowledge", &f.note).await?;
    done(&ctx, "flash-saved", &format!("/regions/{}/programmes#shared", r.code)).await
}

pub async fn withdraw(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    let programme_id = shares::withdraw(&state.db, &ctx.actor()?, r.id, id).await?;
    done(&ctx, "flash-saved", &format!("/regions/{}/programmes/{programme_id}", r.code)).await
}
