//! The reference framework of the programme: six dimensions with three elements each and the
//! three readiness pillars with their sub-items. Codes are ours and stable (see DOMAIN.md); the
//! migrations seed the database from these tables so there is one source of truth.

/// A named item of the framework, with its names in Indonesian and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Named {
    pub code: &'static str,
    pub name_id: &'static str,
    pub name_en: &'static str,
}

impl Named {
    pub fn name(&self, lang: &str) -> &'static str {
        if lang == "en" {
            self.name_en
        } else {
            self.name_id
        }
    }
}

const fn n(code: &'static str, name_id: &'static str, name_en: &'static str) -> Named {
    Named { code, name_id, name_en }
}

#[derive(Debug, Clone, Copy)]
pub struct Dimension {
    pub named: Named,
    pub elements: [Named; 3],
}

pub const DIMENSIONS: [Dimension; 6] = [
    Dimension {
        named: n("GOV", "Smart Governance", "Smart Governance"),
        elements: [
            n("GOV-PS", "Pelayanan publik", "Public service"),
            n("GOV-BM", "Manajemen birokrasi", "Bureaucracy management"),
            n("GOV-PP", "Kebijakan publik", "Public policy"),
        ],
    },
    Dimension {
        named: n("BRA", "Smart Branding", "Smart Branding"),
        elements: [
            n("BRA-TO", "Branding pariwisata", "Tourism branding"),
            n("BRA-BU", "Branding bisnis", "Business branding"),
            n("BRA-CA", "Wajah kota", "City appearance"),
        ],
    },
    Dimension {
        named: n("ECO", "Smart Economy", "Smart Economy"),
        elements: [
            n("ECO-IN", "Ekosistem industri", "Industry ecosystem"),
            n("ECO-WE", "Kesejahteraan", "Welfare"),
            n("ECO-TR", "Ekosistem transaksi keuangan", "Financial transaction ecosystem"),
        ],
    },
    Dimension {
        named: n("LIV", "Smart Living", "Smart Living"),
        elements: [
            n("LIV-HA", "Harmonisasi tata ruang", "Harmony of spatial planning"),
            n("LIV-HE", "Kesehatan", "Health"),
            n("LIV-MO", "Mobilitas/transportasi", "Mobility and transport"),
        ],
    },
    Dimension {
        named: n("SOC", "Smart Society", "Smart Society"),
        elements: [
            n("SOC-CO", "Komunitas", "Community"),
            n("SOC-LE", "Ekosistem belajar", "Learning ecosystem"),
            n("SOC-SE", "Keamanan", "Security"),
        ],
    },
    Dimension {
        named: n("ENV", "Smart Environment", "Smart Environment"),
        elements: [
            n("ENV-PR", "Proteksi lingkungan", "Environmental protection"),
            n("ENV-WA", "Pengelolaan sampah", "Waste"),
            n("ENV-EN", "Pengelolaan energi", "Energy"),
        ],
    },
];

#[derive(Debug, Clone, Copy)]
pub struct Pillar {
    pub named: Named,
    pub items: [Named; 3],
}

pub const PILLARS: [Pillar; 3] = [
    Pillar {
        named: n("STR", "Struktur", "Structure"),
        items: [
            n("STR-SDM", "Sumber daya manusia", "Human resources"),
            n("STR-ANG", "Anggaran", "Budget"),
            n("STR-TKL", "Tata kelola dan tata pamong", "Governance"),
        ],
    },
    Pillar {
        named: n("INF", "Infrastruktur", "Infrastructure"),
        items: [
            n("INF-FIS", "Infrastruktur fisik", "Physical infrastructure"),
            n("INF-TIK", "Infrastruktur digital/TIK", "Digital/ICT infrastructure"),
            n("INF-SOS", "Infrastruktur sosial", "Social infrastructure"),
        ],
    },
    Pillar {
        named: n("SUP", "Suprastruktur", "Superstructure"),
        items: [
            n("SUP-KEB", "Kebijakan dan regulasi", "Policies and regulations"),
            n("SUP-LEM", "Kelembagaan", "Institutions"),
            n("SUP-TLK", "Tata laksana", "Procedures"),
        ],
    },
];

pub fn dimension(code: &str) -> Option<&'static Dimension> {
    DIMENSIONS.iter().find(|d| d.named.code == code)
}

pub fn element(code: &str) -> Option<&'static Named> {
    DIMENSIONS.iter().flat_map(|d| d.elements.iter()).find(|e| e.code == code)
}

/// The four Bimtek stages, in order.
pub const STAGES: [Named; 4] = [
    n("1", "Analisis strategis", "Strategic analysis"),
    n("2", "Visi, peta jalan dan Quick Win", "Vision, roadmap and Quick Wins"),
    n("3", "Program OPD 10 tahun", "Ten-year agency programmes"),
    n("4", "Buku masterplan", "The masterplan book"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_elements_belong_to_their_dimension() {
        let mut seen = HashSet::new();
        for d in DIMENSIONS {
            assert!(seen.insert(d.named.code));
            for e in d.elements {
                assert!(seen.insert(e.code));
                assert!(e.code.starts_with(d.named.code));
                assert_eq!(element(e.code), Some(&e));
            }
        }
        assert_eq!(seen.len(), 6 + 18);
        for p in PILLARS {
            assert!(seen.insert(p.named.code));
            for i in p.items {
                assert!(seen.insert(i.code));
            }
        }
    }
}
