use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "regions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub kind: String,
    pub province: String,
    pub population: i64,
    pub cohort_id: Option<i64>,
    pub created_at: ChronoDateTimeUtc,
    /// The region's logo for the book cover and the public portal.
    pub logo_file_id: Option<i64>,
    /// WIB, WITA or WIT: every time of the region is shown in it.
    pub time_zone: String,
    /// The masterplan edition the region works on now (1 until its first review).
    pub edition: i32,
    /// The region had a masterplan before joining its cohort (the 2022 track takes those without).
    pub has_masterplan: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The region's kind (kota, kabupaten, provinsi); an unknown stored value reads as kabupaten.
    pub fn kind(&self) -> kotacerdas_domain::region::RegionKind {
        kotacerdas_domain::region::RegionKind::parse(&self.kind)
            .unwrap_or(kotacerdas_domain::region::RegionKind::Kabupaten)
    }
    /// The region's time zone; an unknown stored value reads as WIB.
    pub fn zone(&self) -> kotacerdas_domain::region::TimeZone {
        kotacerdas_domain::region::TimeZone::parse(&self.time_zone).unwrap_or(kotacerdas_domain::region::TimeZone::Wib)
    }
}
