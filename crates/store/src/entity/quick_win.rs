use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "quick_wins")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub selected: bool,
    pub problem: String,
    pub solution: String,
    pub owner: String,
    pub beneficiaries: String,
    pub start_date: Date,
    pub months: i32,
    pub metric_name: String,
    pub metric_unit: String,
    pub metric_before: String,
    pub metric_target: String,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
