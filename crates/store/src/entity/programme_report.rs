use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "programme_reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub period_id: i64,
    pub programme_id: i64,
    pub status: String,
    pub budget_realised: i64,
    pub narrative: String,
    pub evidence_file_id: Option<i64>,
    pub updated_by: Option<i64>,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
