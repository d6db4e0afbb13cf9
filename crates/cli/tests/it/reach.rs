//! Programmes that serve several dimensions (issue 18, part 5): the form, the API, the XLSX
//! register, the roll-ups (programmes page, checks, monitoring, portal, roadmap) that count a
//! flagship once as primary and never add its money twice, the book, the audit, and the limits
//! (unknown codes, the primary as a further element, another region's planner).

use crate::harness::{self, TestApp};
use crate::stage3::{read_book, upload, write_book};
use kotacerdas_domain::format::money;
use kotacerdas_store::entity::audit;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{json, Value};

const MALL: &str = "Mal pelayanan publik digital";

async fn programmes(app: &TestApp) -> Vec<Value> {
    let api = app.api(&app.token("ahli").await);
    let (s, list) = api.get("/api/v1/regions/99.01/programmes").await;
    assert_eq!(s, StatusCode::OK);
    list.as_array().expect("programmes").clone()
}

fn by_name<'a>(list: &'a [Value], name: &str) -> &'a Value {
    list.iter().find(|p| p["name"] == name).unwrap_or_else(|| panic!("programme {name}"))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().expect("array").iter().map(|x| x.as_str().expect("text").to_string()).collect()
}

/// The HTML from the element with `id` to the first `end` after it.
fn element<'a>(html: &'a str, id: &str, end: &str) -> &'a str {
    let start = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("element {id}"));
    let rest = &html[start..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The HTML of one `<section id="…">` of a page.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    element(html, id, "</section>")
}

crate::both!(
    async fn a_flagship_is_counted_once_and_its_money_only_on_its_primary_dimension(app: TestApp) {
        let list = programmes(&app).await;
        let mall = by_name(&list, MALL);
        assert_eq!(strings(&mall["also_serves"]), ["ECO-IN", "SOC-CO"]);
        assert_eq!(strings(&mall["also_serves_dimensions"]), ["ECO", "SOC"]);
        assert!(list.iter().filter(|p| !p["also_serves"].as_array().expect("set").is_empty()).count() >= 3, "demo");

        // The figures the pages must show, from the API: per dimension primary, also, budget.
        let figures = |d: &str| {
            let primary: Vec<&Value> = list.iter().filter(|p| p["dimension_code"] == d).collect();
            let also = list.iter().filter(|p| strings(&p["also_serves_dimensions"]).iter().any(|x| x == d)).count();
            let budget: i64 = primary.iter().map(|p| p["total_budget"].as_i64().expect("budget")).sum();
            (primary.len(), also, budget)
        };
        let (soc_n, soc_also, soc_budget) = figures("SOC");
        assert!(soc_also >= 2, "the mall and DTKS serve SOC");
        let grand: i64 = list.iter().map(|p| p["total_budget"].as_i64().expect("budget")).sum();
        let per_dim: i64 = ["GOV", "BRA", "ECO", "LIV", "SOC", "ENV"].iter().map(|d| figures(d).2).sum();
        assert_eq!(per_dim, grand, "the budgets per dimension add up to the plan: nothing counted twice");

        let b = app.login("dewan.sukamaju").await;
        let (s, html) = b.get("/regions/99.01/programmes").await;
        assert_eq!(s, StatusCode::OK);
        let soc = section(&html, "dim-SOC");
        let summary = kotacerdas_domain::reach::summary("id", soc_n, soc_also);
        assert!(soc.contains(&summary), "{summary} in {soc}");
        assert!(soc.contains("lintas dimensi") && soc.contains(MALL), "the mall listed under SOC");
        assert!(soc.contains(&money(soc_budget, "id")), "SOC's total is its primary programmes' only");
        let mall_budget = mall["total_budget"].as_i64().expect("budget");
        assert!(!soc.contains(&money(soc_budget + mall_budget, "id")), "the mall's money is not added to SOC");
        assert!(html.contains(&money(grand, "id")), "the grand total unchanged");

        // The programme's page lists the dimensions it also serves.
        let (_, page) = b.get(&format!("/regions/99.01/programmes/{}", mall["id"])).await;
        let also = element(&page, "also-serves", "</dd>");
        assert!(also.contains("ECO-IN") && also.contains("Smart Society"), "{also}");

        // The checks page carries the reach table; the roadmap names the reach in its titles.
        let (_, checks) = b.get("/regions/99.01/checks").await;
        let reach = section(&checks, "reach");
        assert!(reach.contains(&format!("+{soc_also}")) && reach.contains(&money(soc_budget, "id")), "{reach}");
        let (_, roadmap) = b.get("/regions/99.01/roadmap").await;
        assert!(roadmap.contains(&summary) && roadmap.contains(&format!("+ {MALL}")), "the mall's bar under SOC");

        // The monitoring roll-up: every started programme once as primary, money on the primary.
        let api = app.api(&app.token("ahli").await);
        let year = mall["start_year"].as_i64().expect("year");
        let (s, roll) = api.get(&format!("/api/v1/regions/99.01/monitoring?year={year}")).await;
        assert_eq!(s, StatusCode::OK, "{roll}");
        let rows = roll["reach"].as_array().expect("reach per dimension");
        let started = roll["programmes"].as_array().expect("programmes").len() as u64;
        assert_eq!(rows.iter().map(|r| r["primary"].as_u64().expect("n")).sum::<u64>(), started);
        let weights: i64 =
            roll["programmes"].as_array().expect("p").iter().map(|p| p["weight"].as_i64().expect("w")).sum();
        assert_eq!(rows.iter().map(|r| r["budget"].as_i64().expect("b")).sum::<i64>(), weights);
        assert!(rows.iter().find(|r| r["dimension"] == "SOC").expect("SOC")["also"].as_u64() >= Some(2));
    }
);

