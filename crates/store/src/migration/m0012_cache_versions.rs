//! Version counters that let every server keep what it read in memory and notice, with one tiny
//! query, that another server (or the CLI) changed it: `auth` moves whenever a session, a user,
//! a role or an API token changes.

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0012_cache_versions"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(table("cache_versions").col(string("name", 32).primary_key()).col(big("value")).to_owned())
            .await?;
        let mut seed = Query::insert();
        seed.into_table(Alias::new("cache_versions"))
            .columns([Alias::new("name"), Alias::new("value")])
            .values(["auth".into(), 0i64.into()])
            .map_err(|e| DbErr::Custom(e.to_string()))?;
        m.exec_stmt(seed).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("cache_versions")).if_exists().to_owned()).await
    }
}
