//! Region bundles: one file with a region's complete data and its stored files, so a workshop
//! (Bimtek) can run on a laptop without internet and its work can be brought back.
//!
//! A bundle is a zip archive: `manifest.json`, `tables/<table>.json` (rows as JSON objects,
//! column → value, read generically from the tables listed in [`crate::bundle::tables`]) and
//! `files/<id>` (the bytes of each stored file). Import is all-or-nothing: one database
//! transaction; files are written under fresh keys before the commit and removed again when
//! anything fails. Ids are never carried over: every row gets the target's own id and
//! references are rewritten through an old → new map per table.
//!
//! Conflicts: the manifest carries the data version (newest audit id of the region) of the
//! server the data came from (`origin`). Importing into a server that holds the region replaces
//! it only when that server is the origin and has not changed the region since; otherwise the
//! changes found there are reported and the import is refused unless forced. Before replacing,
//! the current data is written as a backup bundle.

mod import;
pub mod tables;

use crate::audit;
use crate::bundle::tables::{spec_of, Col, Owner, TableSpec, Target, Ty, TABLES};
use crate::files::Storage;
use crate::StoreError;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use kotacerdas_intake::bundle as intake;
use sea_orm::sea_query::{Alias, Condition, Expr, Order, Query, SelectStatement, Value};
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, IsolationLevel, QueryResult, Statement,
    TransactionTrait,
};
use serde::Serialize;
use serde_json::Value as J;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

