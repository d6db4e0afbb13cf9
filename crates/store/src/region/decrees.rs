//! The SK decrees forming a region's Dewan Smart City and Tim Pelaksana: number, date and the
//! signed document (uploaded through the file store, with its limits). One per body.

use crate::audit::{self, Change};
use crate::entity::sk_decree;
use crate::{Actor, Result};
use kotacerdas_domain::cohort::{DecreeInput, ValidDecree};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};

/// The region's decrees, council first.
pub async fn list<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<sk_decree::Model>> {
    Ok(sk_decree::Entity::find()
        .filter(sk_decree::Column::RegionId.eq(region_id))
        .order_by_asc(sk_decree::Column::Body)
        .all(db)
        .await?)
}

pub async fn get<C: ConnectionTrait>(db: &C, region_id: i64, body: &str) -> Result<Option<sk_decree::Model>> {
    Ok(sk_decree::Entity::find()
        .filter(sk_decree::Column::RegionId.eq(region_id))
        .filter(sk_decree::Column::Body.eq(body))
        .one(db)
        .await?)
}

impl From<&sk_decree::Model> for DecreeInput {
    fn from(m: &sk_decree::Model) -> DecreeInput {
        DecreeInput {
            body: m.body.clone(),
            number: m.number.clone(),
            issued_on: m.issued_on.to_string(),
            notes: m.notes.clone().unwrap_or_default(),
        }
    }
}

/// Record or replace the decree of a body; `file_id` (the uploaded document) is kept when `None`.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &DecreeInput,
    file_id: Option<i64>,
) -> Result<sk_decree::Model> {
    let ValidDecree { body, number, issued_on, notes } = input.validate()?;
    let txn = db.begin().await?;
    let before = get(&txn, region_id, body.as_str()).await?;
    let mut am: sk_decree::ActiveModel = match &before {
        Some(b) => b.clone().into(),
        None => sk_decree::ActiveModel {
            region_id: Set(region_id),
            body: Set(body.as_str().to_string()),
            ..Default::default()
        },
    };
    am.number = Set(number);
    am.issued_on = Set(issued_on);
    am.notes = Set(notes);
    if file_id.is_some() {
        am.file_id = Set(file_id);
    }
    let after = match &before {
        Some(_) => am.update(&txn).await?,
        None => am.insert(&txn).await?,
    };
    let action = if before.is_some() { "update" } else { "create" };
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "sk_decree", after.id, action),
        before.as_ref(),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
