//! Real browser tests in headless Debian chromium (through chromedriver and the small WebDriver
//! client in `webdriver/`): a region admin signs in, lands on the workspace, switches language;
//! then scores a readiness item and sees the radar change. Screenshots are saved under
//! `test-artifacts/` (git-ignored) for a person to look at. Without chromium and chromedriver
//! these tests fail and say what to install; they never skip.

use crate::webdriver;

use crate::harness::{Backend, TestApp};
use std::path::PathBuf;

fn artifact(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../test-artifacts").join(name)
}

/// Save a screenshot and check it is a real, non-trivial PNG.
async fn screenshot(s: &webdriver::Session, name: &str) {
    let path = artifact(name);
    let size = s.screenshot(&path).await;
    let on_disk = std::fs::read(&path).expect("read the screenshot back");
    assert!(on_disk.starts_with(b"\x89PNG\r\n\x1a\n") && on_disk.len() == size, "{} is a PNG", path.display());
    // A blank 1280×900 page compresses to a few kB; a rendered page is far larger.
    assert!(size > 10_000, "{} is only {size} bytes: nothing rendered?", path.display());
}

/// Sign in through the login form as the demo region admin.
async fn sign_in(s: &webdriver::Session, base: &str) {
    s.goto(&format!("{base}/login")).await;
    assert!(s.title().await.contains("kotacerdas"), "the login page's title");
    s.type_into("#f-username", "admin.sukamaju").await;
    s.type_into("#f-password", kotacerdas_demo::PASSWORD).await;
    s.click("#login-submit").await;
    // Signing in lands on the start page, the user's inbox, which links to their region.
    s.wait_for("the inbox after signing in", |url, src| url == format!("{base}/") && src.contains("/regions/99.01"))
        .await;
    s.goto(&format!("{base}/regions/99.01")).await;
    s.wait_for("the region workspace", |url, _| url.ends_with("/regions/99.01")).await;
}

async fn workspace_in_two_languages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let driver = webdriver::Driver::start().await;
    let s = driver.session(1280, 900).await;
    // The SQLite run writes the screenshots named in the docs; the PostgreSQL run adds a suffix.
    let suffix = if backend == Backend::Sqlite { "" } else { "-postgres" };

    sign_in(&s, &app.base).await;
    assert_eq!(s.attribute("html", "lang").await.as_deref(), Some("id"), "Indonesian first");
    let page = s.text("main").await;
    assert!(page.contains("Kabupaten Sukamaju"), "the workspace names the region: {page}");
    assert!(page.contains("Tahapan Bimtek"), "the workspace shows the Bimtek stages in Indonesian: {page}");
    assert!(s.text("header").await.contains("Keluar"), "the Indonesian sign-out button");
    screenshot(&s, &format!("browser-workspace-id{suffix}.png")).await;

    s.click("#lang-switch").await;
    s.wait_for("the English page", |_, html| html.contains("<html lang=\"en\"")).await;
    assert!(s.url().await.ends_with("/regions/99.01"), "the switch returns to the same page");
    let page = s.text("body").await;
    assert!(page.contains("Kabupaten Sukamaju"), "{page}");
    assert!(page.contains("Bimtek stages") && page.contains("Sign out"), "English text after the switch: {page}");
    assert!(!page.contains("Tahapan Bimtek"), "no Indonesian heading left: {page}");
    screenshot(&s, &format!("browser-workspace-en{suffix}.png")).await;

    // The choice sticks for the session.
    s.goto(&format!("{}/regions/99.01", app.base)).await;
    assert!(s.text("main").await.contains("Bimtek stages"), "English stays on after a new page load");
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
    s.goto(&format!("{}/regions/99.01/readiness", app.base)).await;
    let before = s.source().await;
    let radar_before = radar(&before);
    let select = "select[name=\"score.STR-SDM.ENV\"]";
    s.select(select, "5").await;
    s.click("#readiness-save").await;
    let after = s.wait_for("the saved assessment", |_, html| html.contains("Perubahan disimpan")).await;
    assert_ne!(radar(&after), radar_before, "the radar changed");
    screenshot(&s, "browser-readiness.png").await;
    s.close().await;
}

