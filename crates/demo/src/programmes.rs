//! The demo region's programme register: about sixty programmes over all eighteen elements and
//! ten years, with KPIs, partners and links to stage 1, seven Quick Win candidates of which four
//! are selected — and a few deliberate plan-check findings so the checks have something to show
//! (a programme without KPI, a year without target, a name used by two OPDs, two programmes not
//! linked to the RPJMD).

use kotacerdas_domain::programme_input::{KpiInput, ProgrammeInput};
use kotacerdas_domain::quickwin::SheetInput;
use kotacerdas_store::plan::programmes;
use kotacerdas_store::plan::quickwins;
use kotacerdas_store::{analysis::inventory, analysis::problems, region::opds, Actor, Result};
use sea_orm::DatabaseConnection;
use std::collections::{BTreeMap, HashMap};

/// (OPD, element, name, brand, horizon, start, end, APBD per year in million rupiah,
///  KPI name ("" = none), unit, baseline, final target, direction, Permendagri 90 code)
type Seed = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i32,
    i32,
    i64,
    &'static str,
    &'static str,
    f64,
    f64,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const SEEDS: &[Seed] = &[
    ("Disdukcapil", "GOV-PS", "Akta kelahiran terbit dua hari setelah lahir", "Lahir Langsung Akta", "quick_win", 2025, 2025, 350, "Waktu terbit akta kelahiran", "hari", 14.0, 2.0, "down", "2.12.03"),
    ("DPMPTSP", "GOV-PS", "Perizinan usaha terintegrasi satu pintu daring", "SIMPEL", "short", 2025, 2027, 1200, "Waktu terbit izin usaha", "hari", 14.0, 3.0, "down", "2.18.04"),
    ("Diskominfo", "GOV-PS", "Mal pelayanan publik digital", "MPP Digital", "medium", 2026, 2030, 1800, "Layanan yang dapat diajukan daring", "layanan", 40.0, 186.0, "up", "2.16.03.2.02.0008"),
    ("Disdukcapil", "GOV-PS", "KTP elektronik dan KIA jemput bola ke desa", "Dukcapil Keliling", "quick_win", 2025, 2025, 250, "Cakupan Kartu Identitas Anak", "%", 38.0, 60.0, "up", "2.12.02"),
    ("BPKAD", "GOV-BM", "Sistem informasi keuangan daerah terintegrasi", "SIKD Terpadu", "medium", 2025, 2029, 900, "OPD memakai sistem keuangan terintegrasi", "%", 40.0, 100.0, "up", "5.02.02"),
    ("Diskominfo", "GOV-BM", "Tanda tangan elektronik untuk seluruh naskah dinas", "TTE Sukamaju", "short", 2025, 2026, 300, "Naskah dinas bertanda tangan elektronik", "%", 12.0, 95.0, "up", "2.16.03.2.02.0001"),
    ("Bappeda", "GOV-BM", "Perencanaan dan penganggaran berbasis satu data", "e-Planning", "medium", 2026, 2030, 700, "Program RKPD bersumber data terverifikasi", "%", 30.0, 90.0, "up", "5.01.02"),
    ("Diskominfo", "GOV-BM", "Pusat data dan komputasi awan pemerintah daerah", "", "long", 2025, 2034, 2500, "Aplikasi OPD di pusat data daerah", "%", 15.0, 90.0, "up", "2.16.03.2.02.0002"),
    ("Diskominfo", "GOV-BM", "Sistem penghubung layanan antaraplikasi", "Sukamaju Connect", "medium", 2025, 2029, 750, "Aplikasi yang saling terhubung", "aplikasi", 3.0, 40.0, "up", "2.16.03.2.02.0009"),
    ("Diskominfo", "GOV-PP", "Kanal aduan warga terpadu terhubung SP4N-LAPOR!", "Lapor Sukamaju", "quick_win", 2025, 2025, 200, "Aduan ditindaklanjuti ≤ 5 hari", "%", 45.0, 90.0, "up", "2.16.02.2.01.0002"),
    ("Bappeda", "GOV-PP", "Musrenbang daring dan konsultasi publik kebijakan", "Musrenbang Online", "short", 2026, 2028, 400, "Usulan warga yang masuk daring", "usulan", 0.0, 5000.0, "up", "5.01.02"),
    ("Diskominfo", "GOV-PP", "Portal Satu Data Sukamaju", "Satu Data", "medium", 2025, 2029, 850, "Set data terbuka yang mutakhir", "set data", 35.0, 300.0, "up", "2.20.02"),
    ("Disparbud", "BRA-TO", "Promosi destinasi wisata berbasis data kunjungan", "Wisata Sukamaju", "short", 2025, 2027, 800, "Kunjungan wisatawan", "ribu orang", 620.0, 820.0, "up", "3.26.03"),
    ("Disparbud", "BRA-TO", "Tiket dan reservasi wisata daring", "Jelajah Sukamaju", "medium", 2026, 2030, 650, "Transaksi tiket secara daring", "%", 0.0, 70.0, "up", "3.26.02"),
    ("Disparbud", "BRA-TO", "Desa wisata digital", "", "medium", 2027, 2031, 700, "Desa wisata dengan profil digital", "desa", 4.0, 30.0, "up", "3.26.02"),
    ("Disperindag", "BRA-BU", "Pemasaran digital UMKM unggulan", "UMKM Go Digital", "short", 2025, 2027, 600, "UMKM berjualan daring", "unit", 1200.0, 6000.0, "up", "2.17.07"),
    ("DPMPTSP", "BRA-BU", "Peta peluang investasi daerah daring", "Invest Sukamaju", "medium", 2026, 2030, 500, "Nilai investasi terealisasi", "miliar rupiah", 850.0, 1400.0, "up", "2.18.04"),
    ("Disperindag", "BRA-BU", "Kurasi dan sertifikasi produk lokal", "", "short", 2025, 2027, 350, "Produk bersertifikat halal dan PIRT", "produk", 300.0, 1500.0, "up", "3.31.02"),
    ("Disparbud", "BRA-CA", "Penataan wajah kota dan ruang publik bersejarah", "Kota Lama Bersinar", "long", 2025, 2034, 1500, "Ruang publik tertata", "lokasi", 3.0, 20.0, "up", "2.22.02"),
    ("Diskominfo", "BRA-CA", "Titik wifi publik di taman dan alun-alun", "Sukamaju Terhubung", "quick_win", 2025, 2025, 300, "Titik wifi publik aktif", "titik", 12.0, 60.0, "up", "2.16.03.2.02.0005"),
    ("Satpol PP", "BRA-CA", "Penertiban reklame dan pedagang kaki lima berbasis peta", "", "short", 2026, 2028, 250, "Reklame berizin terdata di peta", "%", 35.0, 95.0, "up", "1.05.02"),
    ("Disperindag", "ECO-IN", "Sentra industri kecil dan menengah berbasis data", "", "medium", 2026, 2030, 1100, "IKM terdata dalam SIINas", "unit", 800.0, 3000.0, "up", "3.31.02"),
    ("Bappeda", "ECO-IN", "Riset dan inovasi daerah bersama perguruan tinggi", "Sukamaju Inovasi", "long", 2025, 2034, 600, "Inovasi daerah yang diterapkan", "inovasi", 12.0, 80.0, "up", "5.05.02"),
    ("Disperindag", "ECO-IN", "Pelatihan kerja digital bagi pencari kerja muda", "", "short", 2025, 2027, 450, "Peserta pelatihan yang terserap kerja", "%", 20.0, 45.0, "up", "2.07.03"),
    ("Dinsos", "ECO-WE", "Pemutakhiran DTKS terpadu dengan data kependudukan", "", "long", 2025, 2034, 600, "Ketepatan sasaran bantuan sosial", "%", 78.0, 95.0, "up", "1.06.05"),
    ("Dinsos", "ECO-WE", "Bantuan sosial nontunai tepat sasaran", "Bansos Tepat", "medium", 2025, 2029, 900, "Bantuan disalurkan nontunai", "%", 55.0, 100.0, "up", "1.06.05"),
    ("Bappeda", "ECO-WE", "Data terpadu penanggulangan kemiskinan ekstrem", "", "short", 2025, 2027, 300, "Penduduk miskin ekstrem", "%", 1.8, 0.0, "down", "5.01.02"),
    ("BPKAD", "ECO-TR", "Pembayaran pajak dan retribusi daerah nontunai", "Bayar Sukamaju", "short", 2025, 2027, 700, "Penerimaan pajak daerah nontunai", "%", 35.0, 90.0, "up", "5.02.04"),
    ("Disperindag", "ECO-TR", "Pasar rakyat dengan pembayaran QRIS", "Pasar Pintar", "quick_win", 2025, 2025, 400, "Pedagang pasar yang menerima QRIS", "%", 8.0, 50.0, "up", "3.30.03"),
    ("BPKAD", "ECO-TR", "Elektronifikasi transaksi pemerintah daerah", "ETPD", "medium", 2025, 2029, 500, "Indeks elektronifikasi transaksi", "indeks", 62.0, 90.0, "up", "5.02.02"),
    ("Bappeda", "LIV-HA", "Kawasan permukiman layak huni berbasis peta", "", "long", 2026, 2034, 800, "Rumah tidak layak huni", "unit", 9800.0, 2000.0, "down", "1.04.03"),
    ("DLH", "LIV-HA", "Air minum aman untuk desa rawan air", "", "medium", 2025, 2029, 1400, "Rumah tangga dengan air minum aman", "%", 61.0, 85.0, "up", "1.03.03"),
    ("Satpol PP", "LIV-HA", "Sistem peringatan dini kebakaran permukiman", "", "short", 2026, 2028, 350, "Waktu tanggap kebakaran", "menit", 25.0, 15.0, "down", "1.05.04"),
    ("Dinkes", "LIV-HE", "Antrean daring dan telemedisin puskesmas", "Sukamaju Sehat", "medium", 2025, 2029, 2400, "Waktu tunggu rawat jalan", "menit", 150.0, 60.0, "down", "1.02.02"),
    ("Dinkes", "LIV-HE", "Rekam medis elektronik seluruh puskesmas", "", "short", 2025, 2027, 1300, "Puskesmas memakai rekam medis elektronik", "%", 20.0, 100.0, "up", "1.02.02"),
    ("Dinkes", "LIV-HE", "Pemantauan stunting berbasis posyandu digital", "Cegah Stunting", "medium", 2025, 2029, 900, "Prevalensi stunting balita", "%", 21.4, 14.0, "down", "1.02.05"),
    ("Dinkes", "LIV-HE", "Layanan gawat darurat 112 terpadu", "", "quick_win", 2026, 2026, 450, "Waktu tanggap ambulans", "menit", 40.0, 20.0, "down", "1.02.02"),
    ("Dinkes", "LIV-HE", "Kartu sehat digital terhubung BPJS", "", "short", 2026, 2028, 300, "Peserta JKN dengan kartu digital", "%", 20.0, 90.0, "up", "1.02.02"),
    ("Dishub", "LIV-MO", "Lampu lalu lintas adaptif di simpang padat", "ATCS Sukamaju", "medium", 2025, 2029, 2800, "Waktu tempuh koridor utama", "menit", 42.0, 30.0, "down", "2.15.02"),
    ("Dishub", "LIV-MO", "Informasi angkutan umum waktu nyata", "Angkot Pintar", "short", 2026, 2028, 600, "Armada angkutan umum ber-GPS", "%", 10.0, 80.0, "up", "2.15.02"),
    ("Dishub", "LIV-MO", "Parkir elektronik di pusat kota", "", "short", 2025, 2027, 500, "Retribusi parkir nontunai", "%", 0.0, 80.0, "up", "2.15.02"),
    ("Diskominfo", "SOC-CO", "Literasi digital warga dan perangkat desa", "Sukamaju Cakap Digital", "long", 2025, 2034, 400, "Warga terlatih literasi digital", "orang", 2000.0, 40000.0, "up", "2.16.02"),
    ("Disdik", "SOC-CO", "Literasi digital warga dan perangkat desa", "", "medium", 2026, 2030, 250, "Siswa dan orang tua terlatih", "orang", 0.0, 15000.0, "up", "1.01.02"),
    ("Bappeda", "SOC-CO", "Forum komunitas kota cerdas", "", "medium", 2025, 2029, 150, "Komunitas aktif dalam forum", "komunitas", 5.0, 40.0, "up", "5.01.02"),
    ("Dinsos", "SOC-CO", "Layanan sosial digital untuk penyandang disabilitas", "", "medium", 2027, 2031, 350, "Penyandang disabilitas terdata dan terlayani", "%", 30.0, 80.0, "up", "1.06.04"),
    ("Disdik", "SOC-LE", "Internet sekolah di wilayah perbukitan", "Sekolah Terhubung", "medium", 2026, 2029, 1500, "Sekolah terhubung internet", "%", 55.0, 100.0, "up", "1.01.02"),
    ("Disdik", "SOC-LE", "Platform belajar daring guru dan siswa", "", "short", 2025, 2027, 700, "Guru aktif di platform belajar", "%", 10.0, 80.0, "up", "1.01.04"),
    ("Disdik", "SOC-LE", "Perpustakaan digital daerah", "Pustaka Sukamaju", "medium", 2026, 2030, 400, "Koleksi digital", "judul", 500.0, 8000.0, "up", "2.23.02"),
    ("Satpol PP", "SOC-SE", "CCTV terpadu dan ruang kendali keamanan kota", "Command Center", "long", 2025, 2034, 2200, "Titik CCTV terpantau", "titik", 40.0, 400.0, "up", "1.05.02"),
    ("Diskominfo", "SOC-SE", "Keamanan informasi dan CSIRT daerah", "Sukamaju-CSIRT", "medium", 2025, 2029, 500, "Insiden siber tertangani ≤ 24 jam", "%", 50.0, 95.0, "up", "2.21.02"),
    ("Satpol PP", "SOC-SE", "Peta rawan bencana dan peringatan dini banjir", "", "medium", 2026, 2030, 900, "Desa rawan banjir dengan sensor", "desa", 0.0, 45.0, "up", "1.05.03"),
    ("DLH", "ENV-PR", "Pemantauan kualitas air sungai otomatis", "Sungai Sehat", "medium", 2025, 2029, 1000, "Indeks kualitas air", "indeks", 48.0, 60.0, "up", "2.11.03"),
    ("DLH", "ENV-PR", "Pemantauan kualitas udara di kawasan industri", "", "short", 2027, 2029, 600, "Stasiun pemantau udara", "stasiun", 1.0, 6.0, "up", "2.11.03"),
    ("Bappeda", "ENV-PR", "Ruang terbuka hijau terdata dan terpantau", "", "long", 2025, 2034, 500, "Luas RTH publik", "%", 11.0, 20.0, "up", "2.11.02"),
    ("DLH", "ENV-WA", "Pengangkutan sampah terpantau GPS dan bank sampah digital", "Sampah Beres", "medium", 2026, 2030, 3100, "Sampah terangkut", "%", 65.0, 90.0, "up", "2.11.11"),
    ("DLH", "ENV-WA", "Aplikasi jemput sampah terpilah rumah tangga", "", "quick_win", 2025, 2025, 300, "Rumah tangga memilah sampah", "%", 5.0, 15.0, "up", "2.11.11"),
    ("DLH", "ENV-WA", "Pengolahan sampah menjadi energi di TPA regional", "", "long", 2027, 2034, 4500, "Sampah diolah di TPA", "%", 0.0, 40.0, "up", "2.11.11"),
    ("Dishub", "ENV-EN", "Penerangan jalan umum LED cerdas", "PJU Hemat", "medium", 2025, 2029, 2000, "PJU memakai lampu LED", "%", 18.0, 90.0, "up", "2.15.02"),
    ("Bappeda", "ENV-EN", "Panel surya di gedung pemerintah", "", "medium", 2027, 2031, 1800, "Kapasitas PLTS atap", "kWp", 0.0, 1500.0, "up", "5.01.02"),
    ("DLH", "ENV-EN", "Audit energi gedung perkantoran", "", "short", 2025, 2026, 200, "", "", 0.0, 0.0, "up", "2.11.02"),
];

