//! Bimtek workshops: the API's shape, a workshop planned and its invitation list drawn up from
//! the OPDs, check-in through the room's link without an account (once per person per day,
//! unknown and expired links refused with a clear page), the facilitator's ticks, the three
//! papers (checked with pdftotext), follow-up actions in the inboxes, the calendar's clashes and
//! hostile text in every printed field.

use crate::both;
use crate::harness::{bytes, csrf_in, tool_on, TestApp};
use kotacerdas_store::region::regions;
use kotacerdas_store::workshops::{self, attendance};
use kotacerdas_store::Actor;
use reqwest::StatusCode;

const CODE: &str = "99.01";

/// The id in a `/workshops/{id}` redirect.
fn workshop_id(location: &str) -> i64 {
    let tail = location.split("/workshops/").nth(1).expect("a workshop address");
    tail.split(['/', '#', '?']).next().and_then(|x| x.parse().ok()).expect("an id")
}

async fn post_location(b: &crate::harness::Browser, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let mut all = vec![("_csrf", b.csrf.as_str())];
    all.extend_from_slice(fields);
    let r = b.client.post(format!("{}{path}", b.base)).form(&all).send().await.expect("POST");
    let loc = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (r.status(), loc)
}

both!(
    async fn the_api_lists_each_stage_workshop_with_its_attendance(app: TestApp) {
        let api = app.api(&app.token("ahli").await);
        let (s, v) = api.get(&format!("/api/v1/regions/{CODE}/workshops")).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let items = v["items"].as_array().expect("items");
        assert!(items.len() >= 2, "the demo's held and planned workshops: {v}");
        for it in items {
            assert!(it["stage"].as_i64().is_some_and(|n| (1..=4).contains(&n)), "{it}");
            for k in ["starts_on", "ends_on"] {
                let d = it[k].as_str().expect("date");
                assert!(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok(), "{k}: {d}");
            }
            assert!(it["venue"].as_str().is_some_and(|x| !x.is_empty()));
            assert!(["in_person", "online", "hybrid"].contains(&it["mode"].as_str().unwrap_or_default()), "{it}");
            assert!(it["attendance"]["invited"].as_i64().is_some() && it["attendance"]["present"].as_i64().is_some());
        }
        let held = items.iter().find(|i| i["stage"] == 1 && i["status"] == "held").expect("stage 1's held workshop");
        assert!(held["attendance"]["present"].as_i64().unwrap_or(0) > 0, "{held}");
        // Another region's workshops are not revealed.
        let (s, _) = api.get("/api/v1/regions/99.72/workshops").await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }
);

