//! The national programme's settings: its name and the ministry's (table `programme`, one row).
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "programme")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub ministry_name: String,
    pub updated_at: ChronoDateTimeUtc,
    /// Stage 1 may start only once the MoU and the council's and team's SK decrees are recorded.
    pub stage1_needs_decrees: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
