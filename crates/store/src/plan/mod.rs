//! Stages 2–3, the plan. Here: RPJMD/RPD periods and their missions, goals and targets; the
//! masterplan's start year and smart city vision; missions, goals and strategies linked to the
//! RPJMD. Below: the programme register ([`programmes`], its input rules in [`programme_input`],
//! its XLSX form in [`programme_xlsx`]), Quick Wins, shared programmes and the plan checks.

pub mod checks;
pub mod programme_input;
pub mod programme_xlsx;
pub mod programmes;
pub mod quickwins;
pub mod shares;

use crate::audit::{self, Change};
use crate::entity::{masterplan, plan_item, plan_period, vision_item};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::framework;
use kotacerdas_domain::plan::{PeriodKind, RpjmdLevel, VisionLevel};
use kotacerdas_domain::validate::Errors;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};
use serde::{Deserialize, Serialize};

pub async fn periods<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<plan_period::Model>> {
    Ok(plan_period::Entity::find()
        .filter(plan_period::Column::RegionId.eq(region_id))
        .order_by_asc(plan_period::Column::StartYear)
        .all(db)
        .await?)
}

/// RPJMD items in outline order: `M1`, `T1.1`, `S1.1.1`, `M2`, … (by the numbers in the code).
pub async fn items<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<plan_item::Model>> {
    let mut v = plan_item::Entity::find().filter(plan_item::Column::RegionId.eq(region_id)).all(db).await?;
    let key = |code: &str| -> Vec<u32> {
        code.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).filter_map(|s| s.parse().ok()).collect()
    };
    v.sort_by(|a, b| (a.period_id, key(&a.code), &a.code).cmp(&(b.period_id, key(&b.code), &b.code)));
    Ok(v)
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

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PeriodInput {
    pub kind: String,
    pub start_year: String,
    pub end_year: String,
    pub vision: String,
    pub regulation: String,
}

pub async fn add_period(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &PeriodInput,
) -> Result<plan_period::Model> {
    let mut e = Errors::new();
    let kind = e.choice("kind", &input.kind, PeriodKind::parse);
    let start = e.integer("start_year", &input.start_year, 2000, 2100);
    let end = e.integer("end_year", &input.end_year, 2000, 2100);
    let vision = e.text("vision", &input.vision, 2000);
    let regulation = e.optional_text("regulation", &input.regulation, 200);
    if let (Some(s), Some(en)) = (start, end) {
        if en < s || en - s > 5 {
            e.add("end_year", "err-period-length", None);
        }
    }
    let txn = db.begin().await?;
    if let (Some(s), Some(en)) = (start, end) {
        if periods(&txn, region_id).await?.iter().any(|p| i64::from(p.start_year) <= en && s <= i64::from(p.end_year)) {
            e.add("start_year", "err-period-overlap", None);
        }
    }
    e.into_result()?;
    let m = plan_period::ActiveModel {
        region_id: Set(region_id),
        kind: Set(kind.map(|k| k.as_str()).unwrap_or("rpjmd").into()),
        start_year: Set(start.unwrap_or_default() as i32),
        end_year: Set(end.unwrap_or_default() as i32),
        vision: Set(vision),
        regulation: Set(regulation),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "plan_period", m.id, "create"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemInput {
    pub period_id: String,
    pub level: String,
    pub code: String,
    pub text: String,
}

pub async fn add_item(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &ItemInput,
) -> Result<plan_item::Model> {
    let txn = db.begin().await?;
    let mut e = Errors::new();
    let period = match input.period_id.trim().parse::<i64>() {
        Ok(id) => {
            plan_period::Entity::find_by_id(id).filter(plan_period::Column::RegionId.eq(region_id)).one(&txn).await?
        }
        Err(_) => None,
    };
    if period.is_none() {
        e.add("period_id", if input.period_id.trim().is_empty() { "err-required" } else { "err-choice" }, None);
    }
    let level = e.choice("level", &input.level, RpjmdLevel::parse);
    let code = e.text("code", &input.code, 40);
    let text = e.text("text", &input.text, 2000);
    e.into_result()?;
    let m = plan_item::ActiveModel {
        region_id: Set(region_id),
        period_id: Set(period.map(|p| p.id).unwrap_or_default()),
        level: Set(level.map(|l| l.as_str()).unwrap_or_default().into()),
        code: Set(code),
        text: Set(text),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "plan_item", m.id, "create"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MasterplanInput {
    pub start_year: String,
    pub vision: String,
    pub explanation: String,
}

pub async fn save_masterplan(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &MasterplanInput,
) -> Result<masterplan::Model> {
    let mut e = Errors::new();
    let start = e.integer("start_year", &input.start_year, 2015, 2100);
    let vision = e.text("vision", &input.vision, 1000);
    let explanation = e.optional_text("explanation", &input.explanation, 5000);
    e.into_result()?;
    let txn = db.begin().await?;
    let before = masterplan(&txn, region_id).await?;
    let mut am: masterplan::ActiveModel = before.clone().map(Into::into).unwrap_or_default();
    am.region_id = Set(region_id);
    am.start_year = Set(start.unwrap_or_default() as i32);
    am.vision = Set(vision);
    am.explanation = Set(explanation);
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

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VisionItemInput {
    pub level: String,
    pub code: String,
    pub text: String,
    pub dimension_code: String,
    pub element_code: String,
    pub plan_item_id: String,
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
    let mut e = Errors::new();
    let level = e.choice("level", &input.level, VisionLevel::parse);
    let code = e.text("code", &input.code, 40);
    let text = e.text("text", &input.text, 2000);
    let dimension = match input.dimension_code.trim() {
        "" => None,
        d => e.choice("dimension_code", d, |s| framework::dimension(s).map(|d| d.named.code)),
    };
    let element = match input.element_code.trim() {
        "" => None,
        el => e.choice("element_code", el, |s| framework::element(s).map(|x| x.code)),
    };
    if let (Some(d), Some(el)) = (dimension, element) {
        if !el.starts_with(d) {
            e.add("element_code", "err-element-dimension", None);
        }
    }
    let link = match input.plan_item_id.trim().parse::<i64>() {
        Ok(id) => plan_item::Entity::find_by_id(id).filter(plan_item::Column::RegionId.eq(region_id)).one(&txn).await?,
        Err(_) => None,
    };
    match &link {
        None => e.add(
            "plan_item_id",
            if input.plan_item_id.trim().is_empty() { "err-required" } else { "err-choice" },
            None,
        ),
        Some(l) if l.level == RpjmdLevel::Target.as_str() => e.add("plan_item_id", "err-link-level", None),
        Some(_) => {}
    }
    e.into_result()?;
    let m = vision_item::ActiveModel {
        region_id: Set(region_id),
        level: Set(level.map(|l| l.as_str()).unwrap_or_default().into()),
        code: Set(code),
        text: Set(text),
        dimension_code: Set(dimension.map(str::to_string)),
        element_code: Set(element.map(str::to_string)),
        plan_item_id: Set(link.map(|l| l.id)),
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
            if used > 0 {
                return Err(StoreError::field("period", "err-in-use"));
            }
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
            if vision_items(&txn, region_id).await?.iter().any(|v| v.plan_item_id == Some(id)) {
                return Err(StoreError::field("item", "err-in-use"));
            }
            crate::plan::programmes::unlink(&txn, crate::plan::programmes::link::RPJMD, id).await?;
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
