//! Demo stage 1 for Kabupaten Sukamaju: problems in all 18 elements, and an application and data
//! inventory in which some apps feed others and some produce data nobody uses — the picture the
//! programme wants regions to see.

use kotacerdas_domain::analysis_input::{
    AppInput, DatasetInput, FigureInput, InstitutionInput, ProblemInput, RegulationInput, SwotInput,
};
use kotacerdas_store::analysis::{inventory, policies, problems, profile, swot};
use kotacerdas_store::{Actor, Result};
use sea_orm::DatabaseConnection;

/// (element, kind, title, evidence figure, source, year, severity, affected citizens, OPD index)
type ProblemSeed = (&'static str, &'static str, &'static str, &'static str, &'static str, i32, i32, i64, usize);

const PROBLEMS: &[ProblemSeed] = &[
    (
        "GOV-PS",
        "problem",
        "Perizinan usaha masih memerlukan 14 hari kerja",
        "14 hari",
        "DPMPTSP, rekap layanan",
        2024,
        4,
        18_500,
        7,
    ),
    ("GOV-PS", "condition", "Mal pelayanan publik melayani 186 jenis layanan", "186 layanan", "DPMPTSP", 2024, 1, 0, 7),
    (
        "GOV-BM",
        "problem",
        "Data kepegawaian tersebar di lima aplikasi yang tidak terhubung",
        "5 aplikasi",
        "Diskominfo, inventaris aplikasi",
        2024,
        3,
        9_400,
        0,
    ),
    (
        "GOV-PP",
        "problem",
        "Aduan warga tidak ditindaklanjuti dalam batas waktu",
        "41% aduan > 5 hari",
        "Lapor Sukamaju",
        2024,
        4,
        62_000,
        0,
    ),
    (
        "BRA-TO",
        "problem",
        "Kunjungan wisatawan mancanegara turun dan promosi tidak terukur",
        "-12% kunjungan",
        "Disparbud",
        2024,
        3,
        4_200,
        8,
    ),
    (
        "BRA-BU",
        "problem",
        "UMKM belum memanfaatkan pemasaran digital",
        "23% UMKM daring",
        "Disperindag, survei UMKM",
        2023,
        3,
        31_000,
        11,
    ),
    (
        "BRA-CA",
        "problem",
        "Kawasan alun-alun kumuh dan minim penerangan",
        "3 titik rawan",
        "Satpol PP",
        2024,
        2,
        45_000,
        12,
    ),
    (
        "ECO-IN",
        "problem",
        "Kawasan industri kecil belum memiliki data rantai pasok",
        "0 basis data",
        "Disperindag",
        2024,
        2,
        6_500,
        11,
    ),
    (
        "ECO-WE",
        "problem",
        "Angka kemiskinan di atas rata-rata provinsi",
        "9,8%",
        "BPS Kabupaten Sukamaju",
        2024,
        5,
        116_000,
        9,
    ),
    (
        "ECO-TR",
        "problem",
        "Retribusi pasar masih tunai dan rawan kebocoran",
        "78% tunai",
        "Disperindag",
        2024,
        3,
        3_800,
        11,
    ),
    (
        "LIV-HA",
        "problem",
        "Rencana detail tata ruang belum digital dan sulit diakses",
        "2 dari 9 RDTR",
        "Bappeda",
        2024,
        3,
        0,
        1,
    ),
    (
        "LIV-HE",
        "problem",
        "Antrean rawat jalan RSUD lebih dari tiga jam",
        "3,2 jam",
        "Dinkes, SIMRS",
        2024,
        5,
        210_000,
        2,
    ),
    ("LIV-HE", "problem", "Prevalensi stunting balita masih tinggi", "21,4%", "SSGI Kemenkes", 2023, 5, 19_600, 2),
    (
        "LIV-MO",
        "problem",
        "Kemacetan jam sibuk di koridor pasar induk",
        "12 km/jam",
        "Dishub, survei lalu lintas",
        2024,
        3,
        80_000,
        4,
    ),
    (
        "SOC-CO",
        "problem",
        "Forum warga dan komunitas tidak terhubung dengan perencanaan",
        "8 dari 31 kecamatan",
        "Bappeda, musrenbang",
        2024,
        2,
        0,
        1,
    ),
    (
        "SOC-LE",
        "problem",
        "Akses internet sekolah di daerah perbukitan terbatas",
        "37% sekolah",
        "Disdik, Dapodik",
        2024,
        4,
        28_000,
        3,
    ),
    (
        "SOC-SE",
        "problem",
        "Respons kejadian darurat tanpa nomor panggilan terpadu",
        "27 menit",
        "Satpol PP",
        2024,
        4,
        1_184_300,
        12,
    ),
    ("ENV-PR", "problem", "Kualitas air sungai utama tercemar limbah domestik", "IKA 48", "DLH", 2024, 4, 150_000, 5),
    ("ENV-WA", "problem", "Sampah tidak terangkut ke TPA", "35% timbulan", "DLH", 2024, 5, 400_000, 5),
    ("ENV-EN", "problem", "Penerangan jalan umum boros energi dan belum LED", "18% LED", "Dishub", 2024, 2, 0, 4),
];

/// (name, OPD index, frequency, open, element)
const DATASETS: &[(&str, usize, &str, &str, &str)] = &[
    ("Data kependudukan", 6, "daily", "tidak", "GOV-PS"),
    ("Data izin usaha", 7, "daily", "ya", "GOV-PS"),
    ("Kunjungan pasien", 2, "daily", "tidak", "LIV-HE"),
    ("Data sekolah dan siswa", 3, "yearly", "ya", "SOC-LE"),
    ("Volume lalu lintas", 4, "realtime", "tidak", "LIV-MO"),
    ("Timbulan sampah", 5, "monthly", "ya", "ENV-WA"),
    ("Aduan warga", 0, "realtime", "ya", "GOV-PP"),
    ("Penerima bantuan sosial (DTKS)", 9, "monthly", "tidak", "ECO-WE"),
    ("Realisasi APBD", 10, "monthly", "ya", "GOV-BM"),
    ("Kunjungan wisata", 8, "monthly", "ya", "BRA-TO"),
    ("Retribusi pasar", 11, "daily", "tidak", "ECO-TR"),
    ("Kasus gangguan ketertiban", 12, "daily", "tidak", "SOC-SE"),
];

/// (name, OPD index, purpose, users, status, hosting, element, produces, uses)
type AppSeed = (
    &'static str,
    usize,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [usize],
    &'static [usize],
);

const APPS: &[AppSeed] = &[
    (
        "SIAK Terpusat",
        6,
        "Pencatatan kependudukan dan akta",
        "Petugas Disdukcapil",
        "active",
        "pdn",
        "GOV-PS",
        &[0],
        &[],
    ),
    ("SIMPEL Sukamaju", 7, "Perizinan usaha daring", "Pelaku usaha", "active", "pdd", "GOV-PS", &[1], &[0]),
    (
        "SIMRS RSUD Sukamaju",
        2,
        "Rekam medis dan antrean rumah sakit",
        "Pasien, tenaga kesehatan",
        "active",
        "pdd",
        "LIV-HE",
        &[2],
        &[0],
    ),
    (
        "Sukamaju Sehat",
        2,
        "Telemedisin dan antrean daring puskesmas",
        "Warga",
        "development",
        "cloud",
        "LIV-HE",
        &[],
        &[0, 2, 7],
    ),
    ("Dapodik Daerah", 3, "Data pokok pendidikan daerah", "Operator sekolah", "active", "pdn", "SOC-LE", &[3], &[]),
    (
        "Parkir Elektronik",
        4,
        "Pembayaran parkir tepi jalan",
        "Juru parkir, warga",
        "active",
        "vendor",
        "LIV-MO",
        &[4],
        &[],
    ),
    (
        "Bank Sampah Digital",
        5,
        "Pencatatan setoran bank sampah",
        "Nasabah bank sampah",
        "active",
        "opd",
        "ENV-WA",
        &[5],
        &[],
    ),
    ("Lapor Sukamaju", 0, "Kanal aduan warga terpadu", "Warga, OPD", "active", "pdd", "GOV-PP", &[6], &[]),
    (
        "SIKS-NG Daerah",
        9,
        "Verifikasi data kesejahteraan sosial",
        "Pendamping sosial",
        "active",
        "pdn",
        "ECO-WE",
        &[7],
        &[0],
    ),
    (
        "Satu Data Sukamaju",
        0,
        "Portal data terbuka daerah",
        "Warga, OPD, peneliti",
        "active",
        "pdd",
        "GOV-BM",
        &[],
        &[1, 3, 6, 8, 9],
    ),
    (
        "e-Retribusi Pasar",
        11,
        "Pembayaran retribusi pasar nontunai",
        "Pedagang pasar",
        "development",
        "cloud",
        "ECO-TR",
        &[10],
        &[],
    ),
    (
        "SIPD Sukamaju",
        10,
        "Perencanaan dan penganggaran daerah",
        "Perencana OPD",
        "active",
        "pdn",
        "GOV-BM",
        &[8],
        &[10],
    ),
    ("Wisata Sukamaju", 8, "Informasi dan tiket destinasi wisata", "Wisatawan", "active", "cloud", "BRA-TO", &[9], &[]),
];

pub(crate) async fn load(db: &DatabaseConnection, who: &Actor, region_id: i64, opds: &[i64]) -> Result<()> {
    let opd = |i: usize| opds.get(i).map(|o| o.to_string()).unwrap_or_default();
    for (element, kind, title, figure, source, year, severity, affected, o) in PROBLEMS {
        let input = ProblemInput {
            element_code: element.to_string(),
            opd_id: opd(*o),
            kind: kind.to_string(),
            title: title.to_string(),
            description: String::new(),
            evidence_figure: figure.to_string(),
            evidence_source: source.to_string(),
            evidence_year: year.to_string(),
            severity: severity.to_string(),
            affected_citizens: if *affected > 0 { affected.to_string() } else { String::new() },
        };
        problems::create(db, who, region_id, &input).await?;
    }
    let mut set_ids = Vec::new();
    let today = kotacerdas_store::analysis::data_uses::today(db, region_id).await?;
    for (name, o, frequency, open, element) in DATASETS {
        let (topic, steward, authoritative, last_updated) = crate::data::fields(name, today);
        let input = DatasetInput {
            name: name.to_string(),
            opd_id: opd(*o),
            frequency: frequency.to_string(),
            open: open.to_string(),
            element_code: element.to_string(),
            topic,
            steward,
            authoritative,
            last_updated,
        };
        set_ids.push(inventory::save_dataset(db, who, region_id, None, &input).await?.id.to_string());
    }
    let pick = |idx: &[usize]| idx.iter().filter_map(|i| set_ids.get(*i).cloned()).collect::<Vec<_>>();
    for (name, o, purpose, users, status, hosting, element, produces, uses) in APPS {
        let input = AppInput {
            name: name.to_string(),
            opd_id: opd(*o),
            purpose: purpose.to_string(),
            users: users.to_string(),
            status: status.to_string(),
            hosting: hosting.to_string(),
            integrations: String::new(),
            element_code: element.to_string(),
            produces: pick(produces),
            uses: pick(uses),
        };
        inventory::save_app(db, who, region_id, None, &input).await?;
    }
    Ok(())
}

/// (indicator, values for 2021..=2025, source)
const PROFILE: &[(&str, [&str; 5], &str)] = &[
    ("population", ["1142100", "1153900", "1164800", "1175200", "1184300"], "BPS Kabupaten Sukamaju"),
    ("area", ["1318,4", "1318,4", "1318,4", "1318,4", "1318,4"], "BPS"),
    ("apbd_total", ["2410000000000", "2530000000000", "2688000000000", "2815000000000", "2972000000000"], "Perda APBD"),
    (
        "apbd_operating",
        ["1702000000000", "1768000000000", "1850000000000", "1911000000000", "1990000000000"],
        "Perda APBD",
    ),
    ("apbd_capital", ["398000000000", "441000000000", "502000000000", "546000000000", "601000000000"], "Perda APBD"),
    ("pad", ["286000000000", "312000000000", "349000000000", "371000000000", "402000000000"], "BPKAD"),
    ("fiscal_capacity", ["0,92", "0,95", "1,01", "1,04", "1,08"], "PMK kapasitas fiskal"),
    ("asn", ["9820", "9640", "9511", "9402", "9380"], "BKPSDM"),
    ("asn_ict", ["18", "21", "24", "27", "31"], "Diskominfo"),
    ("ipm", ["69,82", "70,41", "71,05", "71,66", "72,35"], "BPS"),
    ("poverty", ["11,2", "10,9", "10,4", "10,1", "9,8"], "BPS"),
    ("spbe", ["2,31", "2,54", "2,78", "2,96", "3,12"], "Evaluasi SPBE KemenPANRB"),
    ("internet", ["71", "76", "82", "86", "89"], "Diskominfo, pemetaan BTS"),
];

const SWOT: &[(&str, &str, &str, &str)] = &[
    ("STR", "strength", "", "Komitmen bupati dan Sekda, tertuang dalam RPJMD misi ke-2"),
    ("STR", "weakness", "", "Hanya 31 ASN berlatar TIK untuk 41 OPD"),
    ("STR", "gap", "GOV", "Belum ada CIO daerah dan forum TIK antar-OPD"),
    ("STR", "opportunity", "", "Program Digital Talent Scholarship Komdigi"),
    ("STR", "threat", "", "Mutasi pegawai terlatih ke luar bidang TIK"),
    ("INF", "strength", "", "Jaringan intra pemda menjangkau 38 dari 41 OPD"),
    ("INF", "weakness", "ENV", "Tidak ada sensor kualitas air dan udara"),
    ("INF", "gap", "", "11% desa belum terjangkau internet"),
    ("INF", "opportunity", "", "BAKTI Komdigi menambah BTS di desa perbukitan"),
    ("INF", "threat", "", "Gangguan listrik di pusat data saat musim hujan"),
    ("SUP", "strength", "", "Perbup SPBE 2022 dan Satu Data Indonesia tingkat daerah"),
    ("SUP", "weakness", "ENV", "Perda pengelolaan sampah 2016 belum mengatur teknologi"),
    ("SUP", "gap", "", "SOP layanan berbasis elektronik baru di 9 OPD"),
    ("SUP", "opportunity", "", "Peta jalan SPBE nasional memberi acuan arsitektur"),
    ("SUP", "threat", "", "Pergantian kepala daerah dapat mengubah prioritas"),
];

pub(crate) async fn load_more(db: &DatabaseConnection, who: &Actor, region_id: i64) -> Result<()> {
    let mut cells = Vec::new();
    for (indicator, values, source) in PROFILE {
        for (k, v) in values.iter().enumerate() {
            cells.push(FigureInput {
                indicator: indicator.to_string(),
                year: 2021 + k as i32,
                value: v.to_string(),
                source: source.to_string(),
                ..Default::default()
            });
        }
    }
    profile::save(db, who, region_id, &cells).await?;
    for (pillar, kind, dim, text) in SWOT {
        let input = SwotInput {
            pillar_code: pillar.to_string(),
            kind: kind.to_string(),
            dimension_code: dim.to_string(),
            text: text.to_string(),
        };
        swot::add(db, who, region_id, &input).await?;
    }
    let regs = [
        ("perda", "7", "2021", "Rencana Pembangunan Jangka Menengah Daerah 2021–2026", "in_force"),
        ("perbup", "18", "2022", "Sistem Pemerintahan Berbasis Elektronik", "in_force"),
        ("perbup", "25", "2023", "Satu Data Kabupaten Sukamaju", "in_force"),
        ("sk", "188.45/Kep.121-Diskominfo/2024", "2024", "Pembentukan Dewan Smart City", "in_force"),
        ("perda", "4", "2016", "Pengelolaan Sampah", "in_force"),
        ("perbup", "-", "2025", "Masterplan Smart City Kabupaten Sukamaju 2025–2035", "draft"),
    ];
    for (kind, number, year, title, status) in regs {
        let input = RegulationInput {
            kind: kind.into(),
            number: number.into(),
            year: year.into(),
            title: title.into(),
            status: status.into(),
            url: String::new(),
        };
        policies::add_regulation(db, who, region_id, &input, None).await?;
    }
    let insts = [
        (
            "Dewan Smart City Kabupaten Sukamaju",
            "Dewan (triple helix)",
            "SK Bupati 188.45/Kep.121-Diskominfo/2024",
            "Memberi arah dan menyetujui masterplan.",
        ),
        (
            "Tim Pelaksana Smart City",
            "Tim lintas OPD",
            "SK Bupati 188.45/Kep.122-Diskominfo/2024",
            "OPD per dimensi; diketuai Kepala Diskominfo.",
        ),
        ("Tim Koordinasi SPBE", "Tim koordinasi", "Perbup 18/2022", ""),
        ("Command Center Sukamaju", "Unit layanan", "", "Belum terbentuk; direncanakan di Diskominfo."),
    ];
    for (name, kind, basis, desc) in insts {
        let input = InstitutionInput {
            name: name.into(),
            kind: kind.into(),
            legal_basis: basis.into(),
            description: desc.into(),
        };
        policies::add_institution(db, who, region_id, &input).await?;
    }
    Ok(())
}
