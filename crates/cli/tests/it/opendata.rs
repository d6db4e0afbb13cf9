//! Open data: a region's programmes, budgets, KPIs and evaluations as CSV and JSON (hidden until
//! the council approves the plan, public after), formula-safe CSV, the national exports streamed
//! on a synthetic nation, the DCAT-AP catalog whose download links answer, and the API page.

use crate::harness;

use crate::harness::TestApp;
use kotacerdas_demo::national as demo_national;
use kotacerdas_domain::access::{Assignment, Principal, Role};
use kotacerdas_domain::versions::VersionAction;
use kotacerdas_store::book::{self, Step};
use kotacerdas_store::entity::{book_version, programme, programme_budget};
use kotacerdas_store::opendata::{self, Scope};
use kotacerdas_store::{evaluation, plan::programmes, region::regions, Actor};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

/// The council approves a new version of the region's book, after it is built, submitted and
/// reviewed, as the workflow has it.
async fn approve(app: &TestApp, code: &str) {
    let r = regions::by_code(&app.db, code).await.expect("region");
    let sys = Actor::system("opendata test");
    let v = book::freeze(&app.db, &sys, &r, "Versi untuk Dewan").await.expect("freeze");
    book::set_build(&app.db, v.id, "done", None).await.expect("built");
    crate::harness::approve_stages(&app.db, r.id).await;
    let who = |role| Principal {
        user_id: 0,
        username: "uji".into(),
        display_name: "Uji".into(),
        assignments: vec![Assignment { role, region_id: Some(r.id), opd_id: None }],
    };
    for (role, action) in [
        (Role::RegionAdmin, VersionAction::Submit),
        (Role::Expert, VersionAction::Review),
        (Role::CouncilMember, VersionAction::Approve),
    ] {
        book::act(&app.db, &sys, &who(role), r.id, v.number, Step::new(action, "")).await.expect("workflow step");
    }
}

