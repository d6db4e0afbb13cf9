//! Readiness on the three pillars × six dimensions (Bimtek stage 1). Each pillar sub-item is
//! scored 1–5 per dimension; indices are plain means, so the formula shown to users is simple:
//!
//! - cell (pillar P, dimension D) = mean of P's sub-item scores for D;
//! - pillar index = mean of its cells over the dimensions that have a score;
//! - dimension index = mean of its cells over the pillars that have a score;
//! - overall index = mean of all cells that have a score.
//!
//! Unscored items are left out rather than counted as zero, and the coverage is reported so a
//! half-filled assessment is visibly half-filled.

use crate::framework::{DIMENSIONS, PILLARS};
use crate::validate::Errors;
use serde::Deserialize;
use std::collections::HashMap;

pub const MIN_SCORE: i32 = 1;
pub const MAX_SCORE: i32 = 5;
/// 3 pillars × 3 sub-items × 6 dimensions.
pub const ITEM_COUNT: usize = 54;

/// One score: a pillar sub-item (e.g. `INF-TIK`) for a dimension (e.g. `GOV`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score<'a> {
    pub item_code: &'a str,
    pub dimension_code: &'a str,
    pub score: i32,
}

/// The computed indices, each on the 1–5 scale, `None` where nothing is scored yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Indices {
    /// `cells[p][d]`: pillar `p` (order of [`PILLARS`]) × dimension `d` (order of [`DIMENSIONS`]).
    pub cells: [[Option<f64>; 6]; 3],
    pub pillars: [Option<f64>; 3],
    pub dimensions: [Option<f64>; 6],
    pub overall: Option<f64>,
    /// How many of the 54 items carry a valid score.
    pub scored: usize,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Which pillar a sub-item belongs to (index into [`PILLARS`]).
pub fn pillar_of(item_code: &str) -> Option<usize> {
    PILLARS.iter().position(|p| p.items.iter().any(|i| i.code == item_code))
}

pub fn dimension_index(code: &str) -> Option<usize> {
    DIMENSIONS.iter().position(|d| d.named.code == code)
}

