//! Accounts, passwords (Argon2id), role assignments, API tokens and login throttling.

use crate::audit::{self, Change};
use crate::entity::{api_token, login_attempt, opd, region, role_assignment, user};
use crate::{unique_as_field, Actor, Result, StoreError};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{Duration, Utc};
use kotacerdas_domain::access::{Assignment, Principal, Role};
use kotacerdas_domain::account::{
    check_password, AssignmentInput, AssignmentRefs, UserInput, ValidAssignment, ValidUser,
};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    PaginatorTrait, QueryFilter, QueryOrder, TransactionTrait,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default() // Argon2id, v19, OWASP-recommended parameters
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Config(format!("password hashing: {e}")))
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok()).unwrap_or(false)
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> Result<user::Model> {
    user::Entity::find_by_id(id).one(db).await?.ok_or(StoreError::NotFound)
}

pub async fn by_username<C: ConnectionTrait>(db: &C, username: &str) -> Result<user::Model> {
    user::Entity::find().filter(user::Column::Username.eq(username)).one(db).await?.ok_or(StoreError::NotFound)
}

pub async fn create(db: &DatabaseConnection, actor: &Actor, input: &UserInput) -> Result<user::Model> {
    let taken = by_username(db, input.username.trim()).await.is_ok();
    let ValidUser { username, display_name: display, email } = input.validate(taken)?;
    let hash = hash_password(&input.password)?;
    let txn = db.begin().await?;
    let u = user::ActiveModel {
        username: Set(username),
        display_name: Set(display),
        email: Set(email),
        password_hash: Set(hash),
        locale: Set("id".into()),
        disabled: Set(false),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| unique_as_field(e, "username"))?;
    audit::record(&txn, actor, Change::new(None, "user", u.id, "create"), None::<&()>, Some(&u)).await?;
    crate::versions::bump_auth(&txn).await?;
    txn.commit().await?;
    Ok(u)
}

async fn change<C, F>(db: &C, actor: &Actor, id: i64, action: &str, f: F) -> Result<user::Model>
where
    C: TransactionTrait,
    F: FnOnce(&mut user::ActiveModel),
{
    let txn = db.begin().await?;
    let before = get(&txn, id).await?;
    let mut am: user::ActiveModel = before.clone().into();
    f(&mut am);
    let after = am.update(&txn).await?;
    audit::record(&txn, actor, Change::new(None, "user", id, action), Some(&before), Some(&after)).await?;
    crate::versions::bump_auth(&txn).await?;
    txn.commit().await?;
    Ok(after)
}

/// Set a new password (a user's own change, an administrator's reset, the CLI). Whoever knew the
/// old one may have signed in with it: every session of the account ends and every API token is
/// revoked, except the session `keep` (the one changing its own password, which then gets a new
/// id).
pub async fn set_password(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    password: &str,
    keep: Option<&str>,
) -> Result<user::Model> {
    check_password(password)?;
    let hash = hash_password(password)?;
    let txn = db.begin().await?;
    let u = change(&txn, actor, id, "password", |am| am.password_hash = Set(hash)).await?;
    revoke_access(&txn, id, keep).await?;
    txn.commit().await?;
    Ok(u)
}

/// End the account's sessions (all but `keep`) and delete its API tokens.
pub async fn revoke_access<C: ConnectionTrait>(db: &C, id: i64, keep: Option<&str>) -> Result<()> {
    crate::accounts::sessions::end_for_user(db, id, keep).await?;
    api_token::Entity::delete_many().filter(api_token::Column::UserId.eq(id)).exec(db).await?;
    crate::versions::bump_auth(db).await?;
    Ok(())
}

pub async fn set_disabled(db: &DatabaseConnection, actor: &Actor, id: i64, disabled: bool) -> Result<user::Model> {
    let action = if disabled { "disable" } else { "enable" };
    let txn = db.begin().await?;
    let u = change(&txn, actor, id, action, |am| am.disabled = Set(disabled)).await?;
    if disabled {
        // A disabled account is signed out everywhere and loses its API tokens at once.
        revoke_access(&txn, id, None).await?;
    }
    txn.commit().await?;
    Ok(u)
}

pub async fn set_locale(db: &DatabaseConnection, id: i64, locale: &str) -> Result<()> {
    let locale = if locale == "en" { "en" } else { "id" };
    let u = get(db, id).await?;
    if u.locale != locale {
        change(db, &Actor::user(id, &u.username), id, "locale", |am| am.locale = Set(locale.to_string())).await?;
    }
    Ok(())
}

