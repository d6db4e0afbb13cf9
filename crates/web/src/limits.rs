//! Per-address rate limits for what the public may send without an account (inputs, comments,
//! supports). Counted in the database ([`kotacerdas_store::participation::rate_limits`]), so behind a load
//! balancer all servers share one count: a sliding window per (action, address).

use kotacerdas_store::{participation::rate_limits, DatabaseConnection};
use std::time::Duration;

/// What is limited and how much: (action, requests allowed per window).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Input,
    Comment,
    Support,
    /// A check-in at a workshop: a whole room may share one address (the venue's wifi).
    Checkin,
}

impl Action {
    /// Allowed per window: a citizen writes a few inputs, supports many.
    pub fn allowed(self) -> u64 {
        match self {
            Action::Input => 5,
            Action::Comment => 10,
            Action::Support => 60,
            Action::Checkin => 400,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Action::Input => "input",
            Action::Comment => "comment",
            Action::Support => "support",
            Action::Checkin => "checkin",
        }
    }
}

pub const WINDOW: Duration = Duration::from_secs(600);

fn window() -> chrono::Duration {
    chrono::Duration::seconds(WINDOW.as_secs() as i64)
}

/// Count one request; `Ok(Err(seconds to wait))` when the address is over its limit.
pub async fn check(db: &DatabaseConnection, action: Action, addr: &str) -> kotacerdas_store::Result<Result<(), u64>> {
    Ok(rate_limits::hit(db, action.code(), addr, action.allowed(), window()).await?.map_err(|s| s.max(1) as u64))
}

/// Drop hits that left every window (run periodically by the server).
pub async fn prune(db: &DatabaseConnection) -> kotacerdas_store::Result<u64> {
    rate_limits::prune(db, window()).await
}
