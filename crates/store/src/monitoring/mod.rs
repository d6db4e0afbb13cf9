//! Implementation monitoring: reporting periods (due date, lock), each programme's report per
//! period with its KPI actuals, and the year's progress rolled up from programme to element,
//! dimension and region.

use crate::audit::{self, Change};
use crate::entity::{kpi_actual, programme_report, reporting_period};
use crate::plan::programmes::{self, Programme};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::monitoring::{
    achievement_bp, check_period_open, programme_progress, rag, roll_up, PeriodInput, ProgrammeStatus, Rag,
    ReportInput, ValidPeriod, ValidReport, Weighted,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, TransactionTrait,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

pub async fn periods<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<reporting_period::Model>> {
    Ok(reporting_period::Entity::find()
        .filter(reporting_period::Column::RegionId.eq(region_id))
        .order_by_desc(reporting_period::Column::Year)
        .order_by_desc(reporting_period::Column::Quarter)
        .all(db)
        .await?)
}

pub async fn period<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<reporting_period::Model> {
    reporting_period::Entity::find_by_id(id)
        .filter(reporting_period::Column::RegionId.eq(region_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

pub async fn add_period(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &PeriodInput,
) -> Result<reporting_period::Model> {
    let txn = db.begin().await?;
    let existing: Vec<(i32, i32)> = periods(&txn, region_id).await?.iter().map(|p| (p.year, p.quarter)).collect();
    let ValidPeriod { year, quarter, due_date } = input.validate(&existing)?;
    let p = reporting_period::ActiveModel {
        region_id: Set(region_id),
        year: Set(year),
        quarter: Set(quarter),
        due_date: Set(due_date),
        locked: Set(false),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| crate::unique_as_field(e, "year"))?;
    audit::record(&txn, actor, Change::new(Some(region_id), "reporting_period", p.id, "create"), None::<&()>, Some(&p))
        .await?;
    txn.commit().await?;
    Ok(p)
}

/// Lock (read-only) or reopen a period.
pub async fn set_locked(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64, locked: bool) -> Result<()> {
    let txn = db.begin().await?;
    let old = period(&txn, region_id, id).await?;
    let mut m = old.clone().into_active_model();
    m.locked = Set(locked);
    let new = m.update(&txn).await?;
    let verb = if locked { "lock" } else { "unlock" };
    audit::record(&txn, actor, Change::new(Some(region_id), "reporting_period", id, verb), Some(&old), Some(&new))
        .await?;
    txn.commit().await?;
    Ok(())
}

/// A programme's report in a period with its KPI actuals (kpi id → value).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub report: programme_report::Model,
    pub actuals: HashMap<i64, String>,
}

/// The reports of some periods, keyed by (period, programme); two queries.
pub async fn reports<C: ConnectionTrait>(db: &C, period_ids: &[i64]) -> Result<HashMap<(i64, i64), Report>> {
    let rows = programme_report::Entity::find()
        .filter(programme_report::Column::PeriodId.is_in(period_ids.to_vec()))
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut actuals: HashMap<i64, HashMap<i64, String>> = HashMap::new();
    for a in kpi_actual::Entity::find().filter(kpi_actual::Column::ReportId.is_in(ids)).all(db).await? {
        actuals.entry(a.report_id).or_default().insert(a.kpi_id, a.value);
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            ((r.period_id, r.programme_id), Report { actuals: actuals.remove(&r.id).unwrap_or_default(), report: r })
        })
        .collect())
}

/// The form's values of a stored report (or of a new one, not started).
pub fn report_input(r: Option<&Report>) -> ReportInput {
    match r {
        Some(r) => ReportInput {
            status: r.report.status.clone(),
            budget_realised: r.report.budget_realised.to_string(),
            narrative: r.report.narrative.clone(),
            actuals: r.actuals.iter().map(|(k, v)| (*k, v.replace('.', ","))).collect(),
        },
        None => ReportInput { status: ProgrammeStatus::NotStarted.as_str().into(), ..Default::default() },
    }
}

/// Save (create or replace) a programme's report for a period. A locked period refuses.
pub async fn save_report(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    period_id: i64,
    p: &Programme,
    input: &ReportInput,
    evidence_file_id: Option<i64>,
) -> Result<programme_report::Model> {
    let kpis: Vec<i64> = p.kpis.iter().map(|k| k.kpi.id).collect();
    let ValidReport { status, budget_realised: realised, narrative, actuals } = input.validate(&kpis)?;
    let txn = db.begin().await?;
    let per = period(&txn, region_id, period_id).await?;
    check_period_open(per.locked)?;
    if p.programme.region_id != region_id {
        return Err(StoreError::NotFound);
    }
    let old = programme_report::Entity::find()
        .filter(programme_report::Column::PeriodId.eq(period_id))
        .filter(programme_report::Column::ProgrammeId.eq(p.programme.id))
        .one(&txn)
        .await?;
    let now = chrono::Utc::now();
    let new = match &old {
        Some(o) => {
            let mut m = o.clone().into_active_model();
            m.status = Set(status.as_str().into());
            m.budget_realised = Set(realised);
            m.narrative = Set(narrative);
            if evidence_file_id.is_some() {
                m.evidence_file_id = Set(evidence_file_id);
            }
            m.updated_by = Set(actor.user_id);
            m.updated_at = Set(now);
            m.update(&txn).await?
        }
        None => {
            programme_report::ActiveModel {
                period_id: Set(period_id),
                programme_id: Set(p.programme.id),
                status: Set(status.as_str().into()),
                budget_realised: Set(realised),
                narrative: Set(narrative),
                evidence_file_id: Set(evidence_file_id),
                updated_by: Set(actor.user_id),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    kpi_actual::Entity::delete_many().filter(kpi_actual::Column::ReportId.eq(new.id)).exec(&txn).await?;
    for (kpi_id, value) in &actuals {
        kpi_actual::ActiveModel {
            report_id: Set(new.id),
            kpi_id: Set(*kpi_id),
            value: Set(value.clone()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    #[derive(Serialize)]
    struct Logged<'a> {
        report: &'a programme_report::Model,
        actuals: &'a [(i64, String)],
    }
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "programme_report", new.id, if old.is_some() { "update" } else { "create" }),
        old.as_ref(),
        Some(&Logged { report: &new, actuals: &actuals }),
    )
    .await?;
    txn.commit().await?;
    Ok(new)
}

/// One KPI of a programme in a year: target, actual and colour.
#[derive(Debug, Clone, Serialize)]
pub struct KpiState {
    pub name: String,
    pub unit: String,
    pub direction: String,
    pub target: Option<String>,
    pub actual: Option<String>,
    pub achievement_bp: Option<i64>,
    pub rag: Rag,
}

/// A programme's state in a year.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeState {
    pub id: i64,
    pub name: String,
    pub opd_id: i64,
    pub element: String,
    pub dimension: String,
    /// `None`: nothing reported this year.
    pub status: Option<ProgrammeStatus>,
    /// `None` when cancelled (left out of the roll-up).
    pub progress_bp: Option<i64>,
    /// The programme's budget this year: its weight in the roll-up.
    pub weight: i64,
    pub budget_realised: i64,
    pub kpis: Vec<KpiState>,
    pub narrative: String,
}

/// The year rolled up: per programme, element, dimension and the whole region.
#[derive(Debug, Clone, Serialize)]
pub struct Rollup {
    pub year: i32,
    pub programmes: Vec<ProgrammeState>,
    pub elements: BTreeMap<String, i64>,
    pub dimensions: BTreeMap<String, i64>,
    pub region: Option<i64>,
    /// Per dimension: (programmes executed, programmes due to have started by this year).
    pub executed: BTreeMap<String, (u32, u32)>,
    /// Per dimension, the programmes started by this year that serve it: primary there, and of
    /// another primary dimension ("also", not weighted into its progress: money and progress
    /// count on the primary only — `kotacerdas_domain::reach`).
    pub reach: Vec<kotacerdas_domain::reach::DimensionReach>,
}

fn number(v: &str) -> Option<f64> {
    v.trim().replace(',', ".").parse().ok()
}

/// The state of every programme in `year` from the latest report of that year (a quarter's
/// report replaces an earlier one), weighted by each programme's budget that year.
pub async fn rollup<C: ConnectionTrait>(db: &C, region_id: i64, year: i32) -> Result<Rollup> {
    let all = programmes::list(db, region_id).await?;
    rollup_of(db, &all, region_id, year).await
}

/// The same from a programme list already loaded (e.g. from a cache).
pub async fn rollup_of<C: ConnectionTrait>(db: &C, all: &[Programme], region_id: i64, year: i32) -> Result<Rollup> {
    let mut year_periods: Vec<reporting_period::Model> =
        periods(db, region_id).await?.into_iter().filter(|p| p.year == year).collect();
    year_periods.sort_by_key(|p| p.quarter);
    let ids: Vec<i64> = year_periods.iter().map(|p| p.id).collect();
    let reports = reports(db, &ids).await?;
    let mut states = Vec::new();
    let started: Vec<&Programme> = all.iter().filter(|p| p.programme.start_year <= year).collect();
    let reach = kotacerdas_domain::reach::roll_up(
        &started
            .iter()
            .map(|p| kotacerdas_domain::reach::Counted {
                primary: &p.programme.element_code,
                further: &p.also_serves,
                budget: p.year_budget(year),
            })
            .collect::<Vec<_>>(),
    );
    for p in all {
        let x = &p.programme;
        if x.start_year > year {
            continue;
        }
        let latest = year_periods.iter().rev().find_map(|per| reports.get(&(per.id, x.id)));
        let status = latest.and_then(|r| ProgrammeStatus::parse(&r.report.status));
        let kpis: Vec<KpiState> = p
            .kpis
            .iter()
            .map(|k| {
                let target = k.target(year).map(str::to_string);
                let actual = latest.and_then(|r| r.actuals.get(&k.kpi.id)).cloned();
                let baseline = k.kpi.baseline.as_deref().and_then(number);
                let (t, a) = (target.as_deref().and_then(number), actual.as_deref().and_then(number));
                KpiState {
                    name: k.kpi.name.clone(),
                    unit: k.kpi.unit.clone(),
                    direction: k.kpi.direction.clone(),
                    achievement_bp: match (t, a) {
                        (Some(t), Some(a)) => achievement_bp(&k.kpi.direction, baseline, t, a),
                        _ => None,
                    },
                    rag: rag(&k.kpi.direction, baseline, t, a),
                    target,
                    actual,
                }
            })
            .collect();
        let achieved: Vec<i64> = kpis.iter().filter_map(|k| k.achievement_bp).collect();
        let dimension = x.element_code.split('-').next().unwrap_or_default().to_string();
        states.push(ProgrammeState {
            id: x.id,
            name: x.name.clone(),
            opd_id: x.opd_id,
            element: x.element_code.clone(),
            progress_bp: match status {
                Some(s) => programme_progress(s, &achieved),
                None => Some(0),
            },
            status,
            weight: p.year_budget(year),
            budget_realised: latest.map(|r| r.report.budget_realised).unwrap_or(0),
            narrative: latest.map(|r| r.report.narrative.clone()).unwrap_or_default(),
            kpis,
            dimension,
        });
    }
    let group = |key: &dyn Fn(&ProgrammeState) -> String| -> BTreeMap<String, i64> {
        let mut m: BTreeMap<String, Vec<Weighted>> = BTreeMap::new();
        for s in &states {
            if let Some(bp) = s.progress_bp {
                m.entry(key(s)).or_default().push(Weighted { progress_bp: bp, weight: s.weight });
            }
        }
        m.into_iter().filter_map(|(k, v)| roll_up(&v).map(|bp| (k, bp))).collect()
    };
    let elements = group(&|s| s.element.clone());
    let dimensions = group(&|s| s.dimension.clone());
    let region = roll_up(
        &states
            .iter()
            .filter_map(|s| s.progress_bp.map(|bp| Weighted { progress_bp: bp, weight: s.weight }))
            .collect::<Vec<_>>(),
    );
    let mut executed: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for s in &states {
        let e = executed.entry(s.dimension.clone()).or_insert((0, 0));
        e.1 += 1;
        if s.status.is_some_and(|st| st.executed()) {
            e.0 += 1;
        }
    }
    Ok(Rollup { year, programmes: states, elements, dimensions, region, executed, reach })
}

/// Days before a due date from which planners are reminded.
pub const REMIND_DAYS_BEFORE: i64 = 7;

/// A reminder owed to one OPD planner for one period.
#[derive(Debug, Clone, Serialize)]
pub struct Reminder {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub region: String,
    pub region_code: String,
    pub period_id: i64,
    pub year: i32,
    pub quarter: i32,
    pub due_date: chrono::NaiveDate,
    /// The planner's programmes still without a report in that period.
    pub programmes: Vec<String>,
}

/// Reminders owed `today`: open periods due within a week or overdue, for every OPD planner
/// with an e-mail address who still has unreported programmes there and was not reminded today.
pub async fn due_reminders<C: ConnectionTrait>(db: &C, today: chrono::NaiveDate) -> Result<Vec<Reminder>> {
    use crate::entity::{region, reminder_sent, role_assignment, user};
    let horizon = today + chrono::Duration::days(REMIND_DAYS_BEFORE);
    let open: Vec<reporting_period::Model> = reporting_period::Entity::find()
        .filter(reporting_period::Column::Locked.eq(false))
        .filter(reporting_period::Column::DueDate.lte(horizon))
        .all(db)
        .await?;
    if open.is_empty() {
        return Ok(Vec::new());
    }
    let sent: std::collections::HashSet<(i64, i64)> = reminder_sent::Entity::find()
        .filter(reminder_sent::Column::SentOn.eq(today))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.user_id, r.period_id))
        .collect();
    let region_ids: Vec<i64> = open.iter().map(|p| p.region_id).collect();
    let planners = role_assignment::Entity::find()
        .filter(role_assignment::Column::Role.eq("opd_planner"))
        .filter(role_assignment::Column::RegionId.is_in(region_ids.clone()))
        .all(db)
        .await?;
    let users: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(planners.iter().map(|a| a.user_id).collect::<Vec<_>>()))
        .filter(user::Column::Disabled.eq(false))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let regions: HashMap<i64, region::Model> = region::Entity::find()
        .filter(region::Column::Id.is_in(region_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let reports = reports(db, &open.iter().map(|p| p.id).collect::<Vec<_>>()).await?;
    let mut lists: HashMap<i64, Vec<Programme>> = HashMap::new();
    let mut out = Vec::new();
    for per in &open {
        if let std::collections::hash_map::Entry::Vacant(slot) = lists.entry(per.region_id) {
            slot.insert(programmes::list(db, per.region_id).await?);
        }
        let list = lists.get(&per.region_id).map(Vec::as_slice).unwrap_or(&[]);
        for a in planners.iter().filter(|a| a.region_id == Some(per.region_id)) {
            let (Some(u), Some(opd)) = (users.get(&a.user_id), a.opd_id) else { continue };
            let Some(email) = u.email.clone().filter(|e| e.contains('@')) else { continue };
            if sent.contains(&(u.id, per.id)) {
                continue;
            }
            let due: Vec<String> = list
                .iter()
                .filter(|p| {
                    p.programme.opd_id == opd && p.programme.start_year <= per.year && p.programme.end_year >= per.year
                })
                .filter(|p| !reports.contains_key(&(per.id, p.programme.id)))
                .map(|p| p.programme.name.clone())
                .collect();
            if due.is_empty() {
                continue;
            }
            let Some(r) = regions.get(&per.region_id) else { continue };
            out.push(Reminder {
                user_id: u.id,
                email,
                name: u.display_name.clone(),
                region: r.name.clone(),
                region_code: r.code.clone(),
                period_id: per.id,
                year: per.year,
                quarter: per.quarter,
                due_date: per.due_date,
                programmes: due,
            });
        }
    }
    Ok(out)
}

/// Record that a reminder went out (so the same planner hears once a day per period).
pub async fn mark_reminded<C: ConnectionTrait>(db: &C, r: &Reminder, today: chrono::NaiveDate) -> Result<()> {
    use crate::entity::reminder_sent;
    reminder_sent::ActiveModel {
        user_id: Set(r.user_id),
        period_id: Set(r.period_id),
        sent_on: Set(today),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
