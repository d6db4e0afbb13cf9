//! Issue 17, deliverable 5: cohorts on tracks with a quota (several in a year), the selection of
//! candidate regions, the SK decrees as uploaded documents, and the programme setting that
//! stage 1 waits for the MoU and both decrees — each on SQLite and PostgreSQL.

use crate::harness::{Browser, TestApp};
use kotacerdas_store::region::{decrees, regions};
use reqwest::StatusCode;
use serde_json::json;

/// A new region (no MoU, no decrees) through the API, in `cohort` (or none).
async fn new_region(app: &TestApp, code: &str, cohort: Option<i64>) -> (StatusCode, serde_json::Value) {
    let api = app.api(&app.token("program").await);
    let cohort = cohort.map(|c| c.to_string()).unwrap_or_default();
    api.post(
        "/api/v1/regions",
        json!({"code": code, "name": format!("Kota Uji {code}"), "kind": "kota", "province": "Nusantara Jaya",
               "population": 80000, "cohort_id": cohort}),
    )
    .await
}

/// Record the decree of `body` for the test region 99.87 over the API.
async fn put(api: &crate::harness::Api, body: &str) -> (StatusCode, serde_json::Value) {
    let decree = json!({"number": "188/1/2027", "issued_on": "2027-01-10"});
    api.send("PUT", &format!("/api/v1/regions/99.87/decrees/{body}"), Some(decree)).await
}

/// Post a multipart form (its CSRF token in the query, as the page does).
async fn multipart(b: &Browser, path: &str, form: reqwest::multipart::Form) -> (StatusCode, String) {
    let r = b.client.post(format!("{}{path}?_csrf={}", b.base, b.csrf)).multipart(form).send().await.expect("post");
    let s = r.status();
    (s, r.text().await.unwrap_or_default())
}

