//! The masterplan against the yearly budget (issue 18): Sukamaju's demo RKPD 2026 aligned on the
//! page, in the API (the contract), the plan checks, the national dashboard and the open data;
//! a messy export read, mapped once, refused whole for one bad row, applied, then replaced by its
//! revision with the hand-made links kept; the Renja extract per OPD as XLSX and CSV; the roles.

use crate::harness::{self, bytes, Browser};
use kotacerdas_store::entity::{rkpd_import, rkpd_item};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

async fn upload(b: &Browser, code: &str, name: &str, data: Vec<u8>, year: &str, label: &str) -> (StatusCode, String) {
    let part = reqwest::multipart::Part::bytes(data).file_name(name.to_string());
    let form = reqwest::multipart::Form::new()
        .text("year", year.to_string())
        .text("label", label.to_string())
        .part("file", part);
    let resp = b
        .client
        .post(format!("{}/regions/{code}/alignment/import?_csrf={}", b.base, b.csrf))
        .multipart(form)
        .send()
        .await
        .expect("upload");
    (resp.status(), resp.text().await.expect("body"))
}

/// The value of the option selected in the `<select id="col-FIELD">` of the mapping form.
fn selected(html: &str, field: &str) -> Option<String> {
    let start = html.find(&format!("id=\"col-{field}\""))?;
    let rest = &html[start..];
    let rest = &rest[..rest.find("</select>")?];
    let at = rest.find(" selected")?;
    let before = &rest[..at];
    let v = before.rfind("value=\"")?;
    Some(before[v + 7..].split('"').next()?.to_string())
}

