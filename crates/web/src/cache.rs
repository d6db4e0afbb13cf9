//! A small cache of each region's programme register, the data behind the heaviest region pages.
//! An entry is valid while the region's newest audit id is unchanged — every change to a region
//! writes one in its transaction — so pages stay exact without a batch job, and several servers
//! on one database each see the others' changes. Bounded to a few regions to keep memory small.

use kotacerdas_store::plan::programmes::{self, Programme};
use kotacerdas_store::{audit, DatabaseConnection, Result};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Mutex;

/// Regions kept at once; a region's register is ~1 MB at 300 programmes.
const CAPACITY: usize = 16;

/// A cached register: the region's version it was read at, when it was last used, the list.
type Entry = (i64, u64, Arc<Vec<Programme>>);

#[derive(Default)]
pub struct RegisterCache {
    entries: Mutex<HashMap<i64, Entry>>,
    tick: std::sync::atomic::AtomicU64,
}

impl RegisterCache {
    /// The region's programmes, from the cache when nothing changed since they were read.
    pub async fn programmes(&self, db: &DatabaseConnection, region_id: i64) -> Result<Arc<Vec<Programme>>> {
        let version = audit::region_version(db, region_id).await?;
        let now = self.tick.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Some((v, used, list)) = self.entries.lock().await.get_mut(&region_id) {
            if *v == version {
                *used = now;
                return Ok(list.clone());
            }
        }
        let list = Arc::new(programmes::list(db, region_id).await?);
        let mut entries = self.entries.lock().await;
        if entries.len() >= CAPACITY && !entries.contains_key(&region_id) {
            // Drop the least recently used region.
            if let Some(oldest) = entries.iter().min_by_key(|(_, (_, used, _))| *used).map(|(k, _)| *k) {
                entries.remove(&oldest);
            }
        }
        entries.insert(region_id, (version, now, list.clone()));
        Ok(list)
    }
}

