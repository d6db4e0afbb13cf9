//! Citizen participation on both databases: a citizen's input through moderation to an OPD's
//! answer and a programme link; one support per citizen; rate limit (429); XSS inert; honeypot;
//! photo type check; the statistics in the book's annex; programmes shared with a neighbour.

use crate::harness;

use kotacerdas_domain::access::{Assignment, Principal, Role};
use kotacerdas_domain::versions::VersionAction;
use kotacerdas_store::entity::{citizen_input, stored_file};
use kotacerdas_store::{audit, book, participation, plan::programmes, region::opds, region::regions, Actor};
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};

const XSS_TITLE: &str = "<script>alert('x')</script> Lampu jalan";
const XSS_BODY: &str = "Padam <img src=x onerror=alert(1)> sejak Mei";

async fn submit(
    b: &harness::Browser,
    cid: i64,
    fields: &[(&str, &str)],
    photo: Option<&[u8]>,
) -> (StatusCode, String, Option<String>) {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    if let Some(data) = photo {
        form = form.part("photo", reqwest::multipart::Part::bytes(data.to_vec()).file_name("foto.png"));
    }
    let url = format!("{}/publik/99.01/konsultasi/{cid}?_csrf={}", b.base, b.csrf);
    let r = b.client.post(url).multipart(form).send().await.expect("post");
    let loc = r.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string);
    (r.status(), r.text().await.unwrap_or_default(), loc)
}

/// An anonymous citizen with a CSRF token (in the form and in a cookie, no session) from the
/// page of the open consultation.
async fn citizen(app: &harness::TestApp) -> harness::Browser {
    let cid = open_consultation(app).await;
    let mut b = app.anonymous();
    let (s, html) = b.get(&format!("/publik/99.01/konsultasi/{cid}")).await;
    assert_eq!(s, StatusCode::OK);
    b.csrf = harness::csrf_in(&html).expect("the consultation page carries a CSRF token");
    b
}

async fn open_consultation(app: &harness::TestApp) -> i64 {
    let r = regions::by_code(&app.db, "99.01").await.expect("region");
    participation::consultations(&app.db, r.id).await.expect("consultations")[0].id
}

/// The GPS position a phone wrote into the photo (as the EXIF GPS IFD's marker and text here).
const GPS: &[u8] = b"GPSLatitude -7.797068 GPSLongitude 110.370529";

/// A small JPEG with an APP1 EXIF block carrying [`GPS`], as a phone camera writes one.
fn jpeg_with_gps() -> Vec<u8> {
    let img = image::RgbImage::from_fn(32, 24, |x, y| image::Rgb([(x * 8) as u8, (y * 10) as u8, 90]));
    let mut plain = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90))
        .expect("jpeg");
    let mut payload = b"Exif\0\0MM\0\x2a\0\0\0\x08".to_vec();
    payload.extend_from_slice(GPS);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&plain[2..]);
    out
}

const GOOD: &[(&str, &str)] = &[
    ("kind", "problem"),
    ("title", XSS_TITLE),
    ("body", XSS_BODY),
    ("dimension_code", "LIV"),
    ("element_code", "LIV-HE"),
    ("kecamatan", "Sukamaju Kota"),
    ("author_name", "Sari"),
];

