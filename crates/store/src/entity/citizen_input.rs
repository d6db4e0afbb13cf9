use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "citizen_inputs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub consultation_id: i64,
    pub region_id: i64,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub dimension_code: String,
    pub element_code: Option<String>,
    pub kecamatan: Option<String>,
    pub kelurahan: Option<String>,
    pub author_name: String,
    pub user_id: Option<i64>,
    pub sender_hash: String,
    pub photo_file_id: Option<i64>,
    pub status: String,
    pub moderation_reason: Option<String>,
    pub moderated_at: Option<ChronoDateTimeUtc>,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
