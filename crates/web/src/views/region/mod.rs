//! The region itself: the overview and workspace, its record and MoU, the stages, OPDs, council
//! and team, and the programme office's cohorts.

pub mod cohorts;
pub mod decrees;
pub mod editions;
pub mod kawasan;
pub mod members;
pub mod opds;
pub mod pick;
pub mod regions;
pub mod stages;