both!(
    async fn a_workshop_from_invitations_to_check_in_and_its_papers(app: TestApp) {
        let admin = app.login("admin.sukamaju").await;
        // Today where Sukamaju is (WIB): its link works until the end of that day.
        let today = kotacerdas_domain::region::TimeZone::Wib.today();
        let (s, loc) = post_location(
            &admin,
            "/regions/99.01/stages/3/workshops/new",
            &[
                ("starts_on", &today.to_string()),
                ("venue", "Aula STPK Matauli"),
                ("mode", "hybrid"),
                ("meeting_link", "https://meet.example.id/bimtek3"),
                ("opened_by_name", "dr. Rahmat Hidayat"),
                ("opened_by_position", "Wakil Bupati Sukamaju"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "created");
        let id = workshop_id(&loc);
        let base = format!("/regions/99.01/workshops/{id}");
        // Two days by default.
        let r = regions::by_code(&app.db, CODE).await.expect("region");
        let w = workshops::get(&app.db, r.id, id).await.expect("workshop");
        assert_eq!(w.ends_on, today + chrono::Duration::days(1));
        // A hybrid workshop without its link is refused with the field named.
        let (s, html) = admin
            .post(
                "/regions/99.01/stages/3/workshops/new",
                &[("starts_on", &today.to_string()), ("venue", "X"), ("mode", "online")],
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("f-meeting_link"), "the form again");

        let (s, _) = post_location(&admin, &format!("{base}/invitations"), &[("group", "opd_heads")]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        // Twice: nobody is added a second time.
        let d = workshops::detail(&app.db, r.id, id).await.expect("detail");
        let n = d.invitees.len();
        assert!(n >= 3 && d.invitees.iter().all(|i| i.opd_id.is_some()), "one head per OPD");
        post_location(&admin, &format!("{base}/invitations"), &[("group", "opd_heads")]).await;
        assert_eq!(workshops::detail(&app.db, r.id, id).await.expect("detail").invitees.len(), n);
        let (s, _) = post_location(
            &admin,
            &format!("{base}/invitations"),
            &[
                ("name", "Sutrisno"),
                ("position", "Kepala Desa"),
                ("unit_kind", "desa"),
                ("unit_name", "Desa Mekarsari"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);

        // The room's QR code for day 1: an SVG and the link it holds.
        let (s, room) = admin.post(&format!("{base}/room"), &[("day", "1")]).await;
        assert_eq!(s, StatusCode::OK);
        assert!(room.contains("<svg"), "a QR code");
        let at = room.find("/hadir/").expect("the check-in link");
        let token: String = room[at + 7..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
        assert_eq!(token.len(), 64);
        {
            use sea_orm::EntityTrait;
            let stored = kotacerdas_store::entity::workshop_checkin::Entity::find().all(&app.db).await.expect("links");
            assert!(!stored.is_empty() && stored.iter().all(|c| c.token_hash != token), "only a hash is kept");
        }

        // A participant's phone, no account: pick a name, check in; the second time is refused.
        let phone = app.anonymous();
        let (s, html) = phone.get(&format!("/hadir/{token}?q=Sutrisno")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Sutrisno") && !html.contains("Kepala Dinas Kesehatan"), "searched on the server");
        let sutrisno = workshops::detail(&app.db, r.id, id)
            .await
            .expect("detail")
            .invitees
            .into_iter()
            .find(|i| i.name == "Sutrisno")
            .expect("invited")
            .id
            .to_string();
        let csrf = csrf_in(&html).expect("the form's token");
        let (s, html) = phone.post_raw(&format!("/hadir/{token}"), &[("_csrf", &csrf), ("invitee", &sutrisno)]).await;
        assert_eq!(s, StatusCode::OK, "{html}");
        assert!(html.contains("Terima kasih, Sutrisno"), "confirmed");
        let (s, html) = phone.post_raw(&format!("/hadir/{token}"), &[("_csrf", &csrf), ("invitee", &sutrisno)]).await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert!(html.contains("sudah tercatat hadir"), "refused politely");
        // Without the form's token the post is refused.
        let (s, _) = phone.post_raw(&format!("/hadir/{token}"), &[("invitee", &sutrisno)]).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        // A walk-in registers and is checked in.
        let (s, html) = phone
            .post_raw(
                &format!("/hadir/{token}"),
                &[
                    ("_csrf", &csrf),
                    ("name", "Fajar Tamu"),
                    ("position", "Staf"),
                    ("unit_kind", "perusda"),
                    ("unit_name", "PDAM"),
                ],
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{html}");
        // Unknown and expired links say so.
        let (s, html) = phone.get(&format!("/hadir/{}", "0".repeat(64))).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert!(html.contains("tidak dikenal"), "clear message");
        let (s, _) = phone.get("/hadir/bukan-token").await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let old = "e".repeat(64);
        attendance::issue_token(&app.db, &Actor::system("uji"), &r, id, 1, &old).await.expect("token");
        expire(&app).await;
        let (s, html) = phone.get(&format!("/hadir/{old}")).await;
        assert_eq!(s, StatusCode::GONE);
        assert!(html.contains("sudah tidak berlaku"), "clear message");

        // The facilitator ticks the first OPD head in on day 2.
        let d = workshops::detail(&app.db, r.id, id).await.expect("detail");
        let first = d.invitees.iter().find(|i| i.opd_id.is_some()).expect("an OPD head");
        let expert = app.login("ahli").await;
        let (s, page) = expert.get(&format!("{base}/attendance?day=2")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains(&format!("tick-{}", first.id)));
        let (s, _) =
            post_location(&expert, &format!("{base}/attendance"), &[("day", "2"), ("invitee", &first.id.to_string())])
                .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let d = workshops::detail(&app.db, r.id, id).await.expect("detail");
        assert!(
            d.present(first.id, 2) && d.present(d.invitees.iter().find(|i| i.name == "Sutrisno").expect("s").id, 1)
        );
        assert_eq!(d.present_count(), 3, "Sutrisno, the walk-in and the ticked head");
        // The API counts them.
        let api = app.api(&app.token("ahli").await);
        let (_, v) = api.get("/api/v1/regions/99.01/workshops").await;
        let it = v["items"].as_array().expect("items").iter().find(|i| i["id"] == id).cloned().expect("listed");
        assert_eq!(it["attendance"]["present"], 3);
        assert_eq!(it["mode"], "hybrid");

        // The papers.
        let (s, pdf) = bytes(&admin, &format!("{base}/attendance.pdf")).await;
        assert_eq!(s, StatusCode::OK);
        let text = tool_on("pdftotext", &["{}", "-"], &pdf, "pdf").split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains("Daftar Hadir") && text.contains("Sutrisno") && text.contains("Fajar Tamu"), "{text}");
        assert!(
            text.matches("Tanda tangan").count() >= 2 && text.contains("hari 1") && text.contains("hari 2"),
            "a column per day: {text}"
        );
        let (s, pdf) = bytes(&admin, &format!("{base}/invitation.pdf")).await;
        assert_eq!(s, StatusCode::OK);
        let text = tool_on("pdftotext", &["{}", "-"], &pdf, "pdf");
        assert!(text.contains("Undangan") && text.contains("Aula STPK Matauli") && text.contains("Sutrisno"), "{text}");
        let (s, _) = post_location(
            &expert,
            &format!("{base}/minutes"),
            &[("summary", "Program OPD sepuluh tahun dibahas."), ("decisions", "Quick Win dipilih tiga.")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (s, pdf) = bytes(&admin, &format!("{base}/minutes.pdf")).await;
        assert_eq!(s, StatusCode::OK);
        let text = tool_on("pdftotext", &["{}", "-"], &pdf, "pdf");
        assert!(text.contains("Berita Acara") && text.contains("Quick Win dipilih tiga"), "{text}");
        assert!(
            text.contains("Wakil Bupati Sukamaju") && text.contains("Ketua Tim Pelaksana"),
            "signature blocks: {text}"
        );
    }
);

/// Move the newest check-in link's expiry into the past (as the next day would).
async fn expire(app: &TestApp) {
    use kotacerdas_store::entity::workshop_checkin;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, QueryOrder};
    let c = workshop_checkin::Entity::find()
        .order_by_desc(workshop_checkin::Column::Id)
        .one(&app.db)
        .await
        .expect("links")
        .expect("a link");
    let mut am: workshop_checkin::ActiveModel = c.into();
    am.expires_at = Set(chrono::Utc::now() - chrono::Duration::hours(1));
    am.update(&app.db).await.expect("expire");
}

both!(
    async fn follow_up_actions_wait_in_the_inboxes_until_done(app: TestApp) {
        // The demo's stage 1 workshop has an overdue Dinkes action: the planner of Dinkes and the
        // region admin see it; the planner marks it done and it leaves both inboxes.
        let planner = app.api(&app.token("perencana.dinkes").await);
        let admin = app.api(&app.token("admin.sukamaju").await);
        let find = |v: &serde_json::Value| {
            v["items"]
                .as_array()
                .expect("items")
                .iter()
                .filter(|t| t["kind"] == "workshop_action")
                .cloned()
                .collect::<Vec<_>>()
        };
        let (_, mine) = planner.get("/api/v1/me/tasks").await;
        let mine = find(&mine);
        assert_eq!(mine.len(), 1, "only Dinkes' action: {mine:?}");
        assert_eq!(mine[0]["overdue"], true, "{mine:?}");
        let (_, all) = admin.get("/api/v1/me/tasks").await;
        assert_eq!(find(&all).len(), 2, "the region's two open actions");
        let r = regions::by_code(&app.db, CODE).await.expect("region");
        let action = kotacerdas_store::workshops::minutes::open_actions(&app.db, &Some(vec![r.id]))
            .await
            .expect("actions")
            .into_iter()
            .find(|a| a.text.contains("kesehatan"))
            .expect("the Dinkes action");
        let b = app.login("perencana.dinkes").await;
        let (s, _) =
            post_location(&b, &format!("/regions/99.01/workshop-actions/{}/status", action.id), &[("status", "done")])
                .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, mine) = planner.get("/api/v1/me/tasks").await;
        assert!(find(&mine).is_empty());
        // Another OPD's action is not the planner's to close.
        let other =
            kotacerdas_store::workshops::minutes::open_actions(&app.db, &Some(vec![r.id])).await.expect("a")[0].id;
        let (s, _) =
            post_location(&b, &format!("/regions/99.01/workshop-actions/{other}/status"), &[("status", "done")]).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
);

both!(
    async fn the_calendar_flags_an_expert_booked_twice_on_one_day(app: TestApp) {
        let office = app.login("program").await;
        let year = chrono::Datelike::year(&(chrono::Utc::now().date_naive() + chrono::Duration::days(14)));
        let (s, html) = office.get(&format!("/workshops/calendar?year={year}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Dr. Ir. Bambang Hartono"), "the expert's load");
        let clashes = &html[html.find("id=\"clashes\"").expect("clashes")..html.find("id=\"load\"").expect("load")];
        assert!(clashes.contains("Bentrok") && clashes.contains("Sukamaju"), "{clashes}");
        let expert = app.login("ahli").await;
        let (s, _) = expert.get("/workshops/calendar").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
);

both!(
    async fn the_stage_page_lists_workshops_and_shows_the_expert_the_absent_opds(app: TestApp) {
        let expert = app.login("ahli").await;
        let (s, html) = expert.get("/regions/99.01/stages/1").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("id=\"workshops\"") && html.contains("Ruang Adipura"), "the held workshop");
        assert!(html.contains("id=\"absent-opds\""), "the absent OPD for the reviewer");
        let council = app.login("dewan.sukamaju").await;
        let (_, html) = council.get("/regions/99.01/stages/1").await;
        assert!(!html.contains("id=\"absent-opds\""), "only for those who decide");
        let (s, html) = expert.get(&format!("/regions/99.01/workshops/{}", first_workshop(&app).await)).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Susunan acara") && html.contains("Berita acara"), "the workshop page in Indonesian");
    }
);

async fn first_workshop(app: &TestApp) -> i64 {
    let r = regions::by_code(&app.db, CODE).await.expect("region");
    workshops::list(&app.db, r.id).await.expect("workshops")[0].id
}

both!(
    async fn hostile_text_reaches_every_paper(app: TestApp) {
        let r = regions::by_code(&app.db, CODE).await.expect("region");
        let sys = Actor::system("uji");
        let id = first_workshop(&app).await;
        let long = "ꦏꦺꦴꦠ ".repeat(40);
        // Control characters are refused before anything is stored.
        let nul =
            kotacerdas_domain::workshop::InviteeInput { name: "Nama\0dengan\u{1}kontrol".into(), ..Default::default() };
        assert!(attendance::invite(&app.db, &sys, r.id, id, &nul).await.is_err(), "control characters refused");
        for name in [
            "\u{202E}Kepala Dinas\u{202C} #panic(\"x\") *tebal* $x$",
            long.as_str(),
            "Nama 👩‍👩‍👧‍👦 智慧城市 برنامج",
            "\\ ] [ \" // /*",
        ] {
            let i = kotacerdas_domain::workshop::InviteeInput {
                name: name.chars().take(200).collect(),
                ..Default::default()
            };
            attendance::invite(&app.db, &sys, r.id, id, &i).await.expect("invite");
        }
        let too_long = kotacerdas_domain::workshop::InviteeInput { name: "x".repeat(201), ..Default::default() };
        assert!(attendance::invite(&app.db, &sys, r.id, id, &too_long).await.is_err(), "limits before storing");
        let m = kotacerdas_domain::workshop::MinutesInput {
            summary: "#set page(width: 1cm) \u{202E}".into(),
            decisions: long.clone(),
        };
        workshops::minutes::save_minutes(&app.db, &sys, r.id, id, &m).await.expect("minutes");
        let admin = app.login("admin.sukamaju").await;
        for paper in ["invitation", "attendance", "minutes"] {
            let (s, pdf) = bytes(&admin, &format!("/regions/99.01/workshops/{id}/{paper}.pdf")).await;
            assert_eq!(s, StatusCode::OK, "{paper}");
            assert!(pdf.starts_with(b"%PDF"), "{paper}");
        }
        // Hostile form input answers 4xx, never 500.
        let (s, _) = admin
            .post(
                &format!("/regions/99.01/workshops/{id}/agenda"),
                &[("day", "99999999999999999999"), ("time", "x"), ("title", "")],
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let (s, _) = admin.post(&format!("/regions/99.01/workshops/{id}/room"), &[("day", "7")]).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        let (s, _) = admin.post(&format!("/regions/99.01/workshops/{id}/nothing/1/delete"), &[]).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }
);

both!(
    async fn attendance_ticked_on_the_offline_laptop_comes_back_with_the_bundle(app: TestApp) {
        use crate::bundle::{empty_server, export, import, text};
        let dir = crate::harness::temp_dir("workshop-bundles");
        let out = export(&app, &dir, "to-laptop.zip");
        let laptop = empty_server(&app).await;
        let o = import(&laptop, &out, &[]);
        assert!(o.status.success(), "{}", text(&o));
        // On the laptop, at the workshop: the facilitator ticks day 2 of the planned workshop.
        let r = regions::by_code(&laptop.db, CODE).await.expect("region");
        let w = workshops::list(&laptop.db, r.id).await.expect("list").into_iter().find(|w| w.status == "planned");
        let w = w.expect("the planned workshop travelled");
        let d = workshops::detail(&laptop.db, r.id, w.id).await.expect("detail");
        let ids: Vec<i64> = d.invitees.iter().take(5).map(|i| i.id).collect();
        let n = attendance::tick(&laptop.db, &Actor::system("laptop"), &w, 2, &ids).await.expect("ticks");
        assert_eq!(n, 5);
        let back = export(&laptop, &dir, "from-laptop.zip");
        let o = import(&app, &back, &[]);
        assert!(o.status.success(), "{}", text(&o));
        let r = regions::by_code(&app.db, CODE).await.expect("region");
        let w = workshops::list(&app.db, r.id).await.expect("list").into_iter().find(|w| w.status == "planned");
        let d = workshops::detail(&app.db, r.id, w.expect("still there").id).await.expect("detail");
        assert_eq!(d.attendance.iter().filter(|a| a.day == 2).count(), 5, "the laptop's ticks are on the server");
    }
);
