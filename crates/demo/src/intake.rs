//! The demo's cohorts beyond the two yearly intakes: two cohorts in 2021 (the regular intake and
//! the tourism-area track), a 2026 cohort reviewing existing masterplans, and selection rounds
//! with candidates screened and decided; and every region's SK decrees (Sukamaju's with their
//! signed documents, stored by [`decree_files`] once the file storage is at hand).

use kotacerdas_domain::cohort::{CandidateInput, CohortInput, DecreeInput};
use kotacerdas_domain::programme_input::ProgrammeInput;
use kotacerdas_domain::region::{MemberInput, MouInput, OpdInput, RegionInput};
use kotacerdas_store::files::Storage;
use kotacerdas_store::plan::programmes;
use kotacerdas_store::region::{candidates, cohorts, decrees, kawasan as kawasan_store, members, mou, opds, regions};
use kotacerdas_store::{Actor, DatabaseConnection, Result};

fn cohort(year: i32, name: &str, track: &str, quota: &str, notes: &str) -> CohortInput {
    CohortInput {
        year: year.to_string(),
        name: name.into(),
        track: track.into(),
        quota: quota.into(),
        notes: notes.into(),
    }
}

/// The extra cohorts and the selection rounds (the regions exist by now).
pub(crate) async fn load(db: &DatabaseConnection, office: &Actor) -> Result<()> {
    cohorts::create(db, office, &cohort(2021, "Angkatan 2021", "regular", "25", "")).await?;
    let tourism = cohorts::create(
        db,
        office,
        &cohort(2021, "Kawasan Pariwisata 2021", "tourism_area", "3", "Kawasan pariwisata lintas kabupaten/kota."),
    )
    .await?;
    kawasan(db, office, tourism.id).await?;
    let review = cohorts::create(
        db,
        office,
        &cohort(2026, "Reviu Masterplan 2026", "review", "2", "Daerah yang masterplannya sudah berumur lima tahun."),
    )
    .await?;
    let intake_2025 =
        cohorts::list(db).await?.into_iter().find(|c| c.cohort.name == "Angkatan 2025").map(|c| c.cohort.id);
    let rounds: Vec<(i64, &str, &str, &str, &str)> = [
        intake_2025.map(|c| (c, "99.72", "78", "accepted", "Tim dan anggaran TIK siap; komitmen Wali Kota kuat.")),
        intake_2025.map(|c| (c, "99", "66", "accepted", "Provinsi mendampingi kabupaten/kota anggotanya.")),
        Some((review.id, "99", "71", "waitlisted", "Masterplan 2016 perlu direviu; menunggu kuota berikutnya.")),
        Some((
            review.id,
            "99.02",
            "52",
            "rejected",
            "Belum pernah menyusun masterplan: ikuti jalur daerah tanpa masterplan.",
        )),
        Some((review.id, "99.71", "", "pending", "Menunggu hasil penilaian kesiapan.")),
    ]
    .into_iter()
    .flatten()
    .collect();
    for (cohort_id, code, score, decision, notes) in rounds {
        let r = regions::by_code(db, code).await?;
        let input = CandidateInput {
            region_id: r.id.to_string(),
            score: score.into(),
            notes: notes.into(),
            decision: decision.into(),
        };
        candidates::save(db, office, cohort_id, &input).await?;
    }
    Ok(())
}

/// The SK decrees forming the region's council and team (`i`: the region's place in the demo,
/// for distinct numbers), issued in its cohort's year.
pub(crate) async fn decrees(db: &DatabaseConnection, sys: &Actor, region_id: i64, i: usize, year: i32) -> Result<()> {
    for (body, n, day) in [("dewan", 188, 10), ("tim", 189, 12)] {
        let input = DecreeInput {
            body: body.into(),
            number: format!("{n}/Kep.{}-Diskominfo/{year}", 40 + i),
            issued_on: format!("{year}-03-{day:02}"),
            notes: String::new(),
        };
        decrees::save(db, sys, region_id, &input, None).await?;
    }
    Ok(())
}

/// Sukamaju's signed decrees, as PDF scans (needs the file storage).
pub async fn decree_files(db: &DatabaseConnection, storage: &Storage, region_id: i64) -> Result<()> {
    let admin = Actor::system("demo: admin.sukamaju");
    for d in decrees::list(db, region_id).await? {
        let pdf = format!(
            "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n% SK {}\n%%EOF\n",
            d.number
        );
        let name = format!("sk-{}-sukamaju.pdf", d.body);
        let file = storage.upload(db, &admin, Some(region_id), &name, pdf.into_bytes().into()).await?;
        decrees::save(db, &admin, region_id, &DecreeInput::from(&d), Some(file.id)).await?;
    }
    Ok(())
}

