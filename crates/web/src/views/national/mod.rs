//! The nation at once: the programme office's dashboard and the programme's settings.

pub mod dashboard;
pub mod settings;
