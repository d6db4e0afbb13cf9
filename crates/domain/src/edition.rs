//! Editions of a region's masterplan. A masterplan is reviewed after some years: the region
//! starts a new cycle (edition 2, 3, …) with its own MoU, stages, workshops and book versions,
//! taking the previous edition's analysis and programmes as its starting point. A closed edition
//! keeps what it was — its period, MoU, the regulation that enacted it and a snapshot of its
//! programmes — so the new book can say what was kept, dropped and added.
//!
//! A region whose first masterplan was written before it used this product (on paper, in 2017)
//! records that edition by hand: the same record, its programmes typed or pasted as lines.

use crate::framework::DIMENSIONS;
use crate::validate::Errors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The most programmes a recorded edition may list (a real masterplan has 30–150).
pub const MAX_PROGRAMMES: usize = 500;

/// A programme as a closed edition had it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapProgramme {
    /// The programme row it was, when the edition was made in the product (kept across the
    /// review, so a renamed programme is still "kept").
    pub id: Option<i64>,
    pub name: String,
    /// A dimension code of the framework ("GOV" …).
    pub dimension: String,
    pub opd: String,
    /// The whole planned budget in rupiah.
    pub budget: i64,
    /// Its monitoring status when the edition closed (`monitoring::ProgrammeStatus`), if any.
    pub status: String,
    /// Rupiah realised by then (the reports' sum).
    #[serde(default)]
    pub realised: i64,
}

/// Why a new edition is started and from which year its masterplan runs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewInput {
    pub reason: String,
    pub start_year: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidReview {
    pub reason: String,
    pub start_year: i32,
}

impl ReviewInput {
    /// `current_start` is the current masterplan's first year: a review starts later.
    pub fn validate(&self, enacted: bool, current_start: Option<i32>) -> Result<ValidReview, Errors> {
        let mut e = Errors::new();
        if !enacted {
            e.add("reason", "err-edition-not-enacted", None);
        }
        let reason = e.text("reason", &self.reason, 2000);
        let floor = current_start.map(|y| y as i64 + 1).unwrap_or(2000);
        let start_year = e.integer("start_year", &self.start_year, floor, 2100);
        e.into_result()?;
        Ok(ValidReview { reason, start_year: start_year.unwrap_or_default() as i32 })
    }
}

/// An earlier edition written before the region used the product.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EarlierInput {
    pub period_start: String,
    pub period_end: String,
    pub mou_number: String,
    pub mou_signed_on: String,
    /// `versions::RegulationType` code, empty when it was never enacted.
    pub regulation_type: String,
    pub regulation_number: String,
    pub regulation_date: String,
    /// One programme per line: `dimension | name | OPD | budget` (a tab works too, as pasted
    /// from a spreadsheet). The dimension is its code or its name in either language.
    pub programmes: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidEarlier {
    pub period_start: i32,
    pub period_end: i32,
    pub mou_number: Option<String>,
    pub mou_signed_on: Option<NaiveDate>,
    pub regulation: Option<(String, String, NaiveDate)>,
    pub programmes: Vec<SnapProgramme>,
    pub notes: Option<String>,
}

impl EarlierInput {
    /// `current_enacted`: an earlier edition is recorded only before the current one is
    /// enacted (afterwards the current one is closed by starting a review instead).
    pub fn validate(&self, current_enacted: bool) -> Result<ValidEarlier, Errors> {
        let mut e = Errors::new();
        if current_enacted {
            e.add("period_start", "err-edition-current-enacted", None);
        }
        let start = e.integer("period_start", &self.period_start, 2000, 2100);
        let end = e.integer("period_end", &self.period_end, 2000, 2110);
        if let (Some(s), Some(t)) = (start, end) {
            if t < s || t - s > 20 {
                e.add("period_end", "err-edition-period", None);
            }
        }
        let mou_number = e.optional_text("mou_number", &self.mou_number, 200);
        let mou_signed_on = e.optional_date("mou_signed_on", &self.mou_signed_on);
        let regulation = if self.regulation_type.trim().is_empty() {
            None
        } else {
            let t = e.choice("regulation_type", self.regulation_type.trim(), crate::versions::RegulationType::parse);
            let n = crate::versions::regulation_number(&self.regulation_number).0;
            if n.is_empty() || n.chars().count() > 60 {
                e.add("regulation_number", "err-required", None);
            }
            let d = e.date("regulation_date", &self.regulation_date);
            match (t, d) {
                (Some(t), Some(d)) if !n.is_empty() => Some((t.as_str().to_string(), n, d)),
                _ => None,
            }
        };
        let programmes = match parse_programmes(&self.programmes) {
            Ok(p) => p,
            Err(line) => {
                e.add("programmes", "err-edition-programme-line", Some(line as i64));
                Vec::new()
            }
        };
        let notes = e.optional_text("notes", &self.notes, 2000);
        e.into_result()?;
        Ok(ValidEarlier {
            period_start: start.unwrap_or_default() as i32,
            period_end: end.unwrap_or_default() as i32,
            mou_number,
            mou_signed_on,
            regulation,
            programmes,
            notes,
        })
    }
}

