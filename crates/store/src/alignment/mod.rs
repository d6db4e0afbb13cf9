//! The masterplan against the adopted yearly plan: the RKPD/APBD imports of a region, the links a
//! person made between programmes and RKPD items, and the year's alignment (`domain::alignment`
//! does the matching and the sums; this module gathers the rows in a fixed number of queries).

pub mod import;
pub mod national;
pub mod renja;

use crate::audit::{self, Change};
use crate::entity::{alignment_link, programme, rkpd_import, rkpd_item};
use crate::plan::programmes::{self, Programme};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::alignment::{self, Alignment, LinkKind};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use std::collections::HashMap;

/// The year's imports, newest revision first.
pub async fn imports<C: ConnectionTrait>(db: &C, region_id: i64, year: i32) -> Result<Vec<rkpd_import::Model>> {
    Ok(rkpd_import::Entity::find()
        .filter(rkpd_import::Column::RegionId.eq(region_id))
        .filter(rkpd_import::Column::Year.eq(year))
        .order_by_desc(rkpd_import::Column::Revision)
        .all(db)
        .await?)
}

/// The years with an import, newest first.
pub async fn years<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<i32>> {
    let mut y: Vec<i32> = rkpd_import::Entity::find()
        .filter(rkpd_import::Column::RegionId.eq(region_id))
        .all(db)
        .await?
        .into_iter()
        .map(|i| i.year)
        .collect();
    y.sort_unstable_by(|a, b| b.cmp(a));
    y.dedup();
    Ok(y)
}

pub async fn items_of<C: ConnectionTrait>(db: &C, import_id: i64) -> Result<Vec<rkpd_item::Model>> {
    Ok(rkpd_item::Entity::find()
        .filter(rkpd_item::Column::ImportId.eq(import_id))
        .order_by_asc(rkpd_item::Column::Row)
        .all(db)
        .await?)
}

pub async fn links<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<alignment_link::Model>> {
    Ok(alignment_link::Entity::find()
        .filter(alignment_link::Column::RegionId.eq(region_id))
        .order_by_asc(alignment_link::Column::Id)
        .all(db)
        .await?)
}

/// A programme's planned money in a year, all sources.
pub fn planned(p: &Programme, year: i32) -> i64 {
    p.budgets.iter().filter(|b| b.year == year).fold(0i64, |a, b| a.saturating_add(b.amount))
}

/// Whether the masterplan plans the programme in the year: within its years and with money
/// planned that year (a programme may rest a year by design; it is not "unfunded" then).
pub fn due(p: &Programme, year: i32) -> bool {
    (p.programme.start_year..=p.programme.end_year).contains(&year) && planned(p, year) > 0
}

pub fn domain_programme(p: &Programme, year: i32) -> alignment::Programme {
    let r = &p.programme;
    alignment::Programme {
        id: r.id,
        name: r.named(),
        opd_id: r.opd_id,
        gov_code: r.gov_code.clone().filter(|c| !c.trim().is_empty()),
        dimension: r.element_code.split('-').next().unwrap_or_default().to_string(),
        planned: planned(p, year),
    }
}

pub fn domain_links(rows: &[alignment_link::Model]) -> Vec<alignment::Link> {
    rows.iter()
        .filter_map(|l| {
            Some(alignment::Link {
                programme_id: l.programme_id,
                item_key: l.item_key.clone(),
                kind: LinkKind::parse(&l.kind)?,
            })
        })
        .collect()
}

/// A region's year, everything the page, the API, the checks and the evaluation read.
pub struct Year {
    pub year: i32,
    /// The year's list in force (the highest revision), if any was imported.
    pub import: Option<rkpd_import::Model>,
    pub history: Vec<rkpd_import::Model>,
    /// The programmes due in the year (plan order).
    pub programmes: Vec<Programme>,
    pub items: Vec<rkpd_item::Model>,
    /// The OPD each item was matched to.
    pub item_opd: HashMap<i64, Option<i64>>,
    pub links: Vec<alignment_link::Model>,
    pub alignment: Alignment,
    /// Item id → position in `items`: pages look items up once per match and suggestion, and a
    /// year can hold thousands (a scan each time made the page quadratic in the RKPD's size).
    index: HashMap<i64, usize>,
}

impl Year {
    pub fn item(&self, id: i64) -> Option<&rkpd_item::Model> {
        self.index.get(&id).and_then(|i| self.items.get(*i))
    }
}

