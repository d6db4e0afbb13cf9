//! A programme of a region's masterplan register (table `programmes`).
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "programmes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_id: i64,
    pub opd_id: i64,
    pub element_code: String,
    pub name: String,
    pub brand_name: Option<String>,
    pub description: String,
    pub horizon: String,
    pub start_year: i32,
    pub end_year: i32,
    pub output: Option<String>,
    pub outcome: Option<String>,
    pub updated_at: ChronoDateTimeUtc,
    pub gov_code: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The programme as people know it: its name with its local brand (`domain::programme::named`).
    pub fn named(&self) -> String {
        kotacerdas_domain::programme::named(&self.name, self.brand_name.as_deref())
    }
}
