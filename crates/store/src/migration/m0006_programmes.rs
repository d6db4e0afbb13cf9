//! Stage 3, first part: programmes per OPD, their yearly targets, and budgets by funding source
//! in whole rupiah (BIGINT, never a float).

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0006_programmes"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            table("programmes")
                .col(id())
                .col(big("region_id"))
                .col(big("opd_id"))
                .col(string("element_code", 16))
                .col(string("name", 300))
                .col(string_null("brand_name", 200))
                .col(text("description"))
                .col(string("horizon", 16))
                .col(int("start_year"))
                .col(int("end_year"))
                .col(text_null("output"))
                .col(text_null("outcome"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("programmes", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("programmes", "opd_id", "opds", "id", false))
                .foreign_key(&mut fk("programmes", "element_code", "elements", "code", false))
                .to_owned(),
            table("programme_years")
                .col(id())
                .col(big("programme_id"))
                .col(int("year"))
                .col(text("target"))
                .foreign_key(&mut fk("programme_years", "programme_id", "programmes", "id", true))
                .to_owned(),
            table("programme_budgets")
                .col(id())
                .col(big("programme_id"))
                .col(int("year"))
                .col(string("source", 16))
                .col(big("amount"))
                .foreign_key(&mut fk("programme_budgets", "programme_id", "programmes", "id", true))
                .to_owned(),
        ];
        for t in tables {
            m.create_table(t).await?;
        }
        for (name, t, cols) in [
            ("ix_programmes_region", "programmes", vec!["region_id"]),
            ("ux_programme_years", "programme_years", vec!["programme_id", "year"]),
            ("ux_programme_budgets", "programme_budgets", vec!["programme_id", "year", "source"]),
        ] {
            m.create_index(index(name, t, &cols, name.starts_with("ux_"))).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["programme_budgets", "programme_years", "programmes"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
