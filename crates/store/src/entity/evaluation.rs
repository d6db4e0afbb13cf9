use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "evaluations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub round_id: i64,
    pub region_id: i64,
    pub strengths: String,
    pub weaknesses: String,
    pub recommendations: String,
    pub index_score: Option<i64>,
    /// Every part with a weight had a score when `index_score` was stored; otherwise provisional.
    pub index_final: bool,
    pub letter_file_id: Option<i64>,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
