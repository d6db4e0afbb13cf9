//! Issue 16, findings 8 and 9: a council or team member's role (chair, secretary, steering, …),
//! so pages and the book list them in that order; and an RPJMD item's parent, so goals sit under
//! missions and targets under goals.

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0015_roles_and_outline"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Existing members were all plain members: the default keeps them valid.
        let role = ColumnDef::new(Alias::new("role")).string_len(16).not_null().default("member").to_owned();
        m.alter_table(Table::alter().table(Alias::new("members")).add_column(role).to_owned()).await?;
        // No foreign key: SQLite cannot add one to an existing table; the store checks the parent
        // (same region, same period, one level up) and refuses to delete a parent in use.
        m.alter_table(Table::alter().table(Alias::new("plan_items")).add_column(big_null("parent_id")).to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Alias::new("plan_items")).drop_column(Alias::new("parent_id")).to_owned())
            .await?;
        m.alter_table(Table::alter().table(Alias::new("members")).drop_column(Alias::new("role")).to_owned()).await
    }
}