/// A messy export as a workbook: a title block, "Indikator Kinerja" merged over two columns, a
/// numbering row, program subtotals, codes as text (one with Excel's apostrophe, one as typed
/// with a space), money as id-ID text, as en-US text and as numbers. `bad` spoils one row.
fn messy_xlsx(pagu_first: &str, bad: bool) -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("RKPD 2027").expect("sheet");
    let merged = Format::new().set_bold();
    ws.write_string(0, 0, "RENCANA KERJA PEMERINTAH DAERAH KABUPATEN SUKAMAJU TAHUN 2027").expect("w");
    ws.merge_range(0, 0, 0, 5, "RENCANA KERJA PEMERINTAH DAERAH KABUPATEN SUKAMAJU TAHUN 2027", &merged).expect("m");
    for (c, h) in ["Kode", "Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan", "Perangkat Daerah"].iter().enumerate()
    {
        ws.write_string(3, c as u16, *h).expect("w");
    }
    ws.merge_range(3, 3, 3, 4, "Indikator Kinerja", &merged).expect("m");
    ws.write_string(3, 5, "Pagu Indikatif (Rp)").expect("w");
    ws.write_string(4, 3, "Tolok Ukur").expect("w");
    ws.write_string(4, 4, "Target").expect("w");
    for c in 0..6u16 {
        ws.write_number(5, c, f64::from(c + 1)).expect("w");
    }
    // (code, name, OPD, indicator, target, money as text, money as a number)
    type Row<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, Option<&'a str>, Option<f64>);
    let rows: Vec<Row> = vec![
        ("2.16.03", "PROGRAM PENGELOLAAN APLIKASI INFORMATIKA", "", "", "", None, Some(9_000_000_000.0)),
        (
            "'2.16.03.2.02.0001",
            "Penatalaksanaan dan Pengawasan e-Government",
            "Dinas Komunikasi dan Informatika",
            "Naskah dinas bertanda tangan elektronik",
            "95 %",
            Some(pagu_first),
            None,
        ),
        (
            "2.16.03.2.02.0002 ",
            "Pusat data dan komputasi awan pemerintah daerah",
            "Dinas Komunikasi dan Informatika",
            "Aplikasi di pusat data",
            "60 %",
            Some("3,000,000,000"),
            None,
        ),
        (
            "2.16.03.2.02.0003",
            "Penyediaan jaringan internet kantor kecamatan",
            "Dinas Komunikasi dan Informatika",
            "",
            "",
            None,
            Some(450_000_000.0),
        ),
        (
            "1.03.10.2.01.0001",
            "Pembangunan Jalan Poros Desa",
            "Dinas Pekerjaan Umum",
            "Jalan terbangun",
            "12 km",
            if bad { Some("dua miliar") } else { Some("Rp 2.000.000.000,00") },
            None,
        ),
        ("", "JUMLAH", "", "", "", None, Some(9_000_000_000.0)),
    ];
    for (i, (code, name, opd, ind, target, text, num)) in rows.iter().enumerate() {
        let r = 6 + i as u32;
        for (c, v) in [code, name, opd, ind, target].iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r, c as u16, **v).expect("w");
            }
        }
        if let Some(t) = text {
            ws.write_string(r, 5, *t).expect("w");
        }
        if let Some(n) = num {
            ws.write_number(r, 5, *n).expect("w");
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

crate::both!(
    async fn the_demo_year_is_aligned_on_the_page_the_api_the_checks_and_nationally(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        let (s, html) = admin.get("/regions/99.01/alignment?year=2026").await;
        assert_eq!(s, StatusCode::OK, "{html}");
        for want in [
            "Keselarasan dengan RKPD",
            "RKPD 2026 (Perbup 31/2025)",
            "Dibiayai penuh",
            "Dibiayai sebagian",
            "Belum dibiayai",
            "cocok kode",
            "saran dikonfirmasi",
            "Saran berdasarkan nama dan OPD",
            "Pengadaan dan Pemasangan CCTV Simpang Kota",
            "id=\"alignment-dimensions\"",
            "id=\"alignment-opds\"",
        ] {
            assert!(html.contains(want), "page lacks {want}");
        }
        // Filters narrow the list (server-side, no JS).
        let (_, unfunded) = admin.get("/regions/99.01/alignment?year=2026&funding=unfunded").await;
        assert!(!unfunded.contains("funding-full\""), "only unfunded programmes");
        assert!(unfunded.contains("funding-unfunded"));
        let (s, _) = admin.get("/regions/99.01/alignment?year=20x6").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);

        // The contract.
        let api = app.api(&app.token("admin.sukamaju").await);
        let (s, j) = api.get("/api/v1/regions/99.01/alignment?year=2026").await;
        assert_eq!(s, StatusCode::OK, "{j}");
        assert_eq!(j["year"], 2026);
        let share = j["share_funded"].as_f64().expect("share");
        assert!(share > 0.0 && share < 1.0, "{share}");
        let items = j["items"].as_array().expect("items");
        assert!(items.len() > 20, "{}", items.len());
        for it in items {
            assert!(it["programme_id"].is_i64() && it["funded"].is_boolean(), "{it}");
            assert!(it["planned"].as_i64().expect("planned") > 0 && it["pagu"].is_i64(), "{it}");
        }
        let (mut full, mut partial, mut none) = (0, 0, 0);
        for it in items {
            let (p, g) = (it["planned"].as_i64().unwrap_or(0), it["pagu"].as_i64().unwrap_or(0));
            match (g, it["funded"].as_bool()) {
                (0, Some(false)) => none += 1,
                (g, Some(true)) if g >= p => full += 1,
                (_, Some(true)) => partial += 1,
                other => panic!("funded disagrees with the pagu: {other:?}"),
            }
        }
        assert!(full > 0 && partial > 0 && none > 0, "{full} {partial} {none}");
        let funded = items.iter().filter(|i| i["funded"] == true).count() as f64;
        assert!((share - funded / items.len() as f64).abs() < 1e-9);
        let smart = j["unmatched_smart"].as_array().expect("unmatched");
        assert!(smart.iter().any(|i| i["name"] == "Pengadaan dan Pemasangan CCTV Simpang Kota"), "{smart:?}");
        assert!(!smart.iter().any(|i| i["name"] == "Pembangunan Jalan Poros Desa"), "a road is not smart-city work");
        let (s, _) = api.get("/api/v1/regions/99.01/alignment?year=1999").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        // A year without an import: the programmes are all unfunded, no import named.
        let (_, j27) = api.get("/api/v1/regions/99.01/alignment?year=2027").await;
        assert!(j27["import"].is_null() && j27["share_funded"] == 0.0, "{j27}");

        // The plan checks name the programmes the RKPD leaves out.
        let (_, checks) = api.get("/api/v1/regions/99.01/checks").await;
        let rules: Vec<&str> =
            checks["findings"].as_array().expect("findings").iter().filter_map(|f| f["rule"].as_str()).collect();
        assert!(rules.contains(&"PC016") && rules.contains(&"PC017"), "{rules:?}");

        // The programme office sees the share beside Outcome.
        let office = app.login("program").await;
        let (_, national) = office.get("/national?year=2026").await;
        assert!(national.contains("RKPD 2026"));
        let (_, csv) = office.get("/national.csv?year=2026").await;
        let header = csv.lines().next().expect("header");
        let col = header.split(',').position(|h| h == "rkpd_terdanai_persen").expect("column");
        let line = csv.lines().find(|l| l.starts_with("99.01,")).expect("Sukamaju");
        let v: f64 = line.split(',').nth(col).expect("cell").parse().expect("a percentage");
        assert!((v - share * 100.0).abs() < 0.01, "{v} vs {share}");

        // The open data (the region's own users may read it before publication).
        let (s, csv) = admin.get("/api/v1/regions/99.01/alignment.csv").await;
        assert_eq!(s, StatusCode::OK);
        assert!(csv.starts_with("region_code,year,rkpd_revision,programme_id"), "{csv}");
        assert!(csv.contains("\n99.01,2026,1,"));
        let (s, json) = admin.get("/api/v1/regions/99.01/alignment.json").await;
        assert_eq!(s, StatusCode::OK);
        let rows: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(rows.as_array().map(Vec::len), Some(items.len()));
        let (s, _) = app.anonymous().get("/api/v1/regions/99.01/alignment.json").await;
        assert_eq!(s, StatusCode::NOT_FOUND, "not public before the plan is published");
    }
);

