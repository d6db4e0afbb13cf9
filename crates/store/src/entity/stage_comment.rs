use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "stage_comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub stage_id: i64,
    pub region_id: i64,
    pub author_id: i64,
    pub action: String,
    pub body: String,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
