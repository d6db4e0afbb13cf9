//! Editions of a region's masterplan: the closed ones on record, starting a review (a new
//! edition) and recording an edition written before the region used the product.
//!
//! Starting a review keeps every row of the region: its analysis, plan and programmes (with their
//! reports and realisation) are the new edition's starting point, its evaluations continue. What
//! changes: the closed edition is written down (period, MoU, the enacting regulation and its
//! book, a snapshot of its programmes), the MoU is cleared for the new one, four new stages
//! begin, and new book versions belong to the new edition.

use crate::audit::{self, Change};
use crate::entity::{
    book_version, edition, masterplan, mou, opd, programme, programme_budget, programme_report, region, stage,
};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::edition::{compare, Comparison, EarlierInput, ReviewInput, SnapProgramme};
use kotacerdas_domain::versions::VersionStatus;
use kotacerdas_domain::StageStatus;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use std::collections::HashMap;

/// The region's closed editions, oldest first.
pub async fn list<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<edition::Model>> {
    Ok(edition::Entity::find()
        .filter(edition::Column::RegionId.eq(region_id))
        .order_by_asc(edition::Column::Number)
        .all(db)
        .await?)
}

/// A closed edition's programmes (an unreadable snapshot reads as none, and is logged).
pub fn programmes_of(e: &edition::Model) -> Vec<SnapProgramme> {
    serde_json::from_str(&e.snapshot).unwrap_or_else(|err| {
        tracing::warn!(edition = e.id, error = %err, "edition snapshot unreadable");
        Vec::new()
    })
}

/// The region's programmes now, in the snapshot's shape: dimension from the element code,
/// the whole budget, the latest report's status and the realised rupiah.
pub async fn current_programmes<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<SnapProgramme>> {
    let progs = programme::Entity::find()
        .filter(programme::Column::RegionId.eq(region_id))
        .order_by_asc(programme::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = progs.iter().map(|p| p.id).collect();
    let opds: HashMap<i64, String> = opd::Entity::find()
        .filter(opd::Column::RegionId.eq(region_id))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.short_name))
        .collect();
    let mut budget: HashMap<i64, i64> = HashMap::new();
    for b in programme_budget::Entity::find()
        .filter(programme_budget::Column::ProgrammeId.is_in(ids.clone()))
        .all(db)
        .await?
    {
        let v = budget.entry(b.programme_id).or_default();
        *v = v.saturating_add(b.amount.max(0));
    }
    // Reports in period order: the last one's status is the programme's latest.
    let mut status: HashMap<i64, String> = HashMap::new();
    let mut realised: HashMap<i64, i64> = HashMap::new();
    for r in programme_report::Entity::find()
        .filter(programme_report::Column::ProgrammeId.is_in(ids))
        .order_by_asc(programme_report::Column::PeriodId)
        .all(db)
        .await?
    {
        status.insert(r.programme_id, r.status.clone());
        let v = realised.entry(r.programme_id).or_default();
        *v = v.saturating_add(r.budget_realised.max(0));
    }
    Ok(progs
        .into_iter()
        .map(|p| SnapProgramme {
            id: Some(p.id),
            dimension: p.element_code.split('-').next().unwrap_or_default().to_string(),
            opd: opds.get(&p.opd_id).cloned().unwrap_or_default(),
            budget: budget.get(&p.id).copied().unwrap_or_default(),
            status: status.remove(&p.id).unwrap_or_default(),
            realised: realised.get(&p.id).copied().unwrap_or_default(),
            name: p.name,
        })
        .collect())
}

/// The current edition against the one before it, when there is one.
pub async fn comparison<C: ConnectionTrait>(db: &C, r: &region::Model) -> Result<Option<(edition::Model, Comparison)>> {
    let Some(previous) = list(db, r.id).await?.pop() else { return Ok(None) };
    let now = current_programmes(db, r.id).await?;
    let c = compare(&programmes_of(&previous), &now);
    Ok(Some((previous, c)))
}

/// The current edition's enacted version, if any.
pub async fn enacted<C: ConnectionTrait>(db: &C, r: &region::Model) -> Result<Option<book_version::Model>> {
    Ok(book_version::Entity::find()
        .filter(book_version::Column::RegionId.eq(r.id))
        .filter(book_version::Column::Edition.eq(r.edition))
        .filter(book_version::Column::Status.eq(VersionStatus::Enacted.as_str()))
        .order_by_desc(book_version::Column::Number)
        .one(db)
        .await?)
}

async fn masterplan_of<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Option<masterplan::Model>> {
    Ok(masterplan::Entity::find().filter(masterplan::Column::RegionId.eq(region_id)).one(db).await?)
}