/// The dimension a typed word names: its code or its name in either language, any case.
pub fn dimension_of(word: &str) -> Option<&'static str> {
    let w = word.trim().to_lowercase();
    let w = w.strip_prefix("smart ").unwrap_or(&w);
    // The words Indonesian planners use for the dimensions besides their English names.
    const ALIASES: &[(&str, &str)] = &[
        ("tata kelola", "GOV"),
        ("pemerintahan", "GOV"),
        ("pencitraan", "BRA"),
        ("ekonomi", "ECO"),
        ("kehidupan", "LIV"),
        ("masyarakat", "SOC"),
        ("sosial", "SOC"),
        ("lingkungan", "ENV"),
    ];
    if let Some((_, code)) = ALIASES.iter().find(|(a, _)| *a == w) {
        return Some(code);
    }
    DIMENSIONS.iter().map(|d| d.named).find_map(|n| {
        let names = [n.code.to_lowercase(), n.name_id.to_lowercase(), n.name_en.to_lowercase()];
        names.iter().any(|x| x == w || x.strip_prefix("smart ") == Some(w)).then_some(n.code)
    })
}

/// Lines of `dimension | name | OPD | budget`; the 1-based number of the first bad line.
pub fn parse_programmes(text: &str) -> Result<Vec<SnapProgramme>, usize> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let sep = if line.contains('\t') { '\t' } else { '|' };
        let cells: Vec<&str> = line.split(sep).map(str::trim).collect();
        let bad = i + 1;
        if cells.len() < 2 || cells.len() > 4 || out.len() >= MAX_PROGRAMMES {
            return Err(bad);
        }
        let dimension = dimension_of(cells[0]).ok_or(bad)?;
        let name = cells[1];
        if name.is_empty() || name.chars().count() > 300 {
            return Err(bad);
        }
        let opd = cells.get(2).copied().unwrap_or_default();
        if opd.chars().count() > 200 {
            return Err(bad);
        }
        let budget = match cells.get(3).map(|b| b.trim_start_matches("Rp").trim()) {
            None | Some("") => 0,
            Some(b) => {
                let digits: String = b.chars().filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}')).collect();
                match digits.parse::<i64>() {
                    Ok(v) if (0..=100_000_000_000_000).contains(&v) => v,
                    _ => return Err(bad),
                }
            }
        };
        out.push(SnapProgramme {
            id: None,
            name: name.to_string(),
            dimension: dimension.to_string(),
            opd: opd.to_string(),
            budget,
            status: String::new(),
            realised: 0,
        });
    }
    Ok(out)
}

/// What one edition kept, dropped and added against the one before, and the money per dimension.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// (as it was, as it is now)
    pub kept: Vec<(SnapProgramme, SnapProgramme)>,
    pub dropped: Vec<SnapProgramme>,
    pub added: Vec<SnapProgramme>,
    pub dimensions: Vec<DimensionBudget>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DimensionBudget {
    pub dimension: String,
    pub previous: i64,
    pub current: i64,
    pub previous_count: usize,
    pub current_count: usize,
}

