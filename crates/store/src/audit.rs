//! The audit log: who changed what, when, with the record before and after as JSON.

use crate::entity::audit;
use crate::{Actor, Result};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

/// What a change touched: the region it belongs to (if any), the entity, its id and the verb.
pub struct Change<'a> {
    pub region_id: Option<i64>,
    pub entity: &'a str,
    pub entity_id: String,
    pub action: &'a str,
}

impl<'a> Change<'a> {
    pub fn new(region_id: Option<i64>, entity: &'a str, entity_id: impl ToString, action: &'a str) -> Self {
        Change { region_id, entity, entity_id: entity_id.to_string(), action }
    }
}

pub async fn record<C: ConnectionTrait, B: Serialize, A: Serialize>(
    conn: &C,
    actor: &Actor,
    change: Change<'_>,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<()> {
    let before = before.and_then(|b| serde_json::to_string(b).ok());
    let after = after.and_then(|a| serde_json::to_string(a).ok());
    let Change { region_id, entity, entity_id, action } = change;
    audit::Entity::insert(audit::ActiveModel {
        at: Set(chrono::Utc::now()),
        actor_id: Set(actor.user_id),
        actor_name: Set(actor.name.clone()),
        region_id: Set(region_id),
        entity: Set(entity.to_string()),
        entity_id: Set(entity_id),
        action: Set(action.to_string()),
        before: Set(before),
        after: Set(after),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub region_id: Option<i64>,
    pub entity: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub page: u64,
}

pub const PAGE_SIZE: u64 = 50;

/// One page of entries, newest first, and the total count for the filter.
pub async fn list<C: ConnectionTrait>(conn: &C, f: &Filter) -> Result<(Vec<audit::Model>, u64)> {
    let mut q = audit::Entity::find();
    if let Some(r) = f.region_id {
        q = q.filter(audit::Column::RegionId.eq(r));
    }
    if let Some(e) = f.entity.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(audit::Column::Entity.eq(e));
    }
    if let Some(a) = f.actor.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(audit::Column::ActorName.contains(a));
    }
    if let Some(a) = f.action.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(audit::Column::Action.eq(a));
    }
    let total = q.clone().count(conn).await?;
    let rows = q.order_by_desc(audit::Column::Id).offset(f.page * PAGE_SIZE).limit(PAGE_SIZE).all(conn).await?;
    Ok((rows, total))
}

/// The entity names present in a region's log, for the filter's choices.
pub async fn entities<C: ConnectionTrait>(conn: &C, region_id: Option<i64>) -> Result<Vec<String>> {
    let mut q = audit::Entity::find().select_only().column(audit::Column::Entity).distinct();
    if let Some(r) = region_id {
        q = q.filter(audit::Column::RegionId.eq(r));
    }
    let mut v: Vec<String> = q.into_tuple().all(conn).await?;
    v.sort();
    Ok(v)
}

/// The newest audit id of one region: it moves whenever anything of that region changes (every
/// mutation writes its audit row in the same transaction), so caches can key on it.
pub async fn region_version<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<i64> {
    #[derive(sea_orm::FromQueryResult)]
    struct V {
        v: Option<i64>,
    }
    let v = audit::Entity::find()
        .select_only()
        .column_as(sea_orm::sea_query::Expr::col(audit::Column::Id).max(), "v")
        .filter(audit::Column::RegionId.eq(region_id))
        .into_model::<V>()
        .one(db)
        .await?;
    Ok(v.and_then(|v| v.v).unwrap_or(0))
}
