//! A region's candidacy for a cohort: its readiness screening and the programme office's decision.
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "cohort_candidates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub cohort_id: i64,
    pub region_id: i64,
    /// Readiness screening score, 0–100.
    pub score: Option<i32>,
    pub notes: Option<String>,
    /// A `domain::region::Decision` code.
    pub decision: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<ChronoDateTimeUtc>,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
