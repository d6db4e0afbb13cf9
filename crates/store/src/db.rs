//! Connecting: the backend is picked from the URL. SQLite runs with WAL, foreign keys on and
//! `synchronous=FULL` so an acknowledged write survives a crash; PostgreSQL is durable by default.

use crate::migration::Migrator;
use crate::StoreError;
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, SqlxPostgresConnector, SqlxSqliteConnector, Statement,
};
use sea_orm_migration::MigratorTrait;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// `sqlite://PATH` → PATH (also accepts `sqlite:PATH`).
pub fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    Some(rest.split('?').next().unwrap_or(rest))
}

/// PostgreSQL connections per server unless the `database_pool` setting says otherwise.
pub const DEFAULT_POOL: u32 = 16;

pub async fn connect(url: &str) -> Result<DatabaseConnection, StoreError> {
    connect_sized(url, DEFAULT_POOL).await
}

/// Connect with a PostgreSQL pool of `size` connections (SQLite always has one writer). Each
/// server of a cluster holds this many, so servers × size must stay under PostgreSQL's
/// `max_connections` (100 by default).
pub async fn connect_sized(url: &str, size: u32) -> Result<DatabaseConnection, StoreError> {
    match Backend::from_url(url) {
        Some(Backend::Sqlite) => {
            let path = sqlite_path(url)
                .filter(|p| !p.is_empty())
                .ok_or_else(|| StoreError::Config(format!("database URL {url:?} names no file")))?;
            let opts = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))
                .map_err(|e| StoreError::Config(format!("database URL {url:?}: {e}")))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            // One connection: SQLite has a single writer, and a deferred transaction that reads
            // and then writes fails with SQLITE_BUSY (no wait) when another writer committed in
            // between. Serialising access here turns that into plain queueing. Never use the
            // pool (`db`) inside an open transaction: use the transaction handle.
            let pool = SqlitePoolOptions::new()
                .max_connections(1)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(opts)
                .await
                .map_err(|e| StoreError::Connect(format!("{path}: {e}")))?;
            Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
        }
        Some(Backend::Postgres) => {
            let size = size.max(1);
            // A short acquire timeout: while PostgreSQL restarts (or the network is gone) a
            // request gets a clear 503 within seconds instead of hanging; idle connections are
            // checked before use, so the pool heals by itself once the server is back.
            let pool = sqlx::postgres::PgPoolOptions::new()
                .max_connections(size)
                .acquire_timeout(Duration::from_secs(5))
                .test_before_acquire(true)
                .connect(url)
                .await
                .map_err(|e| StoreError::Connect(e.to_string()))?;
            Ok(SqlxPostgresConnector::from_sqlx_postgres_pool(pool))
        }
        None => Err(StoreError::Config(format!("database URL {url:?} must start with sqlite:// or postgres://"))),
    }
}

/// Connections for reading only. On SQLite a second pool of read-only connections: in WAL mode
/// readers run in parallel with each other and with the one writer, so a page never waits
/// behind a save, while every write still goes through the single connection of [`connect`]
/// (which is why a read-then-write transaction cannot meet SQLITE_BUSY: no second writer exists
/// in the process). A reader sees every write committed before its statement began. On
/// PostgreSQL the one pool serves both, so this returns `main` itself.
pub async fn read_pool(url: &str, main: &DatabaseConnection) -> Result<DatabaseConnection, StoreError> {
    if Backend::from_url(url) != Some(Backend::Sqlite) {
        return Ok(main.clone());
    }
    let path = sqlite_path(url)
        .filter(|p| !p.is_empty())
        .ok_or_else(|| StoreError::Config(format!("database URL {url:?} names no file")))?;
    let readers = std::thread::available_parallelism().map(|n| n.get() as u32).unwrap_or(2).clamp(2, 8) * 2;
    let opts = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))
        .map_err(|e| StoreError::Config(format!("database URL {url:?}: {e}")))?
        .read_only(true)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new()
        .max_connections(readers)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(opts)
        .await
        .map_err(|e| StoreError::Connect(format!("{path}: {e}")))?;
    Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

/// Connect and bring the schema up to date; what `serve` does at start.
pub async fn open(url: &str) -> Result<DatabaseConnection, StoreError> {
    open_sized(url, DEFAULT_POOL).await
}

