//! Bimtek stage 3: programmes per OPD over the masterplan's ten years — horizon, yearly targets
//! and budgets by funding source, in whole rupiah.

code_enum!(Horizon "programme-horizon" {
    QuickWin = "quick_win",
    Short = "short",
    Medium = "medium",
    Long = "long",
});

code_enum!(FundingSource "funding" {
    Apbd = "apbd",
    Apbn = "apbn",
    Csr = "csr",
    Kpbu = "kpbu",
    Grant = "grant",
    Private = "private",
});

code_enum!(KpiDirection "kpi-direction" {
    Up = "up",
    Down = "down",
    Keep = "keep",
});

/// What a programme link points at. One table (`programme_links`) holds every kind; the kinds
/// with a `ref_id` name the table it refers to ([`LinkKind::table`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// A supporting OPD (`opds`).
    SupportOpd,
    /// A partner by name and helix (no reference).
    Partner,
    /// A stage-1 problem the programme answers (`problems`).
    Problem,
    /// An application of the inventory (`apps`).
    App,
    /// A data set of the inventory (`datasets`).
    Dataset,
    /// An RPJMD mission, goal or target (`plan_items`).
    Rpjmd,
    /// A neighbouring region by name (no reference).
    Neighbour,
}

impl LinkKind {
    pub const ALL: [LinkKind; 7] = [
        LinkKind::SupportOpd,
        LinkKind::Partner,
        LinkKind::Problem,
        LinkKind::App,
        LinkKind::Dataset,
        LinkKind::Rpjmd,
        LinkKind::Neighbour,
    ];

    /// The code stored in `programme_links.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::SupportOpd => "support_opd",
            LinkKind::Partner => "partner",
            LinkKind::Problem => "problem",
            LinkKind::App => "app",
            LinkKind::Dataset => "dataset",
            LinkKind::Rpjmd => "rpjmd",
            LinkKind::Neighbour => "neighbour",
        }
    }

    pub fn parse(s: &str) -> Option<LinkKind> {
        LinkKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The table a link of this kind refers to by `ref_id`; `None` for links by name.
    pub fn table(self) -> Option<&'static str> {
        match self {
            LinkKind::SupportOpd => Some("opds"),
            LinkKind::Problem => Some("problems"),
            LinkKind::App => Some("apps"),
            LinkKind::Dataset => Some("datasets"),
            LinkKind::Rpjmd => Some("plan_items"),
            LinkKind::Partner | LinkKind::Neighbour => None,
        }
    }
}

impl Horizon {
    /// The longest a programme of this horizon should run, in budget years: Quick Win one year,
    /// short term up to 3, medium up to 5, long term the whole masterplan.
    pub fn max_years(self) -> i32 {
        match self {
            Horizon::QuickWin => 1,
            Horizon::Short => 3,
            Horizon::Medium => 5,
            Horizon::Long => crate::plan::MASTERPLAN_YEARS,
        }
    }
}

/// Why a programme's years do not fit its horizon or the masterplan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanError {
    EndBeforeStart,
    OutsideMasterplan,
    QuickWinTooLong,
}

impl SpanError {
    pub fn code(self) -> &'static str {
        match self {
            SpanError::EndBeforeStart => "err-date-order",
            SpanError::OutsideMasterplan => "err-outside-masterplan",
            SpanError::QuickWinTooLong => "err-quick-win-long",
        }
    }
}

/// Check a programme's start and end year against its horizon and the masterplan's ten years.
/// A Quick Win lasts at most one budget year.
pub fn check_span(horizon: Horizon, start: i32, end: i32, masterplan_start: i32) -> Result<(), SpanError> {
    if end < start {
        return Err(SpanError::EndBeforeStart);
    }
    if start < masterplan_start || end > masterplan_start + crate::plan::MASTERPLAN_YEARS - 1 {
        return Err(SpanError::OutsideMasterplan);
    }
    if horizon == Horizon::QuickWin && end > start {
        return Err(SpanError::QuickWinTooLong);
    }
    Ok(())
}

/// Sum whole-rupiah amounts without overflowing: `None` if the total would not fit in an i64.
pub fn total(amounts: impl IntoIterator<Item = i64>) -> Option<i64> {
    amounts.into_iter().try_fold(0i64, |acc, x| acc.checked_add(x))
}

/// A budget matrix: rows (dimension, OPD or funding source) × the masterplan's years, in whole
/// rupiah, with row, column and grand totals (saturating, so a huge plan cannot overflow).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    pub years: Vec<i32>,
    /// (row key, amount per year, row total)
    pub rows: Vec<(String, Vec<i64>, i64)>,
    pub column_totals: Vec<i64>,
    pub total: i64,
}

