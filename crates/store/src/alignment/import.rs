//! Bring a year's adopted RKPD/APBD in: read the file off the async workers, find its header,
//! map the columns (the region's saved profile first), read every row, and apply all rows or
//! none. Each import of a year is a new revision; the highest is the year's list.

use crate::audit::{self, Change};
use crate::entity::{rkpd_import, rkpd_item, rkpd_profile};
use crate::{heavy, Actor, Result, StoreError};
use bytes::Bytes;
use kotacerdas_domain::alignment::opd_of;
use kotacerdas_domain::rkpd::{self, Field, Parsed, Profile, Table};
use kotacerdas_intake::xlsx::{Rows, XlsxLimits};
use kotacerdas_intake::IntakeError;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use std::collections::{BTreeMap, BTreeSet};

/// What an export may be: a province's RKPD runs to a few thousand sub-activities plus their
/// subtotal rows; 20,000 rows and 40 columns hold any of them.
pub fn limits() -> XlsxLimits {
    XlsxLimits { max_rows: 20_000, max_columns: 40, ..Default::default() }
}

/// A file read and looked at, before anything is stored.
#[derive(Debug, Clone)]
pub struct Reading {
    pub sheet: String,
    pub rows: Rows,
    pub table: Table,
    /// The columns as proposed (profile, else header words) or as chosen.
    pub mapping: BTreeMap<Field, usize>,
    pub parsed: Parsed,
}

/// Why a file cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    Intake(IntakeError),
    /// No row in the first 30 names three of the columns.
    NoHeader,
}

/// Read `bytes` (on the heavy-work pool) and parse with `chosen` columns, or the profile's /
/// the proposal when `None`.
pub async fn read(
    bytes: Bytes,
    profile: Option<Profile>,
    chosen: Option<BTreeMap<Field, usize>>,
) -> Result<std::result::Result<Reading, Unreadable>> {
    heavy::run(move || {
        let (sheet, rows) = kotacerdas_intake::table::read(&bytes, &limits()).map_err(Unreadable::Intake)?;
        let table = rkpd::find_table(&rows).ok_or(Unreadable::NoHeader)?;
        let mapping = chosen.unwrap_or_else(|| rkpd::propose(&table, profile.as_ref()));
        let parsed = rkpd::parse(&rows, &table, &mapping);
        Ok(Reading { sheet, rows, table, mapping, parsed })
    })
    .await
}

pub async fn profile<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Option<Profile>> {
    Ok(rkpd_profile::Entity::find()
        .filter(rkpd_profile::Column::RegionId.eq(region_id))
        .one(db)
        .await?
        .and_then(|p| serde_json::from_str(&p.columns).ok()))
}

/// The OPD names of the file that match none of the region's OPDs (their items count for no
/// OPD, so code matches at program level and OPD figures miss them).
pub async fn unknown_opds<C: ConnectionTrait>(db: &C, region_id: i64, parsed: &Parsed) -> Result<Vec<String>> {
    let opds: Vec<(i64, String, String)> = crate::region::kawasan::plan_opds(db, region_id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name, o.short_name.split(" · ").next().unwrap_or_default().to_string()))
        .collect();
    let names: BTreeSet<&str> = parsed.items.iter().map(|i| i.opd.as_str()).filter(|s| !s.is_empty()).collect();
    Ok(names.into_iter().filter(|n| opd_of(n, &opds).is_none()).map(str::to_string).collect())
}

/// Rows per INSERT: SQLite takes at most 32,766 bound values; 10 columns × 500 rows is far below.
const CHUNK: usize = 500;

