//! The "real data" yardstick of the inventory: which programmes and decisions use each data set,
//! and the figures (current, authoritative, used) per region — for one region (its pages, API,
//! book, the evaluation) and for every region at once (the national summary, a fixed handful of
//! queries whatever the number of regions).

use crate::audit::{self, Change};
use crate::entity::{dataset, dataset_decision, dataset_programme, programme, region};
use crate::{Actor, Result};
use chrono::NaiveDate;
use kotacerdas_domain::analysis::Frequency;
use kotacerdas_domain::data_yardstick::{self, Counts, DecisionInput, Facts, Figures, Topic};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The yardstick of one region: counts in total, per dimension and per topic; `Counts::share`
/// and `Counts::share_bp` give the shares.
pub type YardstickFigures = Figures;

/// A programme use of a data set, with the programme's name for pages and documents.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeUse {
    pub dataset_id: i64,
    pub programme_id: i64,
    pub programme: String,
}

/// The region's day: a last update or a decision may not be later.
pub async fn today<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<NaiveDate> {
    Ok(crate::region::regions::by_id(db, region_id).await?.zone().today())
}

async fn dataset_ids<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<i64>> {
    Ok(dataset::Entity::find()
        .select_only()
        .column(dataset::Column::Id)
        .filter(dataset::Column::RegionId.eq(region_id))
        .into_tuple()
        .all(db)
        .await?)
}

/// Every programme use of the region's data sets, by programme name.
pub async fn programme_uses<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<ProgrammeUse>> {
    let links = dataset_programme::Entity::find()
        .filter(dataset_programme::Column::DatasetId.is_in(dataset_ids(db, region_id).await?))
        .all(db)
        .await?;
    let names: HashMap<i64, String> = programme::Entity::find()
        .select_only()
        .columns([programme::Column::Id, programme::Column::Name])
        .filter(programme::Column::RegionId.eq(region_id))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut out: Vec<ProgrammeUse> = links
        .into_iter()
        .map(|l| ProgrammeUse {
            dataset_id: l.dataset_id,
            programme: names.get(&l.programme_id).cloned().unwrap_or_default(),
            programme_id: l.programme_id,
        })
        .collect();
    out.sort_by(|a, b| a.programme.cmp(&b.programme));
    Ok(out)
}

/// Every decision recorded for the region's data sets, newest first.
pub async fn decisions<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<dataset_decision::Model>> {
    Ok(dataset_decision::Entity::find()
        .filter(dataset_decision::Column::DatasetId.is_in(dataset_ids(db, region_id).await?))
        .order_by_desc(dataset_decision::Column::DecidedOn)
        .order_by_asc(dataset_decision::Column::Id)
        .all(db)
        .await?)
}

/// The region's programmes a data set may be linked to, as (id, name).
pub async fn programme_choices<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<(i64, String)>> {
    Ok(programme::Entity::find()
        .select_only()
        .columns([programme::Column::Id, programme::Column::Name])
        .filter(programme::Column::RegionId.eq(region_id))
        .order_by_asc(programme::Column::Name)
        .into_tuple()
        .all(db)
        .await?)
}