/// The radar's markup, from its figure to the end of its SVG.
fn radar(html: &str) -> String {
    let start = html.find("id=\"readiness-radar\"").expect("radar figure");
    let rest = &html[start..];
    rest[..rest.find("</svg>").expect("svg end")].to_string()
}

/// A region admin creates a programme in the browser and finds its budget in the matrices.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_programme_appears_in_the_budget_matrix() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let driver = webdriver::Driver::start().await;
    let s = driver.session(1280, 1000).await;
    sign_in(&s, &app.base).await;
    let before = bappeda_2028(&s, &app.base).await;
    s.goto(&format!("{}/regions/99.01/programmes/new", app.base)).await;
    s.type_into("#f-name", "Dasbor kota terpadu").await;
    s.type_into("#f-description", "Satu dasbor untuk pimpinan daerah").await;
    s.select("#f-element_code", "GOV-PP").await;
    let opd = s
        .execute(
            "return [...document.querySelectorAll('#f-opd_id option')].find(o => o.text.startsWith('Bappeda')).value",
            serde_json::json!([]),
        )
        .await;
    s.select("#f-opd_id", opd.as_str().expect("Bappeda option")).await;
    s.select("#f-horizon", "short").await;
    s.clear("#f-start_year").await;
    s.type_into("#f-start_year", "2028").await;
    s.clear("#f-end_year").await;
    s.type_into("#f-end_year", "2028").await;
    s.type_into("input[name=\"target.2028\"]", "Dasbor dipakai rapat pimpinan").await;
    s.type_into("input[name=\"budget.2028.apbd\"]", "7.777.777.000").await;
    s.type_into("input[name=\"kpi.0.name\"]", "Rapat pimpinan memakai dasbor").await;
    s.type_into("input[name=\"kpi.0.unit\"]", "%").await;
    s.type_into("input[name=\"kpi.0.t.2028\"]", "80").await;
    s.click("#programme-save").await;
    s.wait_for("the saved programme", |_, html| html.contains("Perubahan disimpan")).await;
    assert!(s.text("main").await.contains("Rapat pimpinan memakai dasbor"), "the KPI on the programme page");
    let after = bappeda_2028(&s, &app.base).await;
    assert_eq!(after - before, 7_777_777_000, "the Bappeda × 2028 cell grew by the new budget");
    screenshot(&s, "browser-budget.png").await;
    s.close().await;
}

