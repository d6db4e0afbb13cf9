//! Open data: a region's plan and its results for other portals to harvest, once the plan is
//! published — the region's Dewan Smart City has approved a version of the masterplan book
//! (status `approved`, or `enacted` after it). What is published is the live register (the
//! plan as it is being carried out, with its monitoring results), not the frozen snapshot.
//!
//! Exports are read in pages of programmes by id (keyset: `id > after ORDER BY id LIMIT n`), so
//! a whole nation can be streamed with a bounded amount of memory; each page is one short query
//! that holds no connection between pages. A page is a window of programme ids, and the budget
//! and KPI exports read their rows for that window, so every export is complete and in
//! programme order.

use crate::db::Sql;
use crate::entity::{audit, book_version, region};
use crate::Result;
use kotacerdas_domain::versions::VersionStatus;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The statuses that publish a region's plan.
pub const PUBLISHED: [VersionStatus; 2] = [VersionStatus::Approved, VersionStatus::Enacted];

/// The version that publishes the region's plan: its newest approved or enacted one.
pub async fn publication<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Option<Publication>> {
    Ok(book_version::Entity::find()
        .select_only()
        .columns([
            book_version::Column::RegionId,
            book_version::Column::Number,
            book_version::Column::Status,
            book_version::Column::CreatedAt,
        ])
        .filter(book_version::Column::RegionId.eq(region_id))
        .filter(book_version::Column::Status.is_in(PUBLISHED.map(|s| s.as_str())))
        .order_by_desc(book_version::Column::Number)
        .into_model::<Publication>()
        .one(db)
        .await?)
}

/// Codes of the regions whose plan is published (two light queries; the public index marks them).
pub async fn published_codes<C: ConnectionTrait>(db: &C) -> Result<std::collections::HashSet<String>> {
    let ids: std::collections::HashSet<i64> = book_version::Entity::find()
        .select_only()
        .column(book_version::Column::RegionId)
        .filter(book_version::Column::Status.is_in(PUBLISHED.map(|s| s.as_str())))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(region::Entity::find()
        .filter(region::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.code)
        .collect())
}

/// A published plan: the version that publishes it.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct Publication {
    pub region_id: i64,
    pub number: i32,
    pub status: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A region whose plan is published, with the time of its last change (its newest audit row,
/// else when the version was frozen).
#[derive(Debug, Clone)]
pub struct Published {
    pub region: region::Model,
    pub version: Publication,
    pub modified: chrono::DateTime<chrono::Utc>,
}

/// Every region with a published plan, by code.
pub async fn published<C: ConnectionTrait>(db: &C) -> Result<Vec<Published>> {
    let versions = book_version::Entity::find()
        .select_only()
        .columns([
            book_version::Column::RegionId,
            book_version::Column::Number,
            book_version::Column::Status,
            book_version::Column::CreatedAt,
        ])
        .filter(book_version::Column::Status.is_in(PUBLISHED.map(|s| s.as_str())))
        .order_by_asc(book_version::Column::Number)
        .into_model::<Publication>()
        .all(db)
        .await?;
    // The newest publishing version per region (ascending order: the last one wins).
    let newest: HashMap<i64, Publication> = versions.into_iter().map(|v| (v.region_id, v)).collect();
    #[derive(FromQueryResult)]
    struct Last {
        id: Option<i64>,
    }
    let last_ids: Vec<i64> = audit::Entity::find()
        .select_only()
        .column_as(Expr::col(audit::Column::Id).max(), "id")
        .filter(audit::Column::RegionId.is_not_null())
        .group_by(audit::Column::RegionId)
        .into_model::<Last>()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|l| l.id)
        .collect();
    let mut changed: HashMap<i64, chrono::DateTime<chrono::Utc>> = HashMap::new();
    for chunk in last_ids.chunks(500) {
        for a in audit::Entity::find()
            .select_only()
            .columns([audit::Column::RegionId, audit::Column::At])
            .filter(audit::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple::<(Option<i64>, chrono::DateTime<chrono::Utc>)>()
            .all(db)
            .await?
        {
            if let (Some(r), at) = a {
                changed.insert(r, at);
            }
        }
    }
    let mut out: Vec<Published> = region::Entity::find()
        .order_by_asc(region::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| {
            let version = newest.get(&r.id)?.clone();
            let modified = changed.get(&r.id).copied().unwrap_or(version.created_at).max(version.created_at);
            Some(Published { region: r, version, modified })
        })
        .collect();
    out.sort_by(|a, b| a.region.code.cmp(&b.region.code));
    Ok(out)
}

/// Which programmes an export covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One region (the caller has checked it may be read).
    Region(i64),
    /// Every region whose plan is published.
    Published,
}

