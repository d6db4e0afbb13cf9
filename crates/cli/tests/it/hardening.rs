//! Hardening (issue 13): what a careless or hostile client can send, and what the machine can do
//! to us (the database gone for a while, the disk full). Each test here failed before its fix.

use crate::harness;

use reqwest::StatusCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Our error page (bilingual) rather than the framework's plain text.
fn is_our_error_page(html: &str) -> bool {
    html.contains("<!doctype html>") || html.contains("<!DOCTYPE html>")
}

crate::both!(
    async fn money_cannot_overflow_a_total(app: TestApp) {
        let planner = app.login("perencana.dinkes").await;
        let region = kotacerdas_store::region::regions::by_code(&app.db, "99.01").await.expect("region");
        let opds = kotacerdas_store::region::opds::list(&app.db, region.id).await.expect("opds");
        let dinkes = opds.iter().find(|o| o.short_name == "Dinkes").expect("opd").id.to_string();
        let max = i64::MAX.to_string();
        let fields = [
            ("opd_id", dinkes.as_str()),
            ("element_code", "LIV-HE"),
            ("name", "Program raksasa"),
            ("description", "Anggaran tak masuk akal"),
            ("horizon", "short"),
            ("start_year", "2025"),
            ("end_year", "2026"),
            ("budget.2025.apbd", max.as_str()),
            ("budget.2026.apbd", max.as_str()),
        ];
        let (s, html) = planner.post("/regions/99.01/programmes/new", &fields).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a cell beyond Rp 100 triliun is refused");
        assert!(html.contains("Paling besar Rp 100 triliun"), "the message says the limit");

        // Rows written before the cap existed (or by hand) must not break any total either.
        use sea_orm::ConnectionTrait;
        app.db
            .execute_unprepared(&format!(
                "UPDATE programme_budgets SET amount = {max} WHERE id IN (SELECT id FROM programme_budgets ORDER BY id LIMIT 3)"
            ))
            .await
            .expect("legacy rows");
        let office = app.login("program").await;
        for path in
            ["/national", "/national.csv", "/national.xlsx", "/regions/99.01/programmes", "/regions/99.01/budget"]
        {
            let (s, _) = office.get(path).await;
            assert_eq!(s, StatusCode::OK, "{path}");
        }
        let api = app.api(&app.token("program").await);
        let (s, v) = api.get("/api/v1/national/summary").await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let (s, _) = app.anonymous().get("/api/v1/national/programmes.csv").await;
        assert_eq!(s, StatusCode::OK);
    }
);

crate::both!(
    async fn every_refusal_is_our_page_or_our_json(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        // A path parameter that does not parse.
        let (s, html) = admin.get("/regions/99.01/programmes/abc").await;
        assert!(s.is_client_error(), "{s}");
        assert!(is_our_error_page(&html), "{html}");
        // A query parameter that does not parse.
        let (s, html) = admin.get("/regions/99.01/monitoring?year=abc").await;
        assert!(s.is_client_error() || s == StatusCode::OK, "{s}");
        assert!(is_our_error_page(&html));
        // 405 with Allow kept.
        let resp = admin.client.get(format!("{}/logout", app.base)).send().await.expect("405");
        assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert!(resp.headers().get("allow").is_some(), "Allow header kept");
        assert!(is_our_error_page(&resp.text().await.expect("body")));
        // The API answers JSON: a bad path parameter, a body of the wrong type, a wrong method.
        let token = app.token("admin.sukamaju").await;
        let client = reqwest::Client::new();
        let resp = client
            .get(format!("{}/api/v1/regions/99.01/opds/abc", app.base))
            .bearer_auth(&token)
            .send()
            .await
            .expect("api");
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let v: serde_json::Value = resp.json().await.expect("json error");
        assert!(v["error"] == "bad_request" && v["message"].is_string(), "{v}");
        let resp = client.get(format!("{}/api/v1/no/such/thing", app.base)).send().await.expect("api 404");
        assert_eq!(resp.status(), StatusCode::NOT_FOUND);
        let v: serde_json::Value = resp.json().await.expect("json 404");
        assert_eq!(v["error"], "not_found");
        let resp = client
            .post(format!("{}/api/v1/cohorts", app.base))
            .bearer_auth(app.token("program").await)
            .header("content-type", "text/plain")
            .body("year=2030")
            .send()
            .await
            .expect("415");
        assert!(matches!(resp.status().as_u16(), 400 | 415), "{}", resp.status());
        let v: serde_json::Value = resp.json().await.expect("json error");
        assert!(v["error"].is_string(), "{v}");
        let resp = client
            .post(format!("{}/api/v1/cohorts", app.base))
            .bearer_auth(app.token("program").await)
            .header("content-type", "application/json")
            .body("{\"year\": ")
            .send()
            .await
            .expect("bad json");
        assert!(resp.status().is_client_error());
        let v: serde_json::Value = resp.json().await.expect("json error");
        assert!(v["error"].is_string(), "{v}");
    }
);

