//! One way to show a region's form and to answer its post.
//!
//! A [`FormPage`] is a page of a region that shows a form: the request, the region, the values
//! (as stored, or as typed) and their errors. Shown fresh it answers 200; after a refused post it
//! is shown again with what was typed and the errors, as a 422 (or the status the refusal asks
//! for). [`FormPage::outcome`] is the post/redirect/get step: saved → a flash and a redirect,
//! invalid → the same page again, anything else → the error.

use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::{done, render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use kotacerdas_domain::validate::Errors;
use kotacerdas_store::entity::region;
use kotacerdas_store::StoreError;
use std::future::Future;

pub struct FormPage<'a, F> {
    pub ctx: &'a Ctx,
    pub state: &'a AppState,
    pub region: region::Model,
    /// The form's values: as stored (a fresh form) or as typed (shown again).
    pub form: F,
    pub errors: Errors,
    status: StatusCode,
}

impl<'a, F> FormPage<'a, F> {
    /// The form as first shown (200, no errors).
    pub fn new(ctx: &'a Ctx, state: &'a AppState, region: region::Model, form: F) -> Self {
        FormPage { ctx, state, region, form, errors: Errors::new(), status: StatusCode::OK }
    }

    /// Shown again with these errors: a 422.
    pub fn with_errors(mut self, errors: Errors) -> Self {
        self.errors = errors;
        self.status = StatusCode::UNPROCESSABLE_ENTITY;
        self
    }

    /// Shown again with another status (a refused stage transition is a 409).
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// The frame of a region page: the title, the region's breadcrumbs and the form's errors.
    pub fn layout(&self, title_key: &str) -> Layout {
        Layout::new(self.ctx, title_key, "regions").region_crumbs(&self.region).with_errors(self.errors.clone())
    }

    /// `/regions/{code}/{rest}`.
    pub fn url(&self, rest: &str) -> String {
        format!("/regions/{}/{rest}", self.region.code)
    }

    /// Render the template built from the region and the form, with this page's status.
    pub fn show<T: Template>(self, page: impl FnOnce(region::Model, F) -> T) -> Result<Response, WebError> {
        render_status(self.status, &page(self.region, self.form))
    }

    /// The answer to a post: `result` saved → the flash `flash` and a redirect to `to(saved)`;
    /// refused as invalid → `again(self with the errors)`; any other failure → that error.
    pub async fn outcome<T, Fut>(
        self,
        result: Result<T, StoreError>,
        flash: &str,
        to: impl FnOnce(&T) -> String,
        again: impl FnOnce(Self) -> Fut,
    ) -> Result<Response, WebError>
    where
        Fut: Future<Output = Result<Response, WebError>>,
    {
        match result {
            Ok(saved) => done(self.ctx, flash, &to(&saved)).await,
            Err(StoreError::Invalid(e)) => again(self.with_errors(e)).await,
            Err(e) => Err(e.into()),
        }
    }
}

/// A store result with its validation refusal split out: `Ok(Err(errors))` to show the form
/// again, other failures as the error (for the forms that are no region's, see [`FormPage`]).
pub fn invalid_or<T>(r: Result<T, StoreError>) -> Result<Result<T, Errors>, WebError> {
    match r {
        Ok(v) => Ok(Ok(v)),
        Err(StoreError::Invalid(e)) => Ok(Err(e)),
        Err(e) => Err(e.into()),
    }
}

/// A multipart form as the upload pages send it: the text fields named in `names` (others are
/// ignored) and the non-empty `file` part as (its name, its bytes). A part that cannot be read is
/// a 400; the body limit has been applied before this runs.
pub async fn multipart_fields(
    mp: &mut axum::extract::Multipart,
    names: &[&str],
) -> Result<(std::collections::HashMap<String, String>, Option<(String, bytes::Bytes)>), WebError> {
    let mut fields = std::collections::HashMap::new();
    let mut upload = None;
    while let Some(field) = mp.next_field().await.map_err(|_| WebError::BadRequest("error-bad-form"))? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let fname = field.file_name().unwrap_or_default().to_string();
            let data = field.bytes().await.map_err(|_| WebError::BadRequest("error-too-large"))?;
            if !data.is_empty() {
                upload = Some((fname, data));
            }
        } else if names.contains(&name.as_str()) {
            let v = field.text().await.map_err(|_| WebError::BadRequest("error-bad-form"))?;
            fields.insert(name, v);
        }
    }
    Ok((fields, upload))
}
