//! tower-sessions store in our own database, so any server behind a load balancer can serve any
//! request.

use crate::entity::session;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result, SessionStore};

/// Sessions kept in memory at most; past that the least recently loaded half is dropped.
const CACHE_CAPACITY: usize = 20_000;

/// A loaded session, the `auth` version it was read under, and when it was last used.
type Cached = (Record, i64, u64);

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: DatabaseConnection,
    /// Where sessions are read (SQLite's read pool; the same pool on PostgreSQL).
    read: DatabaseConnection,
    /// With `live`, sessions are served from memory while the `auth` version has not moved:
    /// every save and delete, on any server, moves it (see [`crate::versions`]).
    live: Option<std::sync::Arc<crate::versions::Live>>,
    cache: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<Id, Cached>>>,
    tick: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl DbSessionStore {
    /// A store that reads every session from the database (the CLI, tools).
    pub fn new(db: DatabaseConnection) -> Self {
        DbSessionStore { read: db.clone(), db, live: None, cache: Default::default(), tick: Default::default() }
    }

    /// A store that keeps sessions in memory while nobody changed any (the server).
    pub fn cached(
        db: DatabaseConnection,
        read: DatabaseConnection,
        live: std::sync::Arc<crate::versions::Live>,
    ) -> Self {
        DbSessionStore { db, read, live: Some(live), cache: Default::default(), tick: Default::default() }
    }

    fn forget(&self, id: &Id) {
        if let Ok(mut c) = self.cache.lock() {
            c.remove(id);
        }
    }

    fn remember(&self, record: &Record, version: i64) {
        let now = self.tick.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Ok(mut c) = self.cache.lock() else { return };
        if c.len() >= CACHE_CAPACITY {
            // Keep the more recently used half; a dropped session is simply read again.
            let mut ages: Vec<u64> = c.values().map(|e| e.2).collect();
            ages.sort_unstable();
            let cut = ages[ages.len() / 2];
            c.retain(|_, e| e.2 > cut);
        }
        c.insert(record.id, (record.clone(), version, now));
    }

    fn recall(&self, id: &Id) -> Option<Record> {
        let live = self.live.as_ref()?;
        let version = live.auth()?;
        if crate::versions::must_be_fresh() {
            return None;
        }
        let now = self.tick.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut c = self.cache.lock().ok()?;
        let (record, v, used) = c.get_mut(id)?;
        if *v != version || record.expiry_date <= time::OffsetDateTime::now_utc() {
            return None;
        }
        *used = now;
        Some(record.clone())
    }

    /// After a delete, or a save that changed more than the one-time message: tell every server
    /// (and this one's cache) that sessions changed.
    async fn changed(&self, id: &Id) -> Result<()> {
        self.forget(id);
        if self.live.is_some() {
            crate::versions::bump_auth(&self.db).await.map_err(|e| match e {
                crate::StoreError::Db(e) => backend(e),
                other => Error::Backend(other.to_string()),
            })?;
        }
        Ok(())
    }

    /// Whether saving `record` changes what another server may have remembered of it in a way
    /// that matters: anything but the one-time confirmation message (set by nearly every post
    /// and taken by the next page, so bumping for it would empty every cache on every save).
    /// Unknown here (not remembered) counts as a change.
    fn matters(&self, record: &Record) -> bool {
        let Ok(c) = self.cache.lock() else { return true };
        let Some((known, _, _)) = c.get(&record.id) else { return true };
        let lasting = |r: &Record| {
            r.data
                .iter()
                .filter(|(k, _)| k.as_str() != FLASH_KEY)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        lasting(known) != lasting(record)
    }

    /// Remove expired sessions; run periodically by the server.
    pub async fn delete_expired(&self) -> Result<u64> {
        let r = session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lt(Utc::now()))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(r.rows_affected)
    }
}

/// The session key holding the signed-in user's id (the web layer writes it at login); the store
/// copies it into the `user_id` column so all of one user's sessions can be found.
pub const USER_KEY: &str = "uid";

/// The session key of the one-time confirmation message ("Perubahan disimpan").
pub const FLASH_KEY: &str = "flash";

/// End every session of `user_id` except `keep` (the one making a change to its own account).
pub async fn end_for_user<C: ConnectionTrait>(db: &C, user_id: i64, keep: Option<&str>) -> crate::Result<u64> {
    let mut q = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(id) = keep {
        q = q.filter(session::Column::Id.ne(id));
    }
    Ok(q.exec(db).await?.rows_affected)
}

/// How many sessions exist (tests and monitoring: anonymous views must not add any).
pub async fn count<C: ConnectionTrait>(db: &C) -> crate::Result<u64> {
    use sea_orm::PaginatorTrait;
    Ok(session::Entity::find().count(db).await?)
}

fn backend(e: sea_orm::DbErr) -> Error {
    let message = e.to_string();
    crate::note_fault(crate::StoreError::Db(e).fault());
    Error::Backend(message)
}

fn to_chrono(t: time::OffsetDateTime) -> DateTime<Utc> {
    DateTime::from_timestamp(t.unix_timestamp(), t.nanosecond()).unwrap_or_else(Utc::now)
}

fn row(record: &Record) -> Result<session::ActiveModel> {
    let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
    Ok(session::ActiveModel {
        id: Set(record.id.to_string()),
        data: Set(data),
        expires_at: Set(to_chrono(record.expiry_date)),
        user_id: Set(record.data.get(USER_KEY).and_then(|v| v.as_i64())),
    })
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    /// Insert a new session; on the (astronomically unlikely) id collision, draw a new id.
    async fn create(&self, record: &mut Record) -> Result<()> {
        loop {
            // A new id is in nobody's memory yet: nothing to tell the other servers.
            match session::Entity::insert(row(record)?).exec(&self.db).await {
                Ok(_) => return Ok(()),
                Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
                    record.id = Id::default();
                }
                Err(e) => return Err(backend(e)),
            }
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let am = row(record)?;
        session::Entity::insert(am)
            .on_conflict(
                OnConflict::column(session::Column::Id)
                    .update_columns([session::Column::Data, session::Column::ExpiresAt, session::Column::UserId])
                    .to_owned(),
            )
            .exec(&self.db)
            .await
            .map_err(backend)?;
        if self.matters(record) {
            self.changed(&record.id).await
        } else {
            // Only the message changed: this server reads the session again next time; others
            // may show or keep a message late, never a wrong account, role or language.
            self.forget(&record.id);
            Ok(())
        }
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        if let Some(record) = self.recall(id) {
            return Ok(Some(record));
        }
        // The version is taken before the read: a change committed in between is then newer
        // than the entry, and the entry is read again once this server sees that version.
        let version = self.live.as_ref().and_then(|l| l.auth());
        let row = session::Entity::find_by_id(id.to_string())
            .filter(session::Column::ExpiresAt.gt(Utc::now()))
            .one(&self.read)
            .await
            .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        let data = serde_json::from_str(&row.data).map_err(|e| Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(row.expires_at.timestamp())
            .map_err(|e| Error::Decode(e.to_string()))?;
        let record = Record { id: *id, data, expiry_date };
        if let Some(v) = version {
            self.remember(&record, v);
        }
        Ok(Some(record))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        session::Entity::delete_by_id(id.to_string()).exec(&self.db).await.map_err(backend)?;
        self.changed(id).await
    }
}