crate::both!(
    async fn a_panic_is_contained_and_the_server_keeps_serving(app: TestApp) {
        let b = app.anonymous();
        let resp = b.client.get(format!("{}/__test/panic", app.base)).send().await.expect("panic route");
        assert_eq!(resp.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let id = resp.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_string);
        assert!(id.is_some_and(|i| i.len() >= 8), "the answer names the request id the log carries");
        let html = resp.text().await.expect("body");
        assert!(is_our_error_page(&html) && html.contains("dicatat"), "our 500 page, not a dropped connection");
        for _ in 0..3 {
            assert_eq!(b.get("/healthz").await.0, StatusCode::OK, "still serving");
        }
    }
);

crate::both!(
    async fn metrics_stay_bounded_whatever_the_method(app: TestApp) {
        let client = reqwest::Client::new();
        let before = client.get(format!("{}/metrics", app.base)).send().await.expect("m").text().await.expect("t");
        for i in 0..100 {
            let name = format!("M{i}X{}", "Q".repeat(if i == 0 { 8_000 } else { i }));
            let method = reqwest::Method::from_bytes(name.as_bytes()).expect("method token");
            let s = client.request(method, format!("{}/publik", app.base)).send().await.map(|r| r.status());
            if let Ok(s) = s {
                assert!(s.is_client_error(), "odd method answered {s}");
            }
        }
        let after = client.get(format!("{}/metrics", app.base)).send().await.expect("m").text().await.expect("t");
        let series = |t: &str| t.lines().filter(|l| l.starts_with("kotacerdas_http_requests_total")).count();
        assert!(series(&after) <= series(&before) + 3, "{} → {}", series(&before), series(&after));
        assert!(!after.contains("QQQQ"), "no client text becomes a label");
        assert!(after.contains("method=\"OTHER\""));
        assert!(after.contains("kotacerdas_http_request_duration_seconds_bucket"), "latency histograms");
    }
);

/// A TCP proxy in front of PostgreSQL that can be "restarted": while down, it resets every open
/// connection and refuses new ones, which is what the server sees when PostgreSQL restarts.
struct Flaky {
    addr: std::net::SocketAddr,
    down: Arc<AtomicBool>,
    epoch: Arc<std::sync::atomic::AtomicU64>,
}

impl Flaky {
    async fn start(upstream: &str) -> Flaky {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("addr");
        let down = Arc::new(AtomicBool::new(false));
        let epoch = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let (d, e, up) = (down.clone(), epoch.clone(), upstream.to_string());
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if d.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let (d, e, up) = (d.clone(), e.clone(), up.clone());
                tokio::spawn(async move {
                    let Ok(mut server) = tokio::net::TcpStream::connect(&up).await else { return };
                    let born = e.load(Ordering::SeqCst);
                    let pipe = tokio::io::copy_bidirectional(&mut client, &mut server);
                    let cut = async {
                        loop {
                            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                            if d.load(Ordering::SeqCst) || e.load(Ordering::SeqCst) != born {
                                return;
                            }
                        }
                    };
                    tokio::select! { _ = pipe => {}, _ = cut => {} }
                });
            }
        });
        Flaky { addr, down, epoch }
    }
    fn set_down(&self, down: bool) {
        self.epoch.fetch_add(1, Ordering::SeqCst);
        self.down.store(down, Ordering::SeqCst);
    }
}

