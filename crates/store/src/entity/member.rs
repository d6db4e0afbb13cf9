use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "members")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_id: i64,
    pub body: String,
    pub name: String,
    pub position: String,
    pub institution: Option<String>,
    pub helix: Option<String>,
    pub dimension_code: Option<String>,
    pub opd_id: Option<i64>,
    pub sk_number: String,
    pub sk_date: ChronoDate,
    /// chair, vice_chair, secretary, steering or member (`domain::region::MemberRole`).
    pub role: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
