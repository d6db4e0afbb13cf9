//! Stage 4 (second part): the book's narrative with preview, the cover logo, the English
//! edition, frozen versions generated in the background, the workflow draft → enacted with its
//! roles, and the comparison of two versions with known changes.

use crate::harness::{self, bytes, tool_on};

use kotacerdas_domain::programme_input::ProgrammeInput;
use kotacerdas_store::plan::programmes;
use kotacerdas_store::{book, region::regions, Actor};
use reqwest::StatusCode;

async fn multipart(b: &harness::Browser, path: &str, form: reqwest::multipart::Form) -> (StatusCode, String) {
    let r = b.client.post(format!("{}{path}?_csrf={}", b.base, b.csrf)).multipart(form).send().await.expect("post");
    (r.status(), r.text().await.unwrap_or_default())
}

/// Wait for the background build of a version (generation is CPU work; a debug build is slow).
async fn built(app: &harness::TestApp, region_id: i64, number: i32) -> kotacerdas_store::entity::book_version::Model {
    for _ in 0..1500 {
        let v = book::get(&app.db, region_id, number).await.expect("version");
        match v.build_state.as_str() {
            "done" => return v,
            "failed" => panic!("build failed: {:?}", v.build_error),
            _ => tokio::time::sleep(std::time::Duration::from_millis(200)).await,
        }
    }
    panic!("version {number} not built in 300 s");
}

