//! Stages 2–3 (second part) over HTTP and the command line: programmes with KPIs and links,
//! the plan checks (page, API, `kotacerdas check`), Quick Win scoring and sheets, the roadmap,
//! and the register's XLSX round trip with a dry run, bad rows and all-or-nothing apply.

use crate::harness::Browser;
use calamine::Reader;
use reqwest::StatusCode;

/// A sheet as rows of cell texts.
pub(crate) type Sheet = (String, Vec<Vec<String>>);

pub(crate) fn read_book(bytes: &[u8]) -> Vec<Sheet> {
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("an XLSX workbook");
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).expect("sheet");
            let rows = range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
            (n, rows)
        })
        .collect()
}

pub(crate) fn write_book(sheets: &[Sheet]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet().set_name(name).expect("name");
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r as u32, c as u16, v).expect("cell");
            }
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

pub(crate) async fn upload(b: &Browser, bytes: Vec<u8>) -> (StatusCode, String) {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("program.xlsx");
    let resp = b
        .client
        .post(format!("{}/regions/99.01/programmes/import?_csrf={}", b.base, b.csrf))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .expect("import");
    (resp.status(), resp.text().await.expect("body"))
}

fn col(sheet: &Sheet, name: &str) -> usize {
    sheet.1[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name} in {}", sheet.0))
}

crate::both!(
    async fn a_programme_with_kpis_and_links_round_trips_through_the_form(app: TestApp) {
        let planner = app.login("perencana.dinkes").await;
        let (_, form) = planner.get("/regions/99.01/programmes/new?element=LIV-HE").await;
        assert!(form.contains("list=\"gov-codes\"") && form.contains("2.16.03.2.02.0012"), "the code picker");
        let opd = form.split("name=\"opd_id\"").nth(1).and_then(|s| s.split("value=\"").nth(2)).expect("opd option");
        let opd = &opd[..opd.find('"').expect("quote")];
        let api = app.api(&app.token("admin.sukamaju").await);
        let (_, problems) = api.get("/api/v1/regions/99.01/problems").await;
        let problem = problems.as_array().expect("problems")[0]["id"].to_string();
        let mut fields: Vec<(&str, &str)> = vec![
            ("name", "Skrining kesehatan sekolah"),
            ("description", "Skrining tahunan siswa dengan data terhubung"),
            ("element_code", "LIV-HE"),
            ("opd_id", opd),
            ("horizon", "short"),
            ("start_year", "2026"),
            ("end_year", "2027"),
            ("gov_code", "1.02.02 — Program Pemenuhan Upaya Kesehatan"),
            ("target.2026", "20 sekolah"),
            ("target.2027", "60 sekolah"),
            ("budget.2026.apbd", "150.000.000"),
            ("budget.2027.apbd", "150.000.000"),
            ("kpi.0.name", "Siswa terskrining"),
            ("kpi.0.unit", "%"),
            ("kpi.0.baseline", "12,5"),
            ("kpi.0.baseline_year", "2025"),
            ("kpi.0.direction", "up"),
            ("kpi.0.t.2026", "40"),
            ("kpi.0.t.2027", "abc"),
            ("partner.0.helix", "academia"),
            ("partner.0.name", "Fakultas Kedokteran Universitas Sukamaju"),
            ("problems", &problem),
            ("neighbours", "Kota Tirtamulya"),
        ];
        let (s, html) = planner.post("/regions/99.01/programmes/new", &fields).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a KPI target that is not a number");
        assert!(html.contains("Isi angka") && html.contains("Fakultas Kedokteran"), "the error, and nothing lost");
        fields.retain(|f| f.0 != "kpi.0.t.2027");
        fields.push(("kpi.0.t.2027", "85,5"));
        let (s, _) = planner.post("/regions/99.01/programmes/new", &fields).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, list) = api.get("/api/v1/regions/99.01/programmes").await;
        let p =
            list.as_array().expect("list").iter().find(|p| p["name"] == "Skrining kesehatan sekolah").expect("saved");
        assert_eq!(p["gov_code"], "1.02.02");
        assert_eq!(p["kpis"][0]["baseline"], "12.5");
        assert_eq!(p["kpis"][0]["targets"][1]["value"], "85.5");
        assert_eq!(p["partners"][0]["helix"], "academia");
        assert_eq!(p["problem_ids"][0].to_string(), problem);
        assert_eq!(p["neighbours"][0], "Kota Tirtamulya");
        let (_, page) = planner.get(&format!("/regions/99.01/programmes/{}", p["id"])).await;
        assert!(page.contains("85,5") && page.contains("Program Pemenuhan Upaya Kesehatan"), "detail page");
        // The planner cannot file a programme under another OPD.
        let (_, opds) = api.get("/api/v1/regions/99.01/opds").await;
        let other =
            opds.as_array().expect("opds").iter().find(|o| o["short_name"] == "DLH").expect("DLH")["id"].to_string();
        fields.retain(|f| f.0 != "opd_id");
        fields.push(("opd_id", &other));
        assert_eq!(planner.post("/regions/99.01/programmes/new", &fields).await.0, StatusCode::FORBIDDEN);
    }
);

