//! tower-sessions store in our own database, so any server behind a load balancer can serve any
//! request.

use crate::entity::session;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result, SessionStore};

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        DbSessionStore { db }
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
        Ok(())
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let row = session::Entity::find_by_id(id.to_string())
            .filter(session::Column::ExpiresAt.gt(Utc::now()))
            .one(&self.db)
            .await
            .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        let data = serde_json::from_str(&row.data).map_err(|e| Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(row.expires_at.timestamp())
            .map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Some(Record { id: *id, data, expiry_date }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        session::Entity::delete_by_id(id.to_string()).exec(&self.db).await.map_err(backend)?;
        Ok(())
    }
}
