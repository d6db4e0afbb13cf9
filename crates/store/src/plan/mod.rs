//! Stages 2–3, the plan. Here: RPJMD/RPD periods and their missions, goals and targets; the
//! masterplan's start year and smart city vision; missions, goals and strategies linked to the
//! RPJMD. Below: the programme register ([`programmes`], its input rules in `kotacerdas_domain::programme_input`,
//! its XLSX form in [`programme_xlsx`]), Quick Wins, shared programmes and the plan checks.

pub mod checks;
pub mod programme_xlsx;
pub mod programmes;
pub mod quickwins;
pub mod shares;

use crate::audit::{self, Change};
use crate::entity::{masterplan, plan_item, plan_period, vision_item};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::plan::{item_label, outline, period_label, OutlineItem};
use kotacerdas_domain::plan::{ItemInput, MasterplanInput, PeriodInput, RpjmdLevel, VisionItemInput, VisionLevel};
use kotacerdas_domain::validate::not_in_use;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};
use std::collections::HashMap;

pub async fn periods<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<plan_period::Model>> {
    Ok(plan_period::Entity::find()
        .filter(plan_period::Column::RegionId.eq(region_id))
        .order_by_asc(plan_period::Column::StartYear)
        .all(db)
        .await?)
}

/// RPJMD items per period as a tree: each mission followed by its goals, each goal by its
/// targets; siblings by the numbers in their code (`M1`, `T1.1`, `T1.2`, `M2`, …).
pub async fn items<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<plan_item::Model>> {
    let mut v = plan_item::Entity::find().filter(plan_item::Column::RegionId.eq(region_id)).all(db).await?;
    let key = |code: &str| -> Vec<u32> {
        code.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).filter_map(|s| s.parse().ok()).collect()
    };
    v.sort_by(|a, b| (a.period_id, key(&a.code), &a.code).cmp(&(b.period_id, key(&b.code), &b.code)));
    let order = outline(&outline_items(&v));
    let rank: HashMap<i64, usize> = order.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    // Periods stay apart: a parent is always of the same period.
    v.sort_by_key(|i| (i.period_id, rank.get(&i.id).copied().unwrap_or(usize::MAX)));
    Ok(v)
}

fn outline_items(items: &[plan_item::Model]) -> Vec<OutlineItem> {
    items
        .iter()
        .map(|i| OutlineItem {
            id: i.id,
            period_id: i.period_id,
            level: RpjmdLevel::parse(&i.level).unwrap_or(RpjmdLevel::Mission),
            parent_id: i.parent_id,
        })
        .collect()
}

/// Each item's code with its period ("RPJMD 2021–2026 · M1"), for pickers and printed tables.
pub fn item_labels(periods: &[plan_period::Model], items: &[plan_item::Model]) -> HashMap<i64, String> {
    let names: HashMap<i64, String> =
        periods.iter().map(|p| (p.id, period_label(&p.kind, p.start_year, p.end_year))).collect();
    items
        .iter()
        .map(|i| (i.id, item_label(names.get(&i.period_id).map(String::as_str).unwrap_or(""), &i.code)))
        .collect()
}

pub async fn masterplan<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Option<masterplan::Model>> {
    Ok(masterplan::Entity::find().filter(masterplan::Column::RegionId.eq(region_id)).one(db).await?)
}

/// Missions first, then goals, then strategies; by code within each.
pub async fn vision_items<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<vision_item::Model>> {
    let rank = |l: &str| VisionLevel::ALL.iter().position(|x| x.as_str() == l).unwrap_or(usize::MAX);
    let mut v = vision_item::Entity::find()
        .filter(vision_item::Column::RegionId.eq(region_id))
        .order_by_asc(vision_item::Column::Code)
        .all(db)
        .await?;
    v.sort_by(|a, b| (rank(&a.level), &a.code).cmp(&(rank(&b.level), &b.code)));
    Ok(v)
}

