//! Crash safety: the server is killed with SIGKILL while clients write; after a restart every
//! write it acknowledged is there and the database passes its integrity check.

mod harness;

use harness::{fresh_database, temp_dir, Backend};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// Start `kotacerdas serve --demo` on a free port; returns the child and its base URL.
/// The callers kill and reap the child; on a start-up failure the test panics anyway.
#[allow(clippy::zombie_processes)]
fn start(url: &str, dir: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kotacerdas"))
        .current_dir(dir)
        .args(["serve", "--demo", "--bind", "127.0.0.1:0", "--database-url", url])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start kotacerdas");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        assert!(Instant::now() < deadline, "server did not start in time");
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(addr) = line.strip_prefix("kotacerdas listening on ") {
                    // Keep draining stdout so the child never blocks on a full pipe.
                    std::thread::spawn(move || for _ in lines {});
                    return (child, addr.trim().to_string());
                }
            }
            _ => panic!("server exited before listening"),
        }
    }
}

async fn token(base: &str) -> String {
    let v: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/token"))
        .json(&serde_json::json!({"username": "admin.sukamaju", "password": kotacerdas_store::demo::PASSWORD}))
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("json");
    v["token"].as_str().expect("token").to_string()
}

async fn crash_during_writes(backend: Backend) {
    let url = fresh_database(backend).await;
    let dir = temp_dir("crash");
    let (mut child, base) = start(&url, &dir);
    let bearer = token(&base).await;
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().expect("client");
    let mut writers = Vec::new();
    for w in 0..6 {
        let (client, base, bearer, acked) = (client.clone(), base.clone(), bearer.clone(), acked.clone());
        writers.push(tokio::spawn(async move {
            for i in 0..10_000 {
                let short = format!("K{w}-{i}");
                let sent = client
                    .post(format!("{base}/api/v1/regions/99.01/opds"))
                    .bearer_auth(&bearer)
                    .json(&serde_json::json!({"name": format!("Unit uji {w}-{i}"), "short_name": short}))
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status() == reqwest::StatusCode::CREATED => acked.lock().await.push(short),
                    Ok(r) => panic!("unexpected status {}", r.status()),
                    Err(_) => return, // the server is gone
                }
            }
        }));
    }
    // Let writes flow, then kill the server mid-stream.
    let deadline = Instant::now() + Duration::from_secs(20);
    while acked.lock().await.len() < 150 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
    for w in writers {
        w.await.expect("writer task");
    }
    let acked = acked.lock().await.clone();
    assert!(acked.len() >= 20, "too few writes acknowledged before the kill: {}", acked.len());

    let (mut child, base) = start(&url, &dir);
    let conn = kotacerdas_store::db::connect(&url).await.expect("connect");
    assert!(kotacerdas_store::db::integrity_ok(&conn).await.expect("integrity check"), "integrity check failed");
    let region = kotacerdas_store::regions::by_code(&conn, "99.01").await.expect("region");
    let present: std::collections::HashSet<String> =
        kotacerdas_store::opds::list(&conn, region.id).await.expect("opds").into_iter().map(|o| o.short_name).collect();
    let lost: Vec<&String> = acked.iter().filter(|s| !present.contains(*s)).collect();
    assert!(
        lost.is_empty(),
        "{} acknowledged writes lost after the crash, e.g. {:?}",
        lost.len(),
        &lost[..lost.len().min(5)]
    );
    // And the restarted server serves them.
    let (status, _) = (reqwest::get(format!("{base}/healthz")).await.expect("health").status(), ());
    assert_eq!(status, reqwest::StatusCode::OK);
    child.kill().expect("stop");
    child.wait().expect("reap");
    println!("{backend:?}: {} acknowledged writes, all present after SIGKILL and restart", acked.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_during_writes_loses_nothing_sqlite() {
    crash_during_writes(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_during_writes_loses_nothing_postgres() {
    crash_during_writes(Backend::Postgres).await;
}