pub use kotacerdas_intake::bundle::{Limits, Manifest, Origin, Row, FORMAT};

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The file is not a bundle this version can read (not a zip, no manifest, other format).
    #[error("{0}")]
    Format(String),
    /// The bundle's rows do not fit together (a dangling reference, a value of the wrong kind).
    #[error("{0}")]
    Data(String),
    #[error("{0}")]
    Io(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database: {0}")]
    Db(#[from] DbErr),
}

pub(crate) type Result<T, E = BundleError> = std::result::Result<T, E>;

// ---------------------------------------------------------------------------------------------
// Values

fn ts_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

pub(crate) fn parse_ts(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

fn read_row(r: &QueryResult, cols: &[Col]) -> Result<Row, DbErr> {
    let mut row = Row::new();
    for c in cols {
        let v = match c.ty {
            Ty::Int => r.try_get::<Option<i32>>("", &c.name)?.map(J::from),
            Ty::Big => r.try_get::<Option<i64>>("", &c.name)?.map(J::from),
            Ty::Text => r.try_get::<Option<String>>("", &c.name)?.map(J::from),
            Ty::Bool => r.try_get::<Option<bool>>("", &c.name)?.map(J::from),
            Ty::Ts => r.try_get::<Option<DateTime<Utc>>>("", &c.name)?.map(|t| J::from(ts_text(t))),
            Ty::Date => r.try_get::<Option<NaiveDate>>("", &c.name)?.map(|d| J::from(d.format("%Y-%m-%d").to_string())),
        };
        row.insert(c.name.to_string(), v.unwrap_or(J::Null));
    }
    Ok(row)
}

/// A bundle value as a database value of the column's type, or what is wrong with it.
pub(crate) fn to_value(c: &Col, v: &J) -> std::result::Result<Value, String> {
    if v.is_null() {
        if !c.nullable {
            return Err("is empty but required".into());
        }
        return Ok(match c.ty {
            Ty::Int => Value::Int(None),
            Ty::Big => Value::BigInt(None),
            Ty::Text => Value::String(None),
            Ty::Bool => Value::Bool(None),
            Ty::Ts => Value::ChronoDateTimeUtc(None),
            Ty::Date => Value::ChronoDate(None),
        });
    }
    let got = match c.ty {
        Ty::Int => v.as_i64().and_then(|n| i32::try_from(n).ok()).map(|n| Value::Int(Some(n))),
        Ty::Big => v.as_i64().map(|n| Value::BigInt(Some(n))),
        Ty::Text => v.as_str().map(|s| Value::String(Some(Box::new(s.to_string())))),
        Ty::Bool => v.as_bool().map(|b| Value::Bool(Some(b))),
        Ty::Ts => v.as_str().and_then(parse_ts).map(|t| Value::ChronoDateTimeUtc(Some(Box::new(t)))),
        Ty::Date => v
            .as_str()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .map(|d| Value::ChronoDate(Some(Box::new(d)))),
    };
    got.ok_or_else(|| {
        let want = match c.ty {
            Ty::Int => "a 32-bit integer",
            Ty::Big => "an integer",
            Ty::Text => "text",
            Ty::Bool => "true or false",
            Ty::Ts => "a timestamp (RFC 3339)",
            Ty::Date => "a date (YYYY-MM-DD)",
        };
        format!("is {v} but must be {want}")
    })
}

pub(crate) fn row_id(table: &str, row: &Row) -> Result<i64> {
    row.get("id")
        .and_then(J::as_i64)
        .ok_or_else(|| BundleError::Data(format!("tables/{table}.json: a row without a numeric id")))
}

pub(crate) fn columns(t: &TableSpec) -> Result<Vec<Col>> {
    (t.columns)().map(|(_, c)| c).map_err(BundleError::Data)
}

// ---------------------------------------------------------------------------------------------
// Queries (sea-query renders them for whichever backend is connected)

pub(crate) fn build<S: sea_orm::StatementBuilder>(backend: DatabaseBackend, q: &S) -> Statement {
    backend.build(q)
}

pub(crate) fn col(name: &str) -> Expr {
    Expr::col(Alias::new(name))
}

/// The ids of a table's rows that belong to the region.
pub(crate) fn owned_ids(table: &str, region_id: i64) -> Result<SelectStatement> {
    let t = spec_of(table).ok_or_else(|| BundleError::Data(format!("unknown table {table}")))?;
    let mut q = Query::select();
    q.column(Alias::new("id")).from(Alias::new(table)).cond_where(owner_cond(t, region_id)?);
    Ok(q)
}

/// The condition selecting a region-owned table's rows of one region.
pub(crate) fn owner_cond(t: &TableSpec, region_id: i64) -> Result<Condition> {
    Ok(match t.owner {
        Owner::Root => Condition::all().add(col("id").eq(region_id)),
        Owner::Region | Owner::Audit => Condition::all().add(col("region_id").eq(region_id)),
        Owner::Parent { column, table } => Condition::all().add(col(column).in_subquery(owned_ids(table, region_id)?)),
        Owner::Files | Owner::Users | Owner::Global { .. } => {
            return Err(BundleError::Data(format!("{} is not owned by a region", t.name)))
        }
    })
}

pub(crate) async fn select<C: ConnectionTrait>(c: &C, table: &str, cols: &[Col], cond: Condition) -> Result<Vec<Row>> {
    let mut q = Query::select();
    q.from(Alias::new(table))
        .columns(cols.iter().map(|c| Alias::new(&c.name)))
        .cond_where(cond)
        .order_by(Alias::new("id"), Order::Asc);
    let rows = c.query_all(build(c.get_database_backend(), &q)).await?;
    Ok(rows.iter().map(|r| read_row(r, cols)).collect::<Result<Vec<_>, _>>()?)
}

fn id_in(column: &str, ids: &HashSet<i64>) -> Condition {
    let mut v: Vec<i64> = ids.iter().copied().collect();
    v.sort_unstable();
    Condition::all().add(col(column).is_in(v))
}

/// The region's newest audit entry (its data version), if any.
pub(crate) async fn newest_audit<C: ConnectionTrait>(c: &C, region_id: i64) -> Result<Option<(i64, DateTime<Utc>)>> {
    let version = audit::region_version(c, region_id).await?;
    if version == 0 {
        return Ok(None);
    }
    let at = audit_at(c, version, region_id).await?;
    Ok(at.map(|at| (version, at)))
}

pub(crate) async fn audit_at<C: ConnectionTrait>(c: &C, id: i64, region_id: i64) -> Result<Option<DateTime<Utc>>> {
    let mut q = Query::select();
    q.column(Alias::new("at"))
        .from(Alias::new("audit_log"))
        .and_where(col("id").eq(id))
        .and_where(col("region_id").eq(region_id));
    match c.query_one(build(c.get_database_backend(), &q)).await? {
        Some(r) => Ok(Some(r.try_get::<DateTime<Utc>>("", "at")?)),
        None => Ok(None),
    }
}

/// The region's last import: its audit id and the origin it recorded when that import brought
/// data from elsewhere (see [`import`]; `None` when this server is the origin of its data).
pub(crate) async fn last_import<C: ConnectionTrait>(c: &C, region_id: i64) -> Result<Option<(i64, Option<Origin>)>> {
    let mut q = Query::select();
    q.columns([Alias::new("id"), Alias::new("after")])
        .from(Alias::new("audit_log"))
        .and_where(col("region_id").eq(region_id))
        .and_where(col("action").eq(IMPORT_ACTION))
        .order_by(Alias::new("id"), Order::Desc)
        .limit(1);
    let Some(r) = c.query_one(build(c.get_database_backend(), &q)).await? else {
        return Ok(None);
    };
    let after: Option<String> = r.try_get("", "after")?;
    let origin = after
        .and_then(|a| serde_json::from_str::<J>(&a).ok())
        .and_then(|v| v.get("origin").cloned())
        .and_then(|o| serde_json::from_value::<Origin>(o).ok());
    Ok(Some((r.try_get("", "id")?, origin)))
}

async fn recorded_origin<C: ConnectionTrait>(c: &C, region_id: i64) -> Result<Option<Origin>> {
    Ok(last_import(c, region_id).await?.and_then(|(_, o)| o))
}

pub const IMPORT_ACTION: &str = "bundle.import";

// ---------------------------------------------------------------------------------------------
// Export

#[derive(Debug)]
pub struct ExportSummary {
    pub path: PathBuf,
    pub bytes: u64,
    pub manifest: Manifest,
}

/// The region's rows of every carried table, in [`TABLES`] order.
pub async fn collect<C: ConnectionTrait>(c: &C, region_id: i64) -> Result<BTreeMap<String, Vec<Row>>> {
    let mut out: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    // Ids referenced per table, gathered from the rows read so far.
    let mut wanted: HashMap<&'static str, HashSet<i64>> = HashMap::new();
    let note = |wanted: &mut HashMap<&'static str, HashSet<i64>>, t: &TableSpec, rows: &[Row]| {
        for r in t.refs {
            if let Target::Table(target) = r.target {
                for row in rows {
                    if let Some(id) = row.get(r.column).and_then(J::as_i64) {
                        wanted.entry(target).or_default().insert(id);
                    }
                }
            }
        }
    };
    // First what the region owns, then what it refers to: files, accounts, shared data.
    let phase = |o: &Owner| match o {
        Owner::Root | Owner::Region | Owner::Parent { .. } | Owner::Audit => 0,
        Owner::Files => 1,
        Owner::Users => 2,
        Owner::Global { .. } => 3,
    };
    for p in 0..4 {
        for t in TABLES.iter().filter(|t| phase(&t.owner) == p) {
            let cols = columns(t)?;
            let none = HashSet::new();
            let ids = wanted.get(t.name).unwrap_or(&none);
            let cond = match t.owner {
                Owner::Files => Condition::any().add(col("region_id").eq(region_id)).add(id_in("id", ids)),
                Owner::Users => id_in("id", ids),
                Owner::Global { with_parent: Some((column, parent)), .. } => {
                    let parents: HashSet<i64> =
                        out.get(parent).into_iter().flatten().filter_map(|r| r.get("id").and_then(J::as_i64)).collect();
                    id_in(column, &parents)
                }
                Owner::Global { with_parent: None, .. } => id_in("id", ids),
                _ => owner_cond(t, region_id)?,
            };
            let rows = select(c, t.name, &cols, cond).await?;
            note(&mut wanted, t, &rows);
            out.insert(t.name.to_string(), rows);
        }
    }
    Ok(out)
}

/// Write the region `code` with its files to `out` (via a temporary file, so a failed export
/// leaves no half-written bundle).
pub async fn export(db: &DatabaseConnection, storage: &Storage, code: &str, out: &Path) -> Result<ExportSummary> {
    let region = crate::region::regions::by_code(db, code).await.map_err(|e| match e {
        StoreError::NotFound => BundleError::Data(format!("no region with code {code}")),
        other => other.into(),
    })?;
    // A kawasan's programmes may be owned by its member regions' OPDs, which a one-region
    // bundle does not carry: refused plainly rather than written half-connected.
    if region.kind() == kotacerdas_domain::region::RegionKind::Kawasan
        && !crate::region::kawasan::members(db, region.id).await?.is_empty()
    {
        return Err(BundleError::Data(format!(
            "{code} is a kawasan spanning other regions; bundles carry one region (export its member regions)"
        )));
    }
    // One consistent read: a snapshot on PostgreSQL; on SQLite the one connection is the snapshot.
    let txn = match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            db.begin_with_config(Some(IsolationLevel::RepeatableRead), Some(AccessMode::ReadOnly)).await?
        }
        _ => db.begin().await?,
    };
    let tables = collect(&txn, region.id).await?;
    let newest = newest_audit(&txn, region.id).await?;
    let origin = match recorded_origin(&txn, region.id).await? {
        Some(o) => o,
        None => Origin {
            base_version: newest.map(|n| n.0).unwrap_or(0),
            base_at: newest.map(|n| n.1),
            region_created_at: region.created_at,
        },
    };
    txn.commit().await?;
    let files = tables.get("files").cloned().unwrap_or_default();
    let manifest = Manifest {
        format: FORMAT,
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        region_code: region.code.clone(),
        region_name: region.name.clone(),
        exported_at: Utc::now(),
        data_version: newest.map(|n| n.0).unwrap_or(0),
        data_version_at: newest.map(|n| n.1),
        origin,
        counts: tables.iter().map(|(k, v)| (k.clone(), v.len())).collect(),
        files: files.len(),
    };
    let tmp = out.with_extension("part");
    let result = write_bundle(&tmp, &manifest, &tables, storage, &files).await;
    let bytes = match result {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    std::fs::rename(&tmp, out).map_err(|e| BundleError::Io(format!("writing {}: {e}", out.display())))?;
    Ok(ExportSummary { path: out.to_path_buf(), bytes, manifest })
}

