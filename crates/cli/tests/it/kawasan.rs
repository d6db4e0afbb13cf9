//! Issue 17, deliverable 6: a kawasan — a planning unit of kind `kawasan` spanning several
//! regions — whose programmes are owned by its member regions' OPDs and appear, read-only, in
//! those regions' plans and portals; on SQLite and PostgreSQL.

use kotacerdas_domain::programme_input::ProgrammeInput;
use kotacerdas_store::plan::programmes;
use kotacerdas_store::region::{kawasan, opds, regions};
use kotacerdas_store::{Actor, StoreError};
use reqwest::StatusCode;
use serde_json::json;

/// A short programme of the kawasan owned by `opd`.
fn programme(opd: i64, name: &str) -> ProgrammeInput {
    let mut p = ProgrammeInput {
        opd_id: opd.to_string(),
        element_code: "BRA-TO".into(),
        name: name.into(),
        description: "Program kawasan uji.".into(),
        horizon: "short".into(),
        start_year: "2026".into(),
        end_year: "2027".into(),
        ..Default::default()
    };
    p.budgets.insert((2026, "apbd".into()), "500000000".into());
    p
}

crate::both!(
    async fn a_kawasan_programme_owned_by_a_member_opd_appears_in_that_region_only_read_only(app: TestApp) {
        let k = regions::by_code(&app.db, "K.01").await.expect("the demo kawasan");
        let api = app.api(&app.token("program").await);
        let (s, members) = api.get("/api/v1/regions/K.01/kawasan-members").await;
        assert_eq!(s, StatusCode::OK);
        let codes: Vec<&str> = members.as_array().expect("list").iter().filter_map(|m| m["code"].as_str()).collect();
        assert_eq!(codes, ["99.01", "99.02", "99.71"], "the kawasan spans three demo regions");
        // A programme owned by Tirtamulya's Dinkes: allowed (a member's OPD) …
        let tirta = regions::by_code(&app.db, "99.71").await.expect("99.71");
        let dinkes = opds::list(&app.db, tirta.id)
            .await
            .expect("opds")
            .into_iter()
            .find(|o| o.short_name == "Dinkes")
            .expect("Dinkes");
        let sys = Actor::system("uji");
        let p = programmes::save(&app.db, &sys, k.id, None, &programme(dinkes.id, "Klinik wisata danau"))
            .await
            .expect("a member's OPD may own a kawasan programme");
        // … one owned by Bukit Sari's (not a member) is refused on the field.
        let bukit = regions::by_code(&app.db, "99.72").await.expect("99.72");
        let outsider = opds::list(&app.db, bukit.id).await.expect("opds")[0].id;
        match programmes::save(&app.db, &sys, k.id, None, &programme(outsider, "Bukan milik kawasan")).await {
            Err(StoreError::Invalid(e)) => assert!(e.get("opd_id").is_some(), "{e:?}"),
            other => panic!("an outsider's OPD was accepted: {other:?}"),
        }
        // Tirtamulya's programmes page lists it under the kawasan, linked there; Sukamaju's
        // lists the demo's tourism ticket (its Disparbud's) but not the clinic.
        let b = app.login("program").await;
        let (s, html) = b.get("/regions/99.71/programmes").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Program kawasan Kawasan Wisata Danau Sukamaju"), "section title");
        assert!(html.contains(&format!("/regions/K.01/programmes/{}", p.id)), "linked to the kawasan");
        let (_, html) = b.get("/regions/99.01/programmes").await;
        assert!(html.contains("Satu tiket wisata danau untuk tiga daerah") && !html.contains("Klinik wisata danau"));
        // The kawasan's own page names the owner with its region.
        let (s, html) = b.get("/regions/K.01/programmes").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Dinkes · Kota Tirtamulya"), "owner named with its region");
        // The portal of a member region with a published plan lists it with the kawasan as owner.
        crate::participation::approve(&app, "99.71").await;
        let (s, html) = app.anonymous().get("/publik/99.71").await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            html.contains("Klinik wisata danau") && html.contains("/publik/K.01"),
            "portal lists the kawasan programme"
        );
        // A member region's manager may not write the kawasan's programmes.
        let admin = app.login("admin.sukamaju").await;
        for path in [format!("/regions/K.01/programmes/{}/edit", p.id), "/regions/K.01/programmes/new".into()] {
            let s = admin.get(&path).await.0;
            assert!(s == StatusCode::NOT_FOUND || s == StatusCode::FORBIDDEN, "{path}: {s}");
        }
        let s = admin.post(&format!("/regions/K.01/programmes/{}/edit", p.id), &[("name", "Diubah")]).await.0;
        assert!(s == StatusCode::NOT_FOUND || s == StatusCode::FORBIDDEN, "{s}");
        // A member cannot leave while its OPD owns a kawasan programme.
        let (m, _) = kawasan::members(&app.db, k.id)
            .await
            .expect("members")
            .into_iter()
            .find(|(_, r)| r.code == "99.71")
            .expect("member");
        assert!(matches!(kawasan::remove(&app.db, &sys, k.id, m.id).await, Err(StoreError::Invalid(_))));
    }
);

crate::both!(
    async fn kawasan_codes_and_members_are_checked(app: TestApp) {
        let api = app.api(&app.token("program").await);
        let region = |code: &str, kind: &str| json!({"code": code, "name": format!("Kawasan Uji {code}"), "kind": kind, "province": "Nusantara Jaya", "population": 0});
        assert_eq!(api.post("/api/v1/regions", region("98.09", "kawasan")).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(api.post("/api/v1/regions", region("K.02", "kota")).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        let (s, k) = api.post("/api/v1/regions", region("K.02", "kawasan")).await;
        assert_eq!(s, StatusCode::CREATED, "{k}");
        let sukamaju = regions::by_code(&app.db, "99.01").await.expect("99.01");
        let province = regions::by_code(&app.db, "99").await.expect("99");
        let url = "/api/v1/regions/K.02/kawasan-members";
        assert_eq!(api.post(url, json!({"region_id": province.id})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(api.post(url, json!({"region_id": k["id"]})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        let (s, m) = api.post(url, json!({"region_id": sukamaju.id})).await;
        assert_eq!(s, StatusCode::CREATED, "{m}");
        assert_eq!(api.post(url, json!({"region_id": sukamaju.id})).await.0, StatusCode::UNPROCESSABLE_ENTITY, "twice");
        // A kabupaten takes no members; only the programme office names them.
        let b = app.login("program").await;
        let (s, _) = b.post("/regions/99.01/kawasan", &[("region_id", &sukamaju.id.to_string())]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let admin = app.api(&app.token("admin.sukamaju").await);
        let s = admin.post("/api/v1/regions/99.01/kawasan-members", json!({"region_id": 2})).await.0;
        assert!(s == StatusCode::FORBIDDEN || s == StatusCode::NOT_FOUND, "{s}");
        // The pages: the kawasan lists its members, the member names its kawasans.
        let (s, html) = b.get("/regions/K.02/kawasan").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Kabupaten Sukamaju"));
        let (_, html) = b.get("/regions/99.01/kawasan").await;
        assert!(html.contains("Kawasan Uji K.02") && html.contains("Kawasan Wisata Danau Sukamaju"));
    }
);
