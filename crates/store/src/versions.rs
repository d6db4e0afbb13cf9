//! What a server needs to know to trust its memory: the data version (the newest audit id: every
//! change to the plan data writes one in its own transaction) and the `auth` version (moved by
//! every change to sessions, users, roles and API tokens). Each server reads both with one small
//! query a few times a second and after each of its own writes; whatever it cached under older
//! versions is read again.

use crate::db::Sql;
use crate::Result;
use sea_orm::{ConnectionTrait, FromQueryResult};

/// Both versions at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Versions {
    pub data: i64,
    pub auth: i64,
}

pub async fn read<C: ConnectionTrait>(db: &C) -> Result<Versions> {
    #[derive(FromQueryResult)]
    struct Row {
        data: Option<i64>,
        auth: Option<i64>,
    }
    let st = Sql::new(db.get_database_backend())
        .push(
            "SELECT (SELECT MAX(id) FROM audit_log) AS data, \
             (SELECT value FROM cache_versions WHERE name = 'auth') AS auth",
        )
        .statement();
    let row = Row::find_by_statement(st).one(db).await?;
    Ok(row.map(|r| Versions { data: r.data.unwrap_or(0), auth: r.auth.unwrap_or(0) }).unwrap_or_default())
}

/// The `auth` version alone: one row by its key, what a signed-in request reads first.
pub async fn read_auth<C: ConnectionTrait>(db: &C) -> Result<i64> {
    #[derive(FromQueryResult)]
    struct Row {
        value: i64,
    }
    let st =
        Sql::new(db.get_database_backend()).push("SELECT value FROM cache_versions WHERE name = 'auth'").statement();
    Ok(Row::find_by_statement(st).one(db).await?.map(|r| r.value).unwrap_or(0))
}

/// Move the `auth` version: call inside the transaction of any change to who may do what (a
/// session ended, a password, a role, an account disabled, a token issued or revoked), so the
/// change and the signal commit together.
pub async fn bump_auth<C: ConnectionTrait>(db: &C) -> Result<()> {
    let st = Sql::new(db.get_database_backend())
        .push("UPDATE cache_versions SET value = value + 1 WHERE name = 'auth'")
        .statement();
    db.execute(st).await?;
    Ok(())
}

tokio::task_local! {
    /// Set for the span of a state-changing request: what decides whether it may change anything
    /// (its session, its principal) is then read from the database, never from memory, so a
    /// sign-out or a revoked role on another server binds the very next write.
    pub static FRESH: bool;
}

/// Whether the current request must not be answered from memory.
pub fn must_be_fresh() -> bool {
    FRESH.try_with(|f| *f).unwrap_or(false)
}

/// The versions as this server last read them, shared by everything that caches.
#[derive(Debug, Default)]
pub struct Live {
    data: std::sync::atomic::AtomicI64,
    auth: std::sync::atomic::AtomicI64,
    /// Until the first successful read nothing is trusted (every cache misses).
    loaded: std::sync::atomic::AtomicBool,
}

impl Live {
    /// The data version, or `None` before the first read.
    pub fn data(&self) -> Option<i64> {
        use std::sync::atomic::Ordering;
        self.loaded.load(Ordering::Acquire).then(|| self.data.load(Ordering::Acquire))
    }

    pub fn auth(&self) -> Option<i64> {
        use std::sync::atomic::Ordering;
        self.loaded.load(Ordering::Acquire).then(|| self.auth.load(Ordering::Acquire))
    }

    /// Read the `auth` version now: a signed-in request does this before it looks at its session,
    /// so a sign-out, a revoked role or a disabled account anywhere binds its very next request
    /// on every server, while the session and the principal themselves come from memory.
    pub async fn refresh_auth<C: ConnectionTrait>(&self, db: &C) -> Result<i64> {
        use std::sync::atomic::Ordering;
        let v = read_auth(db).await?;
        self.auth.fetch_max(v, Ordering::AcqRel);
        Ok(v)
    }

    /// Read both versions now (after this server's own writes, and on a timer for everybody
    /// else's). On failure the cached versions are distrusted until a read succeeds.
    pub async fn refresh<C: ConnectionTrait>(&self, db: &C) -> Result<Versions> {
        use std::sync::atomic::Ordering;
        match read(db).await {
            Ok(v) => {
                // fetch_max: a slow read finishing after a newer one must not move back.
                self.data.fetch_max(v.data, Ordering::AcqRel);
                self.auth.fetch_max(v.auth, Ordering::AcqRel);
                self.loaded.store(true, Ordering::Release);
                Ok(v)
            }
            Err(e) => {
                self.loaded.store(false, Ordering::Release);
                Err(e)
            }
        }
    }
}
