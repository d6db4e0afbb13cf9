//! Each role's inbox for the web layer: the one place that asks the store for the facts and the
//! domain for the tasks, used by the start page, the API and the header's count (which
//! [`crate::auth::Ctx`] takes, so this module depends on no view).

use crate::AppState;
use kotacerdas_domain::tasks::{self, Task};
use kotacerdas_domain::Principal;

/// Today in the programme office's time zone (WIB, UTC+7): a report due "today" is due until
/// midnight in Indonesia, not in UTC.
pub fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

/// What waits for `p` now, computed afresh (and the header's count refreshed with it).
pub async fn inbox(state: &AppState, p: &Principal) -> kotacerdas_store::Result<Vec<Task>> {
    // Versions first: a write landing during the queries leaves an older key, never a newer one.
    let versions = (state.live.data(), state.live.auth());
    let day = today();
    let facts = kotacerdas_store::tasks::facts(&state.read, &tasks::needs(p)).await?;
    let list = tasks::tasks(p, &facts, day);
    if let (Some(data), Some(auth)) = versions {
        state.task_counts.put(p.user_id, data, auth, day, list.len());
    }
    Ok(list)
}

/// The header's count: from memory while nothing changed, else afresh. A failure only costs
/// the count (logged), never the page.
pub async fn count(state: &AppState, p: &Principal) -> Option<usize> {
    let day = today();
    if let (Some(data), Some(auth)) = (state.live.data(), state.live.auth()) {
        if let Some(n) = state.task_counts.get(p.user_id, data, auth, day) {
            return Some(n);
        }
    }
    match inbox(state, p).await {
        Ok(list) => Some(list.len()),
        Err(e) => {
            tracing::warn!(error = %e, user = p.user_id, "could not count the user's tasks");
            None
        }
    }
}
