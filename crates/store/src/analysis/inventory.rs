//! Stage 1 application and data inventory: apps (with the data sets they produce and use) and
//! data sets, edited one by one or imported from XLSX all-or-nothing, and exported as XLSX in
//! the same layout so a round trip through Excel works.

use crate::audit::{self, Change};
use crate::entity::{app, app_dataset, dataset, opd};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::analysis::{AppStatus, Frequency, Hosting, Link};
use kotacerdas_domain::framework;
use kotacerdas_domain::validate::Errors;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};
use serde::{Deserialize, Serialize};

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

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AppInput {
    pub name: String,
    pub opd_id: String,
    pub purpose: String,
    pub users: String,
    pub status: String,
    pub hosting: String,
    pub integrations: String,
    pub element_code: String,
    /// Data set ids this app produces / uses.
    pub produces: Vec<String>,
    pub uses: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DatasetInput {
    pub name: String,
    pub opd_id: String,
    pub frequency: String,
    /// "ya"/"yes"/"true"/"1"/"on" for open data.
    pub open: String,
    pub element_code: String,
}

impl DatasetInput {
    pub fn from_model(d: &dataset::Model) -> DatasetInput {
        DatasetInput {
            name: d.name.clone(),
            opd_id: d.opd_id.to_string(),
            frequency: d.frequency.clone(),
            open: if d.open { "true".into() } else { String::new() },
            element_code: d.element_code.clone().unwrap_or_default(),
        }
    }
}

fn yes(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "ya" | "yes" | "true" | "1" | "on" | "y" => Some(true),
        "" | "tidak" | "no" | "false" | "0" | "off" | "n" => Some(false),
        _ => None,
    }
}

async fn opd_of<C: ConnectionTrait>(c: &C, region_id: i64, e: &mut Errors, raw: &str) -> Result<Option<i64>> {
    let raw = raw.trim();
    if raw.is_empty() {
        e.add("opd_id", "err-required", None);
        return Ok(None);
    }
    let found = match raw.parse::<i64>() {
        Ok(id) => opd::Entity::find_by_id(id).filter(opd::Column::RegionId.eq(region_id)).one(c).await?,
        // Imports name the OPD by its short name.
        Err(_) => {
            opd::Entity::find()
                .filter(opd::Column::RegionId.eq(region_id))
                .filter(opd::Column::ShortName.eq(raw))
                .one(c)
                .await?
        }
    };
    if found.is_none() {
        e.add("opd_id", "err-choice", None);
    }
    Ok(found.map(|o| o.id))
}

fn element(e: &mut Errors, raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let found = framework::element(raw).map(|el| el.code.to_string());
    if found.is_none() {
        e.add("element_code", "err-choice", None);
    }
    found
}

pub async fn fill_dataset<C: ConnectionTrait>(
    c: &C,
    region_id: i64,
    input: &DatasetInput,
    am: &mut dataset::ActiveModel,
) -> Result<()> {
    let mut e = Errors::new();
    let name = e.text("name", &input.name, 200);
    let opd_id = opd_of(c, region_id, &mut e, &input.opd_id).await?;
    let frequency = e.choice("frequency", &input.frequency, |s| {
        Frequency::parse(s).or_else(|| Frequency::ALL.iter().copied().find(|f| f.label("id").eq_ignore_ascii_case(s)))
    });
    let open = yes(&input.open);
    if open.is_none() {
        e.add("open", "err-choice", None);
    }
    let element_code = element(&mut e, &input.element_code);
    e.into_result()?;
    am.region_id = Set(region_id);
    am.name = Set(name);
    am.opd_id = Set(opd_id.unwrap_or_default());
    am.frequency = Set(frequency.map(|f| f.as_str()).unwrap_or("ad_hoc").to_string());
    am.open = Set(open.unwrap_or(false));
    am.element_code = Set(element_code);
    am.updated_at = Set(chrono::Utc::now());
    Ok(())
}

pub async fn fill_app<C: ConnectionTrait>(
    c: &C,
    region_id: i64,
    input: &AppInput,
    am: &mut app::ActiveModel,
) -> Result<Vec<(i64, Link)>> {
    let mut e = Errors::new();
    let name = e.text("name", &input.name, 200);
    let opd_id = opd_of(c, region_id, &mut e, &input.opd_id).await?;
    let purpose = e.text("purpose", &input.purpose, 2000);
    let users = e.text("users", &input.users, 300);
    let status = e.choice("status", &input.status, AppStatus::parse);
    let hosting = e.choice("hosting", &input.hosting, Hosting::parse);
    let integrations = e.optional_text("integrations", &input.integrations, 2000);
    let element_code = element(&mut e, &input.element_code);
    let mut links = Vec::new();
    for (field, list, link) in [("produces", &input.produces, Link::Produces), ("uses", &input.uses, Link::Uses)] {
        for raw in list.iter().filter(|s| !s.trim().is_empty()) {
            match raw.trim().parse::<i64>() {
                Ok(id) if get_dataset(c, region_id, id).await.is_ok() => links.push((id, link)),
                _ => e.add(field, "err-choice", None),
            }
        }
    }
    e.into_result()?;
    am.region_id = Set(region_id);
    am.name = Set(name);
    am.opd_id = Set(opd_id.unwrap_or_default());
    am.purpose = Set(purpose);
    am.users = Set(users);
    am.status = Set(status.map(|s| s.as_str()).unwrap_or("active").to_string());
    am.hosting = Set(hosting.map(|h| h.as_str()).unwrap_or("opd").to_string());
    am.integrations = Set(integrations);
    am.element_code = Set(element_code);
    am.updated_at = Set(chrono::Utc::now());
    Ok(links)
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
    crate::plan::programmes::unlink(&txn, crate::plan::programmes::link::APP, id).await?;
    before.clone().delete(&txn).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn delete_dataset(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let before = get_dataset(&txn, region_id, id).await?;
    crate::plan::programmes::unlink(&txn, crate::plan::programmes::link::DATASET, id).await?;
    before.clone().delete(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "dataset", id, "delete"), Some(&before), None::<&()>)
        .await?;
    txn.commit().await?;
    Ok(())
}