crate::both!(
    async fn plan_checks_report_the_demo_findings_on_page_api_and_cli(app: TestApp) {
        let b = app.login("dewan.sukamaju").await;
        let (s, html) = b.get("/regions/99.01/checks").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("PC004") && html.contains("Audit energi gedung perkantoran"), "no KPI: error");
        assert!(html.contains("PC012") && html.contains("PC013"), "duplicate name and missing RPJMD link");
        let api = app.api(&app.token("dewan.sukamaju").await);
        let (_, checks) = api.get("/api/v1/regions/99.01/checks?lang=en").await;
        assert!(checks["errors"].as_u64().expect("errors") >= 2);
        let f = checks["findings"].as_array().expect("findings");
        let pc007 = f.iter().find(|x| x["rule"] == "PC007").expect("PC007");
        assert_eq!(pc007["message"], "Programme “Sistem peringatan dini kebakaran permukiman” has no target for 2027.");
        // Lowering the APBD limit makes the 2025 plan exceed it; only a region manager may.
        assert_eq!(
            b.post("/regions/99.01/checks/limit", &[("apbd_share_limit", "0,1")]).await.0,
            StatusCode::FORBIDDEN
        );
        let admin = app.login("admin.sukamaju").await;
        let (s, html) = admin.post("/regions/99.01/checks/limit", &[("apbd_share_limit", "abc")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("value=\"abc\""));
        assert_eq!(
            admin.post("/regions/99.01/checks/limit", &[("apbd_share_limit", "0,1")]).await.0,
            StatusCode::SEE_OTHER
        );
        let (_, html) = admin.get("/regions/99.01/checks").await;
        assert!(html.contains("PC009"), "2025's plan budget is above 0,1% of its APBD");

        // The command line prints the same findings and fails on errors.
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_kotacerdas"))
            .args(["check", "--region", "99.01", "--format", "json", "--database-url", &app.database_url])
            .output()
            .expect("run check");
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
        assert_eq!(json["findings"].as_array().map(|a| a.len()), Some(f.len() + 1), "PC009 added");
        let text = std::process::Command::new(env!("CARGO_BIN_EXE_kotacerdas"))
            .args(["check", "--region", "99.72", "--database-url", &app.database_url])
            .output()
            .expect("run check");
        let stdout = String::from_utf8_lossy(&text.stdout);
        assert!(stdout.contains("PC001") && stdout.contains("error(s)"), "{stdout}");
        let missing = std::process::Command::new(env!("CARGO_BIN_EXE_kotacerdas"))
            .args(["check", "--region", "00.00", "--database-url", &app.database_url])
            .output()
            .expect("run check");
        assert_eq!(missing.status.code(), Some(2), "a region that does not exist is a usage error");
    }
);

