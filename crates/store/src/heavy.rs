//! The bounded pool for CPU-heavy work on outside input (parsing an uploaded workbook, decoding
//! an image, and whatever else the server must not do on its async workers): at most one job per
//! core runs at a time on tokio's blocking threads, a few more wait, and past that the caller is
//! told the server is busy ([`StoreError::Busy`], a 503 with Retry-After) instead of every page
//! of every user slowing down behind a queue of uploads.

use crate::{Result, StoreError};
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

struct Pool {
    running: Arc<Semaphore>,
    admitted: Arc<Semaphore>,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Pool { running: Arc::new(Semaphore::new(cores)), admitted: Arc::new(Semaphore::new(cores * 4)) }
    })
}

/// Run `job` on the pool. Errs with [`StoreError::Busy`] at once when the queue is full.
pub async fn run<T, F>(job: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let p = pool();
    let admitted = p.admitted.clone().try_acquire_owned().map_err(|_| StoreError::Busy)?;
    let running = p.running.clone().acquire_owned().await.map_err(|_| StoreError::Busy)?;
    // The permits travel with the job: if the request is dropped (the client went away) the job
    // still holds its slot until it really ends, so the pool never runs more than it admits.
    let handle = tokio::task::spawn_blocking(move || {
        let out = job();
        drop((running, admitted));
        out
    });
    handle.await.map_err(|e| {
        tracing::error!(error = %e, "heavy job failed");
        StoreError::Storage(if e.is_panic() { "a background job panicked".into() } else { e.to_string() })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_queue_answers_busy_at_once_and_frees_up() {
        let admitted = pool().admitted.available_permits();
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let wait = Arc::new(std::sync::Mutex::new(wait));
        let mut jobs = Vec::new();
        for _ in 0..admitted {
            let w = wait.clone();
            jobs.push(tokio::spawn(run(move || {
                let _ = w.lock().map(|r| r.recv());
            })));
        }
        // Wait until every slot is taken, then one more is refused without waiting.
        while pool().admitted.available_permits() > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        assert!(matches!(run(|| 1).await, Err(StoreError::Busy)));
        for _ in 0..admitted {
            release.send(()).unwrap();
        }
        for j in jobs {
            j.await.unwrap().unwrap();
        }
        assert_eq!(run(|| 2).await.unwrap(), 2);
        // A panicking job is an error, not a crash.
        assert!(run(|| -> i32 { panic!("boom") }).await.is_err());
    }
}
