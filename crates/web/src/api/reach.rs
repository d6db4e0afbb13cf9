//! `PUT /api/v1/regions/{code}/programmes/{id}/also-serves`: the further elements a programme
//! serves besides its primary one. The body replaces the set; it is checked by the same rule as
//! the programme form (`kotacerdas_domain::reach::validate`, through the programme's validation)
//! and audited as a change of the programme. The programme list answers the set as
//! `also_serves` and the dimensions it adds as `also_serves_dimensions`.

use crate::access::{ensure, ApiRegionContribute};
use crate::api::plan::ProgrammeDto;
use crate::api::region::{actor, ApiResult};
use crate::api::ApiBody;
use crate::error::ApiErrorBody;
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use kotacerdas_domain::programme_input::ProgrammeInput;
use kotacerdas_store::plan::programmes;
use serde::Deserialize;
use utoipa::ToSchema;

/// An element of the framework (see `GET /api/v1/framework`).
#[derive(Deserialize, ToSchema)]
#[schema(as = ElementCode)]
#[allow(dead_code, clippy::upper_case_acronyms)]
enum ElementCodeDoc {
    #[serde(rename = "GOV-PS")]
    GovPs,
    #[serde(rename = "GOV-BM")]
    GovBm,
    #[serde(rename = "GOV-PP")]
    GovPp,
    #[serde(rename = "BRA-TO")]
    BraTo,
    #[serde(rename = "BRA-BU")]
    BraBu,
    #[serde(rename = "BRA-CA")]
    BraCa,
    #[serde(rename = "ECO-IN")]
    EcoIn,
    #[serde(rename = "ECO-WE")]
    EcoWe,
    #[serde(rename = "ECO-TR")]
    EcoTr,
    #[serde(rename = "LIV-HA")]
    LivHa,
    #[serde(rename = "LIV-HE")]
    LivHe,
    #[serde(rename = "LIV-MO")]
    LivMo,
    #[serde(rename = "SOC-CO")]
    SocCo,
    #[serde(rename = "SOC-LE")]
    SocLe,
    #[serde(rename = "SOC-SE")]
    SocSe,
    #[serde(rename = "ENV-PR")]
    EnvPr,
    #[serde(rename = "ENV-WA")]
    EnvWa,
    #[serde(rename = "ENV-EN")]
    EnvEn,
}

/// The further elements a programme serves, replacing the ones it had. Not its primary element,
/// each once, at most six; an empty list clears them.
#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReachBody {
    /// Absent is refused (422): an empty list clears the set, a missing one is a mistake.
    #[schema(value_type = Vec<ElementCodeDoc>, required = true, max_items = 6)]
    pub also_serves: Option<Vec<String>>,
}

#[utoipa::path(put, path = "/api/v1/regions/{code}/programmes/{id}/also-serves", tag = "regions", security(("bearer" = [])),
    params(("code" = String, Path), ("id" = i64, Path)), request_body = ReachBody,
    responses((status = 200, body = ProgrammeDto), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn put_also_serves(
    State(state): State<AppState>,
    Path((_code, id)): Path<(String, i64)>,
    ApiRegionContribute { user: p, region: r, .. }: ApiRegionContribute,
    ApiBody(body): ApiBody<ReachBody>,
) -> ApiResult<Json<ProgrammeDto>> {
    let before = programmes::get(&state.db, r.id, id).await?;
    ensure(p.can_edit_opd(r.id, before.programme.opd_id))?;
    // Everything else as stored: only the set changes, and the whole programme is checked again.
    let Some(also_serves) = body.also_serves else {
        let mut e = kotacerdas_domain::validate::Errors::new();
        e.add("also_serves", "err-required", None);
        return Err(crate::error::ApiError(crate::error::WebError::Invalid(e)));
    };
    let input = ProgrammeInput { also_serves, ..ProgrammeInput::from(&before) };
    programmes::save(&state.db, &actor(&p), r.id, Some(id), &input).await?;
    Ok(Json(programmes::get(&state.db, r.id, id).await?.into()))
}