crate::both!(
    async fn narrative_preview_logo_and_the_english_edition(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        let r = regions::by_code(&app.db, "99.01").await.expect("region");
        let (s, html) = admin.get("/regions/99.01/book/texts/purpose?lang=id").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Masterplan menjadi acuan bersama"), "the default text to start from");

        // Preview shows the markup rendered (and user text inert) without saving anything.
        let text = "Paragraf **penting** tentang <script>alert(1)</script> kota.\n\n- butir satu\n- butir *dua*";
        let (s, html) = admin
            .post("/regions/99.01/book/texts/purpose", &[("lang", "id"), ("narrative", text), ("preview", "1")])
            .await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("<strong>penting</strong>") && html.contains("<li>butir <em>dua</em></li>"), "{html}");
        assert!(html.contains("&#60;script&#62;alert(1)") && !html.contains("<script>alert(1)"));
        assert!(book::texts(&app.db, r.id).await.expect("texts").is_empty(), "a preview saves nothing");

        let long = "x".repeat(20_001);
        let (s, html) =
            admin.post("/regions/99.01/book/texts/purpose", &[("lang", "id"), ("narrative", long.as_str())]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("error-message") && html.contains(&long), "the text is kept in the form");
        let (s, _) = admin.post("/regions/99.01/book/texts/purpose", &[("lang", "id"), ("narrative", text)]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(book::texts(&app.db, r.id).await.expect("texts")["purpose:id"], text);
        let planner = app.login("perencana.dinkes").await;
        let (s, _) = planner.post("/regions/99.01/book/texts/purpose", &[("lang", "id"), ("narrative", "x")]).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = admin.get("/regions/99.01/book/texts/nope").await;
        assert_eq!(s, StatusCode::NOT_FOUND);

        // The logo: a PNG is taken, anything else is refused with a message.
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="18" fill="#0b5a8a"/></svg>"##;
        let (png, _, _) = kotacerdas_documents::docx::png(svg).expect("png");
        let bad = reqwest::multipart::Form::new()
            .part("logo", reqwest::multipart::Part::bytes(b"GIF89a not a logo".to_vec()).file_name("logo.gif"));
        let (s, html) = multipart(&admin, "/regions/99.01/book/logo", bad).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("PNG atau JPEG"), "{html}");
        let good =
            reqwest::multipart::Form::new().part("logo", reqwest::multipart::Part::bytes(png).file_name("logo.png"));
        let (s, _) = multipart(&admin, "/regions/99.01/book/logo", good).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert!(regions::by_code(&app.db, "99.01").await.expect("region").logo_file_id.is_some());

        // The Indonesian PDF carries the narrative (markup as emphasis, user text as text) and the logo.
        let (s, pdf) = bytes(&admin, "/regions/99.01/book.pdf").await;
        assert_eq!(s, StatusCode::OK);
        let words = tool_on("pdftotext", &["{}", "-"], &pdf, "pdf");
        assert!(words.contains("Paragraf penting tentang <script>alert(1)</script> kota."), "{words}");
        assert!(words.contains("butir satu") && words.contains("KATA SAMBUTAN KEPALA DAERAH"));
        assert!(words.contains("LAMPIRAN B. INVENTARIS APLIKASI"));
        let images = tool_on("pdfimages", &["-list", "-f", "1", "-l", "1", "{}"], &pdf, "pdf");
        assert!(images.lines().count() >= 3, "the cover has the logo:\n{images}");

        // The English edition: same data, English headings, every programme.
        let (s, pdf) = bytes(&admin, "/regions/99.01/book.pdf?lang=en").await;
        assert_eq!(s, StatusCode::OK);
        let words = tool_on("pdftotext", &["{}", "-"], &pdf, "pdf");
        for heading in
            ["CONTENTS", "CHAPTER I INTRODUCTION", "STRATEGIC ANALYSIS", "ROADMAP", "COMMITMENT SHEET", "Figure"]
        {
            assert!(words.contains(heading), "English edition has {heading}");
        }
        for p in programmes::list(&app.db, r.id).await.expect("programmes") {
            assert!(words.contains(&p.programme.name), "English edition names {}", p.programme.name);
        }
        let (s, docx) = bytes(&admin, "/regions/99.01/book.docx?lang=en").await;
        assert_eq!(s, StatusCode::OK);
        let xml = tool_on("unzip", &["-p", "{}", "word/document.xml"], &docx, "docx");
        assert!(xml.contains("CHAPTER I INTRODUCTION") && xml.contains("COMMITMENT SHEET"));
        assert!(xml.contains("<w:b />") || xml.contains("<w:b/>"), "bold runs survive into the DOCX");

        // A logo that is a PNG header followed by garbage is refused at upload, with a message.
        let mut fake = b"\x89PNG\r\n\x1a\n".to_vec();
        fake.extend_from_slice(&[0x5a; 2000]);
        let form = reqwest::multipart::Form::new()
            .part("logo", reqwest::multipart::Part::bytes(fake.clone()).file_name("logo.png"));
        let (s, html) = multipart(&admin, "/regions/99.01/book/logo", form).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Gambar tidak dapat dibaca"), "{html}");
        // One stored before uploads were checked does not break the book: it is left out.
        let key = kotacerdas_store::files::new_key("png");
        std::fs::create_dir_all(app.storage_dir.join(&key).parent().expect("dir")).expect("dir");
        std::fs::write(app.storage_dir.join(&key), &fake).expect("write");
        let old = kotacerdas_store::entity::stored_file::ActiveModel {
            key: sea_orm::ActiveValue::Set(key),
            region_id: sea_orm::ActiveValue::Set(Some(r.id)),
            original_name: sea_orm::ActiveValue::Set("logo.png".into()),
            content_type: sea_orm::ActiveValue::Set("image/png".into()),
            size: sea_orm::ActiveValue::Set(fake.len() as i64),
            created_at: sea_orm::ActiveValue::Set(chrono::Utc::now()),
            ..Default::default()
        };
        let old = sea_orm::ActiveModelTrait::insert(old, &app.db).await.expect("old logo row");
        let region = regions::by_code(&app.db, "99.01").await.expect("region");
        book::set_logo(&app.db, &Actor::system("test"), &region, Some(old.id)).await.expect("set");
        for path in ["/regions/99.01/book.pdf", "/regions/99.01/book.docx"] {
            let (s, body) = bytes(&admin, path).await;
            assert_eq!(s, StatusCode::OK, "{path} still generates");
            assert!(body.len() > 10_000, "{path}");
        }
    }
);