/// Gather and align a region's year.
pub async fn year<C: ConnectionTrait>(db: &C, region_id: i64, year: i32) -> Result<Year> {
    let history = imports(db, region_id, year).await?;
    let import = history.first().cloned();
    let items = match &import {
        Some(i) => items_of(db, i.id).await?,
        None => Vec::new(),
    };
    let all = programmes::list(db, region_id).await?;
    let opds: Vec<(i64, String, String)> = crate::region::kawasan::plan_opds(db, region_id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name, o.short_name.split(" · ").next().unwrap_or_default().to_string()))
        .collect();
    let item_opd: HashMap<i64, Option<i64>> =
        items.iter().map(|i| (i.id, alignment::opd_of(&i.opd_name, &opds))).collect();
    let links = links(db, region_id).await?;
    let due: Vec<Programme> = all.into_iter().filter(|p| self::due(p, year)).collect();
    let alignment = alignment::align(
        &due.iter().map(|p| domain_programme(p, year)).collect::<Vec<_>>(),
        &items
            .iter()
            .map(|i| alignment::Item {
                id: i.id,
                code: i.code.clone(),
                name: i.name.clone(),
                opd_id: item_opd.get(&i.id).copied().flatten(),
                indicator: i.indicator.clone(),
                pagu: i.pagu,
            })
            .collect::<Vec<_>>(),
        &domain_links(&links),
    );
    let index = items.iter().enumerate().map(|(i, it)| (it.id, i)).collect();
    Ok(Year { year, import, history, programmes: due, items, item_opd, links, alignment, index })
}

/// Record a person's decision on a programme and an item of the region's year: link it
/// (`Manual`), confirm a suggestion (`Confirmed`) or say "not this one" (`Rejected`). A new
/// decision on the same pair replaces the old one. The item must be in one of the region's
/// imports and the programme the region's (a kawasan's programmes included).
pub async fn decide(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    programme_id: i64,
    item_id: i64,
    kind: LinkKind,
) -> Result<alignment_link::Model> {
    let txn = db.begin().await?;
    let p = programme::Entity::find_by_id(programme_id)
        .filter(programme::Column::RegionId.eq(region_id))
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::field("programme_id", "err-not-found"))?;
    let item = rkpd_item::Entity::find_by_id(item_id)
        .filter(rkpd_item::Column::RegionId.eq(region_id))
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::field("item_id", "err-not-found"))?;
    let key = alignment::item_key(&item.code, &item.name);
    let old: Vec<alignment_link::Model> = alignment_link::Entity::find()
        .filter(alignment_link::Column::RegionId.eq(region_id))
        .filter(alignment_link::Column::ItemKey.eq(key.clone()))
        .all(&txn)
        .await?;
    // One item, one programme: a link elsewhere gives way to this one (a rejection of another
    // programme stays — it says nothing about this programme).
    for o in old
        .iter()
        .filter(|o| o.programme_id == p.id || (kind != LinkKind::Rejected && o.kind != LinkKind::Rejected.as_str()))
    {
        alignment_link::Entity::delete_by_id(o.id).exec(&txn).await?;
        audit::record(
            &txn,
            actor,
            Change::new(Some(region_id), "alignment_link", o.id, "delete"),
            Some(o),
            None::<&()>,
        )
        .await?;
    }
    let row = alignment_link::ActiveModel {
        region_id: Set(region_id),
        programme_id: Set(p.id),
        item_key: Set(key),
        kind: Set(kind.as_str().to_string()),
        created_by: Set(actor.user_id),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "alignment_link", row.id, "create"),
        None::<&()>,
        Some(&row),
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// Forget a decision (the pair is matched by code or proposed again).
pub async fn forget(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    link_id: i64,
) -> Result<alignment_link::Model> {
    let txn = db.begin().await?;
    let row = alignment_link::Entity::find_by_id(link_id)
        .filter(alignment_link::Column::RegionId.eq(region_id))
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    alignment_link::Entity::delete_by_id(row.id).exec(&txn).await?;
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "alignment_link", row.id, "delete"),
        Some(&row),
        None::<&()>,
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// A link of the region by id (for its programme's OPD check before [`forget`]).
pub async fn link<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<alignment_link::Model> {
    alignment_link::Entity::find_by_id(id)
        .filter(alignment_link::Column::RegionId.eq(region_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}
