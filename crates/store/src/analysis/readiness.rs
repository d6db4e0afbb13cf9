//! Stage 1 readiness scores of a region: read, compute, and save the whole assessment at once.

use crate::audit::{self, Change};
use crate::entity::readiness_score;
use crate::{Actor, Result};
use kotacerdas_domain::framework::{DIMENSIONS, PILLARS};
use kotacerdas_domain::readiness::{self, Indices, Score};
use kotacerdas_domain::validate::Errors;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, TransactionTrait,
};
use serde::Deserialize;
use std::collections::HashMap;

pub async fn list<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<readiness_score::Model>> {
    Ok(readiness_score::Entity::find().filter(readiness_score::Column::RegionId.eq(region_id)).all(db).await?)
}

pub fn indices(rows: &[readiness_score::Model]) -> Indices {
    let scores: Vec<Score<'_>> = rows
        .iter()
        .map(|r| Score { item_code: &r.item_code, dimension_code: &r.dimension_code, score: r.score })
        .collect();
    readiness::compute(&scores)
}

/// One row of the assessment form. `score` empty means "not scored".
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ScoreInput {
    pub item_code: String,
    pub dimension_code: String,
    #[serde(default)]
    pub score: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub evidence_url: String,
}

/// The form field name of one cell, e.g. `score.INF-TIK.GOV`.
pub fn field(kind: &str, item: &str, dim: &str) -> String {
    format!("{kind}.{item}.{dim}")
}

/// Every (item, dimension) pair in display order.
pub fn cells() -> Vec<(&'static str, &'static str)> {
    PILLARS
        .iter()
        .flat_map(|p| p.items.iter())
        .flat_map(|i| DIMENSIONS.iter().map(move |d| (i.code, d.named.code)))
        .collect()
}

struct Valid {
    item: String,
    dim: String,
    score: Option<i32>,
    note: Option<String>,
    url: Option<String>,
}

fn validate(inputs: &[ScoreInput]) -> Result<Vec<Valid>> {
    let mut e = Errors::new();
    let known: Vec<(&str, &str)> = cells();
    let mut out = Vec::new();
    for i in inputs {
        if !known.contains(&(i.item_code.as_str(), i.dimension_code.as_str())) {
            e.add(&field("score", &i.item_code, &i.dimension_code), "err-choice", None);
            continue;
        }
        let f = |k| field(k, &i.item_code, &i.dimension_code);
        let score = if i.score.trim().is_empty() {
            None
        } else {
            e.integer(&f("score"), &i.score, readiness::MIN_SCORE.into(), readiness::MAX_SCORE.into()).map(|v| v as i32)
        };
        let note = e.optional_text(&f("note"), &i.note, 2000);
        let url = e.optional_text(&f("evidence_url"), &i.evidence_url, 500);
        if let Some(u) = &url {
            if !(u.starts_with("https://") || u.starts_with("http://")) || u.contains(char::is_whitespace) {
                e.add(&f("evidence_url"), "err-url", None);
            }
        }
        out.push(Valid { item: i.item_code.clone(), dim: i.dimension_code.clone(), score, note, url });
    }
    e.into_result()?;
    Ok(out)
}

/// Save the submitted cells in one transaction: all or nothing, one audit entry per changed cell.
/// Returns how many cells changed.
pub async fn save(db: &DatabaseConnection, actor: &Actor, region_id: i64, inputs: &[ScoreInput]) -> Result<usize> {
    let valid = validate(inputs)?;
    let txn = db.begin().await?;
    let mut existing: HashMap<(String, String), readiness_score::Model> = list(&txn, region_id)
        .await?
        .into_iter()
        .map(|r| ((r.item_code.clone(), r.dimension_code.clone()), r))
        .collect();
    let mut changed = 0;
    for v in valid {
        let before = existing.remove(&(v.item.clone(), v.dim.clone()));
        match (before, v.score) {
            (None, None) => {}
            (Some(b), None) => {
                b.clone().delete(&txn).await?;
                audit::record(
                    &txn,
                    actor,
                    Change::new(Some(region_id), "readiness_score", b.id, "delete"),
                    Some(&b),
                    None::<&()>,
                )
                .await?;
                changed += 1;
            }
            (Some(b), Some(score)) => {
                if b.score == score && b.note == v.note && b.evidence_url == v.url {
                    continue;
                }
                let mut am: readiness_score::ActiveModel = b.clone().into();
                am.score = Set(score);
                am.note = Set(v.note);
                am.evidence_url = Set(v.url);
                am.updated_at = Set(chrono::Utc::now());
                am.updated_by = Set(actor.user_id);
                let after = am.update(&txn).await?;
                audit::record(
                    &txn,
                    actor,
                    Change::new(Some(region_id), "readiness_score", after.id, "update"),
                    Some(&b),
                    Some(&after),
                )
                .await?;
                changed += 1;
            }
            (None, Some(score)) => {
                let after = readiness_score::ActiveModel {
                    region_id: Set(region_id),
                    item_code: Set(v.item),
                    dimension_code: Set(v.dim),
                    score: Set(score),
                    note: Set(v.note),
                    evidence_url: Set(v.url),
                    evidence_file_id: Set(None),
                    updated_at: Set(chrono::Utc::now()),
                    updated_by: Set(actor.user_id),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                audit::record(
                    &txn,
                    actor,
                    Change::new(Some(region_id), "readiness_score", after.id, "create"),
                    None::<&()>,
                    Some(&after),
                )
                .await?;
                changed += 1;
            }
        }
    }
    txn.commit().await?;
    Ok(changed)
}

/// Attach an uploaded file as the evidence of one scored cell.
pub async fn set_evidence_file(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    item: &str,
    dim: &str,
    file_id: i64,
) -> Result<()> {
    let txn = db.begin().await?;
    let before = readiness_score::Entity::find()
        .filter(readiness_score::Column::RegionId.eq(region_id))
        .filter(readiness_score::Column::ItemCode.eq(item))
        .filter(readiness_score::Column::DimensionCode.eq(dim))
        .one(&txn)
        .await?
        .ok_or_else(|| crate::StoreError::field("cell", "err-score-first"))?;
    let mut am: readiness_score::ActiveModel = before.clone().into();
    am.evidence_file_id = Set(Some(file_id));
    am.updated_at = Set(chrono::Utc::now());
    am.updated_by = Set(actor.user_id);
    let after = am.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "readiness_score", after.id, "evidence"),
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
