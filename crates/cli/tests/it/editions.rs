//! Masterplan editions (issue 17): Sukamaju's paper edition of 2018 is on record and the current
//! edition is compared with it (page, API, book annex); a region whose edition is enacted starts
//! a review — new MoU, new stages, the old book on the portal — and an earlier edition cannot be
//! recorded once the current one is enacted. Typed programme lines are checked line by line.

use crate::harness::{self, bytes, TestApp};
use kotacerdas_domain::StageStatus;
use kotacerdas_store::entity::book_version;
use kotacerdas_store::region::{editions, mou, regions, stages};
use kotacerdas_store::Actor;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

/// The current edition's book enacted, as the versions workflow would leave it (that workflow
/// has its own tests): a frozen version with a PDF and a regulation.
async fn enact(app: &TestApp, region_id: i64, edition: i32) -> i64 {
    let storage =
        kotacerdas_store::files::Storage::from_config(app.storage_dir.to_str().expect("path")).expect("storage");
    let sys = Actor::system("uji edisi");
    let pdf = storage
        .store_generated(
            &app.db,
            &sys,
            Some(region_id),
            "masterplan",
            b"%PDF-1.4 uji".to_vec().into(),
            "pdf",
            "application/pdf",
        )
        .await
        .expect("file");
    book_version::ActiveModel {
        region_id: Set(region_id),
        number: Set(90 + edition),
        label: Set(format!("Edisi {edition} ditetapkan")),
        status: Set("enacted".into()),
        snapshot: Set("{}".into()),
        build_state: Set("done".into()),
        pdf_file_id: Set(Some(pdf.id)),
        regulation_type: Set(Some("perda".into())),
        regulation_number: Set(Some("7".into())),
        regulation_date: Set(chrono::NaiveDate::from_ymd_opt(2025, 6, 2)),
        edition: Set(edition),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("version");
    pdf.id
}

crate::both!(
    async fn the_paper_edition_is_compared_and_a_review_starts_a_new_cycle(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        let r = regions::by_code(&app.db, "99.01").await.expect("region");
        assert_eq!(r.edition, 2, "the demo's 2018 paper edition is edition 1");

        // The page: the closed edition with its regulation, the comparison.
        let (s, html) = admin.get("/regions/99.01/editions").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Edisi 2 (berjalan)"), "{html}");
        assert!(html.contains("Peraturan Bupati Nomor 45 Tahun 2018"), "the 2018 edition's regulation");
        assert!(html.contains("045/NK/KOMINFO/2017"));
        assert!(html.contains("Dibandingkan dengan edisi 1"));
        assert!(html.contains("Aplikasi e-Kinerja ASN"), "a dropped programme is named");
        let (_, region_page) = admin.get("/regions/99.01").await;
        assert!(region_page.contains("href=\"/regions/99.01/editions\""), "the region page links the editions");

        // The API says the same: 6 of the 12 programmes kept, 6 dropped, the rest new.
        let token = app.token("admin.sukamaju").await;
        let api = app.api(&token);
        let (s, j) = api.get("/api/v1/regions/99.01/editions").await;
        assert_eq!(s, StatusCode::OK, "{j}");
        assert_eq!(j["current"], 2);
        assert_eq!(j["items"][0]["regulation"], "Peraturan Bupati Nomor 45 Tahun 2018 tanggal 20 Desember 2018");
        assert_eq!(j["items"][0]["programmes"], 12);
        let c = &j["comparison"];
        assert_eq!(c["kept"].as_array().map(Vec::len), Some(6), "{c}");
        assert_eq!(c["dropped"].as_array().map(Vec::len), Some(6), "{c}");
        assert!(c["added"].as_array().map(Vec::len).unwrap_or_default() > 30);
        let gov = c["dimensions"].as_array().expect("dimensions").iter().find(|d| d["dimension"] == "GOV").cloned();
        assert_eq!(gov.expect("GOV")["previous"], 1_240_000_000i64);

        // The book's annex F states it, in the PDF a reader gets.
        let pdf = harness::cli_book(&app, "99.01");
        let text = harness::tool_on("pdftotext", &["-layout", "{}", "-"], &std::fs::read(&pdf).expect("pdf"), "pdf");
        assert!(text.contains("Lampiran F. Perbandingan dengan masterplan edisi 1"), "annex F");
        assert!(text.contains("Tidak dilanjutkan") && text.contains("Aplikasi e-Kinerja ASN"));
        assert!(text.contains("Rp 1.240.000.000"), "the 2018 governance budget, id-ID");

        // A review needs the current edition enacted.
        let (s, html) =
            admin.post("/regions/99.01/editions/review", &[("reason", "RPJMD baru"), ("start_year", "2030")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("belum ditetapkan"), "{html}");
        let book_file = enact(&app, r.id, 2).await;

        // Recording an earlier edition is refused now; the planner may not start a review.
        let (s, _) = admin
            .post(
                "/regions/99.01/editions/earlier",
                &[("period_start", "2010"), ("period_end", "2015"), ("programmes", "")],
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let planner = app.login("perencana.dinkes").await;
        let (s, _) = planner.post("/regions/99.01/editions/review", &[("reason", "x"), ("start_year", "2030")]).await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        // The review: edition 2 closed with its book, MoU and programmes; edition 3 begins.
        let (s, html) =
            admin.post("/regions/99.01/editions/review", &[("reason", "RPJMD baru"), ("start_year", "2024")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a review starts after the current masterplan's first year");
        assert!(html.contains("RPJMD baru"), "what was typed is kept");
        let (s, body) = admin
            .post(
                "/regions/99.01/editions/review",
                &[("reason", "Tinjauan lima tahun: RPJMD 2030–2034"), ("start_year", "2030")],
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let r = regions::by_code(&app.db, "99.01").await.expect("region");
        assert_eq!(r.edition, 3);
        let now = stages::list(&app.db, r.id).await.expect("stages");
        assert_eq!(now.len(), 4);
        assert!(now.iter().all(|s| s.edition == 3 && s.status == StageStatus::NotStarted.as_str()));
        assert!(mou::get(&app.db, r.id).await.expect("mou").is_none(), "the new edition signs its own MoU");
        let closed = editions::list(&app.db, r.id).await.expect("editions");
        assert_eq!(closed.len(), 2);
        assert_eq!(closed[1].book_file_id, Some(book_file));
        assert_eq!(closed[1].mou_number.as_deref(), Some("100/NK/KOMDIGI/2024"));
        let kept = editions::programmes_of(&closed[1]);
        assert!(kept.len() > 30 && kept.iter().all(|p| p.id.is_some()), "edition 2's programmes by row");
        let masterplan = kotacerdas_store::plan::masterplan(&app.db, r.id).await.expect("plan").expect("masterplan");
        assert_eq!(masterplan.start_year, 2030);
        // Carried, not copied: every programme is still there, compared row by row.
        let (_, j) = api.get("/api/v1/regions/99.01/editions").await;
        assert_eq!(j["current"], 3);
        assert_eq!(j["comparison"]["previous"], 2);
        assert_eq!(j["comparison"]["dropped"].as_array().map(Vec::len), Some(0), "{j}");
        assert_eq!(j["comparison"]["added"].as_array().map(Vec::len), Some(0));

        // The portal: the plan in force is edition 2's, a new one is being prepared, and the
        // closed editions are listed with edition 2's book for anyone.
        let visitor = app.anonymous();
        let (s, html) = visitor.get("/publik/99.01").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Edisi 2 · Versi 92"), "{html}");
        assert!(html.contains("id=\"portal-edition-review\""));
        assert!(html.contains("/publik/99.01/edisi/2/buku.pdf"));
        let (s, body) = bytes(&visitor, "/publik/99.01/edisi/2/buku.pdf").await;
        assert_eq!(s, StatusCode::OK);
        assert!(body.starts_with(b"%PDF"));
        let (s, _) = bytes(&visitor, "/publik/99.01/edisi/1/buku.pdf").await;
        assert_eq!(s, StatusCode::NOT_FOUND, "the paper edition has no file");
        let (s, _) = bytes(&visitor, "/publik/99.01/edisi/99/buku.pdf").await;
        assert_eq!(s, StatusCode::NOT_FOUND);

        // Every step is in the audit log in words.
        let (_, audit) = admin.get("/regions/99.01/audit").await;
        assert!(audit.contains("Edisi masterplan") && audit.contains("Edisi baru dimulai"));
    }
);

crate::both!(
    async fn an_earlier_edition_is_typed_line_by_line(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        // 99.71 has no earlier edition: the page says so, then one is recorded.
        let (s, _) = admin.get("/regions/99.71/editions").await;
        assert!(matches!(s.as_u16(), 403 | 404), "another region's admin: {s}");
        let office = app.login("program").await;
        let (s, html) = office.get("/regions/99.71/editions").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Belum ada edisi sebelumnya"));
        let bad = "Smart Governance | Satu Data | Diskominfo | 100\nAstrologi | Ramalan | X | 5";
        let (s, html) = office
            .post(
                "/regions/99.71/editions/earlier",
                &[("period_start", "2019"), ("period_end", "2028"), ("programmes", bad)],
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Baris 2 tidak terbaca"), "{html}");
        let hostile = "GOV\t<script>alert(1)</script>\tDinas\tRp 1.000\nlingkungan | \u{202e}Taman kota | DLH |";
        let (s, _) = office
            .post(
                "/regions/99.71/editions/earlier",
                &[
                    ("period_start", "2019"),
                    ("period_end", "2028"),
                    ("regulation_type", "perkada"),
                    ("regulation_number", "Nomor 12 Tahun 2019"),
                    ("regulation_date", "2019-11-02"),
                    ("programmes", hostile),
                ],
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, html) = office.get("/regions/99.71/editions").await;
        assert!(html.contains("Peraturan Wali Kota Nomor 12 Tahun 2019"), "a kota's head regulation");
        assert!(html.contains("&#60;script&#62;") && !html.contains("<script>alert"), "typed names are escaped");
        assert!(html.contains("Edisi 2 (berjalan)"));
        let r = regions::by_code(&app.db, "99.71").await.expect("region");
        assert_eq!(r.edition, 2);
        assert_eq!(stages::list(&app.db, r.id).await.expect("stages").len(), 4, "the current stages moved with it");
    }
);
