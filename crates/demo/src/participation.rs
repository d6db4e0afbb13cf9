//! The demo region's citizen participation: an open consultation with inputs in every state
//! (published and answered, followed up by a programme, waiting for moderation, hidden with a
//! reason), supports and comments; and its programmes shared with neighbouring regions (one
//! acknowledged, one awaiting acknowledgement).

use kotacerdas_domain::participation::ConsultationInput;
use kotacerdas_domain::participation::InputDraft;
use kotacerdas_store::participation::{self, Sender};
use kotacerdas_store::{plan::programmes, plan::shares, region::opds, region::regions, Actor, Result};

/// kind, title, body, dimension, element, kecamatan, name, what happens (publish/answer/link/pending/hide).
type Seed =
    (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str, &'static str, &'static str);

const INPUTS: &[Seed] = &[
    ("problem", "Antrean puskesmas sejak subuh", "Di Puskesmas Sukamaju Kota warga harus datang sejak subuh untuk mendapat nomor antrean. Mohon ada antrean daring yang bisa diakses dari rumah.", "LIV", "LIV-HE", "Sukamaju Kota", "Ibu Ratna", "link"),
    ("proposal", "Wi-Fi gratis di balai desa", "Usul agar setiap balai desa punya Wi-Fi publik untuk pelajar dan pelaku UMKM, dengan jam layanan yang jelas.", "SOC", "", "Cibening", "Dedi", "answer"),
    ("aspiration", "Data anggaran desa yang mudah dibaca", "Kami ingin melihat anggaran dan realisasi dana desa dalam bentuk yang mudah dipahami, bukan hanya PDF hasil pindaian.", "GOV", "GOV-PP", "", "", "publish"),
    ("problem", "Banjir di Jalan Merdeka setiap hujan deras", "Saluran air di Jalan Merdeka tersumbat; setiap hujan deras jalan tergenang 30–50 cm. Perlu sensor dan peringatan dini.", "ENV", "", "Sukamaju Kota", "Warga RT 03", "pending"),
    ("proposal", "Promosi wisata curug lewat media sosial", "Curug di Desa Cikahuripan belum dikenal. Usul dibuat akun resmi dan peta digital wisata.", "BRA", "BRA-TO", "Cikahuripan", "Pokdarwis", "pending"),
    ("aspiration", "Iklan jasa pinjaman", "Pinjaman cepat tanpa agunan, hubungi nomor berikut.", "ECO", "", "", "", "hide"),
];

pub async fn load(db: &kotacerdas_store::DatabaseConnection, region_admin: &Actor, region_id: i64) -> Result<()> {
    let today = chrono::Utc::now().date_naive();
    let c = participation::create_consultation(
        db,
        region_admin,
        region_id,
        &ConsultationInput {
            title: "Konsultasi publik Masterplan Smart City 2025–2034".into(),
            description: "Sampaikan masalah yang Anda alami, aspirasi dan usulan untuk Sukamaju yang lebih cerdas. Masukan yang dimoderasi tampil di sini beserta jawaban resmi perangkat daerah.".into(),
            topics: Vec::new(),
            opens_on: (today - chrono::Duration::days(20)).to_string(),
            closes_on: (today + chrono::Duration::days(40)).to_string(),
        },
    )
    .await?;
    let opd = |name: &'static str| async move {
        Ok::<_, kotacerdas_store::StoreError>(
            opds::list(db, region_id).await?.into_iter().find(|o| o.short_name == name).map(|o| o.id.to_string()),
        )
    };
    let all = programmes::list(db, region_id).await?;
    for (n, (kind, title, body, dim, el, kec, name, fate)) in INPUTS.iter().enumerate() {
        let sender = Sender { user_id: None, name: None, hash: format!("demo{n:02}") };
        let draft = InputDraft {
            kind: kind.to_string(),
            title: title.to_string(),
            body: body.to_string(),
            dimension_code: dim.to_string(),
            element_code: el.to_string(),
            kecamatan: kec.to_string(),
            author_name: name.to_string(),
            ..Default::default()
        };
        let i = participation::submit(db, region_id, c.id, &draft, &sender, None).await?;
        match *fate {
            "pending" => continue,
            "hide" => {
                participation::moderate_input(db, region_admin, region_id, i.id, false, "Iklan, bukan masukan.")
                    .await?;
                continue;
            }
            _ => {
                participation::moderate_input(db, region_admin, region_id, i.id, true, "").await?;
            }
        }
        for s in 0..(7 - n as i64) {
            participation::support(db, region_id, i.id, &format!("c:demo-{s}"), &sender).await?;
        }
        if *fate == "link" {
            if let Some(dinkes) = opd("Dinkes").await? {
                let answer = "Terima kasih. Antrean daring puskesmas masuk program Masterplan dan mulai diuji di dua puskesmas tahun ini.";
                participation::answer(db, region_admin, region_id, i.id, &dinkes, answer).await?;
            }
            if let Some(p) = all.iter().find(|p| p.programme.element_code == "LIV-HE") {
                participation::add_link(
                    db,
                    region_admin,
                    region_id,
                    i.id,
                    participation::link::PROGRAMME,
                    &p.programme.id.to_string(),
                )
                .await?;
            }
            let cm = participation::comment(
                db,
                region_id,
                i.id,
                &sender,
                "Pak Ujang",
                "Setuju, di Puskesmas Cibening juga sama.",
            )
            .await?;
            participation::moderate_comment(db, region_admin, region_id, cm.id, true, "").await?;
            participation::comment(db, region_id, i.id, &sender, "", "Kapan mulai berlaku?").await?;
        }
        if *fate == "answer" {
            if let Some(kominfo) = opd("Diskominfo").await? {
                let answer = "Usulan kami catat untuk program Desa Digital; pemasangan di 10 balai desa pertama direncanakan tahun depan.";
                participation::answer(db, region_admin, region_id, i.id, &kominfo, answer).await?;
            }
        }
    }
    // Shared programmes: acknowledged by one neighbour, awaiting the other.
    for (name, partner, acknowledged) in [
        ("Pengolahan sampah menjadi energi di TPA regional", "99.71", true),
        ("Pengolahan sampah menjadi energi di TPA regional", "99.02", false),
        ("Lampu lalu lintas adaptif di simpang padat", "99.71", true),
    ] {
        let (Some(p), Ok(partner)) =
            (all.iter().find(|p| p.programme.name == name), regions::by_code(db, partner).await)
        else {
            continue;
        };
        let s = shares::invite(db, region_admin, region_id, p.programme.id, &partner.code).await?;
        if acknowledged {
            let who = Actor::system(&format!("demo: admin {}", partner.code));
            shares::decide(db, &who, partner.id, s.id, true, "Disepakati dalam forum kerja sama daerah.").await?;
        }
    }
    Ok(())
}
