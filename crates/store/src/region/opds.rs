//! OPDs (perangkat daerah): the region's agencies that own programmes.

use crate::audit::{self, Change};
use crate::entity::{member, opd, programme, role_assignment};
use crate::{unique_as_field, Actor, Result, StoreError};
use kotacerdas_domain::region::{OpdInput, ValidOpd};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

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

impl From<&opd::Model> for OpdInput {
    fn from(o: &opd::Model) -> OpdInput {
        OpdInput { name: o.name.clone(), short_name: o.short_name.clone(), code: o.code.clone().unwrap_or_default() }
    }
}

/// The ids of the region's OPDs (what a reference to an OPD is checked against).
pub async fn ids<C: ConnectionTrait>(c: &C, region_id: i64) -> Result<Vec<i64>> {
    Ok(opd::Entity::find()
        .select_only()
        .column(opd::Column::Id)
        .filter(opd::Column::RegionId.eq(region_id))
        .into_tuple()
        .all(c)
        .await?)
}

/// Check an input against the short names of the region's other OPDs.
async fn validate<C: ConnectionTrait>(c: &C, region_id: i64, input: &OpdInput, id: Option<i64>) -> Result<ValidOpd> {
    let mut q =
        opd::Entity::find().select_only().column(opd::Column::ShortName).filter(opd::Column::RegionId.eq(region_id));
    if let Some(id) = id {
        q = q.filter(opd::Column::Id.ne(id));
    }
    let taken: Vec<String> = q.into_tuple().all(c).await?;
    Ok(input.validate(&taken.iter().map(String::as_str).collect::<Vec<_>>())?)
}

pub async fn create(db: &DatabaseConnection, actor: &Actor, region_id: i64, input: &OpdInput) -> Result<opd::Model> {
    let txn = db.begin().await?;
    let ValidOpd { name, short_name, code } = validate(&txn, region_id, input, None).await?;
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
    let ValidOpd { name, short_name, code } = validate(&txn, region_id, input, Some(id)).await?;
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
        + programme::Entity::find().filter(programme::Column::OpdId.eq(id)).count(&txn).await?
        // Invited to a workshop or owning its follow-up: the papers keep naming it.
        + crate::entity::workshop_invitee::Entity::find()
            .filter(crate::entity::workshop_invitee::Column::OpdId.eq(id))
            .count(&txn)
            .await?
        + crate::entity::workshop_action::Entity::find()
            .filter(crate::entity::workshop_action::Column::OpdId.eq(id))
            .count(&txn)
            .await?;
    kotacerdas_domain::validate::not_in_use("opd", used)?;
    crate::plan::programmes::unlink(&txn, kotacerdas_domain::programme::LinkKind::SupportOpd, id).await?;
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
