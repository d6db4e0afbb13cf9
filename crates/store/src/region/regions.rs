//! Regions (kabupaten, kota, provinsi): the tenants of the platform.

use crate::audit::{self, Change};
use crate::entity::{cohort, region, stage};
use crate::{unique_as_field, Actor, Result, StoreError};
use kotacerdas_domain::region::{RegionInput, RegionKind, ValidRegion};
use kotacerdas_domain::stage::StageStatus;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A region as the national overview shows it: with its cohort and its four stage statuses.
#[derive(Debug, Clone, Serialize)]
pub struct RegionSummary {
    pub region: region::Model,
    pub cohort_year: Option<i32>,
    pub stages: Vec<StageStatus>,
    /// 0..=100, the mean of the stages' progress.
    pub progress: u32,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RegionFilter {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub cohort: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub stage: String,
}

/// Regions visible to the caller (`None` = all), filtered; stages and cohorts loaded in two
/// batched queries, never one per region.
pub async fn list(db: &DatabaseConnection, visible: Option<&[i64]>, f: &RegionFilter) -> Result<Vec<RegionSummary>> {
    let mut q = region::Entity::find().order_by_asc(region::Column::Code);
    if let Some(ids) = visible {
        q = q.filter(region::Column::Id.is_in(ids.to_vec()));
    }
    let needle = f.q.trim();
    if !needle.is_empty() {
        q = q.filter(
            Condition::any()
                .add(region::Column::Name.contains(needle))
                .add(region::Column::Code.starts_with(needle))
                .add(region::Column::Province.contains(needle)),
        );
    }
    if let Ok(c) = f.cohort.trim().parse::<i64>() {
        q = q.filter(region::Column::CohortId.eq(c));
    }
    if let Some(k) = RegionKind::parse(f.kind.trim()) {
        q = q.filter(region::Column::Kind.eq(k.as_str()));
    }
    let regions = q.all(db).await?;
    let ids: Vec<i64> = regions.iter().map(|r| r.id).collect();
    let stages = stage::Entity::find()
        .filter(stage::Column::RegionId.is_in(ids))
        .filter(super::stages::current())
        .order_by_asc(stage::Column::Number)
        .all(db)
        .await?;
    let mut by_region: HashMap<i64, Vec<StageStatus>> = HashMap::new();
    for s in stages {
        by_region
            .entry(s.region_id)
            .or_default()
            .push(StageStatus::parse(&s.status).unwrap_or(StageStatus::NotStarted));
    }
    let years: HashMap<i64, i32> = cohort::Entity::find().all(db).await?.into_iter().map(|c| (c.id, c.year)).collect();
    let wanted_stage = f.stage.trim().parse::<usize>().ok();
    Ok(regions
        .into_iter()
        .map(|r| {
            let stages = by_region.remove(&r.id).unwrap_or_default();
            let progress = kotacerdas_domain::stage::overall_progress(&stages);
            RegionSummary { cohort_year: r.cohort_id.and_then(|c| years.get(&c).copied()), region: r, stages, progress }
        })
        // "current stage" filter: the first stage not yet approved
        .filter(|s| match wanted_stage {
            Some(n) => current_stage(&s.stages) == n,
            None => true,
        })
        .collect())
}

/// The stage a region is working on: the first not approved (5 when all are).
pub fn current_stage(stages: &[StageStatus]) -> usize {
    stages.iter().position(|s| *s != StageStatus::Approved).map(|i| i + 1).unwrap_or(5)
}

/// Every region by code (for programme-wide lists that filter by what the user may see).
pub async fn list_all<C: ConnectionTrait>(db: &C) -> Result<Vec<region::Model>> {
    Ok(region::Entity::find().order_by_asc(region::Column::Code).all(db).await?)
}

pub async fn by_code<C: ConnectionTrait>(db: &C, code: &str) -> Result<region::Model> {
    region::Entity::find().filter(region::Column::Code.eq(code)).one(db).await?.ok_or(StoreError::NotFound)
}

pub async fn by_id<C: ConnectionTrait>(db: &C, id: i64) -> Result<region::Model> {
    region::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)
}

/// What a region's input is checked against: the cohorts, and the codes of the other regions.
async fn validate<C: ConnectionTrait>(c: &C, input: &RegionInput, id: Option<i64>) -> Result<ValidRegion> {
    let cohorts: Vec<i64> = cohort::Entity::find().select_only().column(cohort::Column::Id).into_tuple().all(c).await?;
    let mut q = region::Entity::find().select_only().column(region::Column::Code);
    if let Some(id) = id {
        q = q.filter(region::Column::Id.ne(id));
    }
    let others: Vec<String> = q.into_tuple().all(c).await?;
    Ok(input.validate(&cohorts, &others.iter().map(String::as_str).collect::<Vec<_>>())?)
}

/// Create a region with its four stages, not started.
pub async fn create(db: &DatabaseConnection, actor: &Actor, input: &RegionInput) -> Result<region::Model> {
    let txn = db.begin().await?;
    let v = validate(&txn, input, None).await?;
    if let Some(c) = v.cohort_id {
        crate::region::cohorts::ensure_room(&txn, c, "cohort_id").await?;
    }
    let r = region::ActiveModel {
        code: Set(v.code),
        name: Set(v.name),
        kind: Set(v.kind.as_str().to_string()),
        province: Set(v.province),
        population: Set(v.population),
        cohort_id: Set(v.cohort_id),
        time_zone: Set(v.time_zone.as_str().to_string()),
        edition: Set(1),
        has_masterplan: Set(v.has_masterplan),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| unique_as_field(e, "code"))?;
    for n in 1..=4 {
        stage::ActiveModel {
            region_id: Set(r.id),
            number: Set(n),
            edition: Set(1),
            status: Set(StageStatus::NotStarted.as_str().to_string()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(&txn, actor, Change::new(Some(r.id), "region", r.id, "create"), None::<&()>, Some(&r)).await?;
    txn.commit().await?;
    Ok(r)
}

pub async fn update(db: &DatabaseConnection, actor: &Actor, id: i64, input: &RegionInput) -> Result<region::Model> {
    let txn = db.begin().await?;
    let before = by_id(&txn, id).await?;
    let v = validate(&txn, input, Some(id)).await?;
    if let Some(c) = v.cohort_id.filter(|c| before.cohort_id != Some(*c)) {
        crate::region::cohorts::ensure_room(&txn, c, "cohort_id").await?;
    }
    let mut am: region::ActiveModel = before.clone().into();
    am.code = Set(v.code);
    am.name = Set(v.name);
    am.kind = Set(v.kind.as_str().to_string());
    am.province = Set(v.province);
    am.population = Set(v.population);
    am.cohort_id = Set(v.cohort_id);
    am.time_zone = Set(v.time_zone.as_str().to_string());
    am.has_masterplan = Set(v.has_masterplan);
    let after = am.update(&txn).await.map_err(|e| unique_as_field(e, "code"))?;
    audit::record(&txn, actor, Change::new(Some(id), "region", id, "update"), Some(&before), Some(&after)).await?;
    txn.commit().await?;
    Ok(after)
}

impl From<&region::Model> for RegionInput {
    fn from(r: &region::Model) -> RegionInput {
        RegionInput {
            code: r.code.clone(),
            name: r.name.clone(),
            kind: r.kind.clone(),
            province: r.province.clone(),
            population: r.population.to_string(),
            cohort_id: r.cohort_id.map(|c| c.to_string()).unwrap_or_default(),
            time_zone: r.time_zone.clone(),
            has_masterplan: if r.has_masterplan { "true".into() } else { String::new() },
        }
    }
}
