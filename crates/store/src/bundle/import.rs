//! Importing a region bundle (see [`crate::bundle`]): all-or-nothing, ids remapped, conflicts
//! shown before anything is replaced.

use crate::audit::{self, Change};
use crate::bundle::tables::{audit_entity_table, Col, Owner, TableSpec, Target, TABLES};
use crate::bundle::{
    audit_at, build, col, columns, export, last_import, owner_cond, parse_ts, row_id, to_value, BundleError, Contents,
    Manifest, Origin, Result, Row, IMPORT_ACTION,
};
use crate::entity::region;
use crate::files::{new_key, Storage};
use crate::{Actor, StoreError};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, Func, Order, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, TransactionTrait};
use serde::Serialize;
use serde_json::Value as J;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Check everything (inside a transaction that is rolled back) and report; change nothing.
    pub dry_run: bool,
    /// Replace the region even when this server changed it since the bundle's base.
    pub force: bool,
    pub actor: Actor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The region is new on this server.
    New,
    /// The region exists here and its data is replaced by the bundle's.
    Replace,
}

/// What happened (or would happen) to one table.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TableCount {
    pub table: String,
    pub in_bundle: usize,
    pub inserted: usize,
    /// Matched to an existing row (accounts by username, shared data by natural key, audit
    /// entries already present).
    pub matched: usize,
    /// Left out: shared rows of a round that exists here already.
    pub skipped: usize,
    /// Rows of the region on this server removed before the bundle's went in.
    pub removed: u64,
}

/// A change made on this server that replacing the region would override.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
}

#[derive(Debug, Serialize)]
pub struct ImportReport {
    pub region_code: String,
    pub region_name: String,
    pub mode: Mode,
    pub dry_run: bool,
    /// This server is where the bundle's data came from, at the bundle's base version or later.
    pub target_is_origin: bool,
    pub base_version: i64,
    pub target_version: i64,
    /// This server's changes to the region since the bundle's base (all of its history when it
    /// is not the bundle's origin).
    pub conflicts: Vec<ConflictEntry>,
    pub conflict_note: Option<String>,
    /// Conflicts and no `--force`: nothing was changed.
    pub refused: bool,
    pub applied: bool,
    pub backup: Option<PathBuf>,
    pub counts: Vec<TableCount>,
    pub files_written: usize,
    pub files_removed: usize,
    pub warnings: Vec<String>,
    /// Accounts the import creates and every role it adds to or removes from an account in the
    /// region (a bundle can grant roles: the operator sees each one, also in a dry run).
    pub accounts: Vec<AccountChange>,
}

/// One account the import creates or whose roles in the region it changes.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AccountChange {
    pub username: String,
    pub new_account: bool,
    /// Roles in the region, e.g. `region_admin` or `opd_planner (OPD Dinas Kesehatan)`.
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

