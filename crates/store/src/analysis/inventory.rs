//! Stage 1 application and data inventory: apps (with the data sets they produce and use) and
//! data sets, edited one by one or imported from XLSX all-or-nothing, and exported as XLSX in
//! the same layout so a round trip through Excel works.

use crate::audit::{self, Change};
use crate::entity::{app, app_dataset, dataset, opd};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::analysis::Link;
use kotacerdas_domain::analysis_input::{AppInput, DatasetInput};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Serialize;

pub async fn apps<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<app::Model>> {
    Ok(app::Entity::find().filter(app::Column::RegionId.eq(region_id)).order_by_asc(app::Column::Name).all(db).await?)
}

pub async fn datasets<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<dataset::Model>> {
    Ok(dataset::Entity::find()
        .filter(dataset::Column::RegionId.eq(region_id))
        .order_by_asc(dataset::Column::Name)
        .all(db)
        .await?)
}

/// All app ↔ data set links of a region, as (app id, data set id, link).
pub async fn links<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<(i64, i64, Link)>> {
    let ids: Vec<i64> = apps(db, region_id).await?.iter().map(|a| a.id).collect();
    Ok(app_dataset::Entity::find()
        .filter(app_dataset::Column::AppId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|l| Some((l.app_id, l.dataset_id, Link::parse(&l.relation)?)))
        .collect())
}

pub async fn get_app<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<app::Model> {
    app::Entity::find_by_id(id).filter(app::Column::RegionId.eq(region_id)).one(db).await?.ok_or(StoreError::NotFound)
}

