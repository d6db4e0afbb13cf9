//! The shipped Permendagri 90 code list, searchable (the programme form's picker links here).

use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::{render_status, Layout};
use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use kotacerdas_domain::govcode::{self, GovCode};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
}

#[derive(Template)]
#[template(path = "codes.html")]
struct CodesPage {
    l: Layout,
    q: String,
    version: &'static str,
    codes: Vec<GovCode>,
    total: usize,
}

pub const PAGE_LIMIT: usize = 500;

pub async fn page(ctx: Ctx, Query(q): Query<SearchQuery>) -> Result<Response, WebError> {
    let codes = govcode::search(&q.q, PAGE_LIMIT);
    let page = CodesPage {
        l: Layout::new(&ctx, "codes-title", "regions"),
        total: govcode::all().count(),
        version: govcode::VERSION,
        codes,
        q: q.q,
    };
    render_status(StatusCode::OK, &page)
}

/// Indentation depth of a code in the list (urusan 0 … sub-kegiatan 4).
pub fn depth(c: &GovCode) -> usize {
    govcode::CodeLevel::ALL.iter().position(|l| *l == c.level).unwrap_or(0)
}
