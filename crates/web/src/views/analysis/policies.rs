//! Stage 1 policy and institution inventory: regulations and institutions.

use crate::access::{RegionManage, RegionView};
use crate::error::WebError;
use crate::views::book::sections::{thread, Thread};
use crate::views::form::FormPage;
use crate::views::{done, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::analysis::{RegulationKind, RegulationStatus, Section};
use kotacerdas_domain::analysis_input::{InstitutionInput, RegulationInput};
use kotacerdas_store::analysis::policies;
use kotacerdas_store::entity::{institution, region, regulation};

#[derive(Template)]
#[template(path = "policies.html")]
struct PoliciesPage {
    l: Layout,
    region: region::Model,
    regulations: Vec<regulation::Model>,
    institutions: Vec<institution::Model>,
    can_edit: bool,
    reg: RegulationInput,
    inst: InstitutionInput,
    kinds: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    thread: Thread,
}

/// The policies page with its two forms (a regulation, an institution).
async fn page(f: FormPage<'_, (RegulationInput, InstitutionInput)>) -> Result<Response, WebError> {
    let (ctx, state, r) = (f.ctx, f.state, &f.region);
    let lang = ctx.lang.code();
    let regulations = policies::regulations(&state.db, r.id).await?;
    let institutions = policies::institutions(&state.db, r.id).await?;
    let can_edit = ctx.user()?.can_manage_region(r.id);
    let thread = thread(ctx, state, r.id, &r.code, Section::Policies).await?;
    let l = f.layout("policies-title");
    f.show(|region, (reg, inst)| PoliciesPage {
        l,
        regulations,
        institutions,
        can_edit,
        kinds: RegulationKind::ALL.iter().map(|k| (k.as_str().to_string(), k.label(lang).to_string())).collect(),
        statuses: RegulationStatus::ALL.iter().map(|k| (k.as_str().to_string(), k.label(lang).to_string())).collect(),
        thread,
        reg,
        inst,
        region,
    })
}

pub async fn show(
    State(state): State<AppState>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    // A head of region's regulation of this region's kind (Perwal, Perbup, Pergub) by default.
    let kind = r.kind().head_regulation().as_str().to_string();
    let reg = RegulationInput { kind, status: "in_force".into(), ..Default::default() };
    page(FormPage::new(&ctx, &state, r, (reg, InstitutionInput::default()))).await
}

/// Add a regulation, with its document when one is attached (multipart; CSRF token in the
/// query string).
pub async fn add_regulation(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    let mut form = RegulationInput::default();
    let mut upload = None;
    while let Some(field) = mp.next_field().await.map_err(|_| WebError::BadRequest("error-bad-form"))? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let fname = field.file_name().unwrap_or_default().to_string();
            let data = field.bytes().await.map_err(|_| WebError::BadRequest("error-too-large"))?;
            if !data.is_empty() {
                upload = Some((fname, data));
            }
            continue;
        }
        let v = field.text().await.map_err(|_| WebError::BadRequest("error-bad-form"))?;
        match name.as_str() {
            "kind" => form.kind = v,
            "number" => form.number = v,
            "year" => form.year = v,
            "title" => form.title = v,
            "status" => form.status = v,
            "url" => form.url = v,
            _ => {}
        }
    }
    let actor = ctx.actor()?;
    let result = async {
        // Validate the text first so a bad form leaves no orphan upload.
        form.validate()?;
        let file_id = match upload {
            Some((name, data)) => Some(state.storage.upload(&state.db, &actor, Some(r.id), &name, data).await?.id),
            None => None,
        };
        policies::add_regulation(&state.db, &actor, r.id, &form, file_id).await
    }
    .await;
    let f = FormPage::new(&ctx, &state, r, (form, InstitutionInput::default()));
    let back = f.url("policies");
    f.outcome(result, "flash-saved", |_| back, page).await
}

pub async fn add_institution(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(form): Form<InstitutionInput>,
) -> Result<Response, WebError> {
    let result = policies::add_institution(&state.db, &ctx.actor()?, r.id, &form).await;
    let f = FormPage::new(&ctx, &state, r, (RegulationInput::default(), form));
    let back = f.url("policies");
    f.outcome(result, "flash-saved", |_| back, page).await
}

pub async fn delete_regulation(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    policies::delete_regulation(&state.db, &ctx.actor()?, r.id, id).await?;
    done(&ctx, "flash-deleted", &format!("/regions/{}/policies", r.code)).await
}

pub async fn delete_institution(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    policies::delete_institution(&state.db, &ctx.actor()?, r.id, id).await?;
    done(&ctx, "flash-deleted", &format!("/regions/{}/policies", r.code)).await
}
