//! Stage 1 readiness: one score (1–5) per pillar sub-item × dimension per region, with a note
//! and evidence (a link or an uploaded file).

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0002_readiness"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("readiness_scores"))
                .if_not_exists()
                .col(id())
                .col(big("region_id"))
                .col(string("item_code", 16))
                .col(string("dimension_code", 16))
                .col(int("score"))
                .col(text_null("note"))
                .col(string_null("evidence_url", 500))
                .col(big_null("evidence_file_id"))
                .col(ts("updated_at"))
                .col(big_null("updated_by"))
                .foreign_key(&mut fk("readiness_scores", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("readiness_scores", "item_code", "pillar_items", "code", false))
                .foreign_key(&mut fk("readiness_scores", "dimension_code", "dimensions", "code", false))
                .foreign_key(&mut fk("readiness_scores", "evidence_file_id", "files", "id", false))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_readiness_region_item_dim")
                .table(Alias::new("readiness_scores"))
                .col(Alias::new("region_id"))
                .col(Alias::new("item_code"))
                .col(Alias::new("dimension_code"))
                .unique()
                .if_not_exists()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("readiness_scores")).if_exists().to_owned()).await
    }
}
