use sea_orm::entity::prelude::*;
use serde::Serialize;

/// One import of a year's adopted plan; the highest revision is the year's list.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "rkpd_imports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_id: i64,
    pub year: i32,
    pub revision: i32,
    pub label: String,
    pub file_name: String,
    pub items: i32,
    pub subtotal_rows: i32,
    pub total_pagu: i64,
    pub imported_by: Option<i64>,
    pub imported_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
