//! Stage 1 gap and SWOT per pillar (and, where the team wants, per dimension).

use crate::audit::{self, Change};
use crate::entity::swot_item;
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::analysis_input::SwotInput;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, ModelTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};

pub async fn list(db: &DatabaseConnection, region_id: i64) -> Result<Vec<swot_item::Model>> {
    Ok(swot_item::Entity::find()
        .filter(swot_item::Column::RegionId.eq(region_id))
        .order_by_asc(swot_item::Column::Id)
        .all(db)
        .await?)
}

pub async fn add(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &SwotInput,
) -> Result<swot_item::Model> {
    let v = input.validate()?;
    let txn = db.begin().await?;
    let m = swot_item::ActiveModel {
        region_id: Set(region_id),
        pillar_code: Set(v.pillar_code.to_string()),
        dimension_code: Set(v.dimension_code.map(str::to_string)),
        kind: Set(v.kind.as_str().to_string()),
        text: Set(v.text),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "swot_item", m.id, "create"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn delete(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let b = swot_item::Entity::find_by_id(id)
        .filter(swot_item::Column::RegionId.eq(region_id))
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    b.clone().delete(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "swot_item", id, "delete"), Some(&b), None::<&()>).await?;
    txn.commit().await?;
    Ok(())
}