/// The Bappeda × 2028 cell of the OPD × year matrix, in whole rupiah (0 when empty).
async fn bappeda_2028(s: &webdriver::Session, base: &str) -> i64 {
    s.goto(&format!("{base}/regions/99.01/budget")).await;
    let text = s
        .execute(
            "const t = document.querySelectorAll('table.budget')[2];
             const col = [...t.querySelectorAll('thead th')].findIndex(th => th.textContent.trim() === '2028');
             const row = [...t.querySelectorAll('tbody tr')].find(r => r.querySelector('th').textContent.trim() === 'Bappeda');
             return row.children[col].textContent;",
            serde_json::json!([]),
        )
        .await;
    let digits: String = text.as_str().expect("cell text").chars().filter(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(0)
}

/// An OPD planner reports a year in the browser and sees the region's roll-up move.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planner_reports_and_the_roll_up_moves() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let driver = webdriver::Driver::start().await;
    let s = driver.session(1280, 1000).await;
    s.goto(&format!("{}/login", app.base)).await;
    s.type_into("#f-username", "perencana.dinkes").await;
    s.type_into("#f-password", kotacerdas_demo::PASSWORD).await;
    s.click("#login-submit").await;
    s.wait_for("the planner's landing page", |url, _| !url.ends_with("/login")).await;
    let before = region_progress(&s, &app.base).await;
    s.goto(&format!("{}/regions/99.01/monitoring/my", app.base)).await;
    assert!(s.text("#due-notice").await.contains("belum diisi"), "the in-app reminder");
    // The first programme still due in 2026 that has KPIs with a target.
    let href = s
        .execute(
            "const row = [...document.querySelectorAll('#my-updates tbody tr')]
               .find(r => r.children[0].textContent.trim() === '2026' && r.textContent.includes('Belum diisi'));
             return row.querySelector('a').getAttribute('href');",
            serde_json::json!([]),
        )
        .await;
    s.goto(&format!("{}{}", app.base, href.as_str().expect("a due report"))).await;
    s.select("#f-status", "on_track").await;
    s.type_into("#f-budget_realised", "125.000.000").await;
    // Every KPI reaches its target exactly.
    s.execute(
        "document.querySelectorAll('#kpi-actuals tbody tr').forEach(r => {
           const target = r.children[1].textContent.trim();
           r.querySelector('input').value = target === '—' ? '' : target; });
         return true;",
        serde_json::json!([]),
    )
    .await;
    s.type_into("#f-narrative", "Layanan berjalan sesuai rencana.").await;
    s.click("#report-save").await;
    s.wait_for("the saved report", |_, html| html.contains("Perubahan disimpan")).await;
    let after = region_progress(&s, &app.base).await;
    assert!(after > before, "the region's progress moved from {before} to {after} (basis points of a percent)");
    assert!(s.text("#programme-progress").await.contains("Hijau"), "the KPI is green at its target");
    screenshot(&s, "browser-monitoring.png").await;
    s.close().await;
}

/// The region's 2026 progress on the monitoring page, in basis points.
async fn region_progress(s: &webdriver::Session, base: &str) -> i64 {
    s.goto(&format!("{base}/regions/99.01/monitoring?year=2026")).await;
    let text = s.text("#region-progress").await;
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits.parse::<i64>().unwrap_or(0)
}

/// A citizen on a phone-sized screen finds the region, reads the plan, sends an input without an
/// account; after the region publishes and answers it, the same browser sees the answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_on_a_phone_gives_input_and_sees_the_answer() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let driver = webdriver::Driver::start().await;
    let s = driver.phone().await;
    s.goto(&format!("{}/publik", app.base)).await;
    let width = s.execute("return window.innerWidth;", serde_json::json!([])).await;
    assert_eq!(width.as_i64(), Some(390), "a phone-sized viewport");
    s.type_into("#f-q", "Sukamaju").await;
    s.click(".search-row button").await;
    s.wait_for("the search result", |url, _| url.contains("q=Sukamaju")).await;
    s.click("#regions a[href='/publik/99.01']").await;
    s.wait_for("the region's portal", |url, _| url.ends_with("/publik/99.01")).await;
    // Nothing overflows sideways on a phone.
    let wide = s.execute("return document.documentElement.scrollWidth;", serde_json::json!([])).await;
    assert!(wide.as_i64().unwrap_or(9999) <= 390, "the page fits 390 px without sideways scrolling: {wide}");
    screenshot(&s, "browser-portal-phone.png").await;

    s.click("#konsultasi a.btn-small").await;
    s.wait_for("the consultation", |url, _| url.contains("/konsultasi/")).await;
    s.select("#f-kind", "proposal").await;
    s.type_into("#f-title", "Halte bus berteduh di depan pasar").await;
    s.type_into("#f-body", "Penumpang menunggu di bawah terik matahari; mohon halte beratap dan jadwal bus di layar.")
        .await;
    s.select("#f-dimension_code", "LIV").await;
    s.type_into("#f-kelurahan", "Pasirmuncang").await;
    screenshot(&s, "browser-input-form-phone.png").await;
    s.click("#send-input").await;
    s.wait_for("the input's page", |url, _| url.contains("/masukan/")).await;
    let url = s.url().await;
    assert!(s.text("main").await.contains("menunggu moderasi"), "the citizen is told what happens next");
    let id: i64 = url.rsplit('/').next().and_then(|x| x.parse().ok()).expect("input id");

    // The region publishes it and an OPD answers (as the region would in its own pages).
    let r = kotacerdas_store::region::regions::by_code(&app.db, "99.01").await.expect("region");
    let admin = kotacerdas_store::Actor::system("uji: admin.sukamaju");
    kotacerdas_store::participation::moderate_input(&app.db, &admin, r.id, id, true, "").await.expect("publish");
    let opd = kotacerdas_store::region::opds::list(&app.db, r.id).await.expect("opds")[0].id.to_string();
    let answer = "Halte beratap masuk program transportasi 2027.";
    kotacerdas_store::participation::answer(&app.db, &admin, r.id, id, &opd, answer).await.expect("answer");

    s.goto(&url).await;
    let page = s.text("main").await;
    assert!(page.contains("Sudah dijawab") && page.contains(answer), "the answer is shown: {page}");
    s.click("#support").await;
    s.wait_for("the support", |_, html| html.contains("1 dukungan")).await;
    screenshot(&s, "browser-input-answered-phone.png").await;
    s.close().await;
}