/// [`open`] with a PostgreSQL pool of `size` connections.
pub async fn open_sized(url: &str, size: u32) -> Result<DatabaseConnection, StoreError> {
    let db = connect_sized(url, size).await?;
    migrate(&db).await?;
    Ok(db)
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), StoreError> {
    Migrator::up(db, None).await?;
    Ok(())
}

/// Pending migrations' names (for `kotacerdas migrate --status`).
pub async fn pending(db: &DatabaseConnection) -> Result<Vec<String>, StoreError> {
    Ok(Migrator::get_pending_migrations(db).await?.iter().map(|m| m.name().to_string()).collect())
}

/// SQLite's own consistency check; `true` on PostgreSQL.
pub async fn integrity_ok(db: &DatabaseConnection) -> Result<bool, StoreError> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return Ok(true);
    }
    let row = db.query_one(Statement::from_string(DatabaseBackend::Sqlite, "PRAGMA integrity_check")).await?;
    let verdict: String = match row {
        Some(r) => r.try_get_by_index(0)?,
        None => String::new(),
    };
    Ok(verdict == "ok")
}

/// A consistent online copy of a SQLite database (`VACUUM INTO`), safe while the server runs.
pub async fn backup_sqlite(db: &DatabaseConnection, target: &str) -> Result<(), StoreError> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return Err(StoreError::Config("backup copies SQLite databases; use pg_dump for PostgreSQL".into()));
    }
    if std::path::Path::new(target).exists() {
        return Err(StoreError::Config(format!("{target} exists already; choose a new file")));
    }
    db.execute(Statement::from_sql_and_values(DatabaseBackend::Sqlite, "VACUUM INTO ?", [target.into()])).await?;
    Ok(())
}

/// A trivial round trip, for the health check.
pub async fn ping(db: &DatabaseConnection) -> Result<(), StoreError> {
    db.execute_unprepared("SELECT 1").await?;
    Ok(())
}

/// Plain SQL with bound values, for the few aggregates the query builder would make unreadable.
/// Text is appended with [`Sql::push`] (fixed fragments written in our code only); every value
/// goes through [`Sql::bind`], which writes the backend's placeholder (`?` or `$n`).
#[derive(Debug)]
pub struct Sql {
    backend: DatabaseBackend,
    text: String,
    values: Vec<sea_orm::Value>,
}

impl Sql {
    pub fn new(backend: DatabaseBackend) -> Sql {
        Sql { backend, text: String::new(), values: Vec::new() }
    }

    /// Appends a fixed piece of SQL.
    pub fn push(mut self, fragment: &str) -> Sql {
        self.text.push_str(fragment);
        self
    }

    /// Appends a placeholder bound to `value`.
    pub fn bind(mut self, value: impl Into<sea_orm::Value>) -> Sql {
        self.values.push(value.into());
        match self.backend {
            DatabaseBackend::Postgres => {
                self.text.push('$');
                self.text.push_str(&self.values.len().to_string());
            }
            _ => self.text.push('?'),
        }
        self
    }

    /// Appends `(?, ?, …)` bound to each value.
    pub fn bind_list<V: Into<sea_orm::Value>>(mut self, values: impl IntoIterator<Item = V>) -> Sql {
        self.text.push('(');
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self = self.bind(v);
        }
        self.text.push(')');
        self
    }

    pub fn statement(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

#[cfg(test)]
mod sql_tests {
    use super::Sql;
    use sea_orm::DatabaseBackend;

    #[test]
    fn placeholders_follow_the_backend() {
        let pg = Sql::new(DatabaseBackend::Postgres).push("a = ").bind(1i64).push(" AND b IN ").bind_list(["x", "y"]);
        assert_eq!(pg.statement().sql, "a = $1 AND b IN ($2, $3)");
        let lite = Sql::new(DatabaseBackend::Sqlite).push("a = ").bind(1i64).push(" AND b IN ").bind_list(["x"]);
        let st = lite.statement();
        assert_eq!(st.sql, "a = ? AND b IN (?)");
        assert_eq!(st.values.map(|v| v.0.len()), Some(2));
    }
}
