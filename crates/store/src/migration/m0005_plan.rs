//! Stages 2–3, first part: RPJMD/RPD periods with their missions, goals and targets; the
//! masterplan's start year and vision; smart city missions, goals and strategies linked to them.

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0005_plan"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            table("plan_periods")
                .col(id())
                .col(big("region_id"))
                .col(string("kind", 16))
                .col(int("start_year"))
                .col(int("end_year"))
                .col(text("vision"))
                .col(string_null("regulation", 200))
                .foreign_key(&mut fk("plan_periods", "region_id", "regions", "id", true))
                .to_owned(),
            table("plan_items")
                .col(id())
                .col(big("region_id"))
                .col(big("period_id"))
                .col(string("level", 16))
                .col(string("code", 40))
                .col(text("text"))
                .foreign_key(&mut fk("plan_items", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("plan_items", "period_id", "plan_periods", "id", true))
                .to_owned(),
            table("masterplans")
                .col(id())
                .col(big("region_id").unique_key())
                .col(int("start_year"))
                .col(text("vision"))
                .col(text_null("explanation"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("masterplans", "region_id", "regions", "id", true))
                .to_owned(),
            table("vision_items")
                .col(id())
                .col(big("region_id"))
                .col(string("level", 16))
                .col(string("code", 40))
                .col(text("text"))
                .col(string_null("dimension_code", 16))
                .col(string_null("element_code", 16))
                .col(big_null("plan_item_id"))
                .foreign_key(&mut fk("vision_items", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("vision_items", "dimension_code", "dimensions", "code", false))
                .foreign_key(&mut fk("vision_items", "element_code", "elements", "code", false))
                .foreign_key(&mut fk("vision_items", "plan_item_id", "plan_items", "id", false))
                .to_owned(),
        ];
        for t in tables {
            m.create_table(t).await?;
        }
        for (name, t, col) in [
            ("ix_plan_periods_region", "plan_periods", "region_id"),
            ("ix_plan_items_period", "plan_items", "period_id"),
            ("ix_vision_items_region", "vision_items", "region_id"),
        ] {
            m.create_index(
                Index::create().name(name).table(Alias::new(t)).col(Alias::new(col)).if_not_exists().to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["vision_items", "masterplans", "plan_items", "plan_periods"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
