//! The demo's cohorts beyond the two yearly intakes: two cohorts in 2021 (the regular intake and
//! the tourism-area track), a 2026 cohort reviewing existing masterplans, and selection rounds
//! with candidates screened and decided; and every region's SK decrees (Sukamaju's with their
//! signed documents, stored by [`decree_files`] once the file storage is at hand).

use kotacerdas_domain::cohort::{CandidateInput, CohortInput, DecreeInput};
use kotacerdas_store::files::Storage;
use kotacerdas_store::region::{candidates, cohorts, decrees, regions};
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
    cohorts::create(
        db,
        office,
        &cohort(2021, "Kawasan Pariwisata 2021", "tourism_area", "3", "Kawasan pariwisata lintas kabupaten/kota."),
    )
    .await?;
    let review = cohorts::create(
        db,
        office,
        &cohort(2026, "Reviu Masterplan 2026", "review", "2", "Daerah yang masterplannya sudah berumur lima tahun."),
    )
    .await?;
    let intake_2025 = cohorts::list(db).await?.into_iter().find(|c| c.cohort.name == "Angkatan 2025");
    let rounds: Vec<(i64, &str, &str, &str, &str)> = [
        intake_2025.map(|c| (c.cohort.id, "99.72", "78", "accepted", "Tim dan anggaran TIK siap; komitmen Wali Kota kuat.")),
        intake_2025.map(|c| (c.cohort.id, "99", "66", "accepted", "Provinsi mendampingi kabupaten/kota anggotanya.")),
        Some((review.id, "99", "71", "waitlisted", "Masterplan 2016 perlu direviu; menunggu kuota berikutnya.")),
        Some((review.id, "99.02", "52", "rejected", "Belum pernah menyusun masterplan: ikuti jalur daerah tanpa masterplan.")),
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
