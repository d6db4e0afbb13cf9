//! Cohorts: the yearly intake of regions into the programme.

use crate::audit::{self, Change};
use crate::entity::{cohort, region};
use crate::{unique_as_field, Actor, Result, StoreError};
use kotacerdas_domain::region::{CohortInput, ValidCohort};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize)]
pub struct CohortRow {
    pub cohort: cohort::Model,
    pub regions: i64,
}

pub async fn list(db: &DatabaseConnection) -> Result<Vec<CohortRow>> {
    let cohorts = cohort::Entity::find().order_by_desc(cohort::Column::Year).all(db).await?;
    let counts: Vec<(Option<i64>, i64)> = region::Entity::find()
        .select_only()
        .column(region::Column::CohortId)
        .column_as(region::Column::Id.count(), "n")
        .group_by(region::Column::CohortId)
        .into_tuple()
        .all(db)
        .await?;
    let counts: HashMap<i64, i64> = counts.into_iter().filter_map(|(c, n)| c.map(|c| (c, n))).collect();
    Ok(cohorts.into_iter().map(|c| CohortRow { regions: counts.get(&c.id).copied().unwrap_or(0), cohort: c }).collect())
}

pub async fn get(db: &DatabaseConnection, id: i64) -> Result<cohort::Model> {
    cohort::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)
}

/// Check an input against the years of the other cohorts.
async fn validate<C: ConnectionTrait>(c: &C, input: &CohortInput, id: Option<i64>) -> Result<ValidCohort> {
    let mut q = cohort::Entity::find().select_only().column(cohort::Column::Year);
    if let Some(id) = id {
        q = q.filter(cohort::Column::Id.ne(id));
    }
    let taken: Vec<i32> = q.into_tuple().all(c).await?;
    Ok(input.validate(&taken)?)
}

pub async fn create(db: &DatabaseConnection, actor: &Actor, input: &CohortInput) -> Result<cohort::Model> {
    let txn = db.begin().await?;
    let ValidCohort { year, name, notes } = validate(&txn, input, None).await?;
    let m = cohort::ActiveModel { year: Set(year), name: Set(name), notes: Set(notes), ..Default::default() }
        .insert(&txn)
        .await
        .map_err(|e| unique_as_field(e, "year"))?;
    audit::record(&txn, actor, Change::new(None, "cohort", m.id, "create"), None::<&()>, Some(&m)).await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn update(db: &DatabaseConnection, actor: &Actor, id: i64, input: &CohortInput) -> Result<cohort::Model> {
    let txn = db.begin().await?;
    let before = cohort::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
    let ValidCohort { year, name, notes } = validate(&txn, input, Some(id)).await?;
    let mut am: cohort::ActiveModel = before.clone().into();
    am.year = Set(year);
    am.name = Set(name);
    am.notes = Set(notes);
    let after = am.update(&txn).await.map_err(|e| unique_as_field(e, "year"))?;
    audit::record(&txn, actor, Change::new(None, "cohort", id, "update"), Some(&before), Some(&after)).await?;
    txn.commit().await?;
    Ok(after)
}
