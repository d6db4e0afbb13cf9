//! The facts each role's inbox is made of ([`kotacerdas_domain::tasks`] decides what they mean):
//! a handful of queries whatever the number of regions, each only when a role of the user needs
//! it and only over the columns it uses (a book version's snapshot is never read here).

use crate::entity::{
    book_version, book_version_event, citizen_input, cohort, evaluation, evaluation_round, input_answer, programme,
    programme_report, region, reporting_period, stage,
};
use crate::Result;
use kotacerdas_domain::participation::Moderation;
use kotacerdas_domain::stage::StageStatus;
use kotacerdas_domain::tasks::{
    EvaluationFact, Facts, InputFact, Needs, PeriodFact, RegionFact, StageFact, VersionFact,
};
use kotacerdas_domain::versions::{VersionAction, VersionStatus};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};

/// `column IN (regions)`, or no condition when the user sees every region.
fn within(col: impl ColumnTrait, regions: &Option<Vec<i64>>) -> SimpleExpr {
    match regions {
        Some(ids) => col.is_in(ids.clone()),
        None => Expr::value(true),
    }
}

/// Load what `needs` asks for.
pub async fn facts<C: ConnectionTrait>(db: &C, needs: &Needs) -> Result<Facts> {
    let mut f = Facts::default();
    if needs.regions.as_ref().is_some_and(|r| r.is_empty()) {
        return Ok(f);
    }
    let scope = &needs.regions;
    let cohorts: HashMap<i64, String> = cohort::Entity::find()
        .select_only()
        .columns([cohort::Column::Id, cohort::Column::Name])
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    f.regions = region::Entity::find()
        .select_only()
        .columns([region::Column::Id, region::Column::Code, region::Column::Name, region::Column::CohortId])
        .filter(within(region::Column::Id, scope))
        .into_tuple::<(i64, String, String, Option<i64>)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, code, name, c)| RegionFact { id, code, name, cohort: c.and_then(|c| cohorts.get(&c).cloned()) })
        .collect();
    f.regions.sort_by(|a, b| a.code.cmp(&b.code));
    if needs.stages {
        f.stages = stage::Entity::find()
            .select_only()
            .columns([stage::Column::RegionId, stage::Column::Number, stage::Column::Status, stage::Column::PlannedEnd])
            .filter(within(stage::Column::RegionId, scope))
            .filter(crate::region::stages::current())
            .filter(stage::Column::Status.ne(StageStatus::Approved.as_str()))
            .into_tuple::<(i64, i32, String, Option<chrono::NaiveDate>)>()
            .all(db)
            .await?
            .into_iter()
            .filter_map(|(region_id, number, status, planned_end)| {
                Some(StageFact { region_id, number, status: StageStatus::parse(&status)?, planned_end })
            })
            .collect();
    }
    if needs.versions {
        f.versions = versions(db, scope).await?;
    }
    if needs.periods {
        f.periods = periods(db, scope).await?;
    }
    if needs.inputs {
        f.inputs = unanswered(db, scope).await?;
    }
    if needs.evaluations {
        f.evaluations = open_evaluations(db, &f.regions).await?;
    }
    if needs.actions {
        f.actions = crate::workshops::minutes::open_actions(db, scope)
            .await?
            .into_iter()
            .map(|a| kotacerdas_domain::tasks::ActionFact {
                region_id: a.region_id,
                workshop_id: a.workshop_id,
                text: a.text.chars().take(120).collect(),
                opd_id: a.opd_id,
                due_on: a.due_on,
            })
            .collect();
    }
    Ok(f)
}

/// Versions waiting for a reviewer or the council, drafts the reviewers returned (their last
/// step was a return), and versions whose build failed.
async fn versions<C: ConnectionTrait>(db: &C, scope: &Option<Vec<i64>>) -> Result<Vec<VersionFact>> {
    let waiting = [VersionStatus::Submitted.as_str(), VersionStatus::Reviewed.as_str(), VersionStatus::Draft.as_str()];
    let rows = book_version::Entity::find()
        .select_only()
        .columns([
            book_version::Column::Id,
            book_version::Column::RegionId,
            book_version::Column::Number,
            book_version::Column::Label,
            book_version::Column::Status,
            book_version::Column::BuildState,
        ])
        .filter(within(book_version::Column::RegionId, scope))
        .filter(book_version::Column::Status.is_in(waiting).or(book_version::Column::BuildState.eq("failed")))
        .into_tuple::<(i64, i64, i32, String, String, String)>()
        .all(db)
        .await?;
    let drafts: Vec<i64> = rows.iter().filter(|r| r.4 == VersionStatus::Draft.as_str()).map(|r| r.0).collect();
    // The last step of each draft, in the order the steps were taken.
    let mut last: HashMap<i64, String> = HashMap::new();
    if !drafts.is_empty() {
        let steps = book_version_event::Entity::find()
            .select_only()
            .columns([book_version_event::Column::VersionId, book_version_event::Column::Action])
            .filter(book_version_event::Column::VersionId.is_in(drafts))
            .order_by_asc(book_version_event::Column::Id)
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?;
        last.extend(steps);
    }
    Ok(rows
        .into_iter()
        .filter_map(|(id, region_id, number, label, status, build)| {
            let status = VersionStatus::parse(&status)?;
            let returned =
                status == VersionStatus::Draft && last.get(&id).is_some_and(|a| a == VersionAction::Return.as_str());
            let build_failed = build == "failed";
            (status != VersionStatus::Draft || returned || build_failed).then_some(VersionFact {
                region_id,
                number,
                label,
                status,
                returned,
                build_failed,
            })
        })
        .collect())
}

