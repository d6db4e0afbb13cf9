//! The reference framework: dimensions, elements, readiness pillars and their items.

use crate::auth::ApiUser;
use axum::Json;
use kotacerdas_domain::framework::{DIMENSIONS, PILLARS};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct FrameworkItem {
    pub code: String,
    pub name_id: String,
    pub name_en: String,
}

#[derive(Serialize, ToSchema)]
pub struct FrameworkGroup {
    pub code: String,
    pub name_id: String,
    pub name_en: String,
    /// Elements of a dimension, or sub-items of a pillar.
    pub items: Vec<FrameworkItem>,
}

#[derive(Serialize, ToSchema)]
pub struct Framework {
    /// Six dimensions with three elements each.
    pub dimensions: Vec<FrameworkGroup>,
    /// Three readiness pillars with three sub-items each.
    pub pillars: Vec<FrameworkGroup>,
}

/// The reference framework: dimensions, elements, readiness pillars and their items.
#[utoipa::path(get, path = "/api/v1/framework", tag = "programme", security(("bearer" = [])), responses((status = 200, body = Framework)))]
pub async fn framework(_user: ApiUser) -> Json<Framework> {
    use kotacerdas_domain::framework::Named;
    let item = |n: &Named| FrameworkItem { code: n.code.into(), name_id: n.name_id.into(), name_en: n.name_en.into() };
    let group = |n: &Named, items: &[Named]| FrameworkGroup {
        code: n.code.into(),
        name_id: n.name_id.into(),
        name_en: n.name_en.into(),
        items: items.iter().map(item).collect(),
    };
    Json(Framework {
        dimensions: DIMENSIONS.iter().map(|d| group(&d.named, &d.elements)).collect(),
        pillars: PILLARS.iter().map(|p| group(&p.named, &p.items)).collect(),
    })
}
