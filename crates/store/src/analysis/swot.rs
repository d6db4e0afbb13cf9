//! Stage 1 gap and SWOT per pillar (and, where the team wants, per dimension).

use crate::audit::{self, Change};
use crate::entity::swot_item;
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::analysis::SwotKind;
use kotacerdas_domain::framework::{self, PILLARS};
use kotacerdas_domain::validate::Errors;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, ModelTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use serde::Deserialize;

pub async fn list(db: &DatabaseConnection, region_id: i64) -> Result<Vec<swot_item::Model>> {
    Ok(swot_item::Entity::find()
        .filter(swot_item::Column::RegionId.eq(region_id))
        .order_by_asc(swot_item::Column::Id)
        .all(db)
        .await?)
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SwotInput {
    pub pillar_code: String,
    pub dimension_code: String,
    pub kind: String,
    pub text: String,
}

pub async fn add(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &SwotInput,
) -> Result<swot_item::Model> {
    let mut e = Errors::new();
    let pillar = e.choice("pillar_code", &input.pillar_code, |s| {
        PILLARS.iter().find(|p| p.named.code == s).map(|p| p.named.code)
    });
    let kind = e.choice("kind", &input.kind, SwotKind::parse);
    let dimension = match input.dimension_code.trim() {
        "" => None,
        d => e.choice("dimension_code", d, |s| framework::dimension(s).map(|d| d.named.code)),
    };
    let text = e.text("text", &input.text, 1000);
    e.into_result()?;
    let txn = db.begin().await?;
    let m = swot_item::ActiveModel {
        region_id: Set(region_id),
        pillar_code: Set(pillar.unwrap_or_default().to_string()),
        dimension_code: Set(dimension.map(str::to_string)),
        kind: Set(kind.map(|k| k.as_str()).unwrap_or_default().to_string()),
        text: Set(text),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "swot_item", m.id, "create"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn delete(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let b = swot_item::Entity::find_by_id(id)
        .filter(swot_item::Column::RegionId.eq(region_id))
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    b.clone().delete(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "swot_item", id, "delete"), Some(&b), None::<&()>).await?;
    txn.commit().await?;
    Ok(())
}