crate::both!(
    async fn the_form_and_the_api_save_the_set_and_refuse_bad_codes(app: TestApp) {
        // The form: a checkbox list grouped by dimension, saved and shown ticked again.
        let planner = app.login("perencana.dinkes").await;
        let (_, form) = planner.get("/regions/99.01/programmes/new?element=LIV-HE").await;
        assert!(form.contains("name=\"also_serves\" value=\"SOC-CO\"") && form.contains("Smart Environment"));
        let opd = form.split("name=\"opd_id\"").nth(1).and_then(|s| s.split("value=\"").nth(2)).expect("opd option");
        let opd = &opd[..opd.find('"').expect("quote")];
        let mut fields: Vec<(&str, &str)> = vec![
            ("name", "Posyandu digital terpadu"),
            ("description", "Data tumbuh kembang anak terhubung dengan kader dan sekolah"),
            ("element_code", "LIV-HE"),
            ("opd_id", opd),
            ("horizon", "short"),
            ("start_year", "2026"),
            ("end_year", "2027"),
            ("budget.2026.apbd", "100.000.000"),
            ("also_serves", "SOC-CO"),
            ("also_serves", "LIV-HE"),
        ];
        let (s, html) = planner.post("/regions/99.01/programmes/new", &fields).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "the primary is no further element");
        assert!(html.contains("Elemen utama program tidak perlu dipilih lagi"), "the message");
        assert!(html.contains("value=\"SOC-CO\" checked"), "the ticks stay");
        fields.retain(|f| f.1 != "LIV-HE" || f.0 != "also_serves");
        fields.push(("also_serves", "SOC-LE"));
        let (s, _) = planner.post("/regions/99.01/programmes/new", &fields).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let list = programmes(&app).await;
        let p = by_name(&list, "Posyandu digital terpadu");
        assert_eq!(strings(&p["also_serves"]), ["SOC-CO", "SOC-LE"]);
        assert_eq!(strings(&p["also_serves_dimensions"]), ["SOC"]);
        let id = p["id"].as_i64().expect("id");
        let (_, edit) = planner.get(&format!("/regions/99.01/programmes/{id}/edit")).await;
        assert!(edit.contains("value=\"SOC-LE\" checked") && !edit.contains("value=\"ENV-PR\" checked"));

        // The API: read and write, hostile and unknown codes refused whole with 422.
        let api = app.api(&app.token("perencana.dinkes").await);
        let path = format!("/api/v1/regions/99.01/programmes/{id}/also-serves");
        let (s, v) = api.send("PUT", &path, Some(json!({"also_serves": ["ENV-PR", "ECO-WE"]}))).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(strings(&v["also_serves"]), ["ECO-WE", "ENV-PR"], "framework order");
        assert_eq!(v["total_budget"], 100_000_000i64, "nothing else changed");
        for bad in [
            json!({"also_serves": ["ECO.1"]}),
            json!({"also_serves": ["<script>alert(1)</script>"]}),
            json!({"also_serves": ["LIV-HE"]}),
            json!({"also_serves": ["ECO-WE", "ECO-WE"]}),
            json!({"also_serves": ["GOV-PS", "GOV-BM", "GOV-PP", "BRA-TO", "BRA-BU", "BRA-CA", "ECO-IN"]}),
        ] {
            let (s, v) = api.send("PUT", &path, Some(bad.clone())).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{bad} → {v}");
            assert!(v.to_string().contains("also_serves"), "the field is named: {v}");
        }
        let (s, _) = api.send("PUT", &path, Some(json!({"also_serves": "ECO-WE"}))).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "a wrong JSON type");
        let list = programmes(&app).await;
        assert_eq!(strings(&by_name(&list, "Posyandu digital terpadu")["also_serves"]), ["ECO-WE", "ENV-PR"], "kept");

        // The planner may not change another OPD's flagship.
        let mall = by_name(&list, MALL)["id"].as_i64().expect("id");
        let other = format!("/api/v1/regions/99.01/programmes/{mall}/also-serves");
        assert_eq!(api.send("PUT", &other, Some(json!({"also_serves": []}))).await.0, StatusCode::FORBIDDEN);

        // The audit holds the set before and after.
        let row = audit::Entity::find()
            .filter(audit::Column::Entity.eq("programme"))
            .filter(audit::Column::EntityId.eq(id.to_string()))
            .order_by_desc(audit::Column::Id)
            .one(&app.db)
            .await
            .expect("audit")
            .expect("a row");
        let (before, after) = (row.before.unwrap_or_default(), row.after.unwrap_or_default());
        assert!(before.contains("SOC-LE") && !before.contains("ENV-PR"), "{before}");
        assert!(after.contains("ENV-PR") && !after.contains("SOC-LE"), "{after}");
    }
);

