//! Issue 16, findings 8, 9 and 11: the council's and the team's roles (listed chair first in
//! pages, the API and the book), the RPJMD outline (goals under missions, targets under goals,
//! every picker naming the period) with the vision's year checked against the ten years, and the
//! rule that a book waits for stages 1–3 while stage 4 and the region's progress follow it.

use crate::harness;

use kotacerdas_store::{book, region::regions, Actor};
use reqwest::StatusCode;
use serde_json::json;
use std::process::Command;

/// Where `needle` first appears in `hay` (panics with the needle when absent).
fn at(hay: &str, needle: &str) -> usize {
    hay.find(needle).unwrap_or_else(|| panic!("{needle:?} missing"))
}

/// The demo book's text, by `kotacerdas book` and pdftotext, with every run of white space
/// made one space (table cells wrap).
fn book_text(app: &harness::TestApp) -> String {
    let pdf = harness::cli_book(app, "99.01");
    let pdf_s = pdf.to_str().expect("path");
    let text = Command::new("pdftotext").args([pdf_s, "-"]).output().expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&text.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

crate::both!(
    async fn council_and_team_are_listed_by_role_in_pages_api_and_book(app: TestApp) {
        let token = app.token("admin.sukamaju").await;
        let api = app.api(&token);
        let (s, list) = api.get("/api/v1/regions/99.01/members").await;
        assert_eq!(s, StatusCode::OK);
        let rows: Vec<(String, String, String)> = list
            .as_array()
            .expect("members")
            .iter()
            .map(|m| {
                (
                    m["body"].as_str().unwrap_or("").into(),
                    m["role"].as_str().unwrap_or("").into(),
                    m["name"].as_str().unwrap_or("").into(),
                )
            })
            .collect();
        let roles = |body: &str| rows.iter().filter(|r| r.0 == body).map(|r| r.1.as_str()).collect::<Vec<_>>();
        // The demo added the Sekda and the secretary last: the list puts them first.
        assert_eq!(roles("dewan"), ["chair", "secretary", "steering", "member", "member", "member", "member"]);
        assert_eq!(&roles("tim")[..3], ["chair", "chair", "member"], "two co-chairs, then the members");
        let team_chairs: Vec<_> =
            list.as_array().expect("members").iter().filter(|m| m["body"] == "tim" && m["role"] == "chair").collect();
        assert!(team_chairs.iter().all(|m| m["dimension_code"].is_null()), "the co-chairs span every dimension");

        // The API: a team chair without a dimension is fine, a plain member without one is not,
        // an old client sending no role adds a plain member.
        let base = json!({"body": "tim", "name": "Drs. Hasan Basri", "position": "Kepala Bagian Organisasi",
            "sk_number": "188.45/Kep.9/2025", "sk_date": "2025-03-21"});
        let with = |extra: serde_json::Value| {
            let mut b = base.clone();
            b.as_object_mut().expect("object").extend(extra.as_object().expect("object").clone());
            b
        };
        let (s, m) = api.post("/api/v1/regions/99.01/members", with(json!({"role": "secretary"}))).await;
        assert_eq!(s, StatusCode::CREATED, "{m}");
        assert_eq!((m["role"].as_str(), m["dimension_code"].is_null()), (Some("secretary"), true));
        let (s, e) = api.post("/api/v1/regions/99.01/members", with(json!({"role": "member"}))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert!(e.to_string().contains("dimension_code"), "{e}");
        let (s, _) =
            api.post("/api/v1/regions/99.01/members", with(json!({"role": "boss", "dimension_code": "GOV"}))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let (s, m) = api.post("/api/v1/regions/99.01/members", with(json!({"dimension_code": "SOC"}))).await;
        assert_eq!((s, m["role"].as_str()), (StatusCode::CREATED, Some("member")), "no role: a plain member");

        // The form: the role select, and a steering member of the team without a dimension.
        let admin = app.login("admin.sukamaju").await;
        let (_, form) = admin.get("/regions/99.01/members/new").await;
        assert!(form.contains("name=\"role\"") && form.contains("Pengarah") && form.contains("Sekretaris"));
        let fields = [
            ("body", "tim"),
            ("role", "steering"),
            ("name", "Ir. Made Wirawan"),
            ("position", "Asisten Perekonomian dan Pembangunan"),
            ("sk_number", "188.45/Kep.10/2025"),
            ("sk_date", "2025-03-21"),
        ];
        assert_eq!(admin.post("/regions/99.01/members/new", &fields).await.0, StatusCode::SEE_OTHER);
        let mut plain = fields;
        plain[1] = ("role", "member");
        let (s, html) = admin.post("/regions/99.01/members/new", &plain).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a plain team member names a dimension");
        assert!(html.contains("error-message"));

        // The page lists by role: chair, secretary, steering, then the members.
        let (_, page) = admin.get("/regions/99.01/members").await;
        assert!(at(&page, "Ahmad Fauzi") < at(&page, "Rina Kartika"));
        assert!(at(&page, "Rina Kartika") < at(&page, "Sutrisno Wibowo"));
        assert!(at(&page, "Sutrisno Wibowo") < at(&page, "Lina Marlina"));
        assert!(
            at(&page, "Budi Santoso") < at(&page, "Made Wirawan")
                && at(&page, "Made Wirawan") < at(&page, "Fajar Nugroho")
        );
        assert!(page.contains("Ketua") && page.contains("Pengarah"));
        assert!(!page.contains("id=\"members-uncovered\""), "the demo team covers the six dimensions");

        // Without its one ENV member, the page and the plan checks warn.
        let region = regions::by_code(&app.db, "99.01").await.expect("region");
        let env = kotacerdas_store::region::members::list(&app.db, region.id)
            .await
            .expect("members")
            .into_iter()
            .find(|m| m.dimension_code.as_deref() == Some("ENV"))
            .expect("the ENV member");
        assert_eq!(
            admin.post(&format!("/regions/99.01/members/{}/delete", env.id), &[]).await.0,
            StatusCode::SEE_OTHER
        );
        let (_, page) = admin.get("/regions/99.01/members").await;
        assert!(page.contains("id=\"members-uncovered\"") && page.contains("Smart Environment"), "warned");
        let (_, checks) = api.get("/api/v1/regions/99.01/checks").await;
        let findings = checks["findings"].as_array().expect("findings");
        assert!(
            findings.iter().any(|f| f["rule"] == "PC014" && f["subject"] == "dimension" && f["subject_id"] == "ENV"),
            "{checks}"
        );
        assert!(!findings.iter().any(|f| f["rule"] == "PC014" && f["subject_id"] == "GOV"));

        // The book's BAB VII: a role column, in the same order; BAB III names each RPJMD item's
        // period (both periods have an M1).
        let text = book_text(&app);
        assert!(text.contains("Peran Nama Jabatan"), "the role column");
        assert!(at(&text, "Ketua Dr. H. Ahmad Fauzi") < at(&text, "Sekretaris Rina Kartika"));
        assert!(at(&text, "Sekretaris Rina Kartika") < at(&text, "Pengarah Drs. H. Sutrisno Wibowo"));
        assert!(at(&text, "Pengarah Drs. H. Sutrisno Wibowo") < at(&text, "Anggota Ir. Lina Marlina"));
        assert!(at(&text, "Ketua Ir. Budi Santoso") < at(&text, "Anggota Fajar Nugroho"));
        assert!(text.contains("RPJMD 2021–2026 · M1") && text.contains("RPJMD 2027–2031 · T1.1"), "periods named");
    }
);

crate::both!(
    async fn rpjmd_goals_sit_under_missions_and_pickers_name_the_period(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        let region = regions::by_code(&app.db, "99.01").await.expect("region");
        let items = kotacerdas_store::plan::items(&app.db, region.id).await.expect("items");
        let periods = kotacerdas_store::plan::periods(&app.db, region.id).await.expect("periods");
        let find = |p: usize, code: &str| {
            items.iter().find(|i| i.period_id == periods[p].id && i.code == code).expect(code).id.to_string()
        };
        let (first, m1, t11, m1_later) = (periods[0].id.to_string(), find(0, "M1"), find(0, "T1.1"), find(1, "M1"));
        let item = |level: &'static str, code: &'static str, parent: &str, period: &str| {
            vec![
                ("period_id".to_string(), period.to_string()),
                ("level".into(), level.into()),
                ("code".into(), code.into()),
                ("text".into(), format!("Butir uji {code}")),
                ("parent_id".into(), parent.to_string()),
            ]
        };
        let post = |fields: Vec<(String, String)>| {
            let admin = &admin;
            async move {
                let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                admin.post("/regions/99.01/rpjmd/items", &borrowed).await
            }
        };
        for (fields, message) in [
            (item("goal", "T9", "", &first), "Wajib diisi"),
            (item("goal", "T9", &t11, &first), "Tujuan berada di bawah misi"),
            (item("goal", "T9", &m1_later, &first), "dari periode yang sama"),
            (item("target", "S9", &m1, &first), "sasaran di bawah tujuan"),
            (item("mission", "M9", &m1, &first), "misi tidak berinduk"),
        ] {
            let (s, html) = post(fields).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
            assert!(html.contains(message) && html.contains("Butir uji"), "{message}, typed text kept");
        }
        // A goal whose code sorts before every other ("TX" has no number) still sits under M1.
        assert_eq!(post(item("goal", "TX", &m1, &first)).await.0, StatusCode::SEE_OTHER);
        let tx = kotacerdas_store::plan::items(&app.db, region.id)
            .await
            .expect("items")
            .into_iter()
            .find(|i| i.code == "TX")
            .expect("TX");
        assert_eq!(post(item("target", "SX", &tx.id.to_string(), &first)).await.0, StatusCode::SEE_OTHER);
        let (_, page) = admin.get("/regions/99.01/rpjmd").await;
        let first_card = &page[at(&page, "Sukamaju yang maju")..at(&page, "Sukamaju digital, berdaya")];
        // Siblings by the numbers in their code (TX has none, so before T1.1), each with its targets.
        let order = [
            "Mewujudkan tata kelola",
            "Butir uji TX",
            "Butir uji SX",
            "Meningkatkan kualitas pelayanan publik",
            "Indeks kepuasan",
            "Mewujudkan masyarakat yang sehat",
        ];
        for pair in order.windows(2) {
            assert!(at(first_card, pair[0]) < at(first_card, pair[1]), "{} before {}", pair[0], pair[1]);
        }
        // The parent picker and the API name the period.
        assert!(page.contains("RPJMD 2021–2026 · M1 — ") && page.contains("RPJMD 2027–2031 · M1 — "));
        let api = app.api(&app.token("ahli").await);
        let (_, plan) = api.get("/api/v1/regions/99.01/plan").await;
        let api_items = plan["periods"][0]["items"].as_array().expect("items");
        let codes: Vec<&str> = api_items.iter().filter_map(|i| i["code"].as_str()).collect();
        assert_eq!(&codes[..5], ["M1", "TX", "SX", "T1.1", "S1.1.1"], "the API lists the tree too");
        let goal = api_items.iter().find(|i| i["code"] == "T1.1").expect("T1.1");
        assert_eq!(
            (goal["parent_id"].to_string(), goal["label"].as_str()),
            (m1.clone(), Some("RPJMD 2021–2026 · T1.1"))
        );
        // The vision's link picker and the programme form's RPJMD picker.
        let (_, vision) = admin.get("/regions/99.01/vision").await;
        assert!(vision.contains("RPJMD 2021–2026 · M1 — ") && vision.contains("RPJMD 2027–2031 · M1 — "));
        assert!(vision.contains("RPJMD 2027–2031 · T1.1 — "), "linked items shown with their period");
        let (_, form) = admin.get("/regions/99.01/programmes/new").await;
        assert!(form.contains("RPJMD 2021–2026 · T1.1 ") && form.contains("RPJMD 2027–2031 · T1.1 "));
        // A mission with goals under it is not deleted.
        assert_eq!(admin.post(&format!("/regions/99.01/plan/item/{m1}/delete"), &[]).await.0, StatusCode::SEE_OTHER);
        let still = kotacerdas_store::plan::items(&app.db, region.id).await.expect("items");
        assert!(still.iter().any(|i| i.id.to_string() == m1), "M1 kept: goals sit under it");
        assert_eq!(
            admin.post(&format!("/regions/99.01/plan/item/{}/delete", tx.id), &[]).await.0,
            StatusCode::SEE_OTHER
        );

        // A vision aiming beyond the ten years is flagged on its form and in the checks.
        assert!(!vision.contains("id=\"vision-beyond\""), "2034 is the demo's tenth year");
        let fields = [("start_year", "2025"), ("vision", "Sukamaju Emas 2045"), ("explanation", "")];
        assert_eq!(admin.post("/regions/99.01/vision", &fields).await.0, StatusCode::SEE_OTHER);
        let (_, vision) = admin.get("/regions/99.01/vision").await;
        assert!(vision.contains("id=\"vision-beyond\"") && vision.contains("tahun 2045"), "warned");
        let (_, checks) = api.get("/api/v1/regions/99.01/checks").await;
        let pc015 = checks["findings"].as_array().expect("findings").iter().find(|f| f["rule"] == "PC015").cloned();
        let pc015 = pc015.expect("PC015");
        assert_eq!(pc015["subject"], "vision");
        assert!(pc015["message"].as_str().expect("message").contains("2025–2034"));
    }
);

crate::both!(
    async fn a_book_waits_for_stages_one_to_three_and_stage_four_follows_it(app: TestApp) {
        let region = regions::by_code(&app.db, "99.01").await.expect("region");
        let sys = Actor::system("uji");
        let v = book::freeze(&app.db, &sys, &region, "Draf uji").await.expect("freeze");
        book::set_build(&app.db, v.id, "done", None).await.expect("built");
        let admin = app.login("admin.sukamaju").await;
        let token = app.token("admin.sukamaju").await;
        let stage = |n: usize| {
            let api = app.api(&token);
            async move {
                let (_, list) = api.get("/api/v1/regions/99.01/stages").await;
                list[n - 1]["status"].as_str().expect("status").to_string()
            }
        };
        // The demo: stage 1 approved, stage 2 submitted, 3 and 4 not started: (100 + 75) / 4.
        let (_, home) = admin.get("/regions/99.01").await;
        assert!(home.contains("<strong>43%</strong>") && home.contains("Versi 1"), "progress and the book");
        let path = format!("/regions/99.01/book/versions/{}", v.number);
        let (_, page) = admin.get(&path).await;
        assert!(page.contains("id=\"submit-blocked\"") && page.contains("tahap 2, 3"), "explained");
        assert!(!page.contains("value=\"submit\""), "no submit button");
        let (_, book_page) = admin.get("/regions/99.01/book").await;
        assert!(book_page.contains("id=\"submit-blocked\""));
        let (s, html) = admin.post(&format!("{path}/action"), &[("action", "submit"), ("comment", "")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("setelah tahap 1–3 disetujui"), "refused with the reason");
        assert_eq!(book::get(&app.db, region.id, v.number).await.expect("version").status, "draft");

        // The checklist heading names its stage.
        let (_, s2) = admin.get("/regions/99.01/stages/2").await;
        assert!(s2.contains("Periksa kelengkapan tahap 2") && !s2.contains("kelengkapan tahap 1"));

        harness::approve_stages(&app.db, region.id).await;
        let (_, page) = admin.get(&path).await;
        assert!(!page.contains("id=\"submit-blocked\"") && page.contains("value=\"submit\""));
        assert_eq!(admin.post(&format!("{path}/action"), &[("action", "submit")]).await.0, StatusCode::SEE_OTHER);
        assert_eq!(stage(4).await, "submitted", "stage 4 follows the book");
        let expert = app.login("ahli").await;
        let council = app.login("dewan.sukamaju").await;
        assert_eq!(
            expert.post(&format!("{path}/action"), &[("action", "return"), ("comment", "Lengkapi.")]).await.0,
            StatusCode::SEE_OTHER
        );
        assert_eq!(stage(4).await, "returned");
        assert_eq!(admin.post(&format!("{path}/action"), &[("action", "submit")]).await.0, StatusCode::SEE_OTHER);
        assert_eq!(
            expert.post(&format!("{path}/action"), &[("action", "review"), ("comment", "Baik.")]).await.0,
            StatusCode::SEE_OTHER
        );
        assert_eq!(council.post(&format!("{path}/action"), &[("action", "approve")]).await.0, StatusCode::SEE_OTHER);
        assert_eq!(stage(4).await, "approved");
        let (_, home) = admin.get("/regions/99.01").await;
        assert!(
            home.contains("<strong>100%</strong>") && home.contains("<strong>Disetujui Dewan</strong>"),
            "real state"
        );
        let (_, log) = app.api(&token).get("/api/v1/regions/99.01/audit?entity=stage").await;
        let entry = log.as_array().expect("entries").iter().find(|e| e["action"] == "book_approve").cloned();
        let entry = entry.expect("stage 4's change is audited");
        assert_eq!(
            (entry["before"]["status"].as_str(), entry["after"]["status"].as_str()),
            (Some("submitted"), Some("approved"))
        );
    }
);