async fn get(url: &str, token: Option<&str>) -> reqwest::Response {
    let mut req = reqwest::Client::new().get(url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.expect("GET")
}

fn header(resp: &reqwest::Response, name: &str) -> String {
    resp.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

const TABLES: [&str; 4] = ["programmes", "budgets", "kpis", "evaluations"];

crate::both!(
    async fn a_region_publishes_its_plan_once_the_council_approves_it(app: TestApp) {
        let base = format!("{}/api/v1/regions/99.01", app.base);
        // Not approved yet: hidden from the public, open to those who may read the region.
        for t in TABLES {
            for ext in ["csv", "json"] {
                let resp = get(&format!("{base}/{t}.{ext}"), None).await;
                assert_eq!(resp.status(), StatusCode::NOT_FOUND, "{t}.{ext} before approval");
            }
        }
        let token = app.token("admin.sukamaju").await;
        let resp = get(&format!("{base}/programmes.json"), Some(&token)).await;
        assert_eq!(resp.status(), StatusCode::OK, "the region's own admin reads it before approval");
        let outsider = app.token("ahli").await; // assigned to 99.01 as expert: may read
        assert_eq!(
            get(&format!("{}/api/v1/regions/99.72/programmes.csv", app.base), Some(&outsider)).await.status(),
            StatusCode::NOT_FOUND
        );

        let (_, html) = app.anonymous().get("/publik/99.01/pemantauan").await;
        assert!(!html.contains("id=\"open-data\""), "no open-data links before approval");
        approve(&app, "99.01").await;
        // Approved through the store, beside the server (as the CLI would): the server's public
        // bytes follow within its version poll (`web::versions::POLL`).
        let mut html = String::new();
        for _ in 0..50 {
            html = app.anonymous().get("/publik/99.01/pemantauan").await.1;
            if html.contains("href=\"/api/v1/regions/99.01/programmes.csv\"") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(html.contains("href=\"/api/v1/regions/99.01/programmes.csv\""), "the public page links the open data");
        let r = regions::by_code(&app.db, "99.01").await.expect("region");
        let list = programmes::list(&app.db, r.id).await.expect("programmes");
        assert!(!list.is_empty());

        // Programmes: CSV and JSON, one row per programme, the known budget total in whole rupiah.
        let resp = get(&format!("{base}/programmes.csv"), None).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(header(&resp, "content-type"), "text/csv; charset=utf-8");
        assert_eq!(header(&resp, "content-disposition"), "attachment; filename=\"programmes-99.01.csv\"");
        let csv = resp.text().await.expect("csv");
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].starts_with("id,region_code,region_name,name,brand_name,dimension,element,opd"));
        assert_eq!(lines.len(), list.len() + 1, "header + one line per programme");
        let known = list.iter().max_by_key(|p| p.total_budget()).expect("a programme");
        let total = known.total_budget();
        assert!(total > 0);
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("{},99.01,", known.programme.id)) && l.contains(&format!(",{total},"))),
            "programme {} with total {total}",
            known.programme.id
        );
        let resp = get(&format!("{base}/programmes.json"), None).await;
        assert_eq!(header(&resp, "content-type"), "application/json");
        let json: Value = resp.json().await.expect("json");
        let rows = json.as_array().expect("array");
        assert_eq!(rows.len(), list.len());
        let row = rows.iter().find(|x| x["id"] == known.programme.id).expect("known programme");
        assert_eq!(row["total_budget"], total);
        assert_eq!(row["name"], known.programme.name.as_str());
        assert_eq!(row["element"], known.programme.element_code.as_str());
        assert_eq!(row["dimension"], &known.programme.element_code[..3]);

        // Budgets: programme × year × source, adding up to the same total.
        let json: Value = get(&format!("{base}/budgets.json"), None).await.json().await.expect("json");
        let budgets = json.as_array().expect("array");
        assert_eq!(budgets.len(), list.iter().map(|p| p.budgets.len()).sum::<usize>());
        let sum: i64 = budgets
            .iter()
            .filter(|b| b["programme_id"] == known.programme.id)
            .map(|b| b["amount"].as_i64().expect("whole rupiah"))
            .sum();
        assert_eq!(sum, total);
        let csv = get(&format!("{base}/budgets.csv"), None).await.text().await.expect("csv");
        assert_eq!(csv.lines().count(), budgets.len() + 1);
        assert_eq!(csv.lines().next(), Some("programme_id,region_code,year,source,amount"));

        // KPIs: every yearly target, and the actuals of the monitoring reports.
        let json: Value = get(&format!("{base}/kpis.json"), None).await.json().await.expect("json");
        let kpis = json.as_array().expect("array");
        let targets: usize = list.iter().flat_map(|p| &p.kpis).map(|k| k.targets.len().max(1)).sum();
        assert!(kpis.len() >= targets, "{} rows for {targets} targets", kpis.len());
        let rollup = kotacerdas_store::monitoring::rollup(&app.db, r.id, 2025).await.expect("rollup");
        let reported = rollup
            .programmes
            .iter()
            .find_map(|p| p.kpis.iter().find(|k| k.actual.is_some()).map(|k| (p.id, k.clone())))
            .expect("a KPI actual reported in 2025");
        assert!(
            kpis.iter().any(|k| k["programme_id"] == reported.0
                && k["kpi"] == reported.1.name.as_str()
                && k["year"] == 2025
                && k["actual"] == reported.1.actual.as_deref().unwrap_or_default()),
            "the 2025 actual of programme {}",
            reported.0
        );
        let csv = get(&format!("{base}/kpis.csv"), None).await.text().await.expect("csv");
        assert_eq!(csv.lines().count(), kpis.len() + 1);

        // Evaluations: one per round, the index as the evaluation computes it.
        let history = evaluation::history(&app.db, r.id).await.expect("history");
        let json: Value = get(&format!("{base}/evaluations.json"), None).await.json().await.expect("json");
        let evals = json.as_array().expect("array");
        assert_eq!(evals.len(), history.len());
        let (round, _) = history.last().expect("a round");
        let s = evaluation::summary(&app.db, round, r.id).await.expect("summary");
        let e = evals.iter().find(|e| e["year"] == round.year).expect("latest round");
        assert_eq!(e["index"].as_f64(), s.index.map(|v| v as f64 / 100.0));
        assert!(e["parts"]["outcome"]["weight"].is_number());
        assert!(e["dimensions"].as_object().expect("dimensions").contains_key("GOV"));
        let csv = get(&format!("{base}/evaluations.csv"), None).await.text().await.expect("csv");
        assert_eq!(csv.lines().count(), history.len() + 1);
        assert!(csv.lines().next().expect("header").starts_with("region_code,year,title,closed,index,weight_baseline"));

        // Another region stays closed to the public.
        assert_eq!(
            get(&format!("{}/api/v1/regions/99.72/programmes.csv", app.base), None).await.status(),
            StatusCode::NOT_FOUND
        );
    }
);

