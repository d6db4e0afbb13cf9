//! Parsers of outside bytes. Everything here reads data that a careless or malicious user sent:
//! sizes, cell ranges and inflation are checked *before* anything is allocated, nothing panics,
//! and every refusal is an [`IntakeError`] with a message a user can act on.
//!
//! Pure and synchronous on purpose: callers run these functions on the bounded heavy-work pool,
//! never on the async workers, and the fuzz targets in `fuzz/` call them directly.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod bundle;