async fn new_stages<C: ConnectionTrait>(txn: &C, region_id: i64, edition: i32) -> Result<()> {
    for n in 1..=4 {
        stage::ActiveModel {
            region_id: Set(region_id),
            edition: Set(edition),
            number: Set(n),
            status: Set(StageStatus::NotStarted.as_str().to_string()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

async fn set_edition<C: ConnectionTrait>(txn: &C, actor: &Actor, before: &region::Model, edition: i32) -> Result<()> {
    let mut am: region::ActiveModel = before.clone().into();
    am.edition = Set(edition);
    let after = am.update(txn).await?;
    audit::record(
        txn,
        actor,
        Change::new(Some(before.id), "region", before.id, "new_edition"),
        Some(before),
        Some(&after),
    )
    .await
}

/// Close the current edition (it must be enacted) and start the next: a masterplan review.
pub async fn start_review(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &ReviewInput,
) -> Result<edition::Model> {
    let txn = db.begin().await?;
    let r = super::regions::by_id(&txn, region_id).await?;
    let version = enacted(&txn, &r).await?;
    let plan = masterplan_of(&txn, r.id).await?;
    let v = input.validate(version.is_some(), plan.as_ref().map(|m| m.start_year))?;
    let Some(version) = version else { return Err(StoreError::NotFound) };
    let snapshot = current_programmes(&txn, r.id).await?;
    let mou = mou::Entity::find().filter(mou::Column::RegionId.eq(r.id)).one(&txn).await?;
    let start = plan.as_ref().map(|m| m.start_year).unwrap_or(v.start_year - 10);
    let closed = edition::ActiveModel {
        region_id: Set(r.id),
        number: Set(r.edition),
        period_start: Set(start),
        period_end: Set(start + 9),
        mou_number: Set(mou.as_ref().map(|m| m.number.clone())),
        mou_signed_on: Set(mou.as_ref().map(|m| m.signed_on)),
        mou_file_id: Set(mou.as_ref().and_then(|m| m.file_id)),
        regulation_type: Set(version.regulation_type.clone()),
        regulation_number: Set(version.regulation_number.clone()),
        regulation_date: Set(version.regulation_date),
        book_file_id: Set(version.pdf_file_id),
        snapshot: Set(serde_json::to_string(&snapshot).map_err(|e| StoreError::Storage(e.to_string()))?),
        reason: Set(Some(v.reason)),
        notes: Set(None),
        closed_on: Set(chrono::Utc::now().date_naive()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(r.id), "edition", closed.id, "close"), None::<&()>, Some(&closed))
        .await?;
    if let Some(m) = mou {
        mou::Entity::delete_by_id(m.id).exec(&txn).await?;
        audit::record(&txn, actor, Change::new(Some(r.id), "mou", m.id, "delete"), Some(&m), None::<&()>).await?;
    }
    if let Some(m) = plan {
        let mut am: masterplan::ActiveModel = m.clone().into();
        am.start_year = Set(v.start_year);
        am.updated_at = Set(chrono::Utc::now());
        let after = am.update(&txn).await?;
        audit::record(&txn, actor, Change::new(Some(r.id), "masterplan", m.id, "update"), Some(&m), Some(&after))
            .await?;
    }
    new_stages(&txn, r.id, r.edition + 1).await?;
    set_edition(&txn, actor, &r, r.edition + 1).await?;
    txn.commit().await?;
    Ok(closed)
}

/// Record an edition written before the region used the product, as the one before the current
/// edition: the current edition's stages and versions move one number up.
pub async fn record_earlier(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &EarlierInput,
) -> Result<edition::Model> {
    let txn = db.begin().await?;
    let r = super::regions::by_id(&txn, region_id).await?;
    let v = input.validate(enacted(&txn, &r).await?.is_some())?;
    let (regulation_type, regulation_number, regulation_date) = match v.regulation {
        Some((t, n, d)) => (Some(t), Some(n), Some(d)),
        None => (None, None, None),
    };
    let closed = edition::ActiveModel {
        region_id: Set(r.id),
        number: Set(r.edition),
        period_start: Set(v.period_start),
        period_end: Set(v.period_end),
        mou_number: Set(v.mou_number),
        mou_signed_on: Set(v.mou_signed_on),
        regulation_type: Set(regulation_type),
        regulation_number: Set(regulation_number),
        regulation_date: Set(regulation_date),
        snapshot: Set(serde_json::to_string(&v.programmes).map_err(|e| StoreError::Storage(e.to_string()))?),
        notes: Set(v.notes),
        closed_on: Set(regulation_date.unwrap_or_else(|| chrono::Utc::now().date_naive())),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(r.id), "edition", closed.id, "create"), None::<&()>, Some(&closed))
        .await?;
    let next = r.edition + 1;
    stage::Entity::update_many()
        .col_expr(stage::Column::Edition, Expr::value(next))
        .filter(stage::Column::RegionId.eq(r.id))
        .filter(stage::Column::Edition.eq(r.edition))
        .exec(&txn)
        .await?;
    book_version::Entity::update_many()
        .col_expr(book_version::Column::Edition, Expr::value(next))
        .filter(book_version::Column::RegionId.eq(r.id))
        .filter(book_version::Column::Edition.eq(r.edition))
        .exec(&txn)
        .await?;
    set_edition(&txn, actor, &r, next).await?;
    txn.commit().await?;
    Ok(closed)
}
