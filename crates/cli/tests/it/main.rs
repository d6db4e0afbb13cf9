//! The integration tests: one test binary (`cargo test -p kotacerdas --test it`), one module per
//! area. Each module was its own binary once; as one binary the workspace's heavy dependants
//! (typst, the web crate) are linked once instead of once per area.
//!
//! The tests share one process and run in parallel: nothing here may change process-wide state
//! (environment variables, the current directory, a global subscriber other than by `try_init`)
//! or assume it is alone. Every server gets its own port, database and file directory
//! ([`harness::TestApp`]); child processes are started and killed by the test that owns them.
//!
//! Run one area or one backend with a filter: `cargo test -p kotacerdas --test it authz::`,
//! `… -- sqlite`, `… -- postgres`.

mod harness;
mod webdriver;

mod alignment;
mod areas;
mod authz;
mod behaviour;
mod book;
mod book_versions;
mod browser;
mod bundle;
mod caching;
mod cli;
mod cluster;
mod cohorts;
mod crash;
mod datasets;
mod editions;
mod evaluation;
mod hardening;
mod kawasan;
mod monitoring;
mod national;
mod opendata;
mod participation;
mod plan;
mod reach;
mod realcase;
mod remind;
mod s3;
mod smoke;
mod stage1;
mod stage3;
mod structure;
mod tasks;
mod workshops;
