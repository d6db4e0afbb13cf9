//! SeaORM entities: one per table. Relations are resolved with explicit queries by id, which
//! keeps each query visible at its call site (and batched where lists are shown).
pub mod api_token;
pub mod app;
pub mod app_dataset;
pub mod audit;
pub mod cohort;
pub mod dataset;
pub mod dimension;
pub mod element;
pub mod login_attempt;
pub mod member;
pub mod mou;
pub mod opd;
pub mod pillar;
pub mod pillar_item;
pub mod problem;
pub mod programme;
pub mod readiness_score;
pub mod region;
pub mod role_assignment;
pub mod session;
pub mod stage;
pub mod stage_comment;
pub mod stored_file;
pub mod user;
