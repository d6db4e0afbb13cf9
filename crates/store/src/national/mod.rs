//! The programme office's view of the nation: every region with its cohort, type, population
//! class, stage progress, readiness, Outcome share, evaluation index and trend, masterplan
//! budget per dimension, and the "real data" yardstick — computed with a fixed handful of aggregate queries, whatever the size.
//! Below: its XLSX export and the national programme's settings (name, ministry).

pub mod settings;
pub mod xlsx;

use crate::db::Sql;
use crate::entity::{audit, cohort, evaluation, evaluation_round, readiness_score, region, stage};
use crate::Result;
use kotacerdas_domain::framework::DIMENSIONS;
use kotacerdas_domain::readiness::{self, Score};
use kotacerdas_domain::StageStatus;
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::HashMap;

/// Population classes of the Indeks Kota Cerdas Indonesia: > 1 M, 0,5–1 M, 0,1–0,5 M, ≤ 0,1 M.
pub fn population_class(population: i64) -> &'static str {
    match population {
        p if p > 1_000_000 => "gt1m",
        p if p > 500_000 => "500k-1m",
        p if p > 100_000 => "100k-500k",
        _ => "le100k",
    }
}

pub const CLASSES: [&str; 4] = ["gt1m", "500k-1m", "100k-500k", "le100k"];

#[derive(Debug, Clone, Serialize)]
pub struct RegionRow {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub province: String,
    pub population: i64,
    pub class: &'static str,
    pub cohort: Option<String>,
    /// The stage the region works on (1–4; 5 = all four approved).
    pub stage: usize,
    /// Progress through the four stages, 0–100.
    pub stage_progress: u32,
    /// Readiness index 0–5 in hundredths.
    pub readiness: Option<i64>,
    /// Share of programmes executed in the year, basis points.
    pub outcome_bp: Option<i64>,
    /// Share of the year's programmes with money in the adopted RKPD, basis points (`None`
    /// without an RKPD of the year).
    pub rkpd_funded_bp: Option<i64>,
    /// Latest evaluation index (hundredths) and its year, and the one before.
    pub index: Option<i64>,
    /// The latest index is provisional: a part with a weight was still unscored.
    pub index_provisional: bool,
    pub index_year: Option<i32>,
    pub index_previous: Option<i64>,
    /// Masterplan budget per dimension (in `DIMENSIONS` order), whole rupiah.
    pub budget: [i64; 6],
    pub budget_total: i64,
    /// The "real data" yardstick: data sets, and the shares (basis points) that are current,
    /// authoritative, used, and all three ("real"); `None` without data sets.
    pub datasets: u32,
    pub data_current_bp: Option<i64>,
    pub data_authoritative_bp: Option<i64>,
    pub data_used_bp: Option<i64>,
    pub data_real_bp: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub year: i32,
    /// The newest audit id when computed: any later change makes it stale.
    pub version: i64,
    pub regions: Vec<RegionRow>,
}

/// The newest audit row's id. Every mutation writes one in its transaction, so this moves
/// whenever any data changes — a cheap "has anything changed?" for caches.
pub async fn data_version<C: ConnectionTrait>(db: &C) -> Result<i64> {
    #[derive(FromQueryResult)]
    struct V {
        v: Option<i64>,
    }
    let v = audit::Entity::find()
        .select_only()
        .column_as(Expr::col(audit::Column::Id).max(), "v")
        .into_model::<V>()
        .one(db)
        .await?;
    Ok(v.and_then(|v| v.v).unwrap_or(0))
}

#[derive(FromQueryResult)]
struct Sum {
    region_id: i64,
    dim: String,
    total: Option<i64>,
}

#[derive(FromQueryResult)]
struct Count {
    region_id: i64,
    n: i64,
}

