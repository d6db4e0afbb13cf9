//! Cohorts: the intakes of regions into the programme, several a year, each on a track and
//! perhaps with a quota.

use crate::audit::{self, Change};
use crate::entity::{cohort, region};
use crate::{unique_as_field, Actor, Result, StoreError};
use kotacerdas_domain::cohort::{room_for_one, CohortInput, ValidCohort};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize)]
pub struct CohortRow {
    pub cohort: cohort::Model,
    /// Its member regions.
    pub regions: i64,
    /// The cohort's quota (none: no limit), widened for formatting.
    pub quota: Option<i64>,
}

pub async fn list(db: &DatabaseConnection) -> Result<Vec<CohortRow>> {
    let cohorts =
        cohort::Entity::find().order_by_desc(cohort::Column::Year).order_by_asc(cohort::Column::Name).all(db).await?;
    let counts: Vec<(Option<i64>, i64)> = region::Entity::find()
        .select_only()
        .column(region::Column::CohortId)
        .column_as(region::Column::Id.count(), "n")
        .group_by(region::Column::CohortId)
        .into_tuple()
        .all(db)
        .await?;
    let counts: HashMap<i64, i64> = counts.into_iter().filter_map(|(c, n)| c.map(|c| (c, n))).collect();
    Ok(cohorts
        .into_iter()
        .map(|c| CohortRow {
            regions: counts.get(&c.id).copied().unwrap_or(0),
            quota: c.quota.map(i64::from),
            cohort: c,
        })
        .collect())
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> Result<cohort::Model> {
    cohort::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)
}

/// How many regions are members of the cohort.
pub async fn members<C: ConnectionTrait>(c: &C, id: i64) -> Result<i64> {
    Ok(region::Entity::find().filter(region::Column::CohortId.eq(id)).count(c).await? as i64)
}

/// Refuse one more member when the cohort is at its quota (`field`: where the message goes).
pub(crate) async fn ensure_room<C: ConnectionTrait>(c: &C, id: i64, field: &str) -> Result<()> {
    let quota = get(c, id).await?.quota;
    Ok(room_for_one(quota, members(c, id).await?, field)?)
}

/// Check an input against the (year, name) of the other cohorts and the members it holds.
async fn validate<C: ConnectionTrait>(c: &C, input: &CohortInput, id: Option<i64>) -> Result<ValidCohort> {
    let mut q = cohort::Entity::find().select_only().column(cohort::Column::Year).column(cohort::Column::Name);
    if let Some(id) = id {
        q = q.filter(cohort::Column::Id.ne(id));
    }
    let taken: Vec<(i32, String)> = q.into_tuple().all(c).await?;
    let taken: Vec<(i32, &str)> = taken.iter().map(|(y, n)| (*y, n.as_str())).collect();
    let members = match id {
        Some(id) => members(c, id).await?,
        None => 0,
    };
    Ok(input.validate(&taken, members)?)
}

pub async fn create(db: &DatabaseConnection, actor: &Actor, input: &CohortInput) -> Result<cohort::Model> {
    let txn = db.begin().await?;
    let ValidCohort { year, name, notes, track, quota } = validate(&txn, input, None).await?;
    let m = cohort::ActiveModel {
        year: Set(year),
        name: Set(name),
        notes: Set(notes),
        track: Set(track.as_str().to_string()),
        quota: Set(quota),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| unique_as_field(e, "name"))?;
    audit::record(&txn, actor, Change::new(None, "cohort", m.id, "create"), None::<&()>, Some(&m)).await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn update(db: &DatabaseConnection, actor: &Actor, id: i64, input: &CohortInput) -> Result<cohort::Model> {
    let txn = db.begin().await?;
    let before = cohort::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
    let ValidCohort { year, name, notes, track, quota } = validate(&txn, input, Some(id)).await?;
    let mut am: cohort::ActiveModel = before.clone().into();
    am.year = Set(year);
    am.name = Set(name);
    am.notes = Set(notes);
    am.track = Set(track.as_str().to_string());
    am.quota = Set(quota);
    let after = am.update(&txn).await.map_err(|e| unique_as_field(e, "name"))?;
    audit::record(&txn, actor, Change::new(None, "cohort", id, "update"), Some(&before), Some(&after)).await?;
    txn.commit().await?;
    Ok(after)
}

impl From<&cohort::Model> for CohortInput {
    fn from(c: &cohort::Model) -> CohortInput {
        CohortInput {
            year: c.year.to_string(),
            name: c.name.clone(),
            notes: c.notes.clone().unwrap_or_default(),
            track: c.track.clone(),
            quota: c.quota.map(|q| q.to_string()).unwrap_or_default(),
        }
    }
}
