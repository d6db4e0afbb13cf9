//! Stage 4, the masterplan book: its page, texts and logo, frozen versions and their workflow,
//! and the review comments on stage 1's sections.

pub mod document;
pub mod page;
pub mod sections;
pub mod versions;