crate::both!(
    async fn versions_follow_the_workflow_and_compare_exactly(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        let expert = app.login("ahli").await;
        let council = app.login("dewan.sukamaju").await;
        let planner = app.login("perencana.dinkes").await;
        let r = regions::by_code(&app.db, "99.01").await.expect("region");

        let (s, html) = admin.post("/regions/99.01/book/versions", &[("version_label", "")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a version needs a name");
        assert!(html.contains("error-message"));
        let (s, _) = planner.post("/regions/99.01/book/versions", &[("version_label", "Saya")]).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, loc) = {
            let r = admin
                .client
                .post(format!("{}/regions/99.01/book/versions", admin.base))
                .form(&[("_csrf", admin.csrf.as_str()), ("version_label", "Draf Bimtek 4")])
                .send()
                .await
                .expect("freeze");
            (r.status(), r.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string))
        };
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(loc.as_deref(), Some("/regions/99.01/book/versions/1"), "freezing returns at once");
        let v1 = built(&app, r.id, 1).await;
        let (s, html) = council.get("/regions/99.01/book/versions/1").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Draf Bimtek 4") && html.contains(&format!("/files/{}", v1.pdf_file_id.expect("pdf"))));
        let (_, pdf) = bytes(&council, &format!("/files/{}", v1.pdf_file_id.expect("pdf"))).await;
        let info = tool_on("pdfinfo", &["{}"], &pdf, "pdf");
        let pages = info.lines().find_map(|l| l.strip_prefix("Pages:")).map(|v| v.trim().to_string());
        assert_eq!(pages, Some(v1.pages.expect("pages").to_string()), "{info}");
        let (_, docx) = bytes(&council, &format!("/files/{}", v1.docx_file_id.expect("docx"))).await;
        assert!(tool_on("unzip", &["-l", "{}"], &docx, "docx").contains("word/document.xml"));

        // Each step by its role only, in order; a return needs its reason.
        let step = |b: &harness::Browser, action: &str, comment: &str| {
            let fields = vec![
                ("_csrf".to_string(), b.csrf.clone()),
                ("action".into(), action.to_string()),
                ("comment".into(), comment.to_string()),
            ];
            let req = b.client.post(format!("{}/regions/99.01/book/versions/1/action", b.base)).form(&fields);
            async move { req.send().await.expect("act").status() }
        };
        // A book is submitted once stages 1–3 are approved (the demo's stage 2 awaits its decision).
        harness::approve_stages(&app.db, r.id).await;
        assert_eq!(step(&planner, "submit", "").await, StatusCode::FORBIDDEN);
        assert_eq!(step(&expert, "submit", "").await, StatusCode::FORBIDDEN);
        assert_eq!(step(&council, "approve", "").await, StatusCode::CONFLICT, "not yet reviewed");
        assert_eq!(step(&admin, "submit", "").await, StatusCode::SEE_OTHER);
        assert_eq!(step(&expert, "return", " ").await, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(step(&expert, "review", "Lengkapi target 2029.").await, StatusCode::SEE_OTHER);
        assert_eq!(step(&admin, "approve", "").await, StatusCode::FORBIDDEN);
        assert_eq!(step(&expert, "approve", "").await, StatusCode::FORBIDDEN, "only the council approves");
        assert_eq!(step(&council, "approve", "Disetujui rapat Dewan.").await, StatusCode::SEE_OTHER);
        let status = |n| {
            let db = app.db.clone();
            async move { book::get(&db, r.id, n).await.expect("version").status }
        };
        assert_eq!(status(1).await, "approved");

        let enact = |fields: Vec<(&'static str, &'static str)>, scan: bool| {
            let mut form = reqwest::multipart::Form::new();
            for (k, v) in fields {
                form = form.text(k, v);
            }
            if scan {
                form = form.part(
                    "scan",
                    reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec()).file_name("perbup.pdf"),
                );
            }
            form
        };
        let full = vec![
            ("regulation_type", "perkada"),
            ("regulation_number", "12 Tahun 2025"),
            ("regulation_date", "2025-03-01"),
        ];
        let (s, _) = multipart(&council, "/regions/99.01/book/versions/1/enact", enact(full.clone(), true)).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, html) = multipart(&admin, "/regions/99.01/book/versions/1/enact", enact(full.clone(), false)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "the signed scan is required");
        assert!(html.contains("12 Tahun 2025"), "the form keeps what was typed");
        assert_eq!(status(1).await, "approved");
        // A text changed after the approval must not reach the enacted files: they are the
        // approved text with the regulation added.
        book::save_text(
            &app.db,
            &Actor::system("test"),
            r.id,
            kotacerdas_domain::narrative::Section::Closing,
            "id",
            "Penutup baru.",
        )
        .await
        .expect("text");
        let approved_pdf = v1.pdf_file_id.expect("pdf");
        let (s, _) = multipart(&admin, "/regions/99.01/book/versions/1/enact", enact(full, true)).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let v1 = built(&app, r.id, 1).await;
        assert_eq!((v1.status.as_str(), v1.regulation_number.as_deref()), ("enacted", Some("12 Tahun 2025")));
        assert!(v1.scan_file_id.is_some());
        let enacted_pdf = v1.pdf_file_id.expect("pdf");
        assert_ne!(enacted_pdf, approved_pdf, "the enacted version has files of its own");
        let (_, pdf) = bytes(&council, &format!("/files/{enacted_pdf}")).await;
        let words = tool_on("pdftotext", &["{}", "-"], &pdf, "pdf").split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains("Ditetapkan dengan Peraturan Bupati Nomor 12 Tahun 2025"), "the cover: {words}");
        assert!(
            words.contains("ini ditetapkan dengan Peraturan Bupati Nomor 12 Tahun 2025 tanggal 1 Maret 2025"),
            "BAB I"
        );
        assert!(words.contains("Komitmen ini dikukuhkan dengan Peraturan Bupati Nomor 12 Tahun 2025"), "commitment");
        assert!(!words.contains("Penutup baru."), "the approved text, not today's");
        let (_, pdf) = bytes(&council, &format!("/files/{}", v1.pdf_en_file_id.expect("en"))).await;
        let words = tool_on("pdftotext", &["{}", "-"], &pdf, "pdf").split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains("Enacted by Regent Regulation (Perbup) No. 12 of 2025"), "English cover: {words}");
        let (_, docx) = bytes(&council, &format!("/files/{}", v1.docx_file_id.expect("docx"))).await;
        let xml = tool_on("unzip", &["-p", "{}", "word/document.xml"], &docx, "docx");
        assert!(xml.contains("Ditetapkan dengan Peraturan Bupati Nomor 12 Tahun 2025"));
        let (_, html) = council.get("/regions/99.01/book/versions/1").await;
        assert!(html.contains("Peraturan Bupati Nomor 12 Tahun 2025 tanggal 1 Maret 2025"), "cited on the page");
        assert!(html.contains(" WIB<"), "the history's times in the region's zone, labelled");
        assert!(!html.contains(" UTC"), "not in UTC");
        let (s, portal_pdf) = bytes(&app.anonymous(), "/publik/99.01/buku.pdf").await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(
            portal_pdf,
            bytes(&council, &format!("/files/{enacted_pdf}")).await.1,
            "the portal offers the enacted book"
        );
        let events = book::events(&app.db, v1.id).await.expect("events");
        let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["freeze", "submit", "review", "approve", "enact"]);
        assert_eq!(events[2].comment, "Lengkapi target 2029.");
        let (s, _) = admin.get("/regions/99.72/book/versions/1").await;
        assert_eq!(s, StatusCode::NOT_FOUND, "another region's versions are hidden");

        // Known changes: +1.000.000 to one programme's 2027 APBD, one programme removed and a copy
        // of it added (their budgets cancel out), one text rewritten.
        let sys = Actor::system("test");
        let all = programmes::list(&app.db, r.id).await.expect("programmes");
        let bumped = all.iter().find(|p| p.budget(2027, "apbd") > 0).expect("a 2027 APBD budget");
        let mut input = ProgrammeInput::from(bumped);
        let cell = input.budgets.get_mut(&(2027, "apbd".to_string())).expect("cell");
        *cell = (cell.parse::<i64>().expect("amount") + 1_000_000).to_string();
        programmes::save(&app.db, &sys, r.id, Some(bumped.programme.id), &input).await.expect("save");
        let gone = all.iter().rev().find(|p| p.programme.id != bumped.programme.id).expect("another");
        let mut copy = ProgrammeInput::from(gone);
        copy.name = format!("{} (lanjutan)", gone.programme.name);
        programmes::delete(&app.db, &sys, r.id, gone.programme.id).await.expect("delete");
        programmes::save(&app.db, &sys, r.id, None, &copy).await.expect("copy");
        book::freeze(&app.db, &sys, &r, "Setelah telaah").await.expect("freeze");

        let api = app.api(&app.token("ahli").await);
        let (s, d) = api.get("/api/v1/regions/99.01/book/versions/1/diff/2").await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(d["added"].as_array().expect("added").len(), 1);
        assert_eq!(d["added"][0]["name"], copy.name.as_str());
        assert_eq!(d["removed"][0]["id"], gone.programme.id);
        let changed = d["changed"].as_array().expect("changed");
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0]["id"], bumped.programme.id);
        let total: i64 = bumped.total_budget();
        assert_eq!(changed[0]["fields"][0]["before"], total.to_string());
        assert_eq!(changed[0]["fields"][0]["after"], (total + 1_000_000).to_string());
        let dim = bumped.programme.element_code.split('-').next().expect("dimension");
        assert_eq!(d["budget"][dim]["2027"], 1_000_000);
        assert_eq!(d["budget_total"], 1_000_000);
        let targets_of =
            |p: &programmes::Programme| p.targets.len() + p.kpis.iter().map(|k| k.targets.len()).sum::<usize>();
        assert_eq!(d["targets"].as_array().expect("targets").len(), 2 * targets_of(gone), "removed + added");
        let texts = d["texts"].as_array().expect("texts");
        assert_eq!(texts.len(), 1);
        assert_eq!(texts[0]["key"], "closing:id");
        assert!(texts[0]["lines"].as_array().expect("lines").iter().any(|l| l["Added"] == "Penutup baru."));

        let (s, html) = expert.get("/regions/99.01/book/compare?a=1&b=2").await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            html.contains("1 program baru") && html.contains("1 program dihapus") && html.contains("+Rp 1.000.000")
        );
        assert!(html.contains(&copy.name) && html.contains("Penutup baru."));
        let (s, _) = expert.get("/regions/99.01/book/compare?a=1&b=x").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        let (s, xlsx) = bytes(&expert, "/regions/99.01/book/compare.xlsx?a=1&b=2").await;
        assert_eq!(s, StatusCode::OK);
        let strings = tool_on("unzip", &["-p", "{}", "xl/sharedStrings.xml"], &xlsx, "xlsx");
        assert!(strings.contains("Selisih anggaran") && strings.contains("Penutup baru."));
        assert!(tool_on("unzip", &["-l", "{}"], &xlsx, "xlsx").matches("xl/worksheets/sheet").count() == 5);
    }
);

