//! The programme register to and from Excel: export, then import with a dry run that shows what
//! would change and every bad row; applying re-runs the same import in one transaction.

use crate::access::{RegionContribute, RegionView};
use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::{render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use kotacerdas_store::analysis::inventory_xlsx::RowError;
use kotacerdas_store::entity::region;
use kotacerdas_store::plan::programme_xlsx::{self, Action, ImportReport};
use kotacerdas_store::StoreError;

/// The session key holding a dry-run file until it is applied.
const PENDING: &str = "programme_import";

pub fn xlsx_response(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response()
}

pub async fn export(
    State(state): State<AppState>,
    RegionView { region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let bytes = programme_xlsx::export_xlsx(&state.db, r.id).await?;
    Ok(xlsx_response(bytes, &format!("program-{}.xlsx", r.code)))
}

#[derive(Template)]
#[template(path = "programme_import.html")]
struct ImportPage {
    l: Layout,
    region: region::Model,
    report: Option<ImportReport>,
    errors: Vec<(String, usize, String, String)>,
    created: usize,
    updated: usize,
    unchanged: usize,
    can_apply: bool,
    own_opd_only: bool,
}

fn page(ctx: &Ctx, r: region::Model, own: bool, report: Option<ImportReport>) -> Result<Response, WebError> {
    let lang = ctx.lang;
    let errors: Vec<(String, usize, String, String)> = report
        .iter()
        .flat_map(|rep| rep.errors.iter())
        .map(|e: &RowError| {
            let fe = kotacerdas_domain::validate::FieldError { field: e.field.clone(), code: e.code, arg: e.arg };
            (e.sheet.clone(), e.row, e.field.clone(), crate::views::field_message(lang, &fe))
        })
        .collect();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let count = |a| report.as_ref().map(|r| r.count(a)).unwrap_or(0);
    let page = ImportPage {
        l: Layout::new(ctx, "programme-import-title", "regions")
            .region_crumbs(&r)
            .crumb(ctx.lang.t("programmes-title"), format!("/regions/{}/programmes", r.code)),
        created: count(Action::Create),
        updated: count(Action::Update),
        unchanged: count(Action::Unchanged),
        can_apply: report.as_ref().is_some_and(|rep| {
            rep.errors.is_empty() && !rep.applied && rep.changes.iter().any(|c| c.action != Action::Unchanged)
        }),
        errors,
        report,
        own_opd_only: own,
        region: r,
    };
    render_status(status, &page)
}

pub async fn form(region: RegionContribute) -> Result<Response, WebError> {
    // Region managers import every OPD; an OPD planner only their own.
    let only = region.opd_scope();
    page(&region.ctx, region.region, only.is_some(), None)
}

async fn run(
    ctx: &Ctx,
    state: &AppState,
    r: &region::Model,
    only: Option<i64>,
    data: Bytes,
    apply: bool,
) -> Result<Option<ImportReport>, WebError> {
    match programme_xlsx::import_xlsx(&state.db, &ctx.actor()?, r.id, data, only, apply).await {
        Ok(rep) => Ok(Some(rep)),
        Err(StoreError::Invalid(_)) => Ok(Some(ImportReport {
            errors: vec![RowError {
                sheet: String::new(),
                row: 0,
                field: "file".into(),
                code: "err-import-file",
                arg: None,
            }],
            ..Default::default()
        })),
        Err(e) => Err(e.into()),
    }
}

/// Forget the file of an earlier dry run, if any (its storage object goes too).
async fn drop_pending(ctx: &Ctx, state: &AppState) -> Result<(), WebError> {
    let pending: Option<(i64, String)> =
        ctx.session.remove(PENDING).await.map_err(|e| WebError::Internal(e.to_string()))?;
    if let Some((_, key)) = pending {
        state.storage.delete(&key).await?;
    }
    Ok(())
}

/// Upload (multipart; CSRF token in the query string) and dry-run.
pub async fn dry_run(
    State(state): State<AppState>,
    region: RegionContribute,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    let only = region.opd_scope();
    let RegionContribute { ctx, region: r, .. } = region;
    let mut data = Bytes::new();
    while let Some(field) = mp.next_field().await.map_err(|_| WebError::BadRequest("error-bad-form"))? {
        if field.name() == Some("file") {
            data = field.bytes().await.map_err(|_| WebError::BadRequest("error-too-large"))?;
        }
    }
    drop_pending(&ctx, &state).await?;
    let report = run(&ctx, &state, &r, only, data.clone(), false).await?;
    if report.as_ref().is_some_and(|rep| rep.errors.is_empty()) {
        // The file waits in storage; the session keeps only its key (a few dozen bytes, where
        // the whole upload once made every later request of this user slow).
        let key = state.storage.keep_pending(data).await?;
        ctx.session.insert(PENDING, (r.id, key)).await.map_err(|e| WebError::Internal(e.to_string()))?;
    }
    page(&ctx, r, only.is_some(), report)
}

/// Apply the file of the last dry run (validated again, all-or-nothing).
pub async fn apply(State(state): State<AppState>, region: RegionContribute) -> Result<Response, WebError> {
    let only = region.opd_scope();
    let RegionContribute { ctx, region: r, .. } = region;
    let pending: Option<(i64, String)> =
        ctx.session.remove(PENDING).await.map_err(|e| WebError::Internal(e.to_string()))?;
    let Some((rid, key)) = pending else {
        return Err(WebError::BadRequest("error-import-expired"));
    };
    if rid != r.id {
        state.storage.delete(&key).await?;
        return Err(WebError::BadRequest("error-import-expired"));
    }
    let data = match state.storage.read(&key).await {
        Ok(d) => d,
        Err(StoreError::NotFound) => return Err(WebError::BadRequest("error-import-expired")),
        Err(e) => return Err(e.into()),
    };
    let report = run(&ctx, &state, &r, only, data, true).await;
    // Applied or refused, the file has served: a new attempt starts with a new upload.
    state.storage.delete(&key).await?;
    page(&ctx, r, only.is_some(), report?)
}

pub fn action_key(a: &Action) -> &'static str {
    match a {
        Action::Create => "create",
        Action::Update => "update",
        Action::Unchanged => "unchanged",
    }
}
