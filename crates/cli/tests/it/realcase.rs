//! A real region's masterplan reads right (issue 16): programmes carry their local brands, the
//! head of region has the title of the region's kind, regulations are cited in the edition's
//! language, no coded value reaches a reader untranslated, numbers follow id-ID (and en), KPIs
//! are a table of yearly targets, a Quick Win fits one fiscal year, and times are shown in the
//! region's own zone.

use crate::harness::{bytes, tool_on, Browser};
use kotacerdas_i18n::Lang;
use kotacerdas_store::plan::programmes;
use kotacerdas_store::region::regions;
use reqwest::StatusCode;
use std::collections::BTreeSet;

/// The text a reader sees on a page: tags, scripts and styles removed, entities left as they are.
fn visible(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        out.push(' ');
        let after = &rest[i..];
        let skip_to = |end: &str| after.find(end).map(|j| j + end.len());
        // The audit log's before/after records are data shown as data (JSON), not words.
        let next = if after.starts_with("<script") {
            skip_to("</script>")
        } else if after.starts_with("<pre class=\"json\"") {
            skip_to("</pre>")
        } else if after.starts_with("<style") {
            skip_to("</style>")
        } else {
            skip_to(">")
        };
        match next {
            Some(j) => rest = &after[j..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Coded values shown raw in `text` of edition `lang`: a whole word equal to a code whose label
/// in that language is something else ("in_force" for "Berlaku", "draft" in Indonesian for
/// "Rancangan"). Codes of one or two letters are left out (too easily a real word).
fn raw_codes(text: &str, lang: &str) -> BTreeSet<String> {
    // A code is shown raw when its label in neither language is the code itself: region-typed
    // text stays Indonesian on English pages, so "bidang" (a Permendagri 90 level, labelled
    // "Bidang urusan") is a word there, while "in_force" never is.
    let label = |key: &str| format!("{} {}", Lang::from_code(lang).t(key), Lang::Id.t(key)).to_lowercase();
    let mut codes: Vec<(String, String)> =
        kotacerdas_domain::coded_values().into_iter().map(|(_, code, key)| (code.to_string(), label(key))).collect();
    // Stage statuses are coded too, outside `code_enum!`.
    for s in kotacerdas_domain::StageStatus::ALL {
        codes.push((s.as_str().to_string(), label(&format!("status-{}", s.as_str()))));
    }
    // Codes that are also plain words of the language ("target" is Indonesian too: "mengisi
    // target dan anggaran"; "none" and "keep" are English).
    let words: &[&str] = if lang == "en" { &["none", "keep"] } else { &["target"] };
    let codes: Vec<(String, String)> = codes
        .into_iter()
        .filter(|(c, label)| {
            c.len() > 3
                && c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_')
                && !label.contains(c.as_str())
                && !words.contains(&c.as_str())
        })
        .collect();
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| codes.iter().any(|(c, _)| c == w))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_raw_code_finder_finds_raw_codes() {
    assert!(raw_codes("Status: in_force · Berlaku", "id").contains("in_force"));
    assert!(raw_codes("versi draft", "id").contains("draft"));
    assert!(raw_codes("a Draft version", "en").is_empty(), "the English label of draft is Draft");
    assert!(raw_codes("Kabupaten Sukamaju · kota", "id").is_empty());
    assert_eq!(visible("<p>a<script>in_force</script><b title=\"x\">b</b></p>").split_whitespace().count(), 2);
}

/// Every page a region's staff reads, and the public ones.
const PAGES: &[&str] = &[
    "/",
    "/regions/99.01",
    "/regions/99.01/stages/1",
    "/regions/99.01/stages/2",
    "/regions/99.01/stages/3",
    "/regions/99.01/stages/4",
    "/regions/99.01/opds",
    "/regions/99.01/members",
    "/regions/99.01/decrees/dewan",
    "/regions/99.01/kawasan",
    // The demo's first workshop (stage 1, held) and its attendance sheet.
    "/regions/99.01/workshops/1",
    "/regions/99.01/workshops/1/attendance",
    "/regions/99.01/readiness",
    "/regions/99.01/profile",
    "/regions/99.01/swot",
    "/regions/99.01/policies",
    "/regions/99.01/problems",
    "/regions/99.01/inventory",
    "/regions/99.01/rpjmd",
    "/regions/99.01/vision",
    "/regions/99.01/programmes",
    "/regions/99.01/budget",
    "/regions/99.01/quick-wins",
    "/regions/99.01/roadmap",
    "/regions/99.01/book",
    "/regions/99.01/monitoring",
    "/regions/99.01/participation",
    "/regions/99.01/evaluations",
    "/regions/99.01/checks",
    "/regions/99.01/audit",
    "/regions/99.01/editions",
    "/regions",
    "/publik",
    "/publik/99.01",
    "/publik/99.01/pemantauan",
    "/tentang",
];

async fn switch(b: &Browser, lang: &str) {
    let (s, _) = b.post("/lang", &[("lang", lang), ("back", "/")]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
}

crate::both!(
    async fn no_page_and_no_book_shows_a_raw_code(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        for lang in ["id", "en"] {
            switch(&admin, lang).await;
            let mut found = Vec::new();
            for page in PAGES {
                let (s, html) = admin.get(page).await;
                assert_eq!(s, StatusCode::OK, "{page}");
                let raw = raw_codes(&visible(&html), lang);
                if !raw.is_empty() {
                    found.push(format!("{page} ({lang}): {raw:?}"));
                }
            }
            for (path, ext) in [("/regions/99.01/book.pdf", "pdf"), ("/regions/99.01/book.docx", "docx")] {
                let (s, body) = bytes(&admin, &format!("{path}?lang={lang}")).await;
                assert_eq!(s, StatusCode::OK, "{path}");
                let text = if ext == "pdf" {
                    tool_on("pdftotext", &["{}", "-"], &body, ext)
                } else {
                    visible(&tool_on("unzip", &["-p", "{}", "word/document.xml"], &body, ext))
                };
                let raw = raw_codes(&text, lang);
                if !raw.is_empty() {
                    found.push(format!("{path} ({lang}): {raw:?}"));
                }
            }
            assert!(found.is_empty(), "raw codes shown to readers:\n{}", found.join("\n"));
        }
    }
);

crate::both!(
    async fn the_book_names_brands_titles_and_numbers_as_the_region_does(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        let r = regions::by_code(&app.db, "99.01").await.expect("region");
        let (s, pdf) = bytes(&admin, "/regions/99.01/book.pdf").await;
        assert_eq!(s, StatusCode::OK);
        let id = tool_on("pdftotext", &["-layout", "{}", "-"], &pdf, "pdf");
        let flat = id.split_whitespace().collect::<Vec<_>>().join(" ");
        // Brands with the names: BAB IV, the Quick Win sheets of BAB VI, the contents.
        assert!(
            flat.contains("Akta kelahiran terbit dua hari setelah lahir (Lahir Langsung Akta)"),
            "brand in the book"
        );
        let contents = &flat[..flat.find("BAB I ").unwrap_or(flat.len()).max(2000).min(flat.len())];
        assert!(flat.matches("(Lahir Langsung Akta)").count() >= 3, "BAB IV, BAB VI and the contents: {contents}");
        // The head of region by title; never "Kepala Kabupaten".
        assert!(flat.contains("Bupati Sukamaju"), "the commitment sheet and the foreword are signed by the Bupati");
        assert!(!flat.contains("Kepala Kabupaten") && !flat.contains("Kepala Daerah Kabupaten"));
        // KPI targets as a table with the baseline and a column per year, numbers in id-ID.
        assert!(flat.contains("Indikator kinerja dan target per tahun") && flat.contains("Baseline"));
        assert!(!flat.contains("Target — "), "no sentence of targets in place of the KPI table");
        let all = programmes::list(&app.db, r.id).await.expect("programmes");
        let decimal = all
            .iter()
            .flat_map(|p| p.kpis.iter().flat_map(|k| k.targets.iter().map(|t| t.value.clone())))
            .find(|v| v.contains('.') && v.split('.').next().is_some_and(|i| i.len() >= 4))
            .expect("a KPI target over a thousand with decimals");
        let shown = kotacerdas_domain::format::decimal(&decimal, "id");
        assert!(shown.contains('.') && shown.contains(','), "{decimal} → {shown}");
        assert!(flat.contains(&shown), "the target {decimal} is printed as {shown}");
        assert!(!flat.contains(&decimal), "and never as {decimal}");
        // Quick Win timing: within one fiscal year, its end the last day.
        assert!(flat.contains("1 Februari 2025 – 30 November 2025 (10 bulan, tahun anggaran 2025)"), "QW schedule");

        // English: titles, regulation kinds, numbers the English way.
        let (s, pdf) = bytes(&admin, "/regions/99.01/book.pdf?lang=en").await;
        assert_eq!(s, StatusCode::OK);
        let en = tool_on("pdftotext", &["-layout", "{}", "-"], &pdf, "pdf");
        let en = en.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(en.contains("Regent of Sukamaju") && !en.contains("Head of Kabupaten"));
        assert!(en.contains(&kotacerdas_domain::format::decimal(&decimal, "en")));
        assert!(en.contains("Performance indicators and yearly targets"));

        // The DOCX carries the same.
        let (_, docx) = bytes(&admin, "/regions/99.01/book.docx").await;
        let xml = tool_on("unzip", &["-p", "{}", "word/document.xml"], &docx, "docx");
        assert!(xml.contains("Bupati Sukamaju") && xml.contains("(Lahir Langsung Akta)"));

        // Pages name brands too: the Quick Win ranking, the portal.
        let (_, html) = admin.get("/regions/99.01/quick-wins").await;
        assert!(html.contains("Lahir Langsung Akta"));

        // The policies form proposes the head of region's regulation of this kind (Perbup).
        let (_, html) = admin.get("/regions/99.01/policies").await;
        assert!(html.contains("<option value=\"perbup\" selected>"), "Perbup by default for a kabupaten");
    }
);

crate::both!(
    async fn a_quick_win_fits_one_fiscal_year_from_the_plan_start(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        let r = regions::by_code(&app.db, "99.01").await.expect("region");
        let all = programmes::list(&app.db, r.id).await.expect("programmes");
        let qw = all.iter().find(|p| p.programme.name.starts_with("Akta kelahiran")).expect("quick win");
        let path = format!("/regions/99.01/quick-wins/{}", qw.programme.id);
        let (s, html) = admin.get(&path).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("1 Februari 2025 – 30 November 2025"), "the sheet ends on its last day");
        let sheet = |start: &'static str, months: &'static str| {
            vec![
                ("selected", "on"),
                ("problem", "Antrean panjang"),
                ("solution", "Layanan daring"),
                ("owner", "Kepala Disdukcapil"),
                ("beneficiaries", "Warga"),
                ("start_date", start),
                ("months", months),
                ("metric_name", "Waktu layanan"),
                ("metric_unit", "hari"),
                ("metric_before", "14"),
                ("metric_target", "2"),
            ]
        };
        let edit = format!("{path}/edit");
        let (s, html) = admin.post(&edit, &sheet("2025-06-01", "12")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "June + 12 months spills into the next fiscal year");
        assert!(html.contains("31 Desember 2025"), "the message names the year's end");
        let (s, html) = admin.post(&edit, &sheet("2024-01-01", "6")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "before the plan's first year");
        assert!(html.contains("2025"));
        let (s, _) = admin.post(&edit, &sheet("2025-01-01", "12")).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, html) = admin.get(&path).await;
        assert!(html.contains("1 Januari 2025 – 31 Desember 2025"));
    }
);

crate::both!(
    async fn times_are_shown_in_the_region_zone_and_regions_have_one(app: TestApp) {
        let program = app.login("program").await;
        // A comment on a stage of the WITA city shows its time in WITA; the WIB regency's in WIB.
        let (s, html) = program.get("/regions/99.72/stages/1").await;
        assert_eq!(s, StatusCode::OK);
        let wita = regions::by_code(&app.db, "99.72").await.expect("region");
        assert_eq!(wita.time_zone, "WITA");
        if html.contains("class=\"when\"") {
            assert!(html.contains(" WITA<") && !html.contains(" WIB<"), "stage times in WITA");
        }
        let (_, html) = program.get("/regions/99.01/audit").await;
        assert!(html.contains(" WIB<"), "the regency's times in WIB");
        let (_, html) = program.get("/regions/99.72/audit").await;
        assert!(html.contains(" WITA<") && !html.contains(" WIB<"), "the city's times in WITA");

        // A new region's zone follows its province unless chosen; the API says which.
        let api = app.api(&app.token("program").await);
        let (s, v) = api
            .post(
                "/api/v1/regions",
                serde_json::json!({"code": "51.71", "name": "Kota Denpasar", "kind": "kota", "province": "Bali",
                    "population": 726800, "cohort_id": null}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        assert_eq!(v["time_zone"], "WITA");
        let (s, v) = api
            .post(
                "/api/v1/regions",
                serde_json::json!({"code": "51.02", "name": "Kabupaten Tabanan", "kind": "kabupaten",
                    "province": "Bali", "population": 461600, "cohort_id": null, "time_zone": "WIT"}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        assert_eq!(v["time_zone"], "WIT");
        let (s, _) = api
            .post(
                "/api/v1/regions",
                serde_json::json!({"code": "51.03", "name": "Kabupaten Badung", "kind": "kabupaten",
                    "province": "Bali", "population": 548200, "cohort_id": null, "time_zone": "CET"}),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "not a zone of Indonesia");
        let (_, html) = program.get("/admin/regions/new").await;
        assert!(html.contains("name=\"time_zone\"") && html.contains("WITA (UTC+8)"));
    }
);
