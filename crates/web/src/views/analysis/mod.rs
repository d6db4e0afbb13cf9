//! Stage 1, the analysis: readiness, the regional profile, problems, the application and data
//! inventory, SWOT, policies and institutions.

pub mod data_uses;
pub mod inventory;
pub mod policies;
pub mod problems;
pub mod profile;
pub mod readiness;
pub mod swot;