/// Open periods with, per OPD, the programmes running that year that have no report yet.
async fn periods<C: ConnectionTrait>(db: &C, scope: &Option<Vec<i64>>) -> Result<Vec<PeriodFact>> {
    let open = reporting_period::Entity::find()
        .filter(within(reporting_period::Column::RegionId, scope))
        .filter(reporting_period::Column::Locked.eq(false))
        .all(db)
        .await?;
    if open.is_empty() {
        return Ok(Vec::new());
    }
    let regions: Vec<i64> = open.iter().map(|p| p.region_id).collect::<HashSet<_>>().into_iter().collect();
    let programmes = programme::Entity::find()
        .select_only()
        .columns([
            programme::Column::Id,
            programme::Column::RegionId,
            programme::Column::OpdId,
            programme::Column::StartYear,
            programme::Column::EndYear,
        ])
        .filter(programme::Column::RegionId.is_in(regions))
        .into_tuple::<(i64, i64, i64, i32, i32)>()
        .all(db)
        .await?;
    let reported: HashSet<(i64, i64)> = programme_report::Entity::find()
        .select_only()
        .columns([programme_report::Column::PeriodId, programme_report::Column::ProgrammeId])
        .filter(programme_report::Column::PeriodId.is_in(open.iter().map(|p| p.id).collect::<Vec<_>>()))
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(open
        .into_iter()
        .map(|per| {
            let mut by_opd: HashMap<i64, i64> = HashMap::new();
            for (id, _, opd, start, end) in programmes.iter().filter(|x| x.1 == per.region_id) {
                if *start <= per.year && *end >= per.year && !reported.contains(&(per.id, *id)) {
                    *by_opd.entry(*opd).or_default() += 1;
                }
            }
            let mut unreported: Vec<(i64, i64)> = by_opd.into_iter().collect();
            unreported.sort_unstable();
            PeriodFact {
                region_id: per.region_id,
                year: per.year,
                quarter: per.quarter,
                due_date: per.due_date,
                unreported,
            }
        })
        .collect())
}

/// Published citizen inputs without an answer, oldest first.
async fn unanswered<C: ConnectionTrait>(db: &C, scope: &Option<Vec<i64>>) -> Result<Vec<InputFact>> {
    let published = citizen_input::Entity::find()
        .select_only()
        .columns([citizen_input::Column::Id, citizen_input::Column::RegionId, citizen_input::Column::Title])
        .filter(within(citizen_input::Column::RegionId, scope))
        .filter(citizen_input::Column::Status.eq(Moderation::Published.as_str()))
        .into_tuple::<(i64, i64, String)>()
        .all(db)
        .await?;
    if published.is_empty() {
        return Ok(Vec::new());
    }
    let answered: HashSet<i64> = input_answer::Entity::find()
        .select_only()
        .column(input_answer::Column::InputId)
        .filter(input_answer::Column::InputId.is_in(published.iter().map(|i| i.0).collect::<Vec<_>>()))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut out: Vec<InputFact> = published
        .into_iter()
        .filter(|(id, _, _)| !answered.contains(id))
        .map(|(id, region_id, title)| InputFact { region_id, id, title })
        .collect();
    out.sort_by_key(|i| i.id);
    Ok(out)
}

/// Every region × every round still open, with whether its index is in.
async fn open_evaluations<C: ConnectionTrait>(db: &C, regions: &[RegionFact]) -> Result<Vec<EvaluationFact>> {
    let rounds = evaluation_round::Entity::find().filter(evaluation_round::Column::Closed.eq(false)).all(db).await?;
    if rounds.is_empty() || regions.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = regions.iter().map(|r| r.id).collect();
    let scored: HashSet<(i64, i64)> = evaluation::Entity::find()
        .select_only()
        .columns([evaluation::Column::RoundId, evaluation::Column::RegionId, evaluation::Column::IndexScore])
        .filter(evaluation::Column::RoundId.is_in(rounds.iter().map(|r| r.id).collect::<Vec<_>>()))
        .filter(evaluation::Column::RegionId.is_in(ids.clone()))
        .into_tuple::<(i64, i64, Option<i64>)>()
        .all(db)
        .await?
        .into_iter()
        .filter(|(_, _, index)| index.is_some())
        .map(|(round, region, _)| (round, region))
        .collect();
    let mut out = Vec::new();
    for round in &rounds {
        for region_id in &ids {
            let scored = scored.contains(&(round.id, *region_id));
            out.push(EvaluationFact { region_id: *region_id, year: round.year, scored });
        }
    }
    Ok(out)
}
