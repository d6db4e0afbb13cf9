//! Programmes shared by neighbouring regions: the owning region invites a partner, the partner's
//! manager acknowledges (or declines); an acknowledged programme shows in the partner's plan,
//! book and public portal as "owned by …".

use crate::audit::{self, Change};
use crate::entity::{programme, programme_share, region};
use crate::{region::regions, Actor, Result, StoreError};
use kotacerdas_domain::participation::{check_invite, share_note, ShareStatus};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use serde::Serialize;
use std::collections::HashMap;

/// A share with the other side's region.
#[derive(Debug, Clone, Serialize)]
pub struct Share {
    pub share: programme_share::Model,
    pub programme: programme::Model,
    /// The region that owns the programme.
    pub owner: region::Model,
    /// The region it is shared with.
    pub partner: region::Model,
}

impl Share {
    pub fn status(&self) -> ShareStatus {
        ShareStatus::parse(&self.share.status).unwrap_or(ShareStatus::Pending)
    }
}

async fn complete<C: ConnectionTrait>(db: &C, rows: Vec<programme_share::Model>) -> Result<Vec<Share>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let programmes: HashMap<i64, programme::Model> = programme::Entity::find()
        .filter(programme::Column::Id.is_in(rows.iter().map(|r| r.programme_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut region_ids: Vec<i64> = rows.iter().map(|r| r.region_id).collect();
    region_ids.extend(programmes.values().map(|p| p.region_id));
    let regions: HashMap<i64, region::Model> = region::Entity::find()
        .filter(region::Column::Id.is_in(region_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|s| {
            let programme = programmes.get(&s.programme_id)?.clone();
            let owner = regions.get(&programme.region_id)?.clone();
            let partner = regions.get(&s.region_id)?.clone();
            Some(Share { share: s, programme, owner, partner })
        })
        .collect())
}

/// Shares of the given programmes (the owner's view).
pub async fn of_programmes<C: ConnectionTrait>(db: &C, programme_ids: &[i64]) -> Result<Vec<Share>> {
    if programme_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = programme_share::Entity::find()
        .filter(programme_share::Column::ProgrammeId.is_in(programme_ids.to_vec()))
        .order_by_asc(programme_share::Column::Id)
        .all(db)
        .await?;
    complete(db, rows).await
}

/// Programmes other regions share with this one (pending, acknowledged and declined).
pub async fn incoming<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<Share>> {
    let rows = programme_share::Entity::find()
        .filter(programme_share::Column::RegionId.eq(region_id))
        .order_by_asc(programme_share::Column::Id)
        .all(db)
        .await?;
    complete(db, rows).await
}

/// Acknowledged programmes of other regions that belong in this region's plan.
pub async fn acknowledged<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<Share>> {
    Ok(incoming(db, region_id).await?.into_iter().filter(|s| s.status() == ShareStatus::Acknowledged).collect())
}

/// Invite a neighbouring region (by code) to share one of this region's programmes.
pub async fn invite(
    db: &DatabaseConnection,
    actor: &Actor,
    owner_region_id: i64,
    programme_id: i64,
    partner_code: &str,
) -> Result<programme_share::Model> {
    let txn = db.begin().await?;
    let programme = programme::Entity::find_by_id(programme_id)
        .filter(programme::Column::RegionId.eq(owner_region_id))
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let partner = match regions::by_code(&txn, partner_code.trim()).await {
        Ok(r) => Some(r.id),
        Err(StoreError::NotFound) => None,
        Err(e) => return Err(e),
    };
    let shared = match partner {
        Some(p) => programme_share::Entity::find()
            .filter(programme_share::Column::ProgrammeId.eq(programme.id))
            .filter(programme_share::Column::RegionId.eq(p))
            .one(&txn)
            .await?
            .is_some(),
        None => false,
    };
    let partner = check_invite(owner_region_id, partner, shared)?;
    let m = programme_share::ActiveModel {
        programme_id: Set(programme.id),
        region_id: Set(partner),
        status: Set(ShareStatus::Pending.as_str().into()),
        note: Set(None),
        decided_by: Set(None),
        decided_at: Set(None),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Change::new(Some(owner_region_id), "programme_share", m.id, "invite"),
        None::<&()>,
        Some(&m),
    )
    .await?;
    // The partner's log too: its plan is about to change.
    audit::record(&txn, actor, Change::new(Some(partner), "programme_share", m.id, "invite"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

/// The partner region acknowledges or declines a share.
pub async fn decide(
    db: &DatabaseConnection,
    actor: &Actor,
    partner_region_id: i64,
    share_id: i64,
    acknowledge: bool,
    note: &str,
) -> Result<programme_share::Model> {
    let note = share_note(note)?;
    let txn = db.begin().await?;
    let before = programme_share::Entity::find_by_id(share_id)
        .filter(programme_share::Column::RegionId.eq(partner_region_id))
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let owner = programme::Entity::find_by_id(before.programme_id).one(&txn).await?.ok_or(StoreError::NotFound)?;
    let status = if acknowledge { ShareStatus::Acknowledged } else { ShareStatus::Declined };
    let mut am: programme_share::ActiveModel = before.clone().into();
    am.status = Set(status.as_str().into());
    am.note = Set(note);
    am.decided_by = Set(actor.user_id);
    am.decided_at = Set(Some(chrono::Utc::now()));
    let after = am.update(&txn).await?;
    for region in [partner_region_id, owner.region_id] {
        audit::record(
            &txn,
            actor,
            Change::new(Some(region), "programme_share", share_id, status.as_str()),
            Some(&before),
            Some(&after),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(after)
}

/// The owner withdraws a share (pending or not); returns the programme's id.
pub async fn withdraw(db: &DatabaseConnection, actor: &Actor, owner_region_id: i64, share_id: i64) -> Result<i64> {
    let txn = db.begin().await?;
    let before = programme_share::Entity::find_by_id(share_id).one(&txn).await?.ok_or(StoreError::NotFound)?;
    programme::Entity::find_by_id(before.programme_id)
        .filter(programme::Column::RegionId.eq(owner_region_id))
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    programme_share::Entity::delete_by_id(share_id).exec(&txn).await?;
    for region in [owner_region_id, before.region_id] {
        audit::record(
            &txn,
            actor,
            Change::new(Some(region), "programme_share", share_id, "withdraw"),
            Some(&before),
            None::<&()>,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(before.programme_id)
}
