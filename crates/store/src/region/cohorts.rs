//! Cohorts: the yearly intake of regions into the programme.

use crate::audit::{self, Change};
use crate::entity::{cohort, region};
use crate::{unique_as_field, Actor, Result, StoreError};
use kotacerdas_domain::validate::Errors;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use serde::{Deserialize, Serialize};
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

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CohortInput {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub notes: String,
}

fn validate(input: &CohortInput) -> Result<(i32, String, Option<String>)> {
    let mut e = Errors::new();
    let year = e.integer("year", &input.year, 2015, 2100);
    let name = e.text("name", &input.name, 200);
    let notes = e.optional_text("notes", &input.notes, 2000);
    e.into_result()?;
    Ok((year.unwrap_or_default() as i32, name, notes))
}

pub async fn create(db: &DatabaseConnection, actor: &Actor, input: &CohortInput) -> Result<cohort::Model> {
    let (year, name, notes) = validate(input)?;
    let txn = db.begin().await?;
    if cohort::Entity::find().filter(cohort::Column::Year.eq(year)).one(&txn).await?.is_some() {
        return Err(StoreError::field("year", "err-taken"));
    }
    let m = cohort::ActiveModel { year: Set(year), name: Set(name), notes: Set(notes), ..Default::default() }
        .insert(&txn)
        .await
        .map_err(|e| unique_as_field(e, "year"))?;
    audit::record(&txn, actor, Change::new(None, "cohort", m.id, "create"), None::<&()>, Some(&m)).await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn update(db: &DatabaseConnection, actor: &Actor, id: i64, input: &CohortInput) -> Result<cohort::Model> {
    let (year, name, notes) = validate(input)?;
    let txn = db.begin().await?;
    let before = cohort::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
    if cohort::Entity::find()
        .filter(cohort::Column::Year.eq(year))
        .filter(cohort::Column::Id.ne(id))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(StoreError::field("year", "err-taken"));
    }
    let mut am: cohort::ActiveModel = before.clone().into();
    am.year = Set(year);
    am.name = Set(name);
    am.notes = Set(notes);
    let after = am.update(&txn).await.map_err(|e| unique_as_field(e, "year"))?;
    audit::record(&txn, actor, Change::new(None, "cohort", id, "update"), Some(&before), Some(&after)).await?;
    txn.commit().await?;
    Ok(after)
}
