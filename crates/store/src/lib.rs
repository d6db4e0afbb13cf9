//! Persistence for kotacerdas. Each stage of the cycle gets a module here that loads and saves
//! its records; every mutation goes through [`audit::record`] in the same transaction.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod audit;
pub mod book;
pub mod book_diff_xlsx;
pub mod bundle;
mod bundle_import;
pub mod bundle_tables;
pub mod checks;
pub mod cohorts;
pub mod db;
pub mod demo;
mod demo_analysis;
mod demo_monitoring;
pub mod demo_national;
pub mod demo_participation;
mod demo_plan;
mod demo_programmes;
pub mod entity;
pub mod evaluation;
pub mod files;
pub mod form_tokens;
pub mod inventory;
pub mod inventory_xlsx;
pub mod members;
pub mod migration;
pub mod monitoring;
pub mod mou;
pub mod national;
pub mod national_xlsx;
pub mod opds;
pub mod opendata;
pub mod participation;
pub mod plan;
pub mod policies;
pub mod problems;
pub mod profile;
pub mod programme;
pub mod programme_input;
pub mod programme_xlsx;
pub mod programmes;
pub mod quickwins;
pub mod rate_limits;
pub mod readiness;
pub mod regions;
pub mod section_comments;
pub mod sessions;
pub mod shares;
pub mod stages;
pub mod swot;
pub mod users;

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
}

impl StoreError {
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