/// Store the year's list as a new revision, save the columns as the region's profile, in one
/// transaction. Refused whole while any row has a problem.
#[allow(clippy::too_many_arguments)]
pub async fn apply(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    year: i32,
    label: &str,
    file_name: &str,
    reading: &Reading,
) -> Result<rkpd_import::Model> {
    let mut e = kotacerdas_domain::validate::Errors::new();
    if !(2000..=2100).contains(&year) {
        e.add("year", "err-rkpd-year", None);
    }
    let label = label.trim();
    if label.is_empty() {
        e.add("label", "err-required", None);
    } else if label.chars().count() > 100 {
        e.add("label", "err-too-long", Some(100));
    }
    if !reading.parsed.problems.is_empty() {
        e.add("file", "err-rkpd-rows", Some(reading.parsed.problems.len() as i64));
    }
    if reading.parsed.items.is_empty() {
        e.add("file", "err-rkpd-empty", None);
    }
    if !e.is_empty() {
        return Err(StoreError::Invalid(e));
    }
    let file_name: String = file_name.chars().filter(|c| !c.is_control()).take(255).collect();
    let txn = db.begin().await?;
    let last = rkpd_import::Entity::find()
        .filter(rkpd_import::Column::RegionId.eq(region_id))
        .filter(rkpd_import::Column::Year.eq(year))
        .order_by_desc(rkpd_import::Column::Revision)
        .one(&txn)
        .await?;
    let total = reading.parsed.items.iter().fold(0i64, |a, i| a.saturating_add(i.pagu));
    let import = rkpd_import::ActiveModel {
        region_id: Set(region_id),
        year: Set(year),
        revision: Set(last.map(|l| l.revision + 1).unwrap_or(1)),
        label: Set(label.to_string()),
        file_name: Set(file_name),
        items: Set(reading.parsed.items.len() as i32),
        subtotal_rows: Set(reading.parsed.subtotals as i32),
        total_pagu: Set(total),
        imported_by: Set(actor.user_id),
        imported_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for chunk in reading.parsed.items.chunks(CHUNK) {
        rkpd_item::Entity::insert_many(chunk.iter().map(|i| rkpd_item::ActiveModel {
            import_id: Set(import.id),
            region_id: Set(region_id),
            row: Set(i.row as i32),
            code: Set(i.code.clone()),
            name: Set(i.name.clone()),
            opd_name: Set(i.opd.clone()),
            indicator: Set(i.indicator.clone()),
            target: Set(i.target.clone()),
            pagu: Set(i.pagu),
            ..Default::default()
        }))
        .exec(&txn)
        .await?;
    }
    // The items are the file's content, audited as the import (one row, not five thousand).
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "rkpd_import", import.id, "create"),
        None::<&()>,
        Some(&import),
    )
    .await?;
    save_profile(&txn, actor, region_id, &rkpd::profile_of(&reading.table, &reading.mapping)).await?;
    txn.commit().await?;
    Ok(import)
}

async fn save_profile<C: ConnectionTrait>(c: &C, actor: &Actor, region_id: i64, p: &Profile) -> Result<()> {
    let json = serde_json::to_string(p).map_err(|e| StoreError::Config(e.to_string()))?;
    let before = rkpd_profile::Entity::find().filter(rkpd_profile::Column::RegionId.eq(region_id)).one(c).await?;
    match before {
        Some(b) if b.columns == json => {}
        Some(b) => {
            let mut am: rkpd_profile::ActiveModel = b.clone().into();
            am.columns = Set(json);
            am.updated_at = Set(chrono::Utc::now());
            let after = am.update(c).await?;
            audit::record(
                c,
                actor,
                Change::new(Some(region_id), "rkpd_profile", after.id, "update"),
                Some(&b),
                Some(&after),
            )
            .await?;
        }
        None => {
            let after = rkpd_profile::ActiveModel {
                region_id: Set(region_id),
                columns: Set(json),
                updated_at: Set(chrono::Utc::now()),
                ..Default::default()
            }
            .insert(c)
            .await?;
            audit::record(
                c,
                actor,
                Change::new(Some(region_id), "rkpd_profile", after.id, "create"),
                None::<&()>,
                Some(&after),
            )
            .await?;
        }
    }
    Ok(())
}
