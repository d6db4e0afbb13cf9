//! A region that a kawasan (a planning unit of kind `kawasan`) spans.
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "kawasan_members")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The kawasan's own region row.
    pub kawasan_id: i64,
    /// A member region (kabupaten or kota).
    pub region_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
