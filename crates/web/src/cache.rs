//! A small cache of each region's programme register, the data behind the heaviest region pages.
//! An entry is valid while the region's newest audit id is unchanged — every change to a region
//! writes one in its transaction — so pages stay exact without a batch job, and several servers
//! on one database each see the others' changes. Bounded to a few regions to keep memory small.

use kotacerdas_store::programmes::{self, Programme};
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
