//! Quick Win selection: each region weighs its own criteria, the team scores candidates 1–5
//! per criterion, and candidates are ranked by the weighted mean (kept in hundredths, integers).

use crate::validate::Errors;
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// The criteria a region starts with (code, Indonesian, English, weight). Weights are relative.
pub const DEFAULT_CRITERIA: &[(&str, &str, &str, i32)] = &[
    ("impact", "Dampak bagi warga", "Citizen impact", 30),
    ("urgency", "Urgensi", "Urgency", 20),
    ("feasibility", "Kelayakan pelaksanaan", "Feasibility", 15),
    ("cost", "Biaya (5 = paling murah)", "Cost (5 = cheapest)", 15),
    ("readiness", "Kesiapan (data, SDM, regulasi)", "Readiness (data, people, rules)", 10),
    ("alignment", "Keselarasan dengan RPJMD", "Alignment with the RPJMD", 10),
];

pub const MIN_SCORE: i32 = 1;
pub const MAX_SCORE: i32 = 5;

/// The weighted mean of the scores, ×100 (so 4,25 is 425), rounded half up. `None` until every
/// criterion with a positive weight is scored, or when all weights are zero.
pub fn weighted(criteria: &[(i64, i32)], scores: &[(i64, i32)]) -> Option<i64> {
    let mut sum = 0i64;
    let mut weights = 0i64;
    for (id, w) in criteria.iter().filter(|c| c.1 > 0) {
        let s = scores.iter().find(|s| s.0 == *id)?.1;
        sum += i64::from(*w) * i64::from(s);
        weights += i64::from(*w);
    }
    (weights > 0).then(|| (sum * 100 + weights / 2) / weights)
}

/// Rank candidates by score (highest first; unscored last); ties share a rank (1, 2, 2, 4).
pub fn rank(scores: &[Option<i64>]) -> Vec<Option<usize>> {
    scores.iter().map(|s| s.map(|v| 1 + scores.iter().filter(|o| o.is_some_and(|x| x > v)).count())).collect()
}

/// One row of the criteria form: an existing code (empty for a new row), a name and a weight.
#[derive(Debug, Clone, Default)]
pub struct CriterionInput {
    pub code: String,
    pub name: String,
    pub weight: String,
}

/// A criterion to keep: (existing code or "", name, weight).
pub type ValidCriterion = (String, String, i32);

/// The criteria: rows with an empty name are dropped; weights 0–100, not all zero.
pub fn validate_criteria(rows: &[CriterionInput]) -> Result<Vec<ValidCriterion>, Errors> {
    let mut e = Errors::new();
    let mut valid = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if r.name.trim().is_empty() {
            continue;
        }
        let name = e.text(&format!("criterion.{i}.name"), &r.name, 200);
        let weight = e.integer(&format!("criterion.{i}.weight"), &r.weight, 0, 100).unwrap_or_default() as i32;
        valid.push((r.code.trim().to_string(), name, weight));
    }
    if e.is_empty() && valid.iter().all(|v| v.2 == 0) {
        e.add("criteria", "err-weights", None);
    }
    e.into_result()?;
    Ok(valid)
}

/// A candidate's scores as typed (criterion code → "1".."5"), for the region's criteria
/// (`codes`, in order): the score of each, `None` where left empty.
pub fn validate_scores(codes: &[&str], typed: &HashMap<String, String>) -> Result<Vec<Option<i32>>, Errors> {
    let mut e = Errors::new();
    let scores = codes
        .iter()
        .map(|c| match typed.get(*c).map(|s| s.trim()).unwrap_or_default() {
            "" => None,
            v => e.integer(&format!("score.{c}"), v, MIN_SCORE.into(), MAX_SCORE.into()).map(|s| s as i32),
        })
        .collect();
    e.into_result()?;
    Ok(scores)
}

/// A Quick Win's sheet as typed.
#[derive(Debug, Clone, Default)]
pub struct SheetInput {
    pub selected: bool,
    pub problem: String,
    pub solution: String,
    pub owner: String,
    pub beneficiaries: String,
    pub start_date: String,
    pub months: String,
    pub metric_name: String,
    pub metric_unit: String,
    pub metric_before: String,
    pub metric_target: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub selected: bool,
    pub problem: String,
    pub solution: String,
    pub owner: String,
    pub beneficiaries: String,
    pub start_date: NaiveDate,
    pub months: i32,
    pub metric_name: String,
    pub metric_unit: String,
    pub metric_before: String,
    pub metric_target: String,
}

/// The last day of a Quick Win that starts on `start` and runs `months` months: 1 January for 12
/// months ends on 31 December of the same year, not on the next 1 January.
pub fn end_date(start: NaiveDate, months: i32) -> NaiveDate {
    start
        .checked_add_months(chrono::Months::new(months.clamp(0, 12) as u32))
        .and_then(|d| d.pred_opt())
        .unwrap_or(start)
}