fn zip_err(path: &Path) -> impl Fn(zip::result::ZipError) -> BundleError + '_ {
    move |e| BundleError::Io(format!("writing {}: {e}", path.display()))
}

async fn write_bundle(
    path: &Path,
    manifest: &Manifest,
    tables: &BTreeMap<String, Vec<Row>>,
    storage: &Storage,
    files: &[Row],
) -> Result<u64> {
    let file = std::fs::File::create(path).map_err(|e| BundleError::Io(format!("creating {}: {e}", path.display())))?;
    let mut zip = zip::ZipWriter::new(file);
    let deflate = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let put = |zip: &mut zip::ZipWriter<std::fs::File>, name: &str, data: &[u8], opts| -> Result<()> {
        zip.start_file(name, opts).map_err(zip_err(path))?;
        zip.write_all(data).map_err(|e| BundleError::Io(format!("writing {}: {e}", path.display())))
    };
    put(&mut zip, "manifest.json", &to_json(manifest)?, deflate)?;
    for (name, rows) in tables {
        put(&mut zip, &format!("tables/{name}.json"), &to_json(rows)?, deflate)?;
    }
    for f in files {
        let id = row_id("files", f)?;
        let key = f.get("key").and_then(J::as_str).unwrap_or_default();
        let data = storage.read(key).await.map_err(|e| {
            BundleError::Data(format!("stored file {id} ({key}) cannot be read from {}: {e}", storage.description))
        })?;
        // Uploads are PDFs, images and Office files: mostly compressed already.
        put(&mut zip, &format!("files/{id}"), &data, zip::write::SimpleFileOptions::default())?;
    }
    let file = zip.finish().map_err(zip_err(path))?;
    file.sync_all().map_err(|e| BundleError::Io(format!("writing {}: {e}", path.display())))?;
    Ok(file.metadata().map(|m| m.len()).unwrap_or(0))
}

