//! The MoU (nota kesepakatan) a region signs with the ministry to join the programme.

use crate::audit::{self, Change};
use crate::entity::mou;
use crate::{Actor, Result};
use kotacerdas_domain::region::{MouInput, ValidMou};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    TransactionTrait,
};

pub async fn get<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Option<mou::Model>> {
    Ok(mou::Entity::find().filter(mou::Column::RegionId.eq(region_id)).one(db).await?)
}

impl From<&mou::Model> for MouInput {
    fn from(m: &mou::Model) -> MouInput {
        MouInput {
            number: m.number.clone(),
            signed_on: m.signed_on.to_string(),
            notes: m.notes.clone().unwrap_or_default(),
        }
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
    let ValidMou { number, signed_on, notes } = input.validate()?;
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
