//! The national dashboard: filters, peers, exports, the API, always current; and the synthetic
//! nation generator at a small size, on both databases.

use crate::harness;

use kotacerdas_demo::national as demo_national;
use kotacerdas_store::{evaluation, region::regions};
use reqwest::StatusCode;

crate::both!(
    async fn the_programme_office_reads_the_nation_at_a_glance(app: TestApp) {
        let office = app.login("program").await;
        let (s, html) = office.get("/national?year=2025").await;
        assert_eq!(s, StatusCode::OK);
        let r = regions::by_code(&app.db, "99.01").await.expect("region");
        let round = evaluation::round(&app.db, 2025).await.expect("round");
        let ix = evaluation::summary(&app.db, &round, r.id).await.expect("summary").index.expect("index");
        let ix_text = kotacerdas_domain::evaluation::score_text(ix, "id");
        assert!(
            html.contains("Kabupaten Sukamaju") && html.contains(&format!("{ix_text} ▲")),
            "index and its trend up from 2024"
        );
        assert!(html.contains("6 / 6"), "five regions and the kawasan");
        let (_, html) = office.get("/national?kind=kota").await;
        assert!(!html.contains("Kabupaten Sukamaju"), "filtered by type");
        let (_, html) = office.get("/national?year=2025&compare=99.01").await;
        assert!(html.contains("id=\"compare\"") && html.contains("rata-rata kelas"));
        for who in ["ahli", "admin.sukamaju", "penilai"] {
            let b = app.login(who).await;
            assert_eq!(b.get("/national").await.0, StatusCode::FORBIDDEN, "{who}");
        }
        // Exports carry the same rows.
        let (s, csv) = office.get("/national.csv?year=2025").await;
        assert_eq!(s, StatusCode::OK);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 7, "header + 5 regions + the kawasan");
        assert!(lines[0].starts_with("code,nama,jenis"));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("99.01,Kabupaten Sukamaju")
                    && l.contains(&format!("{}.{:02}", ix / 100, ix % 100)))
        );
        let resp = office.client.get(format!("{}/national.xlsx", office.base)).send().await.expect("xlsx");
        assert!(resp.bytes().await.expect("bytes").starts_with(b"PK"));
        // The API, and "always current": a new score shows (within a second).
        let api = app.api(&app.token("program").await);
        let (s, v) = api.get("/api/v1/national/summary?year=2025").await;
        assert_eq!(s, StatusCode::OK);
        let me =
            v["regions"].as_array().expect("regions").iter().find(|x| x["code"] == "99.01").expect("99.01").clone();
        assert_eq!(me["index"], ix);
        assert_eq!(me["class"], "gt1m");
        let evaluator = app.login("penilai").await;
        let (s, _) = evaluator
            .post(
                "/regions/99.01/evaluations/2025/scores",
                &[("score.baseline", "0"), ("score.output", "0"), ("score.quick_win", "0")],
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        // Exact after a lone change, or at most a second behind (`cache::NationalCache`).
        let mut now = None;
        for _ in 0..30 {
            let (_, v) = api.get("/api/v1/national/summary?year=2025").await;
            now = v["regions"].as_array().expect("regions").iter().find(|x| x["code"] == "99.01").expect("99.01")
                ["index"]
                .as_i64();
            if now.is_some_and(|n| n < ix) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(now.expect("index") < ix, "the dashboard follows the change without a batch job");
        let (s, _) = app.api(&app.token("ahli").await).get("/api/v1/national/summary").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
);

crate::both!(
    async fn a_small_synthetic_nation_loads_and_shows(app: TestApp) {
        // The demo already holds regions: the generator refuses rather than mixing data.
        assert!(demo_national::load_sized(
            &app.db,
            demo_national::Size { provinces: 1, kabkota: 1, opds: 1, programmes: 1 }
        )
        .await
        .is_err());
        let url = harness::fresh_database(app.backend).await;
        let fresh = harness::TestApp::spawn_on(app.backend, &url, harness::temp_dir("nation"), false).await;
        let size = demo_national::Size { provinces: 2, kabkota: 7, opds: 5, programmes: 24 };
        let c = demo_national::load_sized(&fresh.db, size).await.expect("nation");
        assert_eq!((c.regions, c.opds, c.programmes), (9, 45, 216));
        assert!(c.budgets >= c.programmes && c.reports > 0);
        let office = fresh.login("program").await;
        let (s, html) = office.get("/national?year=2025").await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            html.contains("9 / 9") && html.contains("Provinsi Aceh") && html.contains("Kabupaten Tapanuli Selatan")
        );
        let (s, html) = office.get("/regions/11.01/programmes").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Program sintesis"));
        let (s, _) = office.get("/regions/11.01/monitoring?year=2025").await;
        assert_eq!(s, StatusCode::OK);
        // New rows after the generator get fresh ids (PostgreSQL sequences moved past them).
        let office_api = fresh.api(&fresh.token("program").await);
        let (s, _) =
            office_api.post("/api/v1/cohorts", serde_json::json!({"year": "2030", "name": "Angkatan 2030"})).await;
        assert!(s.is_success(), "{s}");
    }
);
