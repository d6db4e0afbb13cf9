//! The audit log pages: per region (region admins, experts) and programme-wide (programme office).

use crate::access::{Admin, RegionAudit};
use crate::error::WebError;
use crate::views::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use kotacerdas_store::audit::{self, Filter, PAGE_SIZE};
use kotacerdas_store::entity::audit as audit_entity;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    entity: String,
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    page: u64,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    l: Layout,
    rows: Vec<audit_entity::Model>,
    total: u64,
    entities: Vec<String>,
    q: AuditQuery,
    base: String,
    pages: u64,
}

async fn page(
    state: &AppState,
    l: Layout,
    region_id: Option<i64>,
    base: String,
    q: AuditQuery,
) -> Result<Response, WebError> {
    let filter = Filter {
        region_id,
        entity: Some(q.entity.clone()),
        actor: Some(q.actor.chars().take(100).collect()),
        action: Some(q.action.clone()),
        page: q.page.min(100_000),
    };
    let (rows, total) = audit::list(&state.db, &filter).await?;
    let page = AuditPage {
        entities: audit::entities(&state.db, region_id).await?,
        pages: total.div_ceil(PAGE_SIZE),
        l,
        rows,
        total,
        q,
        base,
    };
    render(&page)
}

pub async fn region_log(
    State(state): State<AppState>,
    Query(q): Query<AuditQuery>,
    RegionAudit { ctx, region: r, .. }: RegionAudit,
) -> Result<Response, WebError> {
    let l = Layout::new(&ctx, "audit-title", "regions").region_crumbs(&r);
    page(&state, l, Some(r.id), format!("/regions/{}/audit", r.code), q).await
}

pub async fn national_log(
    State(state): State<AppState>,
    Query(q): Query<AuditQuery>,
    Admin { ctx, .. }: Admin,
) -> Result<Response, WebError> {
    let l = Layout::new(&ctx, "audit-title", "audit");
    page(&state, l, None, "/admin/audit".into(), q).await
}
