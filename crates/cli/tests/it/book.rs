//! Stage 4 (first part): the masterplan book generated from the demo region's data as a PDF by
//! `kotacerdas book`, opened with poppler's pdfinfo and pdftotext and rendered to PNG pages
//! under `test-artifacts/` for a person to look at.

use crate::harness;

use std::process::Command;

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name} (install poppler-utils): {e}"));
    assert!(out.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

crate::both!(
    async fn the_demo_book_is_a_real_pdf_with_every_programme(app: TestApp) {
        let pdf = harness::cli_book(&app, "99.01");
        let pdf_s = pdf.to_str().expect("path");
        let dir = pdf.parent().expect("its directory").to_path_buf();
        let info = tool("pdfinfo", &[pdf_s]);
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|v| v.trim().parse().ok())
            .expect("page count");
        assert!((10..=60).contains(&pages), "{pages} pages");
        assert!(info.contains("Masterplan Smart City Kabupaten Sukamaju 2025–2034"), "{info}");
        let text = tool("pdftotext", &[pdf_s, "-"]);
        for chapter in ["PENDAHULUAN", "ANALISIS STRATEGIS", "PROGRAM", "QUICK WIN", "LEMBAR KOMITMEN"] {
            assert!(text.contains(chapter), "chapter {chapter}");
        }
        let api = app.api(&app.token("ahli").await);
        let (_, list) = api.get("/api/v1/regions/99.01/programmes").await;
        let list = list.as_array().expect("list");
        let mut total = 0i64;
        for p in list {
            let name = p["name"].as_str().expect("name");
            assert!(text.contains(name), "the book names programme {name}");
            total += p["total_budget"].as_i64().expect("total");
        }
        let total = kotacerdas_domain::format::rupiah(total);
        assert!(text.contains(&format!("Total anggaran masterplan: {total}.")), "the formatted total {total}");
        if app.backend == harness::Backend::Sqlite {
            let artifacts = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../test-artifacts");
            std::fs::create_dir_all(&artifacts).expect("artifacts dir");
            let prefix = artifacts.join("book-page");
            tool("pdftoppm", &["-r", "50", "-png", pdf_s, prefix.to_str().expect("path")]);
        }
        // The same content as an editable DOCX: heading styles, real tables, charts as images.
        let docx = dir.join("masterplan.docx");
        let docx_s = docx.to_str().expect("path");
        let out = Command::new(env!("CARGO_BIN_EXE_kotacerdas"))
            .args([
                "book",
                "--region",
                "99.01",
                "--format",
                "docx",
                "--out",
                docx_s,
                "--database-url",
                &app.database_url,
            ])
            .output()
            .expect("run book");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let listing = tool("unzip", &["-l", docx_s]);
        assert!(listing.contains("word/document.xml") && listing.matches("word/media/").count() >= 7, "{listing}");
        let xml = tool("unzip", &["-p", docx_s, "word/document.xml"]);
        // BAB I–VII, two forewords, the commitment sheet and six annexes (E: participation, F: the
        // comparison with the 2018 edition), all as Heading 1.
        assert_eq!(xml.matches("<w:pStyle w:val=\"Heading1\" />").count(), 16);
        for n in ["BAB I ", "BAB II ", "BAB III ", "BAB IV ", "BAB V ", "BAB VI ", "BAB VII "] {
            assert!(xml.contains(n), "{n}");
        }
        assert!(xml.matches("<w:pStyle w:val=\"Heading2\" />").count() >= 10);
        assert!(xml.matches("<w:tbl>").count() >= 10, "real tables");
        for p in list {
            let name = p["name"].as_str().expect("name");
            assert!(xml.contains(name), "the DOCX names programme {name}");
        }
        assert!(xml.contains(&format!("Total anggaran masterplan: {total}.")));
        // The same book from the region's page, for anyone who can see the region.
        let council = app.login("dewan.sukamaju").await;
        let resp = council.client.get(format!("{}/regions/99.01/book.pdf", app.base)).send().await.expect("book");
        assert_eq!(resp.headers()["content-type"], "application/pdf");
        assert!(resp.bytes().await.expect("bytes").starts_with(b"%PDF-"));
        let missing = Command::new(env!("CARGO_BIN_EXE_kotacerdas"))
            .args(["book", "--region", "00.00", "--out", pdf_s, "--database-url", &app.database_url])
            .output()
            .expect("run book");
        assert_eq!(missing.status.code(), Some(2));
    }
);
