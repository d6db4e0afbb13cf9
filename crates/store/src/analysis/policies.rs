//! Stage 1 policy and institution inventory: the regulations (Perda, Perbup/Perwal, SK) and the
//! institutions a smart city stands on.

use crate::audit::{self, Change};
use crate::entity::{institution, regulation};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::analysis_input::{InstitutionInput, RegulationInput};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, ModelTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};

pub async fn regulations(db: &DatabaseConnection, region_id: i64) -> Result<Vec<regulation::Model>> {
    Ok(regulation::Entity::find()
        .filter(regulation::Column::RegionId.eq(region_id))
        .order_by_desc(regulation::Column::Year)
        .order_by_asc(regulation::Column::Kind)
        .all(db)
        .await?)
}

pub async fn institutions(db: &DatabaseConnection, region_id: i64) -> Result<Vec<institution::Model>> {
    Ok(institution::Entity::find()
        .filter(institution::Column::RegionId.eq(region_id))
        .order_by_asc(institution::Column::Name)
        .all(db)
        .await?)
}

pub async fn add_regulation(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &RegulationInput,
    file_id: Option<i64>,
) -> Result<regulation::Model> {
    let v = input.validate()?;
    let txn = db.begin().await?;
    let m = regulation::ActiveModel {
        region_id: Set(region_id),
        kind: Set(v.kind.as_str().into()),
        number: Set(v.number),
        year: Set(v.year),
        title: Set(v.title),
        status: Set(v.status.as_str().into()),
        url: Set(v.url),
        file_id: Set(file_id),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "regulation", m.id, "create"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn add_institution(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &InstitutionInput,
) -> Result<institution::Model> {
    let v = input.validate()?;
    let txn = db.begin().await?;
    let m = institution::ActiveModel {
        region_id: Set(region_id),
        name: Set(v.name),
        kind: Set(v.kind),
        legal_basis: Set(v.legal_basis),
        description: Set(v.description),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "institution", m.id, "create"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn delete_regulation(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let b = regulation::Entity::find_by_id(id)
        .filter(regulation::Column::RegionId.eq(region_id))
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    b.clone().delete(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "regulation", id, "delete"), Some(&b), None::<&()>).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn delete_institution(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let b = institution::Entity::find_by_id(id)
        .filter(institution::Column::RegionId.eq(region_id))
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    b.clone().delete(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "institution", id, "delete"), Some(&b), None::<&()>)
        .await?;
    txn.commit().await?;
    Ok(())
}
