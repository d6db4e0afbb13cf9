//! The official list of areas over the API (issue 17): public, cacheable, searched by name or
//! code, children scoped to their parent; and a region is created from it.

use crate::harness::TestApp;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn get(app: &TestApp, path: &str) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let r = reqwest::Client::new().get(format!("{}{path}", app.base)).send().await.expect("GET");
    let (s, h) = (r.status(), r.headers().clone());
    let text = r.text().await.unwrap_or_default();
    (s, h, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

fn names(v: &Value) -> Vec<String> {
    v["items"].as_array().expect("items").iter().map(|i| i["name"].as_str().unwrap_or_default().to_string()).collect()
}

crate::both!(
    async fn areas_are_public_searchable_and_cacheable(app: TestApp) {
        // Kabupaten/kota by name, any case, with or without the kind in front.
        let (s, h, v) = get(&app, "/api/v1/areas/regencies?q=kota%20bandung").await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["items"][0]["code"], "32.73");
        assert_eq!(v["items"][0]["name"], "Kota Bandung");
        assert_eq!(v["items"][0]["province_code"], "32");
        assert_eq!(v["items"][0]["province_name"], "Jawa Barat");
        assert_eq!(v["items"][0]["kind"], "kota");
        assert_eq!(v["count"], 1);
        assert!(v["source"].as_str().unwrap().starts_with("idn-area-data "));
        assert_eq!(v["licence"], "ODbL-1.0");
        let cache = h.get("cache-control").and_then(|c| c.to_str().ok()).unwrap_or_default();
        assert!(cache.contains("public") && cache.contains("max-age"), "{cache}");
        let etag = h.get("etag").expect("etag").clone();
        let again = reqwest::Client::new()
            .get(format!("{}/api/v1/areas/regencies?q=kota%20bandung", app.base))
            .header("if-none-match", etag)
            .send()
            .await
            .expect("GET");
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

        let (_, _, v) = get(&app, "/api/v1/areas/regencies?q=Kab.%20Bandung").await;
        assert_eq!(names(&v)[0], "Kabupaten Bandung");
        assert!(!names(&v).contains(&"Kota Bandung".to_string()));
        let (_, _, v) = get(&app, "/api/v1/areas/regencies?q=BANDUNG").await;
        assert!(
            names(&v).contains(&"Kota Bandung".to_string()) && names(&v).contains(&"Kabupaten Bandung".to_string())
        );
        for code in ["3273", "32.73"] {
            let (_, _, v) = get(&app, &format!("/api/v1/areas/regencies?q={code}")).await;
            assert_eq!(names(&v), ["Kota Bandung"], "{code}");
        }
        let (_, _, v) = get(&app, "/api/v1/areas/regencies?province=51&limit=100").await;
        assert!(v["items"].as_array().unwrap().iter().all(|i| i["province_code"] == "51"));
        assert_eq!(v["count"], 9, "Bali's eight kabupaten and Denpasar");
        let (_, _, v) = get(&app, "/api/v1/areas/regencies").await;
        assert_eq!(v["count"], 20, "bounded by the default limit");
        let (_, _, v) = get(&app, "/api/v1/areas/provinces?q=jawa%20barat").await;
        assert_eq!(v["items"][0]["code"], "32");
        let (_, _, v) = get(&app, "/api/v1/areas/provinces").await;
        assert_eq!(v["count"], 38);

        // Children of a code, dotted or not.
        for code in ["32.73", "3273"] {
            let (s, _, v) = get(&app, &format!("/api/v1/areas/districts?regency={code}")).await;
            assert_eq!(s, StatusCode::OK, "{v}");
            assert_eq!(v["items"][0]["code"], "32.73.01");
            assert_eq!(v["items"][0]["name"], "Sukasari");
            assert!(v["items"].as_array().unwrap().iter().all(|i| i["regency_code"] == "32.73"));
            assert!(v["count"].as_u64().unwrap() > 20);
        }
        let (s, _, v) = get(&app, "/api/v1/areas/villages?district=327301").await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["items"][0]["code"], "32.73.01.1001");
        assert_eq!(v["items"][0]["kind"], "kelurahan");
        assert!(v["items"].as_array().unwrap().iter().all(|i| i["district_code"] == "32.73.01"));
        let (_, _, v) = get(&app, "/api/v1/areas/villages?district=32.73.01&q=geger").await;
        assert_eq!(names(&v), ["Gegerkalong"]);

        // Hostile or wrong questions: a clear 4xx or nothing found, never a 500; with a token too.
        let long = "a".repeat(101);
        for (path, want) in [
            (format!("/api/v1/areas/regencies?q={long}"), StatusCode::BAD_REQUEST),
            ("/api/v1/areas/regencies?q=%F0%9F%92%A5%E2%80%AEkota".into(), StatusCode::OK),
            ("/api/v1/areas/regencies?q=".into(), StatusCode::OK),
            ("/api/v1/areas/regencies?q=%00".into(), StatusCode::OK),
            ("/api/v1/areas/regencies?limit=0".into(), StatusCode::BAD_REQUEST),
            ("/api/v1/areas/regencies?limit=101".into(), StatusCode::BAD_REQUEST),
            ("/api/v1/areas/regencies?limit=x".into(), StatusCode::BAD_REQUEST),
            ("/api/v1/areas/regencies?province=00".into(), StatusCode::NOT_FOUND),
            ("/api/v1/areas/districts".into(), StatusCode::BAD_REQUEST),
            ("/api/v1/areas/districts?regency=32.7".into(), StatusCode::BAD_REQUEST),
            ("/api/v1/areas/districts?regency=99.01".into(), StatusCode::NOT_FOUND),
            ("/api/v1/areas/districts?regency=32".into(), StatusCode::BAD_REQUEST),
            ("/api/v1/areas/villages?district=32.73".into(), StatusCode::BAD_REQUEST),
            ("/api/v1/areas/villages?district=32.73.99".into(), StatusCode::NOT_FOUND),
        ] {
            let (s, _, v) = get(&app, &path).await;
            assert_eq!(s, want, "{path}: {v}");
            if s.is_client_error() {
                assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{path}: {v}");
            }
        }
        let (_, _, v) = get(&app, "/api/v1/areas/regencies?q=zzqqxx").await;
        assert_eq!(v["count"], 0);
        let api = app.api(&app.token("program").await);
        let (s, v) = api.get("/api/v1/areas/regencies?q=denpasar").await;
        assert_eq!((s, v["items"][0]["code"].as_str()), (StatusCode::OK, Some("51.71")));
    }
);

