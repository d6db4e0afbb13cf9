//! The four Bimtek stages of a region: schedule, status, sign-off and the comments around it.

use crate::audit::{self, Change};
use crate::entity::{stage, stage_comment};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::stage::{action_comment, transition, ScheduleInput, StageAction, StageError, StageStatus};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use serde::Serialize;

/// Only the stages of each region's current edition (an earlier edition's stages stay, with
/// their comments and workshops, but no page or rule looks at them as the region's stages).
pub fn current() -> sea_orm::sea_query::SimpleExpr {
    sea_orm::sea_query::Expr::cust("stages.edition = (SELECT r.edition FROM regions r WHERE r.id = stages.region_id)")
}

pub async fn list<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<stage::Model>> {
    Ok(stage::Entity::find()
        .filter(stage::Column::RegionId.eq(region_id))
        .filter(current())
        .order_by_asc(stage::Column::Number)
        .all(db)
        .await?)
}

pub async fn get<C: ConnectionTrait>(db: &C, region_id: i64, number: i32) -> Result<stage::Model> {
    stage::Entity::find()
        .filter(stage::Column::RegionId.eq(region_id))
        .filter(stage::Column::Number.eq(number))
        .filter(current())
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

#[derive(Debug, Clone, Serialize)]
pub struct CommentRow {
    pub comment: stage_comment::Model,
    pub author: String,
}

/// A stage's comments, oldest first, with their authors' names (one query for all authors).
pub async fn comments(db: &DatabaseConnection, stage_id: i64) -> Result<Vec<CommentRow>> {
    let rows = stage_comment::Entity::find()
        .filter(stage_comment::Column::StageId.eq(stage_id))
        .order_by_asc(stage_comment::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|c| c.author_id).collect();
    let names = crate::accounts::users::names(db, ids).await?;
    Ok(rows
        .into_iter()
        .map(|c| CommentRow { author: names.get(&c.author_id).cloned().unwrap_or_default(), comment: c })
        .collect())
}

impl From<&stage::Model> for ScheduleInput {
    fn from(s: &stage::Model) -> ScheduleInput {
        let d = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        ScheduleInput {
            planned_start: d(s.planned_start),
            planned_end: d(s.planned_end),
            held_start: d(s.held_start),
            held_end: d(s.held_end),
        }
    }
}

pub async fn update_schedule(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    number: i32,
    input: &ScheduleInput,
) -> Result<stage::Model> {
    let s = input.validate()?;
    let txn = db.begin().await?;
    let before = get(&txn, region_id, number).await?;
    // Recording that stage 1 was held is starting it: the same gate as the Start action.
    if number == 1 && s.held_start.is_some() && before.held_start.is_none() {
        match stage1_gate(&txn, region_id).await {
            Err(StoreError::Stage(missing)) => return Err(StoreError::field("held_start", missing.code())),
            other => other?,
        }
    }
    let mut am: stage::ActiveModel = before.clone().into();
    am.planned_start = Set(s.planned_start);
    am.planned_end = Set(s.planned_end);
    am.held_start = Set(s.held_start);
    am.held_end = Set(s.held_end);
    let after = am.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "stage", after.id, "schedule"),
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Apply a workflow action (the caller has checked the role). A comment travels with it.
pub async fn act(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    number: i32,
    action: StageAction,
    comment: &str,
) -> Result<stage::Model> {
    let comment = action_comment(comment)?;
    let txn = db.begin().await?;
    let before = get(&txn, region_id, number).await?;
    let previous_approved = if number > 1 {
        get(&txn, region_id, number - 1).await?.status == StageStatus::Approved.as_str()
    } else {
        true
    };
    if number == 1 && matches!(action, StageAction::Start | StageAction::Submit) {
        stage1_gate(&txn, region_id).await?;
    }
    let from = StageStatus::parse(&before.status).unwrap_or(StageStatus::NotStarted);
    let next = transition(from, action, previous_approved, &comment)?;
    let mut am: stage::ActiveModel = before.clone().into();
    am.status = Set(next.as_str().to_string());
    if action.by_reviewer() {
        am.decided_by = Set(actor.user_id);
        am.decided_at = Set(Some(chrono::Utc::now()));
    }
    let after = am.update(&txn).await?;
    if let Some(author) = actor.user_id {
        stage_comment::ActiveModel {
            stage_id: Set(after.id),
            region_id: Set(region_id),
            author_id: Set(author),
            action: Set(action.as_str().to_string()),
            body: Set(comment),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "stage", after.id, action.as_str()),
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// When the programme says so (`programme.stage1_needs_decrees`), stage 1 starts only once the
/// region's MoU and the SK decrees of its council and team are recorded; the domain names the
/// first that is missing.
async fn stage1_gate<C: ConnectionTrait>(c: &C, region_id: i64) -> Result<()> {
    let needed = crate::entity::national_settings::Entity::find().one(c).await?.is_some_and(|p| p.stage1_needs_decrees);
    if !needed {
        return Ok(());
    }
    let mou = crate::region::mou::get(c, region_id).await?.is_some();
    let decrees = crate::region::decrees::list(c, region_id).await?;
    let has = |b: kotacerdas_domain::region::Body| decrees.iter().any(|d| d.body == b.as_str());
    let missing = kotacerdas_domain::cohort::stage1_missing(
        needed,
        mou,
        has(kotacerdas_domain::region::Body::Dewan),
        has(kotacerdas_domain::region::Body::Tim),
    );
    match missing.first() {
        Some(p) => Err(StageError::Missing(*p).into()),
        None => Ok(()),
    }
}

/// A plain comment on a stage, without changing its status.
pub async fn comment(
    db: &DatabaseConnection,
    actor: &Actor,
    author_id: i64,
    region_id: i64,
    number: i32,
    body: &str,
) -> Result<stage_comment::Model> {
    let body = kotacerdas_domain::stage::comment(body)?;
    let txn = db.begin().await?;
    let s = get(&txn, region_id, number).await?;
    let c = stage_comment::ActiveModel {
        stage_id: Set(s.id),
        region_id: Set(region_id),
        author_id: Set(author_id),
        action: Set("comment".into()),
        body: Set(body),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "stage_comment", c.id, "create"), None::<&()>, Some(&c))
        .await?;
    txn.commit().await?;
    Ok(c)
}

/// The statuses of the region's stages by number (for rules that look at several stages).
pub async fn statuses<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<(i32, StageStatus)>> {
    Ok(list(db, region_id)
        .await?
        .into_iter()
        .map(|s| (s.number, StageStatus::parse(&s.status).unwrap_or(StageStatus::NotStarted)))
        .collect())
}

/// Stage 4 follows the book's versions (`versions::stage4_after`), in the caller's transaction
/// and with its own audit row, so the region page's stages and progress show the book's state.
pub(crate) async fn follow_book<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    region_id: i64,
    action: kotacerdas_domain::versions::VersionAction,
) -> Result<()> {
    let before = match get(txn, region_id, 4).await {
        Ok(s) => s,
        Err(StoreError::NotFound) => return Ok(()),
        Err(e) => return Err(e),
    };
    let from = StageStatus::parse(&before.status).unwrap_or(StageStatus::NotStarted);
    let Some(next) = kotacerdas_domain::versions::stage4_after(action, from) else { return Ok(()) };
    let mut am: stage::ActiveModel = before.clone().into();
    am.status = Set(next.as_str().to_string());
    if next == StageStatus::Approved {
        am.decided_by = Set(actor.user_id);
        am.decided_at = Set(Some(chrono::Utc::now()));
    }
    let after = am.update(txn).await?;
    let what = format!("book_{}", action.as_str());
    audit::record(txn, actor, Change::new(Some(region_id), "stage", after.id, &what), Some(&before), Some(&after)).await
}