/// Compute every index from the scores. Scores outside 1–5 or for unknown codes are ignored;
/// when an item is scored twice the last score counts.
pub fn compute(scores: &[Score<'_>]) -> Indices {
    let mut latest: HashMap<(&str, &str), i32> = HashMap::new();
    for s in scores {
        if (MIN_SCORE..=MAX_SCORE).contains(&s.score)
            && pillar_of(s.item_code).is_some()
            && dimension_index(s.dimension_code).is_some()
        {
            latest.insert((s.item_code, s.dimension_code), s.score);
        }
    }
    let mut cells = [[None; 6]; 3];
    for (p, pillar) in PILLARS.iter().enumerate() {
        for (d, dim) in DIMENSIONS.iter().enumerate() {
            cells[p][d] =
                mean(pillar.items.iter().filter_map(|i| latest.get(&(i.code, dim.named.code))).map(|&v| f64::from(v)));
        }
    }
    let pillars = std::array::from_fn(|p| mean(cells[p].iter().flatten().copied()));
    let dimensions = std::array::from_fn(|d| mean(cells.iter().filter_map(|row| row[d])));
    let overall = mean(cells.iter().flat_map(|row| row.iter().flatten().copied()));
    Indices { cells, pillars, dimensions, overall, scored: latest.len() }
}

/// Round for display and the API (two decimals, as the programme reports its indices).
pub fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The rubric: what each level means, the same scale for every sub-item (a 1–5 scale is our
/// choice, DOMAIN.md "inferred"; kept here as data so it can change without touching the rules).
pub struct Level {
    pub score: i32,
    pub name_id: &'static str,
    pub name_en: &'static str,
    pub text_id: &'static str,
    pub text_en: &'static str,
}

pub const LEVELS: [Level; 5] = [
    Level {
        score: 1,
        name_id: "Rintisan",
        name_en: "Initial",
        text_id: "Belum ada, atau baru berupa inisiatif perorangan tanpa dasar dan anggaran.",
        text_en: "Absent, or only individual initiatives without a mandate or budget.",
    },
    Level {
        score: 2,
        name_id: "Terkelola",
        name_en: "Managed",
        text_id: "Sudah ada di sebagian OPD, dikelola sendiri-sendiri dan belum terdokumentasi.",
        text_en: "Present in some agencies, run separately and not yet documented.",
    },
    Level {
        score: 3,
        name_id: "Terdefinisi",
        name_en: "Defined",
        text_id: "Ditetapkan secara resmi (SK/SOP), berlaku di tingkat daerah, dengan anggaran rutin.",
        text_en: "Formally established (decree/SOP), region-wide, with a regular budget.",
    },
    Level {
        score: 4,
        name_id: "Terpadu dan terukur",
        name_en: "Integrated and measured",
        text_id: "Terpadu antar-OPD, kinerjanya diukur dengan indikator dan dilaporkan berkala.",
        text_en: "Integrated across agencies, measured by indicators and reported regularly.",
    },
    Level {
        score: 5,
        name_id: "Optimum",
        name_en: "Optimised",
        text_id: "Ditingkatkan terus berdasarkan data dan umpan balik warga; menjadi rujukan daerah lain.",
        text_en: "Continuously improved from data and citizen feedback; a model for other regions.",
    },
];

/// What is assessed for each pillar sub-item (shown beside the score).
pub fn item_question(item_code: &str, lang: &str) -> &'static str {
    let (id, en) = match item_code {
        "STR-SDM" => (
            "Jumlah dan kompetensi SDM pelaksana serta kesiapan warga sebagai pengguna.",
            "Number and skills of the implementing staff and citizens' readiness as users.",
        ),
        "STR-ANG" => (
            "Ketersediaan dan kesinambungan anggaran (APBD, APBN, CSR, KPBU) untuk dimensi ini.",
            "Availability and continuity of funding (APBD, APBN, CSR, PPP) for this dimension.",
        ),
        "STR-TKL" => (
            "Tata kelola dan tata pamong: pembagian peran, koordinasi dan pengambilan keputusan.",
            "Governance: roles, coordination and decision making.",
        ),
        "INF-FIS" => (
            "Infrastruktur fisik pendukung: gedung, jalan, sarana layanan.",
            "Supporting physical infrastructure: buildings, roads, service facilities.",
        ),
        "INF-TIK" => (
            "Infrastruktur digital: jaringan, pusat data, aplikasi, interoperabilitas.",
            "Digital infrastructure: networks, data centre, applications, interoperability.",
        ),
        "INF-SOS" => (
            "Infrastruktur sosial: komunitas, ruang publik, kelembagaan warga.",
            "Social infrastructure: communities, public spaces, citizen organisations.",
        ),
        "SUP-KEB" => (
            "Kebijakan dan regulasi yang mendasari (Perda, Perkada, SK).",
            "Underlying policies and regulations (bylaws, head-of-region rules, decrees).",
        ),
        "SUP-LEM" => (
            "Kelembagaan: unit yang bertanggung jawab dan kewenangannya.",
            "Institutions: the responsible units and their authority.",
        ),
        "SUP-TLK" => (
            "Tata laksana: SOP, standar layanan dan proses bisnis.",
            "Procedures: SOPs, service standards and business processes.",
        ),
        _ => ("", ""),
    };
    if lang == "en" {
        en
    } else {
        id
    }
}

/// The formula as shown on the readiness page.
pub fn formula(lang: &str) -> &'static str {
    if lang == "en" {
        "Cell (pillar × dimension) = mean of the pillar's three sub-item scores for that dimension. \
         Pillar index = mean of its cells; dimension index = mean of its cells over the three pillars; \
         overall index = mean of all cells. Unscored items are left out, not counted as zero."
    } else {
        "Sel (pilar × dimensi) = rata-rata skor tiga subunsur pilar itu pada dimensi tersebut. \
         Indeks pilar = rata-rata selnya; indeks dimensi = rata-rata selnya pada tiga pilar; \
         indeks keseluruhan = rata-rata semua sel. Butir yang belum dinilai tidak dihitung (bukan nol)."
    }
}

/// One row of the assessment form. `score` empty means "not scored".
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ScoreInput {
    pub item_code: String,
    pub dimension_code: String,
    #[serde(default)]
    pub score: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub evidence_url: String,
}

/// The form field name of one cell, e.g. `score.INF-TIK.GOV`.
pub fn field(kind: &str, item: &str, dim: &str) -> String {
    format!("{kind}.{item}.{dim}")
}

/// Every (item, dimension) pair in display order.
pub fn cells() -> Vec<(&'static str, &'static str)> {
    PILLARS
        .iter()
        .flat_map(|p| p.items.iter())
        .flat_map(|i| DIMENSIONS.iter().map(move |d| (i.code, d.named.code)))
        .collect()
}

/// A cell that passed the rules; `score` `None` removes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidScore {
    pub item: String,
    pub dim: String,
    pub score: Option<i32>,
    pub note: Option<String>,
    pub url: Option<String>,
}