fn micros(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

/// Import the bundle at `path`. Conflicts are not an error: the report says `refused`.
pub async fn import(
    db: &DatabaseConnection,
    storage: &Storage,
    path: &Path,
    opts: &ImportOptions,
) -> Result<ImportReport> {
    let mut b = Contents::open(path)?;
    let m = b.manifest.clone();
    check_roles(&b)?;
    let root = match b.rows("regions") {
        [r] if r.get("code").and_then(J::as_str) == Some(m.region_code.as_str()) => r.clone(),
        _ => {
            return Err(BundleError::Data(format!(
                "tables/regions.json must hold exactly the region {} named in the manifest",
                m.region_code
            )))
        }
    };
    let existing = match crate::region::regions::by_code(db, &m.region_code).await {
        Ok(r) => Some(r),
        Err(StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let mut report = ImportReport {
        region_code: m.region_code.clone(),
        region_name: root.get("name").and_then(J::as_str).unwrap_or(&m.region_name).to_string(),
        mode: if existing.is_some() { Mode::Replace } else { Mode::New },
        dry_run: opts.dry_run,
        target_is_origin: false,
        base_version: m.origin.base_version,
        target_version: 0,
        conflicts: Vec::new(),
        conflict_note: None,
        refused: false,
        applied: false,
        backup: None,
        counts: Vec::new(),
        files_written: 0,
        files_removed: 0,
        warnings: Vec::new(),
        accounts: Vec::new(),
    };
    let mut origin_here = false;
    if let Some(r) = &existing {
        report.target_version = audit::region_version(db, r.id).await?;
        let same_region = micros(r.created_at) == micros(m.origin.region_created_at);
        // Is this server's history where the bundle's data came from? Either the bundle was
        // exported here (its data version), or the data was first exported from here (its origin).
        let here = |version: i64, at: Option<DateTime<Utc>>| async move {
            Ok::<bool, BundleError>(match at {
                Some(at) => audit_at(db, version, r.id).await?.is_some_and(|t| micros(t) == micros(at)),
                None => version == 0,
            })
        };
        let exported_here = same_region && here(m.data_version, m.data_version_at).await?;
        origin_here = same_region && here(m.origin.base_version, m.origin.base_at).await?;
        report.target_is_origin = exported_here || origin_here;
        // Or this server holds an older copy from the same origin (a laptop getting the server's
        // newer bundle): what it did since it took that copy would be replaced.
        let older_copy = match last_import(db, r.id).await? {
            Some((id, Some(o)))
                if micros(o.region_created_at) == micros(m.origin.region_created_at)
                    && o.base_version <= m.origin.base_version =>
            {
                Some(id)
            }
            _ => None,
        };
        let since = if exported_here {
            report.base_version = m.data_version;
            m.data_version
        } else if origin_here {
            m.origin.base_version
        } else {
            older_copy.unwrap_or(0)
        };
        report.conflicts = changes_since(db, r.id, since).await?;
        if let (false, Some(_)) = (report.target_is_origin, older_copy) {
            report.conflict_note = (!report.conflicts.is_empty()).then(|| {
                format!(
                    "this server holds a copy of the region taken from the bundle's origin; its changes since that \
                 import (below) would be replaced by the origin's version {}",
                    m.origin.base_version
                )
            });
            report.refused = !report.conflicts.is_empty() && !opts.force;
        } else if !report.target_is_origin {
            report.conflict_note = Some(format!(
                "the region {} on this server is not where the bundle's data came from (the bundle's base, \
                 version {} of the origin server, is not in this server's history): every change listed would \
                 be replaced",
                m.region_code, m.origin.base_version
            ));
            report.refused = !opts.force;
        } else {
            report.refused = !report.conflicts.is_empty() && !opts.force;
        }
    }
    if report.refused && !opts.dry_run {
        return Ok(report);
    }
    if existing.is_some() && !opts.dry_run {
        let backup = backup_path(path, &m.region_code);
        export(db, storage, &m.region_code, &backup).await?;
        report.backup = Some(backup);
    }
    // Remembered for this server's own exports: the server the data first came from, unless
    // that is this one.
    let origin_to_keep = if origin_here { None } else { Some(m.origin.clone()) };
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let roles_before = match &existing {
        Some(r) => region_roles(db, r.id).await?,
        None => BTreeMap::new(),
    };
    let txn = db.begin().await?;
    let mut written = Vec::new();
    let step =
        Step { storage, opts, existing: existing.as_ref(), manifest: &m, file_name, origin_to_keep, roles_before };
    match step.apply(&txn, &mut b, &mut written, &mut report).await {
        Ok(old_keys) if !opts.dry_run => {
            // A bundle may bring role assignments and users: cached principals are read again.
            if let Err(e) = crate::versions::bump_auth(&txn).await {
                cleanup(storage, &written).await;
                return Err(e.into());
            }
            if let Err(e) = txn.commit().await {
                cleanup(storage, &written).await;
                return Err(e.into());
            }
            report.applied = true;
            report.files_written = written.len();
            // The replaced region's files: their bytes are in the backup bundle.
            for k in old_keys {
                match storage.delete(&k).await {
                    Ok(()) => report.files_removed += 1,
                    Err(e) => report.warnings.push(format!("could not remove the replaced file {k}: {e}")),
                }
            }
        }
        Ok(_) => txn.rollback().await?,
        Err(e) => {
            let _ = txn.rollback().await;
            cleanup(storage, &written).await;
            return Err(e);
        }
    }
    Ok(report)
}

async fn cleanup(storage: &Storage, keys: &[String]) {
    for k in keys {
        if let Err(e) = storage.delete(k).await {
            tracing::warn!(key = %k, error = %e, "could not remove a file of a failed import");
        }
    }
}

/// `DIR/CODE-backup-YYYYMMDDTHHMMSSZ.zip` next to the imported file, never overwriting one.
fn backup_path(input: &Path, code: &str) -> PathBuf {
    let dir = input.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut p = dir.join(format!("{code}-backup-{stamp}.zip"));
    let mut n = 2;
    while p.exists() {
        p = dir.join(format!("{code}-backup-{stamp}-{n}.zip"));
        n += 1;
    }
    p
}

/// The region's audit entries after `since`, oldest first.
async fn changes_since<C: ConnectionTrait>(c: &C, region_id: i64, since: i64) -> Result<Vec<ConflictEntry>> {
    let mut q = Query::select();
    q.columns(["id", "at", "actor_name", "entity", "entity_id", "action"].map(Alias::new))
        .from(Alias::new("audit_log"))
        .and_where(col("region_id").eq(region_id))
        .and_where(col("id").gt(since))
        .order_by(Alias::new("id"), Order::Asc);
    let rows = c.query_all(build(c.get_database_backend(), &q)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(ConflictEntry {
            id: r.try_get("", "id")?,
            at: r.try_get("", "at")?,
            actor: r.try_get("", "actor_name")?,
            entity: r.try_get("", "entity")?,
            entity_id: r.try_get("", "entity_id")?,
            action: r.try_get("", "action")?,
        });
    }
    Ok(out)
}

type Maps = HashMap<&'static str, HashMap<i64, i64>>;

/// A reference set once every row is in: (table, new row id, column, target table, old value).
type Deferred = (&'static str, i64, &'static str, &'static str, i64);

struct Step<'a> {
    storage: &'a Storage,
    opts: &'a ImportOptions,
    existing: Option<&'a region::Model>,
    manifest: &'a Manifest,
    file_name: String,
    origin_to_keep: Option<Origin>,
    /// The region's roles on this server before the import: username → role labels.
    roles_before: RoleMap,
}

impl Step<'_> {
    /// Everything inside the transaction; returns the storage keys of replaced files.
    async fn apply(
        &self,
        txn: &DatabaseTransaction,
        b: &mut Contents,
        written: &mut Vec<String>,
        report: &mut ImportReport,
    ) -> Result<Vec<String>> {
        let mut counts: BTreeMap<&'static str, TableCount> = BTreeMap::new();
        let mut old_keys = Vec::new();
        let mut seen_audit: Fingerprints = HashMap::new();
        // Kawasan programmes owned by the region's OPDs are set aside while those OPDs are replaced.
        let mut parked = None;
        if let Some(r) = self.existing {
            parked = Some(crate::region::kawasan::park_owners(txn, r.id).await?);
            old_keys = clear_region(txn, r.id, &mut counts).await?;
            seen_audit = audit_fingerprints(txn, r.id).await?;
        }
        let mut maps: Maps = HashMap::new();
        let mut created: HashMap<&'static str, HashSet<i64>> = HashMap::new();
        let mut deferred: Vec<Deferred> = Vec::new();
        let mut new_accounts: BTreeSet<String> = BTreeSet::new();
        for t in TABLES {
            let rows = b.rows(t.name).to_vec();
            let cols = columns(t)?;
            let count = counts.entry(t.name).or_default();
            count.in_bundle = rows.len();
            for row in &rows {
                let old_id = row_id(t.name, row)?;
                let where_ = |e: String| BundleError::Data(format!("tables/{}.json, row {old_id}: {e}", t.name));
                let (mut row, later) = remap(t, row, &maps).map_err(where_)?;
                let new_id = match t.owner {
                    Owner::Global { key, with_parent } => match find_by(txn, t.name, &cols, key, &row).await? {
                        Some(id) => {
                            count.matched += 1;
                            Some(id)
                        }
                        None => {
                            let parent_is_new = with_parent.is_none_or(|(c, p)| {
                                row.get(c)
                                    .and_then(J::as_i64)
                                    .is_some_and(|id| created.get(p).is_some_and(|s| s.contains(&id)))
                            });
                            if parent_is_new {
                                let id = insert(txn, t, &cols, &row, old_id).await?;
                                created.entry(t.name).or_default().insert(id);
                                count.inserted += 1;
                                Some(id)
                            } else {
                                count.skipped += 1;
                                None
                            }
                        }
                    },
                    Owner::Users => match find_by(txn, t.name, &cols, &["username"], &row).await? {
                        Some(id) => {
                            count.matched += 1;
                            Some(id)
                        }
                        None => {
                            count.inserted += 1;
                            new_accounts
                                .insert(row.get("username").and_then(J::as_str).unwrap_or_default().to_string());
                            Some(insert(txn, t, &cols, &row, old_id).await?)
                        }
                    },
                    Owner::Root => match self.existing {
                        Some(r) => {
                            update(txn, t, &cols, &row, old_id, r.id).await?;
                            count.matched += 1;
                            Some(r.id)
                        }
                        None => {
                            count.inserted += 1;
                            Some(insert(txn, t, &cols, &row, old_id).await?)
                        }
                    },
                    Owner::Files => {
                        let size = row.get("size").and_then(J::as_i64).unwrap_or(-1);
                        let expected = u64::try_from(size).map_err(|_| where_(format!("size {size} is not a size")))?;
                        // No more bytes are read than the row states.
                        let data = b.file_sized(old_id, Some(expected))?;
                        if u64::try_from(data.len()).ok() != Some(expected) {
                            return Err(where_(format!("{} bytes in the bundle, {size} expected", data.len())));
                        }
                        let old_key = row.get("key").and_then(J::as_str).unwrap_or_default();
                        let ext: String = old_key
                            .rsplit_once('.')
                            .map(|(_, e)| e)
                            .unwrap_or("bin")
                            .chars()
                            .filter(char::is_ascii_alphanumeric)
                            .take(8)
                            .collect();
                        let key = new_key(if ext.is_empty() { "bin" } else { &ext });
                        row.insert("key".into(), J::from(key.clone()));
                        let id = insert(txn, t, &cols, &row, old_id).await?;
                        if !self.opts.dry_run {
                            self.storage.put(&key, data.into()).await?;
                            written.push(key);
                        }
                        count.inserted += 1;
                        Some(id)
                    }
                    Owner::Audit => {
                        remap_entity_id(&mut row, &maps);
                        let at = row.get("at").and_then(J::as_str).and_then(parse_ts).map(micros).unwrap_or(0);
                        let text = |c: &str| row.get(c).and_then(J::as_str).unwrap_or_default().to_string();
                        if let Some(&(id, ref entity_id)) =
                            seen_audit.get(&(at, text("entity"), text("action"), text("actor_name")))
                        {
                            // The entry is here already; its record has a new id now.
                            let new_entity_id = text("entity_id");
                            if *entity_id != new_entity_id {
                                let mut q = Query::update();
                                q.table(Alias::new("audit_log"))
                                    .value(Alias::new("entity_id"), new_entity_id)
                                    .and_where(col("id").eq(id));
                                txn.execute(build(txn.get_database_backend(), &q)).await?;
                            }
                            count.matched += 1;
                            None
                        } else {
                            count.inserted += 1;
                            Some(insert(txn, t, &cols, &row, old_id).await?)
                        }
                    }
                    Owner::Region | Owner::Parent { .. } => {
                        count.inserted += 1;
                        Some(insert(txn, t, &cols, &row, old_id).await?)
                    }
                };
                if let Some(new_id) = new_id {
                    maps.entry(t.name).or_default().insert(old_id, new_id);
                    deferred.extend(later.into_iter().map(|(c, target, old)| (t.name, new_id, c, target, old)));
                }
            }
        }
        single_region_roles(txn, maps.get("role_assignments")).await?;
        report.accounts = account_changes(b, &self.roles_before, &new_accounts);
        for (table, id, column, target, old) in deferred {
            let new = maps.get(target).and_then(|m| m.get(&old)).copied().ok_or_else(|| {
                BundleError::Data(format!(
                    "tables/{table}.json: {column} = {old} refers to a {target} row not in the bundle"
                ))
            })?;
            let mut q = Query::update();
            q.table(Alias::new(table)).value(Alias::new(column), new).and_where(col("id").eq(id));
            txn.execute(build(txn.get_database_backend(), &q)).await?;
        }
        let region_id = maps
            .get("regions")
            .and_then(|m| m.values().next().copied())
            .ok_or_else(|| BundleError::Data("the bundle holds no region".into()))?;
        if let Some(parked) = parked {
            let missing = crate::region::kawasan::restore_owners(txn, region_id, parked).await?;
            if !missing.is_empty() {
                return Err(BundleError::Data(format!(
                    "the bundle has no OPD {} any more, which owns programmes of a kawasan; add it back or move \
                     those programmes first",
                    missing.join(", ")
                )));
            }
        }
        report.counts = counts
            .into_iter()
            .map(|(t, mut c)| {
                c.table = t.to_string();
                c
            })
            .collect();
        report.counts.sort_by_key(|c| TABLES.iter().position(|t| t.name == c.table));
        let inserted: BTreeMap<&str, usize> = report.counts.iter().map(|c| (c.table.as_str(), c.inserted)).collect();
        let after = serde_json::json!({
            "file": self.file_name,
            "mode": report.mode,
            "forced": self.opts.force && (!report.target_is_origin || !report.conflicts.is_empty()),
            "overridden_changes": if report.mode == Mode::Replace { report.conflicts.len() } else { 0 },
            "exported_at": self.manifest.exported_at,
            "source_version": self.manifest.data_version,
            "origin": self.origin_to_keep,
            "inserted": inserted,
        });
        audit::record(
            txn,
            &self.opts.actor,
            Change::new(Some(region_id), "region", region_id, IMPORT_ACTION),
            None::<&()>,
            Some(&after),
        )
        .await?;
        Ok(old_keys)
    }
}

/// A reference of a row set after every table is in: (column, target table, old value).
type Later = (&'static str, &'static str, i64);

/// Rewrite a row's references to the target's ids. Returns the row and its deferred references.
fn remap(t: &TableSpec, row: &Row, maps: &Maps) -> std::result::Result<(Row, Vec<Later>), String> {
    let mut out = row.clone();
    let mut later = Vec::new();
    for r in t.refs {
        let v = row.get(r.column).unwrap_or(&J::Null);
        if v.is_null() {
            continue;
        }
        let old = v.as_i64().ok_or_else(|| format!("{} is {v}, not an id", r.column))?;
        let target = match r.target {
            Target::Table(x) => Some(x),
            Target::ByKind { kind_column, kinds } => {
                let kind = row.get(kind_column).and_then(J::as_str).unwrap_or_default();
                kinds.iter().find(|(k, _)| *k == kind).map(|(_, x)| *x)
            }
        };
        if r.deferred {
            if let Some(target) = target {
                later.push((r.column, target, old));
            }
            out.insert(r.column.to_string(), J::Null);
            continue;
        }
        match target.and_then(|x| maps.get(x)).and_then(|m| m.get(&old)) {
            Some(new) => {
                out.insert(r.column.to_string(), J::from(*new));
            }
            None if r.soft => {
                out.insert(r.column.to_string(), J::Null);
            }
            None => {
                return Err(format!(
                    "{} = {old} refers to a {} row that is not in the bundle",
                    r.column,
                    target.unwrap_or("?")
                ))
            }
        }
    }
    Ok((out, later))
}

/// An audit entry's `entity_id` follows its record's new id when the record came along; ids of
/// records deleted long ago stay as they were (history).
fn remap_entity_id(row: &mut Row, maps: &Maps) {
    let table = row.get("entity").and_then(J::as_str).and_then(audit_entity_table);
    let old = row.get("entity_id").and_then(J::as_str).and_then(|s| s.parse::<i64>().ok());
    if let (Some(table), Some(old)) = (table, old) {
        if let Some(new) = maps.get(table).and_then(|m| m.get(&old)) {
            row.insert("entity_id".into(), J::from(new.to_string()));
        }
    }
}

fn values(t: &TableSpec, cols: &[Col], row: &Row, old_id: i64) -> Result<Vec<(Alias, SimpleExpr)>> {
    cols.iter()
        .filter(|c| c.name != "id")
        .map(|c| {
            let v = to_value(c, row.get(&c.name).unwrap_or(&J::Null))
                .map_err(|e| BundleError::Data(format!("tables/{}.json, row {old_id}: {} {e}", t.name, c.name)))?;
            Ok((Alias::new(&c.name), SimpleExpr::Value(v)))
        })
        .collect()
}

async fn insert(txn: &DatabaseTransaction, t: &TableSpec, cols: &[Col], row: &Row, old_id: i64) -> Result<i64> {
    let (names, exprs): (Vec<Alias>, Vec<SimpleExpr>) = values(t, cols, row, old_id)?.into_iter().unzip();
    let mut q = Query::insert();
    q.into_table(Alias::new(t.name))
        .columns(names)
        .values(exprs)
        .map_err(|e| BundleError::Data(format!("{}: {e}", t.name)))?
        .returning_col(Alias::new("id"));
    let res = txn
        .query_one(build(txn.get_database_backend(), &q))
        .await
        .map_err(|e| BundleError::Data(format!("tables/{}.json, row {old_id} cannot be stored: {e}", t.name)))?;
    let r = res.ok_or_else(|| BundleError::Data(format!("{}: the database returned no id", t.name)))?;
    Ok(r.try_get::<i64>("", "id")?)
}

async fn update(txn: &DatabaseTransaction, t: &TableSpec, cols: &[Col], row: &Row, old_id: i64, id: i64) -> Result<()> {
    let mut q = Query::update();
    q.table(Alias::new(t.name)).values(values(t, cols, row, old_id)?).and_where(col("id").eq(id));
    txn.execute(build(txn.get_database_backend(), &q))
        .await
        .map_err(|e| BundleError::Data(format!("tables/{}.json, row {old_id} cannot be stored: {e}", t.name)))?;
    Ok(())
}

/// The id of the row with the same natural key, if this server has one.
async fn find_by(txn: &DatabaseTransaction, table: &str, cols: &[Col], key: &[&str], row: &Row) -> Result<Option<i64>> {
    let mut q = Query::select();
    q.column(Alias::new("id")).from(Alias::new(table));
    for k in key {
        let c = cols.iter().find(|c| c.name == *k).ok_or_else(|| BundleError::Data(format!("{table}.{k}?")))?;
        let v = to_value(c, row.get(*k).unwrap_or(&J::Null))
            .map_err(|e| BundleError::Data(format!("tables/{table}.json: {k} {e}")))?;
        q.and_where(col(k).eq(v));
    }
    q.order_by(Alias::new("id"), Order::Asc).limit(1);
    match txn.query_one(build(txn.get_database_backend(), &q)).await? {
        Some(r) => Ok(Some(r.try_get::<i64>("", "id")?)),
        None => Ok(None),
    }
}

/// Remove the region's rows (children first) and its files' rows, keeping the region row, its
/// audit trail and the accounts. Returns the storage keys of the removed files.
async fn clear_region(
    txn: &DatabaseTransaction,
    region_id: i64,
    counts: &mut BTreeMap<&'static str, TableCount>,
) -> Result<Vec<String>> {
    let backend = txn.get_database_backend();
    for t in TABLES.iter().rev().filter(|t| matches!(t.owner, Owner::Region | Owner::Parent { .. })) {
        let mut q = Query::delete();
        q.from_table(Alias::new(t.name)).cond_where(owner_cond(t, region_id)?);
        counts.entry(t.name).or_default().removed = txn.execute(build(backend, &q)).await?.rows_affected();
    }
    let mut q = Query::update();
    q.table(Alias::new("regions"))
        .value(Alias::new("logo_file_id"), Option::<i64>::None)
        .and_where(col("id").eq(region_id));
    txn.execute(build(backend, &q)).await?;
    let mut q = Query::select();
    q.column(Alias::new("key")).from(Alias::new("files")).and_where(col("region_id").eq(region_id));
    let mut keys = Vec::new();
    for r in txn.query_all(build(backend, &q)).await? {
        keys.push(r.try_get::<String>("", "key")?);
    }
    let mut q = Query::delete();
    q.from_table(Alias::new("files")).and_where(col("region_id").eq(region_id));
    counts.entry("files").or_default().removed = txn
        .execute(build(backend, &q))
        .await
        .map_err(|e| {
            BundleError::Data(format!("the region's files cannot be replaced (still referenced elsewhere?): {e}"))
        })?
        .rows_affected();
    Ok(keys)
}

/// The region's audit entries by (time, entity, action, actor) → (id, entity_id), to add only
/// new ones.
type Fingerprints = HashMap<(i64, String, String, String), (i64, String)>;

async fn audit_fingerprints(txn: &DatabaseTransaction, region_id: i64) -> Result<Fingerprints> {
    let mut q = Query::select();
    q.columns(["id", "at", "entity", "action", "actor_name", "entity_id"].map(Alias::new))
        .from(Alias::new("audit_log"))
        .and_where(col("region_id").eq(region_id));
    let mut out = HashMap::new();
    for r in txn.query_all(build(txn.get_database_backend(), &q)).await? {
        let at: DateTime<Utc> = r.try_get("", "at")?;
        let key = (micros(at), r.try_get("", "entity")?, r.try_get("", "action")?, r.try_get("", "actor_name")?);
        out.insert(key, (r.try_get("", "id")?, r.try_get("", "entity_id")?));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Roles: a bundle is untrusted input and may carry role rows. Only roles in its own region
// (see `kotacerdas_domain::access::bundle_role`) go in, and every account created or whose
// roles change is reported.

/// Username → the labels of the roles the account holds in the region.
type RoleMap = BTreeMap<String, BTreeSet<String>>;

fn role_label(role: &str, opd: Option<&str>) -> String {
    match opd {
        Some(o) => format!("{role} (OPD {o})"),
        None => role.to_string(),
    }
}

/// Refuse the bundle when any of its role rows grants more than a role in its own region.
fn check_roles(b: &Contents) -> Result<()> {
    let region = b.rows("regions").first().and_then(|r| r.get("id")).and_then(J::as_i64);
    let Some(region) = region else { return Ok(()) }; // refused later: no region row
    for row in b.rows("role_assignments") {
        let id = row.get("id").map(J::to_string).unwrap_or_else(|| "?".into());
        let role = match row.get("role") {
            Some(J::String(s)) => s.as_str(),
            other => {
                let v = other.map(J::to_string).unwrap_or_else(|| "missing".into());
                return Err(BundleError::Data(format!(
                    "tables/role_assignments.json, row {id}: the role is {v}; the bundle is refused"
                )));
            }
        };
        let int = |c: &str| row.get(c).and_then(J::as_i64);
        let r = kotacerdas_domain::access::BundleRoleRow { role, region_id: int("region_id"), opd_id: int("opd_id") };
        if let Err(why) = kotacerdas_domain::access::bundle_role(r, region) {
            let user = row.get("user_id").and_then(J::as_i64);
            let username = b
                .rows("users")
                .iter()
                .find(|u| u.get("id").and_then(J::as_i64) == user && user.is_some())
                .and_then(|u| u.get("username").and_then(J::as_str))
                .unwrap_or("?");
            return Err(BundleError::Data(format!(
                "tables/role_assignments.json, row {id} (account {username}): {why}; the bundle is refused \
                 (a bundle may only grant roles in its own region)"
            )));
        }
    }
    Ok(())
}

/// The region's role assignments on this server, by username.
async fn region_roles<C: ConnectionTrait>(c: &C, region_id: i64) -> Result<RoleMap> {
    let backend = c.get_database_backend();
    let mut q = Query::select();
    q.columns(["id", "name"].map(Alias::new)).from(Alias::new("opds")).and_where(col("region_id").eq(region_id));
    let mut opds: HashMap<i64, String> = HashMap::new();
    for r in c.query_all(build(backend, &q)).await? {
        opds.insert(r.try_get("", "id")?, r.try_get("", "name")?);
    }
    let mut q = Query::select();
    q.expr_as(Expr::col((Alias::new("users"), Alias::new("username"))), Alias::new("username"))
        .expr_as(Expr::col((Alias::new("role_assignments"), Alias::new("role"))), Alias::new("role"))
        .expr_as(Expr::col((Alias::new("role_assignments"), Alias::new("opd_id"))), Alias::new("opd_id"))
        .from(Alias::new("role_assignments"))
        .inner_join(
            Alias::new("users"),
            Expr::col((Alias::new("users"), Alias::new("id")))
                .equals((Alias::new("role_assignments"), Alias::new("user_id"))),
        )
        .and_where(Expr::col((Alias::new("role_assignments"), Alias::new("region_id"))).eq(region_id));
    let mut out = RoleMap::new();
    for r in c.query_all(build(backend, &q)).await? {
        let opd: Option<i64> = r.try_get("", "opd_id")?;
        let label = role_label(&r.try_get::<String>("", "role")?, opd.and_then(|o| opds.get(&o)).map(String::as_str));
        out.entry(r.try_get("", "username")?).or_default().insert(label);
    }
    Ok(out)
}

/// The bundle's role assignments, by username.
fn bundle_roles(b: &Contents) -> RoleMap {
    let by_id = |table: &str, column: &str| -> HashMap<i64, String> {
        b.rows(table)
            .iter()
            .filter_map(|r| Some((r.get("id")?.as_i64()?, r.get(column)?.as_str()?.to_string())))
            .collect()
    };
    let (users, opds) = (by_id("users", "username"), by_id("opds", "name"));
    let mut out = RoleMap::new();
    for row in b.rows("role_assignments") {
        let user = row.get("user_id").and_then(J::as_i64).and_then(|u| users.get(&u));
        let role = row.get("role").and_then(J::as_str).unwrap_or_default();
        let opd = row.get("opd_id").and_then(J::as_i64).and_then(|o| opds.get(&o)).map(String::as_str);
        if let Some(user) = user {
            out.entry(user.clone()).or_default().insert(role_label(role, opd));
        }
    }
    out
}

fn account_changes(b: &Contents, before: &RoleMap, new_accounts: &BTreeSet<String>) -> Vec<AccountChange> {
    let after = bundle_roles(b);
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).chain(new_accounts.iter()).collect();
    let none = BTreeSet::new();
    names
        .into_iter()
        .filter_map(|u| {
            let (was, will) = (before.get(u).unwrap_or(&none), after.get(u).unwrap_or(&none));
            let change = AccountChange {
                username: u.clone(),
                new_account: new_accounts.contains(u),
                added: will.difference(was).cloned().collect(),
                removed: was.difference(will).cloned().collect(),
            };
            (change.new_account || !change.added.is_empty() || !change.removed.is_empty()).then_some(change)
        })
        .collect()
}

/// A region admin, planner or council member works in one region only: an existing account
/// holding the role elsewhere cannot get it here too.
async fn single_region_roles(txn: &DatabaseTransaction, inserted: Option<&HashMap<i64, i64>>) -> Result<()> {
    let Some(inserted) = inserted else { return Ok(()) };
    let backend = txn.get_database_backend();
    for id in inserted.values() {
        let mut q = Query::select();
        q.columns(["user_id", "role"].map(Alias::new))
            .from(Alias::new("role_assignments"))
            .and_where(col("id").eq(*id));
        let Some(r) = txn.query_one(build(backend, &q)).await? else { continue };
        let (user, role): (i64, String) = (r.try_get("", "user_id")?, r.try_get("", "role")?);
        if !kotacerdas_domain::Role::parse(&role).is_some_and(|r| r.single_region()) {
            continue;
        }
        let mut q = Query::select();
        q.expr_as(Func::count(Expr::col(Alias::new("id"))), Alias::new("n"))
            .from(Alias::new("role_assignments"))
            .and_where(col("user_id").eq(user))
            .and_where(col("role").eq(role.as_str()));
        let n: i64 = match txn.query_one(build(backend, &q)).await? {
            Some(r) => r.try_get("", "n")?,
            None => 0,
        };
        if n > 1 {
            let mut q = Query::select();
            q.column(Alias::new("username")).from(Alias::new("users")).and_where(col("id").eq(user));
            let name: String = match txn.query_one(build(backend, &q)).await? {
                Some(r) => r.try_get("", "username")?,
                None => "?".into(),
            };
            return Err(BundleError::Data(format!(
                "tables/role_assignments.json: the account {name} would hold the role {role} twice (in another \
                 region or twice here), which that role does not allow; the bundle is refused"
            )));
        }
    }
    Ok(())
}
