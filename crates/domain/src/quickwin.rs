//! Quick Win selection: each region weighs its own criteria, the team scores candidates 1–5
//! per criterion, and candidates are ranked by the weighted mean (kept in hundredths, integers).

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
}
