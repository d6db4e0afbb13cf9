use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "datasets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_id: i64,
    pub opd_id: i64,
    pub name: String,
    pub frequency: String,
    pub open: bool,
    pub element_code: Option<String>,
    pub updated_at: ChronoDateTimeUtc,
    /// A `data_yardstick::Topic` code.
    pub topic: String,
    /// The walidata or producer that keeps it.
    pub steward: Option<String>,
    /// Official data of Satu Data Indonesia, held by the walidata.
    pub authoritative: bool,
    pub last_updated: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
