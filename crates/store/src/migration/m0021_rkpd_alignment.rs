//! The adopted yearly plan (RKPD/APBD) brought back from the region's planning system, and the
//! links between its sub-activities and the masterplan's programmes. Every import of a year is
//! kept (`revision` 1, 2 … — the APBD-P replaces the APBD as the year's list, the earlier stays
//! for the record); links are keyed by the item's code and name so they outlive a re-import.

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0021_rkpd_alignment"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            table("rkpd_profiles")
                .col(id())
                .col(big("region_id"))
                .col(text("columns"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("rkpd_profiles", "region_id", "regions", "id", true))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ux_rkpd_profiles_region", "rkpd_profiles", &["region_id"], true)).await?;
        m.create_table(
            table("rkpd_imports")
                .col(id())
                .col(big("region_id"))
                .col(int("year"))
                .col(int("revision"))
                .col(string("label", 100))
                .col(string("file_name", 255))
                .col(int("items"))
                .col(int("subtotal_rows"))
                .col(big("total_pagu"))
                .col(big_null("imported_by"))
                .col(ts("imported_at"))
                .foreign_key(&mut fk("rkpd_imports", "region_id", "regions", "id", true))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ux_rkpd_imports_year_rev", "rkpd_imports", &["region_id", "year", "revision"], true))
            .await?;
        m.create_table(
            table("rkpd_items")
                .col(id())
                .col(big("import_id"))
                .col(big("region_id"))
                .col(int("row"))
                .col(string("code", 60))
                .col(text("name"))
                .col(text("opd_name"))
                .col(text("indicator"))
                .col(text("target"))
                .col(big("pagu"))
                .foreign_key(&mut fk("rkpd_items", "import_id", "rkpd_imports", "id", true))
                .foreign_key(&mut fk("rkpd_items", "region_id", "regions", "id", true))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_rkpd_items_import", "rkpd_items", &["import_id"], false)).await?;
        m.create_table(
            table("alignment_links")
                .col(id())
                .col(big("region_id"))
                .col(big("programme_id"))
                .col(text("item_key"))
                .col(string("kind", 16))
                .col(big_null("created_by"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("alignment_links", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("alignment_links", "programme_id", "programmes", "id", true))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_alignment_links_region", "alignment_links", &["region_id"], false)).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["alignment_links", "rkpd_items", "rkpd_imports", "rkpd_profiles"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned()).await?;
        }
        Ok(())
    }
}