/// Build a matrix from (row key, year, amount) entries; rows keep the order of `keys`, years
/// outside `years` are ignored.
pub fn matrix(keys: &[String], years: &[i32], entries: &[(String, i32, i64)]) -> Matrix {
    let mut rows: Vec<(String, Vec<i64>, i64)> = keys.iter().map(|k| (k.clone(), vec![0; years.len()], 0)).collect();
    for (key, year, amount) in entries {
        let (Some(r), Some(c)) = (rows.iter().position(|(k, _, _)| k == key), years.iter().position(|y| y == year))
        else {
            continue;
        };
        rows[r].1[c] = rows[r].1[c].saturating_add(*amount);
        rows[r].2 = rows[r].2.saturating_add(*amount);
    }
    let column_totals: Vec<i64> =
        (0..years.len()).map(|c| rows.iter().fold(0i64, |acc, r| acc.saturating_add(r.1[c]))).collect();
    let total = column_totals.iter().fold(0i64, |acc, v| acc.saturating_add(*v));
    Matrix { years: years.to_vec(), rows, column_totals, total }
}

/// A year's plan budget as a share of that year's APBD, in basis points (1/100 of a percent),
/// so 12,34% is 1234 — integers all the way.
pub fn share_bp(amount: i64, apbd: i64) -> Option<i64> {
    (apbd > 0).then(|| ((i128::from(amount) * 10_000 + i128::from(apbd) / 2) / i128::from(apbd)) as i64)
}

#[cfg(test)]
mod matrix_tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn totals_and_shares() {
        let keys = vec!["GOV".to_string(), "LIV".to_string()];
        let m = matrix(
            &keys,
            &[2025, 2026],
            &[
                ("GOV".into(), 2025, 100),
                ("LIV".into(), 2025, 50),
                ("LIV".into(), 2026, 25),
                ("ENV".into(), 2025, 9),
                ("GOV".into(), 2040, 9),
            ],
        );
        assert_eq!(m.rows[0], ("GOV".to_string(), vec![100, 0], 100));
        assert_eq!(m.column_totals, vec![150, 25]);
        assert_eq!(m.total, 175);
        assert_eq!(share_bp(1_234, 10_000), Some(1_234));
        assert_eq!(share_bp(1, 3), Some(3_333));
        assert_eq!(share_bp(5, 0), None);
    }

    proptest! {
        #[test]
        fn row_totals_equal_column_totals(entries in prop::collection::vec((0usize..3, 0usize..4, 0i64..1_000_000_000_000), 0..40)) {
            let keys: Vec<String> = ["A", "B", "C"].iter().map(|s| s.to_string()).collect();
            let years = [2025, 2026, 2027, 2028];
            let e: Vec<(String, i32, i64)> = entries.iter().map(|(k, y, a)| (keys[*k].clone(), years[*y], *a)).collect();
            let m = matrix(&keys, &years, &e);
            prop_assert_eq!(m.rows.iter().map(|r| r.2).sum::<i64>(), m.total);
            prop_assert_eq!(m.column_totals.iter().sum::<i64>(), m.total);
            prop_assert_eq!(m.total, e.iter().map(|x| x.2).sum::<i64>());
        }
    }
}

/// A programme as people know it: its official name, followed by its local brand when it has one
/// that the name does not already contain ("Layanan Kependudukan Daring (Dukcapil Online)").
pub fn named(name: &str, brand: Option<&str>) -> String {
    match brand.map(str::trim).filter(|b| !b.is_empty()) {
        Some(b) if !name.to_lowercase().contains(&b.to_lowercase()) => format!("{name} ({b})"),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_brand_follows_the_name_once() {
        assert_eq!(
            named("Layanan Kependudukan Daring", Some("Dukcapil Online")),
            "Layanan Kependudukan Daring (Dukcapil Online)"
        );
        assert_eq!(named("Sistem Si Cantik", Some("Si Cantik")), "Sistem Si Cantik");
        assert_eq!(named("Portal", Some("  ")), "Portal");
        assert_eq!(named("Portal", None), "Portal");
    }
    use proptest::prelude::*;

    #[test]
    fn link_kinds_round_trip_and_name_their_tables() {
        for k in LinkKind::ALL {
            assert_eq!(LinkKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(LinkKind::parse("opd"), None);
        assert_eq!(LinkKind::Rpjmd.table(), Some("plan_items"));
        assert_eq!(LinkKind::Neighbour.table(), None);
    }

    #[test]
    fn spans() {
        assert_eq!(check_span(Horizon::QuickWin, 2025, 2025, 2025), Ok(()));
        assert_eq!(check_span(Horizon::QuickWin, 2025, 2026, 2025), Err(SpanError::QuickWinTooLong));
        assert_eq!(check_span(Horizon::Long, 2025, 2034, 2025), Ok(()));
        assert_eq!(check_span(Horizon::Long, 2025, 2035, 2025), Err(SpanError::OutsideMasterplan));
        assert_eq!(check_span(Horizon::Short, 2027, 2026, 2025), Err(SpanError::EndBeforeStart));
    }

    proptest! {
        #[test]
        fn totals_are_exact_or_refused(v in prop::collection::vec(0i64..=i64::MAX / 4, 0..8)) {
            match total(v.iter().copied()) {
                Some(t) => prop_assert_eq!(i128::from(t), v.iter().map(|x| i128::from(*x)).sum::<i128>()),
                None => prop_assert!(v.iter().map(|x| i128::from(*x)).sum::<i128>() > i128::from(i64::MAX)),
            }
        }
    }
}
