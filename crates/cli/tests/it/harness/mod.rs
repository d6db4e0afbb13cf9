//! The test harness: a real kotacerdas server on a free port with a fresh database, on SQLite
//! or PostgreSQL. Every test is written once and run on both backends by [`both!`].
#![allow(dead_code)]

use kotacerdas_store::{db, files::Storage};
use kotacerdas_web::{AppState, WebSettings};
use rand::Rng;
use reqwest::redirect::Policy;
use reqwest::{Client, StatusCode};
use sea_orm::DatabaseConnection;
use std::path::PathBuf;
use std::sync::Once;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// PostgreSQL server for tests (trust auth on these machines); override with KOTACERDAS_TEST_PG.
pub fn pg_server() -> String {
    std::env::var("KOTACERDAS_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_string())
}

static CLEAN: Once = Once::new();

/// Drop test databases left behind by earlier runs (a crashed run cannot clean up after itself).
fn drop_stale_databases() {
    CLEAN.call_once(|| {
        let list = std::process::Command::new("psql")
            .args([
                &format!("{}/postgres", pg_server()),
                "-Atc",
                "SELECT datname FROM pg_database WHERE datname LIKE 'kc_test_%'",
            ])
            .output();
        if let Ok(out) = list {
            let me = format!("kc_test_{}_", std::process::id());
            for name in String::from_utf8_lossy(&out.stdout).lines().filter(|n| !n.starts_with(&me)) {
                // Only databases of test processes that are gone: another test binary may be running.
                let pid_alive = name
                    .strip_prefix("kc_test_")
                    .and_then(|r| r.split('_').next())
                    .is_some_and(|pid| std::path::Path::new(&format!("/proc/{pid}")).exists());
                if pid_alive {
                    continue;
                }
                let _ = std::process::Command::new("psql")
                    .args([
                        &format!("{}/postgres", pg_server()),
                        "-qc",
                        &format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
                    ])
                    .output();
            }
        }
    });
}

pub fn temp_dir(label: &str) -> PathBuf {
    let n: u64 = rand::thread_rng().gen();
    let dir = std::env::temp_dir().join(format!("kc-test-{label}-{}-{n:x}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A fresh, empty database of the given kind; returns its URL.
pub async fn fresh_database(backend: Backend) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}/test.db", temp_dir("db").display()),
        Backend::Postgres => {
            drop_stale_databases();
            let n: u64 = rand::thread_rng().gen();
            let name = format!("kc_test_{}_{n:x}", std::process::id());
            let admin = sqlx::PgPool::connect(&format!("{}/postgres", pg_server()))
                .await
                .expect("PostgreSQL must run on 127.0.0.1:5432 for the tests (bash .ci/run starts it)");
            sqlx::query(&format!("CREATE DATABASE \"{name}\"")).execute(&admin).await.expect("create test database");
            admin.close().await;
            format!("{}/{name}", pg_server())
        }
    }
}

pub struct TestApp {
    pub backend: Backend,
    pub base: String,
    pub db: DatabaseConnection,
    pub database_url: String,
    pub storage_dir: PathBuf,
}

impl TestApp {
    /// A server with the demo data set loaded.
    pub async fn spawn(backend: Backend) -> TestApp {
        let url = fresh_database(backend).await;
        let storage_dir = temp_dir("files");
        Self::spawn_on(backend, &url, storage_dir, true).await
    }

    /// A server on an existing database and file store (e.g. a second server of a cluster).
    pub async fn spawn_on(backend: Backend, url: &str, storage_dir: PathBuf, demo_data: bool) -> TestApp {
        let storage = Storage::from_config(storage_dir.to_str().expect("utf-8 path")).expect("storage");
        Self::spawn_with(backend, url, storage, storage_dir, demo_data).await
    }

    /// A server on an existing database with the given file store (e.g. an S3 bucket).
    pub async fn spawn_with(
        backend: Backend,
        url: &str,
        storage: Storage,
        storage_dir: PathBuf,
        demo_data: bool,
    ) -> TestApp {
        let conn = db::open(url).await.expect("open database");
        if demo_data {
            kotacerdas_demo::load_if_empty(&conn).await.expect("load demo");
        }
        let read = db::read_pool(url, &conn).await.expect("read pool");
        let state = AppState::new(conn.clone(), storage, WebSettings::default()).with_read_pool(read);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(kotacerdas_web::serve(state, listener));
        TestApp { backend, base, db: conn, database_url: url.to_string(), storage_dir }
    }

    /// A browser-like client (cookies, no redirect following) that has not signed in.
    pub fn anonymous(&self) -> Browser {
        Browser {
            client: Client::builder().cookie_store(true).redirect(Policy::none()).build().expect("client"),
            base: self.base.clone(),
            csrf: String::new(),
        }
    }

    /// A client signed in as one of the demo accounts.
    pub async fn login(&self, username: &str) -> Browser {
        let mut b = self.anonymous();
        let (status, _) = b.login(username, kotacerdas_demo::PASSWORD).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "login as {username}");
        b.refresh_csrf().await;
        b
    }

    /// A bearer token for a demo account.
    pub async fn token(&self, username: &str) -> String {
        let resp = reqwest::Client::new()
            .post(format!("{}/api/v1/auth/token", self.base))
            .json(&serde_json::json!({"username": username, "password": kotacerdas_demo::PASSWORD}))
            .send()
            .await
            .expect("token request");
        assert_eq!(resp.status(), StatusCode::OK);
        let v: serde_json::Value = resp.json().await.expect("json");
        v["token"].as_str().expect("token").to_string()
    }

    pub fn api(&self, token: &str) -> Api {
        Api { client: Client::new(), base: self.base.clone(), token: token.to_string() }
    }
}

