//! The programme office's list of users and their roles.

use crate::access::ApiAdmin;
use crate::api::region::ApiResult;
use crate::error::ApiErrorBody;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use kotacerdas_store::accounts::users;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct UserDto {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub disabled: bool,
    pub roles: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/users", tag = "programme", security(("bearer" = [])), responses((status = 200, body = [UserDto]), (status = 403, body = ApiErrorBody)))]
pub async fn list_users(_admin: ApiAdmin, State(state): State<AppState>) -> ApiResult<Json<Vec<UserDto>>> {
    Ok(Json(
        users::list(&state.db)
            .await?
            .into_iter()
            .map(|u| UserDto {
                id: u.user.id,
                username: u.user.username,
                display_name: u.user.display_name,
                disabled: u.user.disabled,
                roles: u
                    .assignments
                    .into_iter()
                    .map(|a| format!("{}{}", a.role, a.region_code.map(|c| format!("@{c}")).unwrap_or_default()))
                    .collect(),
            })
            .collect(),
    ))
}
