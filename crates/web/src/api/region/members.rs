//! A region's council (dewan) and implementation team (tim).

use super::{actor, created, ApiResult};
use crate::access::{ApiRegionManage, ApiRegionView};
use crate::api::ApiBody;
use crate::error::ApiErrorBody;
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use axum::Json;
use kotacerdas_store::entity::member;
use kotacerdas_store::region::members;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct MemberDto {
    pub id: i64,
    /// dewan (council) or tim (implementation team).
    pub body: String,
    /// chair, vice_chair, secretary, steering or member; lists come in this order.
    pub role: String,
    pub name: String,
    pub position: String,
    pub institution: Option<String>,
    /// Council members: government, business, academia, community, media.
    pub helix: Option<String>,
    /// Team members: GOV, BRA, ECO, LIV, SOC, ENV.
    pub dimension_code: Option<String>,
    pub opd_id: Option<i64>,
    pub sk_number: String,
    pub sk_date: String,
}

impl From<member::Model> for MemberDto {
    fn from(m: member::Model) -> Self {
        MemberDto {
            id: m.id,
            body: m.body,
            role: m.role,
            name: m.name,
            position: m.position,
            institution: m.institution,
            helix: m.helix,
            dimension_code: m.dimension_code,
            opd_id: m.opd_id,
            sk_number: m.sk_number,
            sk_date: m.sk_date.to_string(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
#[serde(untagged)]
pub enum MemberBody {
    /// A council member: which of the five helices they speak for, and their role (default member).
    Council {
        body: CouncilDoc,
        helix: HelixDoc,
        role: Option<RoleDoc>,
        #[serde(flatten)]
        common: MemberCommon,
    },
    /// The team's chair(s), vice chair, secretary or steering members: over the whole team, so
    /// the dimension is optional.
    TeamLead {
        body: TeamDoc,
        role: LeadRoleDoc,
        dimension_code: Option<DimensionDoc>,
        #[serde(flatten)]
        common: MemberCommon,
    },
    /// A team member: the Smart City dimension they work on.
    Team {
        body: TeamDoc,
        dimension_code: DimensionDoc,
        role: Option<MemberRoleDoc>,
        #[serde(flatten)]
        common: MemberCommon,
    },
}

/// A member as read: one flat object; `MemberBody` documents which fields each body needs.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct MemberWire {
    #[serde(deserialize_with = "crate::api::optional_text")]
    pub body: String,
    pub name: String,
    pub position: String,
    #[serde(deserialize_with = "crate::api::optional_text")]
    pub institution: String,
    #[serde(deserialize_with = "crate::api::optional_text")]
    pub helix: String,
    #[serde(deserialize_with = "crate::api::optional_text")]
    pub dimension_code: String,
    #[serde(deserialize_with = "crate::api::whole_number")]
    pub opd_id: String,
    pub sk_number: String,
    pub sk_date: String,
    /// Empty (absent or null) means a plain member, so older clients keep working.
    #[serde(deserialize_with = "crate::api::optional_text")]
    pub role: String,
}

impl From<MemberWire> for kotacerdas_domain::region::MemberInput {
    fn from(b: MemberWire) -> Self {
        let MemberWire { body, name, position, institution, helix, dimension_code, opd_id, sk_number, sk_date, role } =
            b;
        Self { body, name, position, institution, helix, dimension_code, opd_id, sk_number, sk_date, role }
    }
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct MemberCommon {
    #[schema(min_length = 1, max_length = 200)]
    name: String,
    #[schema(min_length = 1, max_length = 200)]
    position: String,
    #[schema(max_length = 200)]
    institution: Option<String>,
    /// The id of one of the region's OPDs.
    opd_id: Option<i64>,
    /// Number of the decree (SK) that appoints the member.
    #[schema(min_length = 1, max_length = 200)]
    sk_number: String,
    #[schema(format = Date, pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
    sk_date: String,
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
#[serde(rename_all = "snake_case")]
pub enum CouncilDoc {
    Dewan,
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
#[serde(rename_all = "snake_case")]
pub enum TeamDoc {
    Tim,
}

/// Any role in a body, in the order lists show them.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
#[serde(rename_all = "snake_case")]
pub enum RoleDoc {
    Chair,
    ViceChair,
    Secretary,
    Steering,
    Member,
}

/// The roles that lead or steer the whole team.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
#[serde(rename_all = "snake_case")]
pub enum LeadRoleDoc {
    Chair,
    ViceChair,
    Secretary,
    Steering,
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
#[serde(rename_all = "snake_case")]
pub enum MemberRoleDoc {
    Member,
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
#[serde(rename_all = "snake_case")]
pub enum HelixDoc {
    Government,
    Business,
    Academia,
    Community,
    Media,
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
#[serde(rename_all = "UPPERCASE")]
pub enum DimensionDoc {
    Gov,
    Bra,
    Eco,
    Liv,
    Soc,
    Env,
}

#[utoipa::path(get, path = "/api/v1/regions/{code}/members", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 200, body = [MemberDto]), (status = 404, body = ApiErrorBody)))]
pub async fn list_members(
    State(state): State<AppState>,
    ApiRegionView { region: r, .. }: ApiRegionView,
) -> ApiResult<Json<Vec<MemberDto>>> {
    Ok(Json(members::list(&state.db, r.id).await?.into_iter().map(MemberDto::from).collect()))
}

#[utoipa::path(post, path = "/api/v1/regions/{code}/members", tag = "regions", security(("bearer" = [])), params(("code" = String, Path)), request_body = MemberBody,
    responses((status = 201, body = MemberDto), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_member(
    State(state): State<AppState>,
    ApiRegionManage { user: p, region: r, .. }: ApiRegionManage,
    ApiBody(body): ApiBody<MemberWire>,
) -> ApiResult<Response> {
    let input: kotacerdas_domain::region::MemberInput = body.into();
    Ok(created(MemberDto::from(members::create(&state.db, &actor(&p), r.id, &input).await?)))
}