crate::both!(
    async fn another_region_s_planner_is_refused_and_its_programmes_never_touched(app: TestApp) {
        use kotacerdas_domain::account::{AssignmentInput, UserInput};
        use kotacerdas_store::{accounts::users, region::opds, region::regions, Actor};
        let sys = Actor::system("uji jangkauan");
        let other = regions::by_code(&app.db, "99.02").await.expect("99.02");
        let opd = opds::list(&app.db, other.id).await.expect("opds")[0].id;
        let input = UserInput {
            username: "perencana.lembah".into(),
            display_name: "Perencana Lembah Hijau".into(),
            email: String::new(),
            password: kotacerdas_demo::PASSWORD.into(),
        };
        let user = users::create(&app.db, &sys, &input).await.expect("user");
        let a = AssignmentInput { role: "opd_planner".into(), region_code: "99.02".into(), opd_id: opd.to_string() };
        users::add_assignment(&app.db, &sys, user.id, &a).await.expect("assignment");
        let mall = by_name(&programmes(&app).await, MALL)["id"].as_i64().expect("id");

        let api = app.api(&app.token("perencana.lembah").await);
        let body = Some(json!({"also_serves": []}));
        let (s, _) =
            api.send("PUT", &format!("/api/v1/regions/99.01/programmes/{mall}/also-serves"), body.clone()).await;
        assert!(s == StatusCode::NOT_FOUND || s == StatusCode::FORBIDDEN, "{s}");
        // Through their own region's URL the other region's programme does not exist.
        let (s, _) = api.send("PUT", &format!("/api/v1/regions/99.02/programmes/{mall}/also-serves"), body).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let b = app.login("perencana.lembah").await;
        let (s, _) = b.post(&format!("/regions/99.01/programmes/{mall}/edit"), &[("also_serves", "ENV-PR")]).await;
        assert!(s == StatusCode::NOT_FOUND || s == StatusCode::FORBIDDEN, "{s}");
        assert_eq!(strings(&by_name(&programmes(&app).await, MALL)["also_serves"]), ["ECO-IN", "SOC-CO"], "untouched");
    }
);

