use sea_orm::entity::prelude::*;
use serde::Serialize;

/// A decision or policy that used a data set.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "dataset_decisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dataset_id: i64,
    pub decided_on: Date,
    pub description: String,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