crate::both!(
    async fn quick_wins_are_scored_ranked_and_get_a_sheet(app: TestApp) {
        let b = app.login("admin.sukamaju").await;
        let (s, html) = b.get("/regions/99.01/quick-wins").await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(html.matches("Terpilih</span>").count(), 4, "four selected Quick Wins");
        let api = app.api(&app.token("admin.sukamaju").await);
        let (_, list) = api.get("/api/v1/regions/99.01/programmes").await;
        let id =
            |name: &str| list.as_array().expect("list").iter().find(|p| p["name"] == name).expect(name)["id"].clone();
        let wifi = id("Titik wifi publik di taman dan alun-alun");
        // Scoring wifi 5 everywhere puts it first (4,60 is the best demo score).
        let scores: Vec<(String, String)> = ["impact", "urgency", "feasibility", "cost", "readiness", "alignment"]
            .iter()
            .map(|c| (format!("score.{c}"), "5".to_string()))
            .collect();
        let fields: Vec<(&str, &str)> = scores.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(b.post(&format!("/regions/99.01/quick-wins/{wifi}/scores"), &fields).await.0, StatusCode::SEE_OTHER);
        let (_, html) = b.get("/regions/99.01/quick-wins").await;
        let first = html.split("<tr id=\"qw-").nth(1).expect("first row");
        assert!(first.starts_with(&format!("{wifi}\"")) && first.contains("5,00"), "ranked first with 5,00");
        let (s, _) = b.post(&format!("/regions/99.01/quick-wins/{wifi}/scores"), &[("score.impact", "7")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "scores are 1–5");
        // A sheet longer than 12 months is refused; a good one is shown.
        let mut sheet = vec![
            ("selected", "on"),
            ("problem", "Taman tanpa akses internet"),
            ("solution", "Wifi publik di 48 titik"),
            ("owner", "Kepala Diskominfo"),
            ("beneficiaries", "Pengunjung taman"),
            ("start_date", "2025-03-01"),
            ("months", "13"),
            ("metric_name", "Titik wifi aktif"),
            ("metric_unit", "titik"),
            ("metric_before", "12"),
            ("metric_target", "60"),
        ];
        let (s, html) = b.post(&format!("/regions/99.01/quick-wins/{wifi}/edit"), &sheet).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Wifi publik di 48 titik"), "nothing lost");
        sheet.retain(|f| f.0 != "months");
        sheet.push(("months", "9"));
        assert_eq!(b.post(&format!("/regions/99.01/quick-wins/{wifi}/edit"), &sheet).await.0, StatusCode::SEE_OTHER);
        let (_, html) = b.get(&format!("/regions/99.01/quick-wins/{wifi}")).await;
        assert!(
            html.contains("30 November 2025") && html.contains("Titik wifi aktif"),
            "timeline (its last day) and metric"
        );
        // Criteria are the region manager's; weights must not all be zero.
        let (s, _) = b
            .post("/regions/99.01/quick-wins/criteria", &[("criterion.0.name", "Dampak"), ("criterion.0.weight", "0")])
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let council = app.login("dewan.sukamaju").await;
        let (s, _) = council.post(&format!("/regions/99.01/quick-wins/{wifi}/scores"), &fields).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (_, roadmap) = council.get("/regions/99.01/roadmap").await;
        assert_eq!(roadmap.matches("<svg").count(), 6, "one Gantt per dimension");
        assert!(roadmap.contains("RPJMD 2027–2031") && roadmap.contains("Jangka menengah"));
    }
);

crate::both!(
    async fn the_register_round_trips_through_excel_with_a_dry_run(app: TestApp) {
        let b = app.login("admin.sukamaju").await;
        let api = app.api(&app.token("ahli").await);
        let resp = api
            .client
            .get(format!("{}/api/v1/regions/99.01/programmes.xlsx", api.base))
            .bearer_auth(&api.token)
            .send()
            .await
            .expect("export");
        assert_eq!(resp.status(), StatusCode::OK);
        let bytes = resp.bytes().await.expect("bytes").to_vec();
        let book = read_book(&bytes);
        let names: Vec<&str> = book.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(
            names,
            ["Program", "Target dan Anggaran", "IKU", "Matriks Dimensi", "Matriks OPD", "Matriks Sumber dana"]
        );
        assert_eq!(book[0].1.len(), 61, "a header and sixty programmes");

        // Export → import without edits changes nothing.
        let (s, html) = upload(&b, bytes.clone()).await;
        assert_eq!(s, StatusCode::OK, "{html}");
        assert!(html.contains("0 baru") && html.contains("0 berubah") && html.contains("60 tidak berubah"), "{html}");
        assert!(!html.contains("id=\"apply\""), "nothing to apply");

        // One budget changed, one new programme, then a bad file.
        let mut edited = book.clone();
        let years = &mut edited[1];
        let apbd = col(years, "apbd");
        years.1[1][apbd] = "999000000".into();
        let changed_name = years.1[1][col(years, "program")].clone();
        let program = &mut edited[0];
        let mut new_row = program.1[1].clone();
        new_row[col(program, "id")] = String::new();
        new_row[col(program, "nama")] = "Program baru dari Excel".into();
        program.1.push(new_row);
        let (s, html) = upload(&b, write_book(&edited[..3])).await;
        assert_eq!(s, StatusCode::OK, "{html}");
        assert!(html.contains("1 baru") && html.contains("1 berubah") && html.contains("anggaran"), "{html}");
        let (_, before) = api.get("/api/v1/regions/99.01/programmes").await;
        assert_eq!(before.as_array().map(|a| a.len()), Some(60), "a dry run saves nothing");
        let (s, _) = b.post("/regions/99.01/programmes/import/apply", &[]).await;
        assert_eq!(s, StatusCode::OK);
        let (_, after) = api.get("/api/v1/regions/99.01/programmes").await;
        let after = after.as_array().expect("list");
        assert_eq!(after.len(), 61);
        let p = after.iter().find(|p| p["name"] == changed_name.as_str()).expect("changed");
        assert!(p["budgets"].as_array().expect("budgets").iter().any(|b| b["amount"] == 999_000_000i64));

        let mut bad = book.clone();
        let program = &mut bad[0];
        let (h, y, o) = (col(program, "horizon"), col(program, "tahun_selesai"), col(program, "opd"));
        program.1[2][h] = "someday".into();
        program.1[3][o] = "Dinas Tidak Ada".into();
        program.1[4][y] = "2099".into();
        let years = &mut bad[1];
        let apbd = col(years, "apbd");
        years.1[5][apbd] = "dua juta".into();
        let (s, html) = upload(&b, write_book(&bad[..3])).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let report = &html[html.find("id=\"import-errors\"").expect("error table")..];
        for (sheet, row, column) in [
            ("Program", 3, "horizon"),
            ("Program", 4, "opd"),
            ("Program", 5, "tahun_selesai"),
            ("Target dan Anggaran", 6, "apbd"),
        ] {
            assert!(
                report.contains(&format!("<td>{sheet}</td><td>{row}</td><td>{column}</td>")),
                "{sheet} row {row} {column} reported: {report}"
            );
        }
        assert!(!html.contains("id=\"apply\""), "a bad file cannot be applied");
        let (s, _) = b.post("/regions/99.01/programmes/import/apply", &[]).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "no pending import");

        // An OPD planner imports only their own OPD's rows.
        let planner = app.login("perencana.dinkes").await;
        let (s, html) = upload(&planner, bytes).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("hanya dapat mengimpor program OPD Anda"), "{html}");
    }
);

