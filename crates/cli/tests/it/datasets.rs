//! The "real data, not the number of apps" yardstick (issue 18, part 4): each data set's topic,
//! steward, official status and last update; the programmes and decisions that use it, edited
//! under the data set; the shares on the inventory page, the API, the XLSX round trip, the
//! book's BAB II table and annex, and the national dashboard. Hostile input is refused whole.

use crate::harness::{self, bytes, tool_on, TestApp};
use kotacerdas_store::analysis::{data_uses, inventory};
use kotacerdas_store::entity::dataset;
use kotacerdas_store::region::regions;
use kotacerdas_store::Actor;
use reqwest::StatusCode;

async fn sukamaju(app: &TestApp) -> kotacerdas_store::entity::region::Model {
    regions::by_code(&app.db, "99.01").await.expect("region")
}

async fn set_named(app: &TestApp, region_id: i64, name: &str) -> dataset::Model {
    inventory::datasets(&app.db, region_id).await.expect("sets").into_iter().find(|d| d.name == name).expect(name)
}

/// The data set form as stored, with some fields replaced.
fn form_of(d: &dataset::Model, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let input = kotacerdas_domain::analysis_input::DatasetInput::from(d);
    let mut v: Vec<(String, String)> = [
        ("name", input.name),
        ("opd_id", input.opd_id),
        ("frequency", input.frequency),
        ("open", input.open),
        ("element_code", input.element_code),
        ("topic", input.topic),
        ("steward", input.steward),
        ("authoritative", input.authoritative),
        ("last_updated", input.last_updated),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for (k, val) in changes {
        match v.iter_mut().find(|(key, _)| key == k) {
            Some(slot) => slot.1 = val.to_string(),
            None => v.push((k.to_string(), val.to_string())),
        }
    }
    v
}

fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

crate::both!(
    async fn the_inventory_shows_the_yardstick_and_the_uses_are_edited_by_their_owner(app: TestApp) {
        let r = sukamaju(&app).await;
        let today = r.zone().today();
        // The demo's shares are neither 0 nor 1.
        let f = data_uses::yardstick(&app.db, r.id).await.expect("figures");
        let t = f.total;
        assert_eq!(t.datasets, 12);
        for n in [t.current, t.authoritative, t.used, t.real] {
            assert!(n > 0 && n < t.datasets, "{t:?}");
        }
        let admin = app.login("admin.sukamaju").await;
        let (s, html) = admin.get("/regions/99.01/inventory").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Data nyata, bukan jumlah aplikasi"), "{html}");
        assert!(html.contains("id=\"yardstick-dims\"") && html.contains("class=\"yard-shares\""));
        for tag in ["mutakhir", "usang", "resmi", "belum dipakai", "Disdukcapil (walidata: Diskominfo)"] {
            assert!(html.contains(tag), "{tag}");
        }

        // The Dinkes planner edits the Dinkes data set: the new fields save.
        let planner = app.login("perencana.dinkes").await;
        let d = set_named(&app, r.id, "Kunjungan pasien").await;
        let edit = format!("/regions/99.01/datasets/{}/edit", d.id);
        let today_s = today.to_string();
        let good = form_of(&d, &[("steward", "Seksi Data Dinkes"), ("last_updated", &today_s), ("topic", "health")]);
        assert_eq!(planner.post(&edit, &pairs(&good)).await.0, StatusCode::SEE_OTHER);
        let saved = set_named(&app, r.id, "Kunjungan pasien").await;
        assert_eq!(saved.steward.as_deref(), Some("Seksi Data Dinkes"));
        assert_eq!(saved.last_updated, Some(today));

        // Hostile or careless input: a clear 422 naming the field, nothing stored.
        let tomorrow = (today + chrono::Duration::days(1)).to_string();
        let long = "x".repeat(201);
        for (field, value, needle) in [
            ("last_updated", tomorrow.as_str(), "Tanggal tidak boleh setelah hari ini"),
            ("last_updated", "31/12/2025", "e-last_updated"),
            ("topic", "astrologi", "e-topic"),
            ("steward", long.as_str(), "e-steward"),
            ("authoritative", "mungkin", "authoritative"),
        ] {
            let (s, html) = planner.post(&edit, &pairs(&form_of(&saved, &[(field, value)]))).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{field}={value}");
            assert!(html.contains(needle), "{field}: {needle}");
        }
        assert_eq!(set_named(&app, r.id, "Kunjungan pasien").await, saved, "nothing half-saved");

        // Uses: a programme of the region, a decision with its date.
        let (s, html) = planner.get(&edit).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("id=\"uses\""));
        let progs = data_uses::programme_choices(&app.db, r.id).await.expect("programmes");
        let linked: Vec<i64> = data_uses::programme_uses(&app.db, r.id)
            .await
            .expect("uses")
            .into_iter()
            .filter(|u| u.dataset_id == d.id)
            .map(|u| u.programme_id)
            .collect();
        let (pid, pname) = progs.iter().find(|(id, _)| !linked.contains(id)).expect("an unlinked programme");
        let add = format!("/regions/99.01/datasets/{}/programmes", d.id);
        for bad in ["", "abc", "99999999", "1 OR 1=1"] {
            let (s, html) = planner.post(&add, &[("programme_id", bad)]).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
            assert!(html.contains("e-programme_id") || html.contains("error-message"), "{bad:?}");
        }
        assert_eq!(planner.post(&add, &[("programme_id", &pid.to_string())]).await.0, StatusCode::SEE_OTHER);
        // Twice is still one link.
        assert_eq!(planner.post(&add, &[("programme_id", &pid.to_string())]).await.0, StatusCode::SEE_OTHER);
        let count = |uses: &[data_uses::ProgrammeUse]| uses.iter().filter(|u| u.programme_id == *pid).count();
        let uses = data_uses::programme_uses(&app.db, r.id).await.expect("uses");
        assert_eq!(count(&uses.into_iter().filter(|u| u.dataset_id == d.id).collect::<Vec<_>>()), 1);
        let (_, html) = planner.get(&edit).await;
        assert!(html.contains(pname.as_str()));

        let dec = format!("/regions/99.01/datasets/{}/decisions", d.id);
        let before = data_uses::decisions(&app.db, r.id).await.expect("decisions").len();
        for (date, text) in
            [(tomorrow.as_str(), "Keputusan besok"), ("", "Tanpa tanggal"), (today_s.as_str(), ""), ("1999-01-01", "x")]
        {
            let (s, _) = planner.post(&dec, &[("decided_on", date), ("description", text)]).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{date:?} {text:?}");
        }
        let (s, html) = planner.post(&dec, &[("decided_on", &tomorrow), ("description", "Dibawa kembali")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("value=\"Dibawa kembali\""), "the typed decision stays in the form");
        let hostile = "<script>alert(1)</script> SK Bupati";
        assert_eq!(
            planner.post(&dec, &[("decided_on", &today_s), ("description", hostile)]).await.0,
            StatusCode::SEE_OTHER
        );
        let all = data_uses::decisions(&app.db, r.id).await.expect("decisions");
        assert_eq!(all.len(), before + 1);
        let mine = all.iter().find(|x| x.description == hostile).expect("stored as typed");
        let (_, html) = planner.get(&edit).await;
        assert!(html.contains("&#60;script&#62;alert(1)") && !html.contains(hostile), "escaped on the page");

        // The audit log holds both, with before/after.
        for entity in ["dataset_decision", "dataset_programme"] {
            let f = kotacerdas_store::audit::Filter {
                region_id: Some(r.id),
                entity: Some(entity.into()),
                action: Some("create".into()),
                ..Default::default()
            };
            let (rows, _) = kotacerdas_store::audit::list(&app.db, &f).await.expect("audit");
            assert!(rows.iter().any(|a| a.after.is_some() && a.before.is_none()), "{entity}");
        }

        // Removing: the decision and the programme link go; removing again changes nothing.
        let rm = format!("/regions/99.01/datasets/{}/decisions/{}/delete", d.id, mine.id);
        assert_eq!(planner.post(&rm, &[]).await.0, StatusCode::SEE_OTHER);
        assert_eq!(planner.post(&rm, &[]).await.0, StatusCode::SEE_OTHER);
        assert_eq!(data_uses::decisions(&app.db, r.id).await.expect("decisions").len(), before);
        let rm = format!("/regions/99.01/datasets/{}/programmes/{pid}/delete", d.id);
        assert_eq!(planner.post(&rm, &[]).await.0, StatusCode::SEE_OTHER);
        let uses = data_uses::programme_uses(&app.db, r.id).await.expect("uses");
        assert!(!uses.iter().any(|u| u.dataset_id == d.id && u.programme_id == *pid));

        // Another OPD's data set: its uses are not the Dinkes planner's to change.
        let waste = set_named(&app, r.id, "Timbulan sampah").await;
        let (s, _) = planner
            .post(
                &format!("/regions/99.01/datasets/{}/decisions", waste.id),
                &[("decided_on", &today_s), ("description", "x")],
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
);

crate::both!(
    async fn a_planner_of_another_region_is_refused(app: TestApp) {
        use kotacerdas_domain::account::{AssignmentInput, UserInput};
        let sys = Actor::system("uji data");
        let other = regions::by_code(&app.db, "99.02").await.expect("other region");
        let opd = kotacerdas_store::region::opds::list(&app.db, other.id).await.expect("opds")[2].id;
        let u = kotacerdas_store::accounts::users::create(
            &app.db,
            &sys,
            &UserInput {
                username: "perencana.lain".into(),
                display_name: "Perencana Lain".into(),
                email: "lain@contoh.go.id".into(),
                password: kotacerdas_demo::PASSWORD.into(),
            },
        )
        .await
        .expect("user");
        let a = AssignmentInput { role: "opd_planner".into(), region_code: "99.02".into(), opd_id: opd.to_string() };
        kotacerdas_store::accounts::users::add_assignment(&app.db, &sys, u.id, &a).await.expect("assign");
        let r = sukamaju(&app).await;
        let d = set_named(&app, r.id, "Kunjungan pasien").await;
        let before = data_uses::decisions(&app.db, r.id).await.expect("decisions").len();
        let stranger = app.login("perencana.lain").await;
        let today = r.zone().today().to_string();
        for (path, body) in [
            (
                format!("/regions/99.01/datasets/{}/decisions", d.id),
                vec![("decided_on", today.as_str()), ("description", "x")],
            ),
            (format!("/regions/99.01/datasets/{}/programmes", d.id), vec![("programme_id", "1")]),
            (format!("/regions/99.01/datasets/{}/edit", d.id), vec![("name", "Diubah"), ("topic", "health")]),
        ] {
            let (s, _) = stranger.post(&path, &body).await;
            assert!(s == StatusCode::NOT_FOUND || s == StatusCode::FORBIDDEN, "{path}: {s}");
        }
        assert_eq!(data_uses::decisions(&app.db, r.id).await.expect("decisions").len(), before);
        assert_eq!(set_named(&app, r.id, "Kunjungan pasien").await, d);
        // Its own region's data sets carry programmes of its own region only.
        let theirs = kotacerdas_domain::analysis_input::DatasetInput {
            name: "Data lain".into(),
            opd_id: opd.to_string(),
            frequency: "monthly".into(),
            ..Default::default()
        };
        let mine = inventory::save_dataset(&app.db, &sys, other.id, None, &theirs).await.expect("dataset");
        let sukamaju_programme = data_uses::programme_choices(&app.db, r.id).await.expect("programmes")[0].0;
        let (s, _) = stranger
            .post(
                &format!("/regions/99.02/datasets/{}/programmes", mine.id),
                &[("programme_id", &sukamaju_programme.to_string())],
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a programme of another region is not a choice");
    }
);

crate::both!(
    async fn the_api_carries_the_fields_and_the_figures(app: TestApp) {
        let r = sukamaju(&app).await;
        let token = app.token("admin.sukamaju").await;
        let api = app.api(&token);
        let (s, j) = api.get("/api/v1/regions/99.01/datasets").await;
        assert_eq!(s, StatusCode::OK, "{j}");
        let sets = j.as_array().expect("list");
        let dtks = sets.iter().find(|x| x["name"] == "Penerima bantuan sosial (DTKS)").expect("DTKS");
        assert_eq!(dtks["topic"], "welfare");
        assert_eq!(dtks["authoritative"], true);
        assert_eq!(dtks["current"], true);
        assert_eq!(dtks["used"], true);
        assert!(dtks["steward"].as_str().is_some_and(|s| s.contains("Dinas Sosial")));
        assert_eq!(dtks["decisions"][0]["description"], "SK Bupati tentang penerima bantuan pangan daerah");
        assert!(dtks["last_updated"].is_string());
        let wisata = sets.iter().find(|x| x["name"] == "Kunjungan wisata").expect("wisata");
        assert_eq!(
            (wisata["current"].clone(), wisata["last_updated"].clone()),
            (false.into(), serde_json::Value::Null)
        );

        let (s, j) = api.get("/api/v1/regions/99.01/data-yardstick").await;
        assert_eq!(s, StatusCode::OK, "{j}");
        let f = data_uses::yardstick(&app.db, r.id).await.expect("figures");
        assert_eq!(j["total"]["datasets"], f.total.datasets);
        assert_eq!(j["total"]["real"], f.total.real);
        for k in ["current_share", "authoritative_share", "used_share", "real_share"] {
            let v = j["total"][k].as_f64().expect(k);
            assert!(v > 0.0 && v < 1.0, "{k} = {v}");
        }
        assert_eq!(j["by_dimension"].as_array().map(Vec::len), Some(7));
        assert_eq!(j["by_topic"].as_array().map(Vec::len), Some(9));
        let welfare = j["by_topic"].as_array().expect("topics").iter().find(|t| t["code"] == "welfare").cloned();
        assert_eq!(welfare.map(|w| w["datasets"].clone()), Some(1.into()));
        // Another region's figures are hidden from this token.
        assert_eq!(api.get("/api/v1/regions/99.02/data-yardstick").await.0, StatusCode::NOT_FOUND);
    }
);

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

/// A workbook with the data sheet's `header` and `rows`, and an empty app sheet.
fn workbook(header: &[&str], rows: &[Vec<&str>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Data").expect("sheet");
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v).expect("cell");
        }
    }
    let ws = wb.add_worksheet().set_name("Aplikasi").expect("sheet");
    for (c, h) in kotacerdas_store::analysis::inventory_xlsx::APP_COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    wb.save_to_buffer().expect("xlsx")
}

crate::both!(
    async fn the_xlsx_round_trip_carries_the_yardstick_columns(app: TestApp) {
        use kotacerdas_store::analysis::inventory_xlsx::{DATA_COLUMNS, DATA_EXTRA};
        let r = sukamaju(&app).await;
        let admin = app.login("admin.sukamaju").await;
        let (s, xlsx) = bytes(&admin, "/regions/99.01/inventory.xlsx").await;
        assert_eq!(s, StatusCode::OK);
        let sheet = tool_on("unzip", &["-p", "{}", "xl/sharedStrings.xml"], &xlsx, "xlsx");
        for col in DATA_EXTRA {
            assert!(sheet.contains(col), "{col}");
        }
        assert!(sheet.contains("Program: ") && sheet.contains("Keputusan: "), "uses exported as text");
        let stored = inventory::datasets(&app.db, r.id).await.expect("sets");

        // Change a data set behind the file's back; importing the export restores it.
        let dtks = set_named(&app, r.id, "Penerima bantuan sosial (DTKS)").await;
        let mut input = kotacerdas_domain::analysis_input::DatasetInput::from(&dtks);
        input.topic = "other".into();
        input.steward = "Berubah".into();
        input.authoritative = String::new();
        input.last_updated = String::new();
        let sys = Actor::system("uji data");
        inventory::save_dataset(&app.db, &sys, r.id, Some(dtks.id), &input).await.expect("changed");
        let (s, html) = upload(&admin, xlsx).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{html}");
        let back = set_named(&app, r.id, "Penerima bantuan sosial (DTKS)").await;
        assert_eq!(
            (back.topic.as_str(), back.steward.as_deref(), back.authoritative, back.last_updated),
            ("welfare", dtks.steward.as_deref(), true, dtks.last_updated)
        );
        let after = inventory::datasets(&app.db, r.id).await.expect("sets");
        let strip = |v: &[dataset::Model]| {
            v.iter()
                .map(|d| (d.name.clone(), d.topic.clone(), d.steward.clone(), d.authoritative, d.last_updated))
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(&after), strip(&stored), "the round trip keeps every data set's yardstick fields");

        // A workbook made before the new columns: the stored values are kept.
        let old =
            workbook(&DATA_COLUMNS, &[vec!["Penerima bantuan sosial (DTKS)", "Dinsos", "monthly", "tidak", "ECO-WE"]]);
        let (s, html) = upload(&admin, old).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{html}");
        let kept = set_named(&app, r.id, "Penerima bantuan sosial (DTKS)").await;
        assert_eq!((kept.topic.as_str(), kept.authoritative), ("welfare", true));

        // Bad values in the new columns: the whole file is refused, the columns named.
        let header: Vec<&str> = DATA_COLUMNS.iter().chain(DATA_EXTRA.iter()).copied().collect();
        let tomorrow = (r.zone().today() + chrono::Duration::days(1)).to_string();
        let bad = workbook(
            &header,
            &[
                vec!["Data baru A", "Dinkes", "monthly", "ya", "LIV-HE", "astrologi", "", "ya", "", ""],
                vec!["Data baru B", "Dinkes", "monthly", "ya", "LIV-HE", "health", "", "mungkin", &tomorrow, ""],
            ],
        );
        let (s, html) = upload(&admin, bad).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        for col in ["<td>topik</td>", "<td>data_resmi</td>", "<td>pemutakhiran_terakhir</td>"] {
            assert!(html.contains(col), "{col}");
        }
        assert_eq!(inventory::datasets(&app.db, r.id).await.expect("sets").len(), stored.len(), "nothing imported");
        // A date cell typed in Excel arrives as a day serial and is read as that date.
        let serial = workbook(
            &header,
            &[vec!["Data baru C", "Dinkes", "yearly", "ya", "LIV-HE", "Kesehatan", "Seksi Data", "ya", "46000", "x"]],
        );
        let (s, html) = upload(&admin, serial).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{html}");
        let c = set_named(&app, r.id, "Data baru C").await;
        assert_eq!((c.topic.as_str(), c.last_updated.map(|d| d.to_string())), ("health", Some("2025-12-09".into())));
    }
);

crate::both!(
    async fn the_book_and_the_national_dashboard_show_the_yardstick(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        let (s, pdf) = bytes(&admin, "/regions/99.01/book.pdf").await;
        assert_eq!(s, StatusCode::OK);
        let words = tool_on("pdftotext", &["{}", "-"], &pdf, "pdf");
        let flat = words.split_whitespace().collect::<Vec<_>>().join(" ");
        for needle in
            ["Mutakhir", "Resmi", "Dipakai", "memenuhi ketiganya", "Disdukcapil", "SK Bupati tentang penerima"]
        {
            assert!(flat.contains(needle), "{needle} in the PDF");
        }
        let (s, docx) = bytes(&admin, "/regions/99.01/book.docx").await;
        assert_eq!(s, StatusCode::OK);
        let xml = tool_on("unzip", &["-p", "{}", "word/document.xml"], &docx, "docx");
        assert!(xml.contains("memenuhi ketiganya") && xml.contains("Disdukcapil"), "the DOCX too");

        let office = app.login("program").await;
        let (s, html) = office.get("/national").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("sort=data") && html.contains("data-yard"), "the Data column");
        let (s, csv) = office.get("/national.csv").await;
        assert_eq!(s, StatusCode::OK);
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().expect("header").split(',').collect();
        let col = header.iter().position(|h| *h == "data_nyata_persen").expect("column");
        let row = lines.find(|l| l.starts_with("99.01,")).expect("Sukamaju");
        let value: f64 = row.split(',').nth(col).expect("cell").parse().expect("a number");
        assert!(value > 0.0 && value < 100.0, "{value}");
    }
);
