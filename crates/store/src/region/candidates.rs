//! The selection of a cohort: candidate regions screened for readiness and decided by the
//! programme office before their MoU. Accepting makes the region a member of the cohort (within
//! its quota); taking an acceptance back takes the region out again.

use crate::audit::{self, Change};
use crate::entity::{cohort_candidate as candidate, region};
use crate::region::cohorts;
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::cohort::{CandidateInput, Decision, ValidCandidate};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct CandidateRow {
    pub candidate: candidate::Model,
    pub region: region::Model,
    /// Who decided, when someone has.
    pub decided_by: Option<String>,
    /// The screening score, widened for formatting.
    pub score: Option<i64>,
}

/// The cohort's candidates, best screened first.
pub async fn list(db: &DatabaseConnection, cohort_id: i64) -> Result<Vec<CandidateRow>> {
    let rows = candidate::Entity::find()
        .filter(candidate::Column::CohortId.eq(cohort_id))
        .order_by_asc(candidate::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|c| c.region_id).collect();
    let regions: std::collections::HashMap<i64, region::Model> = region::Entity::find()
        .filter(region::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let names = crate::accounts::users::names(db, rows.iter().filter_map(|c| c.decided_by).collect()).await?;
    let mut out: Vec<CandidateRow> = rows
        .into_iter()
        .filter_map(|c| {
            let region = regions.get(&c.region_id)?.clone();
            Some(CandidateRow {
                decided_by: c.decided_by.and_then(|u| names.get(&u).cloned()),
                score: c.score.map(i64::from),
                region,
                candidate: c,
            })
        })
        .collect();
    out.sort_by_key(|r| (std::cmp::Reverse(r.candidate.score.unwrap_or(-1)), r.region.code.clone()));
    Ok(out)
}

pub async fn get<C: ConnectionTrait>(c: &C, cohort_id: i64, region_id: i64) -> Result<Option<candidate::Model>> {
    Ok(candidate::Entity::find()
        .filter(candidate::Column::CohortId.eq(cohort_id))
        .filter(candidate::Column::RegionId.eq(region_id))
        .one(c)
        .await?)
}

/// The regions that may be candidates: every region (a kawasan too).
async fn region_ids<C: ConnectionTrait>(c: &C) -> Result<Vec<i64>> {
    Ok(region::Entity::find().select_only().column(region::Column::Id).into_tuple().all(c).await?)
}

/// Record or update a region's candidacy (one per cohort and region), and follow its decision
/// into the region's cohort.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    cohort_id: i64,
    input: &CandidateInput,
) -> Result<candidate::Model> {
    let txn = db.begin().await?;
    cohorts::get(&txn, cohort_id).await?;
    let ValidCandidate { region_id, score, notes, decision } = input.validate(&region_ids(&txn).await?)?;
    let before = get(&txn, cohort_id, region_id).await?;
    let decided = before.as_ref().map(|b| b.decision.as_str()) != Some(decision.as_str());
    let mut am: candidate::ActiveModel = match &before {
        Some(b) => b.clone().into(),
        None => candidate::ActiveModel {
            cohort_id: Set(cohort_id),
            region_id: Set(region_id),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        },
    };
    am.score = Set(score);
    am.notes = Set(notes);
    am.decision = Set(decision.as_str().to_string());
    if decided {
        let pending = decision == Decision::Pending;
        am.decided_by = Set(if pending { None } else { actor.user_id });
        am.decided_at = Set(if pending { None } else { Some(chrono::Utc::now()) });
    }
    let after = match &before {
        Some(_) => am.update(&txn).await?,
        None => am.insert(&txn).await?,
    };
    follow_decision(&txn, actor, cohort_id, region_id, decision).await?;
    let action = if decided { "decide" } else { "update" };
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "cohort_candidate", after.id, action),
        before.as_ref(),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// An accepted region joins the cohort (if the quota has room); a region no longer accepted
/// leaves it. Audited as a change of the region.
async fn follow_decision<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    cohort_id: i64,
    region_id: i64,
    decision: Decision,
) -> Result<()> {
    let before = region::Entity::find_by_id(region_id).one(txn).await?.ok_or(StoreError::NotFound)?;
    let member = before.cohort_id == Some(cohort_id);
    let cohort_id = match (decision, member) {
        (Decision::Accepted, false) => {
            cohorts::ensure_room(txn, cohort_id, "decision").await?;
            Some(cohort_id)
        }
        (Decision::Accepted, true) | (_, false) => return Ok(()),
        (_, true) => None,
    };
    let mut am: region::ActiveModel = before.clone().into();
    am.cohort_id = Set(cohort_id);
    let after = am.update(txn).await?;
    audit::record(txn, actor, Change::new(Some(region_id), "region", region_id, "cohort"), Some(&before), Some(&after))
        .await
}