crate::both!(
    async fn csv_cells_cannot_run_as_formulas(app: TestApp) {
        let r = regions::by_code(&app.db, "99.01").await.expect("region");
        let opd = kotacerdas_store::region::opds::list(&app.db, r.id).await.expect("opds")[0].id;
        let mut input = kotacerdas_domain::programme_input::ProgrammeInput {
            opd_id: opd.to_string(),
            element_code: "GOV-PS".into(),
            name: "=HYPERLINK(\"http://jahat.example\",\"klik\")".into(),
            brand_name: "+62 811, \"Layanan\"".into(),
            description: "@SUM(A1)".into(),
            horizon: "short".into(),
            start_year: "2026".into(),
            end_year: "2026".into(),
            ..Default::default()
        };
        input.targets.insert(2026, "Uji".into());
        input.budgets.insert((2026, "apbd".into()), "1000000".into());
        let p = programmes::save(&app.db, &Actor::system("test"), r.id, None, &input).await.expect("programme");
        approve(&app, "99.01").await;
        let csv =
            get(&format!("{}/api/v1/regions/99.01/programmes.csv", app.base), None).await.text().await.expect("csv");
        let line = csv.lines().find(|l| l.starts_with(&format!("{},", p.id))).expect("the programme's line");
        assert!(line.contains(",\"'=HYPERLINK(\"\"http://jahat.example\"\",\"\"klik\"\")\","), "{line}");
        assert!(line.contains(",\"'+62 811, \"\"Layanan\"\"\","), "{line}");
        assert!(line.contains(",'@SUM(A1),"), "{line}");
        assert!(line.contains(",1000000,"), "{line}");
        // JSON keeps the text as it is.
        let json: Value =
            get(&format!("{}/api/v1/regions/99.01/programmes.json", app.base), None).await.json().await.expect("json");
        let row = json.as_array().expect("array").iter().find(|x| x["id"] == p.id).expect("row").clone();
        assert_eq!(row["name"], input.name.as_str());
    }
);

crate::both!(
    async fn the_nation_streams_page_by_page(app: TestApp) {
        let url = harness::fresh_database(app.backend).await;
        let nation = TestApp::spawn_on(app.backend, &url, harness::temp_dir("opendata-nation"), false).await;
        // 10 regions × 250 programmes: more than one page of 2,000.
        let size = demo_national::Size { provinces: 2, kabkota: 8, opds: 5, programmes: 250 };
        demo_national::load_sized(&nation.db, size).await.expect("nation");
        // One region's plan is back to draft: it leaves the national export.
        let draft = regions::by_code(&nation.db, "11.01").await.expect("region");
        book_version::Entity::update_many()
            .col_expr(book_version::Column::Status, sea_orm::sea_query::Expr::value("draft"))
            .filter(book_version::Column::RegionId.eq(draft.id))
            .exec(&nation.db)
            .await
            .expect("back to draft");
        let expected = opendata::programme_count(&nation.db, Scope::Published).await.expect("count");
        let all = programme::Entity::find().count(&nation.db).await.expect("all") as i64;
        assert_eq!(expected, all - 250);
        assert!(expected > opendata::PAGE as i64);

        let resp = get(&format!("{}/api/v1/national/programmes.csv", nation.base), None).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert!(resp.headers().get("content-length").is_none(), "streamed: no length up front");
        assert_eq!(header(&resp, "transfer-encoding"), "chunked");
        assert_eq!(header(&resp, "content-disposition"), "attachment; filename=\"nasional-programmes.csv\"");
        let csv = resp.text().await.expect("csv");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len() as i64, expected + 1);
        assert!(!lines.iter().any(|l| l.contains(",11.01,")), "the draft region is left out");
        let ids: Vec<i64> =
            lines[1..].iter().map(|l| l.split(',').next().expect("id").parse().expect("number")).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "in programme order, no page repeated");

        let json: Value =
            get(&format!("{}/api/v1/national/programmes.json", nation.base), None).await.json().await.expect("json");
        assert_eq!(json.as_array().expect("array").len() as i64, expected);

        let draft_ids: Vec<i64> = programme::Entity::find()
            .filter(programme::Column::RegionId.eq(draft.id))
            .all(&nation.db)
            .await
            .expect("programmes")
            .into_iter()
            .map(|p| p.id)
            .collect();
        let budgets = programme_budget::Entity::find().count(&nation.db).await.expect("budgets")
            - programme_budget::Entity::find()
                .filter(programme_budget::Column::ProgrammeId.is_in(draft_ids))
                .count(&nation.db)
                .await
                .expect("draft budgets");
        let resp = get(&format!("{}/api/v1/national/budgets.csv", nation.base), None).await;
        assert!(resp.headers().get("content-length").is_none());
        let csv = resp.text().await.expect("csv");
        assert_eq!(csv.lines().count() as u64, budgets + 1);
        let kpis = get(&format!("{}/api/v1/national/kpis.csv", nation.base), None).await.text().await.expect("csv");
        assert!(kpis.lines().count() as i64 > expected, "a KPI per programme, a row per year");
        // The draft region's own files are not public; an approved one's are.
        assert_eq!(
            get(&format!("{}/api/v1/regions/11.01/programmes.csv", nation.base), None).await.status(),
            StatusCode::NOT_FOUND
        );
        let one = get(&format!("{}/api/v1/regions/11.02/programmes.csv", nation.base), None).await;
        assert_eq!(one.status(), StatusCode::OK);
        assert_eq!(one.text().await.expect("csv").lines().count(), 251);
    }
);

