//! The masterplan book as a document, generated now from the region's data: PDF or DOCX, in
//! Indonesian or English.

use crate::access::RegionView;
use crate::error::WebError;
use crate::AppState;
use axum::extract::{Query, State};
use axum::response::Response;
use kotacerdas_store::entity::region;

/// The masterplan book as PDF, generated now from the data. Typesetting is CPU work, so it runs
/// on the blocking pool and other requests keep flowing.
pub async fn book_pdf(
    State(state): State<AppState>,
    Query(q): Query<Edition>,
    RegionView { region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    book_response(&state, &r, false, q.lang()).await
}

/// `?lang=en` asks for the English edition; anything else is the Indonesian one.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Edition {
    #[serde(default)]
    lang: String,
}

impl Edition {
    pub fn lang(&self) -> &'static str {
        if self.lang == "en" {
            "en"
        } else {
            "id"
        }
    }
}

/// The same book as an editable DOCX.
pub async fn book_docx(
    State(state): State<AppState>,
    Query(q): Query<Edition>,
    RegionView { region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    book_response(&state, &r, true, q.lang()).await
}

pub async fn book_response(state: &AppState, r: &region::Model, docx: bool, lang: &str) -> Result<Response, WebError> {
    use axum::response::IntoResponse;
    let book = kotacerdas_documents::book::build(&state.db, &state.storage, r, lang)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    // Typesetting takes a core for a second or more: on the bounded pool, so a queue of book
    // downloads answers "busy, try again" instead of slowing every page down.
    let bytes = kotacerdas_store::heavy::run(move || if docx { book.docx() } else { book.pdf() })
        .await?
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let (mime, disposition) = if docx {
        (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            format!("attachment; filename=\"masterplan-{}-{lang}.docx\"", r.code),
        )
    } else {
        ("application/pdf", format!("inline; filename=\"masterplan-{}-{lang}.pdf\"", r.code))
    };
    Ok((
        [(axum::http::header::CONTENT_TYPE, mime.to_string()), (axum::http::header::CONTENT_DISPOSITION, disposition)],
        bytes,
    )
        .into_response())
}
