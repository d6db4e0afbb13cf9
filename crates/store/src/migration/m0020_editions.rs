//! Editions of a masterplan: a region reviews its masterplan after some years and starts a new
//! cycle. The current edition's number is on the region; stages and book versions carry the
//! edition they belong to; a closed edition keeps its record (period, MoU, regulation, a
//! snapshot of its programmes) in `editions`.

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0020_editions"
    }
}

fn edition_col() -> ColumnDef {
    ColumnDef::new(Alias::new("edition")).integer().not_null().default(1).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            table("editions")
                .col(id())
                .col(big("region_id"))
                .col(int("number"))
                .col(int("period_start"))
                .col(int("period_end"))
                .col(string_null("mou_number", 200))
                .col(date_null("mou_signed_on"))
                .col(big_null("mou_file_id"))
                .col(string_null("regulation_type", 16))
                .col(string_null("regulation_number", 60))
                .col(date_null("regulation_date"))
                .col(big_null("book_file_id"))
                .col(text("snapshot"))
                .col(text_null("reason"))
                .col(text_null("notes"))
                .col(date("closed_on"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("editions", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("editions", "mou_file_id", "files", "id", false))
                .foreign_key(&mut fk("editions", "book_file_id", "files", "id", false))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ux_editions_region_number", "editions", &["region_id", "number"], true)).await?;
        for t in ["regions", "stages", "book_versions"] {
            m.alter_table(Table::alter().table(Alias::new(t)).add_column(edition_col()).to_owned()).await?;
        }
        // A stage number is unique per edition now, no longer per region.
        m.drop_index(Index::drop().name("ux_stages_region_number").table(Alias::new("stages")).to_owned()).await?;
        m.create_index(index("ix_stages_region_edition", "stages", &["region_id", "edition", "number"], true)).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ix_stages_region_edition").table(Alias::new("stages")).to_owned()).await?;
        m.create_index(index("ux_stages_region_number", "stages", &["region_id", "number"], true)).await?;
        for t in ["book_versions", "stages", "regions"] {
            m.alter_table(Table::alter().table(Alias::new(t)).drop_column(Alias::new("edition")).to_owned()).await?;
        }
        m.drop_table(Table::drop().table(Alias::new("editions")).to_owned()).await
    }
}
