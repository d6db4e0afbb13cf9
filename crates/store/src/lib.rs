//! Persistence for kotacerdas. Each part of the cycle gets a folder here (region, analysis, plan,
//! book, monitoring, evaluation, participation, open data, the national view, bundles, accounts)
//! whose modules load and save its records; every mutation goes through [`audit::record`] in the
//! same transaction.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

// The infrastructure every part uses.
pub mod audit;
pub mod db;
pub mod entity;
pub mod files;
pub mod heavy;
pub mod migration;
pub mod versions;

// The parts of the cycle, in its order.
pub mod accounts;
pub mod alignment;
pub mod analysis;
pub mod book;
pub mod bundle;
pub mod evaluation;
pub mod monitoring;
pub mod national;
pub mod opendata;
pub mod participation;
pub mod plan;
pub mod region;
pub mod tasks;
pub mod workshops;

pub use sea_orm::DatabaseConnection;

use kotacerdas_domain::validate::Errors;

/// The one error type of the persistence layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The input breaks a rule; the field errors say which.
    #[error("invalid input")]
    Invalid(Errors),
    /// A stage transition the workflow does not allow.
    #[error("stage workflow: {0}")]
    Stage(#[from] kotacerdas_domain::stage::StageError),
    /// A book-version step the workflow or the role does not allow.
    #[error("version workflow: {0}")]
    Version(kotacerdas_domain::versions::VersionError),
    #[error("configuration: {0}")]
    Config(String),
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    #[error("file storage: {0}")]
    Storage(String),
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    /// The heavy-work pool is full ([`heavy::run`]): try again in a moment.
    #[error("server busy")]
    Busy,
}

/// What kind of failure an error is, as far as the person waiting for an answer is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The database cannot be reached right now (restarting, network, pool exhausted): try again.
    Unavailable,
    /// The database or the file store has no space left: nothing was written.
    Full,
    /// Anything else (a bug, a broken invariant): logged, shown as "something went wrong".
    Other,
}

impl StoreError {
    /// Classify a failure so the web layer can answer 503 / 507 instead of a generic 500.
    pub fn fault(&self) -> Fault {
        match self {
            StoreError::Connect(_) => Fault::Unavailable,
            StoreError::Storage(detail) if is_disk_full(detail) => Fault::Full,
            StoreError::Db(e) => db_fault(e),
            _ => Fault::Other,
        }
    }

    /// A single field error (e.g. a uniqueness conflict found at save time).
    pub fn field(field: &str, code: &'static str) -> StoreError {
        let mut e = Errors::new();
        e.add(field, code, None);
        StoreError::Invalid(e)
    }
}

impl From<kotacerdas_domain::versions::VersionError> for StoreError {
    fn from(e: kotacerdas_domain::versions::VersionError) -> Self {
        match e {
            kotacerdas_domain::versions::VersionError::CommentRequired => StoreError::field("comment", "err-required"),
            other => StoreError::Version(other),
        }
    }
}

impl From<Errors> for StoreError {
    fn from(e: Errors) -> Self {
        StoreError::Invalid(e)
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Who is making a change, for the audit log.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub name: String,
}

impl Actor {
    pub fn user(id: i64, name: &str) -> Actor {
        Actor { user_id: Some(id), name: name.to_string() }
    }
    /// Changes made from the command line or by the demo loader.
    pub fn system(what: &str) -> Actor {
        Actor { user_id: None, name: what.to_string() }
    }
}

/// Map a unique-constraint violation that slipped past the pre-check (a race) to a field error.
pub(crate) fn unique_as_field(e: sea_orm::DbErr, field: &str) -> StoreError {
    match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => StoreError::field(field, "err-taken"),
        _ => StoreError::Db(e),
    }
}

tokio::task_local! {
    /// The kind of the last storage failure seen while serving one request, for failures that
    /// reach the client through a layer that only says "500" (tower-sessions failing to save the
    /// session when the disk is full or the database gone). The web layer's safety net sets the
    /// scope and turns such a 500 into the 507 or 503 it really is.
    pub static REQUEST_FAULT: std::cell::Cell<Option<Fault>>;
}

/// Remember a failure's kind for the current request (no-op outside a request's scope).
pub fn note_fault(fault: Fault) {
    if fault != Fault::Other {
        let _ = REQUEST_FAULT.try_with(|f| f.set(Some(fault)));
    }
}

/// "No space left on device" (ENOSPC, os error 28) as the OS and object_store word it.
fn is_disk_full(detail: &str) -> bool {
    detail.contains("No space left") || detail.contains("os error 28")
}

fn db_fault(e: &sea_orm::DbErr) -> Fault {
    use sea_orm::{DbErr, RuntimeErr};
    let sqlx_err = match e {
        // Failing to open a connection (refused, reset, a half-answered handshake while the
        // server restarts) is unavailability whatever the driver's word for it.
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return Fault::Unavailable,
        DbErr::Exec(RuntimeErr::SqlxError(x)) | DbErr::Query(RuntimeErr::SqlxError(x)) => x,
        other => return if is_disk_full(&other.to_string()) { Fault::Full } else { Fault::Other },
    };
    match sqlx_err {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed => {
            Fault::Unavailable
        }
        sqlx::Error::Database(d) => match d.code().as_deref() {
            // SQLITE_FULL (13, with extended codes in the low byte) and PostgreSQL disk_full.
            Some(c) if c == "13" || c == "53100" || c.parse::<i32>().is_ok_and(|n| n & 0xff == 13) => Fault::Full,
            // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections.
            Some("57P01" | "57P02" | "57P03" | "53300") => Fault::Unavailable,
            _ if is_disk_full(d.message()) || d.message().contains("database or disk is full") => Fault::Full,
            _ => Fault::Other,
        },
        other => {
            if is_disk_full(&other.to_string()) {
                Fault::Full
            } else {
                Fault::Other
            }
        }
    }
}