/// A participant opens the room's check-in link on a phone, finds their name by searching (no
/// script needed) and checks in; the region admin then sees them present on the workshop page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_participant_checks_in_on_a_phone_from_the_room_link() {
    use kotacerdas_store::workshops::{self, attendance};
    let app = TestApp::spawn(Backend::Sqlite).await;
    let r = kotacerdas_store::region::regions::by_code(&app.db, "99.01").await.expect("region");
    // The demo's planned workshop, moved to today so its day-1 link is valid now.
    let list = workshops::list(&app.db, r.id).await.expect("workshops");
    let w = list.iter().find(|w| w.status == "planned").expect("a planned workshop").clone();
    let sys = kotacerdas_store::Actor::system("uji");
    let mut input = kotacerdas_domain::workshop::WorkshopInput::from(&w);
    input.starts_on = r.zone().today().to_string();
    input.ends_on = String::new();
    workshops::update(&app.db, &sys, r.id, w.id, &input).await.expect("today");
    let token = "c3".repeat(32);
    attendance::issue_token(&app.db, &sys, &r, w.id, 1, &token).await.expect("link");
    let camat = workshops::detail(&app.db, r.id, w.id)
        .await
        .expect("detail")
        .invitees
        .into_iter()
        .find(|i| i.position.as_deref() == Some("Camat"))
        .expect("the camat is invited");

    let driver = webdriver::Driver::start().await;
    let s = driver.phone().await;
    s.goto(&format!("{}/hadir/{token}", app.base)).await;
    let width = s.execute("return window.innerWidth;", serde_json::json!([])).await;
    assert_eq!(width.as_i64(), Some(390), "a phone-sized viewport");
    assert!(s.text("main").await.contains("Presensi bimtek"), "the Indonesian check-in page");
    s.type_into("#f-q", "Slamet").await;
    s.click("#checkin-search").await;
    s.wait_for("the search result", |url, _| url.contains("q=Slamet")).await;
    let wide = s.execute("return document.documentElement.scrollWidth;", serde_json::json!([])).await;
    assert!(wide.as_i64().unwrap_or(9999) <= 390, "the page fits 390 px: {wide}");
    screenshot(&s, "browser-checkin-phone.png").await;
    s.click(&format!("#pick-{}", camat.id)).await;
    s.click("#checkin-submit").await;
    s.wait_for("the confirmation", |_, html| html.contains("Terima kasih, Slamet")).await;
    screenshot(&s, "browser-checkin-done-phone.png").await;
    let d = workshops::detail(&app.db, r.id, w.id).await.expect("detail");
    assert!(d.present(camat.id, 1), "checked in for day 1");

    sign_in(&s, &app.base).await;
    s.goto(&format!("{}/regions/99.01/workshops/{}", app.base, w.id)).await;
    assert!(s.text("#workshop-attendance-count").await.contains("1 / "), "one present");
    screenshot(&s, "browser-workshop-phone.png").await;
    s.close().await;
}
