//! Stage 1 policy and institution inventory: the regulations (Perda, Perbup/Perwal, SK) and the
//! institutions a smart city stands on.

use crate::audit::{self, Change};
use crate::entity::{institution, regulation};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::analysis::{RegulationKind, RegulationStatus};
use kotacerdas_domain::validate::Errors;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, ModelTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use serde::Deserialize;

pub async fn regulations(db: &DatabaseConnection, region_id: i64) -> Result<Vec<regulation::Model>> {
    Ok(regulation::Entity::find()
        .filter(regulation::Column::RegionId.eq(region_id))
        .order_by_desc(regulation::Column::Year)
        .order_by_asc(regulation::Column::Kind)
        .all(db)
        .await?)
}

pub async fn institutions(db: &DatabaseConnection, region_id: i64) -> Result<Vec<institution::Model>> {
    Ok(institution::Entity::find()
        .filter(institution::Column::RegionId.eq(region_id))
        .order_by_asc(institution::Column::Name)
        .all(db)
        .await?)
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RegulationInput {
    pub kind: String,
    pub number: String,
    pub year: String,
    pub title: String,
    pub status: String,
    pub url: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InstitutionInput {
    pub name: String,
    #[serde(rename = "institution_kind")]
    pub kind: String,
    pub legal_basis: String,
    pub description: String,
}

fn url(e: &mut Errors, field: &str, raw: &str) -> Option<String> {
    let u = e.optional_text(field, raw, 500)?;
    if !(u.starts_with("https://") || u.starts_with("http://")) || u.contains(char::is_whitespace) {
        e.add(field, "err-url", None);
    }
    Some(u)
}

pub async fn add_regulation(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &RegulationInput,
    file_id: Option<i64>,
) -> Result<regulation::Model> {
    let mut e = Errors::new();
    let kind = e.choice("kind", &input.kind, RegulationKind::parse);
    let number = e.text("number", &input.number, 100);
    let year = e.integer("year", &input.year, 1945, 2100);
    let title = e.text("title", &input.title, 500);
    let status = e.choice("status", &input.status, RegulationStatus::parse);
    let link = url(&mut e, "url", &input.url);
    e.into_result()?;
    let txn = db.begin().await?;
    let m = regulation::ActiveModel {
        region_id: Set(region_id),
        kind: Set(kind.map(|k| k.as_str()).unwrap_or_default().into()),
        number: Set(number),
        year: Set(year.unwrap_or_default() as i32),
        title: Set(title),
        status: Set(status.map(|s| s.as_str()).unwrap_or_default().into()),
        url: Set(link),
        file_id: Set(file_id),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "regulation", m.id, "create"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn add_institution(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &InstitutionInput,
) -> Result<institution::Model> {
    let mut e = Errors::new();
    let name = e.text("name", &input.name, 200);
    let kind = e.text("institution_kind", &input.kind, 100);
    let legal = e.optional_text("legal_basis", &input.legal_basis, 300);
    let description = e.optional_text("description", &input.description, 2000);
    e.into_result()?;
    let txn = db.begin().await?;
    let m = institution::ActiveModel {
        region_id: Set(region_id),
        name: Set(name),
        kind: Set(kind),
        legal_basis: Set(legal),
        description: Set(description),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "institution", m.id, "create"), None::<&()>, Some(&m))
        .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn delete_regulation(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let b = regulation::Entity::find_by_id(id)
        .filter(regulation::Column::RegionId.eq(region_id))
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    b.clone().delete(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "regulation", id, "delete"), Some(&b), None::<&()>).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn delete_institution(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let b = institution::Entity::find_by_id(id)
        .filter(institution::Column::RegionId.eq(region_id))
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    b.clone().delete(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "institution", id, "delete"), Some(&b), None::<&()>)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Validate a regulation without saving it (before its document is stored).
pub fn check_regulation(input: &RegulationInput) -> Result<()> {
    let mut e = Errors::new();
    e.choice("kind", &input.kind, RegulationKind::parse);
    e.text("number", &input.number, 100);
    e.integer("year", &input.year, 1945, 2100);
    e.text("title", &input.title, 500);
    e.choice("status", &input.status, RegulationStatus::parse);
    url(&mut e, "url", &input.url);
    Ok(e.into_result()?)
}
