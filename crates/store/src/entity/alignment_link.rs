use sea_orm::entity::prelude::*;
use serde::Serialize;

/// A person's decision about a programme and an RKPD item (manual, confirmed or rejected),
/// keyed by the item's code and name (`domain::alignment::item_key`) to outlive re-imports.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "alignment_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_id: i64,
    pub programme_id: i64,
    pub item_key: String,
    pub kind: String,
    pub created_by: Option<i64>,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
