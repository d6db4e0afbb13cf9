//! Rate-limit counts kept in the database, so every server behind a load balancer counts the same
//! hits: a sliding window per (action, sender), pruned as it is used.
//!
//! A hit is written first and counted after, so two servers taking hits at the same moment can
//! only both refuse, never both let one too many through. A refused hit is removed again: a
//! sender who keeps knocking does not push their own window forward.

use crate::entity::rate_hit;
use crate::Result;
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use sha2::{Digest, Sha256};

/// The stored key of a client address: a hash, so the table does not list who sent what.
pub fn sender_key(addr: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"kotacerdas-rate:");
    h.update(addr.as_bytes());
    hex::encode(&h.finalize()[..16])
}

/// Count one hit of `action` by `addr`; `Ok(Err(seconds to wait))` when it is over `allowed` hits
/// within `window`.
pub async fn hit<C: ConnectionTrait>(
    db: &C,
    action: &str,
    addr: &str,
    allowed: u64,
    window: Duration,
) -> Result<std::result::Result<(), i64>> {
    let now = Utc::now();
    let since = now - window;
    let sender = sender_key(addr);
    let mine = rate_hit::ActiveModel {
        action: Set(action.to_string()),
        sender: Set(sender.clone()),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let in_window = || {
        rate_hit::Entity::find()
            .filter(rate_hit::Column::Action.eq(action))
            .filter(rate_hit::Column::Sender.eq(sender.as_str()))
            .filter(rate_hit::Column::At.gt(since))
    };
    let n = in_window().count(db).await?;
    if n <= allowed {
        return Ok(Ok(()));
    }
    rate_hit::Entity::delete_by_id(mine.id).exec(db).await?;
    let oldest = in_window()
        .filter(rate_hit::Column::Id.ne(mine.id))
        .order_by_asc(rate_hit::Column::At)
        .limit(1)
        .one(db)
        .await?;
    let wait = oldest.map(|h| (h.at + window - now).num_seconds()).unwrap_or(60);
    Ok(Err(wait.max(1)))
}

/// Remove hits older than `window` (run with the session sweep).
pub async fn prune<C: ConnectionTrait>(db: &C, window: Duration) -> Result<u64> {
    let r = rate_hit::Entity::delete_many().filter(rate_hit::Column::At.lt(Utc::now() - window)).exec(db).await?;
    Ok(r.rows_affected)
}
