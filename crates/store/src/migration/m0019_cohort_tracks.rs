//! Issue 17, deliverables 5 and 6: cohorts run in tracks with a quota and several per year; the
//! selection of candidate regions before their MoU; whether a region has a masterplan already;
//! the council's and team's SK decrees as documents; the programme setting that stage 1 waits
//! for the MoU and both decrees; and the kawasan (a planning unit spanning several regions).

use super::cols::*;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0019_cohort_tracks"
    }
}

/// The cohorts table as it is from now on: `year` no longer unique (several cohorts a year, one
/// per track), unique by (year, name) instead.
fn cohorts(name: &str) -> TableCreateStatement {
    table(name)
        .col(id())
        .col(int("year"))
        .col(string("name", 200))
        .col(text_null("notes"))
        .col(ColumnDef::new(Alias::new("track")).string_len(32).not_null().default("regular").to_owned())
        .col(ColumnDef::new(Alias::new("quota")).integer().null().to_owned())
        .to_owned()
}

fn add(table: &str, col: ColumnDef) -> TableAlterStatement {
    Table::alter().table(Alias::new(table)).add_column(col).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match db.get_database_backend() {
            DbBackend::Sqlite => {
                // SQLite cannot drop a column's UNIQUE: the table is rebuilt (sqlite.org/lang_altertable
                // "other kinds of table schema changes"), with foreign keys off meanwhile so the
                // regions pointing at cohorts survive the swap. SQLite migrations run outside a
                // transaction on the one writer connection, so the pragma takes effect.
                let pragma = |on: bool| {
                    Statement::from_string(
                        DbBackend::Sqlite,
                        format!("PRAGMA foreign_keys = {}", if on { "ON" } else { "OFF" }),
                    )
                };
                db.execute(pragma(false)).await?;
                m.create_table(cohorts("cohorts_m0019")).await?;
                let mut copy = Query::insert();
                copy.into_table(Alias::new("cohorts_m0019"))
                    .columns(["id", "year", "name", "notes"].map(Alias::new))
                    .select_from(
                        Query::select()
                            .columns(["id", "year", "name", "notes"].map(Alias::new))
                            .from(Alias::new("cohorts"))
                            .to_owned(),
                    )
                    .map_err(|e| DbErr::Migration(e.to_string()))?;
                m.exec_stmt(copy).await?;
                m.drop_table(Table::drop().table(Alias::new("cohorts")).to_owned()).await?;
                m.rename_table(Table::rename().table(Alias::new("cohorts_m0019"), Alias::new("cohorts")).to_owned())
                    .await?;
                db.execute(pragma(true)).await?;
            }
            _ => {
                // PostgreSQL names an inline UNIQUE constraint <table>_<column>_key.
                db.execute(Statement::from_string(
                    DbBackend::Postgres,
                    "ALTER TABLE cohorts DROP CONSTRAINT IF EXISTS cohorts_year_key".to_owned(),
                ))
                .await?;
                m.alter_table(add(
                    "cohorts",
                    ColumnDef::new(Alias::new("track")).string_len(32).not_null().default("regular").to_owned(),
                ))
                .await?;
                m.alter_table(add("cohorts", ColumnDef::new(Alias::new("quota")).integer().null().to_owned())).await?;
            }
        }
        m.create_index(index("ux_cohorts_year_name", "cohorts", &["year", "name"], true)).await?;
        m.alter_table(add("regions", boolean("has_masterplan"))).await?;
        m.alter_table(add("programme", boolean("stage1_needs_decrees"))).await?;
        let tables = [
            table("cohort_candidates")
                .col(id())
                .col(big("cohort_id"))
                .col(big("region_id"))
                .col(ColumnDef::new(Alias::new("score")).integer().null().to_owned())
                .col(text_null("notes"))
                .col(ColumnDef::new(Alias::new("decision")).string_len(16).not_null().default("pending").to_owned())
                .col(big_null("decided_by"))
                .col(ts_null("decided_at"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("cohort_candidates", "cohort_id", "cohorts", "id", true))
                .foreign_key(&mut fk("cohort_candidates", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("cohort_candidates", "decided_by", "users", "id", false))
                .to_owned(),
            table("sk_decrees")
                .col(id())
                .col(big("region_id"))
                .col(string("body", 16))
                .col(string("number", 200))
                .col(date("issued_on"))
                .col(big_null("file_id"))
                .col(text_null("notes"))
                .foreign_key(&mut fk("sk_decrees", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("sk_decrees", "file_id", "files", "id", false))
                .to_owned(),
            table("kawasan_members")
                .col(id())
                .col(big("kawasan_id"))
                .col(big("region_id"))
                .foreign_key(&mut fk("kawasan_members", "kawasan_id", "regions", "id", true))
                .foreign_key(&mut fk("kawasan_members", "region_id", "regions", "id", true))
                .to_owned(),
        ];
        for t in tables {
            m.create_table(t).await?;
        }
        for i in [
            index("ux_candidates_cohort_region", "cohort_candidates", &["cohort_id", "region_id"], true),
            index("ix_candidates_region", "cohort_candidates", &["region_id"], false),
            index("ux_sk_region_body", "sk_decrees", &["region_id", "body"], true),
            index("ux_kawasan_members", "kawasan_members", &["kawasan_id", "region_id"], true),
            index("ix_kawasan_members_region", "kawasan_members", &["region_id"], false),
        ] {
            m.create_index(i).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["kawasan_members", "sk_decrees", "cohort_candidates"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned()).await?;
        }
        for (t, c) in [("programme", "stage1_needs_decrees"), ("regions", "has_masterplan")] {
            m.alter_table(Table::alter().table(Alias::new(t)).drop_column(Alias::new(c)).to_owned()).await?;
        }
        // The cohorts keep their tracks: a year may hold several cohorts by now, which the old
        // unique year could not hold.
        Ok(())
    }
}
