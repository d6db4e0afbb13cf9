//! Accounts: signing in and out, one's own account, and the programme office's users and roles.

pub mod account;
pub mod users;
