//! Stage 2–3 roadmap: a ten-year Gantt per dimension from the programme register, with the
//! horizon bands, RPJMD/RPD period boundaries and milestones.

use crate::access::RegionView;
use crate::error::WebError;
use crate::views::{render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use kotacerdas_store::entity::region;

#[derive(Template)]
#[template(path = "roadmap.html")]
struct RoadmapPage {
    l: Layout,
    region: region::Model,
    charts: Vec<(String, String)>,
}

pub async fn page(
    State(state): State<AppState>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let charts = kotacerdas_documents::roadmap::gantts(&state.db, r.id, ctx.lang.code()).await?;
    let page = RoadmapPage { l: Layout::new(&ctx, "roadmap-title", "regions").region_crumbs(&r), charts, region: r };
    render_status(StatusCode::OK, &page)
}
