//! Real browser tests in headless Debian chromium: a region admin signs in, opens the workspace,
//! switches language; then scores a readiness item and sees the radar change. Screenshots are
//! saved under `test-artifacts/` for a person to look at.

mod harness;
mod webdriver;

use harness::{Backend, TestApp};
use std::path::PathBuf;

fn artifact(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../test-artifacts").join(name)
}

async fn sign_in(s: &webdriver::Session, base: &str) {
    s.goto(&format!("{base}/login")).await;
    s.type_into("#f-username", "admin.sukamaju").await;
    s.type_into("#f-password", kotacerdas_store::demo::PASSWORD).await;
    s.click("#login-submit").await;
}

async fn workspace_in_two_languages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let driver = webdriver::Driver::start().await;
    let s = driver.session(1280, 900).await;
    sign_in(&s, &app.base).await;
    s.wait_for("the region workspace", |url, _| url.ends_with("/regions/99.01")).await;
    let page = s.text("main").await;
    assert!(page.contains("Kabupaten Sukamaju") && page.contains("Tahapan Bimtek"), "{page}");
    let tag = format!("{backend:?}").to_lowercase();
    assert!(s.screenshot(&artifact(&format!("browser-workspace-id-{tag}.png"))).await > 10_000);
    s.click("#lang-switch").await;
    s.wait_for("the English page", |_, html| html.contains("Sign out")).await;
    let page = s.text("body").await;
    assert!(page.contains("Bimtek stages") && page.contains("Sign out"), "{page}");
    assert!(s.screenshot(&artifact(&format!("browser-workspace-en-{tag}.png"))).await > 10_000);
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workspace_in_two_languages_sqlite() {
    workspace_in_two_languages(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workspace_in_two_languages_postgres() {
    workspace_in_two_languages(Backend::Postgres).await;
}

/// The readiness radar is drawn from the stored scores: raising one score moves its polygon.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scoring_an_item_changes_the_radar() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let driver = webdriver::Driver::start().await;
    let s = driver.session(1280, 1000).await;
    sign_in(&s, &app.base).await;
    s.wait_for("the region workspace", |url, _| url.ends_with("/regions/99.01")).await;
    s.goto(&format!("{}/regions/99.01/readiness", app.base)).await;
    let before = s.source().await;
    let radar_before = radar(&before);
    let select = "select[name=\"score.STR-SDM.ENV\"]";
    s.select(select, "5").await;
    s.click("#readiness-save").await;
    let after = s.wait_for("the saved assessment", |_, html| html.contains("Perubahan disimpan")).await;
    assert_ne!(radar(&after), radar_before, "the radar changed");
    assert!(s.screenshot(&artifact("browser-readiness.png")).await > 10_000);
    s.close().await;
}

/// The radar's markup, from its figure to the end of its SVG.
fn radar(html: &str) -> String {
    let start = html.find("id=\"readiness-radar\"").expect("radar figure");
    let rest = &html[start..];
    rest[..rest.find("</svg>").expect("svg end")].to_string()
}