/// A workbook with the given cells in one sheet (numbers as numbers), written by rust_xlsxwriter.
fn cells_book(sheet: &str, cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name(sheet).expect("name");
    for (r, c, v) in cells {
        ws.write_string(*r, *c, *v).expect("cell");
    }
    wb.save_to_buffer().expect("xlsx")
}

/// A package whose one worksheet inflates from a few hundred kB to `mb` MB of spaces.
fn zip_bomb(mb: usize) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let parts: [(&str, &[u8]); 2] = [
        (
            "xl/workbook.xml",
            br#"<workbook xmlns:r="r"><sheets><sheet name="Program" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            br#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (name, data) in parts {
        z.start_file(name, o).expect("part");
        z.write_all(data).expect("write");
    }
    z.start_file("xl/worksheets/sheet1.xml", o).expect("part");
    let block = vec![b' '; 1024 * 1024];
    for _ in 0..mb {
        z.write_all(&block).expect("write");
    }
    z.finish().expect("zip").into_inner()
}

async fn upload_to(b: &Browser, path: &str, bytes: Vec<u8>) -> (StatusCode, String) {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("upload.xlsx");
    let resp = b
        .client
        .post(format!("{}{path}?_csrf={}", b.base, b.csrf))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .expect("import");
    (resp.status(), resp.text().await.expect("body"))
}

