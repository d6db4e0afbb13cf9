//! Sukamaju reviews its first masterplan: the 2018 edition, written on paper before the region
//! used the product, is on record with its programmes, so the current (second) edition's book
//! and pages show what was kept, dropped and added.

use kotacerdas_domain::edition::EarlierInput;
use kotacerdas_store::region::editions;
use kotacerdas_store::{Actor, Result};
use sea_orm::DatabaseConnection;

/// dimension | programme | OPD | rupiah — as a planner pastes it from the old book's annex.
const PROGRAMMES_2018: &str = "\
Smart Governance | Portal Satu Data Sukamaju | Diskominfo | 600.000.000
Smart Governance | Kanal aduan warga terpadu terhubung SP4N-LAPOR! | Diskominfo | 150.000.000
Smart Governance | Aplikasi e-Kinerja ASN | BKPSDM | 400.000.000
Smart Governance | SMS center pengaduan warga | Diskominfo | 90.000.000
Smart Branding | Titik wifi publik di taman dan alun-alun | Diskominfo | 250.000.000
Smart Branding | Papan informasi digital di kantor kecamatan | Diskominfo | 300.000.000
Smart Economy | Pasar rakyat dengan pembayaran QRIS | Disperindag | 200.000.000
Smart Economy | Kartu belanja UMKM elektronik | Disperindag | 350.000.000
Smart Living | Antrean daring dan telemedisin puskesmas | Dinkes | 1.500.000.000
Smart Living | Rekam medis elektronik seluruh puskesmas | Dinkes | 900.000.000
Smart Society | Kartu pelajar elektronik | Disdik | 500.000.000
Smart Environment | Aplikasi pemantauan banjir berbasis CCTV | BPBD | 700.000.000
";

pub async fn load(db: &DatabaseConnection, region_admin: &Actor, region_id: i64) -> Result<()> {
    let input = EarlierInput {
        period_start: "2018".into(),
        period_end: "2027".into(),
        mou_number: "045/NK/KOMINFO/2017".into(),
        mou_signed_on: "2017-05-12".into(),
        regulation_type: "perkada".into(),
        regulation_number: "45".into(),
        regulation_date: "2018-12-20".into(),
        programmes: PROGRAMMES_2018.into(),
        notes: "Masterplan pertama, Gerakan Menuju 100 Smart City angkatan 2017; ditinjau pada 2024 karena RPJMD baru."
            .into(),
    };
    editions::record_earlier(db, region_admin, region_id, &input).await?;
    Ok(())
}
