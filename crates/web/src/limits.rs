//! Per-address rate limits for what the public may send without an account (inputs, comments,
//! supports). In memory, per server: a flood is stopped where it arrives; a sliding window per
//! (action, address) pair, pruned as it is used.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What is limited and how much: (action, requests allowed per window).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Input,
    Comment,
    Support,
}

impl Action {
    /// Allowed per window: a citizen writes a few inputs, supports many.
    pub fn allowed(self) -> usize {
        match self {
            Action::Input => 5,
            Action::Comment => 10,
            Action::Support => 60,
        }
    }
}

pub const WINDOW: Duration = Duration::from_secs(600);
/// Above this many tracked addresses the oldest windows are dropped (memory stays bounded).
const MAX_KEYS: usize = 50_000;

#[derive(Default)]
pub struct RateLimiter {
    hits: Mutex<HashMap<(Action, String), VecDeque<Instant>>>,
}

impl RateLimiter {
    /// Count one request; `Err(seconds to wait)` when the address is over its limit.
    pub fn check(&self, action: Action, addr: &str) -> Result<(), u64> {
        self.check_at(action, addr, Instant::now())
    }

    fn check_at(&self, action: Action, addr: &str, now: Instant) -> Result<(), u64> {
        let Ok(mut hits) = self.hits.lock() else {
            // A poisoned lock means another request panicked mid-update; let this one through.
            return Ok(());
        };
        if hits.len() > MAX_KEYS {
            hits.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
        }
        let q = hits.entry((action, addr.to_string())).or_default();
        while q.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            q.pop_front();
        }
        if q.len() >= action.allowed() {
            let wait = q.front().map(|t| WINDOW.saturating_sub(now.duration_since(*t)).as_secs()).unwrap_or(60);
            return Err(wait.max(1));
        }
        q.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_input_within_ten_minutes_waits_and_the_window_slides() {
        let l = RateLimiter::default();
        let t0 = Instant::now();
        for i in 0..5 {
            assert!(l.check_at(Action::Input, "10.0.0.1", t0 + Duration::from_secs(i)).is_ok());
        }
        let wait = l.check_at(Action::Input, "10.0.0.1", t0 + Duration::from_secs(10)).unwrap_err();
        assert_eq!(wait, 590);
        assert!(l.check_at(Action::Input, "10.0.0.2", t0 + Duration::from_secs(10)).is_ok(), "per address");
        assert!(l.check_at(Action::Comment, "10.0.0.1", t0 + Duration::from_secs(10)).is_ok(), "per action");
        assert!(l.check_at(Action::Input, "10.0.0.1", t0 + WINDOW + Duration::from_secs(1)).is_ok());
    }
}
