//! Stage 3 programme register: programmes per OPD with their horizon, yearly targets and
//! budgets by funding source (whole rupiah).

use crate::audit::{self, Change};
use crate::entity::{opd, programme_budget, programme_row, programme_year};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::analysis::normalise_number;
use kotacerdas_domain::framework;
use kotacerdas_domain::programme::{check_span, total, FundingSource, Horizon};
use kotacerdas_domain::validate::Errors;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};
use serde::Serialize;
use std::collections::HashMap;

/// A programme with its yearly targets and budgets.
#[derive(Debug, Clone, Serialize)]
pub struct Programme {
    pub programme: programme_row::Model,
    pub targets: Vec<programme_year::Model>,
    pub budgets: Vec<programme_budget::Model>,
}

impl Programme {
    pub fn total_budget(&self) -> i64 {
        total(self.budgets.iter().map(|b| b.amount)).unwrap_or(i64::MAX)
    }
    pub fn budget(&self, year: i32, source: &str) -> i64 {
        self.budgets.iter().filter(|b| b.year == year && b.source == source).map(|b| b.amount).sum()
    }
    pub fn target(&self, year: i32) -> Option<&str> {
        self.targets.iter().find(|t| t.year == year).map(|t| t.target.as_str())
    }
}

/// All programmes of a region with their years and budgets (three queries).
pub async fn list<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<Programme>> {
    let rows = programme_row::Entity::find()
        .filter(programme_row::Column::RegionId.eq(region_id))
        .order_by_asc(programme_row::Column::ElementCode)
        .order_by_asc(programme_row::Column::Name)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
    let mut targets: HashMap<i64, Vec<programme_year::Model>> = HashMap::new();
    for t in programme_year::Entity::find()
        .filter(programme_year::Column::ProgrammeId.is_in(ids.clone()))
        .order_by_asc(programme_year::Column::Year)
        .all(db)
        .await?
    {
        targets.entry(t.programme_id).or_default().push(t);
    }
    let mut budgets: HashMap<i64, Vec<programme_budget::Model>> = HashMap::new();
    for b in programme_budget::Entity::find().filter(programme_budget::Column::ProgrammeId.is_in(ids)).all(db).await? {
        budgets.entry(b.programme_id).or_default().push(b);
    }
    Ok(rows
        .into_iter()
        .map(|p| Programme {
            targets: targets.remove(&p.id).unwrap_or_default(),
            budgets: budgets.remove(&p.id).unwrap_or_default(),
            programme: p,
        })
        .collect())
}

pub async fn get<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<Programme> {
    list(db, region_id).await?.into_iter().find(|p| p.programme.id == id).ok_or(StoreError::NotFound)
}

#[derive(Debug, Clone, Default)]
pub struct ProgrammeInput {
    pub opd_id: String,
    pub element_code: String,
    pub name: String,
    pub brand_name: String,
    pub description: String,
    pub horizon: String,
    pub start_year: String,
    pub end_year: String,
    pub output: String,
    pub outcome: String,
    /// year → target text
    pub targets: HashMap<i32, String>,
    /// (year, source) → amount as typed
    pub budgets: HashMap<(i32, String), String>,
}

impl ProgrammeInput {
    pub fn from_programme(p: &Programme) -> ProgrammeInput {
        let r = &p.programme;
        ProgrammeInput {
            opd_id: r.opd_id.to_string(),
            element_code: r.element_code.clone(),
            name: r.name.clone(),
            brand_name: r.brand_name.clone().unwrap_or_default(),
            description: r.description.clone(),
            horizon: r.horizon.clone(),
            start_year: r.start_year.to_string(),
            end_year: r.end_year.to_string(),
            output: r.output.clone().unwrap_or_default(),
            outcome: r.outcome.clone().unwrap_or_default(),
            targets: p.targets.iter().map(|t| (t.year, t.target.clone())).collect(),
            budgets: p.budgets.iter().map(|b| ((b.year, b.source.clone()), b.amount.to_string())).collect(),
        }
    }
}

pub fn field(kind: &str, year: i32, source: Option<&str>) -> String {
    match source {
        Some(s) => format!("{kind}.{year}.{s}"),
        None => format!("{kind}.{year}"),
    }
}

struct Valid {
    opd_id: i64,
    element: String,
    name: String,
    brand: Option<String>,
    description: String,
    horizon: Horizon,
    start: i32,
    end: i32,
    output: Option<String>,
    outcome: Option<String>,
    targets: Vec<(i32, String)>,
    budgets: Vec<(i32, FundingSource, i64)>,
}