/// The CSRF token inside a page's forms.
pub fn csrf_in(html: &str) -> Option<String> {
    let i = html.find("name=\"_csrf\" value=\"")?;
    let rest = &html[i + 20..];
    Some(rest[..rest.find('"')?].to_string())
}

pub struct Browser {
    pub client: Client,
    pub base: String,
    pub csrf: String,
}

impl Browser {
    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let r = self.client.get(format!("{}{path}", self.base)).send().await.expect("GET");
        let s = r.status();
        (s, r.text().await.unwrap_or_default())
    }

    /// The status and redirect target of a GET.
    pub async fn get_location(&self, path: &str) -> (StatusCode, Option<String>) {
        let r = self.client.get(format!("{}{path}", self.base)).send().await.expect("GET");
        let loc = r.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string);
        (r.status(), loc)
    }

    /// Post a form with this session's CSRF token added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let mut all: Vec<(&str, &str)> = vec![("_csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Post exactly these fields (no CSRF token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let r = self.client.post(format!("{}{path}", self.base)).form(fields).send().await.expect("POST");
        let s = r.status();
        (s, r.text().await.unwrap_or_default())
    }

    pub async fn refresh_csrf(&mut self) {
        let (_, html) = self.get("/login").await;
        let html = if csrf_in(&html).is_some() { html } else { self.get("/regions").await.1 };
        self.csrf = csrf_in(&html).expect("a page with a CSRF token");
    }

    pub async fn login(&mut self, username: &str, password: &str) -> (StatusCode, String) {
        let (_, html) = self.get("/login").await;
        self.csrf = csrf_in(&html).expect("login form has a CSRF token");
        self.post("/login", &[("username", username), ("password", password)]).await
    }
}

pub struct Api {
    pub client: Client,
    pub base: String,
    pub token: String,
}

impl Api {
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (StatusCode, serde_json::Value) {
        let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self.client.request(m, format!("{}{path}", self.base)).bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.expect("API request");
        let s = r.status();
        let text = r.text().await.unwrap_or_default();
        (s, serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)))
    }
    pub async fn get(&self, path: &str) -> (StatusCode, serde_json::Value) {
        self.send("GET", path, None).await
    }
    pub async fn post(&self, path: &str, body: serde_json::Value) -> (StatusCode, serde_json::Value) {
        self.send("POST", path, Some(body)).await
    }
}

/// Write a test once; run it on SQLite and on PostgreSQL (`name::sqlite`, `name::postgres`).
#[macro_export]
macro_rules! both {
    (async fn $name:ident($app:ident: TestApp) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($app: $crate::harness::TestApp) $body
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run($crate::harness::TestApp::spawn($crate::harness::Backend::Sqlite).await).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                run($crate::harness::TestApp::spawn($crate::harness::Backend::Postgres).await).await
            }
        }
    };
}

/// Run a tool (pdftotext, pdfinfo, unzip …) on bytes saved to a file; "{}" in `args` stands for
/// the file's path. Its standard output as text.
pub fn tool_on(name: &str, args: &[&str], bytes: &[u8], ext: &str) -> String {
    let dir = temp_dir("tool");
    let file = dir.join(format!("doc.{ext}"));
    std::fs::write(&file, bytes).expect("write");
    let path = file.to_str().expect("path").to_string();
    let all: Vec<&str> = args.iter().map(|a| if *a == "{}" { path.as_str() } else { a }).collect();
    let out = std::process::Command::new(name)
        .args(&all)
        .output()
        .unwrap_or_else(|e| panic!("{name} (install poppler-utils): {e}"));
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A GET's status and body bytes (a PDF, a DOCX).
pub async fn bytes(b: &Browser, path: &str) -> (StatusCode, Vec<u8>) {
    let r = b.client.get(format!("{}{path}", b.base)).send().await.expect("GET");
    (r.status(), r.bytes().await.expect("body").to_vec())
}

/// Take a region's stages 1–3 to "approved" (start, submit, approve as needed), as a book
/// version may be submitted only then.
pub async fn approve_stages(db: &DatabaseConnection, region_id: i64) {
    use kotacerdas_domain::stage::{StageAction, StageStatus};
    use kotacerdas_store::region::stages;
    let sys = kotacerdas_store::Actor::system("uji tahap");
    for n in 1..=3 {
        loop {
            let s = stages::get(db, region_id, n).await.expect("stage");
            let action = match StageStatus::parse(&s.status) {
                Some(StageStatus::Approved) => break,
                Some(StageStatus::NotStarted) => StageAction::Start,
                Some(StageStatus::Submitted) => StageAction::Approve,
                _ => StageAction::Submit,
            };
            stages::act(db, &sys, region_id, n, action, "").await.expect("stage step");
        }
    }
}

/// The region's book (Indonesian PDF) made by the CLI (`kotacerdas book`) on the app's database:
/// the file's path.
pub fn cli_book(app: &TestApp, region: &str) -> PathBuf {
    let pdf = temp_dir("cli-book").join("masterplan.pdf");
    let pdf_s = pdf.to_str().expect("path");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kotacerdas"))
        .args(["book", "--region", region, "--out", pdf_s, "--database-url", &app.database_url])
        .output()
        .expect("run book");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    pdf
}