pub async fn add_period(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &PeriodInput,
) -> Result<plan_period::Model> {
    let txn = db.begin().await?;
    let existing: Vec<(i32, i32)> =
        periods(&txn, region_id).await?.iter().map(|p| (p.start_year, p.end_year)).collect();
    let v = input.validate(&existing)?;
    let m = plan_period::ActiveModel {
        region_id: Set(region_id),
        kind: Set(v.kind.as_str().into()),
        start_year: Set(v.start_year),
        end_year: Set(v.end_year),
        vision: Set(v.vision),
        regulation: Set(v.regulation),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "plan_period", m.id, "create"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn add_item(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &ItemInput,
) -> Result<plan_item::Model> {
    let txn = db.begin().await?;
    let ids: Vec<i64> = periods(&txn, region_id).await?.iter().map(|p| p.id).collect();
    let v = input.validate(&ids, &outline_items(&items(&txn, region_id).await?))?;
    let m = plan_item::ActiveModel {
        region_id: Set(region_id),
        period_id: Set(v.period_id),
        level: Set(v.level.as_str().into()),
        code: Set(v.code),
        text: Set(v.text),
        parent_id: Set(v.parent_id),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "plan_item", m.id, "create"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn save_masterplan(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &MasterplanInput,
) -> Result<masterplan::Model> {
    let v = input.validate()?;
    let txn = db.begin().await?;
    let before = masterplan(&txn, region_id).await?;
    let mut am: masterplan::ActiveModel = before.clone().map(Into::into).unwrap_or_default();
    am.region_id = Set(region_id);
    am.start_year = Set(v.start_year);
    am.vision = Set(v.vision);
    am.explanation = Set(v.explanation);
    am.updated_at = Set(chrono::Utc::now());
    let after = if before.is_some() { am.update(&txn).await? } else { am.insert(&txn).await? };
    let action = if before.is_some() { "update" } else { "create" };
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "masterplan", after.id, action),
        before.as_ref(),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Add a smart city mission, goal or strategy. Each links to an RPJMD mission or goal; an
/// element must belong to the dimension named.
pub async fn add_vision_item(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &VisionItemInput,
) -> Result<vision_item::Model> {
    let txn = db.begin().await?;
    let rpjmd: Vec<(i64, RpjmdLevel)> =
        items(&txn, region_id).await?.iter().filter_map(|i| Some((i.id, RpjmdLevel::parse(&i.level)?))).collect();
    let v = input.validate(&rpjmd)?;
    let m = vision_item::ActiveModel {
        region_id: Set(region_id),
        level: Set(v.level.as_str().into()),
        code: Set(v.code),
        text: Set(v.text),
        dimension_code: Set(v.dimension_code.map(str::to_string)),
        element_code: Set(v.element_code.map(str::to_string)),
        plan_item_id: Set(Some(v.plan_item_id)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "vision_item", m.id, "create"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

/// Delete a period, an RPJMD item or a vision item of this region (`what`: period, item, vision).
pub async fn delete(db: &DatabaseConnection, actor: &Actor, region_id: i64, what: &str, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    match what {
        "period" => {
            let b = plan_period::Entity::find_by_id(id)
                .filter(plan_period::Column::RegionId.eq(region_id))
                .one(&txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            let used = items(&txn, region_id).await?.iter().filter(|i| i.period_id == id).count();
            not_in_use("period", used as u64)?;
            b.clone().delete(&txn).await?;
            audit::record(
                &txn,
                actor,
                Change::new(Some(region_id), "plan_period", id, "delete"),
                Some(&b),
                None::<&()>,
            )
            .await?;
        }
        "item" => {
            let b = plan_item::Entity::find_by_id(id)
                .filter(plan_item::Column::RegionId.eq(region_id))
                .one(&txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            let used = vision_items(&txn, region_id).await?.iter().filter(|v| v.plan_item_id == Some(id)).count();
            // Goals and targets under it would lose their place in the outline.
            let children = items(&txn, region_id).await?.iter().filter(|i| i.parent_id == Some(id)).count();
            not_in_use("item", (used + children) as u64)?;
            crate::plan::programmes::unlink(&txn, kotacerdas_domain::programme::LinkKind::Rpjmd, id).await?;
            b.clone().delete(&txn).await?;
            audit::record(&txn, actor, Change::new(Some(region_id), "plan_item", id, "delete"), Some(&b), None::<&()>)
                .await?;
        }
        "vision" => {
            let b = vision_item::Entity::find_by_id(id)
                .filter(vision_item::Column::RegionId.eq(region_id))
                .one(&txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            b.clone().delete(&txn).await?;
            audit::record(
                &txn,
                actor,
                Change::new(Some(region_id), "vision_item", id, "delete"),
                Some(&b),
                None::<&()>,
            )
            .await?;
        }
        _ => return Err(StoreError::NotFound),
    }
    txn.commit().await?;
    Ok(())
}
