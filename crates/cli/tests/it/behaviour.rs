//! Behaviour over HTTP: CSRF, sessions, login throttling, bad input, the stage sign-off flow,
//! the audit trail, the language switch and the JSON API — each on SQLite and PostgreSQL.

use crate::harness::{csrf_in, TestApp};
use kotacerdas_store::{audit, region::opds, region::regions};
use reqwest::StatusCode;
use serde_json::json;

async fn opd_count(app: &TestApp) -> usize {
    let r = regions::by_code(&app.db, "99.01").await.expect("region");
    opds::list(&app.db, r.id).await.expect("opds").len()
}

crate::both!(
    async fn csrf_is_required_on_every_form(app: TestApp) {
        let b = app.login("admin.sukamaju").await;
        let before = opd_count(&app).await;
        let fields = [("name", "Dinas Perikanan"), ("short_name", "Diskan")];
        let (s, html) = b.post_raw("/regions/99.01/opds/new", &fields).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert!(html.contains("Formulir kedaluwarsa"), "{html}");
        let (s, _) = b.post_raw("/regions/99.01/opds/new", &[("_csrf", "salah"), fields[0], fields[1]]).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert_eq!(opd_count(&app).await, before, "nothing saved without a valid token");
        // Multipart without the token in the query string.
        let form = reqwest::multipart::Form::new().text("number", "1/NK").text("signed_on", "2024-01-02");
        let r = b.client.post(format!("{}/regions/99.01/mou", b.base)).multipart(form).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        // Logout needs the token too.
        assert_eq!(b.post_raw("/logout", &[]).await.0, StatusCode::FORBIDDEN);
        // With the token it works.
        let (s, _) = b.post("/regions/99.01/opds/new", &fields).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(opd_count(&app).await, before + 1);
    }
);

crate::both!(
    async fn session_cookie_is_safe_and_renewed_at_login(app: TestApp) {
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        // The login form makes no session: its token comes as a cookie of its own (double submit).
        let r = client.get(format!("{}/login", app.base)).send().await.expect("login form");
        let cookies: Vec<String> =
            r.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).map(str::to_string).collect();
        assert_eq!(cookies.len(), 1, "{cookies:?}");
        assert!(cookies[0].starts_with("kotacerdas_csrf="), "{cookies:?}");
        assert!(cookies[0].contains("HttpOnly") && cookies[0].contains("SameSite=Strict"), "{cookies:?}");
        let csrf_cookie = cookies[0].split(';').next().expect("value").to_string();
        let token = csrf_in(&r.text().await.expect("html")).expect("csrf");
        // An anonymous session, as one an attacker could plant (switching the language makes one).
        let r = client
            .post(format!("{}/lang", app.base))
            .form(&[("lang", "id"), ("back", "/login")])
            .send()
            .await
            .expect("lang");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let cookie = r.headers().get("set-cookie").and_then(|v| v.to_str().ok()).expect("session cookie").to_string();
        assert!(cookie.starts_with("kotacerdas_sid="), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
        let before = cookie.split(';').next().expect("value").to_string();
        // Without the token cookie the form token alone is refused.
        let r = client
            .post(format!("{}/login", app.base))
            .header("cookie", &before)
            .form(&[("_csrf", token.as_str()), ("username", "admin.sukamaju"), ("password", kotacerdas_demo::PASSWORD)])
            .send()
            .await
            .expect("login");
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = client
            .post(format!("{}/login", app.base))
            .header("cookie", format!("{before}; {csrf_cookie}"))
            .form(&[("_csrf", token.as_str()), ("username", "admin.sukamaju"), ("password", kotacerdas_demo::PASSWORD)])
            .send()
            .await
            .expect("login");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let after = r.headers().get("set-cookie").and_then(|v| v.to_str().ok()).expect("new cookie").to_string();
        let after = after.split(';').next().expect("value").to_string();
        assert_ne!(before, after, "the session id changes at login");
        // The old id is worthless now.
        let r =
            client.get(format!("{}/regions/99.01", app.base)).header("cookie", &before).send().await.expect("old id");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let r =
            client.get(format!("{}/regions/99.01", app.base)).header("cookie", &after).send().await.expect("new id");
        assert_eq!(r.status(), StatusCode::OK);
        // Logout ends it.
        let mut b = app.login("admin.sukamaju").await;
        b.refresh_csrf().await;
        assert_eq!(b.post("/logout", &[]).await.0, StatusCode::SEE_OTHER);
        let (s, loc) = b.get_location("/regions/99.01").await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert!(loc.unwrap_or_default().starts_with("/login"));
    }
);

