//! `/tentang`: what the product is, its version and licence, and the attribution of the data it
//! ships (the official list of areas, ODbL; the Permendagri 90 codes). Public, like the footer
//! that links it.

use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::{render_status, Layout};
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;

#[derive(Template)]
#[template(path = "about.html")]
struct AboutPage {
    l: Layout,
    version: &'static str,
    areas_version: &'static str,
    /// Provinces, kabupaten/kota, kecamatan, desa/kelurahan, formatted.
    counts: [String; 4],
    codes_version: &'static str,
}

pub async fn page(ctx: Ctx) -> Result<Response, WebError> {
    use kotacerdas_areas as a;
    let lang = ctx.lang.code();
    let n = |x: usize| kotacerdas_domain::format::number(x as i64, lang);
    let page = AboutPage {
        l: Layout::new(&ctx, "about-title", "about"),
        version: env!("CARGO_PKG_VERSION"),
        areas_version: a::version(),
        counts: [n(a::provinces().len()), n(a::regencies().len()), n(a::districts().len()), n(a::villages().len())],
        codes_version: kotacerdas_domain::govcode::VERSION,
    };
    render_status(StatusCode::OK, &page)
}
