//! The SK decrees forming a region's Dewan Smart City and Tim Pelaksana: number, date and the
//! signed document, shown on the members page and the region page.

use crate::access::RegionManage;
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use kotacerdas_domain::cohort::DecreeInput;
use kotacerdas_domain::region::Body;
use kotacerdas_store::entity::{region, sk_decree, stored_file};
use kotacerdas_store::{files, region::decrees, DatabaseConnection};

/// A decree with its document, for the pages that list them.
pub struct DecreeRow {
    pub decree: sk_decree::Model,
    pub file: Option<stored_file::Model>,
}

/// The region's decrees, council first, each with its uploaded document.
pub async fn rows(db: &DatabaseConnection, region_id: i64) -> Result<Vec<DecreeRow>, WebError> {
    let mut out = Vec::new();
    for decree in decrees::list(db, region_id).await? {
        let file = match decree.file_id {
            Some(id) => Some(files::get(db, id).await?),
            None => None,
        };
        out.push(DecreeRow { decree, file });
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "decree_form.html")]
struct DecreeForm {
    l: crate::views::Layout,
    region: region::Model,
    form: DecreeInput,
    /// The body's name (Dewan Smart City / Tim Pelaksana).
    body: String,
    file: Option<stored_file::Model>,
}

async fn page(f: FormPage<'_, DecreeInput>) -> Result<Response, WebError> {
    let existing = decrees::get(&f.state.db, f.region.id, &f.form.body).await?;
    let file = match existing.and_then(|d| d.file_id) {
        Some(id) => Some(files::get(&f.state.db, id).await?),
        None => None,
    };
    let body = Body::parse(&f.form.body).map(|b| b.label(f.ctx.lang.code())).unwrap_or_default().to_string();
    let l = f.layout("decree-title").crumb(f.ctx.lang.t("members-title"), f.url("members"));
    f.show(|region, form| DecreeForm { l, region, form, body, file })
}

fn body_of(code: &str) -> Result<Body, WebError> {
    Body::parse(code).ok_or(WebError::NotFound)
}

pub async fn form(
    State(state): State<AppState>,
    Path((_, body)): Path<(String, String)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    let body = body_of(&body)?;
    let form = match decrees::get(&state.db, r.id, body.as_str()).await? {
        Some(d) => DecreeInput::from(&d),
        None => DecreeInput { body: body.as_str().into(), ..Default::default() },
    };
    page(FormPage::new(&ctx, &state, r, form)).await
}

/// The form is multipart (it carries the signed decree), so its CSRF token travels in the query
/// string. The text fields are checked before the upload is stored, so a refused form leaves no
/// orphan file; the upload itself is checked by the file store (size, type by content).
pub async fn save(
    State(state): State<AppState>,
    Path((_, body)): Path<(String, String)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    let body = body_of(&body)?;
    let (mut fields, upload) = crate::views::form::multipart_fields(&mut mp, &["number", "issued_on", "notes"]).await?;
    let mut take = |k: &str| fields.remove(k).unwrap_or_default();
    let form = DecreeInput {
        body: body.as_str().into(),
        number: take("number"),
        issued_on: take("issued_on"),
        notes: take("notes"),
    };
    let actor = ctx.actor()?;
    let result = async {
        form.validate()?;
        let file_id = match upload {
            Some((fname, data)) => Some(state.storage.upload(&state.db, &actor, Some(r.id), &fname, data).await?.id),
            None => None,
        };
        decrees::save(&state.db, &actor, r.id, &form, file_id).await
    }
    .await;
    let f = FormPage::new(&ctx, &state, r, form);
    let back = f.url("members");
    f.outcome(result, "flash-saved", |_| back, page).await
}
