//! Issue 18, part 5: a programme keeps its one primary element (its money is counted there) and
//! may name further elements it also serves — a flagship such as a digital public service mall
//! serves governance, economy and society at once. One row per (programme, further element).

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0023_programme_reach"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            table("programme_reach")
                .col(id())
                .col(big("programme_id"))
                .col(string("element_code", 16))
                .foreign_key(&mut fk("programme_reach", "programme_id", "programmes", "id", true))
                .foreign_key(&mut fk("programme_reach", "element_code", "elements", "code", false))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ux_programme_reach", "programme_reach", &["programme_id", "element_code"], true)).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("programme_reach")).if_exists().to_owned()).await
    }
}
