//! The evaluator scores every part, Outcome and Impact included (the computed share and the
//! survey mean are only suggestions): a score that departs from its suggestion carries a reason,
//! and an evaluation remembers whether its stored index is final (every weighted part scored) or
//! provisional, so lists that show the stored index (round, history, national, portal) can say so.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0013_evaluation_scores"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one column at a time.
        m.alter_table(
            Table::alter()
                .table(Alias::new("evaluation_scores"))
                .add_column(ColumnDef::new(Alias::new("reason")).text().not_null().default(""))
                .to_owned(),
        )
        .await?;
        // Existing indices were re-weighted over whatever was scored: provisional until re-saved.
        m.alter_table(
            Table::alter()
                .table(Alias::new("evaluations"))
                .add_column(ColumnDef::new(Alias::new("index_final")).boolean().not_null().default(false))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(Alias::new("evaluations")).drop_column(Alias::new("index_final")).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(Alias::new("evaluation_scores")).drop_column(Alias::new("reason")).to_owned(),
        )
        .await
    }
}
