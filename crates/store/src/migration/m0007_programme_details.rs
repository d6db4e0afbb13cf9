//! Stage 3, second part: what a programme links to (supporting OPDs, partners by helix,
//! problems, apps, data sets, RPJMD goals, neighbouring regions), its KPIs with yearly targets,
//! its Permendagri 90 code, and the Quick Win selection (criteria, scores, sheets).

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0007_programme_details"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        m.alter_table(
            Table::alter().table(Alias::new("programmes")).add_column(string_null("gov_code", 40)).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Alias::new("masterplans"))
                .add_column(ColumnDef::new(Alias::new("apbd_share_limit_bp")).integer().null().to_owned())
                .to_owned(),
        )
        .await?;
        let tables = [
            table("programme_links")
                .col(id())
                .col(big("programme_id"))
                .col(string("kind", 16))
                .col(big_null("ref_id"))
                .col(string_null("label", 300))
                .col(string_null("helix", 16))
                .foreign_key(&mut fk("programme_links", "programme_id", "programmes", "id", true))
                .to_owned(),
            table("programme_kpis")
                .col(id())
                .col(big("programme_id"))
                .col(int("position"))
                .col(string("name", 300))
                .col(string("unit", 60))
                .col(string_null("baseline", 40))
                .col(ColumnDef::new(Alias::new("baseline_year")).integer().null().to_owned())
                .col(string("direction", 8))
                .foreign_key(&mut fk("programme_kpis", "programme_id", "programmes", "id", true))
                .to_owned(),
            table("programme_kpi_targets")
                .col(id())
                .col(big("kpi_id"))
                .col(int("year"))
                .col(string("value", 40))
                .foreign_key(&mut fk("programme_kpi_targets", "kpi_id", "programme_kpis", "id", true))
                .to_owned(),
            table("qw_criteria")
                .col(id())
                .col(big("region_id"))
                .col(string("code", 40))
                .col(string("name", 200))
                .col(int("weight"))
                .col(int("position"))
                .foreign_key(&mut fk("qw_criteria", "region_id", "regions", "id", true))
                .to_owned(),
            table("qw_scores")
                .col(id())
                .col(big("programme_id"))
                .col(big("criterion_id"))
                .col(int("score"))
                .foreign_key(&mut fk("qw_scores", "programme_id", "programmes", "id", true))
                .foreign_key(&mut fk("qw_scores", "criterion_id", "qw_criteria", "id", true))
                .to_owned(),
            table("quick_wins")
                .col(id())
                .col(big("programme_id").unique_key())
                .col(boolean("selected"))
                .col(text("problem"))
                .col(text("solution"))
                .col(string("owner", 200))
                .col(text("beneficiaries"))
                .col(date("start_date"))
                .col(int("months"))
                .col(string("metric_name", 200))
                .col(string("metric_unit", 60))
                .col(string("metric_before", 40))
                .col(string("metric_target", 40))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("quick_wins", "programme_id", "programmes", "id", true))
                .to_owned(),
        ];
        for t in tables {
            m.create_table(t).await?;
        }
        for (name, t, cols) in [
            ("ix_programme_links", "programme_links", vec!["programme_id"]),
            ("ix_programme_kpis", "programme_kpis", vec!["programme_id"]),
            ("ux_programme_kpi_targets", "programme_kpi_targets", vec!["kpi_id", "year"]),
            ("ix_qw_criteria_region", "qw_criteria", vec!["region_id"]),
            ("ux_qw_scores", "qw_scores", vec!["programme_id", "criterion_id"]),
        ] {
            m.create_index(index(name, t, &cols, name.starts_with("ux_"))).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in
            ["quick_wins", "qw_scores", "qw_criteria", "programme_kpi_targets", "programme_kpis", "programme_links"]
        {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned()).await?;
        }
        m.alter_table(
            Table::alter().table(Alias::new("masterplans")).drop_column(Alias::new("apbd_share_limit_bp")).to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(Alias::new("programmes")).drop_column(Alias::new("gov_code")).to_owned())
            .await
    }
}
