use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "book_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_id: i64,
    /// 1, 2, 3… per region.
    pub number: i32,
    pub label: String,
    pub status: String,
    /// The data the version was generated from, as JSON (`kotacerdas_domain::versions::Snapshot`).
    #[serde(skip)]
    pub snapshot: String,
    /// queued → pdf → docx → storing → done, or failed.
    pub build_state: String,
    pub build_error: Option<String>,
    pub pages: Option<i32>,
    pub pdf_file_id: Option<i64>,
    pub docx_file_id: Option<i64>,
    pub pdf_en_file_id: Option<i64>,
    pub regulation_type: Option<String>,
    pub regulation_number: Option<String>,
    pub regulation_date: Option<Date>,
    pub scan_file_id: Option<i64>,
    /// The typeset source (both editions as JSON) the files were made from.
    pub source_file_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: ChronoDateTimeUtc,
    /// The masterplan edition the version belongs to.
    pub edition: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
