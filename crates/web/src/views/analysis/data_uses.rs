//! The uses of a data set, edited under its form: the programmes of the region that use it and
//! the decisions that used it (with their dates). They are what makes a data set "used" in the
//! inventory's yardstick; the apps that read it are shown but do not count (see
//! `domain::data_yardstick::Facts::used`).

use super::inventory::dataset_page_with;
use crate::access::{ensure, RegionContribute};
use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::done;
use crate::views::form::FormPage;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::analysis::Link;
use kotacerdas_domain::analysis_input::DatasetInput;
use kotacerdas_domain::data_yardstick::DecisionInput;
use kotacerdas_domain::format::date;
use kotacerdas_store::analysis::{data_uses, inventory};
use kotacerdas_store::entity::region;
use kotacerdas_store::StoreError;

/// The uses block of the data set page.
pub struct Uses {
    pub dataset_id: i64,
    /// Linked programmes (id, name).
    pub programmes: Vec<(i64, String)>,
    /// The region's programmes not linked yet, as select options.
    pub choices: Vec<(String, String)>,
    /// (id, date as shown, description)
    pub decisions: Vec<(i64, String, String)>,
    /// Names of the apps that use it (shown, not counted).
    pub apps: Vec<String>,
    /// The decision form's values (as typed when refused).
    pub decision: DecisionInput,
    /// The region's today, the latest date the decision form accepts.
    pub today: String,
}

pub async fn uses(
    ctx: &Ctx,
    state: &AppState,
    r: &region::Model,
    id: i64,
    decision: DecisionInput,
) -> Result<Uses, WebError> {
    let lang = ctx.lang.code();
    let programmes: Vec<(i64, String)> = data_uses::programme_uses(&state.db, r.id)
        .await?
        .into_iter()
        .filter(|u| u.dataset_id == id)
        .map(|u| (u.programme_id, u.programme))
        .collect();
    let choices = data_uses::programme_choices(&state.db, r.id)
        .await?
        .into_iter()
        .filter(|(p, _)| !programmes.iter().any(|(q, _)| q == p))
        .map(|(p, name)| (p.to_string(), name))
        .collect();
    let decisions = data_uses::decisions(&state.db, r.id)
        .await?
        .into_iter()
        .filter(|d| d.dataset_id == id)
        .map(|d| (d.id, date(d.decided_on, lang), d.description))
        .collect();
    let users: Vec<i64> = inventory::links(&state.db, r.id)
        .await?
        .into_iter()
        .filter(|(_, ds, k)| *ds == id && *k == Link::Uses)
        .map(|(a, ..)| a)
        .collect();
    let apps =
        inventory::apps(&state.db, r.id).await?.into_iter().filter(|a| users.contains(&a.id)).map(|a| a.name).collect();
    Ok(Uses { dataset_id: id, programmes, choices, decisions, apps, decision, today: r.zone().today().to_string() })
}

/// The data set of `id`, checked to be one the user may change (its OPD's planner or a manager).
async fn editable(state: &AppState, rc: &RegionContribute, id: i64) -> Result<DatasetInput, WebError> {
    let d = inventory::get_dataset(&state.db, rc.region.id, id).await?;
    ensure(rc.user.can_edit_opd(rc.region.id, d.opd_id))?;
    Ok(DatasetInput::from(&d))
}

/// After a change: back to the data set's page, where the uses are.
fn back(r: &region::Model, id: i64) -> String {
    format!("/regions/{}/datasets/{id}/edit#uses", r.code)
}

/// A refused use: the data set's page again (422) with the message beside the field.
async fn again(
    state: &AppState,
    rc: RegionContribute,
    id: i64,
    form: DatasetInput,
    result: Result<(), StoreError>,
    decision: DecisionInput,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => done(&rc.ctx, "flash-saved", &back(&rc.region, id)).await,
        Err(StoreError::Invalid(e)) => {
            let f = FormPage::new(&rc.ctx, state, rc.region.clone(), form).with_errors(e);
            dataset_page_with(f, Some(id), decision).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(serde::Deserialize)]
pub struct ProgrammeForm {
    #[serde(default)]
    programme_id: String,
}

pub async fn programme_add(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    rc: RegionContribute,
    Form(f): Form<ProgrammeForm>,
) -> Result<Response, WebError> {
    let form = editable(&state, &rc, id).await?;
    let result = data_uses::add_programme_use(&state.db, &rc.ctx.actor()?, rc.region.id, id, &f.programme_id).await;
    again(&state, rc, id, form, result, DecisionInput::default()).await
}

pub async fn programme_remove(
    State(state): State<AppState>,
    Path((_, id, pid)): Path<(String, i64, i64)>,
    rc: RegionContribute,
) -> Result<Response, WebError> {
    editable(&state, &rc, id).await?;
    data_uses::remove_programme_use(&state.db, &rc.ctx.actor()?, rc.region.id, id, pid).await?;
    done(&rc.ctx, "flash-deleted", &back(&rc.region, id)).await
}

pub async fn decision_add(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    rc: RegionContribute,
    Form(f): Form<DecisionInput>,
) -> Result<Response, WebError> {
    let form = editable(&state, &rc, id).await?;
    let result = data_uses::add_decision(&state.db, &rc.ctx.actor()?, rc.region.id, id, &f).await.map(|_| ());
    again(&state, rc, id, form, result, f).await
}

pub async fn decision_remove(
    State(state): State<AppState>,
    Path((_, id, did)): Path<(String, i64, i64)>,
    rc: RegionContribute,
) -> Result<Response, WebError> {
    editable(&state, &rc, id).await?;
    data_uses::remove_decision(&state.db, &rc.ctx.actor()?, rc.region.id, id, did).await?;
    done(&rc.ctx, "flash-deleted", &back(&rc.region, id)).await
}
