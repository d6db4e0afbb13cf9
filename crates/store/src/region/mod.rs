//! The region itself: its record, cohorts, the MoU, its OPDs, the council and team members, and
//! the four Bimtek stages (schedule, sign-off, comments).

pub mod candidates;
pub mod cohorts;
pub mod decrees;
pub mod editions;
pub mod kawasan;
pub mod members;
pub mod mou;
pub mod opds;
pub mod regions;
pub mod stages;