fn key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Programmes are the same when they are the same row (an edition made in the product), else
/// when their names match ignoring case and spacing. A cancelled programme of the current
/// edition counts as dropped.
pub fn compare(previous: &[SnapProgramme], current: &[SnapProgramme]) -> Comparison {
    let cancelled = |p: &SnapProgramme| p.status == "cancelled";
    let live: Vec<&SnapProgramme> = current.iter().filter(|p| !cancelled(p)).collect();
    let mut taken = HashSet::new();
    let by_id: HashMap<i64, usize> = live.iter().enumerate().filter_map(|(i, p)| Some((p.id?, i))).collect();
    let by_name: HashMap<String, usize> = live.iter().enumerate().map(|(i, p)| (key(&p.name), i)).collect();
    let mut c = Comparison::default();
    for p in previous {
        let hit = p.id.and_then(|id| by_id.get(&id)).or_else(|| by_name.get(&key(&p.name))).copied();
        match hit {
            Some(i) if taken.insert(i) => c.kept.push((p.clone(), live[i].clone())),
            _ => c.dropped.push(p.clone()),
        }
    }
    c.added = live.iter().enumerate().filter(|(i, _)| !taken.contains(i)).map(|(_, p)| (*p).clone()).collect();
    for d in DIMENSIONS.iter().map(|d| d.named.code) {
        let sum = |list: &mut dyn Iterator<Item = &SnapProgramme>| {
            list.filter(|p| p.dimension == d).fold((0i64, 0usize), |(m, n), p| (m.saturating_add(p.budget), n + 1))
        };
        let (previous, previous_count) = sum(&mut previous.iter());
        let (current, current_count) = sum(&mut live.iter().copied());
        if previous_count + current_count > 0 {
            c.dimensions.push(DimensionBudget {
                dimension: d.to_string(),
                previous,
                current,
                previous_count,
                current_count,
            });
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(id: Option<i64>, name: &str, dim: &str, budget: i64) -> SnapProgramme {
        SnapProgramme {
            id,
            name: name.into(),
            dimension: dim.into(),
            opd: String::new(),
            budget,
            status: String::new(),
            realised: 0,
        }
    }

    #[test]
    fn programmes_are_matched_by_row_then_by_name() {
        let before =
            vec![p(Some(1), "Satu Data", "GOV", 100), p(None, "Pasar  online", "ECO", 50), p(None, "Lama", "SOC", 7)];
        let mut renamed = p(Some(1), "Satu Data Sukamaju", "GOV", 300);
        renamed.status = "on_track".into();
        let mut gone = p(Some(9), "Dibatalkan", "ENV", 40);
        gone.status = "cancelled".into();
        let now = vec![renamed, p(Some(2), "pasar online", "ECO", 60), p(Some(3), "Baru", "ENV", 10), gone];
        let c = compare(&before, &now);
        assert_eq!(c.kept.len(), 2);
        assert_eq!(c.kept[0].1.name, "Satu Data Sukamaju");
        assert_eq!(c.dropped.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Lama"]);
        assert_eq!(c.added.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Baru"]);
        let gov = c.dimensions.iter().find(|d| d.dimension == "GOV").unwrap();
        assert_eq!((gov.previous, gov.current), (100, 300));
        let env = c.dimensions.iter().find(|d| d.dimension == "ENV").unwrap();
        assert_eq!((env.previous, env.current, env.current_count), (0, 10, 1), "a cancelled programme is not counted");
    }

    #[test]
    fn programme_lines_take_pipes_tabs_names_and_rupiah() {
        let got = parse_programmes(
            "Smart Governance | Satu Data | Diskominfo | Rp 1.250.000\n\nekonomi\tPasar\t\t\nsociety|Sekolah",
        )
        .unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!((got[0].dimension.as_str(), got[0].budget), ("GOV", 1_250_000));
        assert_eq!(got[1].dimension, "ECO");
        assert_eq!(got[2].dimension, "SOC");
        assert_eq!(parse_programmes("GOV | ok\nnowhere | x"), Err(2));
        assert_eq!(parse_programmes("GOV | x | y | -5"), Err(1));
        assert_eq!(parse_programmes("GOV | x | y | 12abc"), Err(1));
        assert_eq!(parse_programmes("GOV"), Err(1));
    }

    #[test]
    fn a_review_needs_an_enacted_edition_and_a_later_start() {
        let r = ReviewInput { reason: "Evaluasi lima tahun".into(), start_year: "2025".into() };
        assert!(r.validate(false, Some(2020)).is_err());
        assert!(r.validate(true, Some(2025)).is_err());
        assert_eq!(r.validate(true, Some(2020)).unwrap().start_year, 2025);
    }

    #[test]
    fn an_earlier_edition_is_recorded_before_the_current_one_is_enacted() {
        let mut i = EarlierInput {
            period_start: "2018".into(),
            period_end: "2027".into(),
            regulation_type: "perkada".into(),
            regulation_number: "No. 45".into(),
            regulation_date: "2018-12-20".into(),
            programmes: "GOV | Satu Data".into(),
            ..Default::default()
        };
        let v = i.validate(false).unwrap();
        assert_eq!(v.regulation.as_ref().unwrap().1, "45");
        assert!(i.validate(true).is_err());
        i.period_end = "2017".into();
        assert!(i.validate(false).is_err());
    }
}