crate::both!(
    async fn repeated_failed_logins_are_throttled(app: TestApp) {
        let mut b = app.anonymous();
        for _ in 0..5 {
            assert_eq!(b.login("admin.sukamaju", "bukan-sandinya").await.0, StatusCode::UNAUTHORIZED);
        }
        let r = {
            let (_, html) = b.get("/login").await;
            b.csrf = csrf_in(&html).expect("csrf");
            let fields =
                [("_csrf", b.csrf.as_str()), ("username", "admin.sukamaju"), ("password", kotacerdas_demo::PASSWORD)];
            b.client.post(format!("{}/login", b.base)).form(&fields).send().await.expect("post")
        };
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
        assert!(r.headers().get("retry-after").is_some());
        assert!(r.text().await.expect("html").contains("Terlalu banyak percobaan"));
        // Another account from the same address is not locked out.
        let mut other = app.anonymous();
        assert_eq!(other.login("ahli", kotacerdas_demo::PASSWORD).await.0, StatusCode::SEE_OTHER);
        // The API's token endpoint shares the throttle.
        let r = reqwest::Client::new()
            .post(format!("{}/api/v1/auth/token", app.base))
            .json(&json!({"username": "admin.sukamaju", "password": kotacerdas_demo::PASSWORD}))
            .send()
            .await
            .expect("token");
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let v: serde_json::Value = r.json().await.expect("json");
        assert_eq!(v["error"], "too_many_requests");
    }
);