/// The kawasan of the tourism-area cohort: a lake-side tourism area across Sukamaju, Lembah
/// Hijau and Tirtamulya, with its own council and team, and programmes owned by its member
/// regions' OPDs (so they appear in those regions' plans too).
async fn kawasan(db: &DatabaseConnection, office: &Actor, cohort_id: i64) -> Result<()> {
    let k = regions::create(
        db,
        office,
        &RegionInput {
            code: "K.01".into(),
            name: "Kawasan Wisata Danau Sukamaju".into(),
            kind: "kawasan".into(),
            province: "Nusantara Jaya".into(),
            population: "1984200".into(),
            cohort_id: cohort_id.to_string(),
            time_zone: String::new(),
            has_masterplan: String::new(),
        },
    )
    .await?;
    let secretariat = opds::create(
        db,
        office,
        k.id,
        &OpdInput { name: "Sekretariat Bersama Kawasan".into(), short_name: "Sekber".into(), code: String::new() },
    )
    .await?;
    let mut owners = Vec::new();
    for (code, opd) in [("99.01", "Disparbud"), ("99.02", "Dishub"), ("99.71", "DLH")] {
        let r = regions::by_code(db, code).await?;
        kawasan_store::add(db, office, k.id, &r.id.to_string()).await?;
        if let Some(o) = opds::list(db, r.id).await?.into_iter().find(|o| o.short_name == opd) {
            owners.push(o.id);
        }
    }
    mou::save(
        db,
        office,
        k.id,
        &MouInput {
            number: "7/NK/KOMDIGI/2021".into(),
            signed_on: "2021-03-15".into(),
            notes: "Nota kesepakatan bersama tiga kepala daerah".into(),
        },
        None,
    )
    .await?;
    decrees(db, office, k.id, 9, 2021).await?;
    let member = |body: &str, role: &str, name: &str, position: &str, helix: &str, dimension: &str| MemberInput {
        body: body.into(),
        role: role.into(),
        name: name.into(),
        position: position.into(),
        helix: helix.into(),
        dimension_code: dimension.into(),
        sk_number: "188/1/Kep.Bersama/2021".into(),
        sk_date: "2021-03-20".into(),
        ..Default::default()
    };
    for m in [
        member("dewan", "chair", "Drs. H. Asep Kurniawan", "Bupati Sukamaju", "government", ""),
        member("dewan", "member", "Ir. Lestari Handayani", "Ketua Asosiasi Pengusaha Wisata Danau", "business", ""),
        member("dewan", "member", "Dr. Rudi Hartanto", "Dosen Pariwisata Politeknik Nusantara", "academia", ""),
        member("tim", "chair", "Kepala Bappeda Sukamaju", "Ketua Tim Pelaksana", "", ""),
        member("tim", "member", "Kepala Disparbud Sukamaju", "Anggota", "", "BRA"),
        member("tim", "member", "Kepala DLH Tirtamulya", "Anggota", "", "ENV"),
    ] {
        members::create(db, office, k.id, &m).await?;
    }
    let programme = |opd: i64, element: &str, name: &str, start: i32, end: i32, millions: i64| {
        let mut p = ProgrammeInput {
            opd_id: opd.to_string(),
            element_code: element.into(),
            name: name.into(),
            description: format!("{name}: program bersama kawasan wisata danau, dijalankan OPD daerah anggota."),
            horizon: "short".into(),
            start_year: start.to_string(),
            end_year: end.to_string(),
            support_opds: vec![secretariat.id.to_string()],
            ..Default::default()
        };
        for y in start..=end {
            p.targets.insert(y, format!("Tahap {} berjalan", y - start + 1));
            p.budgets.insert((y, "apbd".into()), (millions * 1_000_000).to_string());
        }
        p
    };
    let seeds = [
        ("BRA-TO", "Satu tiket wisata danau untuk tiga daerah", 2022, 2024, 850),
        ("LIV-MO", "Bus wisata keliling danau terjadwal", 2022, 2025, 1_200),
        ("ENV-WA", "Danau bersih: bank sampah desa wisata", 2022, 2024, 600),
    ];
    for (owner, (element, name, start, end, millions)) in owners.into_iter().zip(seeds) {
        programmes::save(db, office, k.id, None, &programme(owner, element, name, start, end, millions)).await?;
    }
    Ok(())
}
