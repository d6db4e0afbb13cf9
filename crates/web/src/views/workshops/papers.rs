//! A workshop's papers as PDF: the invitation letter, the attendance list to sign and the
//! minutes (berita acara), typeset on the heavy pool.

use crate::access::RegionView;
use crate::error::WebError;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kotacerdas_documents::workshop::{self as doc, Context};
use kotacerdas_domain::region::{Body, MemberRole};
use kotacerdas_store::region::{members, opds};
use kotacerdas_store::workshops;
use std::collections::HashMap;

#[derive(Clone, Copy)]
enum Paper {
    Invitation,
    Attendance,
    Minutes,
}

async fn paper(
    state: &AppState,
    r: kotacerdas_store::entity::region::Model,
    id: i64,
    which: Paper,
) -> Result<Response, WebError> {
    let d = workshops::detail(&state.db, r.id, id).await?;
    let opd_names: HashMap<i64, String> =
        opds::list(&state.db, r.id).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let team_chair = members::list(&state.db, r.id)
        .await?
        .into_iter()
        .find(|m| m.body == Body::Tim.as_str() && m.role == MemberRole::Chair.as_str())
        .map(|m| (m.name, m.position));
    let stage_name = kotacerdas_domain::framework::STAGES
        .get((d.stage as usize).saturating_sub(1))
        .map(|s| s.name("id"))
        .unwrap_or_default();
    let file = match which {
        Paper::Invitation => "undangan",
        Paper::Attendance => "daftar-hadir",
        Paper::Minutes => "berita-acara",
    };
    let name = format!("{file}-{}-tahap-{}-{}.pdf", r.code, d.stage, d.w.starts_on);
    let bytes = kotacerdas_store::heavy::run(move || {
        let c = Context { region: &r, stage_name, opds: &opd_names, team_chair };
        match which {
            Paper::Invitation => doc::invitation(&c, &d),
            Paper::Attendance => doc::attendance(&c, &d),
            Paper::Minutes => doc::minutes(&c, &d),
        }
    })
    .await?
    .map_err(|e| WebError::Internal(e.to_string()))?;
    let disposition = format!("inline; filename=\"{name}\"");
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}

pub async fn invitation(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    paper(&state, r, id, Paper::Invitation).await
}

pub async fn attendance(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    paper(&state, r, id, Paper::Attendance).await
}

pub async fn minutes(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    paper(&state, r, id, Paper::Minutes).await
}
