//! Bimtek stages 2–3, the plan: the masterplan's ten years, the RPJMD/RPD periods they fall
//! in, and the smart city vision, missions, goals and strategies linked to them.

code_enum!(PeriodKind "period-kind" {
    Rpjmd = "rpjmd",
    Rpd = "rpd",
});

code_enum!(RpjmdLevel "level" {
    Mission = "mission",
    Goal = "goal",
    Target = "target",
});

code_enum!(VisionLevel "vision-level" {
    Mission = "mission",
    Goal = "goal",
    Strategy = "strategy",
});

/// A masterplan runs ten years.
pub const MASTERPLAN_YEARS: i32 = 10;

/// A plan period, as the mapping sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub id: i64,
    pub start: i32,
    pub end: i32,
}

/// For each masterplan year, the plan period it falls in (`None`: no period covers it yet,
/// typically the years after the current RPJMD). Periods must not overlap; when they do, the
/// earliest-starting one wins, and [`overlaps`] reports it.
pub fn map_years(start_year: i32, periods: &[Period]) -> Vec<(i32, Option<i64>)> {
    let mut sorted = periods.to_vec();
    sorted.sort_by_key(|p| (p.start, p.id));
    (start_year..start_year + MASTERPLAN_YEARS)
        .map(|y| (y, sorted.iter().find(|p| p.start <= y && y <= p.end).map(|p| p.id)))
        .collect()
}

/// Pairs of periods that share a year.
pub fn overlaps(periods: &[Period]) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    for (i, a) in periods.iter().enumerate() {
        for b in &periods[i + 1..] {
            if a.start <= b.end && b.start <= a.end {
                out.push((a.id, b.id));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_ten_year_plan_spans_two_periods() {
        let p = [Period { id: 1, start: 2021, end: 2026 }, Period { id: 2, start: 2027, end: 2031 }];
        let m = map_years(2025, &p);
        assert_eq!(m.len(), 10);
        assert_eq!(m[0], (2025, Some(1)));
        assert_eq!(m[1], (2026, Some(1)));
        assert_eq!(m[2], (2027, Some(2)));
        assert_eq!(m[7], (2032, None), "after the known periods");
        assert!(overlaps(&p).is_empty());
        assert_eq!(
            overlaps(&[Period { id: 1, start: 2021, end: 2026 }, Period { id: 2, start: 2026, end: 2030 }]),
            [(1, 2)]
        );
    }

    proptest! {
        #[test]
        fn every_year_once_and_within_its_period(start in 2015i32..2040, a in 2010i32..2040, len_a in 0i32..6, len_b in 0i32..6) {
            let p = [Period { id: 1, start: a, end: a + len_a }, Period { id: 2, start: a + len_a + 1, end: a + len_a + 1 + len_b }];
            let m = map_years(start, &p);
            prop_assert_eq!(m.len(), MASTERPLAN_YEARS as usize);
            for (i, (y, id)) in m.iter().enumerate() {
                prop_assert_eq!(*y, start + i as i32);
                if let Some(id) = id {
                    let period = p.iter().find(|x| x.id == *id).unwrap();
                    prop_assert!(period.start <= *y && *y <= period.end);
                } else {
                    prop_assert!(p.iter().all(|x| *y < x.start || *y > x.end));
                }
            }
        }
    }
}
