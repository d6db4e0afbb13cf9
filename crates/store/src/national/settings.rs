//! The national programme's settings: its name and the ministry's name, both configurable (the
//! ministry was reorganised from Kominfo to Komdigi in 2024 and may be again).

use crate::audit::{self, Change};
use crate::entity::national_settings;
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::national::SettingsInput;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, QueryOrder, TransactionTrait};

pub async fn get(db: &DatabaseConnection) -> Result<national_settings::Model> {
    national_settings::Entity::find()
        .order_by_asc(national_settings::Column::Id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

pub async fn update(db: &DatabaseConnection, actor: &Actor, input: &SettingsInput) -> Result<national_settings::Model> {
    let (name, ministry, stage1_needs_decrees) = input.validate()?;
    let txn = db.begin().await?;
    let before = get_in(&txn).await?;
    let mut am: national_settings::ActiveModel = before.clone().into();
    am.name = Set(name);
    am.ministry_name = Set(ministry);
    am.stage1_needs_decrees = Set(stage1_needs_decrees);
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
