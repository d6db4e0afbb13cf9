//! Stages 2–3 (first part) over HTTP: the RPJMD/RPD reference, the masterplan's years mapped to
//! plan periods, and smart city missions, goals and strategies linked to the RPJMD.

use crate::harness;

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

        let region = kotacerdas_store::region::regions::by_code(&app.db, "99.01").await.expect("region");
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

crate::both!(
    async fn programmes_with_yearly_targets_and_whole_rupiah_budgets(app: TestApp) {
        let planner = app.login("perencana.dinkes").await;
        let region = kotacerdas_store::region::regions::by_code(&app.db, "99.01").await.expect("region");
        let opds = kotacerdas_store::region::opds::list(&app.db, region.id).await.expect("opds");
        let id_of = |s: &str| opds.iter().find(|o| o.short_name == s).expect("opd").id.to_string();
        let (dinkes, dlh) = (id_of("Dinkes"), id_of("DLH"));
        let base = |opd: &str, horizon: &str, start: &str, end: &str| {
            vec![
                ("opd_id".to_string(), opd.to_string()),
                ("element_code".into(), "LIV-HE".into()),
                ("name".into(), "Posyandu digital".into()),
                ("description".into(), "Pencatatan tumbuh kembang balita".into()),
                ("horizon".into(), horizon.to_string()),
                ("start_year".into(), start.to_string()),
                ("end_year".into(), end.to_string()),
            ]
        };
        // Another OPD's programme is refused outright.
        assert_eq!(post_programme(&planner, base(&dlh, "short", "2025", "2026"), &[]).await.0, StatusCode::FORBIDDEN);
        // A Quick Win longer than a year, a budget with decimals, a target outside the years.
        let (s, html) = post_programme(
            &planner,
            base(&dinkes, "quick_win", "2025", "2026"),
            &[("budget.2025.apbd", "1.250.000,50"), ("target.2030", "x")],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            html.contains("satu tahun anggaran")
                && html.contains("rupiah utuh")
                && html.contains("di luar masa program")
        );
        assert!(html.contains("1.250.000,50"), "typed values stay");
        let (s, _) = post_programme(
            &planner,
            base(&dinkes, "short", "2025", "2026"),
            &[
                ("budget.2025.apbd", "1.250.000.000"),
                ("budget.2026.apbd", "1250000000"),
                ("budget.2025.csr", "300.000.000"),
                ("target.2025", "20 posyandu"),
                ("target.2026", "60 posyandu"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let api = app.api(&app.token("ahli").await);
        let (_, list) = api.get("/api/v1/regions/99.01/programmes").await;
        let p = list.as_array().expect("list").iter().find(|p| p["name"] == "Posyandu digital").expect("saved");
        assert_eq!(p["total_budget"], 2_800_000_000i64, "whole rupiah, summed exactly");
        assert_eq!(p["targets"].as_array().expect("targets").len(), 2);
        assert_eq!(p["dimension_code"], "LIV");
        let (_, html) = planner.get("/regions/99.01/programmes").await;
        assert!(html.contains("Rp 2.800.000.000") && html.contains("Lahir Langsung Akta"));
    }
);

async fn post_programme(
    b: &harness::Browser,
    mut fields: Vec<(String, String)>,
    extra: &[(&str, &str)],
) -> (StatusCode, String) {
    fields.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    b.post("/regions/99.01/programmes/new", &borrowed).await
}

crate::both!(
    async fn budget_matrices_add_up_and_compare_with_the_apbd(app: TestApp) {
        let b = app.login("dewan.sukamaju").await;
        let (s, html) = b.get("/regions/99.01/budget").await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            html.contains("Dimensi × tahun") && html.contains("OPD × tahun") && html.contains("Sumber dana × tahun")
        );
        let api = app.api(&app.token("dewan.sukamaju").await);
        let (_, list) = api.get("/api/v1/regions/99.01/programmes").await;
        let list = list.as_array().expect("list");
        let total: i64 = list.iter().map(|p| p["total_budget"].as_i64().expect("total")).sum();
        // 2025's plan budget against the 2025 APBD of Rp 2.972.000.000.000, as a share in
        // basis points rounded half up, shown with a decimal comma.
        let y2025: i64 = list
            .iter()
            .flat_map(|p| p["budgets"].as_array().expect("budgets").iter())
            .filter(|b| b["year"] == 2025)
            .map(|b| b["amount"].as_i64().expect("amount"))
            .sum();
        let bp = (y2025 * 10_000 + 2_972_000_000_000 / 2) / 2_972_000_000_000;
        let share = format!("{},{:02}%", bp / 100, bp % 100);
        assert!(
            html.contains(&kotacerdas_domain::format::thousands(y2025)) && html.contains(&share),
            "2025's plan budget {y2025} and its share {share} of the APBD"
        );
        assert!(
            html.contains(&format!("Rp {}", kotacerdas_domain::format::thousands(total))),
            "the grand total matches the register"
        );
    }
);
