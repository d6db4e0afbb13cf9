use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "stages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_id: i64,
    /// The masterplan edition whose stage this is.
    pub edition: i32,
    pub number: i32,
    pub planned_start: Option<ChronoDate>,
    pub planned_end: Option<ChronoDate>,
    pub held_start: Option<ChronoDate>,
    pub held_end: Option<ChronoDate>,
    pub status: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<ChronoDateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
