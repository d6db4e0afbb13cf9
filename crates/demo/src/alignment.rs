//! Sukamaju's adopted RKPD 2026, as its planning system exports it — a title block, a two-row
//! header, program subtotal rows, codes typed as text, id-ID money — imported through the real
//! importer, so the alignment page opens on a realistic year: most programmes funded fully,
//! some partly, some not at all, one linked by a confirmed name suggestion, others waiting as
//! suggestions, and a few smart-city sub-activities that belong to no programme.

use kotacerdas_domain::alignment::LinkKind;
use kotacerdas_domain::format::thousands;
use kotacerdas_store::alignment::{self, import};
use kotacerdas_store::plan::programmes;
use kotacerdas_store::{Actor, Result, StoreError};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;

pub const YEAR: i32 = 2026;

/// Sub-activities of the RKPD that are not the masterplan's: (code, name, OPD, rupiah). The
/// first three name smart-city work.
const OTHERS: &[(&str, &str, &str, i64)] = &[
    (
        "1.02.03.2.02.0004",
        "Pengembangan Aplikasi Sistem Informasi Puskesmas (e-Puskesmas)",
        "Dinas Kesehatan",
        450_000_000,
    ),
    ("2.15.03.2.01.0002", "Pengadaan dan Pemasangan CCTV Simpang Kota", "Dinas Perhubungan", 780_000_000),
    (
        "2.16.03.2.02.0003",
        "Penyediaan Jaringan Internet Kantor Kecamatan",
        "Dinas Komunikasi dan Informatika",
        360_000_000,
    ),
    ("1.03.10.2.01.0001", "Pembangunan Jalan Poros Desa", "Dinas Pekerjaan Umum dan Penataan Ruang", 4_500_000_000),
    ("1.01.02.2.01.0007", "Pembangunan Ruang Kelas Baru Sekolah Dasar", "Dinas Pendidikan", 2_100_000_000),
];

fn cell(s: &str) -> String {
    if s.contains([';', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The CSV an export of the year's RKPD gives: `;`-separated, id-ID money with "Rp" and ",00".
pub async fn rkpd_csv(db: &DatabaseConnection, region_id: i64) -> Result<(String, Vec<String>)> {
    let opds: HashMap<i64, String> =
        kotacerdas_store::region::opds::list(db, region_id).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let mut due: Vec<programmes::Programme> =
        programmes::list(db, region_id).await?.into_iter().filter(|p| alignment::due(p, YEAR)).collect();
    due.sort_by_key(|p| p.programme.id);
    let mut rows: Vec<(String, String, String, String, String, i64)> = Vec::new();
    let mut by_name = Vec::new();
    for (k, p) in due.iter().enumerate() {
        let r = &p.programme;
        let planned = alignment::planned(p, YEAR);
        let opd = opds.get(&r.opd_id).cloned().unwrap_or_default();
        let kpi = p.kpis.first();
        let indicator = if k % 7 == 2 { String::new() } else { kpi.map(|x| x.kpi.name.clone()).unwrap_or_default() };
        let target = kpi
            .and_then(|x| x.targets.iter().find(|t| t.year == YEAR).map(|t| format!("{} {}", t.value, x.kpi.unit)))
            .unwrap_or_default();
        let gov = r.gov_code.clone().unwrap_or_default();
        let code = match gov.split('.').count() {
            6 => gov.clone(),
            5 => format!("{gov}.{:04}", k + 1),
            3 => format!("{gov}.2.01.{:04}", k + 1),
            _ => continue,
        };
        match k % 6 {
            // Not in the RKPD this year.
            4 => continue,
            // In the RKPD under another code and a name of its own: found by name only.
            3 => {
                // Under the OPD's support programme (x.xx.01), where such work often hides.
                let own = format!("{}.01.2.01.{:04}", gov.split('.').take(2).collect::<Vec<_>>().join("."), 900 + k);
                let name = format!("Pengembangan {}", r.name.to_lowercase());
                by_name.push(name.clone());
                rows.push((own, name, opd, indicator, target, planned));
            }
            // Partly: 40 % of what the masterplan plans.
            1 => rows.push((
                code,
                format!("{} (tahap awal)", r.name),
                opd,
                indicator,
                target,
                planned * 40 / 100 / 1_000_000 * 1_000_000,
            )),
            _ => rows.push((code, r.name.clone(), opd, indicator, target, planned)),
        }
    }
    for (code, name, opd, pagu) in OTHERS {
        rows.push((code.to_string(), name.to_string(), opd.to_string(), String::new(), String::new(), *pagu));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let total: i64 = rows.iter().map(|r| r.5).sum();
    let money = |v: i64| format!("Rp {},00", thousands(v));
    let mut out = String::new();
    out.push_str("RENCANA KERJA PEMERINTAH DAERAH KABUPATEN SUKAMAJU TAHUN 2026\n");
    out.push_str("Lampiran Peraturan Bupati Sukamaju Nomor 31 Tahun 2025\n\n");
    out.push_str("Kode;Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan;Perangkat Daerah;Indikator Kinerja;;Pagu Indikatif (Rp)\n");
    out.push_str(";;;Tolok Ukur;Target;\n");
    let mut program = String::new();
    for (code, name, opd, indicator, target, pagu) in &rows {
        let head: String = code.split('.').take(3).collect::<Vec<_>>().join(".");
        if head != program {
            let sum: i64 = rows.iter().filter(|r| r.0.starts_with(&format!("{head}."))).map(|r| r.5).sum();
            let title = kotacerdas_domain::govcode::find(&head)
                .map(|g| g.name.to_uppercase())
                .unwrap_or_else(|| "PROGRAM".into());
            out.push_str(&format!("{head};{};;;;{}\n", cell(&title), money(sum)));
            program = head;
        }
        out.push_str(&format!(
            "'{code};{};{};{};{};{}\n",
            cell(name),
            cell(opd),
            cell(indicator),
            cell(target),
            money(*pagu)
        ));
    }
    out.push_str(&format!(";JUMLAH;;;;{}\n", money(total)));
    Ok((out, by_name))
}

pub async fn load(db: &DatabaseConnection, region_admin: &Actor, region_id: i64) -> Result<()> {
    let (csv, by_name) = rkpd_csv(db, region_id).await?;
    let reading = import::read(csv.into_bytes().into(), None, None)
        .await?
        .map_err(|e| StoreError::Config(format!("demo RKPD unreadable: {e:?}")))?;
    if !reading.parsed.problems.is_empty() {
        return Err(StoreError::Config(format!("demo RKPD rows: {:?}", reading.parsed.problems)));
    }
    import::apply(db, region_admin, region_id, YEAR, "RKPD 2026 (Perbup 31/2025)", "rkpd-sukamaju-2026.csv", &reading)
        .await?;
    // The first programme found by name only is confirmed by the planner; the rest wait.
    let y = alignment::year(db, region_id, YEAR).await?;
    if let Some(first) = by_name.first() {
        let item = y.items.iter().find(|i| &i.name == first);
        let row = y.alignment.rows.iter().find(|r| r.suggestions.iter().any(|(id, _)| Some(*id) == item.map(|i| i.id)));
        if let (Some(item), Some(row)) = (item, row) {
            alignment::decide(db, region_admin, region_id, row.programme_id, item.id, LinkKind::Confirmed).await?;
        }
    }
    Ok(())
}
