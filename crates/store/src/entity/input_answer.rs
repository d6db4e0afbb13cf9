use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "input_answers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub input_id: i64,
    pub opd_id: i64,
    pub body: String,
    pub answered_by: Option<i64>,
    pub answered_by_name: String,
    pub answered_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
