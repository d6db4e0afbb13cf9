//! Stage 1 (strategic analysis) over HTTP: the problem register with OPD ownership, the app and
//! data inventory with its usefulness figure, and the all-or-nothing XLSX import.

use crate::harness;

use crate::harness::TestApp;
use kotacerdas_store::{analysis::inventory, analysis::problems, region::regions};
use reqwest::StatusCode;
use rust_xlsxwriter::Workbook;

fn workbook(data: &[[&str; 5]], apps: &[[&str; 10]]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Data").expect("sheet");
    for (c, h) in kotacerdas_store::analysis::inventory_xlsx::DATA_COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for (r, row) in data.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v).expect("cell");
        }
    }
    let ws = wb.add_worksheet().set_name("Aplikasi").expect("sheet");
    for (c, h) in kotacerdas_store::analysis::inventory_xlsx::APP_COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for (r, row) in apps.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v).expect("cell");
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

async fn upload(b: &harness::Browser, bytes: Vec<u8>) -> (StatusCode, String) {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("inventaris.xlsx");
    let form = reqwest::multipart::Form::new().part("file", part);
    let r = b
        .client
        .post(format!("{}/regions/99.01/inventory/import?_csrf={}", b.base, b.csrf))
        .multipart(form)
        .send()
        .await
        .expect("import");
    let s = r.status();
    (s, r.text().await.unwrap_or_default())
}

async fn counts(app: &TestApp) -> (usize, usize) {
    let r = regions::by_code(&app.db, "99.01").await.expect("region");
    (
        inventory::apps(&app.db, r.id).await.expect("apps").len(),
        inventory::datasets(&app.db, r.id).await.expect("sets").len(),
    )
}

crate::both!(
    async fn xlsx_import_is_all_or_nothing_with_a_row_report(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        let before = counts(&app).await;
        // Row 3 of Data names an unknown OPD; row 2 of Aplikasi has a bad status and a data set
        // that does not exist. The good rows must not be saved either.
        let bad = workbook(
            &[
                ["Data stunting", "Dinkes", "monthly", "ya", "LIV-HE"],
                ["Data posyandu", "TIDAK-ADA", "bulanan", "ya", "LIV-HE"],
            ],
            &[[
                "Aplikasi Gizi",
                "Dinkes",
                "Pemantauan gizi",
                "Kader",
                "rusak",
                "pdd",
                "",
                "LIV-HE",
                "Data stunting",
                "Data hilang",
            ]],
        );
        let (s, html) = upload(&admin, bad).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Impor dibatalkan"), "{html}");
        for needle in [
            "<td>Data</td><td class=\"num\">3</td><td>opd</td>",
            "<td>Aplikasi</td><td class=\"num\">2</td><td>status</td>",
            "<td>data_digunakan</td>",
        ] {
            assert!(html.contains(needle), "report names {needle}");
        }
        assert_eq!(counts(&app).await, before, "nothing half-applied");

        let good = workbook(
            &[
                ["Data stunting", "Dinkes", "monthly", "ya", "LIV-HE"],
                ["Data posyandu", "Dinkes", "Bulanan", "tidak", ""],
            ],
            &[[
                "Aplikasi Gizi",
                "Dinkes",
                "Pemantauan gizi balita",
                "Kader posyandu",
                "active",
                "pdd",
                "SIMRS",
                "LIV-HE",
                "Data stunting",
                "Data posyandu; Data kependudukan",
            ]],
        );
        let (s, _) = upload(&admin, good).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(counts(&app).await, (before.0 + 1, before.1 + 2));
        // Importing the same file again updates instead of duplicating.
        let (s, _) = upload(&admin, workbook(&[["Data stunting", "Dinkes", "daily", "ya", "LIV-HE"]], &[])).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(counts(&app).await, (before.0 + 1, before.1 + 2));
        // Not a spreadsheet at all.
        let (s, html) = upload(&admin, b"bukan xlsx".to_vec()).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("bukan buku kerja XLSX"), "the reason is named: {html}");
    }
);

