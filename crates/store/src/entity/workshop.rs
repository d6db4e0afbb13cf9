use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "workshops")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_id: i64,
    pub stage_id: i64,
    pub starts_on: ChronoDate,
    pub ends_on: ChronoDate,
    pub venue: String,
    /// in_person, online or hybrid (`domain::workshop::WorkshopMode`).
    pub mode: String,
    pub meeting_link: Option<String>,
    pub opened_by_name: Option<String>,
    pub opened_by_position: Option<String>,
    pub closed_by_name: Option<String>,
    pub closed_by_position: Option<String>,
    /// planned, held or cancelled (`domain::workshop::WorkshopStatus`).
    pub status: String,
    pub notes: Option<String>,
    pub minutes_summary: Option<String>,
    pub minutes_decisions: Option<String>,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
