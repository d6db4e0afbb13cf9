//! Implementation monitoring: a programme's yearly status, the red/amber/green rating of a KPI
//! against its target, and the progress roll-up from programme to element, dimension and region.
//! Percentages are whole basis points (10 000 = 100 %) so sums never drift.

use serde::{Deserialize, Serialize};

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
}
