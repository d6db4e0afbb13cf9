//! The MoU (nota kesepakatan) a region signs with the ministry to join the programme.

use crate::audit::{self, Change};
use crate::entity::mou;
use crate::{Actor, Result};
use kotacerdas_domain::validate::Errors;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};

pub async fn get<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Option<mou::Model>> {
    Ok(mou::Entity::find().filter(mou::Column::RegionId.eq(region_id)).one(db).await?)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MouInput {
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub signed_on: String,
    #[serde(default)]
    pub notes: String,
}

impl MouInput {
    pub fn from_model(m: Option<&mou::Model>) -> MouInput {
        m.map(|m| MouInput {
            number: m.number.clone(),
            signed_on: m.signed_on.to_string(),
            notes: m.notes.clone().unwrap_or_default(),
        })
        .unwrap_or_default()
    }
}

/// Create or replace the region's MoU; `file_id` (an uploaded document) is kept when `None`.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &MouInput,
    file_id: Option<i64>,
) -> Result<mou::Model> {
    let mut e = Errors::new();
    let number = e.text("number", &input.number, 200);
    let signed_on = e.date("signed_on", &input.signed_on);
    let notes = e.optional_text("notes", &input.notes, 2000);
    e.into_result()?;
    let signed_on = signed_on.unwrap_or_default();
    let txn = db.begin().await?;
    let before = get(&txn, region_id).await?;
    let after = match &before {
        Some(b) => {
            let mut am: mou::ActiveModel = b.clone().into();
            am.number = Set(number);
            am.signed_on = Set(signed_on);
            am.notes = Set(notes);
            if file_id.is_some() {
                am.file_id = Set(file_id);
            }
            am.update(&txn).await?
        }
        None => {
            mou::ActiveModel {
                region_id: Set(region_id),
                number: Set(number),
                signed_on: Set(signed_on),
                notes: Set(notes),
                file_id: Set(file_id),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    let action = if before.is_some() { "update" } else { "create" };
    audit::record(&txn, actor, Change::new(Some(region_id), "mou", after.id, action), before.as_ref(), Some(&after))
        .await?;
    txn.commit().await?;
    Ok(after)
}