impl Scope {
    /// Appends the condition on `programmes p`, its values bound.
    fn condition(self, sql: Sql) -> Sql {
        match self {
            Scope::Region(id) => sql.push("p.region_id = ").bind(id),
            Scope::Published => sql
                .push("p.region_id IN (SELECT v.region_id FROM book_versions v WHERE v.status IN ")
                .bind_list(PUBLISHED.iter().map(|s| s.as_str()))
                .push(")"),
        }
    }

    /// `p.id > after AND p.id <= last AND <scope>` (the window of one page).
    fn in_range(self, sql: Sql, after: i64, last: Option<i64>) -> Sql {
        let sql = sql.push("p.id > ").bind(after).push(" AND ");
        let sql = match last {
            Some(last) => sql.push("p.id <= ").bind(last).push(" AND "),
            None => sql,
        };
        self.condition(sql)
    }
}

/// Programmes per page: enough for few round trips, small enough to keep memory flat.
pub const PAGE: u64 = 2_000;

/// One page of an export and where the next one starts (`None`: this was the last).
#[derive(Debug)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub next: Option<i64>,
}

/// One programme of the register.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct ProgrammeRow {
    pub id: i64,
    pub region_code: String,
    pub region_name: String,
    pub name: String,
    pub brand_name: Option<String>,
    pub dimension: String,
    pub element: String,
    /// The lead OPD's short name and full name.
    pub opd: String,
    pub opd_name: String,
    /// quick_win, short, medium, long.
    pub horizon: String,
    pub start_year: i32,
    pub end_year: i32,
    /// Permendagri 90 code.
    pub gov_code: Option<String>,
    /// Whole rupiah over all years and funding sources.
    pub total_budget: i64,
    pub description: String,
    pub output: Option<String>,
    pub outcome: Option<String>,
}

pub const PROGRAMME_COLUMNS: [&str; 17] = [
    "id",
    "region_code",
    "region_name",
    "name",
    "brand_name",
    "dimension",
    "element",
    "opd",
    "opd_name",
    "horizon",
    "start_year",
    "end_year",
    "gov_code",
    "total_budget",
    "description",
    "output",
    "outcome",
];

impl ProgrammeRow {
    pub fn cells(&self) -> Vec<String> {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![
            self.id.to_string(),
            self.region_code.clone(),
            self.region_name.clone(),
            self.name.clone(),
            o(&self.brand_name),
            self.dimension.clone(),
            self.element.clone(),
            self.opd.clone(),
            self.opd_name.clone(),
            self.horizon.clone(),
            self.start_year.to_string(),
            self.end_year.to_string(),
            o(&self.gov_code),
            self.total_budget.to_string(),
            self.description.clone(),
            o(&self.output),
            o(&self.outcome),
        ]
    }
}

/// One programme's budget in one year from one funding source.
#[derive(Debug, Clone, FromQueryResult, Serialize)]
pub struct BudgetRow {
    pub programme_id: i64,
    pub region_code: String,
    pub year: i32,
    /// apbd, apbn_dak, csr, kpbu, grant, private.
    pub source: String,
    /// Whole rupiah.
    pub amount: i64,
}

pub const BUDGET_COLUMNS: [&str; 5] = ["programme_id", "region_code", "year", "source", "amount"];

impl BudgetRow {
    pub fn cells(&self) -> Vec<String> {
        vec![
            self.programme_id.to_string(),
            self.region_code.clone(),
            self.year.to_string(),
            self.source.clone(),
            self.amount.to_string(),
        ]
    }
}

/// One KPI of a programme in one year: its target and the actual reported for that year (from
/// the year's latest reporting period that has one).
#[derive(Debug, Clone, Serialize)]
pub struct KpiRow {
    pub kpi_id: i64,
    pub programme_id: i64,
    pub region_code: String,
    pub kpi: String,
    pub unit: String,
    pub baseline: Option<String>,
    pub baseline_year: Option<i32>,
    /// up, down or keep.
    pub direction: String,
    pub year: Option<i32>,
    /// Decimals as text ("21.4").
    pub target: Option<String>,
    pub actual: Option<String>,
}

