//! Quick Win selection: the region's criteria and weights, the team's scores per candidate, and
//! the sheet of each selected Quick Win.

use crate::audit::{self, Change};
use crate::entity::{programme, quick_win, qw_criterion, qw_score};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::quickwin::{validate_criteria, validate_scores, CriterionInput, SheetInput, DEFAULT_CRITERIA};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};
use std::collections::HashMap;

/// The region's criteria, in order; a region that has not set its own gets the defaults
/// (written on the first save so scores can refer to them).
pub async fn criteria<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<qw_criterion::Model>> {
    let stored = qw_criterion::Entity::find()
        .filter(qw_criterion::Column::RegionId.eq(region_id))
        .order_by_asc(qw_criterion::Column::Position)
        .all(db)
        .await?;
    if !stored.is_empty() {
        return Ok(stored);
    }
    Ok(DEFAULT_CRITERIA
        .iter()
        .enumerate()
        .map(|(i, (code, name, _, weight))| qw_criterion::Model {
            id: 0,
            region_id,
            code: code.to_string(),
            name: name.to_string(),
            weight: *weight,
            position: i as i32,
        })
        .collect())
}

async fn ensure_criteria<C: ConnectionTrait>(txn: &C, region_id: i64) -> Result<Vec<qw_criterion::Model>> {
    let list = criteria(txn, region_id).await?;
    if list.iter().all(|c| c.id != 0) {
        return Ok(list);
    }
    let mut out = Vec::new();
    for c in list {
        out.push(
            qw_criterion::ActiveModel {
                region_id: Set(region_id),
                code: Set(c.code),
                name: Set(c.name),
                weight: Set(c.weight),
                position: Set(c.position),
                ..Default::default()
            }
            .insert(txn)
            .await?,
        );
    }
    Ok(out)
}

/// Replace the criteria: rows with an empty name are removed (with their scores).
pub async fn save_criteria(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    rows: &[CriterionInput],
) -> Result<()> {
    let valid = validate_criteria(rows)?;
    let txn = db.begin().await?;
    let before = ensure_criteria(&txn, region_id).await?;
    let mut kept = Vec::new();
    for (position, (code, name, weight)) in valid.into_iter().enumerate() {
        let existing = before.iter().find(|c| !code.is_empty() && c.code == code);
        let mut am: qw_criterion::ActiveModel = match existing {
            Some(c) => c.clone().into(),
            None => qw_criterion::ActiveModel {
                region_id: Set(region_id),
                code: Set(format!("c{}", chrono::Utc::now().timestamp_micros() + position as i64)),
                ..Default::default()
            },
        };
        am.name = Set(name);
        am.weight = Set(weight);
        am.position = Set(position as i32);
        let m = if existing.is_some() { am.update(&txn).await? } else { am.insert(&txn).await? };
        kept.push(m.id);
    }
    for gone in before.iter().filter(|c| !kept.contains(&c.id)) {
        qw_score::Entity::delete_many().filter(qw_score::Column::CriterionId.eq(gone.id)).exec(&txn).await?;
        gone.clone().delete(&txn).await?;
    }
    let after = criteria(&txn, region_id).await?;
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "qw_criteria", region_id, "update"),
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Scores of the region's programmes: programme id → (criterion id, score).
pub async fn scores<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<HashMap<i64, Vec<(i64, i32)>>> {
    let ids: Vec<i64> = criteria(db, region_id).await?.iter().map(|c| c.id).collect();
    let mut out: HashMap<i64, Vec<(i64, i32)>> = HashMap::new();
    for s in qw_score::Entity::find().filter(qw_score::Column::CriterionId.is_in(ids)).all(db).await? {
        out.entry(s.programme_id).or_default().push((s.criterion_id, s.score));
    }
    Ok(out)
}