pub async fn update_profile(db: &DatabaseConnection, actor: &Actor, id: i64, input: &UserInput) -> Result<user::Model> {
    let (display, email) = input.validate_profile()?;
    change(db, actor, id, "update", |am| {
        am.display_name = Set(display);
        am.email = Set(email);
    })
    .await
}

/// An assignment with the names a page shows for it.
#[derive(Debug, Clone, Serialize)]
pub struct AssignmentRow {
    pub id: i64,
    pub user_id: i64,
    pub role: String,
    pub region_code: Option<String>,
    pub region_name: Option<String>,
    pub opd_short_name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserRow {
    pub user: user::Model,
    pub assignments: Vec<AssignmentRow>,
}

/// All users with their assignments (three queries, however many users).
pub async fn list(db: &DatabaseConnection) -> Result<Vec<UserRow>> {
    let users = user::Entity::find().order_by_asc(user::Column::Username).all(db).await?;
    let rows = assignment_rows(db, None).await?;
    let mut by_user: HashMap<i64, Vec<AssignmentRow>> = HashMap::new();
    for r in rows {
        by_user.entry(r.user_id).or_default().push(r);
    }
    Ok(users.into_iter().map(|u| UserRow { assignments: by_user.remove(&u.id).unwrap_or_default(), user: u }).collect())
}

pub async fn assignment_rows(db: &DatabaseConnection, user_id: Option<i64>) -> Result<Vec<AssignmentRow>> {
    let mut q = role_assignment::Entity::find().order_by_asc(role_assignment::Column::Id);
    if let Some(u) = user_id {
        q = q.filter(role_assignment::Column::UserId.eq(u));
    }
    let list = q.all(db).await?;
    let region_ids: Vec<i64> = list.iter().filter_map(|a| a.region_id).collect();
    let opd_ids: Vec<i64> = list.iter().filter_map(|a| a.opd_id).collect();
    let regions: HashMap<i64, region::Model> = region::Entity::find()
        .filter(region::Column::Id.is_in(region_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let opds: HashMap<i64, String> = opd::Entity::find()
        .filter(opd::Column::Id.is_in(opd_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.short_name))
        .collect();
    Ok(list
        .into_iter()
        .map(|a| {
            let r = a.region_id.and_then(|id| regions.get(&id));
            AssignmentRow {
                id: a.id,
                user_id: a.user_id,
                role: a.role,
                region_code: r.map(|r| r.code.clone()),
                region_name: r.map(|r| r.name.clone()),
                opd_short_name: a.opd_id.and_then(|id| opds.get(&id).cloned()),
            }
        })
        .collect())
}

/// The principal behind a session or token; `None` when the account is gone or disabled.
pub async fn principal<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<Option<Principal>> {
    let Some(u) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    if u.disabled {
        return Ok(None);
    }
    let assignments = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|a| Some(Assignment { role: Role::parse(&a.role)?, region_id: a.region_id, opd_id: a.opd_id }))
        .collect();
    Ok(Some(Principal { user_id: u.id, username: u.username, display_name: u.display_name, assignments }))
}

pub async fn add_assignment(
    db: &DatabaseConnection,
    actor: &Actor,
    user_id: i64,
    input: &AssignmentInput,
) -> Result<role_assignment::Model> {
    let txn = db.begin().await?;
    get(&txn, user_id).await?;
    let region_id = match crate::region::regions::by_code(&txn, input.region_code.trim()).await {
        Ok(r) => Some(r.id),
        Err(StoreError::NotFound) => None,
        Err(other) => return Err(other),
    };
    let opds = match region_id {
        Some(r) => crate::region::opds::ids(&txn, r).await?,
        None => Vec::new(),
    };
    let existing = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .all(&txn)
        .await?
        .iter()
        .filter_map(|a| Some((Role::parse(&a.role)?, a.region_id, a.opd_id)))
        .collect();
    let ValidAssignment { role, region_id, opd_id } = input.validate(&AssignmentRefs { region_id, opds, existing })?;
    let a = role_assignment::ActiveModel {
        user_id: Set(user_id),
        role: Set(role.as_str().to_string()),
        region_id: Set(region_id),
        opd_id: Set(opd_id),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, actor, Change::new(region_id, "role_assignment", a.id, "create"), None::<&()>, Some(&a))
        .await?;
    crate::versions::bump_auth(&txn).await?;
    txn.commit().await?;
    Ok(a)
}

pub async fn remove_assignment(db: &DatabaseConnection, actor: &Actor, user_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let a = role_assignment::Entity::find_by_id(id)
        .filter(role_assignment::Column::UserId.eq(user_id))
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    a.clone().delete(&txn).await?;
    audit::record(&txn, actor, Change::new(a.region_id, "role_assignment", id, "delete"), Some(&a), None::<&()>)
        .await?;
    crate::versions::bump_auth(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// What a login attempt came to.
#[derive(Debug)]
pub enum Login {
    Ok(user::Model),
    Invalid,
    /// Too many recent failures for this account or address; try again after this many seconds.
    Throttled(i64),
}

pub const THROTTLE_WINDOW_MINUTES: i64 = 15;
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: u64 = 20;

/// Check a password with throttling. Failures are counted in a sliding window, so a flood of
/// wrong guesses slows an attacker down without locking the real user out for good.
pub async fn authenticate(db: &DatabaseConnection, username: &str, password: &str, ip: &str) -> Result<Login> {
    let username = username.trim().to_lowercase();
    let since = Utc::now() - Duration::minutes(THROTTLE_WINDOW_MINUTES);
    let failures = |col: login_attempt::Column, v: String| {
        login_attempt::Entity::find()
            .filter(col.eq(v))
            .filter(login_attempt::Column::Success.eq(false))
            .filter(login_attempt::Column::At.gt(since))
    };
    let by_account = failures(login_attempt::Column::Username, username.clone()).count(db).await?;
    let by_address = failures(login_attempt::Column::Ip, ip.to_string()).count(db).await?;
    if by_account >= MAX_FAILURES_PER_ACCOUNT || by_address >= MAX_FAILURES_PER_ADDRESS {
        return Ok(Login::Throttled(THROTTLE_WINDOW_MINUTES * 60));
    }
    let found = user::Entity::find().filter(user::Column::Username.eq(username.as_str())).one(db).await?;
    let ok = match &found {
        Some(u) => verify_password(&u.password_hash, password) && !u.disabled,
        None => {
            // Spend the same time as a real check so timing does not reveal which names exist.
            let salt = SaltString::from_b64("a290YWNlcmRhc2R1bW15").ok();
            let _ = salt.map(|s| Argon2::default().hash_password(password.as_bytes(), &s).is_ok());
            false
        }
    };
    login_attempt::ActiveModel {
        username: Set(username),
        ip: Set(ip.chars().take(64).collect()),
        success: Set(ok),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    match found {
        Some(u) if ok => {
            let actor = Actor::user(u.id, &u.username);
            Ok(Login::Ok(change(db, &actor, u.id, "login", |am| am.last_login_at = Set(Some(Utc::now()))).await?))
        }
        _ => Ok(Login::Invalid),
    }
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub const TOKEN_DAYS: i64 = 30;

/// A new bearer token; only its hash is stored.
pub async fn issue_token(db: &DatabaseConnection, user_id: i64) -> Result<String> {
    let mut raw = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    let token = format!("kc_{}", hex::encode(raw));
    let txn = db.begin().await?;
    let t = api_token::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(token_hash(&token)),
        created_at: Set(Utc::now()),
        expires_at: Set(Utc::now() + Duration::days(TOKEN_DAYS)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // The audit keeps when a token was issued and until when; never the token itself.
    let record = serde_json::json!({"user_id": user_id, "expires_at": t.expires_at});
    let name = get(&txn, user_id).await?.username;
    audit::record(
        &txn,
        &Actor::user(user_id, &name),
        Change::new(None, "api_token", t.id, "create"),
        None::<&()>,
        Some(&record),
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}

pub async fn token_user(db: &DatabaseConnection, token: &str) -> Result<Option<i64>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token_hash(token)))
        .filter(api_token::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?
        .map(|t| t.user_id))
}

pub async fn count<C: ConnectionTrait>(db: &C) -> Result<u64> {
    Ok(user::Entity::find().count(db).await?)
}

/// Display names of several users in one query (for comment threads).
pub async fn names<C: ConnectionTrait>(db: &C, ids: Vec<i64>) -> Result<HashMap<i64, String>> {
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}