async fn validate<C: ConnectionTrait>(c: &C, region_id: i64, input: &ProgrammeInput) -> Result<Valid> {
    let mut e = Errors::new();
    let name = e.text("name", &input.name, 300);
    let brand = e.optional_text("brand_name", &input.brand_name, 200);
    let description = e.text("description", &input.description, 5000);
    let element = e.choice("element_code", &input.element_code, |s| framework::element(s).map(|x| x.code.to_string()));
    let horizon = e.choice("horizon", &input.horizon, Horizon::parse);
    let start = e.integer("start_year", &input.start_year, 2015, 2100).map(|v| v as i32);
    let end = e.integer("end_year", &input.end_year, 2015, 2100).map(|v| v as i32);
    let output = e.optional_text("output", &input.output, 2000);
    let outcome = e.optional_text("outcome", &input.outcome, 2000);
    let opd = match input.opd_id.trim().parse::<i64>() {
        Ok(id) => opd::Entity::find_by_id(id).filter(opd::Column::RegionId.eq(region_id)).one(c).await?,
        Err(_) => None,
    };
    if opd.is_none() {
        e.add("opd_id", if input.opd_id.trim().is_empty() { "err-required" } else { "err-choice" }, None);
    }
    let masterplan_start = crate::plan::masterplan(c, region_id).await?.map(|m| m.start_year);
    if let (Some(h), Some(s), Some(en)) = (horizon, start, end) {
        if let Err(err) = check_span(h, s, en, masterplan_start.unwrap_or(s)) {
            e.add("end_year", err.code(), None);
        }
    }
    let in_span = |y: i32| start.zip(end).is_some_and(|(s, en)| s <= y && y <= en);
    let mut targets = Vec::new();
    for (year, text) in &input.targets {
        let f = field("target", *year, None);
        if let Some(t) = e.optional_text(&f, text, 500) {
            if in_span(*year) {
                targets.push((*year, t));
            } else {
                e.add(&f, "err-outside-span", None);
            }
        }
    }
    let mut budgets = Vec::new();
    for ((year, source), raw) in &input.budgets {
        let f = field("budget", *year, Some(source));
        if raw.trim().is_empty() {
            continue;
        }
        let Some(src) = FundingSource::parse(source) else {
            e.add(&f, "err-choice", None);
            continue;
        };
        match normalise_number(raw, true).and_then(|v| v.parse::<i64>().ok()) {
            Some(v) if v < 0 => e.add(&f, "err-min", Some(0)),
            Some(0) => {}
            Some(v) if in_span(*year) => budgets.push((*year, src, v)),
            Some(_) => e.add(&f, "err-outside-span", None),
            None => e.add(&f, "err-rupiah", None),
        }
    }
    if total(budgets.iter().map(|b| b.2)).is_none() {
        e.add("budget", "err-max", Some(i64::MAX));
    }
    e.into_result()?;
    targets.sort();
    Ok(Valid {
        opd_id: opd.map(|o| o.id).unwrap_or_default(),
        element: element.unwrap_or_default(),
        name,
        brand,
        description,
        horizon: horizon.unwrap_or(Horizon::Medium),
        start: start.unwrap_or_default(),
        end: end.unwrap_or_default(),
        output,
        outcome,
        targets,
        budgets,
    })
}

/// Create (`id` None) or replace a programme with its years, audited with before and after.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    id: Option<i64>,
    input: &ProgrammeInput,
) -> Result<programme_row::Model> {
    let txn = db.begin().await?;
    let v = validate(&txn, region_id, input).await?;
    let before = match id {
        Some(id) => Some(get(&txn, region_id, id).await?),
        None => None,
    };
    let mut am: programme_row::ActiveModel = before.as_ref().map(|b| b.programme.clone().into()).unwrap_or_default();
    am.region_id = Set(region_id);
    am.opd_id = Set(v.opd_id);
    am.element_code = Set(v.element);
    am.name = Set(v.name);
    am.brand_name = Set(v.brand);
    am.description = Set(v.description);
    am.horizon = Set(v.horizon.as_str().into());
    am.start_year = Set(v.start);
    am.end_year = Set(v.end);
    am.output = Set(v.output);
    am.outcome = Set(v.outcome);
    am.updated_at = Set(chrono::Utc::now());
    let row = if before.is_some() { am.update(&txn).await? } else { am.insert(&txn).await? };
    programme_year::Entity::delete_many().filter(programme_year::Column::ProgrammeId.eq(row.id)).exec(&txn).await?;
    programme_budget::Entity::delete_many().filter(programme_budget::Column::ProgrammeId.eq(row.id)).exec(&txn).await?;
    for (year, target) in v.targets {
        programme_year::ActiveModel {
            programme_id: Set(row.id),
            year: Set(year),
            target: Set(target),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    for (year, source, amount) in v.budgets {
        programme_budget::ActiveModel {
            programme_id: Set(row.id),
            year: Set(year),
            source: Set(source.as_str().into()),
            amount: Set(amount),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let after = get(&txn, region_id, row.id).await?;
    let action = if before.is_some() { "update" } else { "create" };
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "programme", row.id, action),
        before.as_ref(),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

pub async fn delete(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let before = get(&txn, region_id, id).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "programme", id, "delete"), Some(&before), None::<&()>)
        .await?;
    before.programme.delete(&txn).await?;
    txn.commit().await?;
    Ok(())
}