async fn programme<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<programme::Model> {
    programme::Entity::find_by_id(id)
        .filter(programme::Column::RegionId.eq(region_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Score one candidate: criterion code → "1".."5" (empty clears the score).
pub async fn save_scores(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    programme_id: i64,
    raw: &HashMap<String, String>,
) -> Result<()> {
    let txn = db.begin().await?;
    programme(&txn, region_id, programme_id).await?;
    let list = ensure_criteria(&txn, region_id).await?;
    let codes: Vec<&str> = list.iter().map(|c| c.code.as_str()).collect();
    let parsed: Vec<(i64, Option<i32>)> = list.iter().map(|c| c.id).zip(validate_scores(&codes, raw)?).collect();
    let find = || qw_score::Entity::find().filter(qw_score::Column::ProgrammeId.eq(programme_id));
    let before: Vec<(i64, i32)> = find().all(&txn).await?.iter().map(|s| (s.criterion_id, s.score)).collect();
    qw_score::Entity::delete_many().filter(qw_score::Column::ProgrammeId.eq(programme_id)).exec(&txn).await?;
    for (criterion_id, score) in parsed.iter().filter_map(|(c, s)| Some((*c, (*s)?))) {
        qw_score::ActiveModel {
            programme_id: Set(programme_id),
            criterion_id: Set(criterion_id),
            score: Set(score),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let after: Vec<(i64, i32)> = find().all(&txn).await?.iter().map(|s| (s.criterion_id, s.score)).collect();
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "qw_score", programme_id, "update"),
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The sheets of the region's Quick Wins, by programme id.
pub async fn sheets<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<HashMap<i64, quick_win::Model>> {
    let ids: Vec<i64> = programme::Entity::find()
        .filter(programme::Column::RegionId.eq(region_id))
        .all(db)
        .await?
        .iter()
        .map(|p| p.id)
        .collect();
    Ok(quick_win::Entity::find()
        .filter(quick_win::Column::ProgrammeId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|q| (q.programme_id, q))
        .collect())
}

impl From<&quick_win::Model> for SheetInput {
    fn from(q: &quick_win::Model) -> SheetInput {
        SheetInput {
            selected: q.selected,
            problem: q.problem.clone(),
            solution: q.solution.clone(),
            owner: q.owner.clone(),
            beneficiaries: q.beneficiaries.clone(),
            start_date: q.start_date.to_string(),
            months: q.months.to_string(),
            metric_name: q.metric_name.clone(),
            metric_unit: q.metric_unit.clone(),
            metric_before: q.metric_before.clone(),
            metric_target: q.metric_target.clone(),
        }
    }
}

/// Save a Quick Win's sheet (and whether it is selected). A timeline is at most 12 months.
pub async fn save_sheet(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    programme_id: i64,
    input: &SheetInput,
) -> Result<quick_win::Model> {
    let plan_start = crate::plan::masterplan(db, region_id).await?.map(|m| m.start_year);
    let v = input.validate_for(plan_start)?;
    let txn = db.begin().await?;
    programme(&txn, region_id, programme_id).await?;
    let before = quick_win::Entity::find().filter(quick_win::Column::ProgrammeId.eq(programme_id)).one(&txn).await?;
    let mut am: quick_win::ActiveModel = before.clone().map(Into::into).unwrap_or_default();
    am.programme_id = Set(programme_id);
    am.selected = Set(v.selected);
    am.problem = Set(v.problem);
    am.solution = Set(v.solution);
    am.owner = Set(v.owner);
    am.beneficiaries = Set(v.beneficiaries);
    am.start_date = Set(v.start_date);
    am.months = Set(v.months);
    am.metric_name = Set(v.metric_name);
    am.metric_unit = Set(v.metric_unit);
    am.metric_before = Set(v.metric_before);
    am.metric_target = Set(v.metric_target);
    am.updated_at = Set(chrono::Utc::now());
    let after = if before.is_some() { am.update(&txn).await? } else { am.insert(&txn).await? };
    let action = if before.is_some() { "update" } else { "create" };
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "quick_win", programme_id, action),
        before.as_ref(),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Forget a programme's scores and sheet (called when the programme is deleted).
pub(crate) async fn forget<C: ConnectionTrait>(txn: &C, programme_id: i64) -> Result<()> {
    qw_score::Entity::delete_many().filter(qw_score::Column::ProgrammeId.eq(programme_id)).exec(txn).await?;
    quick_win::Entity::delete_many().filter(quick_win::Column::ProgrammeId.eq(programme_id)).exec(txn).await?;
    Ok(())
}
