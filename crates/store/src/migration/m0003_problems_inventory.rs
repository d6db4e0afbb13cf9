//! Stage 1: the problem register (per element) and the application and data inventory.

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0003_problems_inventory"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            table("problems")
                .col(id())
                .col(big("region_id"))
                .col(string("element_code", 16))
                .col(big_null("opd_id"))
                .col(string("kind", 16))
                .col(string("title", 300))
                .col(text_null("description"))
                .col(string_null("evidence_figure", 200))
                .col(string_null("evidence_source", 300))
                .col(ColumnDef::new(Alias::new("evidence_year")).integer().null())
                .col(int("severity"))
                .col(big_null("affected_citizens"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("problems", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("problems", "element_code", "elements", "code", false))
                .foreign_key(&mut fk("problems", "opd_id", "opds", "id", false))
                .to_owned(),
        )
        .await?;
        m.create_table(
            table("apps")
                .col(id())
                .col(big("region_id"))
                .col(big("opd_id"))
                .col(string("name", 200))
                .col(text("purpose"))
                .col(string("users", 300))
                .col(string("status", 16))
                .col(string("hosting", 32))
                .col(text_null("integrations"))
                .col(string_null("element_code", 16))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("apps", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("apps", "opd_id", "opds", "id", false))
                .foreign_key(&mut fk("apps", "element_code", "elements", "code", false))
                .to_owned(),
        )
        .await?;
        m.create_table(
            table("datasets")
                .col(id())
                .col(big("region_id"))
                .col(big("opd_id"))
                .col(string("name", 200))
                .col(string("frequency", 16))
                .col(boolean("open"))
                .col(string_null("element_code", 16))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("datasets", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("datasets", "opd_id", "opds", "id", false))
                .foreign_key(&mut fk("datasets", "element_code", "elements", "code", false))
                .to_owned(),
        )
        .await?;
        // Which app produces which data set, and which apps use it.
        m.create_table(
            table("app_datasets")
                .col(id())
                .col(big("app_id"))
                .col(big("dataset_id"))
                .col(string("relation", 16))
                .foreign_key(&mut fk("app_datasets", "app_id", "apps", "id", true))
                .foreign_key(&mut fk("app_datasets", "dataset_id", "datasets", "id", true))
                .to_owned(),
        )
        .await?;
        for (name, t, cols, unique) in [
            ("ix_problems_region", "problems", vec!["region_id", "element_code"], false),
            ("ix_apps_region", "apps", vec!["region_id"], false),
            ("ix_datasets_region", "datasets", vec!["region_id"], false),
            ("ux_app_datasets", "app_datasets", vec!["app_id", "dataset_id", "relation"], true),
        ] {
            m.create_index(index(name, t, &cols, unique)).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["app_datasets", "datasets", "apps", "problems"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