pub const KPI_COLUMNS: [&str; 11] = [
    "kpi_id",
    "programme_id",
    "region_code",
    "kpi",
    "unit",
    "baseline",
    "baseline_year",
    "direction",
    "year",
    "target",
    "actual",
];

impl KpiRow {
    pub fn cells(&self) -> Vec<String> {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        let n = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_default();
        vec![
            self.kpi_id.to_string(),
            self.programme_id.to_string(),
            self.region_code.clone(),
            self.kpi.clone(),
            self.unit.clone(),
            o(&self.baseline),
            n(self.baseline_year),
            self.direction.clone(),
            n(self.year),
            o(&self.target),
            o(&self.actual),
        ]
    }
}

/// A KPI's year: the target, and the actual with the quarter of the period it came from.
type YearCell = (Option<String>, Option<(i32, String)>);

/// The next window of programme ids after `after`: its last id, or `None` when there is none.
async fn window<C: ConnectionTrait>(db: &C, scope: Scope, after: i64, limit: u64) -> Result<Option<(i64, bool)>> {
    #[derive(FromQueryResult)]
    struct Id {
        id: i64,
    }
    let sql = scope.in_range(
        Sql::new(db.get_database_backend()).push("SELECT p.id AS id FROM programmes p WHERE "),
        after,
        None,
    );
    let sql = sql.push(" ORDER BY p.id LIMIT ").bind(limit as i64);
    let ids = Id::find_by_statement(sql.statement()).all(db).await?;
    let full = ids.len() as u64 >= limit;
    Ok(ids.last().map(|i| (i.id, full)))
}

/// A page of programmes (by id, after `after`).
pub async fn programmes_page<C: ConnectionTrait>(
    db: &C,
    scope: Scope,
    after: i64,
    limit: u64,
) -> Result<Page<ProgrammeRow>> {
    let select = format!(
        "SELECT p.id AS id, r.code AS region_code, r.name AS region_name, p.name AS name, \
         p.brand_name AS brand_name, substr(p.element_code, 1, 3) AS dimension, p.element_code AS element, \
         o.short_name AS opd, o.name AS opd_name, p.horizon AS horizon, p.start_year AS start_year, \
         p.end_year AS end_year, p.gov_code AS gov_code, \
         COALESCE((SELECT CAST(SUM({capped}) AS BIGINT) FROM programme_budgets b WHERE b.programme_id = p.id), 0) \
         AS total_budget, p.description AS description, p.output AS output, p.outcome AS outcome \
         FROM programmes p JOIN regions r ON r.id = p.region_id JOIN opds o ON o.id = p.opd_id \
         WHERE ",
        capped = crate::plan::programmes::CAPPED_AMOUNT_SQL
    );
    let sql = scope.in_range(Sql::new(db.get_database_backend()).push(&select), after, None);
    let sql = sql.push(" ORDER BY p.id LIMIT ").bind(limit as i64);
    let rows = ProgrammeRow::find_by_statement(sql.statement()).all(db).await?;
    let next = if rows.len() as u64 >= limit { rows.last().map(|r| r.id) } else { None };
    Ok(Page { rows, next })
}

/// The yearly budgets of a page of programmes.
pub async fn budgets_page<C: ConnectionTrait>(db: &C, scope: Scope, after: i64, limit: u64) -> Result<Page<BudgetRow>> {
    let Some((last, full)) = window(db, scope, after, limit).await? else {
        return Ok(Page { rows: Vec::new(), next: None });
    };
    let sql = Sql::new(db.get_database_backend()).push(
        "SELECT b.programme_id AS programme_id, r.code AS region_code, b.year AS year, b.source AS source, \
         b.amount AS amount FROM programme_budgets b JOIN programmes p ON p.id = b.programme_id \
         JOIN regions r ON r.id = p.region_id WHERE ",
    );
    let sql = scope.in_range(sql, after, Some(last)).push(" ORDER BY b.programme_id, b.year, b.source");
    let rows = BudgetRow::find_by_statement(sql.statement()).all(db).await?;
    Ok(Page { rows, next: full.then_some(last) })
}