crate::both!(
    async fn a_messy_export_is_read_refused_whole_applied_and_replaced_by_its_revision(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        let r = kotacerdas_store::region::regions::by_code(&app.db, "99.01").await.expect("region");
        let imports_2027 = || async {
            rkpd_import::Entity::find()
                .filter(rkpd_import::Column::RegionId.eq(r.id))
                .filter(rkpd_import::Column::Year.eq(2027))
                .count(&app.db)
                .await
                .expect("count")
        };

        // One bad row: named with its row number, no apply button, nothing stored.
        let (s, html) =
            upload(&admin, "99.01", "rkpd-2027.xlsx", messy_xlsx("1.250.000.000", true), "2027", "RKPD 2027").await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
        assert!(html.contains("id=\"rkpd-problems\""), "{html}");
        assert!(html.contains("<td>11</td>"), "the bad row is row 11 of the sheet");
        assert!(html.contains("Pagu bukan angka rupiah"));
        assert!(!html.contains("id=\"rkpd-apply\""));
        let (s, _) = admin
            .post(
                "/regions/99.01/alignment/import/apply",
                &[("action", "apply"), ("col_code", "0"), ("col_name", "1"), ("col_pagu", "5")],
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(imports_2027().await, 0, "nothing stored half-way");

        // The good file: the header found over two rows, the merged cell carried, columns proposed.
        let (s, html) =
            upload(&admin, "99.01", "rkpd-2027.xlsx", messy_xlsx("1.250.000.000", false), "2027", "RKPD 2027").await;
        assert_eq!(s, StatusCode::OK, "{html}");
        assert!(html.contains("Indikator Kinerja Target"), "merged header carried: {html}");
        assert!(html.contains("baris judul 4–6"), "{html}");
        assert_eq!(selected(&html, "code").as_deref(), Some("0"));
        assert_eq!(selected(&html, "indicator").as_deref(), Some("3"));
        assert_eq!(selected(&html, "target").as_deref(), Some("4"));
        assert_eq!(selected(&html, "pagu").as_deref(), Some("5"));
        assert!(html.contains("<strong>4</strong> sub kegiatan"), "four sub-activities, subtotals passed over");
        assert!(html.contains("Dinas Pekerjaan Umum"), "an OPD the region does not have is named");
        // A column chosen twice is refused with the field named.
        let (s, html) = admin
            .post(
                "/regions/99.01/alignment/import/apply",
                &[("action", "apply"), ("col_code", "0"), ("col_name", "0"), ("col_pagu", "5")],
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Satu kolom dipilih untuk dua isian"), "{html}");
        let cols = [
            ("col_code", "0"),
            ("col_name", "1"),
            ("col_opd", "2"),
            ("col_indicator", "3"),
            ("col_target", "4"),
            ("col_pagu", "5"),
        ];
        let mut apply: Vec<(&str, &str)> = vec![("action", "apply")];
        apply.extend_from_slice(&cols);
        let (s, _) = admin.post("/regions/99.01/alignment/import/apply", &apply).await;
        assert!(s.is_redirection() || s == StatusCode::OK, "{s}");
        assert_eq!(imports_2027().await, 1);
        let imp = kotacerdas_store::alignment::imports(&app.db, r.id, 2027).await.expect("imports").remove(0);
        let items = kotacerdas_store::alignment::items_of(&app.db, imp.id).await.expect("items");
        let by_code = |c: &str| items.iter().find(|i| i.code == c).expect(c).clone();
        assert_eq!(by_code("2.16.03.2.02.0001").pagu, 1_250_000_000, "code as text with an apostrophe");
        assert_eq!(by_code("2.16.03.2.02.0002").pagu, 3_000_000_000, "en-US thousands and a trailing space");
        assert_eq!(by_code("2.16.03.2.02.0003").pagu, 450_000_000, "a number cell");
        assert_eq!(by_code("1.03.10.2.01.0001").target, "12 km");

        // The code-matched programme (TTE, 2.16.03.2.02.0001) is funded; link the unmatched
        // internet item by hand to the data centre programme.
        let (_, html) = admin.get("/regions/99.01/alignment?year=2027").await;
        assert!(html.contains("Revisi 1"), "{html}");
        let programmes = kotacerdas_store::plan::programmes::list(&app.db, r.id).await.expect("programmes");
        let cloud = programmes.iter().find(|p| p.programme.name.starts_with("Pusat data")).expect("cloud").programme.id;
        let internet = by_code("2.16.03.2.02.0003").id;
        let (s, _) = admin
            .post(
                "/regions/99.01/alignment/decide",
                &[
                    ("year", "2027"),
                    ("programme_id", &cloud.to_string()),
                    ("item_id", &internet.to_string()),
                    ("kind", "manual"),
                ],
            )
            .await;
        assert!(s.is_redirection() || s.is_success(), "{s}");

        // The APBD-P: columns moved, the saved profile finds them again; money changed.
        let csv = "Pagu;Kode;Sub Kegiatan;Perangkat Daerah;Indikator Kinerja Tolok Ukur;Indikator Kinerja Target\n\
                   1.500.000.000;2.16.03.2.02.0001;Penatalaksanaan dan Pengawasan e-Government;Dinas Komunikasi dan Informatika;Naskah;95 %\n\
                   3.000.000.000;2.16.03.2.02.0002;Pusat data dan komputasi awan pemerintah daerah;Dinas Komunikasi dan Informatika;Aplikasi;60 %\n\
                   450.000.000;2.16.03.2.02.0003;Penyediaan jaringan internet kantor kecamatan;Dinas Komunikasi dan Informatika;;\n";
        let (s, html) =
            upload(&admin, "99.01", "apbd-p-2027.csv", csv.as_bytes().to_vec(), "2027", "APBD-P 2027").await;
        assert_eq!(s, StatusCode::OK, "{html}");
        assert!(html.contains("id=\"profile-saved\""));
        assert_eq!(selected(&html, "pagu").as_deref(), Some("0"), "found by the profile's header text");
        assert_eq!(selected(&html, "indicator").as_deref(), Some("4"));
        let apply = [
            ("action", "apply"),
            ("col_pagu", "0"),
            ("col_code", "1"),
            ("col_name", "2"),
            ("col_opd", "3"),
            ("col_indicator", "4"),
            ("col_target", "5"),
        ];
        let (s, _) = admin.post("/regions/99.01/alignment/import/apply", &apply).await;
        assert!(s.is_redirection() || s == StatusCode::OK, "{s}");
        let list = kotacerdas_store::alignment::imports(&app.db, r.id, 2027).await.expect("imports");
        assert_eq!(list.iter().map(|i| i.revision).collect::<Vec<_>>(), vec![2, 1], "the history is kept");
        assert_eq!(list[0].label, "APBD-P 2027");
        let (_, html) = admin.get("/regions/99.01/alignment?year=2027").await;
        assert!(html.contains("Revisi 2") && html.contains("id=\"rkpd-history\""), "{html}");
        let api = app.api(&app.token("admin.sukamaju").await);
        let (_, j) = api.get("/api/v1/regions/99.01/alignment?year=2027").await;
        let row =
            j["items"].as_array().expect("items").iter().find(|i| i["programme_id"] == cloud).expect("cloud").clone();
        let how: Vec<&str> =
            row["rkpd_items"].as_array().expect("rkpd").iter().filter_map(|i| i["matched_by"].as_str()).collect();
        assert!(how.contains(&"manual"), "the hand-made link outlived the re-import: {row}");
        assert_eq!(
            rkpd_item::Entity::find()
                .filter(rkpd_item::Column::ImportId.eq(list[1].id))
                .count(&app.db)
                .await
                .expect("n"),
            4,
            "the first revision's items stay on record"
        );
        // The audit log names the import.
        let (_, audit) = admin.get("/regions/99.01/audit").await;
        assert!(audit.contains("Impor RKPD"), "{audit}");
    }
);

crate::both!(
    async fn the_renja_extract_goes_per_opd_as_xlsx_and_csv(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        let r = kotacerdas_store::region::regions::by_code(&app.db, "99.01").await.expect("region");
        let opds = kotacerdas_store::region::opds::list(&app.db, r.id).await.expect("opds");
        let kominfo = opds.iter().find(|o| o.short_name == "Diskominfo").expect("Diskominfo").id;
        let (s, xlsx) = bytes(&admin, &format!("/regions/99.01/renja.xlsx?year=2026&opd={kominfo}")).await;
        assert_eq!(s, StatusCode::OK);
        let sheet = harness::tool_on("unzip", &["-p", "{}", "xl/sharedStrings.xml"], &xlsx, "xlsx");
        for want in ["Kode Sub Kegiatan", "Pagu Indikatif 2026 (Rp)", "2.16.03.2.02.0001", "Target 2026", "Diskominfo"]
        {
            assert!(sheet.contains(want), "extract lacks {want}");
        }
        assert!(!sheet.contains("Dinkes"), "one OPD only");
        // The same over the API (the contract path) and as CSV.
        let api = app.api(&app.token("admin.sukamaju").await);
        let resp = api
            .client
            .get(format!("{}/api/v1/regions/99.01/renja.xlsx?year=2026&opd={kominfo}", api.base))
            .bearer_auth(&api.token)
            .send()
            .await
            .expect("api");
        assert_eq!(resp.status(), StatusCode::OK);
        assert!(resp.bytes().await.expect("body").starts_with(b"PK"));
        let (s, csv) = admin.get("/regions/99.01/renja.csv?year=2026").await;
        assert_eq!(s, StatusCode::OK);
        assert!(csv.starts_with("\u{feff}Perangkat Daerah,Kode Urusan"), "{csv}");
        assert!(csv.contains("Dinkes") && csv.contains("Diskominfo"), "every OPD without the filter");
        // Another region's OPD, a bad year: refused.
        let other = kotacerdas_store::region::regions::by_code(&app.db, "99.02").await.expect("99.02");
        let foreign = kotacerdas_store::region::opds::list(&app.db, other.id).await.expect("opds")[0].id;
        let (s, _) = admin.get(&format!("/regions/99.01/renja.xlsx?year=2026&opd={foreign}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = admin.get("/regions/99.01/renja.xlsx?year=tahun").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
    }
);

crate::both!(
    async fn hostile_files_and_other_roles_are_refused_with_a_message(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        for (name, data, want) in [
            ("rusak.xlsx", b"PK\x03\x04rusak".to_vec(), "rusak"),
            ("buku.pdf", b"%PDF-1.4\x00\x01".to_vec(), "bukan XLSX atau CSV"),
            ("tanpa-judul.csv", b"a;b;c\n1;2;3\n".to_vec(), "Judul tabel tidak ditemukan"),
            ("lebar.csv", "x;".repeat(200).into_bytes(), "kolom"),
            ("kosong.csv", Vec::new(), "Pilih berkas"),
        ] {
            let (s, html) = upload(&admin, "99.01", name, data, "2028", "RKPD").await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {html}");
            assert!(
                html.contains("id=\"rkpd-unreadable\"") && html.to_lowercase().contains(&want.to_lowercase()),
                "{name}: {html}"
            );
        }
        // Hostile text is escaped on the page and neutralised in the CSV extract.
        let csv = "Kode;Nama Sub Kegiatan;Perangkat Daerah;Pagu\n1.02.02.2.01.0099;<script>alert(1)</script>;=HYPERLINK(\"x\");1.000\n";
        let (s, html) = upload(&admin, "99.01", "jahat.csv", csv.as_bytes().to_vec(), "2028", "RKPD").await;
        assert_eq!(s, StatusCode::OK, "{html}");
        assert!(!html.contains("<script>alert(1)</script>") && html.contains("alert(1)"), "escaped, still shown");

        // An OPD planner may look and may link items to their own OPD's programmes only; the
        // import is the region manager's.
        let planner = app.login("perencana.dinkes").await;
        let (s, _) = planner.get("/regions/99.01/alignment?year=2026").await;
        assert_eq!(s, StatusCode::OK);
        let (s, _) = planner.get("/regions/99.01/alignment/import").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let r = kotacerdas_store::region::regions::by_code(&app.db, "99.01").await.expect("region");
        let y = kotacerdas_store::alignment::year(&app.db, r.id, 2026).await.expect("year");
        let free = y.alignment.unmatched_smart[0];
        let opds = kotacerdas_store::region::opds::list(&app.db, r.id).await.expect("opds");
        let dinkes = opds.iter().find(|o| o.short_name == "Dinkes").expect("Dinkes").id;
        let theirs =
            y.programmes.iter().find(|p| p.programme.opd_id == dinkes).expect("a Dinkes programme").programme.id;
        let other = y.programmes.iter().find(|p| p.programme.opd_id != dinkes).expect("another").programme.id;
        let link = |pid: i64| {
            vec![
                ("year".to_string(), "2026".to_string()),
                ("programme_id".to_string(), pid.to_string()),
                ("item_id".to_string(), free.to_string()),
                ("kind".to_string(), "manual".to_string()),
            ]
        };
        let (s, _) = planner.post("/regions/99.01/alignment/decide", &pairs(&link(other))).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = planner.post("/regions/99.01/alignment/decide", &pairs(&link(theirs))).await;
        assert!(s.is_redirection() || s.is_success(), "{s}");
        // Without the CSRF token: refused.
        let (s, _) = planner.post_raw("/regions/99.01/alignment/decide", &pairs(&link(theirs))).await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        // The API import: bad rows named as fields, nothing stored; a good file is 201.
        let api = app.api(&app.token("admin.sukamaju").await);
        let post = |body: &'static [u8]| {
            api.client
                .post(format!("{}/api/v1/regions/99.01/rkpd?year=2029&label=APBD", api.base))
                .bearer_auth(&api.token)
                .header("content-type", "application/octet-stream")
                .body(body)
                .send()
        };
        let resp = post(b"Kode;Nama Sub Kegiatan;Perangkat Daerah;Pagu\n1.02.02.2.01.0001;A;Dinas Kesehatan;-5\n")
            .await
            .expect("api");
        assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let j: serde_json::Value = resp.json().await.expect("json");
        assert_eq!(j["fields"][0]["field"], "rows[2].pagu", "{j}");
        let resp = post(b"Kode;Nama Sub Kegiatan;Perangkat Daerah;Pagu\n1.02.02.2.01.0001;A;Dinas Kesehatan;5.000\n")
            .await
            .expect("api");
        assert_eq!(resp.status(), StatusCode::CREATED);
        let j: serde_json::Value = resp.json().await.expect("json");
        assert_eq!(
            (j["year"].as_i64(), j["items"].as_i64(), j["total_pagu"].as_i64()),
            (Some(2029), Some(1), Some(5000))
        );
        let planner_api = app.api(&app.token("perencana.dinkes").await);
        let resp = planner_api
            .client
            .post(format!("{}/api/v1/regions/99.01/rkpd?year=2029", planner_api.base))
            .bearer_auth(&planner_api.token)
            .body(&b"x"[..])
            .send()
            .await
            .expect("api");
        assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    }
);