pub async fn get_dataset<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<dataset::Model> {
    dataset::Entity::find_by_id(id)
        .filter(dataset::Column::RegionId.eq(region_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

impl From<&dataset::Model> for DatasetInput {
    fn from(d: &dataset::Model) -> DatasetInput {
        DatasetInput {
            name: d.name.clone(),
            opd_id: d.opd_id.to_string(),
            frequency: d.frequency.clone(),
            open: if d.open { "true".into() } else { String::new() },
            element_code: d.element_code.clone().unwrap_or_default(),
            topic: d.topic.clone(),
            steward: d.steward.clone().unwrap_or_default(),
            authoritative: if d.authoritative { "true".into() } else { String::new() },
            last_updated: d.last_updated.map(|x| x.to_string()).unwrap_or_default(),
        }
    }
}

/// The region's OPDs by id and short name (an inventory row names its OPD either way).
async fn opd_names<C: ConnectionTrait>(c: &C, region_id: i64) -> Result<Vec<(i64, String)>> {
    Ok(opd::Entity::find()
        .select_only()
        .columns([opd::Column::Id, opd::Column::ShortName])
        .filter(opd::Column::RegionId.eq(region_id))
        .into_tuple()
        .all(c)
        .await?)
}

fn names(opds: &[(i64, String)]) -> Vec<(i64, &str)> {
    opds.iter().map(|(id, s)| (*id, s.as_str())).collect()
}

pub async fn fill_dataset<C: ConnectionTrait>(
    c: &C,
    region_id: i64,
    input: &DatasetInput,
    am: &mut dataset::ActiveModel,
) -> Result<()> {
    let today = crate::analysis::data_uses::today(c, region_id).await?;
    let v = input.validate(&names(&opd_names(c, region_id).await?), today)?;
    am.region_id = Set(region_id);
    am.name = Set(v.name);
    am.opd_id = Set(v.opd_id);
    am.frequency = Set(v.frequency.as_str().to_string());
    am.open = Set(v.open);
    am.element_code = Set(v.element_code);
    am.topic = Set(v.topic.as_str().to_string());
    am.steward = Set(v.steward);
    am.authoritative = Set(v.authoritative);
    am.last_updated = Set(v.last_updated);
    am.updated_at = Set(chrono::Utc::now());
    Ok(())
}

pub async fn fill_app<C: ConnectionTrait>(
    c: &C,
    region_id: i64,
    input: &AppInput,
    am: &mut app::ActiveModel,
) -> Result<Vec<(i64, Link)>> {
    let datasets: Vec<i64> = dataset::Entity::find()
        .select_only()
        .column(dataset::Column::Id)
        .filter(dataset::Column::RegionId.eq(region_id))
        .into_tuple()
        .all(c)
        .await?;
    let v = input.validate(&names(&opd_names(c, region_id).await?), &datasets)?;
    am.region_id = Set(region_id);
    am.name = Set(v.name);
    am.opd_id = Set(v.opd_id);
    am.purpose = Set(v.purpose);
    am.users = Set(v.users);
    am.status = Set(v.status.as_str().to_string());
    am.hosting = Set(v.hosting.as_str().to_string());
    am.integrations = Set(v.integrations);
    am.element_code = Set(v.element_code);
    am.updated_at = Set(chrono::Utc::now());
    Ok(v.links)
}

async fn set_links<C: ConnectionTrait>(c: &C, app_id: i64, links: &[(i64, Link)]) -> Result<()> {
    app_dataset::Entity::delete_many().filter(app_dataset::Column::AppId.eq(app_id)).exec(c).await?;
    let mut seen = Vec::new();
    for (ds, link) in links {
        if seen.contains(&(*ds, *link)) {
            continue;
        }
        seen.push((*ds, *link));
        app_dataset::ActiveModel {
            app_id: Set(app_id),
            dataset_id: Set(*ds),
            relation: Set(link.as_str().into()),
            ..Default::default()
        }
        .insert(c)
        .await?;
    }
    Ok(())
}

/// The record kept in the audit log for an app: the row and its links.
#[derive(Serialize)]
struct AppRecord<'a> {
    app: &'a app::Model,
    links: Vec<(i64, &'static str)>,
}

async fn app_links<C: ConnectionTrait>(c: &C, app_id: i64) -> Result<Vec<(i64, &'static str)>> {
    Ok(app_dataset::Entity::find()
        .filter(app_dataset::Column::AppId.eq(app_id))
        .all(c)
        .await?
        .into_iter()
        .filter_map(|l| Some((l.dataset_id, Link::parse(&l.relation)?.as_str())))
        .collect())
}

pub async fn save_app(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    id: Option<i64>,
    input: &AppInput,
) -> Result<app::Model> {
    let txn = db.begin().await?;
    let m = save_app_in(&txn, actor, region_id, id, input).await?;
    txn.commit().await?;
    Ok(m)
}

pub(crate) async fn save_app_in<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    region_id: i64,
    id: Option<i64>,
    input: &AppInput,
) -> Result<app::Model> {
    let (before, mut am) = match id {
        Some(id) => {
            let b = get_app(c, region_id, id).await?;
            let links = app_links(c, b.id).await?;
            (Some((b.clone(), links)), b.into())
        }
        None => (None, <app::ActiveModel as Default>::default()),
    };
    let links = fill_app(c, region_id, input, &mut am).await?;
    let m = if before.is_some() { am.update(c).await? } else { am.insert(c).await? };
    set_links(c, m.id, &links).await?;
    let after = AppRecord { app: &m, links: app_links(c, m.id).await? };
    let before_rec = before.as_ref().map(|(b, l)| AppRecord { app: b, links: l.clone() });
    let action = if before.is_some() { "update" } else { "create" };
    audit::record(c, actor, Change::new(Some(region_id), "app", m.id, action), before_rec.as_ref(), Some(&after))
        .await?;
    Ok(m)
}

pub async fn save_dataset(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    id: Option<i64>,
    input: &DatasetInput,
) -> Result<dataset::Model> {
    let txn = db.begin().await?;
    let m = save_dataset_in(&txn, actor, region_id, id, input).await?;
    txn.commit().await?;
    Ok(m)
}

pub(crate) async fn save_dataset_in<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    region_id: i64,
    id: Option<i64>,
    input: &DatasetInput,
) -> Result<dataset::Model> {
    let before = match id {
        Some(id) => Some(get_dataset(c, region_id, id).await?),
        None => None,
    };
    let mut am: dataset::ActiveModel = before.clone().map(Into::into).unwrap_or_default();
    fill_dataset(c, region_id, input, &mut am).await?;
    let m = if before.is_some() { am.update(c).await? } else { am.insert(c).await? };
    let action = if before.is_some() { "update" } else { "create" };
    audit::record(c, actor, Change::new(Some(region_id), "dataset", m.id, action), before.as_ref(), Some(&m)).await?;
    Ok(m)
}

pub async fn delete_app(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let before = get_app(&txn, region_id, id).await?;
    let rec = AppRecord { app: &before, links: app_links(&txn, id).await? };
    audit::record(&txn, actor, Change::new(Some(region_id), "app", id, "delete"), Some(&rec), None::<&()>).await?;
    crate::plan::programmes::unlink(&txn, kotacerdas_domain::programme::LinkKind::App, id).await?;
    before.clone().delete(&txn).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn delete_dataset(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let before = get_dataset(&txn, region_id, id).await?;
    crate::plan::programmes::unlink(&txn, kotacerdas_domain::programme::LinkKind::Dataset, id).await?;
    before.clone().delete(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "dataset", id, "delete"), Some(&before), None::<&()>)
        .await?;
    txn.commit().await?;
    Ok(())
}