crate::both!(
    async fn the_dcat_catalog_lists_published_plans_with_working_downloads(app: TestApp) {
        approve(&app, "99.01").await;
        let resp = get(&format!("{}/api/v1/catalog.jsonld", app.base), None).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(header(&resp, "content-type"), "application/ld+json");
        let doc: Value = resp.json().await.expect("JSON-LD parses as JSON");
        assert_eq!(doc["@context"]["dcat"], "http://www.w3.org/ns/dcat#");
        assert_eq!(doc["@context"]["dct"], "http://purl.org/dc/terms/");
        for prefix in ["foaf", "vcard", "xsd"] {
            assert!(doc["@context"][prefix].is_string(), "{prefix}");
        }
        assert_eq!(doc["@type"], "dcat:Catalog");
        assert_eq!(doc["dct:publisher"]["@type"], "foaf:Agent");
        assert!(doc["dct:license"]["@id"].is_string() && doc["dct:modified"]["@value"].is_string());
        let datasets = doc["dcat:dataset"].as_array().expect("datasets");
        let ids: Vec<&str> = datasets.iter().filter_map(|d| d["dct:identifier"].as_str()).collect();
        assert!(ids.contains(&"kotacerdas-99.01"), "{ids:?}");
        assert!(!ids.contains(&"kotacerdas-99.72"), "a plan not approved is not in the catalog");
        assert!(ids.contains(&"kotacerdas-national-programmes") && ids.contains(&"kotacerdas-national-budgets"));
        let region = datasets.iter().find(|d| d["dct:identifier"] == "kotacerdas-99.01").expect("99.01");
        assert_eq!(region["dct:spatial"]["dct:identifier"], "99.01");
        assert_eq!(region["dcat:contactPoint"]["@type"], "vcard:Organization");
        let mut checked = 0;
        for d in datasets {
            assert_eq!(d["@type"], "dcat:Dataset");
            for dist in d["dcat:distribution"].as_array().expect("distributions") {
                let url = dist["dcat:downloadURL"]["@id"].as_str().expect("downloadURL");
                assert!(url.starts_with(&app.base), "absolute: {url}");
                assert_eq!(dist["dcat:accessURL"]["@id"], url);
                let media = dist["dcat:mediaType"]["@id"].as_str().expect("mediaType");
                let media = media.strip_prefix("https://www.iana.org/assignments/media-types/").expect("IANA URI");
                let resp = get(url, None).await;
                assert_eq!(resp.status(), StatusCode::OK, "{url}");
                assert!(header(&resp, "content-type").starts_with(media), "{url}: {media}");
                checked += 1;
            }
        }
        assert_eq!(checked, 5 * 2 + 3 * 2);
    }
);

crate::both!(
    async fn the_api_reference_page_lists_every_path(app: TestApp) {
        let (s, html) = app.anonymous().get("/api/docs").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("/api/v1/regions/{code}/programmes.csv"));
        assert!(html.contains("/api/v1/catalog.jsonld") && html.contains("id=\"tag-open-data\""));
        assert!(html.contains("href=\"/api/v1/openapi.json\""));
        let doc: Value = get(&format!("{}/api/v1/openapi.json", app.base), None).await.json().await.expect("json");
        let paths = doc["paths"].as_object().expect("paths");
        for p in paths.keys() {
            assert!(html.contains(&format!("<code>{p}</code>")), "{p} on the page");
        }
        assert!(paths.contains_key("/api/v1/national/programmes.csv"));
        // Linked from every page's footer.
        let (_, login) = app.anonymous().get("/login").await;
        assert!(login.contains("href=\"/api/docs\""));
    }
);
