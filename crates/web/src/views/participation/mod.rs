//! Citizens and the public: the portal, consultations and inputs (no account), and the region's
//! side (moderation, answers, follow-up).

pub mod citizen;
pub mod portal;
pub mod staff;