/// Deliberate findings: programmes left without an RPJMD link, and a programme with a year
/// without a target.
const NOT_LINKED: &[&str] = &["Pemantauan kualitas udara di kawasan industri", "Panel surya di gedung pemerintah"];
/// Flagships that serve further dimensions besides their primary element (issue 18, part 5):
/// their budget stays on the primary one; the programmes page, roadmap, book and portal show the
/// reach ("+… lintas dimensi").
const REACH: &[(&str, &[&str])] = &[
    ("Mal pelayanan publik digital", &["ECO-IN", "SOC-CO"]),
    ("Portal Satu Data Sukamaju", &["ECO-IN", "LIV-HA", "SOC-LE"]),
    ("Pemasaran digital UMKM unggulan", &["ECO-WE", "ECO-TR"]),
    ("Titik wifi publik di taman dan alun-alun", &["SOC-LE"]),
    ("Pemutakhiran DTKS terpadu dengan data kependudukan", &["GOV-PP", "SOC-CO"]),
];
const MISSING_TARGET: (&str, i32) = ("Sistem peringatan dini kebakaran permukiman", 2027);

/// Programmes shared with neighbouring regions.
const SHARED: &[(&str, &str)] = &[
    ("Pengolahan sampah menjadi energi di TPA regional", "Kota Tirtamulya (99.71), Kabupaten Lembah Hijau (99.02)"),
    ("Lampu lalu lintas adaptif di simpang padat", "Kota Tirtamulya (99.71)"),
];

