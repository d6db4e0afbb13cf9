use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "evaluation_scores")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub evaluation_id: i64,
    pub part: String,
    pub self_score: Option<i64>,
    pub score: Option<i64>,
    pub self_note: String,
    pub note: String,
    pub evidence_file_id: Option<i64>,
    /// Why the evaluator's score departs from the computed suggestion (empty when it does not).
    pub reason: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