/// Link a data set to one of the region's programmes (`raw`: the programme id as typed). A link
/// that exists already is left as it is.
pub async fn add_programme_use(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    dataset_id: i64,
    raw: &str,
) -> Result<()> {
    let txn = db.begin().await?;
    crate::analysis::inventory::get_dataset(&txn, region_id, dataset_id).await?;
    let ids: Vec<i64> = programme_choices(&txn, region_id).await?.into_iter().map(|(id, _)| id).collect();
    let programme_id = data_yardstick::programme_use(raw, &ids)?;
    let exists = dataset_programme::Entity::find()
        .filter(dataset_programme::Column::DatasetId.eq(dataset_id))
        .filter(dataset_programme::Column::ProgrammeId.eq(programme_id))
        .one(&txn)
        .await?;
    if exists.is_none() {
        let m = dataset_programme::ActiveModel {
            dataset_id: Set(dataset_id),
            programme_id: Set(programme_id),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            actor,
            Change::new(Some(region_id), "dataset_programme", m.id, "create"),
            None::<&()>,
            Some(&m),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Remove a programme use; removing one that is not there changes nothing.
pub async fn remove_programme_use(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    dataset_id: i64,
    programme_id: i64,
) -> Result<()> {
    let txn = db.begin().await?;
    crate::analysis::inventory::get_dataset(&txn, region_id, dataset_id).await?;
    let found = dataset_programme::Entity::find()
        .filter(dataset_programme::Column::DatasetId.eq(dataset_id))
        .filter(dataset_programme::Column::ProgrammeId.eq(programme_id))
        .one(&txn)
        .await?;
    if let Some(m) = found {
        audit::record(
            &txn,
            actor,
            Change::new(Some(region_id), "dataset_programme", m.id, "delete"),
            Some(&m),
            None::<&()>,
        )
        .await?;
        m.delete(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Record a decision that used a data set.
pub async fn add_decision(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    dataset_id: i64,
    input: &DecisionInput,
) -> Result<dataset_decision::Model> {
    let txn = db.begin().await?;
    crate::analysis::inventory::get_dataset(&txn, region_id, dataset_id).await?;
    let v = input.validate(today(&txn, region_id).await?)?;
    let m = dataset_decision::ActiveModel {
        dataset_id: Set(dataset_id),
        decided_on: Set(v.decided_on),
        description: Set(v.description),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "dataset_decision", m.id, "create"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

/// Remove a decision of a data set; one that is not there (or belongs to another data set)
/// changes nothing.
pub async fn remove_decision(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    dataset_id: i64,
    id: i64,
) -> Result<()> {
    let txn = db.begin().await?;
    crate::analysis::inventory::get_dataset(&txn, region_id, dataset_id).await?;
    let found = dataset_decision::Entity::find_by_id(id)
        .filter(dataset_decision::Column::DatasetId.eq(dataset_id))
        .one(&txn)
        .await?;
    if let Some(m) = found {
        audit::record(
            &txn,
            actor,
            Change::new(Some(region_id), "dataset_decision", id, "delete"),
            Some(&m),
            None::<&()>,
        )
        .await?;
        m.delete(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

fn facts_of(d: &dataset::Model, used: bool) -> Facts {
    Facts {
        dimension: d.element_code.as_deref().and_then(|e| e.split('-').next()).map(str::to_string),
        topic: Topic::parse(&d.topic).unwrap_or(Topic::Other),
        frequency: Frequency::parse(&d.frequency).unwrap_or(Frequency::AdHoc),
        last_updated: d.last_updated,
        authoritative: d.authoritative,
        used,
    }
}

/// The ids of the data sets (of `ids`, or of every region when `None`) used by a programme or
/// a decision: one query per table.
async fn used_ids<C: ConnectionTrait>(db: &C, ids: Option<Vec<i64>>) -> Result<HashSet<i64>> {
    let mut q1 =
        dataset_programme::Entity::find().select_only().column(dataset_programme::Column::DatasetId).distinct();
    let mut q2 = dataset_decision::Entity::find().select_only().column(dataset_decision::Column::DatasetId).distinct();
    if let Some(ids) = ids {
        q1 = q1.filter(dataset_programme::Column::DatasetId.is_in(ids.clone()));
        q2 = q2.filter(dataset_decision::Column::DatasetId.is_in(ids));
    }
    let mut used: HashSet<i64> = q1.into_tuple::<i64>().all(db).await?.into_iter().collect();
    used.extend(q2.into_tuple::<i64>().all(db).await?);
    Ok(used)
}

/// Each data set of the region with its yardstick facts (used = by a programme or a decision).
pub async fn facts<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<(dataset::Model, Facts)>> {
    let sets = crate::analysis::inventory::datasets(db, region_id).await?;
    let used = used_ids(db, Some(sets.iter().map(|d| d.id).collect())).await?;
    Ok(sets
        .into_iter()
        .map(|d| {
            let f = facts_of(&d, used.contains(&d.id));
            (d, f)
        })
        .collect())
}

/// The region's yardstick as of its own today: counts and shares in total, per dimension and
/// per topic.
pub async fn yardstick<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<YardstickFigures> {
    let today = today(db, region_id).await?;
    let f: Vec<Facts> = facts(db, region_id).await?.into_iter().map(|(_, f)| f).collect();
    Ok(data_yardstick::figures(&f, today))
}

/// The yardstick's totals of every region (by region id), each as of the region's own today:
/// three queries whatever the number of regions.
pub async fn totals<C: ConnectionTrait>(db: &C, regions: &[region::Model]) -> Result<HashMap<i64, Counts>> {
    let today: HashMap<i64, NaiveDate> = regions.iter().map(|r| (r.id, r.zone().today())).collect();
    let used = used_ids(db, None).await?;
    let mut out: HashMap<i64, Counts> = HashMap::new();
    for d in dataset::Entity::find().all(db).await? {
        let Some(t) = today.get(&d.region_id) else { continue };
        out.entry(d.region_id).or_default().add(&facts_of(&d, used.contains(&d.id)), *t);
    }
    Ok(out)
}