/// PostgreSQL only: SQLite lives in the server's own process, there is no connection to lose.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restarting_under_load_gives_503_then_recovers_with_nothing_lost() {
    // The server's log in the test output: what it says during the outage is part of the answer.
    let _ = tracing_subscriber::fmt().with_env_filter("warn").with_test_writer().try_init();
    let url = harness::fresh_database(harness::Backend::Postgres).await;
    let upstream = harness::pg_server().rsplit('@').next().unwrap_or("127.0.0.1:5432").to_string();
    let proxy = Flaky::start(&upstream).await;
    let via_proxy = url.replacen(&upstream, &proxy.addr.to_string(), 1);
    let app =
        harness::TestApp::spawn_on(harness::Backend::Postgres, &via_proxy, harness::temp_dir("flaky"), true).await;
    let api = app.api(&app.token("program").await);
    // Acknowledged writes before the outage.
    for year in 2031..2034 {
        let (s, _) = api
            .post("/api/v1/cohorts", serde_json::json!({"year": year.to_string(), "name": format!("A{year}")}))
            .await;
        assert!(s.is_success(), "{s}");
    }
    // Load while PostgreSQL goes away: every answer is a quick, clear 503 (or a success from
    // before the cut), never a hang and never a 500.
    proxy.set_down(true);
    // The proxy cuts open connections on its next 50 ms tick: reads sent before it (a warm server
    // answers six in under 30 ms) would still succeed and the outage would go unseen.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(20)).build().expect("client");
    let mut unavailable = 0;
    let mut waits = Vec::new();
    for _ in 0..6 {
        let t = std::time::Instant::now();
        let resp = client
            .get(format!("{}/api/v1/cohorts", app.base))
            .bearer_auth(&api.token)
            .send()
            .await
            .expect("an answer within 20 s, not a hang");
        waits.push(t.elapsed().as_millis());
        match resp.status() {
            StatusCode::SERVICE_UNAVAILABLE => {
                assert!(resp.headers().get("retry-after").is_some());
                let v: serde_json::Value = resp.json().await.expect("json");
                assert_eq!(v["error"], "unavailable");
                unavailable += 1;
            }
            s => assert!(s.is_success(), "during the outage: {s}"),
        }
    }
    let page = client.get(format!("{}/publik/99.01", app.base)).send().await.expect("page");
    assert!(matches!(page.status(), StatusCode::SERVICE_UNAVAILABLE | StatusCode::OK), "{}", page.status());
    eprintln!("outage: {unavailable} of 6 API reads answered 503; waits {waits:?} ms");
    assert!(unavailable >= 1, "the outage was noticed");
    // PostgreSQL is back: the server recovers by itself.
    proxy.set_down(false);
    let mut recovered = false;
    for _ in 0..60 {
        let (s, v) = api.get("/api/v1/cohorts").await;
        if s == StatusCode::OK {
            let years: Vec<String> = v
                .as_array()
                .expect("cohorts")
                .iter()
                .filter_map(|c| c["year"].as_i64().map(|y| y.to_string()).or(c["year"].as_str().map(str::to_string)))
                .collect();
            for y in ["2031", "2032", "2033"] {
                assert!(years.iter().any(|x| x == y), "acknowledged cohort {y} kept: {years:?}");
            }
            recovered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert!(recovered, "the server reconnects without a restart");
    let (s, _) = api.post("/api/v1/cohorts", serde_json::json!({"year": "2040", "name": "A2040"})).await;
    assert!(s.is_success(), "writes work again: {s}");
}

/// A small tmpfs (root only: the test machines and CI run as root; refuse loudly otherwise).
struct SmallDisk {
    dir: std::path::PathBuf,
}

impl SmallDisk {
    fn mount(label: &str, megabytes: u32) -> SmallDisk {
        let dir = harness::temp_dir(label);
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "the disk-full test mounts a tmpfs and needs root (as the test machines and CI have)");
        SmallDisk { dir }
    }
    /// Fill what is left with a file; returns its path (remove it to free the space).
    fn fill(&self) -> std::path::PathBuf {
        use std::io::Write;
        let path = self.dir.join("filler");
        let mut f = std::fs::File::create(&path).expect("filler");
        let block = vec![0u8; 64 * 1024];
        while f.write_all(&block).is_ok() {}
        let small = [0u8; 512];
        while f.write_all(&small).is_ok() {}
        let _ = f.flush();
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

crate::both!(
    async fn a_full_disk_gives_a_clear_answer_and_no_half_written_data(app: TestApp) {
        let _ = tracing_subscriber::fmt().with_env_filter("warn").with_test_writer().try_init();
        // The files: a full file store refuses an upload with 507 and leaves no row and no file.
        let disk = SmallDisk::mount("full-files", 64);
        let url = if app.backend == harness::Backend::Sqlite {
            // SQLite's file on the same small disk: the database fills up too.
            format!("sqlite://{}/kc.db", disk.dir.display())
        } else {
            harness::fresh_database(app.backend).await
        };
        let files = disk.dir.join("files");
        std::fs::create_dir_all(&files).expect("files dir");
        let small = harness::TestApp::spawn_on(app.backend, &url, files.clone(), true).await;
        let admin = small.login("admin.sukamaju").await;
        use sea_orm::{EntityTrait, PaginatorTrait};
        let stored_before =
            kotacerdas_store::entity::stored_file::Entity::find().count(&small.db).await.expect("count");
        let region = kotacerdas_store::region::regions::by_code(&small.db, "99.01").await.expect("region");
        let opds_before = kotacerdas_store::region::opds::list(&small.db, region.id).await.expect("opds").len();
        fn count(dir: &std::path::Path) -> usize {
            std::fs::read_dir(dir)
                .map(|d| d.filter_map(|e| e.ok()).map(|e| if e.path().is_dir() { count(&e.path()) } else { 1 }).sum())
                .unwrap_or(0)
        }
        let count_files = || count(&files);
        let files_before = count_files();
        let filler = disk.fill();

        // Form posts that write rows until the disk refuses: each is either whole (303 and the
        // row is there) or refused with 507 and our page (and no row).
        let mut saved = 0;
        if app.backend == harness::Backend::Sqlite {
            let mut refused = None;
            for i in 0..400 {
                let name = format!("Dinas Uji Disk Penuh {i} {}", "x".repeat(150));
                let (s, html) =
                    admin.post("/regions/99.01/opds/new", &[("name", &name), ("short_name", &format!("D{i}"))]).await;
                match s {
                    StatusCode::SEE_OTHER => saved += 1,
                    other => {
                        refused = Some((other, html));
                        break;
                    }
                }
            }
            let (s, html) = refused.expect("the small disk fills up");
            assert_eq!(s, StatusCode::INSUFFICIENT_STORAGE, "{html}");
            assert!(html.contains("penyimpanan") && is_our_error_page(&html));
            let opds_now =
                kotacerdas_store::region::opds::list(&small.db, region.id).await.map(|o| o.len()).unwrap_or(0);
            // The refused request either wrote nothing, or its row is whole and only the session
            // (saved after the handler) could not be written; its message then says so.
            let late = html.contains("mungkin sudah tersimpan");
            assert_eq!(opds_now, opds_before + saved + usize::from(late), "every acknowledged row, none half-written");
            saved += usize::from(late);
        }
        // An upload (readiness evidence, a PDF) onto the full file store.
        let mut pdf = b"%PDF-1.4\n".to_vec();
        pdf.extend(std::iter::repeat_n(b'%', 300_000));
        let form = reqwest::multipart::Form::new()
            .text("cell", "INF-TIK.GOV")
            .part("file", reqwest::multipart::Part::bytes(pdf).file_name("bukti.pdf"));
        let resp = admin
            .client
            .post(format!("{}/regions/99.01/readiness/evidence?_csrf={}", small.base, admin.csrf))
            .multipart(form)
            .send()
            .await
            .expect("upload");
        assert_eq!(resp.status(), StatusCode::INSUFFICIENT_STORAGE, "a clear refusal, not a 500");
        let stored_now =
            kotacerdas_store::entity::stored_file::Entity::find().count(&small.db).await.unwrap_or(stored_before);
        assert_eq!(stored_now, stored_before, "no stored-file row");
        assert_eq!(count_files(), files_before, "no half-written file left by the refused upload");

        // Space again: the same post works, nothing was lost.
        std::fs::remove_file(&filler).expect("free the disk");
        let (s, _) =
            admin.post("/regions/99.01/opds/new", &[("name", "Dinas Uji Disk Penuh"), ("short_name", "DUDP")]).await;
        assert!(s == StatusCode::SEE_OTHER || s == StatusCode::OK, "{s}");
        let opds_now = kotacerdas_store::region::opds::list(&small.db, region.id).await.expect("opds").len();
        assert_eq!(opds_now, opds_before + saved + 1);
        drop(small);
    }
);
