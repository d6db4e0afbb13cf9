//! The one set of migrations. sea-query renders each statement for whichever backend is
//! connected, so SQLite and PostgreSQL share this code (as lldap does).

use sea_orm_migration::prelude::*;

mod m0001_foundation;
mod m0002_readiness;
mod m0003_problems_inventory;
mod m0004_analysis_more;
mod m0005_plan;
mod m0006_programmes;
mod m0007_programme_details;
mod m0008_book;
mod m0009_monitoring;
mod m0010_participation;
mod m0011_sessions_limits;
mod m0012_cache_versions;
mod m0013_evaluation_scores;
mod m0015_roles_and_outline;
mod m0016_region_time_zone;
mod m0017_workshops;
mod m0019_cohort_tracks;
mod m0020_editions;
mod m0021_rkpd_alignment;
mod m0022_data_yardstick;
mod m0023_programme_reach;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_readiness::Migration),
            Box::new(m0003_problems_inventory::Migration),
            Box::new(m0004_analysis_more::Migration),
            Box::new(m0005_plan::Migration),
            Box::new(m0006_programmes::Migration),
            Box::new(m0007_programme_details::Migration),
            Box::new(m0008_book::Migration),
            Box::new(m0009_monitoring::Migration),
            Box::new(m0010_participation::Migration),
            Box::new(m0011_sessions_limits::Migration),
            Box::new(m0012_cache_versions::Migration),
            Box::new(m0013_evaluation_scores::Migration),
            Box::new(m0015_roles_and_outline::Migration),
            Box::new(m0016_region_time_zone::Migration),
            Box::new(m0017_workshops::Migration),
            Box::new(m0019_cohort_tracks::Migration),
            Box::new(m0020_editions::Migration),
            Box::new(m0021_rkpd_alignment::Migration),
            Box::new(m0022_data_yardstick::Migration),
            Box::new(m0023_programme_reach::Migration),
        ]
    }
}

/// Short constructors so table definitions read like a schema.
pub(crate) mod cols {
    use sea_orm_migration::prelude::*;

    pub fn id() -> ColumnDef {
        ColumnDef::new(Alias::new("id")).big_integer().not_null().auto_increment().primary_key().to_owned()
    }
    pub fn code_pk() -> ColumnDef {
        ColumnDef::new(Alias::new("code")).string_len(16).not_null().primary_key().to_owned()
    }
    pub fn text(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name)).text().not_null().to_owned()
    }
    pub fn text_null(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name)).text().null().to_owned()
    }
    pub fn string(name: &str, len: u32) -> ColumnDef {
        ColumnDef::new(Alias::new(name)).string_len(len).not_null().to_owned()
    }
    pub fn string_null(name: &str, len: u32) -> ColumnDef {
        ColumnDef::new(Alias::new(name)).string_len(len).null().to_owned()
    }
    pub fn big(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name)).big_integer().not_null().to_owned()
    }
    pub fn big_null(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name)).big_integer().null().to_owned()
    }
    pub fn int(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name)).integer().not_null().to_owned()
    }
    pub fn boolean(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name)).boolean().not_null().default(false).to_owned()
    }
    pub fn ts(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name)).timestamp_with_time_zone().not_null().to_owned()
    }
    pub fn ts_null(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name)).timestamp_with_time_zone().null().to_owned()
    }
    pub fn date(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name)).date().not_null().to_owned()
    }
    pub fn date_null(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name)).date().null().to_owned()
    }

    /// `CREATE TABLE IF NOT EXISTS name`, to be filled with columns.
    pub fn table(name: &str) -> TableCreateStatement {
        Table::create().table(Alias::new(name)).if_not_exists().to_owned()
    }

    /// An index on `table(cols…)`, unique or not.
    pub fn index(name: &str, table: &str, cols: &[&str], unique: bool) -> IndexCreateStatement {
        let mut i = Index::create();
        i.name(name).table(Alias::new(table)).if_not_exists();
        for c in cols {
            i.col(Alias::new(*c));
        }
        if unique {
            i.unique();
        }
        i.to_owned()
    }

    /// A foreign key from `table.column` to `target.id` (or `target.code`).
    pub fn fk(table: &str, column: &str, target: &str, target_col: &str, cascade: bool) -> ForeignKeyCreateStatement {
        let mut f = ForeignKey::create();
        f.name(format!("fk_{table}_{column}"))
            .from(Alias::new(table), Alias::new(column))
            .to(Alias::new(target), Alias::new(target_col));
        if cascade {
            f.on_delete(ForeignKeyAction::Cascade);
        } else {
            f.on_delete(ForeignKeyAction::Restrict);
        }
        f.to_owned()
    }
}