fn to_json<T: Serialize>(v: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(v).map_err(|e| BundleError::Data(format!("encoding JSON: {e}")))
}

// ---------------------------------------------------------------------------------------------
// Reading a bundle

/// An opened bundle: its manifest and tables read and checked (streaming, within
/// [`Limits`]: see `kotacerdas_intake::bundle`); files read on demand.
pub struct Contents {
    pub manifest: Manifest,
    pub tables: BTreeMap<String, Vec<Row>>,
    bundle: intake::Bundle<std::fs::File>,
}

impl Contents {
    pub fn open(path: &Path) -> Result<Contents> {
        Self::open_with(path, Limits::default())
    }

    pub fn open_with(path: &Path, limits: Limits) -> Result<Contents> {
        let shown = path.display();
        let file = std::fs::File::open(path).map_err(|e| BundleError::Io(format!("cannot open {shown}: {e}")))?;
        let names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
        let tables = intake::Tables { known: &names, required: &["regions", "audit_log"] };
        let mut bundle = intake::Bundle::open(file, tables, limits).map_err(|e| match e {
            intake::Error::Format(m) => BundleError::Format(format!("{shown}: {m}")),
            intake::Error::Refused(m) => BundleError::Format(format!("{shown}: {m}")),
        })?;
        let manifest = bundle.manifest.clone();
        let tables = std::mem::take(&mut bundle.tables);
        Ok(Contents { manifest, tables, bundle })
    }

