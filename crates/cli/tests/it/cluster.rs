//! Stateless servers: two servers on one database share sessions, files and rate limits.

use crate::harness::{csrf_in, fresh_database, temp_dir, Backend, TestApp};
use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::redirect::Policy;
use reqwest::StatusCode;

async fn two_servers(backend: Backend) {
    let url = fresh_database(backend).await;
    let files = temp_dir("shared-files");
    let a = TestApp::spawn_on(backend, &url, files.clone(), true).await;
    let b = TestApp::spawn_on(backend, &url, files, false).await;
    let client = reqwest::Client::builder().redirect(Policy::none()).build().expect("client");

    // Sign in on server A, by hand, to carry the session cookie to server B ourselves.
    let r = client.get(format!("{}/login", a.base)).send().await.expect("login form");
    assert_eq!(session_cookie(&r), None, "the login form makes no session");
    let csrf_cookie = cookie(&r, "kotacerdas_csrf").expect("the form's token as a cookie");
    let token = csrf_in(&r.text().await.expect("html")).expect("csrf");
    let r = client
        .post(format!("{}/login", a.base))
        .header(COOKIE, format!("kotacerdas_csrf={csrf_cookie}"))
        .form(&[("_csrf", token.as_str()), ("username", "admin.sukamaju"), ("password", kotacerdas_demo::PASSWORD)])
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let sid = session_cookie(&r).expect("a session id after login");
    let cookie = format!("kotacerdas_sid={sid}");

    // Server B knows the session: the workspace opens and a form posts with the same token.
    let r =
        client.get(format!("{}/regions/99.01", b.base)).header(COOKIE, &cookie).send().await.expect("workspace on B");
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.expect("html");
    assert!(html.contains("Kabupaten Sukamaju"));
    let csrf = csrf_in(&html).expect("csrf on B");
    let r = client
        .post(format!("{}/regions/99.01/opds/new", b.base))
        .header(COOKIE, &cookie)
        .form(&[("_csrf", csrf.as_str()), ("name", "Dinas Arsip dan Perpustakaan"), ("short_name", "Disarpus")])
        .send()
        .await
        .expect("post on B");
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "form posted through B with A's session");
    let list =
        client.get(format!("{}/regions/99.01/opds", a.base)).header(COOKIE, &cookie).send().await.expect("list on A");
    assert!(list.text().await.expect("html").contains("Disarpus"), "A sees what was saved through B");

    // A file uploaded through A is served by B.
    let pdf = b"%PDF-1.4\n% nota kesepakatan\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec();
    let form = reqwest::multipart::Form::new()
        .text("number", "119/NK/KOMDIGI/2024")
        .text("signed_on", "2024-03-04")
        .text("notes", "")
        .part(
            "file",
            reqwest::multipart::Part::bytes(pdf.clone())
                .file_name("mou.pdf")
                .mime_str("application/pdf")
                .expect("mime"),
        );
    let r = client
        .post(format!("{}/regions/99.01/mou?_csrf={csrf}", a.base))
        .header(COOKIE, &cookie)
        .multipart(form)
        .send()
        .await
        .expect("upload on A");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let region = kotacerdas_store::region::regions::by_code(&a.db, "99.01").await.expect("region");
    let file_id = kotacerdas_store::region::mou::get(&a.db, region.id)
        .await
        .expect("mou")
        .and_then(|m| m.file_id)
        .expect("file id");
    let r =
        client.get(format!("{}/files/{file_id}", b.base)).header(COOKIE, &cookie).send().await.expect("download on B");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.expect("bytes").to_vec(), pdf);

    // Signing out on B ends the session on A too.
    let r = client
        .post(format!("{}/logout", b.base))
        .header(COOKIE, &cookie)
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .expect("logout");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = client.get(format!("{}/regions/99.01", a.base)).header(COOKIE, &cookie).send().await.expect("after logout");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

fn session_cookie(r: &reqwest::Response) -> Option<String> {
    cookie(r, "kotacerdas_sid")
}

fn cookie(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers().get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|v| {
        v.strip_prefix(&format!("{name}=")).map(|rest| rest.split(';').next().unwrap_or_default().to_string())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_share_sessions_and_files_postgres() {
    two_servers(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_share_sessions_and_files_sqlite() {
    two_servers(Backend::Sqlite).await;
}

/// Rate limits hold across servers: a citizen spreading inputs over two servers of one database
/// still gets a 429 at the sixth within the window.
async fn rate_limits_are_shared(backend: Backend) {
    let url = fresh_database(backend).await;
    let files = temp_dir("shared-files");
    let a = TestApp::spawn_on(backend, &url, files.clone(), true).await;
    let b = TestApp::spawn_on(backend, &url, files, false).await;
    let region = kotacerdas_store::region::regions::by_code(&a.db, "99.01").await.expect("region");
    let cid = kotacerdas_store::participation::consultations(&a.db, region.id).await.expect("consultations")[0].id;
    let client = reqwest::Client::builder().redirect(Policy::none()).build().expect("client");
    let r = client.get(format!("{}/publik/99.01/konsultasi/{cid}", a.base)).send().await.expect("form");
    assert_eq!(session_cookie(&r), None, "looking at the form makes no session");
    let csrf_cookie = cookie(&r, "kotacerdas_csrf").expect("the form's token as a cookie");
    let token = csrf_in(&r.text().await.expect("html")).expect("csrf");
    let send = |base: String| {
        let client = client.clone();
        let (token, csrf_cookie) = (token.clone(), csrf_cookie.clone());
        async move {
            client
                .post(format!("{base}/publik/99.01/konsultasi/{cid}?_csrf={token}"))
                .header(COOKIE, format!("kotacerdas_csrf={csrf_cookie}"))
                .multipart(reqwest::multipart::Form::new().text("title", ""))
                .send()
                .await
                .expect("post")
                .status()
        }
    };
    for i in 0..5 {
        let base = if i % 2 == 0 { a.base.clone() } else { b.base.clone() };
        assert_eq!(send(base).await, StatusCode::UNPROCESSABLE_ENTITY, "input {} is counted, not refused", i + 1);
    }
    assert_eq!(send(b.base.clone()).await, StatusCode::TOO_MANY_REQUESTS, "the sixth, on B (which saw two)");
    assert_eq!(send(a.base.clone()).await, StatusCode::TOO_MANY_REQUESTS, "and on A");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_are_shared_by_two_servers_postgres() {
    rate_limits_are_shared(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_are_shared_by_two_servers_sqlite() {
    rate_limits_are_shared(Backend::Sqlite).await;
}
