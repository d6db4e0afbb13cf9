//! The "real data" yardstick: what a data set describes (topic), who keeps it (steward), whether
//! it is official Satu Data Indonesia data (authoritative), when it was last updated, and which
//! programmes and decisions use it.

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0022_data_yardstick"
    }
}

/// The new columns of `datasets`; SQLite adds one column per statement, and a NOT NULL column
/// needs a default for the rows already there ("other", not authoritative).
fn dataset_columns() -> Vec<ColumnDef> {
    vec![
        ColumnDef::new(Alias::new("topic")).string_len(16).not_null().default("other").to_owned(),
        string_null("steward", 200),
        boolean("authoritative"),
        date_null("last_updated"),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for mut c in dataset_columns() {
            m.alter_table(Table::alter().table(Alias::new("datasets")).add_column(&mut c).to_owned()).await?;
        }
        // A programme of the region that uses the data set (a link both ways is deleted with
        // either end).
        m.create_table(
            table("dataset_programmes")
                .col(id())
                .col(big("dataset_id"))
                .col(big("programme_id"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("dataset_programmes", "dataset_id", "datasets", "id", true))
                .foreign_key(&mut fk("dataset_programmes", "programme_id", "programmes", "id", true))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ux_dataset_programmes", "dataset_programmes", &["dataset_id", "programme_id"], true))
            .await?;
        m.create_index(index("ix_dataset_programmes_programme", "dataset_programmes", &["programme_id"], false))
            .await?;
        // A decision or policy that used the data set, with its date.
        m.create_table(
            table("dataset_decisions")
                .col(id())
                .col(big("dataset_id"))
                .col(date("decided_on"))
                .col(string("description", 500))
                .col(ts("created_at"))
                .foreign_key(&mut fk("dataset_decisions", "dataset_id", "datasets", "id", true))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_dataset_decisions_dataset", "dataset_decisions", &["dataset_id"], false)).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["dataset_decisions", "dataset_programmes"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned()).await?;
        }
        for c in ["last_updated", "authoritative", "steward", "topic"] {
            m.alter_table(Table::alter().table(Alias::new("datasets")).drop_column(Alias::new(c)).to_owned()).await?;
        }
        Ok(())
    }
}
