//! Several servers, one set of files, in an S3 bucket: the `object_store` path of `Storage`
//! against a real S3-compatible server that the test starts (moto's server, from PyPI; the test
//! script installs it and sets `KOTACERDAS_MOTO`). A file uploaded through one server is served by
//! the other; a deleted object is a clear 404, not a failure; a bundle exported from a bucket
//! carries the file and an import writes it into another bucket.

use crate::harness::{fresh_database, temp_dir, Backend, TestApp};
use kotacerdas_store::files::Storage;
use reqwest::StatusCode;
use std::process::{Child, Command, Stdio};

const KEY: &str = "kotacerdas-test";
const SECRET: &str = "kotacerdas-test-secret";
const REGION: &str = "us-east-1";

/// A moto S3 server on a free port, killed when dropped.
struct S3Server {
    child: Child,
    endpoint: String,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn s3_server() -> S3Server {
    let moto = std::env::var("KOTACERDAS_MOTO").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/moto-5.2.5/bin/moto_server").to_string()
    });
    assert!(
        std::path::Path::new(&moto).exists(),
        "the S3 tests need moto's server at {moto}: run scripts/test.sh (it installs it), or \
         python3 -m venv target/moto-5.2.5 && target/moto-5.2.5/bin/pip install 'moto[server]==5.2.5'"
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("addr").port();
    let child = Command::new(&moto)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start moto_server");
    let endpoint = format!("http://127.0.0.1:{port}");
    let server = S3Server { child, endpoint };
    for _ in 0..300 {
        if reqwest::get(format!("{}/moto-api/", server.endpoint)).await.is_ok() {
            return server;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("moto_server did not answer on {}", server.endpoint);
}

async fn bucket(server: &S3Server, name: &str) -> Storage {
    let r = reqwest::Client::new().put(format!("{}/{name}", server.endpoint)).send().await.expect("create bucket");
    assert!(r.status().is_success(), "create bucket {name}: {}", r.status());
    Storage::s3(name, &server.endpoint, KEY, SECRET, REGION).expect("s3 storage")
}

async fn two_servers_one_bucket(backend: Backend) {
    let s3 = s3_server().await;
    let url = fresh_database(backend).await;
    let a = TestApp::spawn_with(backend, &url, bucket(&s3, "kc-shared").await, temp_dir("unused"), true).await;
    let b = TestApp::spawn_with(
        backend,
        &url,
        Storage::s3("kc-shared", &s3.endpoint, KEY, SECRET, REGION).expect("s3"),
        temp_dir("unused"),
        false,
    )
    .await;

    // Upload the MoU through A.
    let manager = a.login("admin.sukamaju").await;
    let pdf = b"%PDF-1.4\n% nota kesepakatan di S3\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec();
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
    let r = manager
        .client
        .post(format!("{}/regions/99.01/mou?_csrf={}", a.base, manager.csrf))
        .multipart(form)
        .send()
        .await
        .expect("upload on A");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let region = kotacerdas_store::region::regions::by_code(&a.db, "99.01").await.expect("region");
    let mou = kotacerdas_store::region::mou::get(&a.db, region.id).await.expect("mou").expect("recorded");
    let file = kotacerdas_store::files::get(&a.db, mou.file_id.expect("file id")).await.expect("file row");

    // Served by B, from the bucket.
    let r = manager.client.get(format!("{}/files/{}", b.base, file.id)).send().await.expect("download on B");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.expect("bytes").to_vec(), pdf);
    let direct = Storage::s3("kc-shared", &s3.endpoint, KEY, SECRET, REGION).expect("s3");
    assert_eq!(direct.read(&file.key).await.expect("the object is in the bucket").to_vec(), pdf);

    // A bundle exported from the bucket carries the file; imported into a new database with its
    // own bucket, the file is written there and served.
    let out = temp_dir("s3-bundle").join("sukamaju.zip");
    let cli = |db_url: &str, bucket: &str, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kotacerdas"))
            .args(["--database-url", db_url])
            .args(args)
            .env("KOTACERDAS_STORAGE", format!("s3://{bucket}"))
            .env("AWS_ENDPOINT", &s3.endpoint)
            .env("AWS_ALLOW_HTTP", "true")
            .env("AWS_ACCESS_KEY_ID", KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_REGION", REGION)
            .env_remove("KOTACERDAS_DATABASE_URL")
            .current_dir(temp_dir("s3-cwd"))
            .output()
            .expect("run kotacerdas")
    };
    let o = cli(&url, "kc-shared", &["bundle", "export", "--region", "99.01", "--out", out.to_str().expect("utf-8")]);
    assert!(o.status.success(), "export: {}", String::from_utf8_lossy(&o.stderr));
    let target_url = fresh_database(backend).await;
    let target = bucket(&s3, "kc-laptop").await;
    let o = cli(&target_url, "kc-laptop", &["bundle", "import", out.to_str().expect("utf-8")]);
    assert!(o.status.success(), "import: {}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let laptop = TestApp::spawn_with(backend, &target_url, target, temp_dir("unused"), false).await;
    let there = laptop.login("admin.sukamaju").await;
    let region2 = kotacerdas_store::region::regions::by_code(&laptop.db, "99.01").await.expect("region");
    let mou2 = kotacerdas_store::region::mou::get(&laptop.db, region2.id).await.expect("mou").expect("imported");
    let r =
        there.client.get(format!("{}/files/{}", laptop.base, mou2.file_id.expect("file"))).send().await.expect("GET");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.expect("bytes").to_vec(), pdf, "the imported file, read from the second bucket");

    // An object gone from the bucket (deleted through the store) is a 404 on both servers.
    direct.delete(&file.key).await.expect("delete");
    for base in [&a.base, &b.base] {
        let r = manager.client.get(format!("{base}/files/{}", file.id)).send().await.expect("GET");
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{base}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_share_one_bucket_postgres() {
    two_servers_one_bucket(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_share_one_bucket_sqlite() {
    two_servers_one_bucket(Backend::Sqlite).await;
}