crate::both!(
    async fn a_region_with_an_official_code_carries_its_official_name(app: TestApp) {
        let api = app.api(&app.token("program").await);
        let body = |code: &str, name: &str, kind: &str, province: &str| json!({"code": code, "name": name, "kind": kind, "province": province, "population": 1000, "cohort_id": null});
        let (s, v) = api.post("/api/v1/regions", body("32.73", "Kota Sukamaju", "kabupaten", "Bali")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        let fields = v["fields"].to_string();
        assert!(fields.contains("name") && fields.contains("kind") && fields.contains("province"), "{v}");
        let (s, v) = api.post("/api/v1/regions", body("32.99", "Kota Baru", "kota", "Jawa Barat")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "not in the list: {v}");
        let (s, v) = api.post("/api/v1/regions", body("32.73", "Kota Bandung", "kota", "Jawa Barat")).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let (s, v) = api.post("/api/v1/regions", body("99.55", "Kota Fiksi", "kota", "Nusantara Jaya")).await;
        assert_eq!(s, StatusCode::CREATED, "demo codes stay free: {v}");
    }
);

crate::both!(
    async fn the_region_form_picks_from_the_list_and_citizens_pick_their_place(app: TestApp) {
        let office = app.login("program").await;
        // Without script: a search lists the matches, a pick fills the form.
        let (s, html) = office.get("/admin/regions/new?cari=kota%20bandung").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("/admin/regions/new?kode=32.73"), "the match links its pick");
        assert!(html.contains("idn-area-data") && html.contains("ODbL"), "the source is named");
        let (_, html) = office.get("/admin/regions/new?kode=3273").await;
        assert!(html.contains("value=\"32.73\"") && html.contains("value=\"Kota Bandung\""), "code and name filled");
        assert!(html.contains("value=\"Jawa Barat\""), "province filled");
        assert!(html.contains("value=\"kota\" selected"), "kind chosen");
        let (s, _) = office.get(&format!("/admin/regions/new?cari={}", "%F0%9F%92%A5".repeat(200))).await;
        assert_eq!(s, StatusCode::OK, "a hostile search finds nothing");
        let (s, html) = office
            .post(
                "/admin/regions/new",
                &[
                    ("code", "32.73"),
                    ("name", "Kota Kembang"),
                    ("kind", "kota"),
                    ("province", "Jawa Barat"),
                    ("population", "2500000"),
                ],
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("e-name"), "the name is refused on the form");
        let (s, _) = office
            .post(
                "/admin/regions/new",
                &[
                    ("code", "32.73"),
                    ("name", "Kota Bandung"),
                    ("kind", "kota"),
                    ("province", "Jawa Barat"),
                    ("population", "2500000"),
                ],
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);

        // A consultation in Kota Bandung: the kecamatan and kelurahan are the city's own.
        use kotacerdas_store::{participation, region::regions, Actor};
        let r = regions::by_code(&app.db, "32.73").await.expect("region");
        let today = chrono::Utc::now().date_naive();
        let c = kotacerdas_domain::participation::ConsultationInput {
            title: "Konsultasi Bandung".into(),
            opens_on: (today - chrono::Duration::days(1)).to_string(),
            closes_on: (today + chrono::Duration::days(9)).to_string(),
            ..Default::default()
        };
        let c =
            participation::create_consultation(&app.db, &Actor::system("uji"), r.id, &c).await.expect("consultation");
        let mut b = app.anonymous();
        let page = format!("/publik/32.73/konsultasi/{}", c.id);
        let (s, html) = b.get(&page).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("<select id=\"f-kecamatan\"") && html.contains(">Sukasari</option>"));
        assert!(html.contains("data-parent=\"32.73.01\"") && html.contains("value=\"32.73.01.1002\">Gegerkalong<"));
        b.csrf = crate::harness::csrf_in(&html).expect("csrf");
        let send = |k: &'static str, v: &'static str| {
            let form = reqwest::multipart::Form::new()
                .text("kind", "problem")
                .text("title", "Trotoar rusak")
                .text("body", "Trotoar di dekat sekolah rusak.")
                .text("dimension_code", "LIV")
                .text("kecamatan", k)
                .text("kelurahan", v);
            b.client.post(format!("{}{page}?_csrf={}", b.base, b.csrf)).multipart(form).send()
        };
        let r1 = send("32.73.02", "32.73.01.1002").await.expect("post");
        assert_eq!(r1.status(), StatusCode::UNPROCESSABLE_ENTITY, "a kelurahan of another kecamatan");
        assert!(r1.text().await.unwrap_or_default().contains("e-kelurahan"));
        let r2 = send("32.73.01", "32.73.01.1002").await.expect("post");
        assert_eq!(r2.status(), StatusCode::SEE_OTHER);
        let kept = participation::list(&app.db, r.id, &Default::default()).await.expect("inputs");
        let i = &kept[0].input;
        assert_eq!((i.kecamatan.as_deref(), i.kelurahan.as_deref()), (Some("Sukasari"), Some("Gegerkalong")));
    }
);