crate::both!(
    async fn a_year_holds_cohorts_on_several_tracks_each_within_its_quota(app: TestApp) {
        let api = app.api(&app.token("program").await);
        let (s, regular) = api
            .post("/api/v1/cohorts", json!({"year": 2027, "name": "Angkatan 2027", "track": "regular", "quota": 1}))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{regular}");
        assert_eq!((regular["track"].as_str(), regular["quota"].as_i64()), (Some("regular"), Some(1)));
        let (s, tourism) = api
            .post("/api/v1/cohorts", json!({"year": 2027, "name": "Kawasan Pariwisata 2027", "track": "tourism_area"}))
            .await;
        assert_eq!(s, StatusCode::CREATED, "two cohorts in one year: {tourism}");
        assert!(tourism["quota"].is_null());
        let (s, dup) = api.post("/api/v1/cohorts", json!({"year": 2027, "name": "angkatan 2027"})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "same name in the same year: {dup}");
        let (s, bad) =
            api.post("/api/v1/cohorts", json!({"year": 2027, "name": "X", "track": "mars", "quota": 0})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");

        // The page lists both with their track and members against the quota.
        let b = app.login("program").await;
        let (s, html) = b.get("/admin/cohorts").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Kawasan Pariwisata 2027") && html.contains("Kawasan pariwisata"), "track label");
        let id = regular["id"].as_i64().expect("id");
        let (s, _) = new_region(&app, "99.81", Some(id)).await;
        assert_eq!(s, StatusCode::CREATED);
        let (_, html) = b.get(&format!("/admin/cohorts/{id}")).await;
        assert!(html.contains("1 / 1"), "members against quota");
        // One more is refused with a message that names the quota.
        let (s, body) = new_region(&app, "99.82", Some(id)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.to_string().contains("quota (1 regions) is full"), "{body}");
        let (s, html) = b
            .post(
                "/admin/regions/new",
                &[
                    ("code", "99.83"),
                    ("name", "Kota Penuh"),
                    ("kind", "kota"),
                    ("province", "Nusantara Jaya"),
                    ("population", "1000"),
                    ("cohort_id", &id.to_string()),
                ],
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("sudah penuh"), "the page says the cohort is full");
        // A quota cannot drop below the members it holds.
        let (s, html) = b
            .post(
                &format!("/admin/cohorts/{id}/edit"),
                &[("year", "2027"), ("name", "Angkatan 2027"), ("track", "regular"), ("quota", "0")],
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    }
);

crate::both!(
    async fn candidates_are_screened_then_accepted_into_the_cohort_within_its_quota(app: TestApp) {
        let api = app.api(&app.token("program").await);
        let (_, cohort) = api
            .post("/api/v1/cohorts", json!({"year": 2026, "name": "Reviu uji", "track": "review", "quota": 1}))
            .await;
        let id = cohort["id"].as_i64().expect("id");
        let (_, a) = new_region(&app, "99.84", None).await;
        let (_, b_) = new_region(&app, "99.85", None).await;
        let (ra, rb) = (a["id"].as_i64().expect("a"), b_["id"].as_i64().expect("b"));
        let url = format!("/api/v1/cohorts/{id}/candidates");
        let (s, e) = api.post(&url, json!({"region_id": ra, "decision": "accepted"})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "no decision before a score: {e}");
        let (s, pending) = api.post(&url, json!({"region_id": ra, "score": 81, "notes": "Siap"})).await;
        assert_eq!(s, StatusCode::OK, "{pending}");
        assert_eq!(pending["decision"], "pending");
        assert!(pending["decided_by"].is_null());
        let (s, accepted) = api.post(&url, json!({"region_id": ra, "score": 81, "decision": "accepted"})).await;
        assert_eq!(s, StatusCode::OK, "{accepted}");
        assert!(accepted["decided_by"].is_string() && accepted["decided_at"].is_string(), "{accepted}");
        let r = regions::by_id(&app.db, ra).await.expect("region");
        assert_eq!(r.cohort_id, Some(id), "accepting makes the region a member");
        // The quota is full: the next acceptance is refused, nothing changes.
        let (s, full) = api.post(&url, json!({"region_id": rb, "score": 90, "decision": "accepted"})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{full}");
        assert_eq!(regions::by_id(&app.db, rb).await.expect("b").cohort_id, None);
        let (s, _) = api.post(&url, json!({"region_id": rb, "score": 90, "decision": "waitlisted"})).await;
        assert_eq!(s, StatusCode::OK);
        // Taking the acceptance back takes the region out again.
        let (s, _) = api.post(&url, json!({"region_id": ra, "score": 81, "decision": "rejected"})).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(regions::by_id(&app.db, ra).await.expect("a").cohort_id, None);
        let (s, list) = api.get(&url).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(list.as_array().map(Vec::len), Some(2));
        assert_eq!(list[0]["score"], 90, "best screened first");
        // The selection is the programme office's: a region admin gets 403.
        let admin = app.api(&app.token("admin.sukamaju").await);
        assert_eq!(admin.get(&url).await.0, StatusCode::FORBIDDEN);
        let b = app.login("program").await;
        let (s, html) = b.get(&format!("/admin/cohorts/{id}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Daftar tunggu") && html.contains("Ditolak"), "decisions in words");
        let (s, html) =
            b.post(&format!("/admin/cohorts/{id}/candidates"), &[("region_id", ""), ("score", "200")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    }
);

crate::both!(
    async fn stage_one_waits_for_the_mou_and_both_decrees_when_the_programme_says_so(app: TestApp) {
        let api = app.api(&app.token("program").await);
        let b = app.login("program").await;
        // Setting off (the default): a region without MoU or decrees starts stage 1.
        new_region(&app, "99.86", None).await;
        let (s, body) = api.post("/api/v1/regions/99.86/stages/1/actions", json!({"action": "start"})).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        // Setting on.
        let (s, _) = b
            .post(
                "/admin/programme",
                &[
                    ("name", "Gerakan Menuju Smart City"),
                    ("ministry_name", "Komdigi"),
                    ("stage1_needs_decrees", "true"),
                ],
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, html) = b.get("/admin/programme").await;
        assert!(html.contains("name=\"stage1_needs_decrees\" value=\"true\" checked"), "the setting shows as set");
        new_region(&app, "99.87", None).await;
        let start = || api.post("/api/v1/regions/99.87/stages/1/actions", json!({"action": "start"}));
        let (s, body) = start().await;
        assert_eq!(s, StatusCode::CONFLICT, "{body}");
        assert!(body["message"].as_str().unwrap_or_default().contains("MoU"), "{body}");
        // Recording stage 1 as held is refused the same way, on the field.
        let (s, html) = b
            .post(
                "/regions/99.87/stages/1/schedule",
                &[("planned_start", ""), ("planned_end", ""), ("held_start", "2027-02-01"), ("held_end", "")],
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("nota kesepakatan (MoU)"), "the page names what is missing");
        let (s, _) = api
            .send("PUT", "/api/v1/regions/99.87/mou", Some(json!({"number": "9/NK/2027", "signed_on": "2027-01-04"})))
            .await;
        assert_eq!(s, StatusCode::OK);
        let (s, body) = start().await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert!(body["message"].as_str().unwrap_or_default().contains("Smart City Council"), "{body}");
        assert_eq!(put(&api, "dewan").await.0, StatusCode::OK);
        let (s, body) = start().await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert!(body["message"].as_str().unwrap_or_default().contains("Implementation Team"), "{body}");
        assert_eq!(put(&api, "tim").await.0, StatusCode::OK);
        assert_eq!(put(&api, "boss").await.0, StatusCode::NOT_FOUND);
        let (s, body) = start().await;
        assert_eq!(s, StatusCode::OK, "all three recorded: {body}");
        let (s, list) = api.get("/api/v1/regions/99.87/decrees").await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(list.as_array().map(Vec::len), Some(2));
    }
);

crate::both!(
    async fn sk_decrees_are_uploaded_documents_and_hostile_files_are_refused(app: TestApp) {
        let b = app.login("admin.sukamaju").await;
        let r = regions::by_code(&app.db, "99.01").await.expect("region");
        let form = |data: Vec<u8>, name: &str| {
            reqwest::multipart::Form::new()
                .text("number", "188/77/Kep/2026")
                .text("issued_on", "2026-02-03")
                .part("file", reqwest::multipart::Part::bytes(data).file_name(name.to_string()))
        };
        // A script dressed as a PDF: refused by content, nothing changed.
        let before = decrees::get(&app.db, r.id, "dewan").await.expect("get");
        let (s, html) =
            multipart(&b, "/regions/99.01/decrees/dewan", form(b"<script>alert(1)</script>".to_vec(), "sk.pdf")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
        assert_eq!(decrees::get(&app.db, r.id, "dewan").await.expect("get"), before, "nothing stored half-way");
        // Too large (over the file store's 20 MB): refused.
        let big = [b"%PDF-1.4\n".to_vec(), vec![b' '; kotacerdas_store::files::MAX_UPLOAD_BYTES]].concat();
        let (s, _) = multipart(&b, "/regions/99.01/decrees/dewan", form(big, "besar.pdf")).await;
        assert!(s == StatusCode::UNPROCESSABLE_ENTITY || s == StatusCode::PAYLOAD_TOO_LARGE, "{s}");
        assert_eq!(decrees::get(&app.db, r.id, "dewan").await.expect("get"), before);
        // A bad date with a good file: refused before the file is stored.
        let bad = reqwest::multipart::Form::new()
            .text("number", "188/77")
            .text("issued_on", "kemarin")
            .part("file", reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec()).file_name("sk.pdf"));
        let (s, _) = multipart(&b, "/regions/99.01/decrees/dewan", bad).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        // A real one.
        let (s, _) =
            multipart(&b, "/regions/99.01/decrees/dewan", form(b"%PDF-1.4\n%%EOF\n".to_vec(), "sk-dewan-2026.pdf"))
                .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let d = decrees::get(&app.db, r.id, "dewan").await.expect("get").expect("decree");
        assert_eq!(d.number, "188/77/Kep/2026");
        assert!(d.file_id.is_some());
        for page in ["/regions/99.01/members", "/regions/99.01"] {
            let (s, html) = b.get(page).await;
            assert_eq!(s, StatusCode::OK);
            assert!(
                html.contains("188/77/Kep/2026") && html.contains("sk-dewan-2026.pdf"),
                "{page} shows the decree and its file"
            );
        }
        assert_eq!(b.get("/regions/99.01/decrees/boss").await.0, StatusCode::NOT_FOUND);
        // Another region's manager may not touch it.
        let s = b.get("/regions/99.71/decrees/dewan").await.0;
        assert!(s == StatusCode::NOT_FOUND || s == StatusCode::FORBIDDEN, "{s}");
    }
);
