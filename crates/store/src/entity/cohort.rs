use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "cohorts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Several cohorts a year (one per track); (year, name) is unique.
    pub year: i32,
    pub name: String,
    pub notes: Option<String>,
    /// A `domain::region::Track` code: regular, tourism area, new city area, …
    pub track: String,
    /// How many regions the cohort takes; none: no limit.
    pub quota: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