crate::both!(
    async fn xlsx_export_round_trips(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        let r = admin.client.get(format!("{}/regions/99.01/inventory.xlsx", admin.base)).send().await.expect("export");
        assert_eq!(r.status(), StatusCode::OK);
        let bytes = r.bytes().await.expect("bytes").to_vec();
        assert!(bytes.starts_with(b"PK"), "an XLSX (zip) file");
        let before = counts(&app).await;
        let region = regions::by_code(&app.db, "99.01").await.expect("region");
        let links_before = inventory::links(&app.db, region.id).await.expect("links").len();
        let (s, _) = upload(&admin, bytes).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "the exported file imports cleanly");
        assert_eq!(counts(&app).await, before);
        assert_eq!(inventory::links(&app.db, region.id).await.expect("links").len(), links_before);
    }
);

crate::both!(
    async fn planners_edit_only_their_own_opds_items(app: TestApp) {
        let planner = app.login("perencana.dinkes").await;
        let region = regions::by_code(&app.db, "99.01").await.expect("region");
        let opds = kotacerdas_store::region::opds::list(&app.db, region.id).await.expect("opds");
        let id_of = |s: &str| opds.iter().find(|o| o.short_name == s).expect("opd").id.to_string();
        let (dinkes, dlh) = (id_of("Dinkes"), id_of("DLH"));
        let problem = |opd: &str| {
            vec![
                ("element_code", "LIV-HE".to_string()),
                ("kind", "problem".into()),
                ("title", "Cakupan imunisasi dasar rendah".into()),
                ("severity", "4".into()),
                ("opd_id", opd.to_string()),
            ]
        };
        for (opd, expected) in [
            (dlh.as_str(), StatusCode::FORBIDDEN),
            ("", StatusCode::UNPROCESSABLE_ENTITY),
            (dinkes.as_str(), StatusCode::SEE_OTHER),
        ] {
            let fields = problem(opd);
            let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            // Another OPD's item is refused; a missing OPD is a field error; their own OPD saves.
            assert_eq!(planner.post("/regions/99.01/problems/new", &borrowed).await.0, expected, "opd {opd:?}");
        }
        // Someone else's app cannot be changed; their own can.
        let apps = inventory::apps(&app.db, region.id).await.expect("apps");
        let waste = apps.iter().find(|a| a.name == "Bank Sampah Digital").expect("DLH app");
        let simrs = apps.iter().find(|a| a.name == "SIMRS RSUD Sukamaju").expect("Dinkes app");
        assert_eq!(planner.get(&format!("/regions/99.01/apps/{}/edit", waste.id)).await.0, StatusCode::FORBIDDEN);
        assert_eq!(
            planner.post(&format!("/regions/99.01/apps/{}/delete", waste.id), &[]).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(planner.get(&format!("/regions/99.01/apps/{}/edit", simrs.id)).await.0, StatusCode::OK);
        // Moving their own app to another OPD is refused too.
        let fields = [
            ("name", "SIMRS RSUD Sukamaju"),
            ("opd_id", dlh.as_str()),
            ("purpose", "Rekam medis"),
            ("users", "Pasien"),
            ("status", "active"),
            ("hosting", "pdd"),
        ];
        assert_eq!(
            planner.post(&format!("/regions/99.01/apps/{}/edit", simrs.id), &fields).await.0,
            StatusCode::FORBIDDEN
        );
        let (_, page) = planner.get("/regions/99.01/inventory").await;
        assert!(
            !page.contains(&format!("/apps/{}/edit", waste.id)) && page.contains(&format!("/apps/{}/edit", simrs.id))
        );
        let all = problems::list(&app.db, region.id).await.expect("problems");
        assert!(all
            .iter()
            .any(|p| p.title == "Cakupan imunisasi dasar rendah"
                && p.opd_id.map(|o| o.to_string()) == Some(dinkes.clone())));
    }
);

crate::both!(
    async fn problems_cover_all_elements_and_apps_show_used_data(app: TestApp) {
        let api = app.api(&app.token("penilai").await);
        let (s, problems) = api.get("/api/v1/regions/99.01/problems").await;
        assert_eq!(s, StatusCode::OK);
        let elements: std::collections::BTreeSet<&str> =
            problems.as_array().expect("list").iter().map(|p| p["element_code"].as_str().expect("element")).collect();
        assert_eq!(elements.len(), 18, "problems in all 18 elements: {elements:?}");
        let (_, apps) = api.get("/api/v1/regions/99.01/apps").await;
        let apps = apps.as_array().expect("apps");
        assert!(apps.len() >= 10);
        let by_name = |n: &str| apps.iter().find(|a| a["name"] == n).expect("app");
        assert_eq!(by_name("SIAK Terpusat")["data_used"], true, "population data feeds other apps");
        assert_eq!(by_name("Bank Sampah Digital")["data_used"], false, "nobody uses the waste data");
        assert_eq!(by_name("SIAK Terpusat")["element_code"], "GOV-PS");
        let (_, sets) = api.get("/api/v1/regions/99.01/datasets").await;
        assert!(sets.as_array().expect("sets").len() >= 10);
        let b = app.login("penilai").await;
        let (_, html) = b.get("/regions/99.01/inventory").await;
        assert!(html.contains("Aplikasi yang datanya benar-benar dipakai"));
        let (_, html) = b.get("/regions/99.01/problems").await;
        assert!(html.contains("Isu strategis") && html.contains("18 dari 18 elemen"));
        // The ranking puts critical problems affecting most citizens first.
        let first = html.split("<ol class=\"ranked\">").nth(1).expect("ranked list");
        assert!(
            first.find("Sampah tidak terangkut").expect("waste") < first.find("Antrean rawat jalan").expect("queue")
        );
    }
);

crate::both!(
    async fn profile_table_takes_numbers_as_typed_and_refuses_garbage(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        let region = regions::by_code(&app.db, "99.01").await.expect("region");
        let value = |ind: &'static str, year: i32| {
            let db = app.db.clone();
            async move {
                kotacerdas_store::analysis::profile::list(&db, region.id)
                    .await
                    .expect("figures")
                    .into_iter()
                    .find(|f| f.indicator == ind && f.year == year)
                    .map(|f| f.value)
            }
        };
        assert_eq!(value("ipm", 2025).await.as_deref(), Some("72.35"));
        let (s, html) = admin
            .post(
                "/regions/99.01/profile",
                &[("value.ipm.2025", "72,9"), ("value.pad.2025", "oops"), ("source.ipm", "BPS 2026")],
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("oops") && html.contains("bilangan bulat"), "the typed value stays, with the reason");
        assert_eq!(value("ipm", 2025).await.as_deref(), Some("72.35"), "nothing saved");
        let (s, _) = admin
            .post(
                "/regions/99.01/profile",
                &[("value.ipm.2025", "72,9"), ("value.pad.2025", "402.500.000.000"), ("source.ipm", "BPS 2026")],
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(value("ipm", 2025).await.as_deref(), Some("72.9"));
        assert_eq!(value("pad", 2025).await.as_deref(), Some("402500000000"));
        let (s, _) = admin
            .post(
                "/regions/99.01/profile/own",
                &[("label", "Jumlah UMKM daring"), ("unit", "unit"), ("year", "2025"), ("value", "7.140")],
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, html) = admin.get("/regions/99.01/profile").await;
        assert!(
            html.contains("Jumlah UMKM daring") && html.contains("72,9") && html.contains("<polyline"),
            "own indicator, Indonesian format, trend line"
        );
        assert!(html.contains("Tolong lengkapi sumber data IPM"), "the expert's review comment is shown");
    }
);

crate::both!(
    async fn swot_policies_and_section_comments(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        let (s, html) =
            admin.post("/regions/99.01/swot", &[("pillar_code", "INF"), ("kind", "nonsense"), ("text", "")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Wajib diisi") && html.contains("Pilih salah satu"));
        let (s, _) = admin
            .post(
                "/regions/99.01/swot",
                &[
                    ("pillar_code", "INF"),
                    ("kind", "threat"),
                    ("dimension_code", "LIV"),
                    ("text", "Banjir tahunan memutus jaringan fiber"),
                ],
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, html) = admin.get("/regions/99.01/swot").await;
        assert!(html.contains("Banjir tahunan memutus jaringan fiber"));
        let regulation = |year: &'static str, url: &'static str, file: &'static [u8]| {
            let form = reqwest::multipart::Form::new()
                .text("kind", "perbup")
                .text("number", "9")
                .text("year", year)
                .text("title", "Penyelenggaraan Satu Data")
                .text("status", "in_force")
                .text("url", url)
                .part("file", reqwest::multipart::Part::bytes(file.to_vec()).file_name("perbup.pdf"));
            admin
                .client
                .post(format!("{}/regions/99.01/regulations?_csrf={}", admin.base, admin.csrf))
                .multipart(form)
                .send()
        };
        let r = regulation("1800", "javascript:alert(1)", b"%PDF-1.4\n").await.expect("post");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.expect("html");
        assert!(html.contains("Paling kecil 1945") && html.contains("http://"));
        assert_eq!(regulation("2024", "", b"%PDF-1.4\n%%EOF\n").await.expect("post").status(), StatusCode::SEE_OTHER);
        let region = regions::by_code(&app.db, "99.01").await.expect("region");
        let regs = kotacerdas_store::analysis::policies::regulations(&app.db, region.id).await.expect("regs");
        assert!(
            regs.iter().any(|r| r.title == "Penyelenggaraan Satu Data" && r.file_id.is_some()),
            "the document is attached"
        );
        let (s, _) = admin
            .post("/regions/99.01/institutions", &[("name", "Command Center"), ("institution_kind", "Unit layanan")])
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, html) = admin.get("/regions/99.01/policies").await;
        assert!(html.contains("Satu Data Kabupaten Sukamaju") && html.contains("Command Center"));

        let council = app.login("dewan.sukamaju").await;
        let (s, _) = council
            .post(
                "/regions/99.01/sections/swot/comments",
                &[("comment", "Tambahkan ancaman bencana pada pilar infrastruktur.")],
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let evaluator = app.login("penilai").await;
        assert_eq!(
            evaluator.post("/regions/99.01/sections/swot/comments", &[("comment", "x")]).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            council.post("/regions/99.01/sections/unknown/comments", &[("comment", "x")]).await.0,
            StatusCode::NOT_FOUND
        );
        let (_, html) = evaluator.get("/regions/99.01/swot").await;
        assert!(html.contains("Tambahkan ancaman bencana") && html.contains("H. Yusuf Ramadhan"));
        let region = regions::by_code(&app.db, "99.01").await.expect("region");
        let f = kotacerdas_store::audit::Filter {
            region_id: Some(region.id),
            entity: Some("swot_item".into()),
            ..Default::default()
        };
        assert!(kotacerdas_store::audit::list(&app.db, &f).await.expect("audit").1 >= 16, "every SWOT item is audited");
    }
);

crate::both!(
    async fn readiness_evidence_files_attach_to_scored_items(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        let send = |cell: &'static str, bytes: &'static [u8]| {
            let form = reqwest::multipart::Form::new()
                .text("cell", cell)
                .part("file", reqwest::multipart::Part::bytes(bytes.to_vec()).file_name("bukti.pdf"));
            admin
                .client
                .post(format!("{}/regions/99.01/readiness/evidence?_csrf={}", admin.base, admin.csrf))
                .multipart(form)
                .send()
        };
        assert_eq!(send("XXX.GOV", b"%PDF-1.4\n").await.expect("post").status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(send("INF-TIK.GOV", b"not a pdf").await.expect("post").status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(send("INF-TIK.GOV", b"%PDF-1.4\n%%EOF\n").await.expect("post").status(), StatusCode::SEE_OTHER);
        let region = regions::by_code(&app.db, "99.01").await.expect("region");
        let cell = kotacerdas_store::analysis::readiness::list(&app.db, region.id)
            .await
            .expect("scores")
            .into_iter()
            .find(|s| s.item_code == "INF-TIK" && s.dimension_code == "GOV")
            .expect("cell");
        let file = cell.evidence_file_id.expect("evidence attached");
        let (s, body) = admin.get(&format!("/files/{file}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(body.starts_with("%PDF"));
        let (_, html) = admin.get("/regions/99.01/readiness").await;
        assert!(html.contains(&format!("/files/{file}")));
    }
);
