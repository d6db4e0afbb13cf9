//! A workshop's minutes (berita acara / notulen) and the follow-up actions agreed there, each
//! owned by an OPD and tracked until done (they wait in the inboxes of the region's managers and
//! of the owner OPD's planners).

use super::get;
use crate::audit::{self, Change};
use crate::entity::{workshop, workshop_action};
use crate::region::opds;
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::workshop::{ActionInput, ActionStatus, MinutesInput};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};

pub async fn save_minutes(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    workshop_id: i64,
    input: &MinutesInput,
) -> Result<workshop::Model> {
    let (summary, decisions) = input.validate()?;
    let txn = db.begin().await?;
    let before = get(&txn, region_id, workshop_id).await?;
    let mut am: workshop::ActiveModel = before.clone().into();
    am.minutes_summary = Set(summary);
    am.minutes_decisions = Set(decisions);
    let after = am.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "workshop", workshop_id, "minutes"),
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

pub async fn add_action(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    workshop_id: i64,
    input: &ActionInput,
) -> Result<workshop_action::Model> {
    let txn = db.begin().await?;
    get(&txn, region_id, workshop_id).await?;
    let v = input.validate(&opds::ids(&txn, region_id).await?)?;
    let a = workshop_action::ActiveModel {
        workshop_id: Set(workshop_id),
        region_id: Set(region_id),
        text: Set(v.text),
        opd_id: Set(v.opd_id),
        due_on: Set(v.due_on),
        status: Set(ActionStatus::Open.as_str().to_string()),
        done_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "workshop_action", a.id, "create"), None::<&()>, Some(&a))
        .await?;
    txn.commit().await?;
    Ok(a)
}

pub async fn action<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<workshop_action::Model> {
    workshop_action::Entity::find_by_id(id)
        .filter(workshop_action::Column::RegionId.eq(region_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Mark an action done (or open again).
pub async fn set_status(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    id: i64,
    status: ActionStatus,
) -> Result<workshop_action::Model> {
    let txn = db.begin().await?;
    let before = action(&txn, region_id, id).await?;
    let mut am: workshop_action::ActiveModel = before.clone().into();
    am.status = Set(status.as_str().to_string());
    am.done_at = Set((status == ActionStatus::Done).then(chrono::Utc::now));
    let after = am.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "workshop_action", id, status.as_str()),
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The open actions of the regions in `scope` (`None`: all), oldest due first.
pub async fn open_actions<C: ConnectionTrait>(db: &C, scope: &Option<Vec<i64>>) -> Result<Vec<workshop_action::Model>> {
    let mut q = workshop_action::Entity::find().filter(workshop_action::Column::Status.eq(ActionStatus::Open.as_str()));
    if let Some(ids) = scope {
        q = q.filter(workshop_action::Column::RegionId.is_in(ids.clone()));
    }
    Ok(q.order_by_asc(workshop_action::Column::DueOn).order_by_asc(workshop_action::Column::Id).all(db).await?)
}
