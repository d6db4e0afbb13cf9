//! The SK decree forming a region's Dewan Smart City or Tim Pelaksana, with its signed document.
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "sk_decrees")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_id: i64,
    /// A `domain::region::Body` code: dewan or tim (one decree per body).
    pub body: String,
    pub number: String,
    pub issued_on: ChronoDate,
    pub file_id: Option<i64>,
    pub notes: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