/// The assessment: known cells only, scores within [`MIN_SCORE`]–[`MAX_SCORE`], notes and
/// evidence addresses within their lengths. All cells or none.
pub fn validate_scores(inputs: &[ScoreInput]) -> Result<Vec<ValidScore>, Errors> {
    let mut e = Errors::new();
    let known = cells();
    let mut out = Vec::new();
    for i in inputs {
        if !known.contains(&(i.item_code.as_str(), i.dimension_code.as_str())) {
            e.add(&field("score", &i.item_code, &i.dimension_code), "err-choice", None);
            continue;
        }
        let f = |k| field(k, &i.item_code, &i.dimension_code);
        let score = match i.score.trim() {
            "" => None,
            raw => e.integer(&f("score"), raw, MIN_SCORE.into(), MAX_SCORE.into()).map(|v| v as i32),
        };
        let note = e.optional_text(&f("note"), &i.note, 2000);
        let url = e.optional_url(&f("evidence_url"), &i.evidence_url, 500);
        out.push(ValidScore { item: i.item_code.clone(), dim: i.dimension_code.clone(), score, note, url });
    }
    e.into_result()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn all_items() -> Vec<(&'static str, &'static str)> {
        PILLARS
            .iter()
            .flat_map(|p| p.items.iter())
            .flat_map(|i| DIMENSIONS.iter().map(move |d| (i.code, d.named.code)))
            .collect()
    }

    fn scores(values: &[i32]) -> Vec<Score<'static>> {
        all_items()
            .into_iter()
            .zip(values)
            .map(|((item_code, dimension_code), &score)| Score { item_code, dimension_code, score })
            .collect()
    }

    #[test]
    fn empty_and_worked_example() {
        let none = compute(&[]);
        assert_eq!(none.overall, None);
        assert_eq!(none.scored, 0);
        // Struktur for GOV scored 2, 3, 4 → cell 3.0; nothing else scored.
        let s = [
            Score { item_code: "STR-SDM", dimension_code: "GOV", score: 2 },
            Score { item_code: "STR-ANG", dimension_code: "GOV", score: 3 },
            Score { item_code: "STR-TKL", dimension_code: "GOV", score: 4 },
            Score { item_code: "XXX", dimension_code: "GOV", score: 5 },
            Score { item_code: "STR-SDM", dimension_code: "ENV", score: 9 },
        ];
        let i = compute(&s);
        assert_eq!(i.cells[0][0], Some(3.0));
        assert_eq!(i.pillars[0], Some(3.0));
        assert_eq!(i.dimensions[0], Some(3.0));
        assert_eq!(i.pillars[1], None);
        assert_eq!(i.overall, Some(3.0));
        assert_eq!(i.scored, 3);
    }

    proptest! {
        #[test]
        fn indices_stay_on_the_scale(values in prop::collection::vec(1i32..=5, ITEM_COUNT)) {
            let i = compute(&scores(&values));
            prop_assert_eq!(i.scored, ITEM_COUNT);
            for v in i.pillars.iter().chain(i.dimensions.iter()).chain(std::iter::once(&i.overall)) {
                let v = v.unwrap();
                prop_assert!((1.0..=5.0).contains(&v));
            }
            // With every cell present, the overall index is the mean of the pillar indices and of
            // the dimension indices alike.
            let by_pillar = i.pillars.iter().flatten().sum::<f64>() / 3.0;
            let by_dim = i.dimensions.iter().flatten().sum::<f64>() / 6.0;
            prop_assert!((by_pillar - i.overall.unwrap()).abs() < 1e-9);
            prop_assert!((by_dim - i.overall.unwrap()).abs() < 1e-9);
        }

        #[test]
        fn equal_scores_give_that_score_everywhere(k in 1i32..=5) {
            let i = compute(&scores(&[k; ITEM_COUNT]));
            prop_assert_eq!(i.overall, Some(f64::from(k)));
            prop_assert!(i.cells.iter().flatten().all(|c| *c == Some(f64::from(k))));
        }

        #[test]
        fn raising_a_score_never_lowers_an_index(values in prop::collection::vec(1i32..=4, ITEM_COUNT), at in 0usize..ITEM_COUNT) {
            let before = compute(&scores(&values));
            let mut raised = values.clone();
            raised[at] += 1;
            let after = compute(&scores(&raised));
            prop_assert!(after.overall.unwrap() > before.overall.unwrap());
            for (a, b) in after.pillars.iter().zip(before.pillars.iter()) {
                prop_assert!(a.unwrap() >= b.unwrap());
            }
            for (a, b) in after.dimensions.iter().zip(before.dimensions.iter()) {
                prop_assert!(a.unwrap() >= b.unwrap());
            }
        }

        #[test]
        fn order_of_scores_does_not_matter(values in prop::collection::vec(1i32..=5, ITEM_COUNT), seed in any::<u64>()) {
            let mut s = scores(&values);
            let a = compute(&s);
            // A deterministic shuffle driven by the seed.
            let n = s.len();
            for k in 0..n {
                let j = (seed.wrapping_mul(6364136223846793005).wrapping_add(k as u64) % n as u64) as usize;
                s.swap(k, j);
            }
            prop_assert_eq!(compute(&s), a);
        }
    }

    #[test]
    fn assessment_cells_are_known_and_in_range() {
        let (item, dim) = cells()[0];
        let row = |score: &str, url: &str| ScoreInput {
            item_code: item.into(),
            dimension_code: dim.into(),
            score: score.into(),
            note: String::new(),
            evidence_url: url.into(),
        };
        let v = validate_scores(&[row("4", "https://data.example"), row("", "")]).expect("valid");
        assert_eq!((v[0].score, v[1].score), (Some(4), None));
        let unknown = ScoreInput { item_code: "XX".into(), ..row("3", "") };
        let e = validate_scores(&[row("6", "data.example"), unknown]).expect_err("bad");
        let codes: Vec<_> = e.0.iter().map(|x| (x.field.clone(), x.code)).collect();
        assert_eq!(
            codes,
            [
                (field("score", item, dim), "err-max"),
                (field("evidence_url", item, dim), "err-url"),
                (field("score", "XX", dim), "err-choice")
            ]
        );
    }
}
