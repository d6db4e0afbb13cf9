//! OPDs (perangkat daerah): the region's agencies that own programmes.

use crate::audit::{self, Change};
use crate::entity::{member, opd, programme, role_assignment};
use crate::{unique_as_field, Actor, Result, StoreError};
use kotacerdas_domain::validate::Errors;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    PaginatorTrait, QueryFilter, QueryOrder, TransactionTrait,
};
use serde::{Deserialize, Serialize};

pub async fn list<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<opd::Model>> {
    Ok(opd::Entity::find()
        .filter(opd::Column::RegionId.eq(region_id))
        .order_by_asc(opd::Column::ShortName)
        .all(db)
        .await?)
}

/// An OPD of this region; another region's OPD is "not found".
pub async fn get<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<opd::Model> {
    opd::Entity::find_by_id(id).filter(opd::Column::RegionId.eq(region_id)).one(db).await?.ok_or(StoreError::NotFound)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OpdInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    #[serde(default)]
    pub code: String,
}

impl OpdInput {
    pub fn from_model(o: &opd::Model) -> OpdInput {
        OpdInput { name: o.name.clone(), short_name: o.short_name.clone(), code: o.code.clone().unwrap_or_default() }
    }
}

async fn validate<C: ConnectionTrait>(
    c: &C,
    region_id: i64,
    input: &OpdInput,
    id: Option<i64>,
) -> Result<(String, String, Option<String>)> {
    let mut e = Errors::new();
    let name = e.text("name", &input.name, 200);
    let short = e.text("short_name", &input.short_name, 40);
    let code = e.optional_text("code", &input.code, 40);
    if e.get("short_name").is_none() {
        let mut q = opd::Entity::find()
            .filter(opd::Column::RegionId.eq(region_id))
            .filter(opd::Column::ShortName.eq(short.as_str()));
        if let Some(id) = id {
            q = q.filter(opd::Column::Id.ne(id));
        }
        if q.one(c).await?.is_some() {
            e.add("short_name", "err-taken", None);
        }
    }
    e.into_result()?;
    Ok((name, short, code))
}

pub async fn create(db: &DatabaseConnection, actor: &Actor, region_id: i64, input: &OpdInput) -> Result<opd::Model> {
    let txn = db.begin().await?;
    let (name, short_name, code) = validate(&txn, region_id, input, None).await?;
    let m = opd::ActiveModel {
        region_id: Set(region_id),
        name: Set(name),
        short_name: Set(short_name),
        code: Set(code),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| unique_as_field(e, "short_name"))?;
    audit::record(&txn, actor, Change::new(Some(region_id), "opd", m.id, "create"), None::<&()>, Some(&m)).await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    id: i64,
    input: &OpdInput,
) -> Result<opd::Model> {
    let txn = db.begin().await?;
    let before = get(&txn, region_id, id).await?;
    let (name, short_name, code) = validate(&txn, region_id, input, Some(id)).await?;
    let mut am: opd::ActiveModel = before.clone().into();
    am.name = Set(name);
    am.short_name = Set(short_name);
    am.code = Set(code);
    let after = am.update(&txn).await.map_err(|e| unique_as_field(e, "short_name"))?;
    audit::record(&txn, actor, Change::new(Some(region_id), "opd", id, "update"), Some(&before), Some(&after)).await?;
    txn.commit().await?;
    Ok(after)
}

/// Delete an OPD that no member or planner refers to; otherwise say why not.
pub async fn delete(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let before = get(&txn, region_id, id).await?;
    let used = member::Entity::find().filter(member::Column::OpdId.eq(id)).count(&txn).await?
        + role_assignment::Entity::find().filter(role_assignment::Column::OpdId.eq(id)).count(&txn).await?
        + programme::Entity::find().filter(programme::Column::OpdId.eq(id)).count(&txn).await?;
    if used > 0 {
        return Err(StoreError::field("opd", "err-in-use"));
    }
    crate::plan::programmes::unlink(&txn, crate::plan::programmes::link::SUPPORT_OPD, id).await?;
    before.clone().delete(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "opd", id, "delete"), Some(&before), None::<&()>).await?;
    txn.commit().await?;
    Ok(())
}

/// The OPDs of several regions in one query.
pub async fn list_many<C: ConnectionTrait>(db: &C, region_ids: &[i64]) -> Result<Vec<opd::Model>> {
    Ok(opd::Entity::find()
        .filter(opd::Column::RegionId.is_in(region_ids.to_vec()))
        .order_by_asc(opd::Column::RegionId)
        .order_by_asc(opd::Column::ShortName)
        .all(db)
        .await?)
}