crate::both!(
    async fn a_citizens_input_goes_through_moderation_to_an_answer_and_a_programme(app: TestApp) {
        let r = regions::by_code(&app.db, "99.01").await.expect("region");
        let cid = open_consultation(&app).await;
        let count = || async { citizen_input::Entity::find().count(&app.db).await.expect("count") };
        let files = || async { stored_file::Entity::find().count(&app.db).await.expect("count") };
        let before = count().await;

        // The public index finds the region; the portal lists the open consultation.
        let anon = citizen(&app).await;
        let (s, html) = anon.get("/publik?q=suka").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("/publik/99.01") && !html.contains("/publik/99.72\""), "search narrows the index");
        let (_, html) = anon.get("/publik/99.01").await;
        assert!(html.contains(&format!("/publik/99.01/konsultasi/{cid}")), "the portal links the consultation");

        // Bad input: every field named, nothing stored.
        let bad = [("kind", "spam"), ("title", ""), ("body", ""), ("dimension_code", "XXX")];
        let (s, html, _) = submit(&anon, cid, &bad, None).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        for field in ["f-kind", "f-title", "f-body", "f-dimension_code"] {
            assert!(html.contains(&format!("#{field}")), "the error summary links {field}");
        }
        // A photo that is not an image is refused before anything is stored.
        let files_before = files().await;
        let (s, html, _) = submit(&anon, cid, GOOD, Some(b"<html><script>alert(1)</script></html>")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("JPEG atau PNG"), "the photo error");
        assert_eq!((count().await, files().await), (before, files_before), "nothing stored for a rejected form");
        // The honeypot: answered like a success, nothing stored.
        let mut trap = GOOD.to_vec();
        trap.push(("website", "http://spam.example"));
        let (s, _, _) = submit(&anon, cid, &trap, None).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(count().await, before, "a filled honeypot stores nothing");

        // A photo that only starts like a PNG does not decode: refused with a message, nothing stored.
        let (s, html, _) = submit(&anon, cid, GOOD, Some(b"\x89PNG\r\n\x1a\n not really a picture")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Gambar tidak dapat dibaca"), "the decode error: {html}");
        assert_eq!((count().await, files().await), (before, files_before), "nothing stored for a broken photo");

        // The real input, with a phone photo that carries its GPS position in EXIF.
        let photo = jpeg_with_gps();
        assert!(photo.windows(6).any(|w| w == b"Exif\0\0") && photo.windows(GPS.len()).any(|w| w == GPS));
        let (s, _, loc) = submit(&anon, cid, GOOD, Some(&photo)).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let loc = loc.expect("redirect to the input");
        let id: i64 = loc.rsplit('/').next().and_then(|x| x.parse().ok()).expect("input id");
        assert_eq!(count().await, before + 1);
        // The sender sees it, pending, with the payload inert.
        let (s, html) = anon.get(&loc).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("menunggu moderasi"), "pending notice");
        assert!(!html.contains("<script>alert") && !html.contains("<img src=x"), "citizen text never becomes markup");
        assert!(html.contains("&#60;script&#62;") && html.contains("&#60;img src=x"), "it is shown as text");
        // Nobody else does yet.
        let stranger = citizen(&app).await;
        assert_eq!(stranger.get(&loc).await.0, StatusCode::NOT_FOUND);
        assert_eq!(stranger.get(&format!("{loc}/foto")).await.0, StatusCode::NOT_FOUND);

        // Moderation: roles, a reason to hide, audited publishing.
        let council = app.login("dewan.sukamaju").await;
        let path = format!("/regions/99.01/participation/inputs/{id}/moderate");
        assert_eq!(council.post(&path, &[("decision", "publish")]).await.0, StatusCode::FORBIDDEN);
        let admin = app.login("admin.sukamaju").await;
        let (s, html) = admin.get("/regions/99.01/participation").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains(&format!("id=\"q-{id}\"")) && !html.contains("<script>alert"), "in the queue, inert");
        let (s, _) = admin.post(&path, &[("decision", "hide"), ("reason", "")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "hiding needs a reason");
        assert_eq!(admin.post(&path, &[("decision", "publish"), ("reason", "")]).await.0, StatusCode::SEE_OTHER);
        let log = audit::list(
            &app.db,
            &audit::Filter { region_id: Some(r.id), entity: Some("citizen_input".into()), ..Default::default() },
        )
        .await
        .expect("audit")
        .0;
        let entry = log.iter().find(|a| a.action == "publish" && a.entity_id == id.to_string()).expect("audited");
        assert!(entry.before.as_deref().is_some_and(|b| b.contains("\"pending\"")));
        assert!(entry.after.as_deref().is_some_and(|a| a.contains("\"published\"")));
        assert_eq!(stranger.get(&loc).await.0, StatusCode::OK, "published: public now");
        let served = stranger.client.get(format!("{}{loc}/foto", stranger.base)).send().await.expect("photo");
        assert_eq!(served.status(), StatusCode::OK);
        let served = served.bytes().await.expect("bytes");
        assert!(served.starts_with(&[0xFF, 0xD8, 0xFF]), "still a JPEG");
        assert!(!served.windows(6).any(|w| w == b"Exif\0\0"), "no EXIF block is published");
        assert!(!served.windows(GPS.len()).any(|w| w == GPS), "nor the GPS position");

        // An OPD's official answer: the Dinkes planner for Dinkes only.
        let all_opds = opds::list(&app.db, r.id).await.expect("opds");
        let dinkes = all_opds.iter().find(|o| o.short_name == "Dinkes").expect("Dinkes");
        let other = all_opds.iter().find(|o| o.short_name != "Dinkes").expect("another OPD");
        let planner = app.login("perencana.dinkes").await;
        let answer = format!("/regions/99.01/participation/inputs/{id}/answer");
        let oid = other.id.to_string();
        assert_eq!(planner.post(&answer, &[("opd_id", &oid), ("answer", "x")]).await.0, StatusCode::FORBIDDEN);
        let did = dinkes.id.to_string();
        let (s, _) = planner.post(&answer, &[("opd_id", &did), ("answer", "")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "an empty answer");
        let text = "Lampu diperbaiki minggu ini <b>oleh</b> Dishub.";
        assert_eq!(planner.post(&answer, &[("opd_id", &did), ("answer", text)]).await.0, StatusCode::SEE_OTHER);
        let (_, html) = stranger.get(&loc).await;
        assert!(html.contains("Sudah dijawab") && html.contains("&#60;b&#62;oleh&#60;/b&#62;"), "answered, inert");

        // A link to a programme: the public status names it.
        let prog = programmes::list(&app.db, r.id).await.expect("programmes").into_iter().next().expect("one");
        let pid = prog.programme.id.to_string();
        let links = format!("/regions/99.01/participation/inputs/{id}/links");
        let (s, _) = admin.post(&links, &[("kind", "programme"), ("ref_id", "999999")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "another region's or no programme");
        assert_eq!(admin.post(&links, &[("kind", "programme"), ("ref_id", &pid)]).await.0, StatusCode::SEE_OTHER);
        let (_, html) = stranger.get(&loc).await;
        let expected = format!("Ditindaklanjuti melalui program {}", prog.programme.name);
        assert!(html.contains(&expected), "the follow-up is public: {expected}");

        // The same, as open data.
        let (s, json) = app.api("").get("/api/v1/regions/99.01/participation").await;
        assert_eq!(s, StatusCode::OK);
        let mine = json.as_array().expect("list").iter().find(|i| i["id"] == id).expect("published input").clone();
        assert_eq!(mine["status"], "followed");
        assert_eq!(mine["programmes"][0], prog.programme.name.as_str());
        assert_eq!(mine["title"], XSS_TITLE, "JSON carries the text as it was typed");

        // One support per citizen.
        let support = format!("/publik/99.01/masukan/{id}/dukung");
        assert_eq!(anon.post(&support, &[]).await.0, StatusCode::SEE_OTHER);
        assert_eq!(anon.post(&support, &[]).await.0, StatusCode::SEE_OTHER);
        let v = participation::view(&app.db, r.id, id, true).await.expect("view");
        assert_eq!(v.supports, 1, "the same citizen twice counts once");
        stranger.post(&support, &[]).await;
        admin.post(&support, &[]).await;
        admin.post(&support, &[]).await;
        let v = participation::view(&app.db, r.id, id, true).await.expect("view");
        assert_eq!(v.supports, 3, "two citizens and one account");

        // A comment waits for moderation, then shows as text.
        let comment = format!("/publik/99.01/masukan/{id}/komentar");
        let (s, _) = stranger.post(&comment, &[("name", "Budi"), ("comment", "Setuju <script>x()</script>")]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, html) = stranger.get(&loc).await;
        assert!(!html.contains("Setuju"), "not shown before moderation");
        let cm = participation::pending_comments(&app.db, r.id)
            .await
            .expect("pending")
            .into_iter()
            .find(|(c, _)| c.input_id == id)
            .expect("pending comment")
            .0;
        let path = format!("/regions/99.01/participation/comments/{}/moderate", cm.id);
        assert_eq!(admin.post(&path, &[("decision", "publish")]).await.0, StatusCode::SEE_OTHER);
        let (_, html) = stranger.get(&loc).await;
        assert!(html.contains("Setuju &#60;script&#62;") && !html.contains("<script>x()"), "published and inert");

        // Another region's manager cannot see or moderate it.
        let program = app.login("program").await;
        assert_eq!(program.get(&format!("/regions/99.72/participation/inputs/{id}")).await.0, StatusCode::NOT_FOUND);

        // The statistics the book's annex prints.
        let (dims, total) = participation::stats(&app.db, r.id).await.expect("stats");
        let liv = dims.iter().find(|d| d.dimension_code == "LIV").expect("LIV");
        assert!(liv.problems >= 1 && liv.followed_up >= 1 && liv.supports >= 3);
        assert_eq!(total.total(), dims.iter().map(|d| d.total()).sum::<i64>());
        let (s, html) = admin.get("/regions/99.01/participation").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Statistik per dimensi"));
    }
);

crate::both!(
    async fn a_flood_from_one_address_gets_429(app: TestApp) {
        let cid = open_consultation(&app).await;
        let anon = citizen(&app).await;
        for _ in 0..5 {
            let (s, _, _) = submit(&anon, cid, &[("title", "")], None).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        }
        let url = format!("{}/publik/99.01/konsultasi/{cid}?_csrf={}", anon.base, anon.csrf);
        let r = anon
            .client
            .post(url)
            .multipart(reqwest::multipart::Form::new().text("title", "x"))
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(r.headers().get("retry-after").is_some(), "Retry-After is set");
        let body = r.text().await.unwrap_or_default();
        assert!(body.contains("Coba lagi dalam") && body.contains("menit"), "a clear message: {body}");
    }
);

/// The region's book as the programme office downloads it, through pdftotext.
async fn book_text(b: &harness::Browser, code: &str) -> String {
    let r = b.client.get(format!("{}/regions/{code}/book.pdf", b.base)).send().await.expect("book");
    assert_eq!(r.status(), StatusCode::OK);
    let pdf = r.bytes().await.expect("bytes");
    let path = harness::temp_dir("book").join("book.pdf");
    std::fs::write(&path, &pdf).expect("write");
    let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn who(region_id: i64, role: Role) -> Principal {
    Principal {
        user_id: 0,
        username: "uji".into(),
        display_name: "Uji".into(),
        assignments: vec![Assignment { role, region_id: Some(region_id), opd_id: None }],
    }
}

/// Take a region's plan through freeze → submit → review → approval (no files needed).
pub(crate) async fn approve(app: &harness::TestApp, code: &str) {
    let r = regions::by_code(&app.db, code).await.expect("region");
    let a = Actor::system("uji");
    let v = book::freeze(&app.db, &a, &r, "Uji").await.expect("freeze");
    // The files are not needed here; the workflow only waits for the build to be done.
    book::set_build(&app.db, v.id, "done", None).await.expect("build state");
    harness::approve_stages(&app.db, r.id).await;
    for (role, action) in [
        (Role::RegionAdmin, VersionAction::Submit),
        (Role::Expert, VersionAction::Review),
        (Role::CouncilMember, VersionAction::Approve),
    ] {
        book::act(&app.db, &a, &who(r.id, role), r.id, v.number, book::Step::new(action, "ok")).await.expect("step");
    }
}

crate::both!(
    async fn a_programme_shared_with_a_neighbour_appears_in_both_plans_and_portals(app: TestApp) {
        let r = regions::by_code(&app.db, "99.01").await.expect("region");
        let prog = programmes::list(&app.db, r.id).await.expect("programmes").into_iter().nth(3).expect("a programme");
        let name = prog.programme.name.clone();
        let admin = app.login("admin.sukamaju").await;
        let path = format!("/regions/99.01/programmes/{}/shares", prog.programme.id);
        // Unknown and own region codes are refused with a message, nothing stored.
        let (s, loc) = admin.get_location(&format!("/regions/99.01/programmes/{}", prog.programme.id)).await;
        assert_eq!((s, loc), (StatusCode::OK, None));
        admin.post(&path, &[("partner", "00.00")]).await;
        admin.post(&path, &[("partner", "99.01")]).await;
        assert!(kotacerdas_store::plan::shares::of_programmes(&app.db, &[prog.programme.id])
            .await
            .expect("shares")
            .is_empty());
        assert_eq!(admin.post(&path, &[("partner", "99.72")]).await.0, StatusCode::SEE_OTHER);
        let shares =
            kotacerdas_store::plan::shares::of_programmes(&app.db, &[prog.programme.id]).await.expect("shares");
        assert_eq!(shares.len(), 1);
        let sid = shares[0].share.id;

        // Pending: not yet in the partner's plan or portal.
        let office = app.login("program").await;
        let (_, html) = office.get("/regions/99.72/programmes").await;
        assert!(html.contains(&name) && html.contains("Menunggu pengakuan"), "the partner is asked");
        approve(&app, "99.72").await;
        let anon = citizen(&app).await;
        let (_, html) = anon.get("/publik/99.72").await;
        assert!(!html.contains(&name), "not before acknowledgement");
        // The owner's manager cannot acknowledge on the partner's behalf.
        assert_eq!(
            admin.post(&format!("/regions/99.72/shares/{sid}/decide"), &[("decision", "acknowledge")]).await.0,
            StatusCode::NOT_FOUND
        );
        let (s, _) = office
            .post(&format!("/regions/99.72/shares/{sid}/decide"), &[("decision", "acknowledge"), ("note", "Sepakat")])
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);

        // Acknowledged: in the partner's plan, portal and book, owned by Sukamaju.
        let (_, html) = office.get("/regions/99.72/programmes").await;
        assert!(html.contains(&name) && html.contains("Diakui"));
        let (_, html) = anon.get("/publik/99.72").await;
        assert!(html.contains(&name) && html.contains("Kabupaten Sukamaju"), "the partner's portal names the owner");
        approve(&app, "99.01").await;
        let (_, html) = anon.get("/publik/99.01").await;
        assert!(html.contains(&name), "the owner's portal too");
        let text = book_text(&office, "99.72").await;
        assert!(text.contains("Program bersama daerah tetangga"), "the partner's book has the shared section");
        assert!(text.replace('\n', " ").contains(name.split(' ').next().unwrap_or_default()), "and the programme");
        assert!(text.contains("Statistik partisipasi warga"), "Annex E is in every book");
        let text = book_text(&office, "99.01").await;
        assert!(
            text.contains("Statistik partisipasi warga") && text.contains("Ditindaklanjuti"),
            "Annex E with figures"
        );

        // The owner withdraws: gone from the partner's plan.
        assert_eq!(admin.post(&format!("/regions/99.01/shares/{sid}/withdraw"), &[]).await.0, StatusCode::SEE_OTHER);
        let (_, html) = office.get("/regions/99.72/programmes").await;
        assert!(!html.contains(&name));
    }
);
