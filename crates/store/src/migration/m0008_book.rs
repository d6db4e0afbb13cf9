//! Stage 4: the book's editable narrative per section and language, the region's logo for the
//! cover, and frozen versions of the book with their workflow events.

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0008_book"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Alias::new("regions")).add_column(big_null("logo_file_id")).to_owned())
            .await?;
        let tables = [
            table("book_texts")
                .col(id())
                .col(big("region_id"))
                .col(string("section", 32))
                .col(string("lang", 4))
                .col(text("body"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("book_texts", "region_id", "regions", "id", true))
                .to_owned(),
            table("book_versions")
                .col(id())
                .col(big("region_id"))
                .col(int("number"))
                .col(string("label", 200))
                .col(string("status", 16))
                .col(text("snapshot"))
                .col(string("build_state", 16))
                .col(text_null("build_error"))
                .col(ColumnDef::new(Alias::new("pages")).integer().null().to_owned())
                .col(big_null("pdf_file_id"))
                .col(big_null("docx_file_id"))
                .col(big_null("pdf_en_file_id"))
                .col(string_null("regulation_type", 16))
                .col(string_null("regulation_number", 100))
                .col(date_null("regulation_date"))
                .col(big_null("scan_file_id"))
                .col(big_null("created_by"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("book_versions", "region_id", "regions", "id", true))
                .to_owned(),
            table("book_version_events")
                .col(id())
                .col(big("version_id"))
                .col(string("action", 16))
                .col(string("status_after", 16))
                .col(text("comment"))
                .col(big_null("actor_id"))
                .col(string("actor_name", 200))
                .col(ts("at"))
                .foreign_key(&mut fk("book_version_events", "version_id", "book_versions", "id", true))
                .to_owned(),
        ];
        for t in tables {
            m.create_table(t).await?;
        }
        for (name, t, cols) in [
            ("ux_book_texts", "book_texts", vec!["region_id", "section", "lang"]),
            ("ux_book_versions", "book_versions", vec!["region_id", "number"]),
            ("ix_book_version_events", "book_version_events", vec!["version_id"]),
        ] {
            m.create_index(index(name, t, &cols, name.starts_with("ux_"))).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["book_version_events", "book_versions", "book_texts"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned()).await?;
        }
        m.alter_table(Table::alter().table(Alias::new("regions")).drop_column(Alias::new("logo_file_id")).to_owned())
            .await
    }
}
