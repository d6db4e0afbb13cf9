//! Stage 1, continued: regional profile figures, gap and SWOT lists, regulations and
//! institutions, and review comments per section.

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0004_analysis_more"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            // One value per indicator and year; `value` is a normalised decimal ("72.35") or whole
            // rupiah ("1250000000"), never a float.
            table("profile_figures")
                .col(id())
                .col(big("region_id"))
                .col(string("indicator", 40))
                .col(string_null("label", 200))
                .col(string("unit", 40))
                .col(int("year"))
                .col(string("value", 40))
                .col(string_null("source", 300))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("profile_figures", "region_id", "regions", "id", true))
                .to_owned(),
            table("swot_items")
                .col(id())
                .col(big("region_id"))
                .col(string("pillar_code", 16))
                .col(string_null("dimension_code", 16))
                .col(string("kind", 16))
                .col(text("text"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("swot_items", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("swot_items", "pillar_code", "pillars", "code", false))
                .foreign_key(&mut fk("swot_items", "dimension_code", "dimensions", "code", false))
                .to_owned(),
            table("regulations")
                .col(id())
                .col(big("region_id"))
                .col(string("kind", 16))
                .col(string("number", 100))
                .col(int("year"))
                .col(string("title", 500))
                .col(string("status", 16))
                .col(string_null("url", 500))
                .col(big_null("file_id"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("regulations", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("regulations", "file_id", "files", "id", false))
                .to_owned(),
            table("institutions")
                .col(id())
                .col(big("region_id"))
                .col(string("name", 200))
                .col(string("kind", 100))
                .col(string_null("legal_basis", 300))
                .col(text_null("description"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("institutions", "region_id", "regions", "id", true))
                .to_owned(),
            table("section_comments")
                .col(id())
                .col(big("region_id"))
                .col(string("section", 32))
                .col(big("author_id"))
                .col(text("body"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("section_comments", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("section_comments", "author_id", "users", "id", false))
                .to_owned(),
        ];
        for t in tables {
            m.create_table(t).await?;
        }
        for (name, t, cols, unique) in [
            ("ux_profile_region_ind_year", "profile_figures", vec!["region_id", "indicator", "year"], true),
            ("ix_swot_region", "swot_items", vec!["region_id", "pillar_code"], false),
            ("ix_regulations_region", "regulations", vec!["region_id"], false),
            ("ix_institutions_region", "institutions", vec!["region_id"], false),
            ("ix_section_comments", "section_comments", vec!["region_id", "section"], false),
        ] {
            m.create_index(index(name, t, &cols, unique)).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["section_comments", "institutions", "regulations", "swot_items", "profile_figures"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