crate::both!(
    async fn hostile_workbooks_are_refused_with_a_message_and_change_nothing(app: TestApp) {
        use kotacerdas_store::entity::session;
        use sea_orm::EntityTrait;
        // The lowest role that can reach the import: an OPD planner.
        let planner = app.login("perencana.dinkes").await;
        let api = app.api(&app.token("admin.sukamaju").await);
        let count = || async {
            let (_, list) = api.get("/api/v1/regions/99.01/programmes").await;
            list.as_array().map(|a| a.len())
        };
        let before = count().await;
        let export = {
            let r = planner.client.get(format!("{}/regions/99.01/programmes/export", planner.base)).send().await;
            r.expect("export").bytes().await.expect("bytes").to_vec()
        };
        let mut many_rows = vec![(0u32, 0u16, "id")];
        many_rows.extend((1..=20_000u32).map(|r| (r, 3u16, "x")));
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            // One cell at the last address Excel has: calamine sized a 550 GB grid for it.
            ("far cell", cells_book("Program", &[(0, 0, "id"), (1_048_575, 16_383, "x")]), "setelah baris 20000"),
            ("zip bomb", zip_bomb(64), "terkompresi secara mencurigakan"),
            ("too many rows", cells_book("Program", &many_rows), "setelah baris 20000"),
            ("not a zip", b"nama;opd\nSatu;Dinkes\n".to_vec(), "bukan buku kerja XLSX"),
            ("truncated", export[..export.len() / 2].to_vec(), "rusak atau terpotong"),
        ];
        for (what, bytes, message) in cases {
            let (s, html) = upload(&planner, bytes).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {html}");
            assert!(html.contains(message), "{what}: the message says why: {html}");
            assert_eq!(count().await, before, "{what}: nothing stored");
            assert_eq!(planner.post("/regions/99.01/programmes/import/apply", &[]).await.0, StatusCode::BAD_REQUEST);
        }
        // The inventory import reads through the same gate.
        let admin = app.login("admin.sukamaju").await;
        let far = cells_book("Data", &[(0, 0, "nama"), (1_048_575, 16_383, "x")]);
        let (s, html) = upload_to(&admin, "/regions/99.01/inventory/import", far).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
        assert!(html.contains("setelah baris 20000"), "{html}");
        let (s, html) = upload_to(&admin, "/regions/99.01/inventory/import", zip_bomb(16)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");

        // While a big (valid-looking) upload is parsed off the async workers, the server answers.
        let mut big = vec![(0u32, 0u16, "id")];
        big.extend((1..19_999u32).flat_map(|r| (0..16u16).map(move |c| (r, c, "teks sel"))));
        let big = cells_book("Program", &big);
        let slow = {
            let b = admin.client.clone();
            let url = format!("{}/regions/99.01/programmes/import?_csrf={}", admin.base, admin.csrf);
            tokio::spawn(async move {
                let part = reqwest::multipart::Part::bytes(big).file_name("big.xlsx");
                b.post(url)
                    .multipart(reqwest::multipart::Form::new().part("file", part))
                    .send()
                    .await
                    .map(|r| r.status())
            })
        };
        let anon = app.anonymous();
        for _ in 0..5 {
            assert_eq!(anon.get("/healthz").await.0, StatusCode::OK, "healthz answers during a parse");
        }
        let status = slow.await.expect("join").expect("big upload answered");
        assert!(status.is_client_error() || status == StatusCode::OK, "{status}");

        // A dry run keeps the file in storage, not in the session: the session row stays small.
        let (s, html) = upload(&admin, export.clone()).await;
        assert_eq!(s, StatusCode::OK, "{html}");
        let largest = session::Entity::find().all(&app.db).await.expect("sessions").iter().map(|s| s.data.len()).max();
        assert!(largest.unwrap_or(0) < 2_000, "session rows stay small after a dry run: {largest:?} bytes");
        let pending = app.storage_dir.join("pending");
        assert_eq!(std::fs::read_dir(&pending).map(|d| d.count()).unwrap_or(0), 1, "the upload waits in storage");
        assert_eq!(admin.post("/regions/99.01/programmes/import/apply", &[]).await.0, StatusCode::OK);
        assert_eq!(std::fs::read_dir(&pending).map(|d| d.count()).unwrap_or(0), 0, "and is removed once applied");
        assert_eq!(count().await, before, "an unedited export changes nothing");
    }
);