    /// The bytes of stored file `id` (its id in the bundle).
    pub fn file(&mut self, id: i64) -> Result<Vec<u8>> {
        self.file_sized(id, None)
    }

    /// The bytes of stored file `id`, reading no more than `expected` bytes (its row's size).
    pub fn file_sized(&mut self, id: i64, expected: Option<u64>) -> Result<Vec<u8>> {
        self.bundle
            .file(id, expected)
            .map_err(|e| BundleError::Data(e.to_string()))?
            .ok_or_else(|| BundleError::Data(format!("the bundle lacks the bytes of stored file {id} (files/{id})")))
    }

    pub fn rows(&self, table: &str) -> &[Row] {
        self.tables.get(table).map(Vec::as_slice).unwrap_or_default()
    }
}

/// Write a bundle from parts already in memory (for tools and tests that build or alter one).
pub fn write_contents(
    path: &Path,
    manifest: &Manifest,
    tables: &BTreeMap<String, Vec<Row>>,
    files: &BTreeMap<i64, Vec<u8>>,
) -> Result<()> {
    let file = std::fs::File::create(path).map_err(|e| BundleError::Io(format!("creating {}: {e}", path.display())))?;
    intake::write(file, manifest, tables, files)
        .map_err(|e| BundleError::Io(format!("writing {}: {e}", path.display())))?;
    Ok(())
}

pub use crate::bundle::import::{import, ConflictEntry, ImportOptions, ImportReport, Mode, TableCount};
