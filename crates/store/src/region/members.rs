//! People of the Dewan Smart City (with their helix) and of the Tim Pelaksana (with the
//! dimension they work on), each appointed by an SK decree.

use crate::audit::{self, Change};
use crate::entity::{member, opd};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::framework;
use kotacerdas_domain::region::{Body, Helix};
use kotacerdas_domain::validate::Errors;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};
use serde::{Deserialize, Serialize};

pub async fn list<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<member::Model>> {
    Ok(member::Entity::find()
        .filter(member::Column::RegionId.eq(region_id))
        .order_by_asc(member::Column::Body)
        .order_by_asc(member::Column::Id)
        .all(db)
        .await?)
}

pub async fn get<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<member::Model> {
    member::Entity::find_by_id(id)
        .filter(member::Column::RegionId.eq(region_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MemberInput {
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub institution: String,
    #[serde(default)]
    pub helix: String,
    #[serde(default)]
    pub dimension_code: String,
    #[serde(default)]
    pub opd_id: String,
    #[serde(default)]
    pub sk_number: String,
    #[serde(default)]
    pub sk_date: String,
}

impl MemberInput {
    pub fn from_model(m: &member::Model) -> MemberInput {
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
        }
    }
}

async fn fill<C: ConnectionTrait>(
    c: &C,
    region_id: i64,
    input: &MemberInput,
    am: &mut member::ActiveModel,
) -> Result<()> {
    let mut e = Errors::new();
    let body = e.choice("body", &input.body, Body::parse);
    let name = e.text("name", &input.name, 200);
    let position = e.text("position", &input.position, 200);
    let institution = e.optional_text("institution", &input.institution, 200);
    let sk_number = e.text("sk_number", &input.sk_number, 200);
    let sk_date = e.date("sk_date", &input.sk_date);
    // The council names a helix; the team names a dimension.
    let helix = match body {
        Some(Body::Dewan) => e.choice("helix", &input.helix, Helix::parse).map(|h| h.as_str().to_string()),
        _ => None,
    };
    let dimension = match body {
        Some(Body::Tim) => e
            .choice("dimension_code", &input.dimension_code, |s| framework::dimension(s).map(|d| d.named.code))
            .map(str::to_string),
        _ => None,
    };
    let opd_id = match input.opd_id.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(id)
                if opd::Entity::find_by_id(id).filter(opd::Column::RegionId.eq(region_id)).one(c).await?.is_some() =>
            {
                Some(id)
            }
            _ => {
                e.add("opd_id", "err-choice", None);
                None
            }
        },
    };
    e.into_result()?;
    am.region_id = Set(region_id);
    am.body = Set(body.map(|b| b.as_str()).unwrap_or("dewan").to_string());
    am.name = Set(name);
    am.position = Set(position);
    am.institution = Set(institution);
    am.helix = Set(helix);
    am.dimension_code = Set(dimension);
    am.opd_id = Set(opd_id);
    am.sk_number = Set(sk_number);
    am.sk_date = Set(sk_date.unwrap_or_default());
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