/// The KPIs of a page of programmes, one row per KPI and year (a KPI without targets or
/// actuals yet has one row without a year).
pub async fn kpis_page<C: ConnectionTrait>(db: &C, scope: Scope, after: i64, limit: u64) -> Result<Page<KpiRow>> {
    let Some((last, full)) = window(db, scope, after, limit).await? else {
        return Ok(Page { rows: Vec::new(), next: None });
    };
    let backend = db.get_database_backend();
    #[derive(FromQueryResult)]
    struct K {
        kpi_id: i64,
        programme_id: i64,
        region_code: String,
        kpi: String,
        unit: String,
        baseline: Option<String>,
        baseline_year: Option<i32>,
        direction: String,
    }
    #[derive(FromQueryResult)]
    struct Cell {
        kpi_id: i64,
        year: i32,
        quarter: i32,
        value: String,
    }
    let range = |select: &str| scope.in_range(Sql::new(backend).push(select), after, Some(last));
    let kpis = K::find_by_statement(
        range(
            "SELECT k.id AS kpi_id, k.programme_id AS programme_id, r.code AS region_code, k.name AS kpi, \
             k.unit AS unit, k.baseline AS baseline, k.baseline_year AS baseline_year, k.direction AS direction \
             FROM programme_kpis k JOIN programmes p ON p.id = k.programme_id JOIN regions r ON r.id = p.region_id \
             WHERE ",
        )
        .push(" ORDER BY k.programme_id, k.position, k.id")
        .statement(),
    )
    .all(db)
    .await?;
    let targets = Cell::find_by_statement(
        range(
            "SELECT t.kpi_id AS kpi_id, t.year AS year, 0 AS quarter, t.value AS value \
             FROM programme_kpi_targets t JOIN programme_kpis k ON k.id = t.kpi_id \
             JOIN programmes p ON p.id = k.programme_id WHERE ",
        )
        .statement(),
    )
    .all(db)
    .await?;
    let actuals = Cell::find_by_statement(
        range(
            "SELECT a.kpi_id AS kpi_id, per.year AS year, per.quarter AS quarter, a.value AS value \
             FROM kpi_actuals a JOIN programme_reports rep ON rep.id = a.report_id \
             JOIN reporting_periods per ON per.id = rep.period_id JOIN programmes p ON p.id = rep.programme_id \
             WHERE ",
        )
        .statement(),
    )
    .all(db)
    .await?;
    // Per KPI and year: the target, and the actual of the year's latest period.
    let mut cells: HashMap<i64, BTreeMap<i32, YearCell>> = HashMap::new();
    for t in targets {
        cells.entry(t.kpi_id).or_default().entry(t.year).or_default().0 = Some(t.value);
    }
    for a in actuals {
        let slot = &mut cells.entry(a.kpi_id).or_default().entry(a.year).or_default().1;
        if slot.as_ref().is_none_or(|(q, _)| a.quarter >= *q) {
            *slot = Some((a.quarter, a.value));
        }
    }
    let mut rows = Vec::new();
    for k in kpis {
        let row = |year: Option<i32>, target: Option<String>, actual: Option<String>| KpiRow {
            kpi_id: k.kpi_id,
            programme_id: k.programme_id,
            region_code: k.region_code.clone(),
            kpi: k.kpi.clone(),
            unit: k.unit.clone(),
            baseline: k.baseline.clone(),
            baseline_year: k.baseline_year,
            direction: k.direction.clone(),
            year,
            target,
            actual,
        };
        match cells.remove(&k.kpi_id) {
            Some(years) if !years.is_empty() => {
                for (y, (t, a)) in years {
                    rows.push(row(Some(y), t, a.map(|(_, v)| v)));
                }
            }
            _ => rows.push(row(None, None, None)),
        }
    }
    Ok(Page { rows, next: full.then_some(last) })
}

/// How many programmes an export covers (tests and the benchmark compare row counts).
pub async fn programme_count<C: ConnectionTrait>(db: &C, scope: Scope) -> Result<i64> {
    #[derive(FromQueryResult)]
    struct N {
        n: i64,
    }
    let sql =
        scope.condition(Sql::new(db.get_database_backend()).push("SELECT COUNT(*) AS n FROM programmes p WHERE "));
    Ok(N::find_by_statement(sql.statement()).one(db).await?.map(|n| n.n).unwrap_or(0))
}
