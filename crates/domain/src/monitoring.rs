//! Implementation monitoring: a programme's yearly status, the red/amber/green rating of a KPI
//! against its target, and the progress roll-up from programme to element, dimension and region.
//! Percentages are whole basis points (10 000 = 100 %) so sums never drift.

use crate::validate::Errors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

code_enum!(ProgrammeStatus "programme-status" {
    NotStarted = "not_started",
    OnTrack = "on_track",
    AtRisk = "at_risk",
    Late = "late",
    Done = "done",
    Cancelled = "cancelled",
});

impl ProgrammeStatus {
    /// "Executed" in the ministry's Outcome sense: work has started and was not abandoned.
    pub fn executed(self) -> bool {
        matches!(
            self,
            ProgrammeStatus::OnTrack | ProgrammeStatus::AtRisk | ProgrammeStatus::Late | ProgrammeStatus::Done
        )
    }
}

code_enum!(Rag "rag" {
    Green = "green",
    Amber = "amber",
    Red = "red",
    NoData = "none",
});

/// Achievement at or above this (basis points of the target) is green.
pub const GREEN_FROM_BP: i64 = 9_000;
/// Achievement at or above this (and below green) is amber; below it, red.
pub const AMBER_FROM_BP: i64 = 7_000;
/// For "keep" KPIs: within this distance of the target (basis points of it) is green …
pub const KEEP_GREEN_BP: i64 = 500;
/// … and within this, amber.
pub const KEEP_AMBER_BP: i64 = 1_500;

/// How far a KPI's actual is toward its target, in basis points of the target (capped at 100 %).
///
/// Up: actual ÷ target, or with a baseline (actual − baseline) ÷ (target − baseline).
/// Down: the same measured from the baseline downward; without a baseline, target ÷ actual.
/// Keep: 100 % minus the relative distance from the target.
pub fn achievement_bp(direction: &str, baseline: Option<f64>, target: f64, actual: f64) -> Option<i64> {
    let bp = |x: f64| (x * 10_000.0).round().clamp(0.0, 10_000.0) as i64;
    match direction {
        "down" => match baseline {
            Some(b) if b > target => Some(bp((b - actual) / (b - target))),
            _ if actual <= target => Some(10_000),
            _ if actual > 0.0 => Some(bp(target / actual)),
            _ => None,
        },
        "keep" => {
            if target == 0.0 {
                return Some(if actual == 0.0 { 10_000 } else { 0 });
            }
            Some(bp(1.0 - ((actual - target) / target).abs()))
        }
        _ => match baseline {
            Some(b) if target > b => Some(bp((actual - b) / (target - b))),
            _ if target > 0.0 => Some(bp(actual / target)),
            _ => Some(if actual >= target { 10_000 } else { 0 }),
        },
    }
}

/// The colour of a KPI this year. "Keep" KPIs are judged by distance from the target.
pub fn rag(direction: &str, baseline: Option<f64>, target: Option<f64>, actual: Option<f64>) -> Rag {
    let (Some(target), Some(actual)) = (target, actual) else { return Rag::NoData };
    if direction == "keep" {
        let distance = if target == 0.0 { actual.abs() } else { ((actual - target) / target).abs() };
        let d = (distance * 10_000.0).round() as i64;
        return if d <= KEEP_GREEN_BP {
            Rag::Green
        } else if d <= KEEP_AMBER_BP {
            Rag::Amber
        } else {
            Rag::Red
        };
    }
    match achievement_bp(direction, baseline, target, actual) {
        Some(a) if a >= GREEN_FROM_BP => Rag::Green,
        Some(a) if a >= AMBER_FROM_BP => Rag::Amber,
        Some(_) => Rag::Red,
        None => Rag::NoData,
    }
}

/// A programme's progress this year in basis points: done = 100 %, not started = 0, otherwise
/// the mean achievement of its KPIs with data (0 when none reported). Cancelled ones are left
/// out of every roll-up (`None`).
pub fn programme_progress(status: ProgrammeStatus, kpi_achievements: &[i64]) -> Option<i64> {
    match status {
        ProgrammeStatus::Cancelled => None,
        ProgrammeStatus::Done => Some(10_000),
        ProgrammeStatus::NotStarted => Some(0),
        _ if kpi_achievements.is_empty() => Some(0),
        _ => Some(kpi_achievements.iter().sum::<i64>() / kpi_achievements.len() as i64),
    }
}

