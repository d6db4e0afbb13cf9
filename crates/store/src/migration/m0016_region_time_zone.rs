//! A region's own time zone (WIB, WITA or WIT), so every time is shown as its people read it;
//! and the typeset source of each frozen book version, so its enacted files can be made from the
//! very text that was approved.

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0016_region_time_zone"
    }
}

/// Provinces (the first two digits of a Kemendagri code) outside WIB. Kalimantan Barat (61)
/// and Tengah (62) are WIB; Kalimantan Selatan, Timur and Utara, Bali, Nusa Tenggara and every
/// Sulawesi province are WITA; Maluku and Papua are WIT.
pub const WITA: &[&str] = &["51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"];
pub const WIT: &[&str] = &["81", "82", "91", "92", "93", "94", "95", "96", "97"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("regions"))
                .add_column(ColumnDef::new(Alias::new("time_zone")).string_len(4).not_null().default("WIB").to_owned())
                .to_owned(),
        )
        .await?;
        for (zone, provinces) in [("WITA", WITA), ("WIT", WIT)] {
            let mut q = Query::update();
            q.table(Alias::new("regions")).value(Alias::new("time_zone"), zone).and_where(
                Expr::cust_with_exprs("substr($1, 1, 2)", [Expr::col(Alias::new("code")).into()])
                    .is_in(provinces.iter().copied()),
            );
            m.exec_stmt(q).await?;
        }
        m.alter_table(
            Table::alter().table(Alias::new("book_versions")).add_column(big_null("source_file_id")).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(Alias::new("book_versions")).drop_column(Alias::new("source_file_id")).to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(Alias::new("regions")).drop_column(Alias::new("time_zone")).to_owned()).await
    }
}