const PARTNERS: &[(&str, &str)] = &[
    ("academia", "Universitas Sukamaju"),
    ("business", "Bank Pembangunan Daerah Sukamaju"),
    ("community", "Relawan TIK Sukamaju"),
    ("media", "Radio Suara Sukamaju"),
    ("business", "Asosiasi UMKM Sukamaju"),
];

/// The RPJMD goal a programme serves: by dimension, from the period its first year falls in.
fn rpjmd_goal(dimension: &str, start: i32) -> (usize, &'static str) {
    match (dimension, start >= 2027) {
        ("GOV", true) => (1, "T1.1"),
        ("BRA" | "ECO", true) => (1, "T2.1"),
        ("GOV", false) => (0, "T1.1"),
        ("ECO", false) => (0, "T2.2"),
        ("BRA", false) => (0, "T2.2"),
        ("ENV", _) => (0, "T3.1"),
        _ => (0, "T2.1"),
    }
}

/// A KPI value the Indonesian way, without trailing zeros.
fn value(v: f64) -> String {
    let s = format!("{v:.1}");
    s.trim_end_matches(".0").to_string()
}

pub(crate) async fn load(
    db: &DatabaseConnection,
    who: &Actor,
    region_id: i64,
    rpjmd: &HashMap<(usize, &'static str), i64>,
) -> Result<()> {
    let opd_list = opds::list(db, region_id).await?;
    let opd_id = |short: &str| opd_list.iter().find(|o| o.short_name == short).map(|o| o.id);
    let problem_list = problems::list(db, region_id).await?;
    let apps = inventory::apps(db, region_id).await?;
    let datasets = inventory::datasets(db, region_id).await?;
    let mut saved: HashMap<&str, i64> = HashMap::new();
    for (i, seed) in SEEDS.iter().enumerate() {
        let (opd, element, name, brand, horizon, start, end, millions, kpi, unit, base, goal, dir, code) = *seed;
        let Some(lead) = opd_id(opd) else { continue };
        let dimension = &element[..3];
        let years: Vec<i32> = (start..=end).collect();
        let span = f64::from(end - start + 1);
        let kpi_value = |y: i32| value(base + (goal - base) * f64::from(y - start + 1) / span);
        let mut input = ProgrammeInput {
            opd_id: lead.to_string(),
            element_code: element.into(),
            name: name.into(),
            brand_name: brand.into(),
            description: format!(
                "{name}. Program ini dijalankan {opd} bersama OPD pendukung untuk elemen {element}, menjawab \
                 permasalahan yang dipetakan pada analisis strategis."
            ),
            horizon: horizon.into(),
            start_year: start.to_string(),
            end_year: end.to_string(),
            output: format!("{name} berjalan di seluruh wilayah sasaran"),
            outcome: if kpi.is_empty() { String::new() } else { format!("{kpi} mencapai {} {unit}", value(goal)) },
            gov_code: code.into(),
            also_serves: REACH
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, e)| e.iter().map(|c| c.to_string()).collect())
                .unwrap_or_default(),
            ..Default::default()
        };
        for y in &years {
            if (name, *y) != MISSING_TARGET && !kpi.is_empty() {
                input.targets.insert(*y, format!("{kpi}: {} {unit}", kpi_value(*y)));
            } else if kpi.is_empty() {
                input.targets.insert(*y, "Laporan audit energi gedung".into());
            }
            // Budgets grow 5% a year; every fourth programme draws on CSR, long ones on DAK in
            // their first year, and waste-to-energy on a KPBU from its third year.
            let apbd = millions * 1_000_000 * (100 + 5 * i64::from(y - start)) / 100;
            input.budgets.insert((*y, "apbd".into()), apbd.to_string());
            if i % 4 == 0 {
                input.budgets.insert((*y, "csr".into()), (apbd / 5).to_string());
            }
            if horizon == "long" && *y == start {
                input.budgets.insert((*y, "apbn".into()), (apbd / 2).to_string());
            }
            if element == "ENV-WA" && horizon == "long" && *y >= start + 2 {
                input.budgets.insert((*y, "kpbu".into()), (apbd * 3).to_string());
            }
        }
        if !kpi.is_empty() {
            input.kpis.push(KpiInput {
                name: kpi.into(),
                unit: unit.into(),
                baseline: value(base).replace('.', ","),
                baseline_year: "2024".into(),
                direction: dir.into(),
                targets: years.iter().map(|y| (*y, kpi_value(*y).replace('.', ","))).collect::<BTreeMap<_, _>>(),
            });
        }
        if let Some(d) = opd_id("Diskominfo").filter(|d| *d != lead) {
            input.support_opds.push(d.to_string());
        }
        if horizon == "long" {
            if let Some(b) = opd_id("Bappeda").filter(|b| *b != lead) {
                input.support_opds.push(b.to_string());
            }
        }
        let (helix, partner) = PARTNERS[i % PARTNERS.len()];
        input.partners.push((helix.into(), partner.into()));
        input.problems = problem_list
            .iter()
            .filter(|p| p.element_code == element && p.kind == "problem")
            .map(|p| p.id.to_string())
            .collect();
        input.apps =
            apps.iter().filter(|a| a.element_code.as_deref() == Some(element)).map(|a| a.id.to_string()).collect();
        input.datasets =
            datasets.iter().filter(|d| d.element_code.as_deref() == Some(element)).map(|d| d.id.to_string()).collect();
        if !NOT_LINKED.contains(&name) {
            input.rpjmd = rpjmd.get(&rpjmd_goal(dimension, start)).map(|id| vec![id.to_string()]).unwrap_or_default();
        }
        input.neighbours = SHARED.iter().find(|s| s.0 == name).map(|s| s.1.to_string()).unwrap_or_default();
        let row = programmes::save(db, who, region_id, None, &input).await?;
        saved.insert(name, row.id);
    }
    load_quick_wins(db, who, region_id, &saved).await
}

