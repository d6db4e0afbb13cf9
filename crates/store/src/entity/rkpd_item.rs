use sea_orm::entity::prelude::*;
use serde::Serialize;

/// A sub-activity of an imported RKPD/APBD, as the file named it (the OPD by its name there).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "rkpd_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub import_id: i64,
    pub region_id: i64,
    pub row: i32,
    pub code: String,
    pub name: String,
    pub opd_name: String,
    pub indicator: String,
    pub target: String,
    pub pagu: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
