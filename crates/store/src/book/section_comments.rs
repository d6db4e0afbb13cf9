//! Review comments on each section of stage 1, by experts, council members and the region.

use crate::audit::{self, Change};
use crate::entity::section_comment;
use crate::{Actor, Result};
use kotacerdas_domain::analysis::Section;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};

/// A section's comments, oldest first, with author names (two queries).
pub async fn list(
    db: &DatabaseConnection,
    region_id: i64,
    section: Section,
) -> Result<Vec<(section_comment::Model, String)>> {
    let rows = section_comment::Entity::find()
        .filter(section_comment::Column::RegionId.eq(region_id))
        .filter(section_comment::Column::Section.eq(section.as_str()))
        .order_by_asc(section_comment::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|c| c.author_id).collect();
    let names = crate::accounts::users::names(db, ids).await?;
    Ok(rows
        .into_iter()
        .map(|c| (names.get(&c.author_id).cloned().unwrap_or_default(), c))
        .map(|(n, c)| (c, n))
        .collect())
}

pub async fn add(
    db: &DatabaseConnection,
    actor: &Actor,
    author_id: i64,
    region_id: i64,
    section: Section,
    body: &str,
) -> Result<section_comment::Model> {
    let body = kotacerdas_domain::stage::comment(body)?;
    let txn = db.begin().await?;
    let c = section_comment::ActiveModel {
        region_id: Set(region_id),
        section: Set(section.as_str().into()),
        author_id: Set(author_id),
        body: Set(body),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "section_comment", c.id, "create"), None::<&()>, Some(&c))
        .await?;
    txn.commit().await?;
    Ok(c)
}