/// Pages everybody sees alike (the public portal): kept per key while the whole database's
/// newest audit id and the day are unchanged, so any change anywhere shows at once. Bounded.
/// (region code, language) → (data version, day, last use, page).
type PageEntries<V> = HashMap<(String, &'static str), (i64, chrono::NaiveDate, u64, Arc<V>)>;

pub struct PageCache<V> {
    entries: Mutex<PageEntries<V>>,
    tick: std::sync::atomic::AtomicU64,
}

impl<V> Default for PageCache<V> {
    fn default() -> Self {
        PageCache { entries: Mutex::new(HashMap::new()), tick: Default::default() }
    }
}

impl<V> PageCache<V> {
    pub async fn get(&self, key: &str, lang: &'static str, version: i64, day: chrono::NaiveDate) -> Option<Arc<V>> {
        let now = self.tick.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut entries = self.entries.lock().await;
        let (v, d, used, page) = entries.get_mut(&(key.to_string(), lang))?;
        if *v != version || *d != day {
            return None;
        }
        *used = now;
        Some(page.clone())
    }

    pub async fn put(&self, key: &str, lang: &'static str, version: i64, day: chrono::NaiveDate, page: Arc<V>) {
        let now = self.tick.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut entries = self.entries.lock().await;
        let k = (key.to_string(), lang);
        if entries.len() >= 4 * CAPACITY && !entries.contains_key(&k) {
            if let Some(oldest) = entries.iter().min_by_key(|(_, e)| e.2).map(|(k, _)| k.clone()) {
                entries.remove(&oldest);
            }
        }
        entries.insert(k, (version, day, now, page));
    }
}

/// Signed-in principals (the account and its roles) by user id, kept while the `auth` version
/// has not moved; any change to users, roles, sessions or tokens on any server moves it. A
/// state-changing request always reads the principal from the database.
#[derive(Default)]
pub struct PrincipalCache {
    entries: std::sync::Mutex<HashMap<i64, (i64, kotacerdas_domain::Principal)>>,
}

/// Principals kept at most; past that the cache starts over (a miss costs two small queries).
const PRINCIPALS: usize = 10_000;

impl PrincipalCache {
    pub async fn principal(
        &self,
        state: &crate::AppState,
        user_id: i64,
    ) -> Result<Option<kotacerdas_domain::Principal>> {
        let fresh = kotacerdas_store::versions::must_be_fresh();
        let version = state.live.auth();
        if let (false, Some(v)) = (fresh, version) {
            if let Some((at, p)) = self.entries.lock().ok().and_then(|e| e.get(&user_id).cloned()) {
                if at == v {
                    return Ok(Some(p));
                }
            }
        }
        // Fresh or not, from the read pool: it sees every committed change.
        let found = kotacerdas_store::accounts::users::principal(&state.read, user_id).await?;
        if let (Some(p), Some(v)) = (&found, version) {
            if let Ok(mut e) = self.entries.lock() {
                if e.len() >= PRINCIPALS {
                    e.clear();
                }
                e.insert(user_id, (v, p.clone()));
            }
        }
        Ok(found)
    }
}

/// The national summary per year (the dashboard's year, the portal index's current year).
/// Recomputing it reads every region (about a second at national scale), so while the data keep
/// moving — dozens of saves a second across the nation — it is recomputed by one request at a
/// time and at most once a second; meanwhile readers get the previous summary at once, never a
/// queue. A request that finds no summary for its year, or one older than [`NATIONAL_LAG`] with
/// no recompute running, computes it and waits: after a single change the next page is exact.
#[derive(Default)]
pub struct NationalCache {
    by_year: std::sync::Mutex<HashMap<i32, (Arc<kotacerdas_store::national::Summary>, std::time::Instant)>>,
    refresh: Mutex<()>,
}

/// How long a stale national summary may be served while the data move under it.
pub const NATIONAL_LAG: std::time::Duration = std::time::Duration::from_secs(1);

impl NationalCache {
    pub async fn summary(
        &self,
        db: &DatabaseConnection,
        year: i32,
    ) -> Result<Arc<kotacerdas_store::national::Summary>> {
        use kotacerdas_store::national;
        let version = national::data_version(db).await?;
        let cached = self.by_year.lock().ok().and_then(|m| m.get(&year).cloned());
        if let Some((s, at)) = &cached {
            let busy = self.refresh.try_lock().is_err();
            if s.version == version || busy || at.elapsed() < NATIONAL_LAG {
                return Ok(s.clone());
            }
        }
        let _one = self.refresh.lock().await;
        // Someone may have recomputed while this request waited.
        if let Some((s, _)) = self.by_year.lock().ok().and_then(|m| m.get(&year).cloned()) {
            if s.version >= version {
                return Ok(s);
            }
        }
        let fresh = Arc::new(national::summary(db, year).await?);
        if let Ok(mut m) = self.by_year.lock() {
            if m.len() >= 4 && !m.contains_key(&year) {
                m.clear();
            }
            m.insert(year, (fresh.clone(), std::time::Instant::now()));
        }
        Ok(fresh)
    }
}

/// How many tasks wait for each user (the count in every signed-in page's header), kept while
/// the data and `auth` versions and the day stand: a write anywhere, a changed role or midnight
/// recomputes it on the user's next page. The inbox page itself always computes afresh and
/// refreshes the entry, so what a build failure (not audited) changed shows there at once.
#[derive(Default)]
pub struct TaskCounts {
    entries: std::sync::Mutex<HashMap<i64, (i64, i64, chrono::NaiveDate, usize)>>,
}

/// Users kept at most; past that the cache starts over (a miss costs a few small queries).
const TASK_USERS: usize = 10_000;

impl TaskCounts {
    pub fn get(&self, user_id: i64, data: i64, auth: i64, day: chrono::NaiveDate) -> Option<usize> {
        let e = self.entries.lock().ok()?;
        let (d, a, at, n) = e.get(&user_id)?;
        (*d == data && *a == auth && *at == day).then_some(*n)
    }

    pub fn put(&self, user_id: i64, data: i64, auth: i64, day: chrono::NaiveDate, n: usize) {
        if let Ok(mut e) = self.entries.lock() {
            if e.len() >= TASK_USERS && !e.contains_key(&user_id) {
                e.clear();
            }
            e.insert(user_id, (data, auth, day, n));
        }
    }
}
