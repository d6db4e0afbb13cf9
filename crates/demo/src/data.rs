//! The demo region's "real data" yardstick: topics, stewards, which data sets are official,
//! when each was last updated (relative to today, so the demo ages the same way every day),
//! and the programmes and decisions that use them. The mix is deliberate: some data sets are
//! stale, some unofficial, several unused, so every share of the yardstick is neither 0 nor 1.

use chrono::NaiveDate;
use kotacerdas_domain::data_yardstick::DecisionInput;
use kotacerdas_store::analysis::{data_uses, inventory};
use kotacerdas_store::plan::programmes;
use kotacerdas_store::{Actor, Result};
use sea_orm::DatabaseConnection;

/// (data set, topic, steward, official, days since the last update — `None`: never recorded)
const FACTS: &[(&str, &str, &str, bool, Option<i64>)] = &[
    ("Data kependudukan", "population", "Disdukcapil (walidata: Diskominfo)", true, Some(2)),
    ("Data izin usaha", "economy", "DPMPTSP", false, Some(20)),
    ("Kunjungan pasien", "health", "Dinas Kesehatan", true, Some(1)),
    ("Data sekolah dan siswa", "education", "Dinas Pendidikan (Dapodik)", true, Some(200)),
    ("Volume lalu lintas", "infrastructure", "Dinas Perhubungan", false, Some(45)),
    ("Timbulan sampah", "environment", "Dinas Lingkungan Hidup", false, Some(25)),
    ("Aduan warga", "governance", "Diskominfo", false, Some(0)),
    ("Penerima bantuan sosial (DTKS)", "welfare", "Dinas Sosial (walidata: Diskominfo)", true, Some(40)),
    ("Realisasi APBD", "governance", "BPKAD", true, Some(90)),
    ("Kunjungan wisata", "economy", "Dinas Pariwisata", false, None),
    ("Retribusi pasar", "economy", "Dinas Perdagangan", false, Some(3)),
    ("Kasus gangguan ketertiban", "governance", "Satpol PP", false, Some(400)),
];

/// (data set, days ago, the decision that used it)
const DECISIONS: &[(&str, i64, &str)] = &[
    ("Data kependudukan", 120, "Penetapan sasaran posyandu dan imunisasi tahun berjalan"),
    ("Penerima bantuan sosial (DTKS)", 60, "SK Bupati tentang penerima bantuan pangan daerah"),
    ("Kunjungan pasien", 30, "Penambahan jam layanan Puskesmas Sukamaju Kota"),
    ("Realisasi APBD", 100, "Pergeseran anggaran pada perubahan APBD"),
];

/// Data sets used by the region's programmes of the same element (the first such programme).
const PROGRAMME_USES: &[&str] =
    &["Penerima bantuan sosial (DTKS)", "Data sekolah dan siswa", "Timbulan sampah", "Kunjungan pasien"];

/// The yardstick fields of a demo data set as a form would send them.
pub(crate) fn fields(name: &str, today: NaiveDate) -> (String, String, String, String) {
    match FACTS.iter().find(|f| f.0 == name) {
        Some((_, topic, steward, official, age)) => (
            topic.to_string(),
            steward.to_string(),
            if *official { "ya" } else { "tidak" }.to_string(),
            age.map(|d| (today - chrono::Duration::days(d)).to_string()).unwrap_or_default(),
        ),
        None => ("other".into(), String::new(), "tidak".into(), String::new()),
    }
}

/// The uses, once the programmes exist.
pub(crate) async fn load_uses(db: &DatabaseConnection, who: &Actor, region_id: i64) -> Result<()> {
    let today = data_uses::today(db, region_id).await?;
    let sets = inventory::datasets(db, region_id).await?;
    let id_of = |name: &str| sets.iter().find(|d| d.name == name);
    for (name, ago, text) in DECISIONS {
        if let Some(d) = id_of(name) {
            let input = DecisionInput {
                decided_on: (today - chrono::Duration::days(*ago)).to_string(),
                description: text.to_string(),
            };
            data_uses::add_decision(db, who, region_id, d.id, &input).await?;
        }
    }
    let progs = programmes::list(db, region_id).await?;
    for name in PROGRAMME_USES {
        let Some(d) = id_of(name) else { continue };
        let same = progs.iter().find(|p| Some(p.programme.element_code.as_str()) == d.element_code.as_deref());
        if let Some(p) = same {
            data_uses::add_programme_use(db, who, region_id, d.id, &p.programme.id.to_string()).await?;
        }
    }
    Ok(())
}