/// (programme, scores per default criterion, sheet: problem, solution, owner, beneficiaries,
///  start, months, metric, unit, before, target) — sheets only for the four selected.
type QuickWinSeed = (&'static str, [i32; 6], Option<[&'static str; 10]>);

#[rustfmt::skip]
const QUICK_WINS: &[QuickWinSeed] = &[
    ("Akta kelahiran terbit dua hari setelah lahir", [5, 5, 4, 4, 4, 5], Some([
        "Orang tua menunggu rata-rata 14 hari dan datang dua kali ke kantor Disdukcapil untuk akta kelahiran.",
        "Akta diterbitkan dari rumah sakit dan puskesmas saat kelahiran dilaporkan, dikirim sebagai PDF bertanda tangan elektronik.",
        "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        "± 18.000 bayi lahir per tahun dan orang tuanya",
        "2025-02-01", "10", "Waktu terbit akta kelahiran", "hari", "14", "2",
    ])),
    ("Kanal aduan warga terpadu terhubung SP4N-LAPOR!", [5, 4, 5, 5, 4, 4], Some([
        "Aduan warga tersebar di media sosial, surat dan telepon tanpa nomor tiket; banyak yang tidak dijawab.",
        "Satu kanal aduan (web, WhatsApp, aplikasi) terhubung SP4N-LAPOR! dengan tenggat tindak lanjut per OPD.",
        "Kepala Dinas Komunikasi dan Informatika",
        "Seluruh warga; ± 6.000 aduan per tahun",
        "2025-03-01", "9", "Aduan ditindaklanjuti ≤ 5 hari", "%", "45", "90",
    ])),
    ("Pasar rakyat dengan pembayaran QRIS", [4, 3, 4, 5, 3, 4], Some([
        "Retribusi dan jual beli di pasar rakyat tunai; kebocoran retribusi dan pedagang sulit mengakses kredit.",
        "QRIS untuk pedagang dan retribusi harian di lima pasar utama bersama Bank Pembangunan Daerah.",
        "Kepala Dinas Perindustrian dan Perdagangan",
        "2.400 pedagang di lima pasar dan pembelinya",
        "2025-04-01", "8", "Pedagang pasar yang menerima QRIS", "%", "8", "50",
    ])),
    ("Aplikasi jemput sampah terpilah rumah tangga", [4, 4, 3, 4, 3, 4], Some([
        "Sampah rumah tangga tidak terpilah sehingga bank sampah sepi dan TPA cepat penuh.",
        "Warga memesan jemput sampah terpilah lewat aplikasi; bank sampah mencatat tabungan warga secara digital.",
        "Kepala Dinas Lingkungan Hidup",
        "12.000 rumah tangga di kecamatan kota",
        "2025-05-01", "8", "Rumah tangga memilah sampah", "%", "5", "15",
    ])),
    ("KTP elektronik dan KIA jemput bola ke desa", [4, 3, 4, 3, 4, 4], None),
    ("Titik wifi publik di taman dan alun-alun", [3, 2, 5, 3, 4, 3], None),
    ("Layanan gawat darurat 112 terpadu", [5, 5, 2, 2, 2, 4], None),
];

async fn load_quick_wins(
    db: &DatabaseConnection,
    who: &Actor,
    region_id: i64,
    saved: &HashMap<&str, i64>,
) -> Result<()> {
    let criteria = quickwins::criteria(db, region_id).await?;
    for (name, scores, sheet) in QUICK_WINS {
        let Some(id) = saved.get(name) else { continue };
        let raw: HashMap<String, String> =
            criteria.iter().zip(scores.iter()).map(|(c, s)| (c.code.clone(), s.to_string())).collect();
        quickwins::save_scores(db, who, region_id, *id, &raw).await?;
        if let Some([problem, solution, owner, beneficiaries, start, months, metric, unit, before, target]) = sheet {
            let input = SheetInput {
                selected: true,
                problem: problem.to_string(),
                solution: solution.to_string(),
                owner: owner.to_string(),
                beneficiaries: beneficiaries.to_string(),
                start_date: start.to_string(),
                months: months.to_string(),
                metric_name: metric.to_string(),
                metric_unit: unit.to_string(),
                metric_before: before.to_string(),
                metric_target: target.to_string(),
            };
            quickwins::save_sheet(db, who, region_id, *id, &input).await?;
        }
    }
    Ok(())
}