crate::both!(
    async fn bad_input_is_explained_and_saves_nothing(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        let before = opd_count(&app).await;
        let long = "x".repeat(5000);
        let (s, html) = admin.post("/regions/99.01/opds/new", &[("name", ""), ("short_name", long.as_str())]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            html.contains("Ada yang perlu diperbaiki")
                && html.contains("Wajib diisi")
                && html.contains("Paling banyak 40 karakter")
        );
        assert!(html.contains(&long), "typed values stay in the form");
        let (s, html) =
            admin.post("/regions/99.01/opds/new", &[("name", "Dinas Kesehatan"), ("short_name", "Dinkes")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Sudah dipakai"));
        assert_eq!(opd_count(&app).await, before);

        let (s, html) = admin
            .post(
                "/regions/99.01/members/new",
                &[
                    ("body", "dewan"),
                    ("name", "A"),
                    ("position", "B"),
                    ("helix", "alien"),
                    ("sk_number", "1"),
                    ("sk_date", "2024-13-45"),
                ],
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Pilih salah satu") && html.contains("tanggal yang sah"));
        let (s, html) = admin
            .post("/regions/99.01/stages/3/schedule", &[("planned_start", "2024-08-10"), ("planned_end", "2024-08-01")])
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("tidak boleh sebelum"));
        // A file that is not a document.
        let form = reqwest::multipart::Form::new()
            .text("number", "1/NK")
            .text("signed_on", "2024-01-02")
            .part("file", reqwest::multipart::Part::bytes(b"<script>alert(1)</script>".to_vec()).file_name("x.pdf"));
        let r = admin
            .client
            .post(format!("{}/regions/99.01/mou?_csrf={}", admin.base, admin.csrf))
            .multipart(form)
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.expect("html").contains("Jenis berkas tidak diterima"));

        let program = app.login("program").await;
        let (s, html) = program
            .post(
                "/admin/regions/new",
                &[("code", "3209x"), ("name", ""), ("kind", "kota"), ("province", "Jawa Barat"), ("population", "-1")],
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("kode Kemendagri") && html.contains("Paling kecil 0"));
        let (s, html) = program.post("/admin/cohorts/new", &[("year", "abc"), ("name", "X")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("bilangan bulat"));
        let (s, html) = program
            .post("/admin/users/new", &[("username", "a b"), ("display_name", "X"), ("password", "pendek")])
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("paling sedikit 10") && html.contains("3–40 huruf"));
        let (s, html) = program
            .post("/admin/users/new", &[("username", "ahli"), ("display_name", "X"), ("password", "cukup-panjang-1")])
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Sudah dipakai"));
        assert!(!html.contains("cukup-panjang-1"), "a password is never echoed back");
    }
);

crate::both!(
    async fn unknown_ids_are_404_and_html_is_escaped(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        for path in [
            "/regions/00.00",
            "/regions/99.01/opds/999999/edit",
            "/files/999999",
            "/regions/99.01/stages/9",
            "/nowhere",
        ] {
            assert_eq!(admin.get(path).await.0, StatusCode::NOT_FOUND, "{path}");
        }
        let program = app.login("program").await;
        assert_eq!(program.get("/admin/users/999999").await.0, StatusCode::NOT_FOUND);
        let (s, _) = admin.get("/regions/99.01/opds/abc/edit").await;
        assert!(s.is_client_error(), "{s}");
        let evil = "<script>alert(1)</script>";
        assert_eq!(
            admin.post("/regions/99.01/opds/new", &[("name", evil), ("short_name", "XSS")]).await.0,
            StatusCode::SEE_OTHER
        );
        let (_, html) = admin.get("/regions/99.01/opds").await;
        assert!(!html.contains(evil) && html.contains("&#60;script&#62;alert(1)"), "escaped, shown as text");
    }
);

async fn stage_status(app: &TestApp, token: &str, n: usize) -> String {
    let (_, v) = app.api(token).get("/api/v1/regions/99.01/stages").await;
    v[n - 1]["status"].as_str().expect("status").to_string()
}

crate::both!(
    async fn stage_sign_off_flow_with_comments_and_audit(app: TestApp) {
        let expert = app.login("ahli").await;
        let admin = app.login("admin.sukamaju").await;
        let token = app.token("admin.sukamaju").await;
        assert_eq!(stage_status(&app, &token, 2).await, "submitted");
        let (s, html) = expert.post("/regions/99.01/stages/2/action", &[("action", "return"), ("comment", " ")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("catatan perbaikan"), "{html}");
        let note = "Lengkapi peta jalan dimensi Smart Environment.";
        assert_eq!(
            expert.post("/regions/99.01/stages/2/action", &[("action", "return"), ("comment", note)]).await.0,
            StatusCode::SEE_OTHER
        );
        assert_eq!(stage_status(&app, &token, 2).await, "returned");
        assert_eq!(
            admin.post("/regions/99.01/stages/2/action", &[("action", "approve")]).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            admin
                .post("/regions/99.01/stages/2/action", &[("action", "submit"), ("comment", "Sudah dilengkapi.")])
                .await
                .0,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            expert.post("/regions/99.01/stages/2/action", &[("action", "approve")]).await.0,
            StatusCode::SEE_OTHER
        );
        assert_eq!(stage_status(&app, &token, 2).await, "approved");
        let (_, page) = admin.get("/regions/99.01/stages/2").await;
        assert!(page.contains(note) && page.contains("Dr. Ir. Bambang Hartono") && page.contains("Sudah dilengkapi."));
        // Stage 4 cannot be submitted while stage 3 has not even started.
        assert_eq!(admin.post("/regions/99.01/stages/4/action", &[("action", "start")]).await.0, StatusCode::SEE_OTHER);
        let (s, html) = admin.post("/regions/99.01/stages/4/action", &[("action", "submit")]).await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert!(html.contains("Tahap sebelumnya harus disetujui"));
        // Every step is in the audit log with the status before and after.
        let (_, log) = app.api(&token).get("/api/v1/regions/99.01/audit?entity=stage").await;
        let entries = log.as_array().expect("entries");
        let approve = entries.iter().find(|e| e["action"] == "approve").expect("approve entry");
        assert_eq!(approve["before"]["status"], "submitted");
        assert_eq!(approve["after"]["status"], "approved");
        assert_eq!(approve["actor"], "ahli");
        for a in ["return", "submit", "start"] {
            assert!(entries.iter().any(|e| e["action"] == a), "{a}");
        }
        let (s, html) = admin.get("/regions/99.01/audit?entity=stage").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("approve") && html.contains("ahli"));
    }
);

crate::both!(
    async fn opd_changes_are_audited_with_before_and_after(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        admin.post("/regions/99.01/opds/new", &[("name", "Dinas Perikanan"), ("short_name", "Diskan")]).await;
        let region = regions::by_code(&app.db, "99.01").await.expect("region");
        let id = opds::list(&app.db, region.id)
            .await
            .expect("opds")
            .into_iter()
            .find(|o| o.short_name == "Diskan")
            .expect("new opd")
            .id;
        admin
            .post(
                &format!("/regions/99.01/opds/{id}/edit"),
                &[("name", "Dinas Kelautan dan Perikanan"), ("short_name", "DKP")],
            )
            .await;
        assert_eq!(admin.post(&format!("/regions/99.01/opds/{id}/delete"), &[]).await.0, StatusCode::SEE_OTHER);
        let f = audit::Filter { region_id: Some(region.id), entity: Some("opd".into()), ..Default::default() };
        let (rows, _) = audit::list(&app.db, &f).await.expect("audit");
        let mine: Vec<_> = rows.iter().filter(|r| r.entity_id == id.to_string()).collect();
        let actions: Vec<&str> = mine.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(actions, ["delete", "update", "create"]);
        assert!(mine.iter().all(|r| r.actor_name == "admin.sukamaju"));
        let update = mine[1];
        assert!(update.before.as_deref().expect("before").contains("Diskan"));
        assert!(update.after.as_deref().expect("after").contains("DKP"));
        assert!(mine[0].after.is_none() && mine[2].before.is_none());
    }
);

crate::both!(
    async fn language_switch_is_remembered_per_user(app: TestApp) {
        let b = app.login("dewan.sukamaju").await;
        let (_, html) = b.get("/regions/99.01").await;
        assert!(html.contains("Tahapan Bimtek") && html.contains("Keluar"));
        assert_eq!(b.post("/lang", &[("lang", "en"), ("back", "/regions/99.01")]).await.0, StatusCode::SEE_OTHER);
        let (_, html) = b.get("/regions/99.01").await;
        assert!(html.contains("Bimtek stages") && html.contains("Sign out"), "English after the switch");
        // A new session for the same user starts in English.
        let fresh = app.login("dewan.sukamaju").await;
        let (_, html) = fresh.get("/regions/99.01").await;
        assert!(html.contains("Sign out") && html.contains("lang=\"en\""));
    }
);

crate::both!(
    async fn json_api_with_bearer_tokens(app: TestApp) {
        let r = reqwest::Client::new()
            .post(format!("{}/api/v1/auth/token", app.base))
            .json(&json!({"username": "admin.sukamaju", "password": "salah"}))
            .send()
            .await
            .expect("token");
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(r.json::<serde_json::Value>().await.expect("json")["error"], "unauthorized");
        let api = app.api(&app.token("admin.sukamaju").await);
        let (s, v) = api.get("/api/v1/regions").await;
        assert_eq!(s, StatusCode::OK);
        let codes: Vec<&str> = v.as_array().expect("list").iter().map(|r| r["code"].as_str().expect("code")).collect();
        assert_eq!(codes, ["99.01"]);
        assert_eq!(v[0]["stages"][0], "approved");
        let (s, v) = api
            .post("/api/v1/regions/99.01/opds", json!({"name": "Dinas Perpustakaan", "short_name": "Dispusip"}))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let (_, list) = api.get("/api/v1/regions/99.01/opds").await;
        assert!(list.as_array().expect("opds").iter().any(|o| o["short_name"] == "Dispusip"));
        let (s, v) = api.post("/api/v1/regions/99.01/opds", json!({"name": ""})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> =
            v["fields"].as_array().expect("fields").iter().map(|f| f["field"].as_str().expect("field")).collect();
        assert_eq!(fields, ["name", "short_name"]);
        let r = reqwest::Client::new()
            .post(format!("{}/api/v1/regions/99.01/opds", app.base))
            .bearer_auth(&api.token)
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .expect("bad json");
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert_eq!(r.json::<serde_json::Value>().await.expect("json")["error"], "bad_request");
        assert_eq!(api.get("/api/v1/regions/99.72").await.0, StatusCode::NOT_FOUND);
        let (_, readiness) = api.get("/api/v1/regions/99.01/readiness").await;
        assert_eq!(readiness["scored"], 54);
        assert!(readiness["index"].as_f64().is_some_and(|i| (1.0..=5.0).contains(&i)));
        assert!(readiness["scores"][0]["score"].as_i64().is_some());

        let (s, doc) = app.api("").get("/api/v1/openapi.json").await;
        assert_eq!(s, StatusCode::OK);
        assert!(doc["openapi"].as_str().expect("version").starts_with("3."));
        for p in
            ["/api/v1/regions", "/api/v1/regions/{code}/opds", "/api/v1/auth/token", "/api/v1/regions/{code}/readiness"]
        {
            assert!(doc["paths"].get(p).is_some(), "{p} in the OpenAPI document");
        }

        // Disabling the user revokes their token at once.
        let program = app.login("program").await;
        let user = kotacerdas_store::accounts::users::by_username(&app.db, "admin.sukamaju").await.expect("user");
        let (s, _) = program.post(&format!("/admin/users/{}/disable", user.id), &[("disabled", "true")]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(api.get("/api/v1/regions").await.0, StatusCode::UNAUTHORIZED);
    }
);

crate::both!(
    async fn users_change_their_own_password(app: TestApp) {
        let b = app.login("penilai").await;
        let (s, html) =
            b.post("/account/password", &[("current", "salah-sandi"), ("password", "sandi-baru-penilai")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Kata sandi saat ini salah"));
        let (s, html) =
            b.post("/account/password", &[("current", kotacerdas_demo::PASSWORD), ("password", "pendek")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("paling sedikit 10"));
        let (s, _) = b
            .post("/account/password", &[("current", kotacerdas_demo::PASSWORD), ("password", "sandi-baru-penilai")])
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let mut fresh = app.anonymous();
        assert_eq!(fresh.login("penilai", kotacerdas_demo::PASSWORD).await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(fresh.login("penilai", "sandi-baru-penilai").await.0, StatusCode::SEE_OTHER);
        let (s, html) = b.post("/account", &[("display_name", ""), ("email", "bukan-surel")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Wajib diisi") && html.contains("Alamat surel tidak sah"));
    }
);

crate::both!(
    async fn the_ministry_name_is_configurable(app: TestApp) {
        let program = app.login("program").await;
        let (_, html) = program.get("/regions").await;
        assert!(html.contains("Kementerian Komunikasi dan Digital"));
        let (s, html) = program.post("/admin/programme", &[("name", ""), ("ministry_name", "Kementerian Baru")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Wajib diisi"));
        let fields = [("name", "Gerakan Menuju Smart City"), ("ministry_name", "Kementerian Transformasi Digital")];
        assert_eq!(program.post("/admin/programme", &fields).await.0, StatusCode::SEE_OTHER);
        let (_, html) = app.login("ahli").await.get("/regions").await;
        assert!(html.contains("Kementerian Transformasi Digital"));
    }
);

/// Targets that must never lead off-site (nor to a 500): tab and newline tricks, scheme-relative
/// and backslash forms, encoded slashes, other schemes.
const OFF_SITE: &[&str] = &[
    "/\t/evil.example/",
    "/\n/x",
    "//evil.example/",
    "/\\evil.example",
    "/%2F/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
];

crate::both!(
    async fn redirect_targets_from_users_stay_on_the_site(app: TestApp) {
        let anon = app.anonymous();
        for raw in ["/%09/evil.example/", "/%0A/x", "//evil.example/", "/%5Cevil.example"] {
            let (s, html) = anon.get(&format!("/login?next={raw}")).await;
            assert_eq!(s, StatusCode::OK, "{raw}");
            assert!(html.contains("name=\"next\" value=\"\""), "an off-site next is not carried: {raw}");
        }
        let b = app.login("admin.sukamaju").await;
        for raw in ["/%09/evil.example/", "/%0A/x", "//evil.example/", "/%5Cevil.example", "/%252F%252Fevil.example"] {
            let (s, loc) = b.get_location(&format!("/login?next={raw}")).await;
            assert_eq!((s, loc.as_deref()), (StatusCode::SEE_OTHER, Some("/")), "GET /login?next={raw}");
        }
        for target in OFF_SITE {
            let r = b
                .client
                .post(format!("{}/lang", b.base))
                .form(&[("_csrf", b.csrf.as_str()), ("lang", "id"), ("back", target)])
                .send()
                .await
                .expect("lang");
            let loc = r.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string);
            assert_eq!((r.status(), loc.as_deref()), (StatusCode::SEE_OTHER, Some("/")), "POST /lang back={target:?}");
            let mut fresh = app.anonymous();
            let (_, html) = fresh.get("/login").await;
            fresh.csrf = csrf_in(&html).expect("csrf");
            let r = fresh
                .client
                .post(format!("{}/login", fresh.base))
                .form(&[
                    ("_csrf", fresh.csrf.as_str()),
                    ("username", "dewan.sukamaju"),
                    ("password", kotacerdas_demo::PASSWORD),
                    ("next", target),
                ])
                .send()
                .await
                .expect("login");
            let loc = r.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string);
            assert_eq!((r.status(), loc.as_deref()), (StatusCode::SEE_OTHER, Some("/")), "POST /login next={target:?}");
        }
        // A local target is kept.
        let (s, loc) = b.get_location("/login?next=/regions/99.01/opds").await;
        assert_eq!((s, loc.as_deref()), (StatusCode::SEE_OTHER, Some("/regions/99.01/opds")));
    }
);

crate::both!(
    async fn anonymous_portal_views_create_no_session_and_set_no_cookie(app: TestApp) {
        let before = kotacerdas_store::accounts::sessions::count(&app.db).await.expect("count");
        // No cookie store: every request is a new visitor, like a crawler.
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        for _ in 0..50 {
            for path in ["/publik", "/publik/99.01", "/publik/99.01/pemantauan"] {
                let r = client.get(format!("{}{path}", app.base)).send().await.expect("GET");
                assert_eq!(r.status(), StatusCode::OK, "{path}");
                assert!(r.headers().get("set-cookie").is_none(), "{path} sets no cookie");
                let cache = r.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or_default();
                assert!(!cache.contains("no-store"), "{path}: public pages may be cached");
            }
        }
        assert_eq!(
            kotacerdas_store::accounts::sessions::count(&app.db).await.expect("count"),
            before,
            "no session rows"
        );
        // The language switch still works for such a visitor (and only then makes a session).
        let r = client
            .post(format!("{}/lang", app.base))
            .form(&[("lang", "en"), ("back", "/publik/99.01")])
            .send()
            .await
            .expect("lang");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let cookie = r.headers().get("set-cookie").and_then(|v| v.to_str().ok()).expect("a session now").to_string();
        let sid = cookie.split(';').next().expect("value").to_string();
        let r = client.get(format!("{}/publik/99.01", app.base)).header("cookie", &sid).send().await.expect("GET");
        assert!(r.text().await.expect("html").contains("lang=\"en\""), "English after the switch");
        assert_eq!(kotacerdas_store::accounts::sessions::count(&app.db).await.expect("count"), before + 1);
    }
);

async fn api_status(app: &TestApp, token: &str) -> StatusCode {
    app.api(token).get("/api/v1/regions").await.0
}

crate::both!(
    async fn a_new_password_ends_other_sessions_and_api_tokens(app: TestApp) {
        let pw = kotacerdas_demo::PASSWORD;
        // Self-change: this session goes on; the other one and the token end.
        let me = app.login("penilai").await;
        let other = app.login("penilai").await;
        let token = app.token("penilai").await;
        assert_eq!(api_status(&app, &token).await, StatusCode::OK);
        let (s, _) = me.post("/account/password", &[("current", pw), ("password", "sandi-baru-penilai")]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(me.get("/account").await.0, StatusCode::OK, "the changing session stays signed in");
        assert_eq!(other.get_location("/account").await.0, StatusCode::SEE_OTHER, "the other session is over");
        assert_eq!(api_status(&app, &token).await, StatusCode::UNAUTHORIZED, "the token is revoked");

        // An administrator's reset ends every session and token of the account.
        let victim = app.login("ahli").await;
        let token = app.token("ahli").await;
        let admin = app.login("program").await;
        let id = kotacerdas_store::accounts::users::by_username(&app.db, "ahli").await.expect("user").id;
        let (s, _) = admin.post(&format!("/admin/users/{id}/password"), &[("password", "sandi-baru-ahli")]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(victim.get_location("/account").await.0, StatusCode::SEE_OTHER);
        assert_eq!(api_status(&app, &token).await, StatusCode::UNAUTHORIZED);
        assert_eq!(admin.get("/admin/users").await.0, StatusCode::OK, "the administrator is still signed in");

        // Disabling an account: its session rows are gone, not just refused.
        let planner = app.login("perencana.dinkes").await;
        let id = kotacerdas_store::accounts::users::by_username(&app.db, "perencana.dinkes").await.expect("user").id;
        let before = kotacerdas_store::accounts::sessions::count(&app.db).await.expect("count");
        let (s, _) = admin.post(&format!("/admin/users/{id}/disable"), &[("disabled", "true")]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert!(kotacerdas_store::accounts::sessions::count(&app.db).await.expect("count") < before);
        assert_eq!(planner.get_location("/account").await.0, StatusCode::SEE_OTHER);
    }
);

crate::both!(
    async fn private_responses_are_not_stored_by_caches(app: TestApp) {
        let cache = |r: &reqwest::Response| {
            r.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
        };
        let b = app.login("admin.sukamaju").await;
        for path in ["/regions/99.01", "/regions/99.01/programmes/export", "/regions/99.01/inventory.xlsx", "/account"]
        {
            let r = b.client.get(format!("{}{path}", b.base)).send().await.expect("GET");
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            assert_eq!(cache(&r), "no-store", "{path}");
        }
        // The token reply, and what a token holder reads.
        let r = reqwest::Client::new()
            .post(format!("{}/api/v1/auth/token", app.base))
            .json(&json!({"username": "admin.sukamaju", "password": kotacerdas_demo::PASSWORD}))
            .send()
            .await
            .expect("token");
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(cache(&r), "no-store");
        let token = r.json::<serde_json::Value>().await.expect("json")["token"].as_str().expect("token").to_string();
        let r = reqwest::Client::new()
            .get(format!("{}/api/v1/regions/99.01/programmes", app.base))
            .bearer_auth(&token)
            .send()
            .await
            .expect("api");
        assert_eq!(cache(&r), "no-store");
        // The login form hands out a token cookie: not for shared caches either.
        let r = reqwest::Client::new().get(format!("{}/login", app.base)).send().await.expect("login");
        assert_eq!(cache(&r), "no-store");
        // Static assets keep their own policy, signed in or not.
        let r = b.client.get(format!("{}/static/app.css", b.base)).send().await.expect("css");
        assert!(cache(&r).starts_with("public"), "{}", cache(&r));
    }
);

/// The one-time token of the first form on a page.
fn once_in(html: &str) -> String {
    let i = html.find("name=\"_once\" value=\"").expect("a one-time token in the form");
    let rest = &html[i + 20..];
    rest[..rest.find('"').expect("quote")].to_string()
}

crate::both!(
    async fn a_create_form_sent_twice_at_once_creates_one_record(app: TestApp) {
        use sea_orm::{EntityTrait, PaginatorTrait};
        let b = app.login("admin.sukamaju").await;
        let (_, form) = b.get("/regions/99.01/programmes/new?element=LIV-HE").await;
        let once = once_in(&form);
        let opd = form.split("name=\"opd_id\"").nth(1).and_then(|s| s.split("value=\"").nth(2)).expect("opd option");
        let opd = &opd[..opd.find('"').expect("quote")];
        let fields: Vec<(&str, &str)> = vec![
            ("_once", once.as_str()),
            ("name", "Posyandu digital ganda"),
            ("description", "Dikirim dua kali"),
            ("element_code", "LIV-HE"),
            ("opd_id", opd),
            ("horizon", "short"),
            ("start_year", "2026"),
            ("end_year", "2026"),
        ];
        let programmes =
            || async { kotacerdas_store::entity::programme::Entity::find().count(&app.db).await.expect("count") };
        let before = programmes().await;
        let (a, c) = tokio::join!(
            b.post("/regions/99.01/programmes/new", &fields),
            b.post("/regions/99.01/programmes/new", &fields)
        );
        let statuses = [a.0, c.0];
        assert!(statuses.contains(&StatusCode::SEE_OTHER), "{statuses:?}");
        assert!(statuses.iter().all(|s| *s == StatusCode::SEE_OTHER || *s == StatusCode::CONFLICT), "{statuses:?}");
        assert_eq!(programmes().await, before + 1, "one programme");
        // Sent again later: led to the programme made the first time, nothing new.
        let r = b
            .client
            .post(format!("{}/regions/99.01/programmes/new", b.base))
            .form(&[&[("_csrf", b.csrf.as_str())][..], &fields[..]].concat())
            .send()
            .await
            .expect("again");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let loc = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        assert!(loc.starts_with("/regions/99.01/programmes/"), "{loc}");
        assert_eq!(programmes().await, before + 1);
        // A form shown again with errors gives its token back: fixed, it is saved.
        let (_, form) = b.get("/regions/99.01/programmes/new?element=LIV-HE").await;
        let once = once_in(&form);
        let mut bad = fields.clone();
        bad[0] = ("_once", once.as_str());
        bad[1] = ("name", "");
        assert_eq!(b.post("/regions/99.01/programmes/new", &bad).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        bad[1] = ("name", "Posyandu digital kedua");
        assert_eq!(b.post("/regions/99.01/programmes/new", &bad).await.0, StatusCode::SEE_OTHER);
        assert_eq!(programmes().await, before + 2);

        // Two freezes of the book at once make one version.
        let (_, page) = b.get("/regions/99.01/book").await;
        let once = once_in(&page);
        let fields = [("_once", once.as_str()), ("version_label", "Draf workshop")];
        let versions =
            || async { kotacerdas_store::entity::book_version::Entity::find().count(&app.db).await.expect("count") };
        let before = versions().await;
        let (a, c) = tokio::join!(
            b.post("/regions/99.01/book/versions", &fields),
            b.post("/regions/99.01/book/versions", &fields)
        );
        assert!([a.0, c.0].contains(&StatusCode::SEE_OTHER), "{:?}", (a.0, c.0));
        assert_eq!(versions().await, before + 1, "one version");
    }
);
