//! What the servers keep in memory stays true. Sessions and principals are remembered while the
//! `auth` version stands, and every kind of change to who may do what (a role removed, an account
//! disabled, a password reset, a display name) binds the next request on the *other* server of
//! two on one database. Public pages are kept as finished bytes: the same bytes under a strong
//! ETag, `304` for a reader who has them, no cookie for anybody, compressed bodies that decode to
//! the very page, and a change made through one server shows on the other.

use crate::harness::{fresh_database, temp_dir, Backend, Browser, TestApp};
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, ETAG, IF_NONE_MATCH, SET_COOKIE};
use reqwest::StatusCode;
use std::io::Read;

/// The same signed-in browser (one cookie jar: cookies do not tell ports apart) aimed at `base`.
fn on(b: &Browser, base: &str) -> Browser {
    Browser { client: b.client.clone(), base: base.to_string(), csrf: b.csrf.clone() }
}

async fn user_id(app: &TestApp, name: &str) -> i64 {
    kotacerdas_store::accounts::users::by_username(&app.db, name).await.expect("user").id
}

async fn changes_to_access_bind_the_other_server(backend: Backend) {
    let url = fresh_database(backend).await;
    let files = temp_dir("shared-files");
    let a = TestApp::spawn_on(backend, &url, files.clone(), true).await;
    let b = TestApp::spawn_on(backend, &url, files, false).await;
    let admin = a.login("program").await;

    // A role removed through A: the planner's next page on B is refused.
    let planner = on(&a.login("perencana.dinkes").await, &b.base);
    for _ in 0..3 {
        assert_eq!(planner.get("/regions/99.01/programmes").await.0, StatusCode::OK, "remembered on B");
    }
    let pid = user_id(&a, "perencana.dinkes").await;
    let roles = kotacerdas_store::accounts::users::assignment_rows(&a.db, Some(pid)).await.expect("roles");
    for r in &roles {
        let (s, _) = admin.post(&format!("/admin/users/{pid}/roles/{}/delete", r.id), &[]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
    }
    let (s, _) = planner.get("/regions/99.01/programmes").await;
    assert!(matches!(s, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "role removed on A, B answered {s}");

    // An account disabled through A: signed out on B at once, and its writes refused too.
    let council = on(&a.login("dewan.sukamaju").await, &b.base);
    assert_eq!(council.get("/regions/99.01").await.0, StatusCode::OK);
    let cid = user_id(&a, "dewan.sukamaju").await;
    assert_eq!(
        admin.post(&format!("/admin/users/{cid}/disable"), &[("disabled", "true")]).await.0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        council.get_location("/regions/99.01").await,
        (StatusCode::SEE_OTHER, Some("/login?next=%2Fregions%2F99.01".into()))
    );

    // A password reset through A ends the expert's session on B.
    let expert = on(&a.login("ahli").await, &b.base);
    assert_eq!(expert.get("/regions/99.01").await.0, StatusCode::OK);
    let eid = user_id(&a, "ahli").await;
    let (s, _) = admin.post(&format!("/admin/users/{eid}/password"), &[("password", "sandi-baru-untuk-ahli")]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(expert.get("/regions/99.01").await.0, StatusCode::SEE_OTHER, "signed out on B");

    // A new display name saved on A shows in B's header on the next page.
    let manager = a.login("admin.sukamaju").await;
    let on_b = on(&manager, &b.base);
    assert!(!on_b.get("/regions/99.01").await.1.contains("Ibu Ratna Sari Dewi"));
    let (s, _) = manager.post("/account", &[("display_name", "Ibu Ratna Sari Dewi"), ("email", "")]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(on_b.get("/regions/99.01").await.1.contains("Ibu Ratna Sari Dewi"), "B shows the new name");

    // Signing out on A: the same session is gone on B.
    let (s, _) = manager.post("/logout", &[]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(on_b.get("/regions/99.01").await.0, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_to_access_bind_the_other_server_postgres() {
    changes_to_access_bind_the_other_server(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_to_access_bind_the_other_server_sqlite() {
    changes_to_access_bind_the_other_server(Backend::Sqlite).await;
}

struct Got {
    status: StatusCode,
    etag: Option<String>,
    encoding: Option<String>,
    cache: Option<String>,
    cookies: usize,
    body: Vec<u8>,
}

async fn fetch(base: &str, path: &str, encoding: Option<&str>, known: Option<&str>) -> Got {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let mut req = client.get(format!("{base}{path}"));
    if let Some(e) = encoding {
        req = req.header(ACCEPT_ENCODING, e);
    }
    if let Some(k) = known {
        req = req.header(IF_NONE_MATCH, k);
    }
    let r = req.send().await.expect("GET");
    let h = |n| r.headers().get(n).and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok()).map(str::to_string);
    let (etag, encoding, cache) = (h(ETAG), h(CONTENT_ENCODING), h(CACHE_CONTROL));
    let cookies = r.headers().get_all(SET_COOKIE).iter().count();
    let status = r.status();
    Got { status, etag, encoding, cache, cookies, body: r.bytes().await.expect("body").to_vec() }
}

fn decoded(g: &Got) -> Vec<u8> {
    let mut out = Vec::new();
    match g.encoding.as_deref() {
        Some("gzip") => {
            flate2::read::GzDecoder::new(&g.body[..]).read_to_end(&mut out).expect("gzip");
        }
        Some("br") => {
            brotli::Decompressor::new(&g.body[..], 4096).read_to_end(&mut out).expect("brotli");
        }
        None => out = g.body.clone(),
        Some(other) => panic!("unexpected encoding {other}"),
    }
    out
}

async fn public_pages_are_served_like_files(backend: Backend) {
    let url = fresh_database(backend).await;
    let files = temp_dir("shared-files");
    let a = TestApp::spawn_on(backend, &url, files.clone(), true).await;
    let b = TestApp::spawn_on(backend, &url, files, false).await;
    let sessions = kotacerdas_store::accounts::sessions::count(&a.db).await.expect("count");
    for path in ["/publik", "/publik/99.01", "/publik/99.01/pemantauan"] {
        let plain = fetch(&b.base, path, None, None).await;
        assert_eq!(plain.status, StatusCode::OK, "{path}");
        assert_eq!(plain.cookies, 0, "{path}: no cookie for a reader");
        assert_eq!(plain.cache.as_deref(), Some("public, no-cache"), "{path}");
        let etag = plain.etag.clone().expect("an ETag");
        assert!(etag.starts_with('"'), "a strong ETag: {etag}");
        for coding in ["gzip", "br"] {
            let packed = fetch(&b.base, path, Some(coding), None).await;
            assert_eq!(packed.encoding.as_deref(), Some(coding), "{path}");
            assert!(packed.body.len() < plain.body.len() / 2, "{path}: {coding} is smaller");
            assert!(decoded(&packed) == plain.body, "{path}: {coding} decodes to the same page");
            assert_eq!(packed.etag.as_deref(), Some(etag.as_str()));
        }
        let again = fetch(&b.base, path, Some("gzip, br"), Some(&etag)).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path}");
        assert!(again.body.is_empty());
        assert_eq!(fetch(&b.base, path, None, Some("\"other\"")).await.status, StatusCode::OK);
    }
    assert_eq!(kotacerdas_store::accounts::sessions::count(&a.db).await.expect("count"), sessions, "no session rows");

    // A streamed national export, compressed on the fly, arrives whole (the compressor polls the
    // stream once more after its end).
    let plain = fetch(&b.base, "/api/v1/national/budgets.csv", None, None).await;
    assert_eq!(plain.status, StatusCode::OK);
    for coding in ["gzip", "br"] {
        let packed = fetch(&b.base, "/api/v1/national/budgets.csv", Some(coding), None).await;
        assert_eq!(packed.encoding.as_deref(), Some(coding));
        assert!(decoded(&packed) == plain.body, "national budgets.csv in {coding} decodes to the plain file");
    }

    // A consultation opened through A: A's next answer has it, B's within its version poll.
    let before = fetch(&b.base, "/publik/99.01", None, None).await.etag;
    let manager = a.login("admin.sukamaju").await;
    let today = chrono::Utc::now().date_naive();
    let closes = (today + chrono::Duration::days(30)).to_string();
    let (s, _) = manager
        .post(
            "/regions/99.01/participation/consultations",
            &[
                ("title", "Konsultasi Uji Tembolok"),
                ("description", "Uji"),
                ("opens_on", &today.to_string()),
                ("closes_on", &closes),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let on_a = fetch(&a.base, "/publik/99.01", None, None).await;
    assert!(String::from_utf8_lossy(&on_a.body).contains("Konsultasi Uji Tembolok"), "A shows it at once");
    let mut seen = false;
    for _ in 0..40 {
        let g = fetch(&b.base, "/publik/99.01", None, before.as_deref()).await;
        if g.status == StatusCode::OK && String::from_utf8_lossy(&g.body).contains("Konsultasi Uji Tembolok") {
            assert_ne!(g.etag, before, "a new ETag for new bytes");
            seen = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(seen, "B serves the change within two seconds");

    // Signed-in pages are compressed too, and decode to the same page.
    let browser = on(&manager, &b.base);
    // (The first page after the post shows its one-time confirmation; compare the next two.)
    assert_eq!(browser.get("/regions/99.01").await.0, StatusCode::OK);
    let plain = browser.client.get(format!("{}/regions/99.01/programmes", b.base)).send().await.expect("page");
    assert_eq!(plain.headers().get(CONTENT_ENCODING), None);
    let plain = plain.bytes().await.expect("bytes").to_vec();
    let r = browser
        .client
        .get(format!("{}/regions/99.01/programmes", b.base))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .expect("page");
    assert_eq!(r.headers().get(CACHE_CONTROL).and_then(|v| v.to_str().ok()), Some("no-store"));
    let packed = Got {
        status: r.status(),
        etag: None,
        encoding: r.headers().get(CONTENT_ENCODING).and_then(|v| v.to_str().ok()).map(str::to_string),
        cache: None,
        cookies: 0,
        body: r.bytes().await.expect("bytes").to_vec(),
    };
    assert_eq!(packed.status, StatusCode::OK);
    assert_eq!(packed.encoding.as_deref(), Some("gzip"));
    assert!(decoded(&packed) == plain, "the gzip body decodes to the same page");

    // Static assets: the page links them by fingerprint, and that address is immutable.
    let html = String::from_utf8(plain).expect("utf-8");
    let css = html.split("href=\"/static/app.css?v=").nth(1).and_then(|r| r.split('"').next()).expect("css link");
    let r = fetch(&b.base, &format!("/static/app.css?v={css}"), Some("br"), None).await;
    assert_eq!(r.cache.as_deref(), Some("public, max-age=31536000, immutable"));
    assert_eq!(r.encoding.as_deref(), Some("br"));
    let old = fetch(&b.base, "/static/app.css?v=0000000000", None, None).await;
    assert_eq!(old.cache.as_deref(), Some("public, max-age=300"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_pages_are_served_like_files_postgres() {
    public_pages_are_served_like_files(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_pages_are_served_like_files_sqlite() {
    public_pages_are_served_like_files(Backend::Sqlite).await;
}