/// One programme in a roll-up: its progress and its weight (by default its budget that year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weighted {
    pub progress_bp: i64,
    pub weight: i64,
}

/// Weighted mean progress in basis points; `None` when nothing carries weight. A set where every
/// weight is zero (no budget yet) falls back to equal weights so progress still shows.
pub fn roll_up(items: &[Weighted]) -> Option<i64> {
    if items.is_empty() {
        return None;
    }
    let total: i128 = items.iter().map(|w| w.weight.max(0) as i128).sum();
    if total == 0 {
        let n = items.len() as i128;
        return Some((items.iter().map(|w| w.progress_bp as i128).sum::<i128>() / n) as i64);
    }
    let sum: i128 = items.iter().map(|w| w.progress_bp as i128 * w.weight.max(0) as i128).sum();
    Some((sum / total) as i64)
}

/// "83,33 %" from basis points.
pub fn percent_text(bp: i64, lang: &str) -> String {
    format!("{} %", crate::format::hundredths(bp, lang))
}

/// A reporting period as typed: a year, or a quarter of it, and the due date of its reports.
#[derive(Debug, Default, Clone)]
pub struct PeriodInput {
    pub year: String,
    /// "" or "0" for the whole year, 1–4 for a quarter.
    pub quarter: String,
    pub due_date: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidPeriod {
    pub year: i32,
    /// 0 for the whole year.
    pub quarter: i32,
    pub due_date: NaiveDate,
}

impl PeriodInput {
    /// `existing`: the (year, quarter) of the region's periods; one period each.
    pub fn validate(&self, existing: &[(i32, i32)]) -> Result<ValidPeriod, Errors> {
        let mut e = Errors::new();
        let year = e.integer("year", &self.year, 2000, 2100).map(|v| v as i32);
        let quarter = match self.quarter.trim() {
            "" => Some(0),
            q => e.integer("quarter", q, 0, 4).map(|v| v as i32),
        };
        let due_date = e.date("due_date", &self.due_date);
        e.into_result()?;
        let (Some(year), Some(quarter), Some(due_date)) = (year, quarter, due_date) else {
            return Err(Errors::one("year", "err-required"));
        };
        if existing.contains(&(year, quarter)) {
            return Err(Errors::one("year", "err-taken"));
        }
        Ok(ValidPeriod { year, quarter, due_date })
    }
}

/// A programme's report for a period as typed.
#[derive(Debug, Default, Clone)]
pub struct ReportInput {
    pub status: String,
    pub budget_realised: String,
    pub narrative: String,
    /// KPI id → actual as typed ("12,5").
    pub actuals: HashMap<i64, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidReport {
    pub status: ProgrammeStatus,
    pub budget_realised: i64,
    pub narrative: String,
    /// (KPI id, actual) for the programme's KPIs that have one.
    pub actuals: Vec<(i64, String)>,
}

impl ReportInput {
    /// `kpis`: the ids of the programme's KPIs, in order; actuals of other KPIs are ignored.
    pub fn validate(&self, kpis: &[i64]) -> Result<ValidReport, Errors> {
        let mut e = Errors::new();
        let status = e.choice("status", &self.status, ProgrammeStatus::parse);
        let realised = e.rupiah("budget_realised", &self.budget_realised);
        let narrative = e.optional_text("narrative", &self.narrative, 4_000).unwrap_or_default();
        let mut actuals = Vec::new();
        for k in kpis {
            let raw = self.actuals.get(k).map(String::as_str).unwrap_or("").trim();
            if raw.is_empty() {
                continue;
            }
            match crate::analysis::normalise_number(raw, false) {
                Some(v) => actuals.push((*k, v)),
                None => e.add(&format!("actual.{k}"), "err-decimal", None),
            }
        }
        e.into_result()?;
        Ok(ValidReport {
            status: status.unwrap_or(ProgrammeStatus::NotStarted),
            budget_realised: realised.unwrap_or_default(),
            narrative,
            actuals,
        })
    }
}

/// A locked period takes no more reports.
pub fn check_period_open(locked: bool) -> Result<(), Errors> {
    if locked {
        return Err(Errors::one("period", "err-period-locked"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rag_rules_with_worked_examples() {
        // Up, no baseline: 45 of a target of 50 = 90 % → green; 40 = 80 % → amber; 30 → red.
        assert_eq!(rag("up", None, Some(50.0), Some(45.0)), Rag::Green);
        assert_eq!(rag("up", None, Some(50.0), Some(40.0)), Rag::Amber);
        assert_eq!(rag("up", None, Some(50.0), Some(30.0)), Rag::Red);
        // Up from a baseline of 20 toward 60: 50 is 30 of 40 = 75 % → amber.
        assert_eq!(achievement_bp("up", Some(20.0), 60.0, 50.0), Some(7_500));
        // Down: days to issue a birth certificate, 14 → target 2; 3 days is 11 of 12 = 91.67 %.
        assert_eq!(achievement_bp("down", Some(14.0), 2.0, 3.0), Some(9_167));
        assert_eq!(rag("down", Some(14.0), Some(2.0), Some(3.0)), Rag::Green);
        assert_eq!(rag("down", Some(14.0), Some(2.0), Some(5.0)), Rag::Amber); // 9 of 12 = 75 %
        assert_eq!(rag("down", Some(14.0), Some(2.0), Some(6.0)), Rag::Red); // 8 of 12 = 66,67 %
        assert_eq!(rag("down", Some(14.0), Some(2.0), Some(10.0)), Rag::Red);
        assert_eq!(rag("down", None, Some(5.0), Some(4.0)), Rag::Green);
        // Keep 95 %: 96 and 92 are within 5 % → green; 85 (10.5 % off) → amber; 70 → red.
        assert_eq!(rag("keep", None, Some(95.0), Some(96.0)), Rag::Green);
        assert_eq!(rag("keep", None, Some(95.0), Some(92.0)), Rag::Green);
        assert_eq!(rag("keep", None, Some(95.0), Some(85.0)), Rag::Amber);
        assert_eq!(rag("keep", None, Some(95.0), Some(70.0)), Rag::Red);
        assert_eq!(rag("up", None, Some(50.0), None), Rag::NoData);
        // Overshooting counts as 100 %, never more.
        assert_eq!(achievement_bp("up", None, 50.0, 80.0), Some(10_000));
    }

    #[test]
    fn roll_up_is_weighted_by_budget() {
        // Two programmes: 100 % with Rp 3 bn, 0 % with Rp 1 bn → 75 %.
        let items = [
            Weighted { progress_bp: 10_000, weight: 3_000_000_000 },
            Weighted { progress_bp: 0, weight: 1_000_000_000 },
        ];
        assert_eq!(roll_up(&items), Some(7_500));
        // No budget anywhere: equal weights.
        let items = [Weighted { progress_bp: 10_000, weight: 0 }, Weighted { progress_bp: 5_000, weight: 0 }];
        assert_eq!(roll_up(&items), Some(7_500));
        assert_eq!(roll_up(&[]), None);
        assert_eq!(programme_progress(ProgrammeStatus::Cancelled, &[10_000]), None);
        assert_eq!(programme_progress(ProgrammeStatus::OnTrack, &[10_000, 5_000]), Some(7_500));
        assert_eq!(percent_text(8_333, "id"), "83,33 %");
    }

    #[test]
    fn periods_and_reports() {
        let p = PeriodInput { year: "2025".into(), quarter: String::new(), due_date: "2026-01-31".into() };
        assert_eq!(p.validate(&[(2025, 1)]).expect("valid").quarter, 0, "blank is the whole year");
        assert_eq!(p.validate(&[(2025, 0)]).expect_err("taken").0[0].code, "err-taken");
        let q5 = PeriodInput { quarter: "5".into(), ..p };
        assert_eq!(q5.validate(&[]).expect_err("q5").0[0].field, "quarter");
        let r = ReportInput {
            status: "late".into(),
            budget_realised: "1.500.000".into(),
            narrative: " Tertunda lelang ".into(),
            actuals: HashMap::from([(1, "12,5".into()), (2, " ".into()), (9, "x".into())]),
        };
        let v = r.validate(&[1, 2]).expect("valid: KPI 9 is not this programme's");
        assert_eq!(v.actuals, [(1, "12.5".to_string())]);
        assert_eq!(
            (v.status, v.budget_realised, v.narrative.as_str()),
            (ProgrammeStatus::Late, 1_500_000, "Tertunda lelang")
        );
        let codes: Vec<_> = r.validate(&[9]).expect_err("bad").0.into_iter().map(|x| x.field).collect();
        assert_eq!(codes, ["actual.9"]);
    }

    #[test]
    fn locked_periods_refuse() {
        assert!(check_period_open(false).is_ok() && check_period_open(true).is_err());
    }
}
