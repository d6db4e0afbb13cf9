//! Implementation monitoring and the yearly evaluation: reporting periods with due dates and a
//! lock, each programme's report per period (status, budget realisation, narrative, evidence) with
//! its KPI actuals; evaluation rounds per year whose part weights are data, each region's
//! evaluation (self-assessment answers, evaluators' part scores, survey answers, Quick Win
//! before/after verdicts, strengths/weaknesses/recommendations, the result letter).

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0009_monitoring"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            table("reporting_periods")
                .col(id())
                .col(big("region_id"))
                .col(int("year"))
                // 0 = the whole year, 1–4 = a quarter.
                .col(int("quarter"))
                .col(date("due_date"))
                .col(boolean("locked"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("reporting_periods", "region_id", "regions", "id", true))
                .to_owned(),
            table("programme_reports")
                .col(id())
                .col(big("period_id"))
                .col(big("programme_id"))
                .col(string("status", 16))
                .col(big("budget_realised"))
                .col(text("narrative"))
                .col(big_null("evidence_file_id"))
                .col(big_null("updated_by"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("programme_reports", "period_id", "reporting_periods", "id", true))
                .foreign_key(&mut fk("programme_reports", "programme_id", "programmes", "id", true))
                .to_owned(),
            table("kpi_actuals")
                .col(id())
                .col(big("report_id"))
                .col(big("kpi_id"))
                .col(string("value", 40))
                .foreign_key(&mut fk("kpi_actuals", "report_id", "programme_reports", "id", true))
                .foreign_key(&mut fk("kpi_actuals", "kpi_id", "programme_kpis", "id", true))
                .to_owned(),
            table("evaluation_rounds")
                .col(id())
                .col(int("year"))
                .col(string("title", 200))
                .col(boolean("closed"))
                .col(ts("created_at"))
                .to_owned(),
            table("evaluation_weights")
                .col(id())
                .col(big("round_id"))
                .col(string("part", 16))
                .col(int("weight"))
                .foreign_key(&mut fk("evaluation_weights", "round_id", "evaluation_rounds", "id", true))
                .to_owned(),
            table("evaluations")
                .col(id())
                .col(big("round_id"))
                .col(big("region_id"))
                .col(text("strengths"))
                .col(text("weaknesses"))
                .col(text("recommendations"))
                .col(ColumnDef::new(Alias::new("index_score")).big_integer().null().to_owned())
                .col(big_null("letter_file_id"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("evaluations", "round_id", "evaluation_rounds", "id", true))
                .foreign_key(&mut fk("evaluations", "region_id", "regions", "id", true))
                .to_owned(),
            table("evaluation_scores")
                .col(id())
                .col(big("evaluation_id"))
                .col(string("part", 16))
                // Hundredths on 0–500; the region's own (self) and the evaluator's.
                .col(ColumnDef::new(Alias::new("self_score")).big_integer().null().to_owned())
                .col(ColumnDef::new(Alias::new("score")).big_integer().null().to_owned())
                .col(text("self_note"))
                .col(text("note"))
                .col(big_null("evidence_file_id"))
                .foreign_key(&mut fk("evaluation_scores", "evaluation_id", "evaluations", "id", true))
                .to_owned(),
            table("survey_questions")
                .col(id())
                .col(big("round_id"))
                .col(int("position"))
                .col(string("text", 300))
                .foreign_key(&mut fk("survey_questions", "round_id", "evaluation_rounds", "id", true))
                .to_owned(),
            // Answers on a 1–5 scale, entered as counts per level (from paper or another tool).
            table("survey_tallies")
                .col(id())
                .col(big("evaluation_id"))
                .col(big("question_id"))
                .col(int("n1"))
                .col(int("n2"))
                .col(int("n3"))
                .col(int("n4"))
                .col(int("n5"))
                .foreign_key(&mut fk("survey_tallies", "evaluation_id", "evaluations", "id", true))
                .foreign_key(&mut fk("survey_tallies", "question_id", "survey_questions", "id", true))
                .to_owned(),
            table("qw_evaluations")
                .col(id())
                .col(big("evaluation_id"))
                .col(big("programme_id"))
                .col(string("metric_after", 40))
                .col(big_null("evidence_file_id"))
                .col(string("verdict", 16))
                .col(text("note"))
                .foreign_key(&mut fk("qw_evaluations", "evaluation_id", "evaluations", "id", true))
                .foreign_key(&mut fk("qw_evaluations", "programme_id", "programmes", "id", true))
                .to_owned(),
            // One e-mail reminder per planner, period and day.
            table("reminders_sent")
                .col(id())
                .col(big("user_id"))
                .col(big("period_id"))
                .col(date("sent_on"))
                .foreign_key(&mut fk("reminders_sent", "period_id", "reporting_periods", "id", true))
                .to_owned(),
        ];
        for t in tables {
            m.create_table(t).await?;
        }
        for (name, t, cols) in [
            ("ux_reporting_periods", "reporting_periods", vec!["region_id", "year", "quarter"]),
            ("ux_programme_reports", "programme_reports", vec!["period_id", "programme_id"]),
            ("ix_programme_reports_programme", "programme_reports", vec!["programme_id"]),
            ("ux_kpi_actuals", "kpi_actuals", vec!["report_id", "kpi_id"]),
            ("ux_evaluation_rounds", "evaluation_rounds", vec!["year"]),
            ("ux_evaluation_weights", "evaluation_weights", vec!["round_id", "part"]),
            ("ux_evaluations", "evaluations", vec!["round_id", "region_id"]),
            ("ux_evaluation_scores", "evaluation_scores", vec!["evaluation_id", "part"]),
            ("ix_survey_questions", "survey_questions", vec!["round_id"]),
            ("ux_survey_tallies", "survey_tallies", vec!["evaluation_id", "question_id"]),
            ("ux_qw_evaluations", "qw_evaluations", vec!["evaluation_id", "programme_id"]),
            // The newest audit id per region: the version pages and caches key on.
            ("ix_audit_region_id", "audit_log", vec!["region_id", "id"]),
            ("ux_reminders_sent", "reminders_sent", vec!["user_id", "period_id", "sent_on"]),
        ] {
            m.create_index(index(name, t, &cols, name.starts_with("ux_"))).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ix_audit_region_id").table(Alias::new("audit_log")).to_owned()).await?;
        for t in [
            "reminders_sent",
            "qw_evaluations",
            "survey_tallies",
            "survey_questions",
            "evaluation_scores",
            "evaluations",
            "evaluation_weights",
            "evaluation_rounds",
            "kpi_actuals",
            "programme_reports",
            "reporting_periods",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