crate::both!(
    async fn hostile_text_and_a_broken_logo_still_make_every_book(app: TestApp) {
        // A programme named with a right-to-left override, Javanese script, NUL and typst markup,
        // entered through the programme form; an OPD with the same through the API.
        let name = "Program \u{202E}Smart Kampung\u{202C} ꦕꦶꦉꦧꦺꦴꦤ꧀ #panic(\"x\") ] $ \\ 👩‍👩‍👧";
        let planner = app.login("perencana.dinkes").await;
        let (_, form) = planner.get("/regions/99.01/programmes/new?element=LIV-HE").await;
        let opd = form.split("name=\"opd_id\"").nth(1).and_then(|s| s.split("value=\"").nth(2)).expect("opd option");
        let opd = &opd[..opd.find('"').expect("quote")];
        let fields: Vec<(&str, &str)> = vec![
            ("name", name),
            ("description", "Uraian \u{2066}terisolasi\u{2069} dan \u{202B}tertanam"),
            ("element_code", "LIV-HE"),
            ("opd_id", opd),
            ("horizon", "short"),
            ("start_year", "2026"),
            ("end_year", "2027"),
            ("target.2026", "20 \u{202E}sekolah"),
            ("budget.2026.apbd", "150.000.000"),
            ("kpi.0.name", "Siswa \u{202E}terskrining ꦕꦶ"),
            ("kpi.0.unit", "%"),
            ("kpi.0.baseline", "12,5"),
            ("kpi.0.baseline_year", "2025"),
            ("kpi.0.direction", "up"),
        ];
        let (s, html) = planner.post("/regions/99.01/programmes/new", &fields).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{html}");
        let admin = app.login("admin.sukamaju").await;
        let api = app.api(&app.token("admin.sukamaju").await);
        let (s, v) = api
            .post(
                "/api/v1/regions/99.01/opds",
                serde_json::json!({"name": "Dinas \u{202E}Kominfo Unikode ꦕꦶꦉ", "short_name": "\u{202E}Kominfo2"}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");

        // A stored logo that only starts like a PNG (kept from before uploads were decoded).
        let r = regions::by_code(&app.db, "99.01").await.expect("region");
        let storage =
            kotacerdas_store::files::Storage::from_config(app.storage_dir.to_str().expect("path")).expect("storage");
        let mut garbage = b"\x89PNG\r\n\x1a\n".to_vec();
        garbage.extend(std::iter::repeat_n(0xA5u8, 4000));
        let sys = Actor::system("test");
        // Uploads now decode images, so store a real PNG and then damage its bytes in storage.
        let png = {
            let mut out = std::io::Cursor::new(Vec::new());
            image::RgbImage::from_pixel(4, 4, image::Rgb([200, 30, 30]))
                .write_to(&mut out, image::ImageFormat::Png)
                .expect("png");
            out.into_inner()
        };
        let file = storage.upload(&app.db, &sys, Some(r.id), "logo.png", png.into()).await.expect("stored");
        storage.put(&file.key, garbage.into()).await.expect("damaged in place");
        book::set_logo(&app.db, &sys, &r, Some(file.id)).await.expect("logo set");

        for path in ["/api/v1/regions/99.01/book.pdf", "/api/v1/regions/99.01/book.pdf?lang=en"] {
            let resp = api.client.get(format!("{}{path}", app.base)).bearer_auth(&api.token).send().await.expect("GET");
            assert_eq!(resp.status(), StatusCode::OK, "{path}");
            let pdf = resp.bytes().await.expect("body");
            let text: String =
                tool_on("pdftotext", &["{}", "-"], &pdf, "pdf").chars().filter(|c| !c.is_whitespace()).collect();
            assert!(text.contains("SmartKampung") && text.contains("KominfoUnikode"), "{path}: the names are printed");
            assert!(!text.contains('\u{202E}'), "{path}: the override is not");
        }
        for path in ["/regions/99.01/book.docx", "/regions/99.01/book.docx?lang=en", "/regions/99.01/book.pdf"] {
            let (s, body) = bytes(&admin, path).await;
            assert_eq!(s, StatusCode::OK, "{path}");
            assert!(body.starts_with(b"PK") || body.starts_with(b"%PDF-"), "{path}");
        }
        // The book page names the characters no embedded font draws, and where they are.
        let (s, html) = admin.get("/regions/99.01/book").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("id=\"uncovered\"") && html.contains("U+A995"), "Javanese is reported");
        assert!(!html.contains("U+202E"), "a removed control is not reported");

        // Freezing a version builds all three files; the command line writes the book too.
        let (s, _) = admin.post("/regions/99.01/book/versions", &[("version_label", "Uji Unicode")]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let number = book::list(&app.db, r.id).await.expect("versions").iter().map(|v| v.number).max().expect("one");
        let v = built(&app, r.id, number).await;
        assert!(v.pdf_file_id.is_some() && v.docx_file_id.is_some() && v.pdf_en_file_id.is_some());
        let out = harness::temp_dir("book-unicode").join("book.pdf");
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_kotacerdas"))
            .args(["book", "--region", "99.01", "--out", out.to_str().expect("path"), "--database-url"])
            .arg(&app.database_url)
            .env("KOTACERDAS_STORAGE", &app.storage_dir)
            .output()
            .expect("run book");
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    }
);