crate::both!(
    async fn the_register_carries_the_further_elements_through_excel(app: TestApp) {
        let b = app.login("admin.sukamaju").await;
        let (s, bytes) = harness::bytes(&b, "/regions/99.01/programmes/export").await;
        assert_eq!(s, StatusCode::OK);
        let book = read_book(&bytes);
        let sheet = &book[0];
        let col = |name: &str| sheet.1[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("{name}"));
        let (reach, nama, elemen) = (col("elemen_lain"), col("nama"), col("elemen"));
        let row = |name: &str| sheet.1.iter().position(|r| r[nama] == name).unwrap_or_else(|| panic!("{name}"));
        let mall = row(MALL);
        assert_eq!(sheet.1[mall][reach], "ECO-IN; SOC-CO");

        // Unedited: nothing changes. A changed set (lower case, commas) is one change.
        let (s, html) = upload(&b, write_book(&book[..3])).await;
        assert_eq!(s, StatusCode::OK, "{html}");
        assert!(html.contains("0 berubah"), "{html}");
        let mut edited = book.clone();
        edited[0].1[mall][reach] = "eco-we, SOC-CO".into();
        let (s, html) = upload(&b, write_book(&edited[..3])).await;
        assert_eq!(s, StatusCode::OK, "{html}");
        assert!(html.contains("1 berubah"), "{html}");
        assert_eq!(b.post("/regions/99.01/programmes/import/apply", &[]).await.0, StatusCode::OK);
        assert_eq!(strings(&by_name(&programmes(&app).await, MALL)["also_serves"]), ["ECO-WE", "SOC-CO"]);

        // Bad codes are reported per row and column, and nothing is applied.
        let mut bad = book.clone();
        bad[0].1[2][reach] = "ECO.1".into();
        let own = bad[0].1[3][elemen].clone();
        bad[0].1[3][reach] = own;
        let (s, html) = upload(&b, write_book(&bad[..3])).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
        let report = &html[html.find("id=\"import-errors\"").expect("error table")..];
        for r in [3, 4] {
            assert!(report.contains(&format!("<td>Program</td><td>{r}</td><td>elemen_lain</td>")), "row {r}: {report}");
        }

        // A workbook from before the column existed keeps the stored sets.
        let mut old = edited.clone();
        for r in old[0].1.iter_mut() {
            r.remove(reach);
        }
        let (s, html) = upload(&b, write_book(&old[..3])).await;
        assert_eq!(s, StatusCode::OK, "{html}");
        assert!(html.contains("0 berubah"), "{html}");
    }
);

crate::both!(
    async fn the_book_names_the_further_dimensions_and_the_reach_without_double_money(app: TestApp) {
        let pdf = harness::cli_book(&app, "99.01");
        let bytes = std::fs::read(&pdf).expect("pdf");
        let text = harness::tool_on("pdftotext", &["-layout", "{}", "-"], &bytes, "pdf");
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("Jangkauan program per dimensi"), "the reach table");
        assert!(flat.contains("GOV-PS (+ECO, SOC)"), "the mall's further dimensions in BAB IV");
        assert!(flat.contains("lintas dimensi"), "the reach per dimension");
        assert!(flat.contains("juga melayani dimensi ini"), "the programmes of other dimensions named");
        let list = programmes(&app).await;
        let grand: i64 = list.iter().map(|p| p["total_budget"].as_i64().expect("budget")).sum();
        assert!(flat.contains(&money(grand, "id")), "the plan's total stays the sum of the primary budgets");
    }
);
