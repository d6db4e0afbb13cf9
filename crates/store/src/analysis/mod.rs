//! Stage 1, the analysis: readiness, the region's profile, problems, the inventory of apps and
//! data sets (with its XLSX import), SWOT and the policies (regulations, institutions).

pub mod data_uses;
pub mod inventory;
pub mod inventory_xlsx;
pub mod policies;
pub mod problems;
pub mod profile;
pub mod readiness;
pub mod swot;
