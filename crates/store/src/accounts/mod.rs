//! People and their access: users, role assignments, API tokens, login throttling, sessions and
//! the one-time form tokens.

pub mod form_tokens;
pub mod sessions;
pub mod users;
