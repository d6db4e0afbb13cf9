//! People of the Dewan Smart City (with their helix) and of the Tim Pelaksana (with the
//! dimension they work on), each appointed by an SK decree.

use crate::audit::{self, Change};
use crate::entity::member;
use crate::region::opds;
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::region::{MemberInput, MemberRole};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};

/// By body, then as the SK lists them: chair, vice chair, secretary, steering, members; in the
/// order they were added within a role.
pub async fn list<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<member::Model>> {
    let mut v = member::Entity::find()
        .filter(member::Column::RegionId.eq(region_id))
        .order_by_asc(member::Column::Body)
        .order_by_asc(member::Column::Id)
        .all(db)
        .await?;
    v.sort_by_key(|m| (m.body.clone(), MemberRole::rank(&m.role), m.id));
    Ok(v)
}

pub async fn get<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<member::Model> {
    member::Entity::find_by_id(id)
        .filter(member::Column::RegionId.eq(region_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

impl From<&member::Model> for MemberInput {
    fn from(m: &member::Model) -> MemberInput {
        MemberInput {
            body: m.body.clone(),
            name: m.name.clone(),
            position: m.position.clone(),
            institution: m.institution.clone().unwrap_or_default(),
            helix: m.helix.clone().unwrap_or_default(),
            dimension_code: m.dimension_code.clone().unwrap_or_default(),
            opd_id: m.opd_id.map(|o| o.to_string()).unwrap_or_default(),
            sk_number: m.sk_number.clone(),
            sk_date: m.sk_date.to_string(),
            role: m.role.clone(),
        }
    }
}

async fn fill<C: ConnectionTrait>(
    c: &C,
    region_id: i64,
    input: &MemberInput,
    am: &mut member::ActiveModel,
) -> Result<()> {
    let v = input.validate(&opds::ids(c, region_id).await?)?;
    am.region_id = Set(region_id);
    am.body = Set(v.body.as_str().to_string());
    am.role = Set(v.role.as_str().to_string());
    am.name = Set(v.name);
    am.position = Set(v.position);
    am.institution = Set(v.institution);
    am.helix = Set(v.helix.map(|h| h.as_str().to_string()));
    am.dimension_code = Set(v.dimension_code);
    am.opd_id = Set(v.opd_id);
    am.sk_number = Set(v.sk_number);
    am.sk_date = Set(v.sk_date);
    Ok(())
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &MemberInput,
) -> Result<member::Model> {
    let txn = db.begin().await?;
    let mut am = <member::ActiveModel as Default>::default();
    fill(&txn, region_id, input, &mut am).await?;
    let m = am.insert(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "member", m.id, "create"), None::<&()>, Some(&m)).await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    id: i64,
    input: &MemberInput,
) -> Result<member::Model> {
    let txn = db.begin().await?;
    let before = get(&txn, region_id, id).await?;
    let mut am: member::ActiveModel = before.clone().into();
    fill(&txn, region_id, input, &mut am).await?;
    let after = am.update(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "member", id, "update"), Some(&before), Some(&after))
        .await?;
    txn.commit().await?;
    Ok(after)
}

pub async fn delete(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let before = get(&txn, region_id, id).await?;
    before.clone().delete(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "member", id, "delete"), Some(&before), None::<&()>)
        .await?;
    txn.commit().await?;
    Ok(())
}
