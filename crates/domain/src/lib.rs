//! The kotacerdas domain: what a Smart City masterplan cycle is made of, independent of storage
//! and transport. Every rule that decides "may this happen?" lives here so that the web pages,
//! the JSON API and the CLI cannot disagree.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod access;
pub mod format;
pub mod framework;
pub mod readiness;
pub mod region;
pub mod stage;
pub mod validate;

pub use access::{Assignment, Principal, Role};
pub use stage::{StageAction, StageStatus};
