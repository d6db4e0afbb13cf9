use sea_orm::entity::prelude::*;
use serde::Serialize;

/// A closed edition of a region's masterplan (the current one lives in the region's rows).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "editions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_id: i64,
    pub number: i32,
    pub period_start: i32,
    pub period_end: i32,
    pub mou_number: Option<String>,
    pub mou_signed_on: Option<Date>,
    pub mou_file_id: Option<i64>,
    pub regulation_type: Option<String>,
    pub regulation_number: Option<String>,
    pub regulation_date: Option<Date>,
    /// The enacted book (PDF) of the edition, when there is one.
    pub book_file_id: Option<i64>,
    /// Its programmes as JSON (`Vec<kotacerdas_domain::edition::SnapProgramme>`).
    #[serde(skip)]
    pub snapshot: String,
    pub reason: Option<String>,
    pub notes: Option<String>,
    pub closed_on: Date,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