/// Compute the summary for `year` (Outcome is that year's).
pub async fn summary<C: ConnectionTrait>(db: &C, year: i32) -> Result<Summary> {
    let version = data_version(db).await?;
    let regions = region::Entity::find().order_by_asc(region::Column::Code).all(db).await?;
    let cohorts: HashMap<i64, String> =
        cohort::Entity::find().all(db).await?.into_iter().map(|c| (c.id, c.name)).collect();
    let mut stages: HashMap<i64, Vec<(i32, StageStatus)>> = HashMap::new();
    for s in stage::Entity::find().filter(crate::region::stages::current()).all(db).await? {
        stages
            .entry(s.region_id)
            .or_default()
            .push((s.number, StageStatus::parse(&s.status).unwrap_or(StageStatus::NotStarted)));
    }
    let mut scores: HashMap<i64, Vec<readiness_score::Model>> = HashMap::new();
    for s in readiness_score::Entity::find().all(db).await? {
        scores.entry(s.region_id).or_default().push(s);
    }
    let backend = db.get_database_backend();
    // Budget per region and dimension (the element code's prefix) in one aggregate; plain SQL
    // that SQLite and PostgreSQL read alike.
    let sql = format!(
        "SELECT p.region_id AS region_id, substr(p.element_code, 1, 3) AS dim, CAST(SUM({capped}) AS BIGINT) AS total \
               FROM programme_budgets b JOIN programmes p ON p.id = b.programme_id \
               GROUP BY p.region_id, substr(p.element_code, 1, 3)",
        capped = crate::plan::programmes::CAPPED_AMOUNT_SQL
    );
    let sums = Sum::find_by_statement(Sql::new(backend).push(&sql).statement()).all(db).await?;
    let mut budgets: HashMap<i64, [i64; 6]> = HashMap::new();
    for s in sums {
        if let Some(d) = DIMENSIONS.iter().position(|x| x.named.code == s.dim) {
            budgets.entry(s.region_id).or_insert([0; 6])[d] = s.total.unwrap_or(0);
        }
    }
    // Outcome: programmes due by `year`, and those with an "executed" report in that year.
    let due_sql = Sql::new(backend)
        .push("SELECT region_id, COUNT(*) AS n FROM programmes WHERE start_year <= ")
        .bind(year)
        .push(" GROUP BY region_id");
    let done_sql = Sql::new(backend)
        .push(
            "SELECT per.region_id AS region_id, COUNT(DISTINCT r.programme_id) AS n FROM programme_reports r \
             JOIN reporting_periods per ON per.id = r.period_id WHERE per.year = ",
        )
        .bind(year)
        .push(" AND r.status IN ")
        .bind_list(["on_track", "at_risk", "late", "done"])
        .push(" GROUP BY per.region_id");
    let count = |sql: Sql| async move {
        Count::find_by_statement(sql.statement())
            .all(db)
            .await
            .map(|v| v.into_iter().map(|c| (c.region_id, c.n)).collect::<HashMap<_, _>>())
    };
    let due = count(due_sql).await?;
    let done = count(done_sql).await?;
    let rounds: HashMap<i64, i32> =
        evaluation_round::Entity::find().all(db).await?.into_iter().map(|r| (r.id, r.year)).collect();
    let mut evals: HashMap<i64, Vec<(i32, Option<i64>, bool)>> = HashMap::new();
    for e in evaluation::Entity::find().all(db).await? {
        if let Some(y) = rounds.get(&e.round_id) {
            evals.entry(e.region_id).or_default().push((*y, e.index_score, e.index_final));
        }
    }
    let rkpd = crate::alignment::national::totals(db, year).await?;
    let data = crate::analysis::data_uses::totals(db, &regions).await?;
    let rows = regions
        .into_iter()
        .map(|r| {
            let mut st = stages.remove(&r.id).unwrap_or_default();
            st.sort_by_key(|(n, _)| *n);
            let statuses: Vec<StageStatus> = st.iter().map(|(_, s)| *s).collect();
            let stage_progress = if statuses.is_empty() {
                0
            } else {
                statuses.iter().map(|s| s.progress()).sum::<u32>() / statuses.len() as u32
            };
            let readiness = scores.get(&r.id).and_then(|list| {
                let sc: Vec<Score> = list
                    .iter()
                    .map(|x| Score { item_code: &x.item_code, dimension_code: &x.dimension_code, score: x.score })
                    .collect();
                readiness::compute(&sc).overall.map(|v| (v * 100.0).round() as i64)
            });
            let mut ev = evals.remove(&r.id).unwrap_or_default();
            ev.retain(|(_, ix, _)| ix.is_some());
            ev.sort_by_key(|(y, ..)| *y);
            let latest = ev.last().copied();
            let previous = ev.len().checked_sub(2).and_then(|i| ev.get(i)).and_then(|(_, ix, _)| *ix);
            let budget = budgets.remove(&r.id).unwrap_or([0; 6]);
            let d = due.get(&r.id).copied().unwrap_or(0);
            let yard = data.get(&r.id).copied().unwrap_or_default();
            RegionRow {
                datasets: yard.datasets,
                data_current_bp: yard.share_bp(yard.current),
                data_authoritative_bp: yard.share_bp(yard.authoritative),
                data_used_bp: yard.share_bp(yard.used),
                data_real_bp: yard.share_bp(yard.real),
                class: population_class(r.population),
                cohort: r.cohort_id.and_then(|c| cohorts.get(&c).cloned()),
                stage: crate::region::regions::current_stage(&statuses),
                stage_progress,
                readiness,
                outcome_bp: kotacerdas_domain::evaluation::share_bp(
                    done.get(&r.id).copied().unwrap_or(0) as u32,
                    d as u32,
                ),
                rkpd_funded_bp: rkpd.get(&r.id).and_then(|t| kotacerdas_domain::evaluation::share_bp(t.funded, t.due)),
                index: latest.and_then(|(_, ix, _)| ix),
                index_provisional: latest.is_some_and(|(.., fin)| !fin),
                index_year: latest.map(|(y, ..)| y),
                index_previous: previous,
                budget_total: budget.iter().fold(0i64, |s, v| s.saturating_add(*v)),
                budget,
                code: r.code,
                name: r.name,
                kind: r.kind,
                province: r.province,
                population: r.population,
            }
        })
        .collect();
    Ok(Summary { year, version, regions: rows })
}
