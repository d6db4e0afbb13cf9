use sea_orm::entity::prelude::*;
use serde::Serialize;

/// A programme of the region that uses a data set.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "dataset_programmes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dataset_id: i64,
    pub programme_id: i64,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
