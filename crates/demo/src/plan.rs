//! Demo plan for Kabupaten Sukamaju: two RPJMD periods, a ten-year masterplan from 2025 whose
//! last years no period covers yet, and smart city missions, goals and strategies linked to the
//! RPJMD.

use kotacerdas_domain::plan::{ItemInput, MasterplanInput, PeriodInput, VisionItemInput};
use kotacerdas_store::plan;
use kotacerdas_store::{Actor, Result};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;

/// (period index, level, code, parent's code ("" for a mission), text). Both periods have an
/// "M1": the pickers and the book name the period.
const RPJMD_ITEMS: &[(usize, &str, &str, &str, &str)] = &[
    (0, "mission", "M1", "", "Mewujudkan tata kelola pemerintahan yang bersih, efektif dan melayani"),
    (0, "goal", "T1.1", "M1", "Meningkatkan kualitas pelayanan publik"),
    (0, "target", "S1.1.1", "T1.1", "Indeks kepuasan masyarakat mencapai 85"),
    (0, "mission", "M2", "", "Mewujudkan masyarakat yang sehat, cerdas dan sejahtera"),
    (0, "goal", "T2.1", "M2", "Meningkatkan derajat kesehatan masyarakat"),
    (0, "goal", "T2.2", "M2", "Menurunkan angka kemiskinan"),
    (0, "mission", "M3", "", "Mewujudkan lingkungan yang lestari dan tangguh bencana"),
    (0, "goal", "T3.1", "M3", "Meningkatkan kualitas pengelolaan sampah dan air"),
    (1, "mission", "M1", "", "Sukamaju digital yang melayani dan berdaya saing"),
    (1, "goal", "T1.1", "M1", "Layanan publik terpadu berbasis data"),
    (1, "mission", "M2", "", "Ekonomi kerakyatan dan pariwisata berkelanjutan"),
    (1, "goal", "T2.1", "M2", "Meningkatkan nilai tambah UMKM dan pariwisata"),
];

/// (level, code, text, dimension, element, linked RPJMD item: (period index, code))
type VisionSeed = (&'static str, &'static str, &'static str, &'static str, &'static str, (usize, &'static str));

const VISION_ITEMS: &[VisionSeed] = &[
    ("mission", "MSC1", "Pelayanan publik cepat dan terpadu berbasis satu data", "GOV", "", (0, "M1")),
    ("mission", "MSC2", "Warga sehat dan sejahtera dengan layanan yang menjangkau desa", "LIV", "", (0, "M2")),
    ("mission", "MSC3", "Lingkungan bersih dengan pengelolaan sampah cerdas", "ENV", "", (0, "M3")),
    ("goal", "TSC1.1", "Perizinan dan administrasi kependudukan selesai dalam dua hari", "GOV", "GOV-PS", (0, "T1.1")),
    ("goal", "TSC2.1", "Antrean layanan kesehatan turun separuh", "LIV", "LIV-HE", (0, "T2.1")),
    ("goal", "TSC2.2", "Bantuan sosial tepat sasaran dengan data terpadu", "ECO", "ECO-WE", (0, "T2.2")),
    ("goal", "TSC3.1", "Seluruh sampah terangkut dan terpilah", "ENV", "ENV-WA", (0, "T3.1")),
    ("strategy", "SSC1.1.1", "Integrasi SIAK, perizinan dan portal Satu Data", "GOV", "GOV-PS", (1, "T1.1")),
    ("strategy", "SSC2.1.1", "Antrean daring dan telemedisin puskesmas", "LIV", "LIV-HE", (0, "T2.1")),
    ("strategy", "SSC4.1.1", "Pemasaran digital UMKM dan destinasi wisata", "BRA", "BRA-BU", (1, "T2.1")),
];

pub(crate) async fn load(db: &DatabaseConnection, who: &Actor, region_id: i64) -> Result<()> {
    let periods = [
        ("rpjmd", "2021", "2026", "Sukamaju yang maju, sejahtera dan berkelanjutan", "Perda Nomor 7 Tahun 2021"),
        ("rpjmd", "2027", "2031", "Sukamaju digital, berdaya saing dan lestari", "Rancangan Perda RPJMD 2027–2031"),
    ];
    let mut period_ids = Vec::new();
    for (kind, start, end, vision, reg) in periods {
        let input = PeriodInput {
            kind: kind.into(),
            start_year: start.into(),
            end_year: end.into(),
            vision: vision.into(),
            regulation: reg.into(),
        };
        period_ids.push(plan::add_period(db, who, region_id, &input).await?.id);
    }
    let mut item_ids: HashMap<(usize, &'static str), i64> = HashMap::new();
    for (p, level, code, parent, text) in RPJMD_ITEMS {
        let input = ItemInput {
            period_id: period_ids[*p].to_string(),
            level: level.to_string(),
            code: code.to_string(),
            text: text.to_string(),
            parent_id: item_ids.get(&(*p, *parent)).map(|i| i.to_string()).unwrap_or_default(),
        };
        item_ids.insert((*p, code), plan::add_item(db, who, region_id, &input).await?.id);
    }
    let mp = MasterplanInput {
        start_year: "2025".into(),
        vision: "Sukamaju Cerdas 2034: melayani cepat, sejahtera bersama, lestari untuk anak cucu".into(),
        explanation: "Visi disusun bersama Dewan Smart City dan selaras dengan misi RPJMD 2021–2026.".into(),
    };
    plan::save_masterplan(db, who, region_id, &mp).await?;
    for (level, code, text, dim, element, link) in VISION_ITEMS {
        let input = VisionItemInput {
            level: level.to_string(),
            code: code.to_string(),
            text: text.to_string(),
            dimension_code: dim.to_string(),
            element_code: element.to_string(),
            plan_item_id: item_ids.get(link).map(|i| i.to_string()).unwrap_or_default(),
        };
        plan::add_vision_item(db, who, region_id, &input).await?;
    }
    crate::programmes::load(db, who, region_id, &item_ids).await
}
