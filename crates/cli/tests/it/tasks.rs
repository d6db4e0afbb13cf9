//! Each role's inbox: the start page, the header's count and `GET /api/v1/me/tasks` list what
//! waits for every demo role, with links to the page where the action happens, and follow the
//! workflow as it moves.

use crate::harness::{csrf_in, TestApp};
use kotacerdas_store::files::Storage;
use kotacerdas_store::{entity::citizen_input, region::opds, region::regions};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value as J;

/// The items of a user's inbox over the API: (kind, region, url, due, overdue).
async fn api_tasks(app: &TestApp, username: &str, lang: &str) -> (J, Vec<(String, String, String, J, bool)>) {
    let token = app.token(username).await;
    let r = reqwest::Client::new()
        .get(format!("{}/api/v1/me/tasks", app.base))
        .bearer_auth(&token)
        .header("accept-language", lang)
        .send()
        .await
        .expect("tasks");
    assert_eq!(r.status(), StatusCode::OK, "{username}");
    let v: J = r.json().await.expect("json");
    let items = v["items"].as_array().expect("items");
    assert_eq!(v["count"].as_u64(), Some(items.len() as u64), "{username}: count is the number of items");
    let list = items
        .iter()
        .map(|t| {
            let s = |k: &str| t[k].as_str().unwrap_or_default().to_string();
            assert!(!s("title").is_empty(), "{username}: every task has a title");
            (s("kind"), s("region"), s("url"), t["due"].clone(), t["overdue"].as_bool().expect("overdue"))
        })
        .collect();
    (v, list)
}

fn has(list: &[(String, String, String, J, bool)], kind: &str, url: &str) -> bool {
    list.iter().any(|t| t.0 == kind && t.2 == url)
}

/// The number in the header's task badge.
fn header_count(html: &str) -> Option<usize> {
    let i = html.find("id=\"task-count\"")?;
    let rest = &html[i..];
    let start = rest.find('>')? + 1;
    let end = rest[start..].find('<')?;
    rest[start..start + end].trim().parse().ok()
}

crate::both!(
    async fn every_demo_role_has_an_inbox_on_the_start_page_and_over_the_api(app: TestApp) {
        // The demo as `serve --demo` loads it: with the book's versions (v1 reviewed by the expert).
        let storage = Storage::from_config(app.storage_dir.to_str().expect("utf-8")).expect("storage");
        kotacerdas_demo::book::load(&app.db, &storage).await.expect("book demo");
        let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
        let report_due = chrono::NaiveDate::from_ymd_opt(2026, 11, 15).expect("date");
        let (report_kind, reports_late) =
            if report_due < today { ("report_overdue", true) } else { ("report_due", false) };
        let sukamaju = regions::by_code(&app.db, "99.01").await.expect("region");
        let waiting = citizen_input::Entity::find()
            .filter(citizen_input::Column::RegionId.eq(sukamaju.id))
            .filter(citizen_input::Column::Title.eq("Data anggaran desa yang mudah dibaca"))
            .one(&app.db)
            .await
            .expect("query")
            .expect("the demo's published, unanswered input");
        let answer_url = format!("/regions/99.01/participation/inputs/{}", waiting.id);

        // (user, kind, url that must be listed, a text the Indonesian page shows)
        let mut expected: Vec<(&str, &str, String, &str)> = vec![
            ("ahli", "stage_review", "/regions/99.02/stages/1".into(), "Tahap menunggu telaah"),
            ("dewan.sukamaju", "version_approve", "/regions/99.01/book/versions/1".into(), "Setujui versi 1"),
            ("perencana.dinkes", report_kind, "/regions/99.01/monitoring/my".into(), "laporan program periode 2026"),
            ("perencana.dinkes", "citizen_answer", answer_url.clone(), "Data anggaran desa yang mudah dibaca"),
            ("penilai", "evaluation_open", "/regions/99.01/evaluations/2025".into(), "Evaluasi terbuka"),
            ("program", "behind_schedule", "/regions/99.02/stages/1".into(), "Angkatan 2024"),
            ("program", "behind_schedule", "/regions/99.72/stages/1".into(), "Angkatan 2025"),
        ];
        if reports_late {
            expected.push((
                "admin.sukamaju",
                "blocked",
                "/regions/99.01/monitoring/my".into(),
                "laporan OPD periode 2026 terlambat",
            ));
        }
        for (user, kind, url, text) in &expected {
            let (_, list) = api_tasks(&app, user, "id").await;
            assert!(has(&list, kind, url), "{user}: {kind} {url} in {list:?}");
            let b = app.login(user).await;
            let (s, html) = b.get("/").await;
            assert_eq!(s, StatusCode::OK, "{user}: the start page");
            assert!(html.contains(&format!("id=\"tasks-{kind}\"")), "{user}: the {kind} group");
            assert!(html.contains(&format!("href=\"{url}\"")), "{user}: links to {url}");
            assert!(html.contains(text), "{user}: shows {text:?}");
            assert_eq!(header_count(&html), Some(list.len()), "{user}: the header counts the list");
            // The link leads to a page this user may open.
            let (s, _) = b.get(url).await;
            assert_eq!(s, StatusCode::OK, "{user}: {url} opens");
            // Every signed-in page shows the same count in its header.
            let (_, account) = b.get("/account").await;
            assert_eq!(header_count(&account), Some(list.len()), "{user}: the count on another page");
        }
        // Each role sees only its own work.
        let (_, ahli) = api_tasks(&app, "ahli", "id").await;
        assert!(ahli.iter().all(|t| t.0 == "stage_review" || t.0 == "version_review"), "{ahli:?}");
        assert!(ahli.iter().all(|t| t.1 != "99.72"), "the expert's regions only: {ahli:?}");
        let (_, planner) = api_tasks(&app, "perencana.dinkes", "id").await;
        let report = planner.iter().find(|t| t.0 == report_kind).expect("report task");
        assert_eq!((report.3.as_str(), report.4), (Some("2026-11-15"), reports_late));
        let (_, office) = api_tasks(&app, "program", "id").await;
        assert!(office.iter().all(|t| t.0 == "behind_schedule" && t.4), "{office:?}");
        assert_eq!(
            office.iter().filter(|t| t.1 == "99.71").count(),
            1,
            "one task per region behind schedule: its first late stage"
        );
        assert!(!office.iter().any(|t| t.1 == "99.01" && t.2.ends_with("/stages/1")), "stage 1 is approved");

        // Titles follow Accept-Language: the same items, in English.
        let (id_json, _) = api_tasks(&app, "ahli", "id").await;
        let (en_json, _) = api_tasks(&app, "ahli", "en-GB,en;q=0.8").await;
        assert!(id_json["items"][0]["title"].as_str().expect("title").contains("Telaah"), "{id_json}");
        assert!(en_json["items"][0]["title"].as_str().expect("title").starts_with("Review"), "{en_json}");
        assert_eq!(id_json["items"][0]["url"], en_json["items"][0]["url"]);

        // Anonymous: the API refuses, the start page sends to the login form.
        let r = reqwest::Client::new().get(format!("{}/api/v1/me/tasks", app.base)).send().await.expect("anon");
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let (s, loc) = app.anonymous().get_location("/").await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert!(loc.unwrap_or_default().starts_with("/login"));
    }
);

