use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "problems")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_id: i64,
    pub element_code: String,
    pub opd_id: Option<i64>,
    pub kind: String,
    pub title: String,
    pub description: Option<String>,
    pub evidence_figure: Option<String>,
    pub evidence_source: Option<String>,
    pub evidence_year: Option<i32>,
    pub severity: i32,
    pub affected_citizens: Option<i64>,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
