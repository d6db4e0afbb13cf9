//! Stages 2–3 (first part) over HTTP: the RPJMD/RPD reference, the masterplan's years mapped to
//! plan periods, and smart city missions, goals and strategies linked to the RPJMD.

mod harness;

use reqwest::StatusCode;

crate::both!(
    async fn ten_years_map_onto_the_plan_periods(app: TestApp) {
        let api = app.api(&app.token("ahli").await);
        let (s, plan) = api.get("/api/v1/regions/99.01/plan").await;
        assert_eq!(s, StatusCode::OK);
        let periods = plan["periods"].as_array().expect("periods");
        assert_eq!(periods.len(), 2);
        let (first, second) = (periods[0]["id"].clone(), periods[1]["id"].clone());
        let years = plan["years"].as_array().expect("years");
        assert_eq!(years.len(), 10, "a masterplan runs ten years");
        let period_of = |y: i64| years.iter().find(|x| x["year"] == y).expect("year")["period_id"].clone();
        assert_eq!(period_of(2025), first);
        assert_eq!(period_of(2026), first);
        assert_eq!(period_of(2027), second);
        assert_eq!(period_of(2031), second);
        assert!(period_of(2032).is_null(), "no period covers the plan's last years yet");
        assert!(
            plan["vision_items"].as_array().expect("items").iter().all(|v| v["plan_item_id"].is_i64()),
            "every item serves an RPJMD mission or goal"
        );
        let b = app.login("dewan.sukamaju").await;
        let (_, html) = b.get("/regions/99.01/vision").await;
        assert!(html.contains("Sukamaju Cerdas 2034") && html.contains("belum ada periode"));
    }
);

crate::both!(
    async fn periods_and_vision_items_are_validated(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        let period = |start: &'static str, end: &'static str| {
            vec![("kind", "rpjmd"), ("start_year", start), ("end_year", end), ("vision", "Uji")]
        };
        let (s, html) = admin.post("/regions/99.01/rpjmd/periods", &period("2026", "2030")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Bertumpang tindih"));
        let (s, html) = admin.post("/regions/99.01/rpjmd/periods", &period("2032", "2045")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("paling lama enam tahun"));
        assert_eq!(admin.post("/regions/99.01/rpjmd/periods", &period("2032", "2036")).await.0, StatusCode::SEE_OTHER);

        let region = kotacerdas_store::regions::by_code(&app.db, "99.01").await.expect("region");
        let items = kotacerdas_store::plan::items(&app.db, region.id).await.expect("items");
        let target = items.iter().find(|i| i.level == "target").expect("a target").id.to_string();
        let goal = items.iter().find(|i| i.level == "goal").expect("a goal").id.to_string();
        let item = |link: &str, dim: &'static str, element: &'static str| {
            vec![
                ("level", "strategy".to_string()),
                ("code", "SSC9".into()),
                ("text", "Sensor kualitas air sungai".into()),
                ("dimension_code", dim.into()),
                ("element_code", element.into()),
                ("plan_item_id", link.to_string()),
            ]
        };
        for (fields, message) in [
            (item("", "ENV", "ENV-PR"), "Wajib diisi"),
            (item(&target, "ENV", "ENV-PR"), "bukan sasaran"),
            (item(&goal, "GOV", "ENV-PR"), "bukan bagian dari dimensi"),
        ] {
            let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (s, html) = admin.post("/regions/99.01/vision/items", &borrowed).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
            assert!(
                html.contains(message) && html.contains("Sensor kualitas air sungai"),
                "{message}, typed text kept"
            );
        }
        let fields = item(&goal, "ENV", "ENV-PR");
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(admin.post("/regions/99.01/vision/items", &borrowed).await.0, StatusCode::SEE_OTHER);
        // A period whose missions are in use cannot be deleted.
        let periods = kotacerdas_store::plan::periods(&app.db, region.id).await.expect("periods");
        assert_eq!(
            admin.post(&format!("/regions/99.01/plan/period/{}/delete", periods[0].id), &[]).await.0,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            kotacerdas_store::plan::periods(&app.db, region.id).await.expect("periods").len(),
            periods.len(),
            "still there"
        );
        let (s, _) = admin.post("/regions/99.01/vision", &[("start_year", "20x5"), ("vision", "")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(admin.post("/regions/99.01/plan/nonsense/1/delete", &[]).await.0, StatusCode::NOT_FOUND);
    }
);