impl SheetInput {
    /// As [`SheetInput::validate`], and the Quick Win's timing: it is done within one fiscal
    /// (calendar) year, and starts no earlier than the plan's first year — the year after the
    /// plan is made (`plan_start`).
    pub fn validate_for(&self, plan_start: Option<i32>) -> Result<Sheet, Errors> {
        let sheet = self.validate()?;
        let mut e = Errors::new();
        let end = end_date(sheet.start_date, sheet.months);
        if end.year() != sheet.start_date.year() {
            e.add("months", "err-qw-one-fiscal-year", Some(i64::from(sheet.start_date.year())));
        }
        if let Some(first) = plan_start {
            if sheet.start_date.year() < first {
                e.add("start_date", "err-qw-before-plan", Some(i64::from(first)));
            }
        }
        e.into_result()?;
        Ok(sheet)
    }

    /// Every field required; a timeline of at most 12 months; the metric's values are numbers.
    pub fn validate(&self) -> Result<Sheet, Errors> {
        let mut e = Errors::new();
        let problem = e.text("problem", &self.problem, 3000);
        let solution = e.text("solution", &self.solution, 3000);
        let owner = e.text("owner", &self.owner, 200);
        let beneficiaries = e.text("beneficiaries", &self.beneficiaries, 1000);
        let start_date = e.date("start_date", &self.start_date);
        let months = e.integer("months", &self.months, 1, 12);
        let metric_name = e.text("metric_name", &self.metric_name, 200);
        let metric_unit = e.text("metric_unit", &self.metric_unit, 60);
        let mut number = |f: &str, raw: &str| {
            if raw.trim().is_empty() {
                e.add(f, "err-required", None);
                return String::new();
            }
            crate::analysis::normalise_number(raw, false).unwrap_or_else(|| {
                e.add(f, "err-decimal", None);
                String::new()
            })
        };
        let metric_before = number("metric_before", &self.metric_before);
        let metric_target = number("metric_target", &self.metric_target);
        e.into_result()?;
        Ok(Sheet {
            selected: self.selected,
            problem,
            solution,
            owner,
            beneficiaries,
            start_date: start_date.unwrap_or_default(),
            months: months.unwrap_or(12) as i32,
            metric_name,
            metric_unit,
            metric_before,
            metric_target,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_mean_in_hundredths() {
        let criteria = [(1, 30), (2, 20), (3, 0)];
        assert_eq!(weighted(&criteria, &[(1, 5), (2, 3)]), Some(420));
        assert_eq!(weighted(&criteria, &[(1, 5)]), None, "incomplete");
        assert_eq!(weighted(&[(1, 0)], &[(1, 5)]), None, "no weight");
        assert_eq!(weighted(&[(1, 1), (2, 2)], &[(1, 4), (2, 5)]), Some(467));
    }

    #[test]
    fn ranks_share_ties_and_put_unscored_last() {
        assert_eq!(rank(&[Some(300), None, Some(450), Some(300)]), vec![Some(2), None, Some(1), Some(2)]);
    }

    #[test]
    fn criteria_scores_and_sheets() {
        let row = |code: &str, name: &str, weight: &str| CriterionInput {
            code: code.into(),
            name: name.into(),
            weight: weight.into(),
        };
        let v = validate_criteria(&[row("impact", "Dampak", "30"), row("", " ", "x"), row("", "Baru", "0")])
            .expect("valid");
        assert_eq!(v, [("impact".to_string(), "Dampak".to_string(), 30), (String::new(), "Baru".to_string(), 0)]);
        let zero = validate_criteria(&[row("impact", "Dampak", "0")]).expect_err("all zero");
        assert_eq!(zero.0[0].field, "criteria");
        let typed = HashMap::from([("impact".to_string(), "4".to_string()), ("cost".to_string(), "9".to_string())]);
        assert_eq!(validate_scores(&["impact", "urgency"], &typed), Ok(vec![Some(4), None]));
        assert_eq!(validate_scores(&["cost"], &typed).expect_err("9").0[0].field, "score.cost");
        let sheet = SheetInput {
            problem: "Antrean".into(),
            solution: "Daring".into(),
            owner: "Disdukcapil".into(),
            beneficiaries: "Warga".into(),
            start_date: "2025-02-01".into(),
            months: "13".into(),
            metric_name: "Waktu layanan".into(),
            metric_unit: "hari".into(),
            metric_before: "14".into(),
            metric_target: "dua".into(),
            selected: true,
        };
        let fields: Vec<_> = sheet.validate().expect_err("bad").0.into_iter().map(|x| x.field).collect();
        assert_eq!(fields, ["months", "metric_target"]);
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(end_date(d("2018-01-01"), 12), d("2018-12-31"));
        assert_eq!(end_date(d("2018-03-15"), 3), d("2018-06-14"));
        let good =
            SheetInput { months: "12".into(), metric_target: "3".into(), start_date: "2018-01-01".into(), ..sheet };
        assert!(good.validate_for(Some(2018)).is_ok());
        let late = SheetInput { start_date: "2018-02-01".into(), ..good.clone() };
        assert_eq!(late.validate_for(Some(2018)).expect_err("spills").0[0].field, "months");
        let early = SheetInput { start_date: "2017-01-01".into(), ..good };
        assert_eq!(early.validate_for(Some(2018)).expect_err("before").0[0].field, "start_date");
    }
}