crate::both!(
    async fn the_inbox_follows_the_workflow(app: TestApp) {
        let expert = app.login("ahli").await;
        let admin = app.login("admin.sukamaju").await;
        let planner = app.login("perencana.dinkes").await;
        let (_, before) = api_tasks(&app, "admin.sukamaju", "id").await;
        assert!(!before.iter().any(|t| t.2 == "/regions/99.01/stages/2"));

        // The expert returns the submitted stage: it leaves the expert's inbox and blocks the region.
        let (s, _) = expert
            .post("/regions/99.01/stages/2/action", &[("action", "return"), ("comment", "Lengkapi peta jalan.")])
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, ahli) = api_tasks(&app, "ahli", "id").await;
        assert!(!has(&ahli, "stage_review", "/regions/99.01/stages/2"), "{ahli:?}");
        let (_, after) = api_tasks(&app, "admin.sukamaju", "id").await;
        assert!(has(&after, "blocked", "/regions/99.01/stages/2"), "{after:?}");
        assert_eq!(after.len(), before.len() + 1);
        let (_, html) = admin.get("/regions").await;
        assert_eq!(header_count(&html), Some(after.len()), "the header moved with the write");
        let (_, page) = admin.get("/").await;
        assert!(page.contains("dikembalikan ahli"), "the returned stage is named");

        // The region submits again: back in the expert's inbox, out of the region's.
        let (s, _) = admin.post("/regions/99.01/stages/2/action", &[("action", "submit"), ("comment", "")]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, ahli) = api_tasks(&app, "ahli", "id").await;
        assert!(has(&ahli, "stage_review", "/regions/99.01/stages/2"));
        let (_, again) = api_tasks(&app, "admin.sukamaju", "id").await;
        assert_eq!(again.len(), before.len());

        // The planner answers the waiting citizen input for their OPD: one task fewer.
        let (_, mine) = api_tasks(&app, "perencana.dinkes", "id").await;
        let input = mine.iter().find(|t| t.0 == "citizen_answer").expect("an input to answer").2.clone();
        let r = regions::by_code(&app.db, "99.01").await.expect("region");
        let dinkes = opds::list(&app.db, r.id).await.expect("opds").into_iter().find(|o| o.short_name == "Dinkes");
        let dinkes = dinkes.expect("Dinkes").id.to_string();
        let (_, form) = planner.get(&input).await;
        assert!(csrf_in(&form).is_some(), "the input's page has the answer form");
        let (s, _) = planner
            .post(&format!("{input}/answer"), &[("opd_id", dinkes.as_str()), ("answer", "Data APBDes akan dibuka.")])
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, now) = api_tasks(&app, "perencana.dinkes", "id").await;
        assert_eq!(now.len(), mine.len() - 1);
        assert!(!now.iter().any(|t| t.2 == input));

        // Hostile language headers change nothing but the titles' language.
        for lang in ["", "xx-\u{7f}", "en;q=abc", &"e".repeat(4000)] {
            let token = app.token("ahli").await;
            let r = reqwest::Client::new()
                .get(format!("{}/api/v1/me/tasks", app.base))
                .bearer_auth(&token)
                .header("accept-language", lang.as_bytes())
                .send()
                .await;
            if let Ok(r) = r {
                assert_eq!(r.status(), StatusCode::OK, "{lang:?}");
            }
        }
    }
);
