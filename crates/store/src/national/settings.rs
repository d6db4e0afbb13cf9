//! The national programme's settings: its name and the ministry's name, both configurable (the
//! ministry was reorganised from Kominfo to Komdigi in 2024 and may be again).

use crate::audit::{self, Change};
use crate::entity::national_settings;
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::validate::Errors;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, QueryOrder, TransactionTrait};
use serde::{Deserialize, Serialize};

pub async fn get(db: &DatabaseConnection) -> Result<national_settings::Model> {
    national_settings::Entity::find()
        .order_by_asc(national_settings::Column::Id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SettingsInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub ministry_name: String,
}

pub async fn update(db: &DatabaseConnection, actor: &Actor, input: &SettingsInput) -> Result<national_settings::Model> {
    let mut e = Errors::new();
    let name = e.text("name", &input.name, 200);
    let ministry = e.text("ministry_name", &input.ministry_name, 200);
    e.into_result()?;
    let txn = db.begin().await?;
    let before = get_in(&txn).await?;
    let mut am: national_settings::ActiveModel = before.clone().into();
    am.name = Set(name);
    am.ministry_name = Set(ministry);
    am.updated_at = Set(chrono::Utc::now());
    let after = am.update(&txn).await?;
    audit::record(&txn, actor, Change::new(None, "programme", after.id, "update"), Some(&before), Some(&after)).await?;
    txn.commit().await?;
    Ok(after)
}

async fn get_in<C: sea_orm::ConnectionTrait>(c: &C) -> Result<national_settings::Model> {
    national_settings::Entity::find()
        .order_by_asc(national_settings::Column::Id)
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)
}
