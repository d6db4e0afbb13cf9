//! One-time form tokens: a create form carries a random token, and only the first post with it
//! is carried out. The unique key on the token decides between two posts racing each other,
//! on any number of servers.

use crate::entity::form_token;
use crate::Result;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// How long a token is remembered (a form left open over a weekend is posted again by hand).
pub const KEEP_DAYS: i64 = 3;

/// What became of an earlier post with the same token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This is the first post: go ahead.
    First,
    /// An earlier post is still being carried out.
    Pending,
    /// An earlier post succeeded and led here.
    Done(String),
}

/// A token as the forms make it: 64 hexadecimal digits (anything else is not a token).
pub fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

pub async fn claim<C: ConnectionTrait>(db: &C, token: &str) -> Result<Claim> {
    let row =
        form_token::ActiveModel { token: Set(token.to_string()), location: Set(None), created_at: Set(Utc::now()) };
    match form_token::Entity::insert(row).exec_without_returning(db).await {
        Ok(_) => Ok(Claim::First),
        Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
            let earlier = form_token::Entity::find_by_id(token.to_string()).one(db).await?;
            Ok(match earlier.and_then(|t| t.location) {
                Some(l) => Claim::Done(l),
                None => Claim::Pending,
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// The post succeeded: later posts with the token are sent to `location`.
pub async fn finish<C: ConnectionTrait>(db: &C, token: &str, location: &str) -> Result<()> {
    form_token::ActiveModel {
        token: Set(token.to_string()),
        location: Set(Some(location.to_string())),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// The post failed (a form with errors is shown again): the token may be used once more.
pub async fn release<C: ConnectionTrait>(db: &C, token: &str) -> Result<()> {
    form_token::Entity::delete_by_id(token.to_string()).exec(db).await?;
    Ok(())
}

pub async fn prune<C: ConnectionTrait>(db: &C) -> Result<u64> {
    let old = Utc::now() - Duration::days(KEEP_DAYS);
    Ok(form_token::Entity::delete_many().filter(form_token::Column::CreatedAt.lt(old)).exec(db).await?.rows_affected)
}
